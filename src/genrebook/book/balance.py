"""Whether a dataset's genres are balanced, and the scores that weigh every genre equally.

With unbalanced genres (:data:`UNBALANCED_RATIO`), accuracy rewards a model for the large genres:
always answering the largest one can look good. The model chapters then give balanced accuracy
(the mean of the genres' recalls) and macro-F1 (the mean of their F1 scores) beside accuracy.

Used in: 03_classical_models, 04_featurewise_logreg, 05_cnn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

#: Largest-to-smallest ratio of tracks per genre above which the genres count as unbalanced: then the
#: chapters give balanced accuracy and macro-F1 beside accuracy (fma_small's genres are at 1.0,
#: fma_medium's in the hundreds).
UNBALANCED_RATIO = 1.5


@dataclass(frozen=True)
class Balance:
    """How evenly the tracks spread over the genres.

    Attributes
    ----------
    largest, smallest : str
        The genres with the most and the fewest tracks (the first in sorted order on ties).
    n_largest, n_smallest : int
        Their track counts.
    n_genres : int
    """

    largest: str
    smallest: str
    n_largest: int
    n_smallest: int
    n_genres: int

    @property
    def ratio(self) -> float:
        """Tracks of the largest genre per track of the smallest."""
        return self.n_largest / self.n_smallest

    @property
    def unbalanced(self) -> bool:
        """Whether :attr:`ratio` exceeds :data:`UNBALANCED_RATIO`."""
        return self.ratio > UNBALANCED_RATIO


def measure_balance(labels) -> Balance:
    """Measure how evenly labelled items spread over the classes (:data:`UNBALANCED_RATIO` decides).

    Parameters
    ----------
    labels : array-like [shape=(n,)]
        One genre per track (all the tracks a chapter uses, every split).

    Returns
    -------
    Balance

    Examples
    --------
    >>> b = measure_balance(["Rock"] * 3 + ["Pop"] * 2)
    >>> b.largest, b.smallest, b.ratio, b.unbalanced
    ('Rock', 'Pop', 1.5, False)
    >>> measure_balance(["Rock"] * 4 + ["Pop"] * 2 + ["Folk"] * 3).unbalanced
    True
    """
    counts = pd.Series(np.asarray(labels)).value_counts().sort_index()
    if counts.empty:
        raise ValueError("balance needs at least one labelled item; got none")
    largest, smallest = counts.idxmax(), counts.idxmin()
    return Balance(str(largest), str(smallest), int(counts[largest]), int(counts[smallest]), len(counts))


def compute_balanced_scores(y_true, y_pred) -> tuple[float, float]:
    """Balanced accuracy and macro-F1: scores that weigh every genre equally, however many tracks it has.

    Both average over the genres present in ``y_true`` (a genre predicted but absent from it counts
    only through the others' precision).

    Parameters
    ----------
    y_true, y_pred : array-like [shape=(n,)]

    Returns
    -------
    balanced_accuracy : float
        The mean of the genres' recalls (always answering one genre scores 1/k).
    macro_f1 : float
        The mean of the genres' F1 scores.

    Examples
    --------
    >>> compute_balanced_scores(["a", "a", "a", "b"], ["a", "a", "a", "a"])
    (0.5, 0.42857142857142855)
    """
    labels = sorted(set(np.asarray(y_true).tolist()))
    if not labels:
        raise ValueError("balanced scores need at least one test item; got none")
    _, recall, f1, _ = precision_recall_fscore_support(np.asarray(y_true), np.asarray(y_pred), labels=labels,
                                                       zero_division=0)
    return float(np.mean(recall)), float(np.mean(f1))


def collect_labels(parts: dict) -> pd.Series:
    """Every track's genre from a dataset's split parts (:func:`genrebook.models.evaluation.split_features`).

    Examples
    --------
    >>> collect_labels({"training": (None, pd.Series(["a", "b"])), "test": (None, pd.Series(["a"]))}).tolist()
    ['a', 'b', 'a']
    """
    return pd.concat([y for _, y in parts.values()], ignore_index=True)


def score_balanced(predictions: dict, truth) -> pd.DataFrame:
    """Balanced accuracy and macro-F1 of several models' predictions of the same tracks.

    Parameters
    ----------
    predictions : dict
        ``{model: predicted genres}``, each in the order of ``truth``.
    truth : array-like
        The true genres.

    Returns
    -------
    pd.DataFrame
        Indexed by model; columns ``balanced_accuracy`` and ``macro_f1``.

    Examples
    --------
    >>> score_balanced({"m": ["a", "a", "a", "a"]}, ["a", "a", "a", "b"]).round(3).values.tolist()
    [[0.5, 0.429]]
    """
    rows = {name: compute_balanced_scores(truth, predicted) for name, predicted in predictions.items()}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["balanced_accuracy", "macro_f1"])
