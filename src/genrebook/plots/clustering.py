"""Plots of chapter 06: the k sweep, a contingency table of genres and clusters, and the maps.

Used in: 06_clustering.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from genrebook.clustering.fit import METHODS


def plot_k_sweep(sweep: pd.DataFrame, chosen_k: dict[str, int], *, title: str = "", axes=None):
    """Silhouette (k-means, Ward, mixture) and BIC (mixture) against k, the chosen k marked.

    Parameters
    ----------
    sweep : pd.DataFrame
        :attr:`genrebook.clustering.fit.Clustering.sweep`.
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
