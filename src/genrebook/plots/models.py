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
    """Loss and accuracy per epoch, training (solid) and validation (dashed), one colour per network.

    Parameters
    ----------
    histories : dict
        ``{network: history frame}`` with columns ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``.

    Returns
    -------
    fig, axes
    """
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    fig = axes[0].figure
    for i, (name, history) in enumerate(histories.items()):
        for ax, metric in zip(axes, ("loss", "accuracy")):
            ax.plot(history.index, history[metric], color=f"C{i}", label=f"{name} (training)")
            ax.plot(history.index, history[f"val_{metric}"], color=f"C{i}", ls="--", label=f"{name} (validation)")
    axes[0].set(xlabel="epoch", ylabel="cross-entropy loss", title="Loss")
    axes[1].set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    axes[1].legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig, axes


def plot_confusion(confusion: pd.DataFrame, *, title: str = "Confusion on the test split", ax=None):
    """Heatmap of a row-normalised confusion matrix, each cell annotated in percent.

    Parameters
    ----------
    confusion : pd.DataFrame [shape=(k, k)]
        :func:`genrebook.models.evaluation.make_confusion` output (rows: true genre).

    Used in: 02_limitations.
    """
    k = len(confusion)
    fig, ax = make_axes(ax, (1.0 + 0.75 * k, 0.5 + 0.65 * k))
    sns.heatmap(100 * confusion, annot=True, fmt=".0f", cmap="Blues", vmin=0, vmax=100, square=True, ax=ax,
                cbar_kws={"label": "% of the true genre", "shrink": 0.7}, annot_kws={"fontsize": 8})
    ax.set(xlabel=confusion.columns.name or "predicted", ylabel=confusion.index.name or "true", title=title)
    ax.grid(False)
    plt.setp(ax.get_xticklabels(), rotation=45, ha="right", rotation_mode="anchor")
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
    fig, ax = make_axes(ax, (7.5, 0.9 + 0.55 * len(table)))
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
        :func:`genrebook.models.tuning.compute_learning_curve` output.

    Used in: 03_classical_models.
    """
    fig, ax = make_axes(ax, (6.5, 3.8))
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
    fig, ax = make_axes(ax, (7, 0.9 + 0.42 * len(table)))
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
        :func:`genrebook.models.featurewise.select_groups_forward` output.

    Used in: 04_featurewise_logreg.
    """
    fig, ax = make_axes(ax, (max(5.0, 0.7 * len(steps) + 2.5), 3.8))
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
