"""Plots of the data chapters: split counts, durations, artists, feature correlations, one clip's
views, spectrogram images, genre co-occurrence and the artist effect.

Used in: 01_data, 02_limitations, 05_cnn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from PIL import Image

from genrebook.fma.columns import SPLITS
from genrebook.plots.base import make_axes, make_palette, scale_height
from genrebook.runtime import import_librosa


def plot_split_counts(counts: pd.DataFrame, *, ax=None):
    """Bar chart of tracks per genre, stacked by split.

    Parameters
    ----------
    counts : pd.DataFrame
        :func:`genrebook.fma.summary.count_tracks` output (rows genres and ``all``).
    """
    table = counts.drop(index="all", errors="ignore")[list(SPLITS)]
    fig, ax = make_axes(ax, (8, scale_height(len(table))))
    table.plot.barh(stacked=True, ax=ax, color=sns.color_palette("colorblind", 3), width=0.75)
    ax.invert_yaxis()
    ax.set(xlabel="tracks", ylabel="", title="Tracks per genre and split")
    ax.legend(title="split", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)  # off the bars
    return fig, ax


def plot_durations(durations: pd.Series, *, ax=None):
    """Histogram of clip durations in seconds."""
    fig, ax = make_axes(ax, (6, 3.5))
    sns.histplot(durations, bins=30, ax=ax, color="C0")
    ax.set(xlabel="clip duration (s)", ylabel="clips", title=f"Durations of {len(durations):,} clips")
    return fig, ax


def plot_tracks_per_artist(tracks: pd.DataFrame, *, ax=None):
    """Histogram (log scale) of the number of tracks per artist, one colour per split."""
    fig, ax = make_axes(ax, (6, 3.5))
    counts = (tracks.dropna(subset=["artist_id"]).groupby(["split", "artist_id"], observed=True)
              .size().rename("tracks").reset_index())
    sns.histplot(counts, x="tracks", hue="split", hue_order=list(SPLITS), multiple="stack", discrete=True,
                 ax=ax, palette="colorblind")
    ax.set(yscale="log", xlabel="tracks by the artist in the split", ylabel="artists",
           title="How many tracks each artist contributes")
    return fig, ax


def plot_feature_correlation(features: pd.DataFrame, *, statistic: str = "mean", ax=None):
    """Heatmap of correlations between the coefficients of one statistic, across all groups.

    Parameters
    ----------
    features : pd.DataFrame
        Three-level feature columns (``feature``, ``statistics``, ``number``).
    statistic : str
        The statistic whose columns are compared (``mean`` by default).
    """
    block = features.xs(statistic, axis=1, level="statistics")
    corr = block.corr()
    fig, ax = make_axes(ax, (7.5, 6.5))
    sns.heatmap(corr, cmap="vlag", vmin=-1, vmax=1, ax=ax, xticklabels=False, yticklabels=False,
                cbar_kws={"label": "Pearson correlation", "shrink": 0.7})
    groups = block.columns.get_level_values(0)
    edges = np.flatnonzero(groups[1:] != groups[:-1]) + 1
    for edge in edges:
        ax.axhline(edge, color="k", lw=0.6)
        ax.axvline(edge, color="k", lw=0.6)
    starts = np.r_[0, edges]
    ends = np.r_[edges, len(groups)]
    ax.set_yticks((starts + ends) / 2, labels=[groups[s] for s in starts], rotation=0, fontsize=8)
    ax.set(xlabel="", ylabel="", title=f"Correlation of the '{statistic}' coefficients, by group")
    return fig, ax


def plot_feature_by_genre(values: pd.Series, genres: pd.Series, *, label: str = "", ax=None):
    """Box plot of one feature per genre."""
    frame = pd.DataFrame({"value": values.to_numpy(), "genre": genres.to_numpy()})
    order = frame.groupby("genre")["value"].median().sort_values().index
    fig, ax = make_axes(ax, (8, scale_height(len(order), per_row=0.28)))
    sns.boxplot(frame, x="value", y="genre", order=order, ax=ax, hue="genre", palette=make_palette(len(order)),
                legend=False, fliersize=2)
    ax.set(xlabel=label, ylabel="", title=f"{label} by genre")
    return fig, ax


def plot_clip_views(y: np.ndarray, sr: int, *, title: str = "", axes=None):
    """Waveform, log-mel spectrogram, MFCC and chroma of one clip, in a 2 x 2 grid.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)]
        Mono signal.
    sr : int
        Sample rate.
    axes : array of 4 Axes, optional
    """
    librosa = import_librosa()
    from librosa import display  # deferred: after import_librosa has configured and guarded numba's cache

    if axes is None:
        fig, axes = plt.subplots(2, 2, figsize=(8, 5.6))
    axes = np.asarray(axes).ravel()
    fig = axes[0].figure
    display.waveshow(y, sr=sr, ax=axes[0], color="C0")
    axes[0].set(title=f"{title}: waveform" if title else "waveform", xlabel="time (s)", ylabel="amplitude")
    stft = np.abs(librosa.stft(y, n_fft=2048, hop_length=512))
    mel = librosa.feature.melspectrogram(S=stft**2, sr=sr, n_mels=128)
    display.specshow(librosa.power_to_db(mel, ref=np.max), sr=sr, hop_length=512, x_axis="time",
                             y_axis="mel", ax=axes[1], cmap="magma")
    axes[1].set(title="log-mel spectrogram", xlabel="time (s)", ylabel="frequency (Hz)")
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=20)
    display.specshow(mfcc, sr=sr, hop_length=512, x_axis="time", ax=axes[2], cmap="coolwarm")
    axes[2].set(title="MFCC (20 coefficients)", xlabel="time (s)", ylabel="coefficient")
    chroma = librosa.feature.chroma_stft(S=stft**2, sr=sr)
    display.specshow(chroma, sr=sr, hop_length=512, x_axis="time", y_axis="chroma", ax=axes[3],
                             cmap="Blues")
    axes[3].set(title="chroma", xlabel="time (s)", ylabel="pitch class")
    fig.tight_layout()
    return fig, axes


def plot_spectrogram_images(paths: list[str], titles: list[str], *, axes=None, ncols: int = 4):
    """Show spectrogram images (8-bit grayscale PNGs) in a grid, low frequencies at the bottom."""
    if axes is None:
        nrows = max(1, int(np.ceil(len(paths) / ncols)))
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 3.0 * nrows), squeeze=False)
    axes = np.asarray(axes).ravel()
    for ax, path, title in zip(axes, paths, titles):
        ax.imshow(np.asarray(Image.open(path)), cmap="magma", aspect="auto", vmin=0, vmax=255)
        ax.set_title(title, fontsize=10)
        ax.set(xticks=[], yticks=[], xlabel="time", ylabel="mel band")
    for ax in axes[len(paths):]:
        ax.set_axis_off()
    fig = axes[0].figure
    fig.tight_layout()
    return fig, axes


def plot_genre_cooccurrence(shares: pd.DataFrame, *, ax=None):
    """Stacked bars: the share of each genre's tracks tagged with one, two, three or more genres.

    The genres a track carries together (any level of FMA's genre tree) are its genre
    co-occurrence; the bars show how common it is, genre by genre, most mixed first.

    Parameters
    ----------
    shares : pd.DataFrame [shape=(n_genres, n_counts)]
        :func:`genrebook.fma.genres.count_genres_per_track` output (rows sum to 1; the last
        column counts "or more").

    Used in: 02_limitations.
    """
    shown = shares.dropna().sort_values(list(shares.columns[:1]), kind="stable")
    fig, ax = make_axes(ax, (7.5, 0.9 + 0.42 * len(shown)))
    labels = [f"{c} genre{'s' if c != 1 else ''}" for c in shown.columns]
    labels[-1] = f"{shown.columns[-1]} or more genres"
    colors = sns.color_palette("Blues", len(shown.columns) + 1)[1:]
    (100 * shown).set_axis(labels, axis=1).plot.barh(stacked=True, ax=ax, color=colors, width=0.75,
                                                      edgecolor="white", linewidth=0.5)
    ax.invert_yaxis()
    ax.set(xlabel="share of the genre's tracks (%)", ylabel="", xlim=(0, 100))
    ax.legend(title="tagged with", loc="upper center", bbox_to_anchor=(0.5, -0.9 / (0.9 + 0.42 * len(shown))),
              ncol=len(labels), frameon=False)
    return fig, ax


def plot_artist_effect(effect: pd.DataFrame, *, interval: tuple[float, float] | None = None, ax=None):
    """Accuracy on the official, artist-filtered split against random splits that ignore artists.

    Parameters
    ----------
    effect : pd.DataFrame
        :func:`genrebook.models.artist.compute_artist_effect` output (``kind``, ``accuracy``).
    interval : (low, high), optional
        The official accuracy's bootstrap interval (fractions), drawn as a bar around it.

    Used in: 02_limitations.
    """
    fig, ax = make_axes(ax, (7, 2.6))
    random = effect[effect["kind"] == "random"]["accuracy"]
    official = float(effect.loc[effect["kind"] == "official", "accuracy"].iloc[0])
    # spread the random splits vertically so that equal accuracies stay visible
    spread = np.linspace(-0.3, 0.3, len(random)) if len(random) > 1 else np.zeros(len(random))
    ax.scatter(100 * random, spread, s=60, color="C1", alpha=0.8, zorder=3,
               label=f"random splits ignoring artists ({len(random)})")
    if len(random):
        ax.axvline(100 * random.mean(), color="C1", ls="--", lw=1, label="mean of the random splits")
    if interval is not None:
        ax.hlines(0, 100 * interval[0], 100 * interval[1], color="C0", lw=3, alpha=0.5, zorder=2,
                  label="official split: 95% interval")
    ax.scatter([100 * official], [0], s=140, marker="D", color="C0", zorder=4,
               label="official split (artist-filtered)")
    ax.set(yticks=[], ylim=(-1, 1), xlabel="test accuracy (%)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2, frameon=False)
    return fig, ax
