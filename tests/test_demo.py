"""Tests of the synthetic demo dataset (genrebook.fma.demo.dataset): layout, split, audio, determinism, safety."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

import genrebook
from genrebook.fma.columns import SMALL_GENRES, SPLITS
from genrebook.fma.demo import dataset as demo
from genrebook.fma.demo.dataset import make_demo_dataset
from genrebook.fma.demo.metadata import make_tracks, split_sizes
from genrebook.fma.demo.recipes import RECIPE_VERSION
from genrebook.fma.folders import DEMO_DEFAULTS
from genrebook.fma.metadata import load_genres, load_tracks

N_PER_GENRE, DURATION, SR = 8, 3.0, 22050
SMALL = dict(n_per_genre=3, duration=2.0, seed=5, progress=False)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    """A demo of 64 clips of 3 s, made serially."""
    out = tmp_path_factory.mktemp("demo") / "fma_demo"
    return make_demo_dataset(out, n_per_genre=N_PER_GENRE, seed=0, duration=DURATION, sr=SR, jobs=1, progress=False)


@pytest.fixture(scope="module")
def tracks(root):
    return load_tracks(root / "tracks.csv")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """A tiny demo (24 clips of 2 s) made serially, the reference for determinism checks."""
    return make_demo_dataset(tmp_path_factory.mktemp("small") / "demo", jobs=1, **SMALL)


def _per_artist(tracks: pd.DataFrame, column: tuple[str, str]) -> pd.Series:
    """Number of distinct values of a column for each artist."""
    return tracks[column].astype(str).groupby(tracks["artist", "id"]).nunique()


def _files(root: Path) -> dict[str, bytes]:
    """Every file of a dataset folder, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_layout_has_fma_files(root, tracks):
    assert sorted(p.name for p in root.iterdir()) == ["audio", "dataset.json", "genres.csv", "tracks.csv"]
    mp3s = sorted(p.relative_to(root / "audio").as_posix() for p in (root / "audio").rglob("*.mp3"))
    expected = sorted(f"{tid:06d}"[:3] + f"/{tid:06d}.mp3" for tid in tracks.index)
    assert mp3s == expected
    assert tracks.index.is_unique and tracks.index.is_monotonic_increasing and (tracks.index > 0).all()
    assert not [p for p in root.parent.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_checksums_match_audio(root, tracks):
    lines = (root / "audio" / "checksums").read_text().splitlines()
    assert len(lines) == len(tracks)
    for line in lines:
        sha1, name = line.split("  ")
        assert len(sha1) == 40
        assert hashlib.sha1((root / "audio" / name).read_bytes()).hexdigest() == sha1


def test_tracks_csv_reads_back(tracks):
    required = [("set", "split"), ("set", "subset"), ("track", "genre_top"), ("track", "genres"),
                ("track", "genres_all"), ("track", "title"), ("track", "duration"), ("artist", "id"),
                ("artist", "name"), ("album", "id"), ("track", "date_created")]
    assert set(required) <= set(tracks.columns)
    assert len(tracks) == 8 * N_PER_GENRE
    assert (tracks["set", "subset"] == "small").all()
    assert (tracks["track", "duration"] == round(DURATION)).all()
    assert tracks["track", "date_created"].notna().all()
    assert tracks["artist", "name"].map(len).min() > 0 and tracks["track", "title"].map(len).min() > 0
    columns = [tracks["track", name] for name in ("genre_top", "genres", "genres_all")]
    for top, genres, genres_all in zip(*columns):
        assert 1 <= len(genres) <= 2 and set(genres) <= set(genres_all)
        assert SMALL_GENRES[top] in genres_all


def test_genres_csv_is_a_hierarchy(root, tracks):
    genres = load_genres(root / "genres.csv")
    assert list(genres.columns) == ["#tracks", "parent", "title", "top_level"]
    tops = genres[genres["parent"] == 0]
    assert dict(zip(tops["title"], tops.index)) == SMALL_GENRES
    subs = genres[genres["parent"] != 0]
    assert len(subs) >= 8 and subs["parent"].isin(tops.index).all() and (subs["top_level"] == subs["parent"]).all()
    used = {g for genres_ in tracks["track", "genres"] for g in genres_}
    assert used <= set(genres.index) and used & set(subs.index)  # sub-genres are really used
    counts = {gid: sum(gid in g for g in tracks["track", "genres_all"]) for gid in genres.index}
    assert genres["#tracks"].to_dict() == counts
    assert (tops["#tracks"] == N_PER_GENRE).all()


def test_dataset_json_says_synthetic(root):
    info = json.loads((root / "dataset.json").read_text())
    assert info == {"name": "genrebook-demo (synthetic)", "synthetic": True, "seed": 0, "n_per_genre": N_PER_GENRE,
                    "duration": DURATION, "sr": SR, "generator": "genrebook.demo", "recipe": RECIPE_VERSION,
                    "version": genrebook.__version__}


def test_split_keeps_artists_together_and_genres_everywhere(tracks):
    assert _per_artist(tracks, ("set", "split")).max() == 1
    assert _per_artist(tracks, ("track", "genre_top")).max() == 1
    assert _per_artist(tracks, ("artist", "name")).max() == 1
    assert tracks["artist", "id"].value_counts().max() <= 6
    table = pd.crosstab(tracks["track", "genre_top"].astype(str), tracks["set", "split"])
    assert sorted(table.index) == sorted(SMALL_GENRES) and list(table.columns) == list(SPLITS)
    assert (table == pd.Series(split_sizes(N_PER_GENRE))).all().all()


def test_split_sizes_hold_out_a_quarter_each_and_the_default_demo_tests_160_tracks():
    assert split_sizes(80) == {"training": 40, "validation": 20, "test": 20}
    assert split_sizes(3) == {"training": 1, "validation": 1, "test": 1}
    assert split_sizes(30) == {"training": 14, "validation": 8, "test": 8}
    assert 8 * split_sizes(DEMO_DEFAULTS["n_per_genre"])["test"] >= 160


def test_default_size_artists_have_several_tracks():
    tracks = make_tracks(n_per_genre=30, seed=0, duration=30.0)
    per_artist = tracks["artist", "id"].value_counts()
    assert 2 <= per_artist.median() <= 6 and per_artist.max() <= 6
    assert _per_artist(tracks, ("set", "split")).max() == 1
    assert tracks["artist", "name"].nunique() == tracks["artist", "id"].nunique()


def test_audio_decodes_to_requested_length(root, tracks):
    for tid in tracks.index:
        y, sr = sf.read(root / "audio" / f"{tid:06d}"[:3] / f"{tid:06d}.mp3")
        assert sr == SR and y.ndim == 1
        assert abs(len(y) / sr - DURATION) <= 0.1
        peak, rms = np.abs(y).max(), np.sqrt(np.mean(y**2))
        assert 0.1 < peak < 0.99, tid
        assert rms > 0.01, tid
        assert np.mean(np.abs(y) > 0.98) < 1e-3, tid


def test_same_seed_gives_identical_files(small, tmp_path):
    again = make_demo_dataset(tmp_path / "again", jobs=1, **SMALL)
    assert _files(again) == _files(small)


def test_parallel_equals_serial(small, tmp_path):
    parallel = make_demo_dataset(tmp_path / "parallel", jobs=2, **SMALL)
    assert _files(parallel) == _files(small)


def test_different_seed_gives_different_data(small, tmp_path):
    other = make_demo_dataset(tmp_path / "other", jobs=1, **(SMALL | {"seed": 6}))
    a, b = _files(small), _files(other)
    assert a["tracks.csv"] != b["tracks.csv"]
    assert a["audio/checksums"] != b["audio/checksums"]


def test_existing_demo_with_same_parameters_is_returned_untouched(small):
    before = {p: p.stat().st_mtime_ns for p in small.rglob("*")}
    assert make_demo_dataset(small, jobs=1, **SMALL) == small
    assert {p: p.stat().st_mtime_ns for p in small.rglob("*")} == before


def test_refuses_to_overwrite(small, tmp_path):
    with pytest.raises(FileExistsError, match="same parameters"):
        make_demo_dataset(small, jobs=1, **(SMALL | {"seed": 7}))
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="remove it or choose another folder"):
        make_demo_dataset(foreign, jobs=1, **SMALL)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_fills_an_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    out = make_demo_dataset(tmp_path / "empty", n_per_genre=3, duration=1.0, jobs=1, progress=False)
    assert (out / "dataset.json").is_file()


