"""Chapter 05's comparisons: the networks beside chapter 03's classical models, the original
analysis' reported CNN, and the project's targets.

Used in: 05_cnn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genrebook.book.published import ORIGINAL_CNN_ACCURACY
from genrebook.models.evaluation import fit_and_predict, split_features
from genrebook.models.pipelines import make_logreg_pipeline

#: The project's targets on real fma_small data (test accuracy).
STRONG_TARGET = 0.50


MULTI_TARGET = 0.62


def make_logreg(seed: int):
    """The quick classical baseline fitted in the chapter (:func:`genrebook.models.pipelines.make_logreg_pipeline`)."""
    return make_logreg_pipeline(seed=seed)


def describe_difference(scores: dict[str, dict], first: str, second: str, *, label: str | None = None) -> str:
    """Say how far one model's test accuracy is from another's, and whether the intervals separate them.

    Examples
    --------
    >>> s = {"a": {"accuracy": 0.5, "low": 0.46, "high": 0.54}, "b": {"accuracy": 0.45, "low": 0.41, "high": 0.49}}
    >>> describe_difference(s, "a", "b", label="model b")
    '5.0 percentage points above model b, and their 95 % intervals overlap'
    """
    if first not in scores or second not in scores:
        return "one of the two was not run here"
    a, b = scores[first], scores[second]
    points = 100 * (a["accuracy"] - b["accuracy"])
    side = "above" if points > 0 else "below" if points < 0 else "level with"
    separate = a["low"] > b["high"] or b["low"] > a["high"]
    return (f"{abs(points):.1f} percentage points {side} {label or second}, and their 95 % intervals "
            f"{'do not overlap' if separate else 'overlap'}")


def compute_validation_gap(model, dataset) -> float:
    """Validation accuracy minus test accuracy of a classical model trained on the training split."""
    parts = split_features(dataset.features, dataset.tracks)
    (X_train, y_train), (X_valid, y_valid), (X_test, y_test) = (parts[s] for s in ("training", "validation", "test"))
    predicted = fit_and_predict(model, X_train, y_train, pd.concat([X_valid, X_test]))
    valid = float(np.mean(predicted[:len(y_valid)] == y_valid.to_numpy()))
    return valid - float(np.mean(predicted[len(y_valid):] == y_test.to_numpy()))


def find_classical_result(results: dict) -> tuple[str, float] | None:
    """Find chapter 03's best test accuracy in a run's ``results.json`` (None when absent).

    Looks for ``03_classical_models.best_test_accuracy``, else another key of chapter 03 that
    names a best accuracy (not an interval bound); returns ``(key, value)``.
    """
    preferred = "03_classical_models.best_test_accuracy"
    if isinstance(results.get(preferred), (int, float)):
        return preferred, float(results[preferred])
    for key, value in sorted(results.items()):
        name = key.partition(".")[2]
        if (key.startswith("03_classical_models.") and "best" in name and "accuracy" in name
                and not any(s in name for s in ("low", "high", "validation")) and isinstance(value, (int, float))):
            return key, float(value)
    return None


def find_classical_model_name(results: dict) -> str | None:
    """Name of chapter 03's best model in ``results.json`` (``best_model`` or a similar key), if any."""
    for key, value in sorted(results.items()):
        if key.startswith("03_classical_models.") and "best" in key and "model" in key and isinstance(value, str):
            return value
    return None


def make_comparison(summary: pd.DataFrame, *, logreg: tuple[float, float, float],
                    classical: tuple[str, float] | None, classical_name: str | None = None) -> pd.DataFrame:
    """Compare the networks with the classical models and the original analysis's reported CNN.

    Returns
    -------
    pd.DataFrame
        Index ``model``; columns ``test accuracy``, ``95% low``, ``95% high``, ``source``.
    """
    rows = [{"model": "original CNN on MFCC images (as reported)", "test accuracy": ORIGINAL_CNN_ACCURACY,
             "95% low": np.nan, "95% high": np.nan, "source": "reported by the original analysis"}]
    if classical is not None:
        label = f"best classical model of chapter 03 ({classical_name})" if classical_name else \
            "best classical model of chapter 03"
        rows.append({"model": label, "test accuracy": classical[1], "95% low": np.nan, "95% high": np.nan,
                     "source": f"results.json: {classical[0]}"})
    rows.append({"model": "logistic regression on the features", "test accuracy": logreg[0], "95% low": logreg[1],
                 "95% high": logreg[2], "source": "fitted in this chapter"})
    for name, row in summary.iterrows():
        rows.append({"model": f"{name} network", "test accuracy": row["test accuracy"], "95% low": row["95% low"],
                     "95% high": row["95% high"], "source": "this chapter"})
    return pd.DataFrame(rows).set_index("model")


def describe_classical(classical: tuple[str, float] | None) -> str:
    """One sentence on where the classical comparison comes from."""
    if classical is None:
        return ("Chapter 03 has not run into this run folder, so its best classical model is not in the "
                "table; the logistic regression below stands in for it.")
    return f"Chapter 03's best classical model reached {classical[1]:.1%} on the same test split."


def check_targets(scores: dict[str, dict], *, classical: tuple[str, float] | None, logreg: float,
                  synthetic: bool) -> pd.DataFrame:
    """Check the networks against the targets.

    Returns
    -------
    pd.DataFrame
        One row per target: ``network``, ``target`` (text), ``accuracy``, ``met`` (bool or None
        when the network was not run).
    """
    best_classical = classical[1] if classical is not None else logreg
    reference = "chapter 03's best classical model" if classical is not None else "the logistic regression"
    rows = [("strong", f"at least {STRONG_TARGET:.0%}", STRONG_TARGET),
            ("multi", f"at least {MULTI_TARGET:.0%}", MULTI_TARGET),
            ("multi", f"above {reference} ({best_classical:.1%})", best_classical)]
    table = []
    for network, text, threshold in rows:
        accuracy = scores[network]["accuracy"] if network in scores else np.nan
        reached = accuracy >= threshold if "least" in text else accuracy > threshold
        met = None if network not in scores else bool(reached)
        table.append({"network": network, "target": text, "test accuracy": accuracy, "met": met})
    frame = pd.DataFrame(table)
    frame.attrs["synthetic"] = synthetic
    return frame.set_index(["network", "target"])


def describe_targets(targets: pd.DataFrame) -> str:
    """Say which targets were met, honestly, and why the numbers may not apply."""
    checked = targets[targets["met"].notna()]
    missed = checked[~checked["met"].astype(bool)]
    prefix = ("These targets are meant for real fma_small data; on synthetic demo data they say nothing. "
              if targets.attrs.get("synthetic") else "")
    if checked.empty:
        return prefix + "No target could be checked: the networks concerned were not run."
    if missed.empty:
        return prefix + f"All {len(checked)} checked targets are met."
    names = "; ".join(f"the {n} network {t} (it reaches {a:.1%})" for (n, t), a in missed["test accuracy"].items())
    return prefix + f"{len(checked) - len(missed)} of {len(checked)} checked targets are met; missed: {names}."
