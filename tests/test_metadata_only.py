"""Metadata-only FMA (genrebook.fma.subsets): one subset's tracks and official features from fma_metadata.zip alone.

The archive is made here in FMA's real layouts (52-column tracks.csv with a two-row header and
multi-line quoted cells, 518-column features.csv with its three-row header, genres.csv, decoys),
served by the local HTTP server of tests/test_download.py (127.0.0.1 only).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from genrebook.cli import main
from genrebook.features.prepare import prepare_dataset
from genrebook.fma import download, subsets, transfer
from genrebook.fma.columns import SMALL_GENRES, SPLITS, make_feature_columns
from genrebook.fma.dataset import EMPTY_FEATURES, load_dataset
from genrebook.fma.download import Archive, download_fma
from genrebook.fma.folders import FmaName, parse_fma_name, resolve_dataset
from genrebook.fma.metadata import load_features, load_tracks, write_features, write_genres, write_tracks
from genrebook.fma.subsets import filter_features, filter_tracks, join_records, parse_record
from genrebook.fma.transfer import ChecksumError
from tests.helpers import ROOT, make_fma_tracks, make_genre_table
from tests.test_download import Server, leftovers, sha1_of

#: Each test track's subset, interleaved as in FMA's file (sorted by id); None: a track in no subset.
SUBSET_OF = {2: "small", 3: "medium", 5: "small", 10: "large", 20: "medium", 140: "small", 141: "small",
             150: "large", 200: "medium", 201: "medium", 3000: "large", 4000: None}
#: The tracks each subset holds (the smaller subsets are nested in the larger ones).
EXPECTED = {"small": [2, 5, 140, 141], "medium": [2, 3, 5, 20, 140, 141, 200, 201],
            "large": [2, 3, 5, 10, 20, 140, 141, 150, 200, 201, 3000]}
#: A medium track whose features.csv row is empty (FMA has such rows).
EMPTY_ROW = 201
#: A features.csv row of a track that tracks.csv does not list.
STRAY_ROW = 999999
DECOYS = {"echonest.csv": b",echonest\n,audio_features\n,acousticness\ntrack_id,\n2,0.4\n",
          "raw_tracks.csv": b"track_id,track_title\n2,Food\n", "README.txt": b"metadata readme\n"}


def make_tracks() -> pd.DataFrame:
    """All 52 columns; a title with quotes, a comma and a line break; one track in no subset."""
    ids = list(SUBSET_OF)
    tracks = make_fma_tracks(ids, genres=[list(SMALL_GENRES)[i % 8] for i in range(len(ids))],
                             splits=[SPLITS[i % 3] for i in range(len(ids))]).copy()
    tracks[("set", "subset")] = list(SUBSET_OF.values())
    tracks.loc[3, ("track", "title")] = 'He said "hi", then\nleft'
    return tracks


def make_features() -> pd.DataFrame:
    """FMA's 518 columns for every track, a stray row, and an empty row for :data:`EMPTY_ROW`."""
    ids = [*SUBSET_OF, STRAY_ROW]
    values = np.random.default_rng(0).normal(size=(len(ids), 518))
    features = pd.DataFrame(values, index=pd.Index(ids, name="track_id"), columns=make_feature_columns())
    features.loc[EMPTY_ROW] = np.nan
    return features


