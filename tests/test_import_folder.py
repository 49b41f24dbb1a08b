"""Your own music: `genrebook import-folder` on generated genre folders of several formats, then the book."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
import yaml

from genrebook.cli import main
from genrebook.fma.audio import AUDIO_EXTENSIONS, find_audio_files
from genrebook.fma.dataset import find_audio_clips, load_dataset
from genrebook.fma.importing import import_folder
from genrebook.fma.metadata import load_genres, load_tracks
from genrebook.fma.splitfile import read_split
from tests.helpers import ROOT

#: libsndfile's name of each format the importer reads; AU carries no tags.
FORMATS = {"wav": "WAV", "flac": "FLAC", "ogg": "OGG", "au": "AU", "mp3": "MP3"}


def write_clip(path: Path, genre: int, number: int, *, seconds: float = 6.0, tags: dict | None = None,
               sr: int = 22050) -> None:
    """A sine and noise mix whose pitch, brightness and rhythm depend on the genre, in the format of the suffix."""
    rng = np.random.default_rng(1000 * genre + number)
    t = np.arange(int(seconds * sr)) / sr
    pitch = (110, 330, 880)[genre % 3] * (1 + 0.05 * rng.random())
    beat = (t * (1.5 + genre)) % 1 < 0.3
    y = 0.3 * np.sin(2 * np.pi * pitch * t) + (0.05 + 0.1 * genre) * rng.standard_normal(len(t)) * beat
    path.parent.mkdir(parents=True, exist_ok=True)
    with sf.SoundFile(path, "w", sr, 1, format=FORMATS[path.suffix.lower().lstrip(".")]) as handle:
        for key, value in (tags or {}).items():
            setattr(handle, key, value)
        handle.write((0.8 * y / np.abs(y).max()).astype(np.float32))


def make_music_folder(root: Path, genres=("Rock", "Jazz", "Hip-Hop"), per_genre: int = 5, *,
                      seconds: float = 6.0) -> Path:
    """Genre folders with every format, tags where the format keeps them, a sub-folder, and a few non-tracks."""
    formats = list(FORMATS)
    for g, genre in enumerate(genres):
        for i in range(per_genre):
            ext = formats[(i + g) % len(formats)]
            tags = {} if ext == "au" or i == 2 else {"title": f"{genre} tune {i}", "artist": f"{genre} band {i // 2}"}
            if tags and ext != "mp3":  # libsndfile writes no copyright into MP3
                tags["copyright"] = "Attribution: http://creativecommons.org/licenses/by-sa/4.0/"
            folder = root / genre / ("live" if i == per_genre - 1 else "")
            write_clip(folder / f"{i:02d} take.{ext.upper() if i == 3 else ext}", g, i, seconds=seconds, tags=tags)
    (root / genres[0] / "broken.mp3").write_bytes(b"this is not audio " * 200)
    (root / genres[0] / "cover.jpg").write_bytes(b"\xff\xd8 not a picture")
    (root / genres[1] / ".hidden.wav").write_bytes(b"")
    (root / "notes.txt").write_text("not in a genre folder\n")
    return root


@pytest.fixture(scope="module")
def music(tmp_path_factory) -> Path:
    return make_music_folder(tmp_path_factory.mktemp("music") / "My Music")


@pytest.fixture(scope="module")
def imported(music, tmp_path_factory):
    return import_folder(music, tmp_path_factory.mktemp("imported") / "mine", jobs=1, progress=False)


def test_every_audio_file_becomes_a_track_with_a_deterministic_id(music, imported):
    tracks = load_tracks(imported.out / "tracks.csv")
    audio = sorted(p.relative_to(music).as_posix() for p in music.rglob("*")
                   if p.suffix.lower() in AUDIO_EXTENSIONS and not p.name.startswith("."))
    assert len(audio) == 16 and sorted(imported.sources.values()) == [a for a in audio if a != "Rock/broken.mp3"]
    assert imported.sources == {i + 1: a for i, a in enumerate(audio) if a != "Rock/broken.mp3"}  # ids: sorted paths
    assert tracks.index.tolist() == sorted(imported.sources)
    assert tracks["track", "genre_top"].value_counts().to_dict() == {"Hip-Hop": 5, "Jazz": 5, "Rock": 5}
    genres = load_genres(imported.out / "genres.csv")
    assert genres["title"].tolist() == ["Hip-Hop", "Jazz", "Rock"] and (genres["parent"] == 0).all()
    assert tracks["track", "genres"].map(len).eq(1).all()
    assert imported.ignored == 3  # cover.jpg, .hidden.wav, notes.txt (broken.mp3 is skipped, not ignored)
    info = json.loads((imported.out / "dataset.json").read_text())
    assert info["name"] == "mine" and info["synthetic"] is False


def test_audio_is_linked_not_copied(music, imported):
    links = sorted((imported.out / "audio").rglob("*.*"))
    assert len(links) == 15 and all(p.is_symlink() for p in links)
    assert {p.suffix for p in links} == set(AUDIO_EXTENSIONS)  # .WAV and .FLAC become lower case
    for track_id, relative in imported.sources.items():
        link = next(p for p in links if p.stem == f"{track_id:06d}")
        assert link.resolve() == (music / relative).resolve() and link.parent.name == f"{track_id:06d}"[:3]


def test_tags_give_title_artist_and_licence_and_the_file_name_is_the_fallback(imported):
    tracks = load_tracks(imported.out / "tracks.csv")
    by_file = {imported.sources[t]: row for t, row in tracks.iterrows()}
    flac = by_file["Jazz/00 take.flac"]
    assert (flac["track", "title"], flac["artist", "name"], flac["track", "license"]) == \
        ("Jazz tune 0", "Jazz band 0", "CC BY-SA 4.0")
    mp3 = by_file["Jazz/03 take.MP3"]
    assert (mp3["track", "title"], mp3["artist", "name"]) == ("Jazz tune 3", "Jazz band 1")
    assert pd.isna(mp3["track", "license"])
    untagged = by_file["Hip-Hop/02 take.mp3"]
    assert untagged["track", "title"] == "02 take" and pd.isna(untagged["artist", "name"])
    au = [row for rel, row in by_file.items() if rel.lower().endswith(".au")]
    assert len(au) == 3 and all(pd.isna(row["artist", "name"]) for row in au)
    assert tracks["track", "duration"].eq(6).all() and imported.n_titled == 10
    same_artist = tracks["artist", "id"].groupby(tracks["artist", "name"]).nunique()
    assert same_artist.eq(1).all() and tracks["artist", "id"].nunique() == 8


def test_undecodable_files_are_reported_not_fatal(imported):
    assert list(imported.skipped) == ["Rock/broken.mp3"]
    assert "cannot decode audio" in imported.skipped["Rock/broken.mp3"]
    record = json.loads((imported.out / "import.json").read_text())
    assert record["skipped"] == imported.skipped and record["audio"] == "symbolic links to the files under root"
    assert len(record["tracks"]) == 15


def test_the_import_is_split_and_the_loader_finds_every_format(imported):
    parts = read_split(imported.out)
    tracks = load_tracks(imported.out / "tracks.csv")
    assert parts.index.tolist() == tracks.index.tolist()
    artists = pd.DataFrame({"artist": tracks["artist", "name"], "split": parts}).dropna()
    assert artists.groupby("artist")["split"].nunique().eq(1).all()
    dataset = load_dataset(imported.out)
    assert dataset.split_source == "split.csv" and len(dataset.tracks) == 15
    assert dataset.tracks["audio"].notna().all()
    assert {Path(p).suffix for p in dataset.tracks["audio"]} == set(AUDIO_EXTENSIONS)
    clips, excluded = find_audio_clips(imported.out)
    assert len(clips) == 15 and excluded == {}
    assert find_audio_files(imported.out / "audio", [1, 999]) == {1: clips[1]}


def test_info_summarises_the_imported_folder(imported, capsys):
    assert main(["info", str(imported.out)]) == 0
    out = capsys.readouterr().out
    assert "dataset: mine (real data)" in out
    assert "tracks: 15 (training" in out and "3 genres" in out
    assert "split: split.csv, made by `genrebook split`: seed 0, 80/10/10 % per genre, artists kept apart" in out
    assert "audio: 15 of 15 tracks (100.0 %)" in out


def test_importing_again_gives_the_same_files(music, imported, tmp_path):
    again = import_folder(music, tmp_path / "again", jobs=2, progress=False)
    for name in ("tracks.csv", "genres.csv", "split.csv", "split.json"):
        assert (again.out / name).read_bytes() == (imported.out / name).read_bytes(), name


def test_the_command_prints_the_split_and_lists_skipped_files_at_the_end(music, tmp_path, capsys):
    out = tmp_path / "cli"
    assert main(["import-folder", str(music), "--out", str(out), "--jobs", "1", "--no-progress", "--seed", "2"]) == 0
    text = capsys.readouterr().out
    assert f"imported 15 tracks of 3 genres from {music} into {out}" in text
    assert "audio/ holds symbolic links" in text and "split: seed 2, 80/10/10 % per genre" in text
    assert f"next: genrebook book --dataset {out}" in text
    assert text.rstrip().splitlines()[-2:][0].startswith("skipped 1 file that could not be used")
    assert text.rstrip().splitlines()[-1].startswith("  Rock/broken.mp3: cannot decode audio")


def make_two_genres(root: Path) -> Path:
    for g, genre in enumerate(("Pop", "Rock")):
        write_clip(root / genre / "a.wav", g, 0)
    return root


def test_refuses_an_out_folder_that_is_not_empty_or_inside_root(tmp_path, caplog):
    root = make_two_genres(tmp_path / "root")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="busy exists and is not empty"):
        import_folder(root, busy, jobs=1, progress=False)
    assert (busy / "keep.txt").read_text() == "mine"
    with pytest.raises(ValueError, match="lies inside .*root: it would be read as a genre folder"):
        import_folder(root, root / "Pop" / "out", jobs=1, progress=False)
    (tmp_path / "empty").mkdir()
    assert import_folder(root, tmp_path / "empty", jobs=1, progress=False).tracks.shape[0] == 2


def test_refuses_a_root_with_fewer_than_two_genre_folders(tmp_path, caplog):
    write_clip(tmp_path / "root" / "Pop" / "a.wav", 0, 0)
    (tmp_path / "root" / "Empty").mkdir()
    (tmp_path / "root" / "loose.wav").write_bytes(b"")
    assert main(["import-folder", str(tmp_path / "root"), "--out", str(tmp_path / "out")]) == 2
    assert "must hold at least 2 genre folders with audio files (.mp3, .wav, .flac, .ogg, .au); found 1: Pop" \
        in caplog.text
    assert not (tmp_path / "out").exists()
    with pytest.raises(FileNotFoundError, match="is not a folder; give a folder of genre folders"):
        import_folder(tmp_path / "nowhere", tmp_path / "out")


def test_refuses_genres_that_are_only_noise(tmp_path):
    root = make_two_genres(tmp_path / "root")
    (root / "Rock" / "a.wav").write_bytes(b"RIFF garbage")
    with pytest.raises(ValueError, match="fewer than 2 genres have a file that can be decoded \\(Pop\\)"):
        import_folder(root, tmp_path / "out", jobs=1, progress=False)
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.tmp-*"))


@pytest.mark.parametrize("names, message", [
    (["Pop", "Rock\nRoll"], "a genre folder's name must be plain text without control characters"),
    (["Pop", "Rock "], "surrounding spaces; got 'Rock '"),
    (["Pop", "Rock", "rock"], "genre folders 'Rock' and 'rock' differ only by case"),
])
def test_refuses_odd_genre_folder_names(tmp_path, names, message):
    for g, name in enumerate(names):
        write_clip(tmp_path / "root" / name / "a.wav", g, 0)
    if not all((tmp_path / "root" / n).is_dir() for n in names):
        pytest.skip("this file system folds the names together")
    with pytest.raises(ValueError, match=message):
        import_folder(tmp_path / "root", tmp_path / "out", jobs=1, progress=False)


def test_extract_reads_every_format_through_the_links(imported, tmp_path):
    from genrebook.features.prepare import extract_dataset

    report = extract_dataset(imported.out, out=tmp_path / "extracted", jobs=2, progress=False)
    assert report.n_features == 15 and report.failed == {}


@pytest.mark.slow  # 163 s on 2 cores (import, extraction, every chapter, the build): past the fast suite's budget
def test_the_book_builds_on_an_imported_folder(tmp_path, genrebook_kernel):
    """Three genres of 14 generated tracks: import, extract, run every chapter with the demo's parameters, build."""
    from genrebook.book.build import build_book, list_toc_files
    from genrebook.book.reader import find_reader_defects
    from genrebook.book.runner import run_chapters
    from genrebook.features.prepare import extract_dataset

    start = time.perf_counter()
    music = make_music_folder(tmp_path / "music", per_genre=14, seconds=8.0)
    report = import_folder(music, tmp_path / "mine", jobs=2, progress=False)
    extract_dataset(report.out, jobs=2, progress=False)
    params = yaml.safe_load((ROOT / "book" / "demo_params.yaml").read_text())
    run = tmp_path / "run"
    run_chapters(dataset=str(report.out), out=run, overrides=params)
    root = tmp_path / "bookroot"
    root.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("*.ipynb", "*.json"))
    for notebook in run.glob("*.ipynb"):
        shutil.copy(notebook, root / "book" / notebook.name)
    html = build_book(root, run_dir=run)
    for page in list_toc_files(root):
        text = (html / f"{page}.html").read_text()
        assert "Traceback (most recent call last)" not in text, page
    assert find_reader_defects(html, list_toc_files(root)) == []
    results = json.loads((run / "results.json").read_text())
    assert results["01_data.n_tracks"] == 42 and results["01_data.n_genres"] == 3
    print(f"imported-folder book: {time.perf_counter() - start:.0f} s on {os.cpu_count()} cores")
