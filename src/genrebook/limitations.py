"""What limits genre classification on a dataset: multi-genre tracks, the artist effect, excluded
clips, and what the features can tell.

Used in: 02_limitations.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter

import numpy as np
import pandas as pd

from genrebook.audio import KNOWN_BAD_CLIPS
from genrebook.evaluation import count_artist_overlap, make_random_split, predict_test_split
from genrebook.models import make_logreg_pipeline


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


def describe_top_cooccurrence(ranked: pd.DataFrame) -> str:
    """Say in one sentence which top-level genre is most often carried besides the label.

    Parameters
    ----------
    ranked : pd.DataFrame
        :func:`rank_cooccurrences` output.

    Examples
    --------
    >>> describe_top_cooccurrence(pd.DataFrame({"genre_top": ["Rock"], "also carries": ["Pop"], "share": [0.25]}))
    'The most frequent pairing: 25.0% of the Rock tracks also carry Pop.'
    """
    if ranked.empty:
        return "No track carries a top-level genre besides its own."
    top = ranked.iloc[0]
    return (f"The most frequent pairing: {top['share']:.1%} of the {top['genre_top']} tracks also carry "
            f"{top['also carries']}.")


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


def compute_artist_effect(features: pd.DataFrame, tracks: pd.DataFrame, *, seed: int, n_random_splits: int,
                          C: float = 1.0) -> pd.DataFrame:
    """Fit the same logistic regression on the official split and on random splits that ignore artists.

    Parameters
    ----------
    features : pd.DataFrame [shape=(n_tracks, n_features)]
    tracks : pd.DataFrame
        With ``split``, ``genre`` and ``artist_id``.
    seed : int
        Seeds the model and, with the split's number, each random split.
    n_random_splits : int
    C : float
        See :func:`genrebook.models.make_logreg_pipeline`.

    Returns
    -------
    pd.DataFrame [shape=(1 + n_random_splits, 5)]
        Index ``official``, ``random 1``...; columns ``kind``, ``accuracy`` and the counts of
        :func:`genrebook.evaluation.count_artist_overlap`: ``test tracks``, ``artist in training``,
        ``share in training``.
    """
    model = make_logreg_pipeline(seed=seed, C=C)
    splits = {"official": tracks["split"]}
    for i in range(n_random_splits):
        splits[f"random {i + 1}"] = make_random_split(tracks, seed=seed * 1000 + i)
    rows = {}
    for name, split in splits.items():
        predictions = predict_test_split(model, features, tracks, split=split)
        overlap = count_artist_overlap(tracks, split)
        rows[name] = {"kind": name.split()[0], "accuracy": _score(predictions),
                      "test tracks": overlap["test tracks"], "artist in training": overlap["artist in training"],
                      "share in training": overlap["share in training"]}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("split")


def _score(predictions: pd.DataFrame) -> float:
    """Accuracy of a :func:`genrebook.evaluation.predict_test_split` table."""
    return float((predictions["true"] == predictions["predicted"]).mean())


def summarize_artist_effect(effect: pd.DataFrame) -> dict:
    """Reduce :func:`compute_artist_effect` to plain numbers.

    Returns
    -------
    dict
        ``official_accuracy``, ``random_mean``, ``random_sd`` (0 for a single random split),
        ``gap`` (random mean minus official), ``official_overlap`` (test tracks whose artist is in
        training) and ``random_overlap_share`` (mean share of such test tracks in the random splits).
    """
    random = effect[effect["kind"] == "random"]
    official = effect.loc["official"]
    sd = float(random["accuracy"].std(ddof=1)) if len(random) > 1 else 0.0
    return {"official_accuracy": float(official["accuracy"]), "random_mean": float(random["accuracy"].mean()),
            "random_sd": sd, "gap": float(random["accuracy"].mean() - official["accuracy"]),
            "official_overlap": int(official["artist in training"]),
            "random_overlap_share": float(random["share in training"].mean())}


def describe_known_bad_clips(track_ids: pd.Index, excluded: pd.Series) -> pd.DataFrame:
    """Say, for each of fma_small's known-bad clips, whether this dataset has it and uses it.

    Parameters
    ----------
    track_ids : pd.Index
        The usable tracks (``dataset.tracks.index``).
    excluded : pd.Series
        ``{track_id: reason}`` of the tracks left out (``dataset.excluded``).

    Returns
    -------
    pd.DataFrame [shape=(6, 3)]
        Index ``track_id``; columns ``problem``, ``in tracks.csv``, ``used`` (booleans).
    """
    rows = {track_id: {"problem": reason.split(": ", 1)[-1],
                       "in tracks.csv": track_id in track_ids or track_id in excluded.index,
                       "used": track_id in track_ids} for track_id, reason in KNOWN_BAD_CLIPS.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("track_id")


def count_exclusions(excluded: pd.Series) -> pd.DataFrame:
    """Count the tracks left out, by reason.

    Returns
    -------
    pd.DataFrame
        Index ``reason``, column ``tracks``, most frequent first (empty when nothing was left out).
    """
    counts = excluded.astype("object").value_counts().rename("tracks")
    return counts.rename_axis("reason").to_frame()


def load_feature_sources(path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Load every feature source a dataset folder has: its own ``features.csv`` and the extracted one.

    Returns
    -------
    dict
        ``{'own': features, 'extracted': features}``, leaving out the sources that are absent.
    """
    from genrebook.data import load_dataset

    sources = {}
    for source in ("own", "extracted"):
        try:
            sources[source] = load_dataset(path, feature_source=source).features
        except FileNotFoundError:
            continue
    return sources


