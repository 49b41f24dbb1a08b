"""Genres beyond the top-level label: tracks with several genres, which top-level genres occur
together, and the most frequent genre pairs.

Used in: 02_limitations.
"""

from __future__ import annotations

import itertools
from collections import Counter

import pandas as pd


def derive_genres_all(genre_lists: pd.Series, genres: pd.DataFrame) -> pd.Series:
    """Add every ancestor to each track's genre ids, as FMA's ``genres_all`` column does.

    Parameters
    ----------
    genre_lists : pd.Series
        Lists of genre ids per track (``tracks['genres']``).
    genres : pd.DataFrame
        ``genres.csv`` with column ``parent`` (0 for a root).

    Returns
    -------
    pd.Series
        Sorted lists of ids, same index.

    Examples
    --------
    >>> table = pd.DataFrame({"parent": [0, 12, 25]}, index=[12, 25, 85])
    >>> derive_genres_all(pd.Series([[85], [12]]), table).tolist()
    [[12, 25, 85], [12]]
    """
    parent = genres["parent"].to_dict()

    def ancestors(genre_id):
        seen = {genre_id}
        while parent.get(genre_id, 0) not in (0, *seen):
            genre_id = parent[genre_id]
            seen.add(genre_id)
        return seen

    return genre_lists.map(lambda ids: sorted(set().union(*(ancestors(int(i)) for i in ids))))


def select_genres_all(tracks: pd.DataFrame, genres: pd.DataFrame) -> tuple[pd.Series, str]:
    """Return the tracks' ``genres_all`` lists and where they came from.

    Returns
    -------
    genres_all : pd.Series
        Lists of genre ids: the ``genres_all`` column where ``tracks.csv`` fills it, else
        :func:`derive_genres_all` of ``genres``.
    source : str
        ``'tracks.csv'`` or ``'derived from genres and the genre tree'``.
    """
    if tracks["genres_all"].map(len).sum() > 0:
        return tracks["genres_all"], "tracks.csv"
    return derive_genres_all(tracks["genres"], genres), "derived from genres and the genre tree"


def map_to_top_levels(genre_lists: pd.Series, genres: pd.DataFrame) -> pd.Series:
    """Replace each track's genre ids by the sorted titles of their top-level genres.

    Ids missing from ``genres.csv`` are dropped.

    Examples
    --------
    >>> table = pd.DataFrame({"title": ["Rock", "Punk", "Pop"], "top_level": [12, 12, 10]}, index=[12, 25, 10])
    >>> map_to_top_levels(pd.Series([[25, 12], [25, 10, 99]]), table).tolist()
    [['Rock'], ['Pop', 'Rock']]
    """
    top = genres["top_level"].to_dict()
    title = genres["title"].to_dict()
    return genre_lists.map(lambda ids: sorted({title.get(top[i], str(top[i])) for i in ids if i in top}))


