"""Plots of chapter 08: validation and test accuracy of the members and the ensemble.

Used in: 08_ensemble.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from genrebook.plots.base import make_axes, scale_height

#: Colour of each kind of row.
COLOURS = {"classical": "C0", "network": "C2", "ensemble": "C3", "other": "0.45"}

#: What the legend calls each kind of row.
KIND_LABELS = {"ensemble": "the ensemble", "other": "the way not chosen", "classical": "classical model",
               "network": "network"}


def plot_validation_vs_test(table: pd.DataFrame, *, ax=None):
    """Each member's and the ensemble's validation and test accuracy (%), one row each, joined by a line.

    Parameters
    ----------
    table : pd.DataFrame
        One row per model, top to bottom, index the name shown; columns ``kind`` (a key of :data:`COLOURS`),
        ``validation`` and ``test`` (fractions).

    Returns
    -------
    fig, ax

    Examples
    --------
    >>> frame = pd.DataFrame({"kind": ["ensemble", "classical"], "validation": [0.6, 0.5], "test": [0.55, 0.45]},
    ...                      index=["the ensemble", "SVM"])
    >>> fig, ax = plot_validation_vs_test(frame)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_yticklabels()]
    ('accuracy (%)', ['the ensemble', 'SVM'])
    """
    fig, ax = make_axes(ax, (6.4, scale_height(len(table), per_row=0.42, base=1.6)))
    y = np.arange(len(table))
    validation, test = 100 * table["validation"].to_numpy(float), 100 * table["test"].to_numpy(float)
    colours = [COLOURS.get(k, "0.45") for k in table["kind"]]
    ax.hlines(y, np.minimum(validation, test), np.maximum(validation, test), color=colours, lw=2, alpha=0.5)
    ax.scatter(validation, y, facecolors="white", edgecolors=colours, s=55, lw=1.8, zorder=3)
    ax.scatter(test, y, color=colours, s=55, zorder=4)
    ax.set_yticks(y, labels=table.index)
    ax.set_ylim(len(table) - 0.5, -0.5)
    low, high = np.floor(min(validation.min(), test.min()) / 5) * 5, np.ceil(max(validation.max(), test.max()) / 5) * 5
    ax.set(xlabel="accuracy (%)", xlim=(low - 1, high + 1))
    handles = [Line2D([], [], ls="", marker="o", mfc="white", mec="0.2", mew=1.8, label="validation accuracy"),
               Line2D([], [], ls="", marker="o", color="0.2", label="test accuracy")]
    handles += [Line2D([], [], ls="", marker="s", color=COLOURS[k], label=label)
                for k, label in KIND_LABELS.items() if k in set(table["kind"])]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), borderaxespad=3.4, ncol=2, frameon=False)
    return fig, ax
