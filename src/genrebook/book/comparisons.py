"""What chapter 05 compares its networks with: a logistic regression fitted here (C = 1, not tuned),
chapter 03's best classical model as quoted from the run's results, the original analysis' reported
CNN, and the project's targets.

Used in: 05_cnn (through :mod:`genrebook.book.pages.cnn`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from genrebook.models.pipelines import make_logreg_pipeline

#: The project's targets on real fma_small data (test accuracy): the best audio-only network (issue 12: published
#: mel-spectrogram CNNs trained from scratch on fma_small reach 51-55 %) and the multi-input network.
STRONG_TARGET = 0.52
MULTI_TARGET = 0.62


#: How the page names the logistic regression fitted here, wherever it appears.
LOGREG_NAME = "logistic regression (C = 1, not tuned)"


def make_logreg(seed: int):
    """The logistic regression fitted in the chapter: C = 1 (scikit-learn's default), not tuned on validation."""
    return make_logreg_pipeline(seed=seed, C=1.0)


@dataclass(frozen=True)
class QuotedResult:
    """A model's test accuracy read from another chapter's results (its predictions are not at hand).

    Attributes
    ----------
    name : str or None
        The model, as that chapter names it.
    accuracy : float
    low, high : float or None
        Its 95 % interval, where the results hold it.
    """

    name: str | None
    accuracy: float
    low: float | None = None
    high: float | None = None


def find_classical_result(results: dict) -> QuotedResult | None:
    """Find chapter 03's best model and its test accuracy in a run's ``results.json`` (None when absent).

    Reads ``03_classical_models.best_test_accuracy`` (else another key of chapter 03 naming a best
    accuracy, not an interval bound), ``best_model`` and, where present, ``best_test_low``/``best_test_high``.

    Examples
    --------
    >>> find_classical_result({}) is None
    True
    >>> find_classical_result({"03_classical_models.best_test_accuracy": 0.55,
    ...                        "03_classical_models.best_model": "RBF SVM"})
    QuotedResult(name='RBF SVM', accuracy=0.55, low=None, high=None)
    """
    chapter = {k.partition(".")[2]: v for k, v in results.items() if k.startswith("03_classical_models.")}
    accuracy = chapter.get("best_test_accuracy")
    if not isinstance(accuracy, (int, float)):
        candidates = sorted(k for k, v in chapter.items()
                            if "best" in k and "accuracy" in k and isinstance(v, (int, float))
                            and not any(s in k for s in ("low", "high", "validation", "train")))
        if not candidates:
            return None
        accuracy = chapter[candidates[0]]
    name = chapter.get("best_model")
    bounds = [chapter.get(k) for k in ("best_test_low", "best_test_high")]
    low, high = (float(b) for b in bounds) if all(isinstance(b, (int, float)) for b in bounds) else (None, None)
    return QuotedResult(name if isinstance(name, str) else None, float(accuracy), low, high)


def tabulate_comparison(networks: pd.DataFrame, *, logreg: tuple[float, float, float],
                        classical: QuotedResult | None, reported: float) -> pd.DataFrame:
    """The networks beside the models they are compared with, raw values for :func:`make_table`.

    Parameters
    ----------
    networks : pd.DataFrame
        :func:`genrebook.book.networks.tabulate_networks` output.
    logreg : (accuracy, low, high)
        The logistic regression fitted here.
    classical : QuotedResult or None
        Chapter 03's best model.
    reported : float
        The original analysis' reported CNN accuracy.

    Returns
    -------
    pd.DataFrame
        Index: model; columns ``accuracy``, ``interval`` (``(low, high)`` or None) and ``source``.

    Examples
    --------
    >>> nets = pd.DataFrame({"test accuracy": [0.5], "interval": [(0.4, 0.6)]}, index=["plain 2-D CNN"])
    >>> tabulate_comparison(nets, logreg=(0.5, 0.45, 0.55), classical=None, reported=0.35)["source"].tolist()
    ['reported by the original analysis', 'fitted here', 'fitted here']
    """
    rows = {"CNN on MFCC images of the original analysis (reported)":
            {"accuracy": reported, "interval": None, "source": "reported by the original analysis"}}
    if classical is not None:
        label = f"{classical.name}, best classical model of chapter 03" if classical.name else \
            "best classical model of chapter 03"
        interval = (classical.low, classical.high) if classical.low is not None else None
        rows[label] = {"accuracy": classical.accuracy, "interval": interval, "source": "quoted from chapter 03"}
    rows[LOGREG_NAME] = {"accuracy": logreg[0], "interval": (logreg[1], logreg[2]), "source": "fitted here"}
    for name, row in networks.iterrows():
        rows[name] = {"accuracy": row["test accuracy"], "interval": row["interval"], "source": "fitted here"}
    return pd.DataFrame.from_dict(rows, orient="index")


def align_correct(predictions: pd.DataFrame, index: pd.Index) -> np.ndarray:
    """Right or wrong per test track, in the order of ``index`` (so two models' answers pair up).

    Examples
    --------
    >>> p = pd.DataFrame({"true": ["a", "b"], "predicted": ["a", "a"]}, index=[7, 3])
    >>> align_correct(p, pd.Index([3, 7])).tolist()
    [False, True]
    """
    if not predictions.index.sort_values().equals(index.sort_values()):
        raise ValueError("both models must answer the same test tracks")
    ordered = predictions.loc[index]
    return (ordered["true"] == ordered["predicted"]).to_numpy()
