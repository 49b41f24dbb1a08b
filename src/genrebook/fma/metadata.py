"""Read and write FMA's metadata files (``tracks.csv``, ``genres.csv``, ``features.csv``, ``echonest.csv``).

The readers know FMA's real quirks: multi-row headers, Python-literal list columns, dates, an
ordered ``subset`` category, and files that carry only some of the 52 ``tracks.csv`` columns.
The writers produce the same layouts, so a dataset made here reads back like FMA's own.

Used in: every chapter, through :func:`genrebook.fma.dataset.load_dataset`.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import numpy as np
import pandas as pd

from genrebook.files import replace_atomically
from genrebook.fma.checks import check_features_file, check_genres_file, check_tracks_file
from genrebook.fma.columns import FEATURE_LEVELS, SPLITS, SUBSETS, tracks_kinds


def _parse_list(value) -> list:
    """Parse one Python-literal list cell (``'[21, 1235]'``) into a list; empty cells give ``[]``."""
    if isinstance(value, list):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return []
    parsed = ast.literal_eval(value)
    if not isinstance(parsed, list):
        raise ValueError(f"expected a list literal such as '[21, 1235]'; got {value!r}")
    return parsed


def _convert_column(series: pd.Series, kind: str) -> pd.Series:
    """Convert one raw ``tracks.csv`` column to the dtype of its kind."""
    if kind == "list":
        return series.map(_parse_list)
    if kind == "date":
        return pd.to_datetime(series, errors="coerce")
    if kind == "category":
        return series.astype("category")
    if kind == "subset":
        return series.astype(pd.CategoricalDtype(SUBSETS, ordered=True))
    if kind == "split":
        return series.astype(pd.CategoricalDtype(SPLITS))
    if kind == "int":
        return pd.to_numeric(series, errors="coerce").astype("Int64")
    if kind == "float":
        return pd.to_numeric(series, errors="coerce").astype(float)
    return series.astype("object").where(series.notna(), None)


def load_tracks(path: str | os.PathLike, *, require=()) -> pd.DataFrame:
    """Load an FMA ``tracks.csv`` (the full 52-column file or any subset of its columns).

    Parameters
    ----------
    path : path-like
        A file in FMA's layout: two header rows (``album``/``artist``/``set``/``track``, then the
        column names) and a third row holding ``track_id``.
    require : iterable of (str, str)
        Columns the caller needs, as ``(top, name)``; checked from the header before parsing.

    Returns
    -------
    pd.DataFrame [shape=(n_tracks, n_columns)]
        Indexed by integer ``track_id``, with two-level columns. List columns (``genres``,
        ``genres_all``, tags) hold lists, dates are datetimes, ``('set', 'subset')`` is an ordered
        category so that ``tracks['set', 'subset'] <= 'medium'`` selects the nested subsets.
        Columns that FMA does not define are kept as they were read.

    Raises
    ------
    ValueError
        When the file is not in FMA's layout or lacks a required column (see
        :func:`genrebook.fma.checks.check_tracks_header`).
    """
    path = Path(path)
    check_tracks_file(path, require=require)
    raw = pd.read_csv(path, index_col=0, header=[0, 1], low_memory=False)
    kinds = tracks_kinds()
    columns = {col: _convert_column(raw[col], kinds[col]) if col in kinds else raw[col] for col in raw.columns}
    tracks = pd.DataFrame(columns, index=raw.index.astype(int))
    tracks.columns = pd.MultiIndex.from_tuples(tracks.columns)
    tracks.index.name = "track_id"
    return tracks


def load_genres(path: str | os.PathLike) -> pd.DataFrame:
    """Load FMA's ``genres.csv``.

    Parameters
    ----------
    path : path-like
        CSV with header ``genre_id,#tracks,parent,title,top_level``.

    Returns
    -------
    pd.DataFrame [shape=(n_genres, 4)]
        Indexed by ``genre_id``; ``parent`` is 0 for the top-level genres.
    """
    path = Path(path)
    check_genres_file(path)
    return pd.read_csv(path, index_col=0)


def load_features(path: str | os.PathLike) -> pd.DataFrame:
    """Load a ``features.csv`` in FMA's layout (three header rows: feature, statistics, number).

    Parameters
    ----------
    path : path-like
        FMA's official file (518 columns), a derived one, or one written by
        :func:`genrebook.features.prepare.extract_dataset`. Published variants read the same:
        a first header cell ``features`` (mdeff/ntds_2017's copy), any float format.

    Returns
    -------
    pd.DataFrame [shape=(n_tracks, n_columns)]
        Float64 values indexed by ``track_id``, three-level sorted columns, so that
        ``features['mfcc']`` or ``features['mfcc', 'mean']`` select groups. Tracks without
        features keep their row, all NaN.
    """
    path = Path(path)
    check_features_file(path)
    features = pd.read_csv(path, index_col=0, header=[0, 1, 2])
    features.columns = features.columns.set_names(FEATURE_LEVELS)
    features.index = features.index.astype(int)
    features.index.name = "track_id"
    return features.astype(np.float64).sort_index(axis=1)


def load_echonest(path: str | os.PathLike) -> pd.DataFrame:
    """Load FMA's ``echonest.csv`` (three header rows, Echo Nest audio and social features).

    Parameters
    ----------
    path : path-like
        The ``echonest.csv`` of ``fma_metadata.zip``.

    Returns
    -------
    pd.DataFrame
        Indexed by ``track_id`` with three-level columns (``echonest``, group, name).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no echonest.csv at {path}")
    echonest = pd.read_csv(path, index_col=0, header=[0, 1, 2], low_memory=False)
    echonest.index = echonest.index.astype(int)
    echonest.index.name = "track_id"
    return echonest


def _format_column(series: pd.Series, kind: str) -> pd.Series:
    """Format one column the way FMA writes it (lists as literals, dates as ``YYYY-mm-dd HH:MM:SS``)."""
    if kind == "list":
        return series.map(lambda v: repr(list(v)) if isinstance(v, (list, tuple, np.ndarray)) else v)
    if kind == "date":
        return pd.to_datetime(series).dt.strftime("%Y-%m-%d %H:%M:%S")
    return series.astype("object")


def write_tracks(tracks: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write tracks in FMA's ``tracks.csv`` layout, atomically.

    Parameters
    ----------
    tracks : pd.DataFrame
        Two-level columns, indexed by ``track_id``, as returned by :func:`load_tracks`.
    path : path-like
        Destination file.
    """
    kinds = tracks_kinds()
    out = pd.DataFrame(
        {col: _format_column(tracks[col], kinds.get(col, "str")) for col in tracks.columns},
        index=tracks.index,
    )
    out.columns = pd.MultiIndex.from_tuples(tracks.columns)
    out.index.name = "track_id"
    replace_atomically(lambda tmp: out.to_csv(tmp), Path(path))


def write_genres(genres: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write a genre table in FMA's ``genres.csv`` layout, atomically."""
    out = genres.copy()
    out.index.name = "genre_id"
    replace_atomically(lambda tmp: out.to_csv(tmp), Path(path))


def write_features(features: pd.DataFrame, path: str | os.PathLike, *, ndigits: int = 10) -> None:
    """Write features in FMA's ``features.csv`` layout (sorted, ``%.10e`` floats), atomically.

    Parameters
    ----------
    features : pd.DataFrame [shape=(n_tracks, n_columns)]
        Three-level columns named ``feature``, ``statistics``, ``number``.
    path : path-like
        Destination file.
    ndigits : int
        Digits after the decimal point, as FMA's ``%.10e``.
    """
    if tuple(features.columns.names) != FEATURE_LEVELS:
        raise ValueError(f"feature columns must be named {FEATURE_LEVELS}; got {tuple(features.columns.names)}")
    out = features.sort_index(axis=0).sort_index(axis=1)
    out.index.name = "track_id"
    replace_atomically(lambda tmp: out.to_csv(tmp, float_format=f"%.{ndigits}e"), Path(path))
