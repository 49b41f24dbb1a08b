"""Plots of the model chapters: confusion matrices, accuracies with intervals, learning curves,
feature-subset accuracies, forward selection and training curves.

Used in: 02_limitations, 03_classical_models, 04_featurewise_logreg, 05_cnn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from genrebook.plots.base import make_axes


def plot_training_curves(histories: dict[str, pd.DataFrame], *, axes=None):
    """Loss and accuracy (%) per epoch, training (solid) and validation (dashed), one colour per network.

    Parameters
    ----------
    histories : dict
        ``{network name as shown: history frame}``, each indexed by epoch with columns ``loss``,
        ``accuracy``, ``val_loss``, ``val_accuracy`` (accuracies as fractions).
    axes : two matplotlib axes, optional

    Returns
    -------
    fig, axes

    Used in: 05_cnn.
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(8.5, 3.6))
    fig = axes[0].figure
    for i, (name, history) in enumerate(histories.items()):
        for ax, metric, scale in zip(axes, ("loss", "accuracy"), (1, 100)):
            ax.plot(history.index, scale * history[metric], color=f"C{i}", label=f"{name}, training")
            ax.plot(history.index, scale * history[f"val_{metric}"], color=f"C{i}", ls="--",
                    label=f"{name}, validation")
    axes[0].set(xlabel="epoch", ylabel="cross-entropy loss")
    axes[1].set(xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 100))
    for ax in axes:
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    handles, labels = axes[1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=min(3, max(1, len(histories))),
               frameon=False, fontsize=10)
    return fig, axes


def plot_confusion(confusion: pd.DataFrame, *, title: str = "", ax=None):
    """Heatmap of a row-normalised confusion matrix, each cell annotated in percent.

    Parameters
    ----------
    confusion : pd.DataFrame [shape=(k, k)]
        :func:`genrebook.models.evaluation.make_confusion` output (rows: true genre).
    title : str
        Above the axes; none by default (the book's caption says what it shows).

    Returns
    -------
    fig, ax

    Used in: 02_limitations, 03_classical_models, 05_cnn.
    """
    k = len(confusion)
    fig, ax = make_axes(ax, (1.6 + 0.75 * k, 0.9 + 0.65 * k))
    sns.heatmap(100 * confusion, annot=True, fmt=".0f", cmap="Blues", vmin=0, vmax=100, square=True, ax=ax,
                cbar_kws={"label": "% of the true genre's test tracks", "shrink": 0.7}, annot_kws={"fontsize": 9})
    ax.set(xlabel=confusion.columns.name or "predicted genre", ylabel=confusion.index.name or "true genre")
    if title:
        ax.set_title(title)
    ax.grid(False)
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
    plt.setp(ax.get_yticklabels(), rotation=0)
    return fig, ax


def plot_model_accuracies(table: pd.DataFrame, *, reported: pd.Series | None = None,
                          baselines: dict | None = None, reported_label: str = "reported", ax=None):
    """Test accuracy of each model with its 95 % interval, baselines as lines, reported figures as crosses.

    Parameters
    ----------
    table : pd.DataFrame
        One row per model, top to bottom (index: display name); columns ``test_accuracy``,
        ``test_low``, ``test_high`` (fractions).
    reported : pd.Series, optional
        Test accuracy reported elsewhere per model (same index; missing or NaN where none),
        drawn as crosses and labelled ``reported_label``.
    baselines : dict, optional
        ``{label: accuracy}`` drawn as vertical lines (chance, majority).
    reported_label : str
        Legend entry of the crosses (who reported them).

    Returns
    -------
    fig, ax

    Used in: 03_classical_models.
    """
    fig, ax = make_axes(ax, (6, 2.2 + 0.45 * len(table)))
    y = np.arange(len(table))
    test = 100 * table["test_accuracy"].to_numpy(dtype=float)
    errors = 100 * np.vstack([table["test_accuracy"] - table["test_low"],
                              table["test_high"] - table["test_accuracy"]]).astype(float)
    ax.errorbar(test, y, xerr=errors, fmt="o", color="C0", capsize=3, label="ours, with its 95% interval", zorder=3)
    shown = reported.reindex(table.index) if reported is not None else None
    if shown is not None and shown.notna().any():
        ax.scatter(100 * shown.to_numpy(dtype=float), y, marker="x", color="C3", s=60, zorder=4,
                   label=reported_label)
    for (label, value), style in zip((baselines or {}).items(), ("--", ":", "-.")):
        ax.axvline(100 * value, color="0.35", ls=style, lw=1.2, label=f"{label} ({100 * value:.1f}%)")
    ax.set_yticks(y, labels=table.index)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set(xlabel="test accuracy (%)", xlim=(0, 100))
    # below the x label, at a fixed distance in font sizes whatever the axes' height
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: not labels[i].startswith("ours"))  # ours first
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper left", bbox_to_anchor=(0, 0),
              borderaxespad=3.4, ncol=1, frameon=False)
    return fig, ax


