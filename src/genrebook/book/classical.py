"""Reading the classical models' results: tables for the page, our numbers beside the reported
ones, and the sentences that say which reported figures were matched.

Used in: 03_classical_models, 04_featurewise_logreg.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genrebook.book.published import REPORTED_FMA_SVM_MFCC, REPORTED_ORIGINAL
from genrebook.fma.columns import FMA_GROUPS
from genrebook.models.pipelines import CLASSICAL_MODELS


def format_params(params: dict) -> str:
    """Write a candidate's parameters compactly, numbers to 3 significant digits.

    Examples
    --------
    >>> format_params({"C": 1.0, "gamma": 0.0018656, "weights": "distance"})
    'C=1, gamma=0.00187, weights=distance'
    """
    return ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v}" for k, v in params.items()) or "defaults"


def format_intervals(low, high) -> list[str]:
    """Write intervals of fractions as percent ranges.

    Examples
    --------
    >>> format_intervals([0.5], [0.625])
    ['50.0 to 62.5']
    """
    return [f"{100 * lo:.1f} to {100 * hi:.1f}" for lo, hi in zip(low, high)]


def summarize_models(table: pd.DataFrame) -> pd.DataFrame:
    """Arrange :func:`genrebook.models.tuning.tune_and_evaluate`'s table for reading: one row per model.

    Returns
    -------
    pd.DataFrame
        Index ``model`` (display names); accuracies in percent, the 95 % interval as text, fit
        seconds, candidates searched and the chosen parameters.
    """
    out = pd.DataFrame({
        "test %": 100 * table["test_accuracy"],
        "95 % interval": format_intervals(table["test_low"], table["test_high"]),
        "train %": 100 * table["train_accuracy"],
        "validation %": 100 * table["validation_accuracy"],
        "final fit (s)": table["fit_seconds"],
        "search (s)": table["search_seconds"],
        "candidates": table["n_candidates"],
        "chosen parameters": [format_params(p) for p in table["params"]],
    }, index=table.index)
    out.index = pd.Index([CLASSICAL_MODELS.get(k, k) for k in table.index], name="model")
    return out.round(1)


def compare_with_reported(table: pd.DataFrame) -> pd.DataFrame:
    """Put our test and train accuracy beside the reported ones, saying who reported each.

    The five models of the original analysis (all 518 FMA statistics) come first; the RBF SVM is
    set against the FMA authors' own fma_small figure (the 140 MFCC statistics only).

    Returns
    -------
    pd.DataFrame
        Index ``model`` (display names); columns ``ours: test %``, ``ours: 95 % interval``,
        ``ours: train %``, ``reported: test %``, ``reported: train %`` (NaN where none),
        ``reported by`` and ``test difference (points)``.
    """
    reported = {**{k: (*v, "original analysis, 518 FMA statistics") for k, v in REPORTED_ORIGINAL.items()},
                "svm": (REPORTED_FMA_SVM_MFCC, np.nan, "FMA authors (usage notebook), 140 MFCC statistics")}
    keys = [k for k in reported if k in table.index] + [k for k in table.index if k not in reported]
    ours = table.loc[keys]
    out = pd.DataFrame({
        "ours: test %": 100 * ours["test_accuracy"].to_numpy(),
        "ours: 95 % interval": format_intervals(ours["test_low"], ours["test_high"]),
        "ours: train %": 100 * ours["train_accuracy"].to_numpy(),
        "reported: test %": [100 * reported.get(k, (np.nan,))[0] for k in keys],
        "reported: train %": [100 * reported.get(k, (np.nan, np.nan))[1] for k in keys],
        "reported by": [reported.get(k, (None, None, "nobody"))[2] for k in keys],
    }, index=pd.Index([CLASSICAL_MODELS[k] for k in keys], name="model"))
    out["test difference (points)"] = out["ours: test %"] - out["reported: test %"]
    return out.round(1)


def count_reported_matched(table: pd.DataFrame) -> dict:
    """Count the models whose test accuracy matches or beats the original analysis' reported figure.

    Returns
    -------
    dict
        ``n_compared``, ``n_matched`` (ints); ``below`` (display names of the models below it,
        ``'none'`` when all match); ``below_within_interval`` (of those, the ones whose 95 %
        interval still contains the reported figure, ``'none'`` when there are none).
    """
    keys = [k for k in REPORTED_ORIGINAL if k in table.index]
    below = [k for k in keys if table.loc[k, "test_accuracy"] < REPORTED_ORIGINAL[k][0]]
    within = [k for k in below if table.loc[k, "test_high"] >= REPORTED_ORIGINAL[k][0]]
    names = lambda ks: ", ".join(CLASSICAL_MODELS[k] for k in ks) or "none"  # noqa: E731
    return {"n_compared": len(keys), "n_matched": len(keys) - len(below), "below": names(below),
            "below_within_interval": names(within)}


def describe_feature_set(groups: list[str]) -> str:
    """Say how a dataset's feature groups relate to the 518 FMA features the reported figures used.

    Examples
    --------
    >>> describe_feature_set(["mfcc", "vggish"])
    "not FMA's 518 features: of FMA's 11 groups only mfcc is here, and vggish is not an FMA group"
    """
    groups = list(groups)
    fma = [g for g in groups if g in FMA_GROUPS]
    other = [g for g in groups if g not in FMA_GROUPS]
    if set(groups) == FMA_GROUPS:
        return "in FMA's 11 groups, the layout of FMA's features.csv"
    text = (f"not FMA's 518 features: of FMA's 11 groups only {', '.join(fma)} "
            f"{'is' if len(fma) == 1 else 'are'} here") if fma else "not FMA's 518 features: none of FMA's groups"
    if other:
        text += f", and {', '.join(other)} {'is not an FMA group' if len(other) == 1 else 'are not FMA groups'}"
    return text


def rank_models(table: pd.DataFrame) -> list[str]:
    """Order model keys by test accuracy, best first (the earlier in book order on ties).

    Examples
    --------
    >>> rank_models(pd.DataFrame({"test_accuracy": [0.4, 0.6, 0.6]}, index=["rf", "svm", "logreg"]))
    ['logreg', 'svm', 'rf']
    """
    order = {k: i for i, k in enumerate(CLASSICAL_MODELS)}
    return sorted(table.index, key=lambda k: (-float(table.loc[k, "test_accuracy"]), order.get(k, len(order))))


def best_by_validation(table: pd.DataFrame) -> str:
    """The model key with the best validation accuracy (the earlier in book order on ties).

    The chapter's "best model" is chosen this way, so that the test split chooses nothing.
    """
    order = {k: i for i, k in enumerate(CLASSICAL_MODELS)}
    return sorted(table.index, key=lambda k: (-float(table.loc[k, "validation_accuracy"]),
                                              order.get(k, len(order))))[0]


def _find_half(curve: pd.DataFrame) -> int:
    n = curve["n_train"].to_numpy()
    return int(np.argmin(np.abs(n[:-1] - n[-1] / 2))) if len(n) > 1 else 0


def find_half_size(curve: pd.DataFrame) -> int:
    """The training size of a learning curve closest to half of its largest one.

    Examples
    --------
    >>> find_half_size(pd.DataFrame({"n_train": [100, 410, 800], "test_accuracy": [0.3, 0.4, 0.5]}))
    410
    """
    return int(curve["n_train"].iloc[_find_half(curve)])


def compute_doubling_gain(curve: pd.DataFrame) -> float:
    """Test accuracy gained between the largest training size and the one closest to half of it."""
    return float(curve["test_accuracy"].iloc[-1] - curve["test_accuracy"].iloc[_find_half(curve)])


def describe_against_reported(accuracy: float, low: float, high: float, reported: float) -> str:
    """Say how a test accuracy with its interval stands against a reported figure.

    Examples
    --------
    >>> describe_against_reported(0.56, 0.52, 0.60, 0.577)
    'is below it, but the reported figure lies inside our interval'
    """
    if accuracy >= reported:
        return "matches or beats it"
    if high >= reported:
        return "is below it, but the reported figure lies inside our interval"
    return "is below it, and the reported figure lies above our interval"


#: The project's target for the best classical model on fma_small_derived (an SVM on its VGGish
#: features alone gets about this much on the official test split).
BEST_MODEL_TARGET = 0.57


def describe_best_target(accuracy: float, low: float, high: float, *, target: float = BEST_MODEL_TARGET,
                         synthetic: bool = False) -> str:
    """Say whether the best model meets the project's target, and how firmly.

    Examples
    --------
    >>> describe_best_target(0.56, 0.526, 0.595)
    'It misses it by 1.0 percentage points; the target lies inside its 95 % interval, so the miss is within what the test split can resolve.'
    >>> describe_best_target(0.60, 0.57, 0.63, synthetic=True)[:40]
    'The target is meant for real fma_small d'
    """
    prefix = ("The target is meant for real fma_small data; on synthetic demo data it says nothing. "
              if synthetic else "")
    if accuracy >= target:
        return prefix + f"It meets it, by {100 * (accuracy - target):.1f} percentage points."
    firm = ("the target lies inside its 95 % interval, so the miss is within what the test split can resolve"
            if high >= target else "the target lies above its whole 95 % interval")
    return prefix + f"It misses it by {100 * (target - accuracy):.1f} percentage points; {firm}."
