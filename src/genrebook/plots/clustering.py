"""Plots of chapter 07: the k sweep, a contingency table of genres and clusters, and the t-SNE maps.

Used in: 07_clustering.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from genrebook.clustering.fit import METHODS
from genrebook.plots.base import make_palette

#: One colour per method, the same in every panel.
METHOD_COLOURS = {method: f"C{i}" for i, method in enumerate(METHODS)}


def _star_chosen(ax, part: pd.DataFrame, k: int, column: str, colour: str) -> None:
    """Mark the chosen k of one method's curve with a star."""
    best = part[part["k"] == k]
    ax.scatter(best["k"], best[column], s=160, marker="*", color=colour, edgecolor="black", linewidth=0.6, zorder=3)


def plot_k_sweep(sweeps: dict[str, pd.DataFrame], chosen: dict[str, dict[str, int]], *, axes=None):
    """Silhouette (every method) and BIC (Gaussian mixture) against k, one row per representation.

    The k each method chose is starred: the highest silhouette for k-means and Ward, the lowest
    BIC for the mixture. The legend sits below the panels.

    Parameters
    ----------
    sweeps : dict
        ``{row title: Clustering.sweep}`` (:class:`genrebook.clustering.fit.Clustering`).
    chosen : dict
        ``{row title: {method: k}}``.
    axes : np.ndarray [shape=(n_rows, 2)] of Axes, optional

    Returns
    -------
    fig, axes
    """
    if axes is None:
        _, axes = plt.subplots(len(sweeps), 2, figsize=(9, 3.2 * len(sweeps) + 0.5), squeeze=False)
    axes = np.asarray(axes).reshape(-1, 2)
    fig, methods = axes[0, 0].figure, []
    for (title, sweep), (left, right) in zip(sweeps.items(), axes):
        rows = sweep[sweep["in_range"]]
        for method, colour in METHOD_COLOURS.items():
            part = rows[rows["method"] == method]
            if part.empty:
                continue
            methods.append(method)
            left.plot(part["k"], part["silhouette"], marker="o", ms=3, color=colour)
            if method != "gmm":  # the mixture chooses by BIC, on the right
                _star_chosen(left, part, chosen[title][method], "silhouette", colour)
        left.set(xlabel="number of clusters k", ylabel="silhouette")
        left.set_title(f"{title}: silhouette", loc="left", fontsize=12)
        mixture = rows[rows["method"] == "gmm"]
        if mixture.empty:
            right.set_axis_off()
            right.text(0.5, 0.5, "no Gaussian mixture fitted", ha="center", va="center", transform=right.transAxes)
            continue
        mixture = mixture.assign(bic=mixture["bic"] / 1000)  # thousands: no offset label over the title
        right.plot(mixture["k"], mixture["bic"], marker="o", ms=3, color=METHOD_COLOURS["gmm"])
        _star_chosen(right, mixture, chosen[title]["gmm"], "bic", METHOD_COLOURS["gmm"])
        right.set(xlabel="number of clusters k", ylabel="BIC, thousands (lower is better)")
        right.set_title(f"{title}: Gaussian mixture's BIC", loc="left", fontsize=12)
    for ax in axes.ravel():
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # k is a whole number
    handles = [Line2D([], [], color=METHOD_COLOURS[m], marker="o", ms=4, label=METHODS[m])
               for m in METHODS if m in methods]
    handles.append(Line2D([], [], color="grey", marker="*", ms=12, markeredgecolor="black", linestyle="",
                          label="chosen k"))
    fig.tight_layout(rect=(0, 0.5 / fig.get_figheight(), 1, 1))
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=12)
    return fig, axes


def plot_contingency(contingency: pd.DataFrame, *, ax=None):
    """Heat map of each cluster's genre mix (columns sum to 100 %), cluster sizes under the columns."""
    if ax is None:
        _, ax = plt.subplots(figsize=(1.8 + 0.75 * contingency.shape[1], 0.5 * contingency.shape[0] + 1.8))
    shares = contingency / contingency.sum(axis=0)
    sns.heatmap(100 * shares, annot=True, fmt=".0f", cmap="rocket_r", vmin=0, vmax=100, ax=ax,
                cbar_kws={"label": "% of the cluster's tracks"},
                xticklabels=[f"{c}\n({n:,})" for c, n in contingency.sum(axis=0).items()])
    ax.tick_params(axis="x", rotation=0)
    ax.tick_params(axis="y", rotation=0)
    ax.set(xlabel="cluster (its tracks)", ylabel="genre")
    ax.figure.tight_layout()
    return ax.figure, ax


def plot_cluster_maps(coords: pd.DataFrame, genres: pd.Series, clusters: pd.Series, *, axes=None):
    """Scatter the t-SNE map of :func:`genrebook.clustering.agreement.compute_map` twice: by genre, by cluster.

    Parameters
    ----------
    coords : pd.DataFrame
        Columns ``t-SNE 1``, ``t-SNE 2``, indexed by track id.
    genres, clusters : pd.Series
        Genre and cluster number per track id (covering ``coords``).
    axes : array of 2 Axes, optional
        Left coloured by genre, right by cluster; each legend below its panel.

    Returns
    -------
    fig, axes
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 6.4))
    fig = axes[0].figure
    colourings = {"genre": genres.loc[coords.index], "cluster": clusters.loc[coords.index]}
    for ax, (name, hue) in zip(axes, colourings.items()):
        order = sorted(hue.unique())
        sns.scatterplot(x=coords["t-SNE 1"], y=coords["t-SNE 2"], hue=hue.to_numpy(), hue_order=order,
                        palette=make_palette(len(order)) if name == "genre" else sns.color_palette("husl", len(order)),
                        s=10, alpha=0.8, linewidth=0, ax=ax)
        ax.set(xticks=[], yticks=[], xlabel="t-SNE 1", ylabel="t-SNE 2")
        ax.set_title(f"coloured by {name}", loc="left", fontsize=12)
        sns.move_legend(ax, "upper center", bbox_to_anchor=(0.5, -0.08), ncol=2 if name == "genre" else 4,
                        title=name, fontsize=11, title_fontsize=12, markerscale=2, frameon=False)
    fig.tight_layout()
    return fig, axes
