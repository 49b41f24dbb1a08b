"""Column definitions of FMA's metadata files, shared by the loaders, the writers and the test fixtures.

FMA's ``tracks.csv`` has 52 columns under a two-level header (``album``, ``artist``, ``set``,
``track``); ``features.csv`` has 518 columns under a three-level header
(``feature``, ``statistics``, ``number``). Defining them once here keeps the loaders, the demo
dataset, the feature extractor and the tests in agreement.
"""

from __future__ import annotations

import pandas as pd

#: Kinds of ``tracks.csv`` columns: how a loader parses them and how a writer formats them.
KINDS = ("int", "float", "str", "list", "date", "category", "subset", "split")


#: The 52 columns of FMA's ``tracks.csv`` in file order, as ``(top, name, kind)``.
TRACKS_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("album", "comments", "int"),
    ("album", "date_created", "date"),
    ("album", "date_released", "date"),
    ("album", "engineer", "str"),
    ("album", "favorites", "int"),
    ("album", "id", "int"),
    ("album", "information", "str"),
    ("album", "listens", "int"),
    ("album", "producer", "str"),
    ("album", "tags", "list"),
    ("album", "title", "str"),
    ("album", "tracks", "int"),
    ("album", "type", "category"),
    ("artist", "active_year_begin", "date"),
    ("artist", "active_year_end", "date"),
    ("artist", "associated_labels", "str"),
    ("artist", "bio", "str"),
    ("artist", "comments", "int"),
    ("artist", "date_created", "date"),
    ("artist", "favorites", "int"),
    ("artist", "id", "int"),
    ("artist", "latitude", "float"),
    ("artist", "location", "str"),
    ("artist", "longitude", "float"),
    ("artist", "members", "str"),
    ("artist", "name", "str"),
    ("artist", "related_projects", "str"),
    ("artist", "tags", "list"),
    ("artist", "website", "str"),
    ("artist", "wikipedia_page", "str"),
    ("set", "split", "split"),
    ("set", "subset", "subset"),
    ("track", "bit_rate", "int"),
    ("track", "comments", "int"),
    ("track", "composer", "str"),
    ("track", "date_created", "date"),
    ("track", "date_recorded", "date"),
    ("track", "duration", "int"),
    ("track", "favorites", "int"),
    ("track", "genre_top", "category"),
    ("track", "genres", "list"),
    ("track", "genres_all", "list"),
    ("track", "information", "str"),
    ("track", "interest", "int"),
    ("track", "language_code", "category"),
    ("track", "license", "category"),
    ("track", "listens", "int"),
    ("track", "lyricist", "str"),
    ("track", "number", "int"),
    ("track", "publisher", "str"),
    ("track", "tags", "list"),
    ("track", "title", "str"),
)


#: FMA's nested subsets, smallest first: ``small`` is contained in ``medium``, itself in ``large``.
SUBSETS: tuple[str, ...] = ("small", "medium", "large")


#: The official split names, in the order chapters report them.
SPLITS: tuple[str, ...] = ("training", "validation", "test")


#: The eight balanced top-level genres of ``fma_small``, with their FMA genre ids.
SMALL_GENRES: dict[str, int] = {
    "Electronic": 15,
    "Experimental": 38,
    "Folk": 17,
    "Hip-Hop": 21,
    "Instrumental": 1235,
    "International": 2,
    "Pop": 10,
    "Rock": 12,
}


#: Feature groups of FMA's ``features.csv`` and their number of coefficients.
FEATURE_SIZES: dict[str, int] = {
    "chroma_stft": 12,
    "chroma_cqt": 12,
    "chroma_cens": 12,
    "tonnetz": 6,
    "mfcc": 20,
    "rmse": 1,
    "zcr": 1,
    "spectral_centroid": 1,
    "spectral_bandwidth": 1,
    "spectral_contrast": 7,
    "spectral_rolloff": 1,
}


#: FMA's eleven feature groups (``features.csv``), as a set.
FMA_GROUPS = frozenset(FEATURE_SIZES)

#: The seven statistics FMA takes over time of every coefficient.
STATISTICS: tuple[str, ...] = ("mean", "std", "skew", "kurtosis", "median", "min", "max")


#: Names of the three column levels of ``features.csv``.
FEATURE_LEVELS: tuple[str, str, str] = ("feature", "statistics", "number")


def tracks_kinds() -> dict[tuple[str, str], str]:
    """Map each ``tracks.csv`` column to its kind.

    Returns
    -------
    dict
        ``{(top, name): kind}`` for the 52 columns.

    Examples
    --------
    >>> tracks_kinds()[("track", "genres")]
    'list'
    """
    return {(top, name): kind for top, name, kind in TRACKS_COLUMNS}


def make_feature_columns(sizes: dict[str, int] | None = None) -> pd.MultiIndex:
    """Build the sorted three-level column index of a ``features.csv``.

    Parameters
    ----------
    sizes : dict, optional
        ``{group: n_coefficients}``; FMA's 11 groups (518 columns) by default.

    Returns
    -------
    pd.MultiIndex
        Levels ``feature``, ``statistics``, ``number`` (``'01'``, ``'02'``, ...), sorted.

    Examples
    --------
    >>> len(make_feature_columns())
    518
    >>> make_feature_columns({"zcr": 1})[0]
    ('zcr', 'kurtosis', '01')
    """
    sizes = FEATURE_SIZES if sizes is None else sizes
    tuples = [
        (group, stat, f"{i + 1:02d}")
        for group, size in sizes.items()
        for stat in STATISTICS
        for i in range(size)
    ]
    return pd.MultiIndex.from_tuples(tuples, names=FEATURE_LEVELS).sort_values()