def write_metadata_zip(path: Path, folder: Path, *, tracks: pd.DataFrame | None = None,
                       leave_out: tuple[str, ...] = ()) -> Path:
    """Write ``fma_metadata.zip`` (members under ``fma_metadata/``) and its source files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_tracks(make_tracks() if tracks is None else tracks, folder / "tracks.csv")
    write_genres(make_genre_table(), folder / "genres.csv")
    write_features(make_features(), folder / "features.csv")
    for name, data in DECOYS.items():
        (folder / name).write_bytes(data)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            if file.name not in leave_out:
                archive.write(file, f"fma_metadata/{file.name}")
    return path


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "server"
    root.mkdir()
    srv = Server(root)
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


@pytest.fixture
def source(tmp_path) -> Path:
    """Where the files zipped into the served archive are kept, for comparisons."""
    return tmp_path / "source"


@pytest.fixture
def archives(server, source) -> dict[str, Archive]:
    """The served fma_metadata.zip and its sha1 (the override the download tests use)."""
    path = write_metadata_zip(server.root / "fma_metadata.zip", source)
    return {"metadata": Archive(path.name, sha1_of(path))}


@pytest.fixture(autouse=True)
def fast_small_reads(monkeypatch):
    """No wait between attempts; 64-byte reads so that half an archive survives a dropped connection."""
    monkeypatch.setattr(transfer, "RETRY_DELAY", 0.0)
    monkeypatch.setattr(transfer, "CHUNK_SIZE", 64)


def fetch(subset, data_dir, server, archives, **kwargs) -> Path:
    return download_fma(subset, data_dir, metadata_only=True, base_url=server.url, progress=False,
                        archives=archives, **kwargs)


def read_records(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as file:
        return list(join_records(file))


@pytest.mark.parametrize("subset", ["small", "medium", "large"])
def test_folder_holds_the_subsets_tracks_and_features_only(tmp_path, server, archives, source, subset):
    data_dir = tmp_path / "data"
    folder = fetch(subset, data_dir, server, archives)

    assert folder == data_dir / f"fma_{subset}_metadata"
    assert sorted(p.name for p in folder.iterdir()) == ["dataset.json", "features.csv", "genres.csv", "tracks.csv"]
    assert json.loads((folder / "dataset.json").read_text()) == {
        "name": f"fma_{subset}'s official features", "subset": subset, "synthetic": False,
        "metadata_only": True, "source": server.url}
    # tracks.csv: FMA's header and the subset's records, byte for byte, in file order
    original, kept = read_records(source / "tracks.csv"), read_records(folder / "tracks.csv")
    assert kept[:3] == original[:3]
    assert kept[3:] == [r for r in original[3:] if int(r.split(",", 1)[0]) in EXPECTED[subset]]
    assert list(load_tracks(folder / "tracks.csv").index) == EXPECTED[subset]
    # features.csv: the header and the same tracks' rows (the stray row and other subsets' rows left out)
    assert (folder / "features.csv").read_text().splitlines()[:4] == (source / "features.csv").read_text().splitlines()[:4]
    features = load_features(folder / "features.csv")
    assert list(features.index) == EXPECTED[subset] and features.shape[1] == 518
    pd.testing.assert_frame_equal(features, load_features(source / "features.csv").loc[EXPECTED[subset]])
    assert (folder / "genres.csv").read_bytes() == (source / "genres.csv").read_bytes()
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads", f"fma_{subset}_metadata"]
    assert sorted(p.name for p in (data_dir / "downloads").iterdir()) == ["fma_metadata.zip"]
    assert server.names() == ["fma_metadata.zip"]

    # a complete folder: no request at all, even with an unreachable URL
    assert download_fma(subset, data_dir, metadata_only=True, base_url="http://127.0.0.1:9/", progress=False,
                        archives=archives) == folder
    assert server.names() == ["fma_metadata.zip"]


def test_folder_loads_and_info_describes_it(tmp_path, server, archives, capsys):
    folder = fetch("medium", tmp_path / "data", server, archives)

    dataset = load_dataset(folder)
    assert dataset.name == "fma_medium's official features" and not dataset.synthetic
    assert dataset.feature_source == "own" and dataset.features.shape == (7, 518)
    assert list(dataset.tracks.index) == [t for t in EXPECTED["medium"] if t != EMPTY_ROW]
    assert dataset.excluded.to_dict() == {EMPTY_ROW: EMPTY_FEATURES}
    assert dataset.tracks["audio"].isna().all() and dataset.tracks["spectrogram"].isna().all()
    assert dataset.tracks.loc[3, "title"] == 'He said "hi", then\nleft'

    assert main(["info", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "dataset: fma_medium's official features (real data)" in out
    assert "features (own features.csv): 518 columns" in out
    assert "tracks whose feature row is empty (excluded): 1" in out
    assert "audio: 0 of 7 tracks" in out


def test_sha1_mismatch_is_refused_before_the_archive_is_opened(tmp_path, server, archives, monkeypatch):
    served = server.root / "fma_metadata.zip"
    data = bytearray(served.read_bytes())
    data[len(data) // 2] ^= 0xFF
    served.write_bytes(bytes(data))
    opened = []
    monkeypatch.setattr(download, "make_metadata_folder", lambda *args, **kwargs: opened.append(args))
    data_dir = tmp_path / "data"

    with pytest.raises(ChecksumError, match=rf"fma_metadata\.zip: sha1 mismatch, expected {archives['metadata'].sha1}"):
        fetch("small", data_dir, server, archives)
    assert opened == []
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads"]
    assert list((data_dir / "downloads").iterdir()) == []


def test_partial_download_is_resumed(tmp_path, server, archives):
    full = (server.root / "fma_metadata.zip").read_bytes()
    half = len(full) // 2
    data_dir = tmp_path / "data"
    (data_dir / "downloads").mkdir(parents=True)
    (data_dir / "downloads" / "fma_metadata.zip.part").write_bytes(full[:half])

    folder = fetch("large", data_dir, server, archives)
    assert server.requests == [("fma_metadata.zip", f"bytes={half}-")]
    assert (data_dir / "downloads" / "fma_metadata.zip").read_bytes() == full
    assert list(load_tracks(folder / "tracks.csv").index) == EXPECTED["large"]
    assert leftovers(data_dir) == []


def test_dropped_connection_is_resumed_within_one_call(tmp_path, server, archives):
    server.truncate_next.add("fma_metadata.zip")
    folder = fetch("small", tmp_path / "data", server, archives)
    (first, first_range), (second, second_range) = server.requests
    assert (first, first_range, second) == ("fma_metadata.zip", None, "fma_metadata.zip")
    assert second_range is not None and second_range.startswith("bytes=")
    assert (folder / "dataset.json").is_file()


@pytest.mark.parametrize("subset, why", [
    ("full", "got 'full' (fma_full holds the same tracks and features as fma_large, only longer audio: use 'large')"),
    ("tiny", "got 'tiny'"), ("SMALL", "got 'SMALL'"), ("metadata", "got 'metadata'"), ("", "got ''"),
])
def test_a_bad_subset_is_one_clear_error_before_any_request(tmp_path, subset, why):
    with pytest.raises(ValueError) as excinfo:
        download_fma(subset, tmp_path, metadata_only=True, base_url="http://127.0.0.1:9/", progress=False)
    assert str(excinfo.value) == ("subset must be one of 'small', 'medium', 'large' for a metadata-only download; "
                                  + why)
    assert list(tmp_path.iterdir()) == []


def test_cli_downloads_metadata_only_and_refuses_full(tmp_path, server, archives, monkeypatch, capsys, caplog):
    monkeypatch.setattr(download, "ARCHIVES", archives)  # the default table, replaced by the test archive's
    data_dir = tmp_path / "data"
    argv = ["download", "--metadata-only", "--data-dir", str(data_dir), "--base-url", server.url, "--no-progress"]

    assert main([*argv, "--subset", "full"]) == 2
    assert "got 'full' (fma_full holds the same tracks and features as fma_large" in caplog.text
    assert not data_dir.exists()

    assert main([*argv, "--subset", "medium"]) == 0
    out = capsys.readouterr().out
    assert out == (f"FMA medium metadata-only dataset (tracks, genres, official features; no audio) ready: "
                   f"{data_dir / 'fma_medium_metadata'}\n")
    assert list(load_tracks(data_dir / "fma_medium_metadata" / "tracks.csv").index) == EXPECTED["medium"]


def test_interrupted_writing_leaves_no_half_folder_and_the_next_run_completes(tmp_path, server, archives,
                                                                              monkeypatch):
    def interrupted(source, dest, track_ids, **kwargs):
        dest.write(next(iter(source)))  # something is written, then the user presses Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(subsets, "filter_features", interrupted)
    data_dir = tmp_path / "data"
    with pytest.raises(KeyboardInterrupt):
        fetch("medium", data_dir, server, archives)
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads"]
    assert leftovers(data_dir) == []

    monkeypatch.undo()
    folder = fetch("medium", data_dir, server, archives)
    assert list(load_features(folder / "features.csv").index) == EXPECTED["medium"]
    assert server.names() == ["fma_metadata.zip"]  # the verified zip is reused


def test_an_incomplete_folder_is_not_taken_for_a_dataset(tmp_path, archives):
    (tmp_path / "fma_small_metadata").mkdir()
    with pytest.raises(FileExistsError, match="fma_small_metadata exists but holds no dataset.json"):
        download_fma("small", tmp_path, metadata_only=True, base_url="http://127.0.0.1:9/", progress=False,
                     archives=archives)


def test_only_the_three_members_are_read_and_nothing_is_extracted(tmp_path, server, archives, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a metadata-only folder must not extract archive members by their own paths")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)
    folder = fetch("small", tmp_path / "data", server, archives)
    assert not any((folder / name).exists() for name in DECOYS)
    assert not any(p.name == "fma_metadata" for p in (tmp_path / "data").rglob("*"))


@pytest.mark.parametrize("broken, message", [
    ("no-subset-column", r"fma_metadata\.zip: fma_metadata/tracks\.csv: the chapters need the tracks\.csv columns "
                         r"set/subset, set/split, track/genre_top; missing: set/subset"),
    ("no-features", r"fma_metadata\.zip lacks fma_metadata/features\.csv; a metadata-only folder needs"),
])
def test_an_archive_without_what_is_needed_is_refused_whole(tmp_path, server, broken, message):
    tracks = make_tracks()
    if broken == "no-subset-column":
        tracks = tracks.drop(columns=[("set", "subset")])
    leave_out = ("features.csv",) if broken == "no-features" else ()
    path = write_metadata_zip(server.root / "fma_metadata.zip", tmp_path / "source", tracks=tracks,
                              leave_out=leave_out)
    data_dir = tmp_path / "data"
    with pytest.raises(ValueError, match=message):
        fetch("small", data_dir, server, {"metadata": Archive(path.name, sha1_of(path))})
    assert sorted(p.name for p in data_dir.iterdir()) == ["downloads"]
    assert leftovers(data_dir) == []


def test_records_keep_quoted_line_breaks_and_their_own_line_endings():
    text = 'h1,h2\r\n2,"a\r\nb ""q""",small\r\n3,plain,large\r\n'
    lines = io.StringIO(text, newline="").readlines()
    assert list(join_records(lines)) == ["h1,h2\r\n", '2,"a\r\nb ""q""",small\r\n', "3,plain,large\r\n"]


