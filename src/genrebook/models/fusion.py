"""Combining classifiers' class probabilities: equal-weight fusion of log-probabilities over subsets of
members, and a stacker (a multinomial logistic regression on the members' log-probabilities), both
chosen on the validation split only and compared by the same cross-validation within it.

Every function takes the members' probabilities as ``{member: np.ndarray [shape=(n, n_classes)]}``
with the same rows and class columns, and labels as class positions (``int`` codes).

Used in: 08_ensemble.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

#: Smallest probability a member's log-probability is taken of: a member that gives a genre 0 (a
#: k-nearest-neighbours vote, say) lowers it strongly in a fusion but cannot veto it outright.
PROBABILITY_FLOOR = 1e-4

#: Inverse penalties tried for the stacker; a tie goes to the smaller (the stronger penalty).
STACKER_CS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)

#: Folds of the cross-validations within the validation split.
FOLDS = 5

#: Iterations allowed to the stacker's L-BFGS.
STACKER_MAX_ITER = 2000


def to_log_probabilities(probabilities, *, floor: float = PROBABILITY_FLOOR) -> np.ndarray:
    """Log of probabilities clipped below at ``floor`` and renormalised to sum to one per row.

    Parameters
    ----------
    probabilities : array-like [shape=(n, n_classes)]

    Returns
    -------
    np.ndarray [shape=(n, n_classes)]

    Examples
    --------
    >>> np.round(np.exp(to_log_probabilities([[1.0, 0.0]], floor=0.01)), 4).tolist()
    [[0.9901, 0.0099]]
    """
    p = np.clip(np.asarray(probabilities, dtype=float), floor, None)
    return np.log(p / p.sum(axis=1, keepdims=True))


def fuse(log_probabilities: dict[str, np.ndarray], members) -> np.ndarray:
    """Equal-weight average of some members' log-probabilities (a geometric mean of their probabilities).

    Examples
    --------
    >>> fuse({"a": np.log([[0.9, 0.1]]), "b": np.log([[0.1, 0.9]])}, ("a", "b")).round(3).tolist()
    [[-1.204, -1.204]]
    """
    members = tuple(members)
    if not members:
        raise ValueError("a fusion needs at least one member; got none")
    return np.mean([log_probabilities[m] for m in members], axis=0)


def list_subsets(names, *, smallest: int = 2) -> list[tuple[str, ...]]:
    """Every subset of ``names`` with at least ``smallest`` members, in book order within each size.

    Examples
    --------
    >>> list_subsets(["a", "b", "c"])
    [('a', 'b'), ('a', 'c'), ('b', 'c'), ('a', 'b', 'c')]
    """
    names = list(names)
    return [s for size in range(smallest, len(names) + 1) for s in combinations(names, size)]


def compute_subset_correct(log_probabilities: dict[str, np.ndarray], y, subsets) -> np.ndarray:
    """Whether each subset's fusion gets each row right.

    Returns
    -------
    np.ndarray [shape=(n_subsets, n), dtype=bool]
    """
    y = np.asarray(y)
    return np.array([fuse(log_probabilities, s).argmax(axis=1) == y for s in subsets], dtype=bool).reshape(
        len(subsets), len(y))


def rank_subsets(correct: np.ndarray, subsets, names) -> np.ndarray:
    """Order subsets best first: most rows right, then fewer members, then book order of their members.

    Parameters
    ----------
    correct : np.ndarray [shape=(n_subsets, n), dtype=bool]
    subsets : list of tuple
    names : sequence of str
        Every member, in book order.

    Returns
    -------
    np.ndarray
        Positions in ``subsets``, best first.

    Examples
    --------
    >>> correct = np.array([[1, 0], [1, 0], [1, 0]], dtype=bool)
    >>> rank_subsets(correct, [("b", "c"), ("a", "c"), ("a", "b", "c")], ["a", "b", "c"]).tolist()
    [1, 0, 2]
    """
    order = {name: i for i, name in enumerate(names)}
    keys = [(-int(c.sum()), len(s), tuple(order[m] for m in s)) for c, s in zip(correct, subsets)]
    return np.array(sorted(range(len(subsets)), key=keys.__getitem__), dtype=int)


def search_subsets(log_probabilities: dict[str, np.ndarray], y, names) -> pd.DataFrame:
    """Score the fusion of every subset of two or more members on the rows given (the validation split).

    Returns
    -------
    pd.DataFrame
        One row per subset, best first (:func:`rank_subsets`): ``members`` (tuple), ``n_members``,
        ``accuracy``.
    """
    names = list(names)
    if len(names) < 2:
        raise ValueError(f"a fusion needs at least two members; got {len(names)}: {names}")
    subsets = list_subsets(names)
    correct = compute_subset_correct(log_probabilities, y, subsets)
    ranked = rank_subsets(correct, subsets, names)
    return pd.DataFrame({"members": [subsets[i] for i in ranked], "n_members": [len(subsets[i]) for i in ranked],
                         "accuracy": correct[ranked].mean(axis=1)})


def stack_inputs(log_probabilities: dict[str, np.ndarray], names) -> np.ndarray:
    """The stacker's input: the members' log-probabilities side by side ``(n, n_members * n_classes)``."""
    return np.hstack([log_probabilities[m] for m in names])


def make_stacker(C: float, *, seed: int) -> Pipeline:
    """An unfitted stacker: every input standardised, then a multinomial logistic regression with an L2 penalty
    of inverse strength ``C`` (on standardised log-probabilities L-BFGS converges within its iterations, even on
    the 10,000 validation tracks of fma_large's 16 genres)."""
    return Pipeline([("scale", StandardScaler()),
                     ("classify", LogisticRegression(C=C, max_iter=STACKER_MAX_ITER, random_state=seed))])


def count_folds(y, groups=None, *, folds: int = FOLDS) -> int:
    """Folds a stratified cross-validation of ``y`` can have: ``folds``, fewer when a class has fewer rows
    or there are fewer ``groups`` (0: none).

    Examples
    --------
    >>> count_folds([0] * 10 + [1] * 3), count_folds([0] * 10 + [1]), count_folds([0] * 10 + [1] * 3, [1] * 10 + [2] * 3)
    (3, 0, 2)
    """
    smallest = int(np.unique(np.asarray(y), return_counts=True)[1].min()) if len(y) else 0
    n = min(folds, smallest)
    if groups is not None:
        n = min(n, len(np.unique(np.asarray(groups))))
    return n if n >= 2 else 0


def label_artist_groups(artist_ids) -> np.ndarray:
    """Group codes for cross-validation folds that keep each artist's tracks together; a track without an
    artist id (NA) is a group of its own.

    Parameters
    ----------
    artist_ids : array-like
        One artist id per row (NA allowed).

    Returns
    -------
    np.ndarray [shape=(n,), dtype=int]

    Examples
    --------
    >>> label_artist_groups(pd.array([7, 7, None, 3, None], dtype="Int64")).tolist()
    [1, 1, 2, 0, 3]
    """
    ids = pd.Series(pd.array(artist_ids, dtype="Int64"))
    known = ids.notna().to_numpy()
    codes = np.empty(len(ids), dtype=int)
    uniques = np.unique(ids[known].to_numpy(dtype=np.int64))
    codes[known] = np.searchsorted(uniques, ids[known].to_numpy(dtype=np.int64))
    codes[~known] = len(uniques) + np.arange(int((~known).sum()))
    return codes


def make_folds(y, groups=None, *, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds of the rows, shuffled by ``seed``; with ``groups``, no group is cut between folds
    (scikit-learn's ``StratifiedGroupKFold``).

    Returns
    -------
    list of (np.ndarray, np.ndarray)
        ``(fitting rows, held-out rows)`` per fold.

    Examples
    --------
    >>> y, groups = [0, 0, 0, 0, 1, 1, 1, 1], [1, 1, 2, 3, 4, 4, 5, 6]
    >>> all(set(np.take(groups, a)).isdisjoint(np.take(groups, b)) for a, b in make_folds(y, groups, folds=2, seed=0))
    True
    """
    y = np.asarray(y)
    if groups is None:
        return list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y))
    return list(StratifiedGroupKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y,
                                                                                   np.asarray(groups)))


@dataclass(frozen=True)
class CrossValidation:
    """Both ways of combining, scored by the same stratified folds of the validation split.

    Attributes
    ----------
    folds : int
        Folds used (0 when a genre has too few validation tracks: nothing is cross-validated).
    grouped : bool
        Whether the folds kept each artist's tracks together.
    fusion_accuracy : float
        Accuracy on the held-out folds of the fusion whose subset was chosen on the other folds.
    stacker_accuracy : dict
        ``{C: accuracy on the held-out folds}`` of the stacker fitted on the other folds.
    """

    folds: int
    fusion_accuracy: float
    stacker_accuracy: dict
    grouped: bool = False

    @property
    def stacker_C(self) -> float | None:
        """The C with the best cross-validated accuracy (the smallest on a tie; None without folds)."""
        if not self.stacker_accuracy:
            return None
        best = max(self.stacker_accuracy.values())
        return min(c for c, a in self.stacker_accuracy.items() if a == best)


def cross_validate(log_probabilities: dict[str, np.ndarray], y, names, *, seed: int, groups=None,
                   folds: int = FOLDS, Cs=STACKER_CS) -> CrossValidation:
    """Score the subset search and the stacker (each C) on the same stratified folds of the rows given.

    Each fold's fusion uses the subset that is best (:func:`rank_subsets`) on the other folds; each
    stacker is fitted on the other folds. With ``groups`` (:func:`label_artist_groups`) no artist has
    tracks on both sides of a fold: otherwise a stacker can learn how the members err on one artist
    and be rewarded for it on the same artist's other tracks, which no new artist repays.
    """
    y, names = np.asarray(y), list(names)
    n_folds = count_folds(y, groups, folds=folds)
    grouped = groups is not None
    if n_folds == 0:
        return CrossValidation(0, float("nan"), {}, grouped)
    subsets = list_subsets(names)
    correct = compute_subset_correct(log_probabilities, y, subsets)
    X = stack_inputs(log_probabilities, names)
    fusion_right, stacker_right = 0, dict.fromkeys(Cs, 0)
    with threadpool_limits(limits=1):  # small fits: threads only fight the machine's other work
        for train, held in make_folds(y, groups, folds=n_folds, seed=seed):
            best = rank_subsets(correct[:, train], subsets, names)[0]
            fusion_right += int(correct[best, held].sum())
            for C in Cs:
                stacker = make_stacker(C, seed=seed).fit(X[train], y[train])
                stacker_right[C] += int((stacker.predict(X[held]) == y[held]).sum())
    return CrossValidation(n_folds, fusion_right / len(y), {C: right / len(y) for C, right in stacker_right.items()},
                           grouped)


def predict_stacker(log_probabilities: dict[str, np.ndarray], y, new: dict[str, np.ndarray], names, *,
                    C: float, seed: int) -> np.ndarray:
    """Fit the stacker on all rows of ``log_probabilities`` (validation) and predict the class codes of ``new`` (test).

    Returns
    -------
    np.ndarray [shape=(n_new,), dtype=int]
    """
    stacker = make_stacker(C, seed=seed).fit(stack_inputs(log_probabilities, names), np.asarray(y))
    return stacker.predict(stack_inputs(new, names)).astype(int)
