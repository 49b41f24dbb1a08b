"""Reading clusters against the genres: agreement scores and their random floor, each cluster's
genres, artists and central tracks, whether clusters follow artists, a 2-D map of the tracks, and
the clustering chapter's plots (each takes ``ax=None`` or ``axes=None`` and returns ``fig, ax``).

Used in: 06_clustering.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from sklearn.manifold import TSNE
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from threadpoolctl import threadpool_limits

from genrebook.clustering import METHODS, REPRESENTATIONS, Clustering, renumber_by_size

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


def summarize_agreement(clusterings: list[Clustering], genres: pd.Series, *, genre_k: int) -> pd.DataFrame:
    """Score every clustering at ``genre_k`` and at its chosen k against the genres.

    Parameters
    ----------
    clusterings : list of Clustering
    genres : pd.Series
        Genre per track id (covering every clustering's tracks).
    genre_k : int
        The number of genres (the k of the direct comparison).

    Returns
    -------
    pd.DataFrame
        Index ``(representation, method)``; columns ``tracks``, ``chosen_k`` and ``ari``, ``nmi``,
        ``purity`` with suffixes ``_genre_k`` and ``_chosen_k``.
    """
    rows = []
    for run in clusterings:
        truth = genres.loc[run.X.index]
        for method, k in run.chosen_k.items():
            row = {"representation": run.representation, "method": method, "tracks": len(truth), "chosen_k": k}
            for suffix, at in (("genre_k", genre_k), ("chosen_k", k)):
                row.update({f"{name}_{suffix}": value
                            for name, value in score_agreement(truth, run.labels[method, at]).items()})
            rows.append(row)
    return pd.DataFrame(rows).set_index(["representation", "method"])


def make_contingency(genres, labels) -> pd.DataFrame:
    """Count tracks per genre (rows) and cluster (columns, numbered by :func:`renumber_by_size`)."""
    return pd.crosstab(pd.Series(np.asarray(genres), name="genre"),
                       pd.Series(renumber_by_size(labels), name="cluster"))


def format_track(title, artist) -> str:
    """Name a track as ``'title' (artist)``, saying so where either is unknown.

    Examples
    --------
    >>> format_track("Food", "AWOL"), format_track(None, float("nan"))
    ("'Food' (AWOL)", 'untitled (unknown artist)')
    """
    title = f"'{title}'" if isinstance(title, str) and title.strip() else "untitled"
    artist = artist if isinstance(artist, str) and artist.strip() else "unknown artist"
    return f"{title} ({artist})"


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
        ``top genre share``, ``artists``, ``top artist share``, ``nearest the centre``.
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
            "genre mix": ", ".join(f"{genre} {share:.0%}" for genre, share in mix.head(n_genres).items()),
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
    """Place a random subsample of the tracks in 2-D: first two principal components and t-SNE.

    Parameters
    ----------
    X : pd.DataFrame [shape=(n_tracks, d)]
        Principal components (:func:`genrebook.clustering.make_representation`).
    size : int
        Tracks drawn (all where there are fewer).
    seed : int

    Returns
    -------
    pd.DataFrame [shape=(min(size, n_tracks), 4)]
        Indexed by track id; columns ``PC 1``, ``PC 2``, ``t-SNE 1``, ``t-SNE 2``.
    """
    rng = np.random.default_rng(seed)
    picked = X.iloc[np.sort(rng.choice(len(X), min(size, len(X)), replace=False))]
    perplexity = min(30.0, (len(picked) - 1) / 3)
    tsne = TSNE(2, perplexity=perplexity, init="pca", learning_rate="auto", max_iter=TSNE_ITERATIONS,
                random_state=seed)
    with threadpool_limits(limits=1):
        embedded = tsne.fit_transform(picked.to_numpy())
    return pd.DataFrame(np.column_stack([picked.to_numpy()[:, :2], embedded]), index=picked.index,
                        columns=["PC 1", "PC 2", "t-SNE 1", "t-SNE 2"])


def plot_k_sweep(sweep: pd.DataFrame, chosen_k: dict[str, int], *, title: str = "", axes=None):
    """Silhouette (k-means, Ward, mixture) and BIC (mixture) against k, the chosen k marked.

    Parameters
    ----------
    sweep : pd.DataFrame
        :attr:`genrebook.clustering.Clustering.sweep`.
    chosen_k : dict
        ``{method: k}``.
    axes : array of 2 Axes, optional
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    fig, rows = axes[0].figure, sweep[sweep["in_range"]]
    for i, (method, part) in enumerate(rows.groupby("method", sort=False)):
        axes[0].plot(part["k"], part["silhouette"], marker="o", ms=3, color=f"C{i}", label=METHODS[method])
        if method != "gmm":
            best = part[part["k"] == chosen_k[method]]
            axes[0].scatter(best["k"], best["silhouette"], s=120, marker="*", color=f"C{i}", zorder=3)
    axes[0].set(xlabel="clusters k", ylabel="silhouette (subsample)", title=f"{title}: silhouette (stars: chosen)")
    axes[0].legend(frameon=True, fontsize=9)
    mixture = rows[rows["method"] == "gmm"]
    if len(mixture):
        axes[1].plot(mixture["k"], mixture["bic"], marker="o", ms=3, color="C1")
        best = mixture[mixture["k"] == chosen_k["gmm"]]
        axes[1].scatter(best["k"], best["bic"], s=120, marker="*", color="C1", zorder=3)
        axes[1].set(xlabel="clusters k", ylabel="BIC (lower is better)", title=f"{title}: mixture BIC")
    else:
        axes[1].set_axis_off()
    fig.tight_layout()
    return fig, axes


def plot_contingency(contingency: pd.DataFrame, *, ax=None):
    """Heatmap of each cluster's genre mix (columns sum to 100 %), cluster sizes under the columns."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(1.2 + 0.7 * contingency.shape[1], 4.5))
    shares = contingency / contingency.sum(axis=0)
    sns.heatmap(100 * shares, annot=True, fmt=".0f", cmap="rocket_r", vmin=0, vmax=100, ax=ax,
                cbar_kws={"label": "% of the cluster"},
                xticklabels=[f"{c}\n({n:,})" for c, n in contingency.sum(axis=0).items()])
    ax.tick_params(axis="x", rotation=0)
    ax.set(xlabel="cluster (tracks)", ylabel="", title="Genre mix of each cluster")
    return ax.figure, ax


def plot_cluster_maps(coords: pd.DataFrame, genres: pd.Series, clusters: pd.Series, *, axes=None):
    """Scatter the map of :func:`compute_map` twice: coloured by genre (left) and by cluster (right).

    Parameters
    ----------
    coords : pd.DataFrame
        :func:`compute_map` output.
    genres, clusters : pd.Series
        Genre and cluster number per track id (covering ``coords``).
    axes : 2 x 2 array of Axes, optional
        Rows PCA and t-SNE.
    """
    if axes is None:
        fig, axes = plt.subplots(2, 2, figsize=(12, 10))
    fig = axes[0, 0].figure
    colourings = {"genre": genres.loc[coords.index], "cluster": clusters.loc[coords.index]}
    for row, (name, method) in enumerate((("PC", "PCA"), ("t-SNE", "t-SNE"))):
        for col, (hue_name, hue) in enumerate(colourings.items()):
            order = sorted(hue.unique())
            sns.scatterplot(x=coords[f"{name} 1"], y=coords[f"{name} 2"], hue=hue.to_numpy(), hue_order=order,
                            palette=sns.color_palette("colorblind" if col == 0 else "husl", len(order)),
                            s=8, alpha=0.7, linewidth=0, ax=axes[row, col], legend=row == 0)
            axes[row, col].set(xticks=[], yticks=[], xlabel=f"{name} 1", ylabel=f"{name} 2",
                               title=f"{method}, coloured by {hue_name}")
    for ax in axes[0]:
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), fontsize=8, markerscale=2, frameon=False)
    fig.tight_layout()
    return fig, axes


def describe_chosen_k(scores: pd.DataFrame) -> str:
    """List the chosen k per method (and representation, where there are several) as a phrase."""
    parts = []
    for representation, rows in scores.groupby(level="representation", sort=False):
        listed = ", ".join(f"{METHODS[m]} {k}" for (_, m), k in rows["chosen_k"].items())
        parts.append(listed + (f" ({REPRESENTATIONS[representation]})" if scores.index.levels[0].size > 1 else ""))
    return "; ".join(parts)


def make_score_table(scores: pd.DataFrame, floor: dict[str, float], *, genre_k: int) -> pd.DataFrame:
    """Arrange :func:`summarize_agreement` for reading, with the random floor as a last row."""
    shown = scores.rename(index={**METHODS, **REPRESENTATIONS})
    shown.loc[("random assignment", "uniform"), :] = {"tracks": scores["tracks"].max(), "chosen_k": genre_k,
                                                      **{f"{k}_genre_k": v for k, v in floor.items()}}
    names = {"tracks": "tracks", "chosen_k": "chosen k"}
    for suffix, at in (("genre_k", f"k={genre_k}"), ("chosen_k", "chosen k")):
        names.update({f"{m}_{suffix}": f"{label} ({at})" for m, label in (("ari", "ARI"), ("nmi", "NMI"),
                                                                         ("purity", "purity"))})
    return shown.astype({"tracks": int, "chosen_k": int}).rename(columns=names)


def compare_representations(scores: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Put the representations side by side (ARI and NMI at the genre k, per method); say which is closer.

    Returns
    -------
    table : pd.DataFrame
        Index method; columns ``(score, representation)``.
    verdict : str
        A sentence for the prose.
    """
    methods = [m for m in METHODS if m in scores.index.get_level_values("method")]
    representations = [r for r in REPRESENTATIONS if r in scores.index.get_level_values("representation")]
    table = (scores[["ari_genre_k", "nmi_genre_k"]].rename(columns={"ari_genre_k": "ARI", "nmi_genre_k": "NMI"})
             .unstack("representation").reindex(index=methods, columns=pd.MultiIndex.from_product(
                 [["ARI", "NMI"], representations], names=[None, "representation"]))
             .rename(index=METHODS, columns=REPRESENTATIONS))
    best = scores.groupby(level="representation")["ari_genre_k"].max().sort_values(ascending=False)
    if len(best) < 2:
        return table, f"Only the {REPRESENTATIONS[best.index[0]]} were clustered, so there is nothing to compare."
    return table, (f"The {REPRESENTATIONS[best.index[0]]} give clusters closer to the genres: their best ARI is "
                   f"{best.iloc[0]:.3f}, against {best.iloc[1]:.3f} for the {REPRESENTATIONS[best.index[1]]}.")
