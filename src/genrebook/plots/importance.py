"""Plots of chapter 06: permutation importances, per-genre recall lost, the network's band and time
profiles, and occlusion maps of example clips.

Used in: 06_what_models_hear.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from genrebook.plots.base import make_axes

#: Frequencies (Hz) labelled on full-size mel axes, and on the small ones of the per-genre profiles.
HZ_TICKS = (100, 500, 1000, 2000, 5000, 10000, 20000)
HZ_TICKS_SMALL = (100, 1000, 5000, 20000)


def hz_to_mel(hz) -> np.ndarray:
    """Slaney's mel scale (librosa's default): linear below 1 kHz, logarithmic above.

    Examples
    --------
    >>> hz_to_mel([0.0, 1000.0]).round(2).tolist()
    [0.0, 15.0]
    """
    hz = np.asarray(hz, dtype=float)
    linear = hz / (200.0 / 3)
    log = 15.0 + np.log(np.maximum(hz, 1e-9) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, log, linear)


def format_hz(hz: float) -> str:
    """Label a frequency: ``'500 Hz'``, ``'2 kHz'``, ``'1.6 kHz'``.

    Examples
    --------
    >>> format_hz(500), format_hz(2000), format_hz(1600)
    ('500 Hz', '2 kHz', '1.6 kHz')
    """
    return f"{hz:g} Hz" if hz < 1000 else f"{hz / 1000:g} kHz"


def plot_unit_importance(table: pd.DataFrame, *, xlabel: str, ax=None):
    """Horizontal bars of the accuracy lost when each unit is shuffled, with 95 % intervals.

    Parameters
    ----------
    table : pd.DataFrame
        Index: names as shown; columns ``drop``, ``low``, ``high`` (shares).
    xlabel : str

    Returns
    -------
    fig, ax
    """
    table = table.sort_values("drop", ascending=False, kind="stable")
    fig, ax = make_axes(ax, (7, 1.4 + 0.4 * len(table)))
    errors = 100 * np.vstack([table["drop"] - table["low"], table["high"] - table["drop"]]).clip(min=0)
    ax.barh(np.arange(len(table)), 100 * table["drop"], xerr=errors, color="C0", alpha=0.85,
            error_kw={"capsize": 3, "lw": 1})
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_yticks(np.arange(len(table)), labels=table.index)
    ax.invert_yaxis()
    ax.set(xlabel=xlabel)
    return fig, ax


def plot_heatmap(frame: pd.DataFrame, *, colorbar: str, xlabel: str, ylabel: str, ax=None):
    """A diverging heatmap of a frame in percentage points (shares × 100), centred on zero.

    Returns
    -------
    fig, ax
    """
    values = 100 * frame.to_numpy(dtype=float)
    fig, ax = make_axes(ax, (min(12, 2.5 + 0.55 * frame.shape[1]), 1.4 + 0.38 * frame.shape[0]))
    limit = max(float(np.nanmax(np.abs(values))) if values.size else 0.0, 1e-6)
    image = ax.imshow(values, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.grid(False)
    ax.set_xticks(np.arange(frame.shape[1]), labels=frame.columns, rotation=45, ha="right")
    ax.set_yticks(np.arange(frame.shape[0]), labels=frame.index)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    fig.colorbar(image, ax=ax, label=colorbar, fraction=0.05, pad=0.02)
    return fig, ax


def plot_band_profiles(profiles: pd.DataFrame, centres: np.ndarray, *, fmax: float, axes=None):
    """Per genre, the true-genre probability lost when each band is hidden, over frequency on a mel axis.

    Parameters
    ----------
    profiles : pd.DataFrame
        Index: genres; columns: bands, low to high; values: shares.
    centres : np.ndarray [shape=(n_bands,)]
        Centre frequency of each band (Hz).
    fmax : float
        Top of the axis (Hz).
    axes : array of Axes, optional
        One per genre.

    Returns
    -------
    fig, axes
    """
    n = len(profiles)
    cols = min(4, n)
    rows = math.ceil(n / cols)
    if axes is None:
        fig, axes = plt.subplots(rows, cols, figsize=(2.4 * cols + 0.8, 2.0 * rows + 0.6), sharex=True, sharey=True,
                                 squeeze=False)
    else:
        fig = np.ravel(axes)[0].figure
    flat = np.ravel(axes)
    x = hz_to_mel(centres)
    ticks = [t for t in HZ_TICKS_SMALL if t <= fmax]
    for ax, (genre, row) in zip(flat, profiles.iterrows()):
        ax.axhline(0, color="0.6", lw=0.8)
        ax.plot(x, 100 * row.to_numpy(dtype=float), color="C0", lw=1.6)
        ax.set_title(str(genre), fontsize=10)
        ax.set_xticks(hz_to_mel(ticks), labels=[format_hz(t) for t in ticks], fontsize=8)
    for ax in flat[n:]:
        ax.axis("off")
    fig.supxlabel("frequency of the hidden band (Hz, mel scale)")
    fig.supylabel("probability of the true genre lost (points)")
    fig.tight_layout()
    return fig, axes


def plot_occlusion_examples(images: list[np.ndarray], maps: list[np.ndarray], titles: list[str], *,
                            fmax: float, seconds: float, axes=None):
    """Each example's spectrogram image beside its occlusion map (probability lost per hidden patch).

    Parameters
    ----------
    images : list of np.ndarray [shape=(rows, columns)]
        Raw images, row 0 the highest band.
    maps : list of np.ndarray [shape=(n_bands, n_times)]
        :func:`genrebook.cnn.occlusion.compute_occlusion_map` (shares).
    titles : list of str
    fmax : float
        Top frequency of the images (Hz).
    seconds : float
        Length of the clip the image spans.

    Returns
    -------
    fig, axes
    """
    n = len(images)
    if axes is None:
        fig, axes = plt.subplots(n, 2, figsize=(8, 2.6 * n + 0.4), squeeze=False)
    else:
        fig = np.ravel(axes)[0].figure
    limit = max([float(np.abs(m).max()) for m in maps] + [1e-6]) * 100
    top = float(hz_to_mel(fmax))
    for (left, right), image, grid, title in zip(axes, images, maps, titles):
        extent = (0, seconds, 0, top)
        left.imshow(image, cmap="magma", aspect="auto", extent=extent)
        shown = right.imshow(100 * grid, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto", extent=extent)
        left.set_title(title, fontsize=10, loc="left")
        right.set_title("probability lost when hidden", fontsize=10, loc="left")
        ticks = [t for t in HZ_TICKS if t <= fmax]
        for ax in (left, right):
            ax.grid(False)
            ax.set_yticks(hz_to_mel(ticks), labels=[format_hz(t) for t in ticks], fontsize=7)
            ax.set_xlabel("time (s)")
        left.set_ylabel("frequency (Hz, mel scale)")
        fig.colorbar(shown, ax=right, label="points", fraction=0.05, pad=0.02)
    fig.tight_layout()
    return fig, axes