def plot_learning_curve(curve: pd.DataFrame, *, title: str = "", ax=None):
    """Test accuracy (with its 95 % interval) and train accuracy against the number of training tracks.

    Parameters
    ----------
    curve : pd.DataFrame
        :func:`genrebook.models.tuning.compute_learning_curve` output.
    title : str
        Above the axes; none by default (the book's caption says what it shows).

    Returns
    -------
    fig, ax

    Used in: 03_classical_models.
    """
    fig, ax = make_axes(ax, (6, 4.2))
    n = curve["n_train"].to_numpy()
    ax.fill_between(n, 100 * curve["test_low"], 100 * curve["test_high"], color="C0", alpha=0.2,
                    label="test, 95% interval")
    ax.plot(n, 100 * curve["test_accuracy"], "o-", color="C0", label="test")
    ax.plot(n, 100 * curve["train_accuracy"], "o--", color="C2", label="train")
    ax.set(xscale="log", xlabel="training tracks (log scale)", ylabel="accuracy (%)", ylim=(0, 102))
    if title:
        ax.set_title(title)
    ax.set_xticks(n, labels=[f"{v:,}" for v in n])
    ax.minorticks_off()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), borderaxespad=3.4, ncol=3, frameon=False)
    return fig, ax


def plot_subset_accuracies(table: pd.DataFrame, *, reference: float | None = None,
                           reference_label: str = "all features", ax=None):
    """Bar chart of test accuracy per feature subset, with 95 % intervals and a reference line.

    Parameters
    ----------
    table : pd.DataFrame
        Index: subset names as shown; columns ``test_accuracy``, ``test_low``, ``test_high``.
    reference : float, optional
        Accuracy drawn as a dashed vertical line (the model on all features), named in a legend
        above the axes.
    reference_label : str
        What the line stands for.

    Returns
    -------
    fig, ax

    Used in: 04_featurewise_logreg.
    """
    table = table.sort_values("test_accuracy", ascending=False, kind="stable")
    fig, ax = make_axes(ax, (7, 1.6 + 0.42 * len(table)))
    errors = 100 * np.vstack([table["test_accuracy"] - table["test_low"], table["test_high"] - table["test_accuracy"]])
    ax.barh(np.arange(len(table)), 100 * table["test_accuracy"], xerr=errors, color="C0", alpha=0.85,
            error_kw={"capsize": 3, "lw": 1}, label="test accuracy (95% interval)")
    if reference is not None:
        ax.axvline(100 * reference, color="C3", ls="--", lw=1.2, label=f"{reference_label} ({100 * reference:.1f}%)")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=2, frameon=False,
              fontsize=9)  # above the axes: off the data
    ax.set_yticks(np.arange(len(table)), labels=table.index)
    ax.invert_yaxis()
    ax.set(xlabel="test accuracy (%)", xlim=(0, 100))
    return fig, ax


def plot_forward_selection(steps: pd.DataFrame, *, ax=None):
    """Validation and test accuracy as feature groups are added one at a time.

    Parameters
    ----------
    steps : pd.DataFrame
        :func:`genrebook.models.featurewise.select_groups_forward` output, ``added`` holding the
        names shown.

    Returns
    -------
    fig, ax

    Used in: 04_featurewise_logreg.
    """
    fig, ax = make_axes(ax, (8, 4.6))
    x = np.arange(len(steps))
    ax.fill_between(x, 100 * steps["test_low"], 100 * steps["test_high"], color="C0", alpha=0.2,
                    label="test, 95% interval")
    ax.plot(x, 100 * steps["test_accuracy"], "o-", color="C0", label="test")
    ax.plot(x, 100 * steps["validation_accuracy"], "s--", color="C1", label="validation (chooses the group)")
    ax.set_xticks(x, labels=[f"+ {g}" if i else g for i, g in enumerate(steps["added"])])
    plt.setp(ax.get_xticklabels(), rotation=35, ha="right", rotation_mode="anchor")
    ax.set(xlabel="feature group added at each step", ylabel="accuracy (%)", ylim=(0, 100))
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=3, frameon=False,
              fontsize=9)  # above the axes: off the data and clear of the rotated tick labels
    return fig, ax