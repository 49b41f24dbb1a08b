"""Reading clusters against the genres: agreement scores and their random floor, each cluster's
genres, artists and central tracks, whether clusters follow artists, and a 2-D map of the tracks.

Used in: 07_clustering.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.manifold import TSNE
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from threadpoolctl import threadpool_limits

from genrebook.clustering.fit import Clustering, renumber_by_size

#: t-SNE iterations (scikit-learn's default is 1,000; the map of a few thousand tracks settles by 500).
TSNE_ITERATIONS = 500


def compute_purity(genres, labels) -> float:
    """Share of tracks whose genre is their cluster's most common genre.

    Examples
    --------
    >>> compute_purity(["a", "a", "b", "b"], [0, 0, 0, 1])
    0.75
    """
    table = pd.crosstab(np.asarray(labels), np.asarray(genres))
    return float(table.max(axis=1).sum() / table.to_numpy().sum())


def score_agreement(genres, labels) -> dict[str, float]:
    """Adjusted Rand index, normalised mutual information and purity of clusters against genres.

    Examples
    --------
    >>> score_agreement(["a", "a", "b", "b"], [1, 1, 0, 0])
    {'ari': 1.0, 'nmi': 1.0, 'purity': 1.0}
    """
    genres, labels = np.asarray(genres), np.asarray(labels)
    return {"ari": float(adjusted_rand_score(genres, labels)),
            "nmi": float(normalized_mutual_info_score(genres, labels)),
            "purity": compute_purity(genres, labels)}


def score_random_assignment(genres, k: int, *, seed: int, n_repeats: int = 10) -> dict[str, float]:
    """Mean agreement of ``n_repeats`` uniformly random assignments to ``k`` clusters: the floor.

    Rounded to three decimals: beyond them the mean of a few random draws is noise.
    """
    rng = np.random.default_rng(seed)
    scores = [score_agreement(genres, rng.integers(0, k, size=len(genres))) for _ in range(n_repeats)]
    return {name: round(float(value), 3) + 0.0 for name, value in pd.DataFrame(scores).mean().items()}


def summarize_agreement(clusterings: list[Clustering], genres: pd.Series, *, genre_k: int,
                        subset: pd.Index | None = None) -> pd.DataFrame:
    """Score every clustering at ``genre_k`` and at its chosen k against the genres.

    Parameters
    ----------
    clusterings : list of Clustering
    genres : pd.Series
        Genre per track id (covering every clustering's tracks).
    genre_k : int
        The number of genres (the k of the direct comparison).
    subset : pd.Index, optional
        Score only these tracks (e.g. those outside the training split), clustered with all the others.

    Returns
    -------
    pd.DataFrame
        Index ``(representation, method)``; columns ``tracks``, ``chosen_k`` and ``ari``, ``nmi``,
        ``purity`` with suffixes ``_genre_k`` and ``_chosen_k``.
    """
    rows = []
    for run in clusterings:
        keep = np.ones(len(run.X), dtype=bool) if subset is None else run.X.index.isin(subset)
        truth = genres.loc[run.X.index[keep]]
        for method, k in run.chosen_k.items():
            row = {"representation": run.representation, "method": method, "tracks": len(truth), "chosen_k": k}
            for suffix, at in (("genre_k", genre_k), ("chosen_k", k)):
                row.update({f"{name}_{suffix}": value
                            for name, value in score_agreement(truth, run.labels[method, at][keep]).items()})
            rows.append(row)
    return pd.DataFrame(rows).set_index(["representation", "method"])


def make_contingency(genres, labels) -> pd.DataFrame:
    """Count tracks per genre (rows) and cluster (columns, numbered by :func:`renumber_by_size`)."""
    return pd.crosstab(pd.Series(np.asarray(genres), name="genre"),
                       pd.Series(renumber_by_size(labels), name="cluster"))


def format_track(title, artist) -> str:
    """Name a track as ``title — artist``, saying so where either is unknown.

    Examples
    --------
    >>> format_track("Food", "AWOL"), format_track(None, float("nan"))
    ('Food — AWOL', 'untitled — unknown artist')
    """
    title = title.strip() if isinstance(title, str) and title.strip() else "untitled"
    artist = artist.strip() if isinstance(artist, str) and artist.strip() else "unknown artist"
    return f"{title} — {artist}"


def describe_clusters(X: pd.DataFrame, labels, tracks: pd.DataFrame, *, n_nearest: int = 3,
                      n_genres: int = 3) -> pd.DataFrame:
    """Describe each cluster: size, genre mix, artists, and the tracks nearest its centre.

    Parameters
    ----------
    X : pd.DataFrame [shape=(n_tracks, d)]
        The clustered matrix, indexed by track id.
    labels : array-like [shape=(n_tracks,)]
    tracks : pd.DataFrame
        With ``genre``, ``title``, ``artist_id`` and ``artist`` for the tracks of ``X``.
    n_nearest, n_genres : int
        Central tracks and genres listed per cluster.

    Returns
    -------
    pd.DataFrame
        Index ``cluster`` (numbered from the largest); columns ``tracks``, ``genre mix``,
        ``top genre share``, ``artists``, ``top artist share``, ``nearest the centre`` (``title — artist``).
    """
    numbers = renumber_by_size(labels)
    info = tracks.loc[X.index]
    values = X.to_numpy()
    rows = []
    for cluster in np.unique(numbers):
        members = numbers == cluster
        distance = np.linalg.norm(values[members] - values[members].mean(axis=0), axis=1)
        central = info[members].iloc[np.argsort(distance, kind="stable")[:n_nearest]]
        mix = info.loc[members, "genre"].value_counts(normalize=True)
        artists = info.loc[members, "artist_id"].dropna()
        rows.append({
            "cluster": int(cluster), "tracks": int(members.sum()),
            "genre mix": ", ".join(f"{genre} {100 * share:.1f}%" for genre, share in mix.head(n_genres).items()),
            "top genre share": float(mix.iloc[0]), "artists": int(artists.nunique()),
            "top artist share": float(artists.value_counts().iloc[0] / members.sum()) if len(artists) else 0.0,
            "nearest the centre": "; ".join(format_track(t, a) for t, a in zip(central["title"], central["artist"])),
        })
    return pd.DataFrame(rows).set_index("cluster")


def _count_pairs(groups: pd.Series, labels: np.ndarray) -> tuple[int, int]:
    """Count track pairs in the same group, and those of them also in the same cluster."""
    frame = pd.DataFrame({"group": groups.to_numpy(), "cluster": labels})
    return tuple(int((n * (n - 1) // 2).sum()) for n in (frame.groupby("group").size().to_numpy(np.int64),
                                                          frame.groupby(["group", "cluster"]).size().to_numpy(np.int64)))


def compute_pair_rates(labels, tracks: pd.DataFrame) -> pd.DataFrame:
    """Say how often two tracks share a cluster: by one artist, of one genre by other artists, any two.

    Tracks without an artist count as each by an artist of their own.

    Parameters
    ----------
    labels : array-like [shape=(n_tracks,)]
    tracks : pd.DataFrame
        With ``genre`` and ``artist_id``, in the order of ``labels``.

    Returns
    -------
    pd.DataFrame [shape=(3, 2)]
        Index ``same artist``, ``same genre, other artist``, ``any two tracks``; columns ``pairs``
        and ``same cluster`` (share of the pairs).

    Examples
    --------
    >>> tracks = pd.DataFrame({"genre": ["a", "a", "a", "b"], "artist_id": [1, 1, 2, 3]})
    >>> compute_pair_rates([0, 0, 1, 1], tracks)["same cluster"].tolist()
    [1.0, 0.0, 0.3333333333333333]
    """
    labels = np.asarray(labels)
    unknown = -np.arange(1, len(tracks) + 1)
    artist = pd.Series(np.where(tracks["artist_id"].isna(), unknown, tracks["artist_id"].fillna(0).astype("int64")))
    genre = tracks["genre"].astype(str).reset_index(drop=True)
    same_artist = _count_pairs(genre + "/" + artist.astype(str), labels)
    same_genre = _count_pairs(genre, labels)
    counts = {"same artist": same_artist,
              "same genre, other artist": (same_genre[0] - same_artist[0], same_genre[1] - same_artist[1]),
              "any two tracks": _count_pairs(pd.Series(np.zeros(len(labels))), labels)}
    return pd.DataFrame([{"pairs": n, "same cluster": both / n if n else float("nan")} for n, both in counts.values()],
                        index=pd.Index(list(counts), name="track pairs"))


def compute_map(X: pd.DataFrame, *, size: int, seed: int) -> pd.DataFrame:
    """Place a random subsample of the tracks in 2-D with t-SNE (van der Maaten and Hinton, 2008).

    Parameters
    ----------
    X : pd.DataFrame [shape=(n_tracks, d)]
        Principal components (:func:`genrebook.clustering.fit.make_representation`).
    size : int
        Tracks drawn (all where there are fewer).
    seed : int

    Returns
    -------
    pd.DataFrame [shape=(min(size, n_tracks), 2)]
        Indexed by track id; columns ``t-SNE 1``, ``t-SNE 2``.
    """
    rng = np.random.default_rng(seed)
    picked = X.iloc[np.sort(rng.choice(len(X), min(size, len(X)), replace=False))]
    perplexity = min(30.0, (len(picked) - 1) / 3)
    tsne = TSNE(2, perplexity=perplexity, init="pca", learning_rate="auto", max_iter=TSNE_ITERATIONS,
                random_state=seed)
    with threadpool_limits(limits=1):
        embedded = tsne.fit_transform(picked.to_numpy())
    return pd.DataFrame(embedded, index=picked.index, columns=["t-SNE 1", "t-SNE 2"])