def test_failure_leaves_nothing_behind(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "write_genres", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        make_demo_dataset(tmp_path / "demo", n_per_genre=3, duration=1.0, jobs=1, progress=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_per_genre": 0}, "n_per_genre must be an integer >= 3"),
        ({"n_per_genre": 2}, "n_per_genre must be an integer >= 3"),
        ({"n_per_genre": 4.0}, "n_per_genre must be an integer"),
        ({"n_per_genre": True}, "n_per_genre must be an integer"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"seed": "0"}, "seed must be a non-negative integer"),
        ({"duration": 0.0}, "duration must be a number of seconds between 1 and 600"),
        ({"duration": float("nan")}, "duration must be"),
        ({"duration": 1e4}, "duration must be"),
        ({"sr": 22000}, "sr must be an MP3 sample rate"),
        ({"jobs": 0}, "jobs must be a non-zero integer"),
    ],
)
def test_bad_arguments_raise_value_error(tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_demo_dataset(tmp_path / "demo", **({"progress": False} | kwargs))
    assert not (tmp_path / "demo").exists()


def test_genres_are_distinguishable_but_not_trivially(root, tracks):
    librosa = pytest.importorskip("librosa")
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rows = []
    for tid in tracks.index:
        y, sr = sf.read(root / "audio" / f"{tid:06d}"[:3] / f"{tid:06d}.mp3", dtype="float32")
        centroid = librosa.feature.spectral_centroid(y=y, sr=sr)[0]
        rms = librosa.feature.rms(y=y)[0]
        onset_rate = len(librosa.onset.onset_detect(y=y, sr=sr)) / DURATION
        mfcc = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=13)
        rows.append([centroid.mean(), centroid.std(), rms.std() / rms.mean(), onset_rate, *mfcc.mean(1), *mfcc.std(1)])
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000))
    labels = tracks["track", "genre_top"].astype(str).to_numpy()
    folds = StratifiedKFold(4, shuffle=True, random_state=0)
    accuracy = cross_val_score(model, np.array(rows), labels, cv=folds).mean()
    assert 0.35 < accuracy < 0.99  # chance is 0.125; classes overlap on purpose