def test_filters_read_their_source_once_as_a_stream(tmp_path):
    """A generator of lines is enough: nothing needs the whole file, or its length."""
    write_tracks(make_tracks(), tmp_path / "tracks.csv")
    write_features(make_features(), tmp_path / "features.csv")
    tracks_out, features_out = io.StringIO(newline=""), io.StringIO(newline="")
    with open(tmp_path / "tracks.csv", encoding="utf-8", newline="") as file:
        ids = filter_tracks((line for line in file), tracks_out, "small")
    with open(tmp_path / "features.csv", encoding="utf-8", newline="") as file:
        n = filter_features((line for line in file), features_out, ids)
    assert ids == EXPECTED["small"] and n == 4
    assert len(features_out.getvalue().splitlines()) == 4 + 4


def test_dataset_names_pick_fma_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path))
    assert parse_fma_name("fma-metadata") == FmaName("small", True)
    assert parse_fma_name("fma-metadata:large") == FmaName("large", True)
    assert parse_fma_name("fma:medium") == FmaName("medium", False)
    assert parse_fma_name("demo") is None and parse_fma_name(tmp_path) is None
    assert resolve_dataset("fma") == tmp_path / "fma_small"
    assert resolve_dataset("fma:full") == tmp_path / "fma_full"
    assert resolve_dataset("fma-metadata") == tmp_path / "fma_small_metadata"
    assert resolve_dataset("fma-metadata:medium") == tmp_path / "fma_medium_metadata"
    with pytest.raises(ValueError, match=r"^dataset 'fma-metadata:full': subset must be one of 'small', 'medium', "
                                         r"'large' for a metadata-only download; got 'full' \(fma_full holds"):
        resolve_dataset("fma-metadata:full")
    with pytest.raises(ValueError, match=r"^dataset 'fma:': subset must be one of 'small', 'medium', 'large', "
                                         r"'full'; got ''$"):
        resolve_dataset("fma:")
    with pytest.raises(FileNotFoundError, match=r"or 'fma-metadata' \(FMA's official features without the audio"):
        resolve_dataset(tmp_path / "nowhere")


