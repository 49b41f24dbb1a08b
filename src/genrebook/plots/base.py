"""The one helper every plot shares: axes to draw on, given or new.

Used in: every module of :mod:`genrebook.plots`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt


def make_axes(ax=None, figsize=None):
    """Return ``(fig, ax)``: the given axes' figure, or a new figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def plot_note(text: str, *, ax=None):
    """A small figure that says, in words, why there is nothing to draw; returns ``fig, ax``."""
    fig, ax = make_axes(ax, figsize=(7, 1.5))
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center")
    return fig, ax
