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