def describe_feature_sources(sources: dict) -> str:
    """Say in words which feature sources exist, for the chapter's prose.

    Examples
    --------
    >>> describe_feature_sources({"own": None})
    'only its own features.csv (no extracted features)'
    """
    has = ("own" in sources, "extracted" in sources)
    return {(True, True): "both its own features.csv and features extracted from its audio",
            (True, False): "only its own features.csv (no extracted features)",
            (False, True): "only features extracted from its audio (no features.csv of its own)",
            (False, False): "no features at all"}[has]


def correlate_feature_sources(sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Compare the columns that the own and the extracted features share, group by group.

    For each shared column, the Pearson correlation across the tracks both sources have.

    Returns
    -------
    pd.DataFrame
        Index ``group``; columns ``shared columns``, ``tracks``, ``median r``, ``min r``, ``max r``.
        Empty unless both sources are present and share columns.
    """
    columns = ["shared columns", "tracks", "median r", "min r", "max r"]
    if not {"own", "extracted"} <= set(sources):
        return pd.DataFrame(columns=columns).rename_axis("group")
    own, extracted = sources["own"], sources["extracted"]
    ids = own.index.intersection(extracted.index)
    shared = own.columns.intersection(extracted.columns)
    a, b = own.loc[ids, shared].to_numpy(float), extracted.loc[ids, shared].to_numpy(float)
    r = pd.Series([_correlate(a[:, j], b[:, j]) for j in range(len(shared))], index=shared, dtype=float)
    groups = r.groupby(level=0, sort=True)
    table = pd.DataFrame({"shared columns": groups.size(), "tracks": len(ids), "median r": groups.median(),
                          "min r": groups.min(), "max r": groups.max()})
    return table[columns].rename_axis("group")


def describe_source_agreement(agreement: pd.DataFrame) -> str:
    """Say in one sentence how well the shared columns of two feature sources agree.

    Parameters
    ----------
    agreement : pd.DataFrame
        :func:`correlate_feature_sources` output.

    Examples
    --------
    >>> describe_source_agreement(correlate_feature_sources({}))
    'With a single feature source there is nothing to compare.'
    """
    if agreement.empty:
        return "With a single feature source there is nothing to compare."
    parts = ", ".join(f"{group} {row['median r']:.2f} ({int(row['shared columns'])} columns)"
                      for group, row in agreement.iterrows())
    return (f"Over the {int(agreement['tracks'].iloc[0]):,} tracks both sources hold, the median correlation "
            f"of a shared column is: {parts}.")


def _correlate(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation over the finite pairs; NaN with fewer than 3 pairs or a constant side."""
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def compare_feature_groups(features: pd.DataFrame, tracks: pd.DataFrame, *, seed: int,
                           C: float = 1.0) -> pd.DataFrame:
    """Test accuracy of the logistic regression on each feature group alone (official split).

    Returns
    -------
    pd.DataFrame
        Index ``group``; columns ``columns`` and ``accuracy``, best first.
    """
    model = make_logreg_pipeline(seed=seed, C=C)
    rows = {}
    for group in features.columns.get_level_values(0).unique():
        predictions = predict_test_split(model, features[[group]], tracks)
        rows[group] = {"columns": int(features[group].shape[1]),
                       "accuracy": _score(predictions)}
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")
    return table.sort_values("accuracy", ascending=False, kind="stable")
