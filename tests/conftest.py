"""Shared fixtures: FMA-shaped files built from the loaders' own column definitions, small audio datasets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

from genrebook.audio import make_audio_path
from genrebook.columns import SMALL_GENRES, SPLITS, TRACKS_COLUMNS
from genrebook.fma_io import write_genres, write_tracks

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def isolated_data_home(tmp_path_factory):
    """Keep what tests make (demo datasets, trained networks, caches) out of the user's data home.

    Set in the environment so that papermill kernels started by the tests inherit it.
    """
    import os

    previous = os.environ.get("GENREBOOK_DATA")
    os.environ["GENREBOOK_DATA"] = str(tmp_path_factory.mktemp("data_home"))
    yield Path(os.environ["GENREBOOK_DATA"])
    if previous is None:
        os.environ.pop("GENREBOOK_DATA", None)
    else:
        os.environ["GENREBOOK_DATA"] = previous


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real FMA material beside the repository; tests using it skip where it is absent."""
    if not (SHARED_DATA / "README.md").is_file():
        pytest.skip(f"real FMA material not found at {SHARED_DATA} (../shared/data beside the repository)")
    return SHARED_DATA


def _value(kind: str, i: int, rng: np.random.Generator):
    """One plausible cell of a ``tracks.csv`` column kind."""
    genre_ids = list(SMALL_GENRES.values())
    return {
        "int": int(rng.integers(0, 1000)),
        "float": float(rng.normal()),
        "str": f"text {i}, with a comma\nand a second line" if i % 3 == 0 else f"text {i}",
        "list": [int(g) for g in rng.choice(genre_ids, size=1 + i % 3, replace=False)],
        "date": pd.Timestamp("2008-11-26") + pd.Timedelta(days=int(rng.integers(0, 3000))),
        "category": ["Album", "Single Tracks", "Live Performance"][i % 3],
        "subset": ["small", "medium", "large"][i % 3],
        "split": SPLITS[i % 3],
    }[kind]


def make_fma_tracks(ids, *, columns=TRACKS_COLUMNS, seed: int = 0, genres=None, splits=None) -> pd.DataFrame:
    """Build a tracks frame with FMA's column definitions (all 52 columns by default).

    ``genres`` and ``splits`` (sequences aligned to ``ids``) override ``track/genre_top`` and
    ``set/split``; ``columns`` restricts the frame to some of the definitions.
    """
    rng = np.random.default_rng(seed)
    data = {(top, name): [_value(kind, i, rng) for i in range(len(ids))] for top, name, kind in columns}
    frame = pd.DataFrame(data, index=pd.Index(list(ids), name="track_id"))
    if genres is not None:
        frame[("track", "genre_top")] = list(genres)
        frame[("track", "genres")] = [[SMALL_GENRES[g]] for g in genres]
    if splits is not None:
        frame[("set", "split")] = list(splits)
    if ("set", "subset") in frame.columns and genres is not None:
        frame[("set", "subset")] = "small"
    frame.columns = pd.MultiIndex.from_tuples(frame.columns)
    return frame


def make_genre_table() -> pd.DataFrame:
    """The eight fma_small top-level genres in ``genres.csv``'s layout."""
    return pd.DataFrame(
        {"#tracks": 100, "parent": 0, "title": list(SMALL_GENRES), "top_level": list(SMALL_GENRES.values())},
        index=pd.Index(list(SMALL_GENRES.values()), name="genre_id"),
    )


def synthesize_clip(track_id: int, *, seconds: float = 6.0, sr: int = 22050) -> np.ndarray:
    """A short deterministic test signal: two tones and a little noise, different per track."""
    rng = np.random.default_rng(track_id)
    t = np.arange(int(seconds * sr)) / sr
    f0 = 110.0 * (1 + track_id % 7) * (1 + 0.5 * t / seconds)  # a slow glide through every pitch class
    phase = 2 * np.pi * np.cumsum(f0) / sr
    y = 0.3 * np.sin(phase) + 0.2 * np.sin(2.5 * phase) * (t % 0.5 < 0.25)
    return (y + 0.05 * rng.standard_normal(len(t))).astype(np.float32)


def make_audio_dataset(folder: Path, ids, *, seconds: float = 6.0, own_features: bool = False) -> Path:
    """Write a small dataset folder: tracks.csv, genres.csv, dataset.json and one mp3 per track."""
    genres = [list(SMALL_GENRES)[i % 8] for i in range(len(ids))]
    splits = [SPLITS[i % 3] for i in range(len(ids))]
    columns = [c for c in TRACKS_COLUMNS if c[:2] in {("set", "split"), ("set", "subset"), ("track", "genre_top"),
                                                        ("track", "genres"), ("track", "title"), ("artist", "id"),
                                                        ("artist", "name")}]
    folder.mkdir(parents=True, exist_ok=True)
    write_tracks(make_fma_tracks(ids, columns=columns, genres=genres, splits=splits), folder / "tracks.csv")
    write_genres(make_genre_table(), folder / "genres.csv")
    (folder / "dataset.json").write_text(json.dumps({"name": "test set", "synthetic": True}))
    for track_id in ids:
        path = make_audio_path(folder / "audio", track_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        sf.write(path, synthesize_clip(track_id, seconds=seconds), 22050, format="MP3")
    return folder


@pytest.fixture
def audio_dataset(tmp_path) -> Path:
    """Eight tracks with 6-s mp3 clips."""
    return make_audio_dataset(tmp_path / "ds", [2, 5, 140, 141, 1000, 1001, 20000, 155066])


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory) -> Path:
    """A tiny synthetic demo dataset (5 clips of 8 s per genre), extracted: the chapters' test data."""
    from genrebook.datasets import extract_dataset
    from genrebook.demo import make_demo_dataset

    folder = make_demo_dataset(tmp_path_factory.mktemp("tiny") / "demo", n_per_genre=5, seed=0, duration=8.0,
                               jobs=2, progress=False)
    extract_dataset(folder, jobs=2, progress=False)
    return folder


@pytest.fixture(scope="session")
def genrebook_kernel() -> str:
    """Make sure the chapters' Jupyter kernel is installed in this environment (``make`` does it too)."""
    import subprocess
    import sys

    from jupyter_client.kernelspec import KernelSpecManager

    from genrebook.runner import KERNEL_NAME

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL_NAME],
                       check=True, capture_output=True)
    return KERNEL_NAME
