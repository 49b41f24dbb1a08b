"""Features-only datasets of any size: FMA's files (tracks, genres, 518 feature statistics) without audio,
with FMA's 16 top-level genres in fma_medium's unbalanced proportions.

They stand in for ``genrebook download --metadata-only`` of FMA's medium and large subsets, which
cannot be downloaded here, so that the chapters' costs can be measured at the sizes users bring
(``bench/sizes.py``). The features are random: each genre shifts the mean of a few columns, so
models learn something, but nothing here is music.

Used in: ``bench/sizes.py``, tests of datasets with many unbalanced genres.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from genrebook.fma.columns import make_feature_columns
from genrebook.fma.demo.metadata import make_rng
from genrebook.fma.metadata import write_features, write_genres, write_tracks

#: FMA's 16 top-level genres, their ids in FMA's ``genres.csv``, and their track counts in fma_medium
#: (FMA's README, github.com/mdeff/fma): the proportions of the generated genres.
MEDIUM_GENRES: dict[str, tuple[int, int]] = {
    "Rock": (12, 7103), "Electronic": (15, 6314), "Experimental": (38, 2251), "Hip-Hop": (21, 2201),
    "Folk": (17, 1519), "Instrumental": (1235, 1350), "Pop": (10, 1186), "International": (2, 1018),
    "Classical": (5, 619), "Old-Time / Historic": (8, 510), "Jazz": (4, 384), "Country": (9, 178),
    "Soul-RnB": (14, 154), "Spoken": (20, 118), "Blues": (3, 74), "Easy Listening": (13, 21),
}


#: Shares of the artists in the training, validation and test splits.
SPLIT_SHARES = {"training": 0.8, "validation": 0.1, "test": 0.1}


def count_genre_tracks(n_tracks: int, n_genres: int = 16) -> dict[str, int]:
    """Tracks per genre: the first ``n_genres`` of :data:`MEDIUM_GENRES` in its proportions, each at least 10.

    Examples
    --------
    >>> counts = count_genre_tracks(25000)
    >>> counts["Rock"], counts["Easy Listening"], sum(counts.values())
    (7103, 21, 25000)
    >>> count_genre_tracks(100, 2)
    {'Rock': 53, 'Electronic': 47}
    """
    if not 2 <= n_genres <= len(MEDIUM_GENRES):
        raise ValueError(f"n_genres must be between 2 and {len(MEDIUM_GENRES)}; got {n_genres}")
    names = list(MEDIUM_GENRES)[:n_genres]
    if n_tracks < 10 * n_genres:
        raise ValueError(f"n_tracks must be at least 10 per genre ({10 * n_genres}); got {n_tracks}")
    weights = np.array([MEDIUM_GENRES[g][1] for g in names], dtype=float)
    counts = np.maximum(10, np.floor(weights / weights.sum() * n_tracks)).astype(int)
    counts[0] += n_tracks - counts.sum()
    return dict(zip(names, counts.tolist()))


def make_table_tracks(counts: dict[str, int], *, seed: int, subset: str = "medium") -> pd.DataFrame:
    """``tracks.csv``'s table: track ids, artists of 1 to 8 tracks of one genre, titles, genres, split.

    The split is artist-disjoint, as FMA's: each artist's tracks go to one part, drawn with
    :data:`SPLIT_SHARES` (a genre always has at least one artist in each part).
    """
    rng = make_rng(seed, 0)
    rows, artist_id = [], 0
    parts = list(SPLIT_SHARES)
    for genre, total in counts.items():
        sizes = []
        while sum(sizes) < total:
            sizes.append(int(min(rng.integers(1, 9), max(1, total // 4), total - sum(sizes))))
        splits = rng.choice(parts, size=len(sizes), p=list(SPLIT_SHARES.values()))
        splits[: min(3, len(sizes))] = parts[: min(3, len(sizes))][::-1]
        for size, split in zip(sizes, splits):
            artist_id += 1
            rows += [{("artist", "id"): artist_id, ("artist", "name"): f"Artist {artist_id}",
                      ("set", "split"): str(split), ("set", "subset"): subset,
                      ("track", "genre_top"): genre, ("track", "genres"): [MEDIUM_GENRES[genre][0]],
                      ("track", "genres_all"): [MEDIUM_GENRES[genre][0]],
                      ("track", "title"): f"Track {len(rows) + i + 1}"} for i in range(size)]
    order = rng.permutation(len(rows))
    tracks = pd.DataFrame([rows[i] for i in order])
    tracks.index = pd.Index(np.arange(1, len(rows) + 1) * 3, name="track_id")
    tracks.columns = pd.MultiIndex.from_tuples(tracks.columns)
    return tracks


def make_table_features(tracks: pd.DataFrame, *, seed: int, signal: float = 0.6) -> pd.DataFrame:
    """518 random feature statistics per track; each genre shifts the means of 24 columns by ``signal``."""
    columns = make_feature_columns()
    rng = make_rng(seed, 1)
    genres = tracks["track", "genre_top"].to_numpy()
    values = rng.standard_normal((len(tracks), len(columns)), dtype=np.float32)
    for i, genre in enumerate(pd.unique(genres)):
        shifted = make_rng(seed, 2, i).choice(len(columns), size=24, replace=False)
        values[np.ix_(genres == genre, shifted)] += signal
    return pd.DataFrame(values, index=tracks.index, columns=columns)


def make_features_only_dataset(out: str | os.PathLike, *, n_tracks: int, n_genres: int = 16, seed: int = 0,
                               subset: str = "medium") -> Path:
    """Write a features-only dataset folder: ``tracks.csv``, ``genres.csv``, ``features.csv``, ``dataset.json``.

    Parameters
    ----------
    out : path-like
        The folder (made; must not hold a ``tracks.csv`` already).
    n_tracks, n_genres : int
        Size, and how many of :data:`MEDIUM_GENRES` (in fma_medium's proportions).
    seed : int
    subset : str
        What ``set/subset`` says.

    Returns
    -------
    Path
    """
    out = Path(out)
    if (out / "tracks.csv").exists():
        raise FileExistsError(f"{out} already holds a tracks.csv; choose an empty folder")
    counts = count_genre_tracks(n_tracks, n_genres)
    tracks = make_table_tracks(counts, seed=seed, subset=subset)
    out.mkdir(parents=True, exist_ok=True)
    genres = pd.DataFrame([{"genre_id": gid, "#tracks": counts.get(name, 0), "parent": 0, "title": name,
                            "top_level": gid} for name, (gid, _) in MEDIUM_GENRES.items()]).set_index("genre_id")
    write_genres(genres.sort_index(), out / "genres.csv")
    write_features(make_table_features(tracks, seed=seed), out / "features.csv", ndigits=4)
    write_tracks(tracks, out / "tracks.csv")
    (out / "dataset.json").write_text(
        f'{{"name": "features-only ({n_tracks:,} tracks, {n_genres} genres)", "synthetic": true, '
        f'"generated": "features", "seed": {seed}}}\n')
    return out
