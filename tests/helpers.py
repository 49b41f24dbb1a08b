"""Helpers shared by the tests (and only the tests): FMA-shaped files built from the loaders' own
column definitions, so fixtures and loaders cannot drift, and small deterministic audio datasets.

Imported as a package module (``from tests.helpers import make_fma_tracks``), never through ``sys.path``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import soundfile as sf

from genrebook.fma.audio import make_audio_path
from genrebook.fma.columns import SMALL_GENRES, SPLITS, TRACKS_COLUMNS, make_feature_columns
from genrebook.fma.metadata import write_features, write_genres, write_tracks

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

#: FMA's sixteen top-level genres (fma_medium's) with their ids in the official ``genres.csv``.
TOP_GENRES: dict[str, int] = {**SMALL_GENRES, "Blues": 3, "Classical": 5, "Country": 9, "Easy Listening": 13,
                              "Jazz": 4, "Old-Time / Historic": 8, "Soul-RnB": 14, "Spoken": 20}


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
        frame[("track", "genres")] = [[TOP_GENRES[g]] for g in genres]
    if splits is not None:
        frame[("set", "split")] = list(splits)
    if ("set", "subset") in frame.columns and genres is not None:
        frame[("set", "subset")] = "small"
    frame.columns = pd.MultiIndex.from_tuples(frame.columns)
    return frame


def make_genre_table(names=None) -> pd.DataFrame:
    """Top-level genres in ``genres.csv``'s layout: the eight of fma_small, or ``names`` (of :data:`TOP_GENRES`)."""
    ids = {name: TOP_GENRES[name] for name in (SMALL_GENRES if names is None else names)}
    return pd.DataFrame(
        {"#tracks": 100, "parent": 0, "title": list(ids), "top_level": list(ids.values())},
        index=pd.Index(list(ids.values()), name="genre_id"),
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


#: Genres of :func:`make_world`.
WORLD_GENRES = ["Folk", "Pop", "Rock"]
#: Genres of :func:`make_feature_world`.
FEATURE_WORLD_GENRES = ["Folk", "Hip-Hop", "Pop", "Rock"]
#: The value :func:`make_feature_world` writes into every test row with ``mark_test``.
TEST_MARKER = 1e6


def make_world(n_artists: int = 60, per_artist: int = 5, *, artist_scale: float = 1.0,
               seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tracks of artists with one genre each, split by artist as FMA's official split; features aligned.

    A track's 12 features are its genre's centre, plus its artist's own offset (``artist_scale``),
    plus noise: a model can learn the genre, and better still the artists it has seen.
    """
    rng = np.random.default_rng(seed)
    artist = np.repeat(np.arange(n_artists), per_artist)
    genre_of_artist = np.arange(n_artists) % len(WORLD_GENRES)
    X = (rng.normal(0, 1, (3, 12))[genre_of_artist[artist]] + rng.normal(0, artist_scale, (n_artists, 12))[artist]
         + rng.normal(0, 0.5, (len(artist), 12)))
    split = np.array(["training"] * 8 + ["validation", "test"])[np.repeat(np.arange(n_artists) % 10, per_artist)]
    index = pd.Index(1000 + np.arange(len(artist)) * 3, name="track_id")
    tracks = pd.DataFrame({"split": split, "genre": np.array(WORLD_GENRES)[genre_of_artist[artist]],
                           "artist_id": pd.array(artist, dtype="Int64")}, index=index)
    columns = pd.MultiIndex.from_tuples([("g", "mean", f"{i:02d}") for i in range(12)],
                                        names=["feature", "statistics", "number"])
    return pd.DataFrame(X, index=index, columns=columns), tracks


def make_feature_world(n_per_genre: int = 24, *, seed: int = 0, mark_test: bool = False):
    """Tracks of four genres, official-like split (70/15/15 %), FMA-shaped features in three groups.

    Group ``a`` separates the genres, ``b`` weakly, ``c`` not at all; each has ``mean`` and
    ``std`` statistics. With ``mark_test``, every feature of every test row is :data:`TEST_MARKER`.
    """
    rng = np.random.default_rng(seed)
    n = n_per_genre * len(FEATURE_WORLD_GENRES)
    genre = np.repeat(np.arange(len(FEATURE_WORLD_GENRES)), n_per_genre)
    centre = rng.normal(0, 2, (len(FEATURE_WORLD_GENRES), 4))
    X = np.hstack([centre[genre] + rng.normal(0, 1, (n, 4)),
                   0.4 * centre[genre] + rng.normal(0, 1, (n, 4)),
                   rng.normal(0, 1, (n, 4))])
    position = np.tile(np.arange(n_per_genre), len(FEATURE_WORLD_GENRES)) / n_per_genre
    split = np.where(position < 0.7, "training", np.where(position < 0.85, "validation", "test"))
    index = pd.Index(np.arange(n) * 7 + 2, name="track_id")
    tracks = pd.DataFrame({"split": split, "genre": np.array(FEATURE_WORLD_GENRES)[genre]}, index=index)
    columns = pd.MultiIndex.from_tuples([(g, s, f"{i:02d}") for g in "abc" for s in ("mean", "std") for i in (1, 2)],
                                        names=["feature", "statistics", "number"])
    features = pd.DataFrame(X, index=index, columns=columns)
    if mark_test:
        features.loc[split == "test"] = TEST_MARKER
    return features, tracks


#: Columns of ``tracks.csv`` a features-only dataset of :func:`make_features_dataset` has.
FEATURES_ONLY_COLUMNS = tuple(c for c in TRACKS_COLUMNS if c[:2] in {
    ("set", "split"), ("set", "subset"), ("track", "genre_top"), ("track", "genres"), ("track", "title"),
    ("artist", "id"), ("artist", "name"), ("track", "duration")})

#: Track counts per genre of an unbalanced 16-genre dataset shaped like fma_medium (largest / smallest = 10).
MEDIUM_LIKE_COUNTS: dict[str, int] = dict(zip(sorted(TOP_GENRES), (
    20, 30, 20, 20, 200, 120, 60, 90, 50, 40, 30, 25, 60, 180, 20, 20)))


def make_features_dataset(folder: Path, counts: dict[str, int], *, feature_sizes: dict[str, int] | None = None,
                          empty_splits: tuple[str, ...] = (), name: str = "features only", synthetic: bool = False,
                          subset: str | None = None, seed: int = 0) -> Path:
    """Write a dataset folder with FMA's tracks, genres and features files and no audio or images.

    Parameters
    ----------
    folder : Path
        Where to write (created).
    counts : dict
        ``{genre: n_tracks}``; genres from :data:`TOP_GENRES`.
    feature_sizes : dict, optional
        ``{group: n_coefficients}`` of ``features.csv`` (FMA's 11 groups, 518 columns, by default).
    empty_splits : tuple of str
        Splits left without tracks (their tracks go to training).
    name, synthetic, subset
        What ``dataset.json`` says.
    seed : int

    Each genre's tracks are split 80/10/10 by position; an artist has two tracks, both in one split.
    Every feature is the genre's centre plus noise: models learn the genres, but not perfectly.
    """
    rng = np.random.default_rng(seed)
    genres, splits, artists = [], [], []
    for g, (genre, n) in enumerate(counts.items()):
        for p in range(n):
            part = SPLITS[0] if p % 10 < 8 else SPLITS[1] if p % 10 == 8 else SPLITS[2]
            genres.append(genre)
            splits.append(SPLITS[0] if part in empty_splits else part)
            artists.append(10_000 * (g + 1) + p % 10 + 10 * (p // 20))
    ids = 2 + 3 * np.arange(len(genres))
    tracks = make_fma_tracks(ids, columns=FEATURES_ONLY_COLUMNS, genres=genres, splits=splits, seed=seed)
    tracks[("artist", "id")] = artists
    tracks[("artist", "name")] = [f"Artist {a}" for a in artists]
    columns = make_feature_columns(feature_sizes)
    centres = rng.normal(0, 2.5 / np.sqrt(len(columns)), (len(counts), len(columns)))
    index = {genre: i for i, genre in enumerate(counts)}
    values = centres[[index[g] for g in genres]] + rng.normal(0, 1.5, (len(genres), len(columns)))
    folder.mkdir(parents=True, exist_ok=True)
    write_tracks(tracks, folder / "tracks.csv")
    write_genres(make_genre_table(list(counts)), folder / "genres.csv")
    write_features(pd.DataFrame(values, index=pd.Index(ids, name="track_id"), columns=columns),
                   folder / "features.csv", ndigits=6)
    info = {"name": name, "synthetic": synthetic, **({"subset": subset} if subset else {})}
    (folder / "dataset.json").write_text(json.dumps(info))
    return folder


def make_two_genre_dataset(folder: Path, *, n_per_genre: int = 40, seed: int = 0) -> Path:
    """A features-only dataset of two balanced genres and three small feature groups (no audio, no images)."""
    return make_features_dataset(folder, {"Hip-Hop": n_per_genre, "Rock": n_per_genre},
                                 feature_sizes={"mfcc": 4, "spectral_contrast": 3, "zcr": 1},
                                 name="two genres, features only", seed=seed)