def count_multi_genre(tracks: pd.DataFrame, genres: pd.DataFrame) -> pd.DataFrame:
    """Count tracks with several genres: in ``genres``, in ``genres_all``, and at the top level.

    Returns
    -------
    pd.DataFrame [shape=(3, 4)]
        Rows ``genres``, ``genres_all``, ``top-level genres``; columns ``source``, ``tracks with
        labels``, ``tracks with several``, ``share with several`` (NaN where no track is labelled).
    """
    genres_all, source = select_genres_all(tracks, genres)
    columns = {"genres": (tracks["genres"], "tracks.csv"), "genres_all": (genres_all, source),
               "top-level genres": (map_to_top_levels(genres_all, genres), "genres_all mapped to top_level")}
    rows = {}
    for name, (lists, origin) in columns.items():
        sizes = lists.map(len)
        labelled, several = int((sizes > 0).sum()), int((sizes > 1).sum())
        rows[name] = {"source": origin, "tracks with labels": labelled, "tracks with several": several,
                      "share with several": several / labelled if labelled else float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("column")


def compute_top_level_cooccurrence(tracks: pd.DataFrame, genres: pd.DataFrame) -> pd.DataFrame:
    """Share of each ``genre_top``'s tracks that also carry each top-level genre.

    Every genre id of a track's ``genres_all`` (see :func:`select_genres_all`) is mapped to its
    top-level genre through ``genres.csv``'s ``top_level``.

    Returns
    -------
    pd.DataFrame [shape=(n_genre_top, n_top_levels)]
        Index ``genre_top`` (sorted), columns ``also carries``: the genre_top values first, then
        other top-level genres met in the lists. The diagonal is the share that carry their own
        root; off the diagonal, the co-occurrence.
    """
    genres_all, _ = select_genres_all(tracks, genres)
    pairs = pd.DataFrame({"genre_top": tracks["genre"], "also carries": map_to_top_levels(genres_all, genres)})
    pairs = pairs.explode("also carries").dropna()
    rows = sorted(tracks["genre"].dropna().unique())
    others = sorted(set(pairs["also carries"]) - set(rows))
    counts = pd.crosstab(pairs["genre_top"], pairs["also carries"]).reindex(index=rows, columns=rows + others,
                                                                          fill_value=0)
    shares = counts.div(tracks["genre"].value_counts().reindex(rows), axis=0).astype(float)
    shares.index.name, shares.columns.name = "genre_top", "also carries"
    return shares


def rank_cooccurrences(matrix: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """List the largest off-diagonal entries of :func:`compute_top_level_cooccurrence`.

    Returns
    -------
    pd.DataFrame [shape=(<=n, 3)]
        Columns ``genre_top``, ``also carries``, ``share``, highest first; only pairs that occur.
    """
    long = matrix.stack().rename("share").reset_index()
    long = long[(long["genre_top"] != long["also carries"]) & (long["share"] > 0)]
    return long.sort_values("share", ascending=False, kind="stable").head(n).reset_index(drop=True)


def count_genres_per_track(tracks: pd.DataFrame, *, most: int = 3) -> pd.DataFrame:
    """Share of each genre's tracks tagged with one, two, ... or ``most`` or more genres (``genres``).

    Tracks without any genre in ``genres`` are left out of the shares.

    Parameters
    ----------
    tracks : pd.DataFrame
        With ``genre`` (the label) and ``genres`` (lists of genre ids, any level of the tree).
    most : int
        The last column counts tracks with at least this many genres.

    Returns
    -------
    pd.DataFrame [shape=(n_genres, most)]
        Index ``genre`` (sorted); columns ``1``, ..., ``most - 1`` and ``most``+ (ints, the
        number of genres); each row sums to 1 (NaN for a genre without tagged tracks).

    Examples
    --------
    >>> tracks = pd.DataFrame({"genre": ["Rock", "Rock", "Pop"], "genres": [[12], [12, 25, 66], [10, 76]]})
    >>> count_genres_per_track(tracks).to_numpy().tolist()
    [[0.0, 1.0, 0.0], [0.5, 0.0, 0.5]]
    """
    sizes = tracks["genres"].map(lambda ids: len(set(ids))).clip(upper=most)
    tagged = sizes > 0
    counts = pd.crosstab(tracks.loc[tagged, "genre"], sizes[tagged]).reindex(columns=range(1, most + 1),
                                                                            fill_value=0)
    labels = sorted(tracks["genre"].dropna().unique())
    counts = counts.reindex(index=labels, fill_value=0)
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0).astype(float)
    shares.index.name, shares.columns.name = "genre", "genres per track"
    return shares


def count_genre_pairs(tracks: pd.DataFrame, genres: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Count the pairs of genres (any level) that tracks carry together in ``genres``.

    Returns
    -------
    pd.DataFrame [shape=(<=n, 4)]
        Columns ``genre a``, ``genre b`` (titles), ``top level`` (of genre a, or ``a / b``) and
        ``tracks``, most frequent first.
    """
    counter = Counter(pair for ids in tracks["genres"] for pair in itertools.combinations(sorted(set(ids)), 2))
    title = genres["title"].to_dict()
    top = genres["top_level"].to_dict()

    def top_of(a, b):
        names = sorted({title.get(top.get(g, g), str(g)) for g in (a, b)})
        return " / ".join(names)

    rows = [{"genre a": title.get(a, str(a)), "genre b": title.get(b, str(b)), "top level": top_of(a, b),
             "tracks": count} for (a, b), count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
    return pd.DataFrame(rows, columns=["genre a", "genre b", "top level", "tracks"])
