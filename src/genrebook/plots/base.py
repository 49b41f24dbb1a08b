"""What every plot shares: axes to draw on, given or new; a figure saying there is nothing to draw;
colours enough for any number of genres.

Used in: every module of :mod:`genrebook.plots`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import seaborn as sns


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


def make_palette(n: int) -> list:
    """``n`` colours told apart at a glance: the colour-blind palette up to its ten, then tab20's
    twenty, then evenly spaced hues (a palette that repeats would give two genres one colour).

    Examples
    --------
    >>> len(make_palette(16)), len(set(make_palette(16))), make_palette(3) == sns.color_palette("colorblind", 3)
    (16, 16, True)
    """
    if n <= 10:
        return sns.color_palette("colorblind", n)
    return sns.color_palette("tab20" if n <= 20 else "husl", n)


def scale_height(n_rows: int, *, per_row: float = 0.3, base: float = 1.2, least: float = 2.5) -> float:
    """Height in inches of a figure with one row per genre (or model): readable from 2 rows to 16 and more.

    Examples
    --------
    >>> scale_height(2), scale_height(16)
    (2.5, 6.0)
    """
    return round(max(least, base + per_row * n_rows), 2)