def test_a_demo_from_older_recipes_is_made_again(tmp_path):
    """A demo whose dataset.json names an older recipe version is replaced, extracted files and all."""
    import json

    from genrebook.fma.demo.dataset import make_demo_dataset
    from genrebook.fma.demo.recipes import RECIPE_VERSION

    out = make_demo_dataset(tmp_path / "demo", n_per_genre=3, seed=0, duration=2.0, jobs=1, progress=False)
    info = json.loads((out / "dataset.json").read_text())
    info.pop("recipe")  # as written before recipes had versions
    (out / "dataset.json").write_text(json.dumps(info))
    (out / "extracted").mkdir()
    (out / "extracted" / "features.csv").write_text("stale")
    make_demo_dataset(out, n_per_genre=3, seed=0, duration=2.0, jobs=1, progress=False)
    assert json.loads((out / "dataset.json").read_text())["recipe"] == RECIPE_VERSION
    assert not (out / "extracted").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".demo")]


def test_the_default_folder_follows_new_defaults_but_a_named_folder_is_kept(tmp_path):
    out = make_demo_dataset(tmp_path / "demo", n_per_genre=3, seed=0, duration=2.0, jobs=1, progress=False)
    with pytest.raises(FileExistsError, match="not a demo dataset made with the same parameters"):
        make_demo_dataset(out, n_per_genre=4, seed=0, duration=2.0, jobs=1, progress=False)
    make_demo_dataset(out, n_per_genre=4, seed=0, duration=2.0, jobs=1, progress=False, replace_other=True)
    assert json.loads((out / "dataset.json").read_text())["n_per_genre"] == 4
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "dataset.json").write_text('{"name": "my music", "synthetic": false}')
    with pytest.raises(FileExistsError):
        make_demo_dataset(tmp_path / "mine", n_per_genre=3, duration=2.0, jobs=1, progress=False, replace_other=True)
