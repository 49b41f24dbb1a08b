"""Plots of the book. Every function takes ``ax=None`` (or ``axes=None``) and returns ``fig, ax``.

Used in: 01_data, 02_limitations and later chapters.
"""

from __future__ import annotations

import matplotlib.pyplot as plt


def make_axes(ax=None, figsize=None):
    """Return ``(fig, ax)``: the given axes' figure, or a new figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax
