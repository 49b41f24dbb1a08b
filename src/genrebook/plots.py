"""Plots of the book. Every function takes ``ax=None`` (or ``axes=None``) and returns ``fig, ax``.

Used in: 01_data, 02_limitations and later chapters.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from genrebook.columns import SPLITS


def _get_ax(ax=None, figsize=None):
    """Return ``(fig, ax)``: the given axes' figure, or a new figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def plot_split_counts(counts: pd.DataFrame, *, ax=None):
    """Bar chart of tracks per genre, stacked by split.

    Parameters
    ----------
    counts : pd.DataFrame
        :func:`genrebook.summary.count_tracks` output (rows genres and ``all``).
    """
    fig, ax = _get_ax(ax, (8, 4))
    table = counts.drop(index="all", errors="ignore")[list(SPLITS)]
    table.plot.barh(stacked=True, ax=ax, color=sns.color_palette("colorblind", 3), width=0.75)
    ax.invert_yaxis()
    ax.set(xlabel="tracks", ylabel="", title="Tracks per genre and split")
    ax.legend(title="split", loc="lower right", frameon=True)
    return fig, ax


def plot_durations(durations: pd.Series, *, ax=None):
    """Histogram of clip durations in seconds."""
    fig, ax = _get_ax(ax, (6, 3.5))
    sns.histplot(durations, bins=30, ax=ax, color="C0")
    ax.set(xlabel="clip duration (s)", ylabel="clips", title=f"Durations of {len(durations):,} clips")
    return fig, ax


def plot_tracks_per_artist(tracks: pd.DataFrame, *, ax=None):
    """Histogram (log scale) of the number of tracks per artist, one colour per split."""
    fig, ax = _get_ax(ax, (6, 3.5))
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
    fig, ax = _get_ax(ax, (7.5, 6.5))
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
    fig, ax = _get_ax(ax, (8, 4))
    frame = pd.DataFrame({"value": values.to_numpy(), "genre": genres.to_numpy()})
    order = frame.groupby("genre")["value"].median().sort_values().index
    sns.boxplot(frame, x="value", y="genre", order=order, ax=ax, hue="genre", palette="colorblind",
                legend=False, fliersize=2)
    ax.set(xlabel=label, ylabel="", title=f"{label} by genre")
    return fig, ax


def plot_clip_views(y: np.ndarray, sr: int, *, title: str = "", axes=None):
    """Waveform, log-mel spectrogram, MFCC and chroma of one clip, side by side.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)]
        Mono signal.
    sr : int
        Sample rate.
    axes : array of 4 Axes, optional
    """
    import librosa.display

    from genrebook.config import import_librosa

    librosa = import_librosa()

    if axes is None:
        fig, axes = plt.subplots(1, 4, figsize=(15, 2.8))
    fig = axes[0].figure
    librosa.display.waveshow(y, sr=sr, ax=axes[0], color="C0")
    axes[0].set(title=f"{title}: waveform", xlabel="time (s)")
    stft = np.abs(librosa.stft(y, n_fft=2048, hop_length=512))
    mel = librosa.feature.melspectrogram(S=stft**2, sr=sr, n_mels=128)
    librosa.display.specshow(librosa.power_to_db(mel, ref=np.max), sr=sr, hop_length=512, x_axis="time",
                             y_axis="mel", ax=axes[1], cmap="magma")
    axes[1].set(title="log-mel spectrogram")
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=20)
    librosa.display.specshow(mfcc, sr=sr, hop_length=512, x_axis="time", ax=axes[2], cmap="coolwarm")
    axes[2].set(title="MFCC (20 coefficients)", ylabel="coefficient")
    chroma = librosa.feature.chroma_stft(S=stft**2, sr=sr)
    librosa.display.specshow(chroma, sr=sr, hop_length=512, x_axis="time", y_axis="chroma", ax=axes[3],
                             cmap="Blues")
    axes[3].set(title="chroma")
    fig.tight_layout()
    return fig, axes


def plot_spectrogram_images(paths: list[str], titles: list[str], *, axes=None, ncols: int = 4):
    """Show spectrogram images (8-bit grayscale PNGs) in a grid, low frequencies at the bottom."""
    from PIL import Image

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


def plot_confusion(confusion: pd.DataFrame, *, title: str = "Confusion on the test split", ax=None):
    """Heatmap of a row-normalised confusion matrix, each cell annotated in percent.

    Parameters
    ----------
    confusion : pd.DataFrame [shape=(k, k)]
        :func:`genrebook.evaluation.make_confusion` output (rows: true genre).

    Used in: 02_limitations.
    """
    k = len(confusion)
    fig, ax = _get_ax(ax, (1.0 + 0.75 * k, 0.5 + 0.65 * k))
    sns.heatmap(100 * confusion, annot=True, fmt=".0f", cmap="Blues", vmin=0, vmax=100, square=True, ax=ax,
                cbar_kws={"label": "% of the true genre", "shrink": 0.7}, annot_kws={"fontsize": 8})
    ax.set(xlabel=confusion.columns.name or "predicted", ylabel=confusion.index.name or "true", title=title)
    ax.grid(False)
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
    return fig, ax


def plot_genre_cooccurrence(shares: pd.DataFrame, *, ax=None):
    """Heatmap of genre co-occurrence: the share of each genre_top's tracks carrying another genre.

    The diagonal (tracks carrying their own genre) is left blank so that the scale shows the
    co-occurrences.

    Parameters
    ----------
    shares : pd.DataFrame [shape=(n_genre_top, n_genres)]
        :func:`genrebook.limitations.compute_top_level_cooccurrence` output.

    Used in: 02_limitations.
    """
    rows, cols = shares.shape
    fig, ax = _get_ax(ax, (1.5 + 0.7 * cols, 0.8 + 0.5 * rows))
    mask = np.array([[r == c for c in shares.columns] for r in shares.index])
    off = shares.to_numpy()[~mask]
    top = max(float(np.nanmax(off)) if off.size else 0.0, 0.01)
    sns.heatmap(100 * shares, mask=mask, annot=True, fmt=".1f", cmap="Purples", vmin=0, vmax=100 * top, ax=ax,
                cbar_kws={"label": "% of the genre_top's tracks", "shrink": 0.7}, annot_kws={"fontsize": 8})
    ax.set(xlabel="also carries (top-level genre)", ylabel="genre_top",
           title="Top-level genres carried besides the label")
    ax.grid(False)
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
    return fig, ax


def plot_artist_effect(effect: pd.DataFrame, *, ax=None):
    """Accuracy on the official, artist-filtered split against random splits that ignore artists.

    Parameters
    ----------
    effect : pd.DataFrame
        :func:`genrebook.limitations.compute_artist_effect` output (``kind``, ``accuracy``).

    Used in: 02_limitations.
    """
    fig, ax = _get_ax(ax, (6.5, 2.8))
    random = effect[effect["kind"] == "random"]["accuracy"]
    official = float(effect.loc[effect["kind"] == "official", "accuracy"].iloc[0])
    # spread the random splits vertically so that equal accuracies stay visible
    spread = np.linspace(-0.3, 0.3, len(random)) if len(random) > 1 else np.zeros(len(random))
    ax.scatter(100 * random, spread, s=60, color="C1", alpha=0.8, zorder=3,
               label=f"random splits ignoring artists ({len(random)})")
    if len(random):
        ax.axvline(100 * random.mean(), color="C1", ls="--", lw=1, label="mean of the random splits")
    ax.scatter([100 * official], [0], s=140, marker="D", color="C0", zorder=4,
               label="official split (artist-filtered)")
    ax.set(yticks=[], ylim=(-1, 1), xlabel="test accuracy (%)", title="The artist effect")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2, frameon=False, fontsize=9)
    return fig, ax


def plot_model_accuracies(table: pd.DataFrame, *, reported: pd.Series | None = None,
                          baselines: dict | None = None, ax=None):
    """Test accuracy of each model with its 95 % interval, its train accuracy, and reported figures.

    Parameters
    ----------
    table : pd.DataFrame
        One row per model (index: display name); columns ``test_accuracy``, ``test_low``,
        ``test_high``, ``train_accuracy`` (fractions).
    reported : pd.Series, optional
        Reported test accuracy per model (same index; NaN where none), drawn as crosses.
    baselines : dict, optional
        ``{label: accuracy}`` drawn as vertical lines (chance, majority).

    Used in: 03_classical_models.
    """
    fig, ax = _get_ax(ax, (7.5, 0.9 + 0.55 * len(table)))
    y = np.arange(len(table))
    test = 100 * table["test_accuracy"].to_numpy()
    errors = 100 * np.vstack([table["test_accuracy"] - table["test_low"], table["test_high"] - table["test_accuracy"]])
    ax.errorbar(test, y, xerr=errors, fmt="o", color="C0", capsize=3, label="test (95 % interval)", zorder=3)
    ax.scatter(100 * table["train_accuracy"], y, marker="o", facecolors="none", edgecolors="C2", label="train",
               zorder=3)
    if reported is not None and reported.notna().any():
        ax.scatter(100 * reported.reindex(table.index), y, marker="x", color="C3", s=50,
                   label="test, as reported", zorder=4)
    for (label, value), style in zip((baselines or {}).items(), ("--", ":", "-.")):
        ax.axvline(100 * value, color="0.4", ls=style, lw=1, label=label)
    ax.set_yticks(y, labels=table.index)
    ax.invert_yaxis()
    ax.set(xlabel="accuracy (%)", xlim=(0, 102), title="Classical models on the official split")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False, fontsize=9)
    return fig, ax


def plot_learning_curve(curve: pd.DataFrame, *, title: str = "Learning curve", ax=None):
    """Test accuracy (with its 95 % interval) and train accuracy against the number of training tracks.

    Parameters
    ----------
    curve : pd.DataFrame
        :func:`genrebook.tuning.compute_learning_curve` output.

    Used in: 03_classical_models.
    """
    fig, ax = _get_ax(ax, (6.5, 3.8))
    n = curve["n_train"].to_numpy()
    ax.fill_between(n, 100 * curve["test_low"], 100 * curve["test_high"], color="C0", alpha=0.2,
                    label="test, 95 % interval")
    ax.plot(n, 100 * curve["test_accuracy"], "o-", color="C0", label="test")
    ax.plot(n, 100 * curve["train_accuracy"], "o--", color="C2", label="train")
    ax.set(xscale="log", xlabel="training tracks (log scale)", ylabel="accuracy (%)", title=title)
    ax.set_xticks(n, labels=[f"{v:,}" for v in n])
    ax.minorticks_off()
    ax.legend(frameon=True, fontsize=9)
    return fig, ax


def plot_subset_accuracies(table: pd.DataFrame, *, reference: float | None = None,
                           reference_label: str = "all features", title: str = "", ax=None):
    """Bar chart of test accuracy per feature subset, with 95 % intervals and a reference line.

    Parameters
    ----------
    table : pd.DataFrame
        Index: subset names; columns ``test_accuracy``, ``test_low``, ``test_high``.
    reference : float, optional
        Accuracy drawn as a vertical line (the model on all features).

    Used in: 04_featurewise_logreg.
    """
    table = table.sort_values("test_accuracy", ascending=False, kind="stable")
    fig, ax = _get_ax(ax, (7, 0.9 + 0.42 * len(table)))
    errors = 100 * np.vstack([table["test_accuracy"] - table["test_low"], table["test_high"] - table["test_accuracy"]])
    ax.barh(np.arange(len(table)), 100 * table["test_accuracy"], xerr=errors, color="C0", alpha=0.85,
            error_kw={"capsize": 3, "lw": 1})
    if reference is not None:
        ax.axvline(100 * reference, color="C3", ls="--", lw=1.2, label=f"{reference_label} ({reference:.1%})")
        ax.legend(loc="lower right", frameon=True, fontsize=9)
    ax.set_yticks(np.arange(len(table)), labels=table.index)
    ax.invert_yaxis()
    ax.set(xlabel="test accuracy (%)", xlim=(0, 100), title=title)
    return fig, ax


def plot_forward_selection(steps: pd.DataFrame, *, ax=None):
    """Validation and test accuracy as feature groups are added one at a time.

    Parameters
    ----------
    steps : pd.DataFrame
        :func:`genrebook.featurewise.select_groups_forward` output.

    Used in: 04_featurewise_logreg.
    """
    fig, ax = _get_ax(ax, (max(5.0, 0.7 * len(steps) + 2.5), 3.8))
    x = np.arange(len(steps))
    ax.fill_between(x, 100 * steps["test_low"], 100 * steps["test_high"], color="C0", alpha=0.2,
                    label="test, 95 % interval")
    ax.plot(x, 100 * steps["test_accuracy"], "o-", color="C0", label="test")
    ax.plot(x, 100 * steps["validation_accuracy"], "s--", color="C1", label="validation (chooses the group)")
    ax.set_xticks(x, labels=[f"+ {g}" if i else g for i, g in enumerate(steps["added"])])
    plt.setp(ax.get_xticklabels(), rotation=35, ha="right", rotation_mode="anchor")
    ax.set(ylabel="accuracy (%)", title="Greedy forward selection of feature groups")
    ax.legend(frameon=True, fontsize=9)
    return fig, ax