def test_prepare_downloads_a_missing_metadata_only_dataset(tmp_path, server, archives, monkeypatch):
    monkeypatch.setattr(download, "ARCHIVES", archives)
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path / "home"))
    monkeypatch.setenv("GENREBOOK_FMA_URL", server.url)

    folder = prepare_dataset("fma-metadata:medium", progress=False)
    assert folder == tmp_path / "home" / "fma_medium_metadata" == resolve_dataset("fma-metadata:medium")
    assert sorted(p.name for p in folder.iterdir()) == ["dataset.json", "features.csv", "genres.csv", "tracks.csv"]
    assert prepare_dataset("fma-metadata:medium", progress=False) == folder  # ready: nothing fetched again
    assert server.names() == ["fma_metadata.zip"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("variables, expected", [
    ([], "book --dataset demo --jobs -1 --params book/demo_params.yaml"),
    (["DATASET=fma"], "book --dataset fma --jobs -1"),
    (["DATASET=fma", "SUBSET=medium"], "book --dataset fma:medium --jobs -1"),
    (["DATASET=fma-metadata"], "book --dataset fma-metadata --jobs -1"),
    (["DATASET=fma-metadata", "SUBSET=medium"], "book --dataset fma-metadata:medium --jobs -1"),
    (["DATASET=some/folder", "SUBSET=medium"], "book --dataset some/folder --jobs -1"),
])
def test_make_book_passes_the_subset_to_fma_names(variables, expected):
    done = subprocess.run(["make", "-n", "book", *variables], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    commands = [line.strip() for line in done.stdout.splitlines() if "genrebook book" in line]
    assert commands == [f".venv/bin/genrebook {expected}"]


@pytest.mark.shared
def test_real_tracks_header_and_bios_are_filtered_byte_for_byte(shared_data, tmp_path, server):
    """FMA's real tracks.csv head (682 tracks: 58 small, 136 medium, 488 large; multi-line bios)."""
    real = shared_data / "fma_metadata_real"
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy(real / "tracks_head.csv", source / "tracks.csv")
    shutil.copy(real / "genres.csv", source / "genres.csv")
    ids = load_tracks(source / "tracks.csv").index
    features = pd.DataFrame(np.random.default_rng(1).normal(size=(len(ids), 518)), index=ids,
                            columns=make_feature_columns())
    write_features(features, source / "features.csv")
    path = server.root / "fma_metadata.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in source.iterdir():
            archive.write(file, f"fma_metadata/{file.name}")

    folder = fetch("medium", tmp_path / "data", server, {"metadata": Archive(path.name, sha1_of(path))})
    original, kept = read_records(source / "tracks.csv"), read_records(folder / "tracks.csv")
    column = list(zip(parse_record(original[0]), parse_record(original[1]))).index(("set", "subset"))
    medium = [r for r in original[3:] if parse_record(r)[column] in ("small", "medium")]
    assert kept == original[:3] + medium and len(medium) == 58 + 136
    dataset = load_dataset(folder)
    assert len(dataset.tracks) + len(dataset.excluded) == 194 and dataset.features.shape[1] == 518
