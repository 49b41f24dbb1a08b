"""Which training tracks a fit sees: the book's rule for training splits larger than fma_small's.

Up to :data:`SEARCH_ROWS` training tracks nothing changes: every fit sees every training track.
Above it (FMA's medium and large subsets: about 20,000 and 85,000 training tracks):

- each model's validation search runs in rounds, by successive halving
  (:func:`plan_rounds`): every candidate is fitted on a stratified random subsample of
  :data:`FIRST_ROUND_ROWS` training tracks, the best third of each model's candidates (rounded
  up) on :data:`HALVING_FACTOR` times as many, and so on, until one candidate is left or the
  subsample reaches :data:`SEARCH_ROWS`; the subsamples are drawn with the chapter's seed and
  every genre keeps its share (and at least one track);
- the final fit sees every training track, up to :data:`FINAL_ROWS` (above, a stratified random
  subsample of that many), except the models of :data:`QUADRATIC_MODELS`, whose fitting time
  grows with the square of the tracks, which are fitted finally on :data:`SEARCH_ROWS` of them;
- training accuracy, and the learning curve, are measured on at most :data:`SEARCH_ROWS` of the
  tracks a model was fitted on (k nearest neighbours compare every track they predict with every
  training track).

The validation and test splits are always predicted whole. The subsamples depend on the labels and
the seed only, so a run is deterministic whatever the number of workers. Measured costs:
``bench/sizes.py`` and the README's section on large datasets.

Used in: 03_classical_models, 04_featurewise_logreg.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Training tracks above which the searches fit on subsamples, and the largest of those subsamples: as many
#: as fma_small has tracks (its 6,400 training tracks are all seen).
SEARCH_ROWS = 8_000

#: Training tracks a final fit sees at most (fma_medium's 19,807 are all seen; fma_large's 85,000 are not).
FINAL_ROWS = 20_000

#: Training tracks of the first round of a subsampled search.
FIRST_ROUND_ROWS = 1_000

#: Each round of a subsampled search keeps the best 1/HALVING_FACTOR of each model's candidates and
#: fits them on HALVING_FACTOR times as many tracks.
HALVING_FACTOR = 3

#: Models whose fitting time grows with the square of the training tracks: key -> name.
QUADRATIC_MODELS = {"svm": "RBF SVM"}


@dataclass(frozen=True)
class Limits:
    """Training tracks the fits of a run see at most.

    Attributes
    ----------
    search : int
        Above it, the searches fit on subsamples, the largest of this many; also a quadratic
        model's final fit, the training accuracy and the learning curve.
    final : int
        Every other final fit.
    first : int
        The first round of a subsampled search (at most ``search``).
    """

    search: int = SEARCH_ROWS
    final: int = FINAL_ROWS
    first: int = FIRST_ROUND_ROWS

    def __post_init__(self):
        if not 0 < self.search <= self.final:
            raise ValueError(f"limits must satisfy 0 < search <= final; got search={self.search}, final={self.final}")
        if self.first <= 0:
            raise ValueError(f"the first round needs at least one track; got first={self.first}")


#: The book's limits.
LIMITS = Limits()


def sample_stratified(y, size: int, *, seed: int) -> np.ndarray:
    """Pick ``size`` rows at random, each class keeping its share (at least one row per class).

    Shares are apportioned by largest remainder (ties to the class that sorts first); within a
    class the rows are a seeded random choice. All rows when ``size`` is at least their number.

    Parameters
    ----------
    y : array-like [shape=(n,)]
        Class of every row.
    size : int
        Rows wanted; at least the number of classes.
    seed : int

    Returns
    -------
    np.ndarray
        Sorted row positions, ``min(size, n)`` of them.

    Examples
    --------
    >>> y = ["a"] * 70 + ["b"] * 29 + ["c"]
    >>> rows = sample_stratified(y, 10, seed=0)
    >>> len(rows), [int(sum(y[i] == g for i in rows)) for g in "abc"]
    (10, [6, 3, 1])
    """
    y = np.asarray(y)
    classes, inverse, counts = np.unique(y, return_inverse=True, return_counts=True)
    if size < len(classes):
        raise ValueError(f"size must be at least the number of classes ({len(classes)}); got {size}")
    if size >= len(y):
        return np.arange(len(y))
    exact = counts * (size / len(y))
    quota = np.floor(exact).astype(int)
    by_remainder = np.lexsort((np.arange(len(classes)), -(exact - quota)))
    quota[by_remainder[:size - int(quota.sum())]] += 1  # largest remainders first
    for i in np.flatnonzero(quota == 0):  # every class keeps one row, taken from the largest quota
        quota[i] += 1
        quota[int(np.argmax(quota))] -= 1
    rng = np.random.default_rng(seed)
    picked = [rng.permutation(np.flatnonzero(inverse == i))[:quota[i]] for i in range(len(classes))]
    return np.sort(np.concatenate(picked))


def pick_search_rows(y, *, seed: int, limits: Limits = LIMITS) -> np.ndarray | None:
    """The training rows a validation search fits on: None (all) up to ``limits.search`` tracks, else a subsample.

    Examples
    --------
    >>> pick_search_rows(["a", "b"] * 50, seed=0, limits=Limits(100)) is None
    True
    >>> len(pick_search_rows(["a", "b"] * 50, seed=0, limits=Limits(40)))
    40
    """
    return None if len(y) <= limits.search else sample_stratified(y, limits.search, seed=seed)


def plan_rounds(n_train: int, *, limits: Limits = LIMITS) -> list[int]:
    """Training tracks of each round of a validation search: one round of every track up to ``limits.search``;
    above, ``limits.first`` tracks, then :data:`HALVING_FACTOR` times as many each round, the last of
    ``limits.search``.

    Examples
    --------
    >>> plan_rounds(6400), plan_rounds(19807), plan_rounds(85259, limits=Limits(20000, 40000))
    ([6400], [1000, 3000, 8000], [1000, 3000, 9000, 20000])
    """
    if n_train <= limits.search:
        return [n_train]
    rows, size = [], min(limits.first, limits.search)
    while size < limits.search:
        rows.append(size)
        size *= HALVING_FACTOR
    return rows + [limits.search]


def count_kept(n_candidates: int) -> int:
    """Candidates of one model that go on to the next round of a search: the best third, rounded up.

    Examples
    --------
    >>> [count_kept(n) for n in (16, 6, 2, 1)]
    [6, 2, 1, 1]
    """
    return -(-n_candidates // HALVING_FACTOR)


def count_rounds(n_candidates: int, n_rounds: int) -> int:
    """Rounds a search of ``n_candidates`` runs when ``n_rounds`` are planned: it stops where one candidate is left.

    Examples
    --------
    >>> [count_rounds(n, 3) for n in (1, 2, 3, 4, 8, 16)]
    [1, 1, 1, 2, 2, 3]
    """
    rounds, left = 1, n_candidates
    while rounds < n_rounds and count_kept(left) > 1:
        left, rounds = count_kept(left), rounds + 1
    return rounds


def pick_final_rows(name: str, y, *, seed: int, limits: Limits = LIMITS) -> np.ndarray | None:
    """The training rows a model's final fit sees: all (None) up to ``limits.final``, else a subsample; a quadratic
    model's, those of the search.

    Examples
    --------
    >>> y, limits = ["a", "b"] * 50, Limits(40, 60)
    >>> len(pick_final_rows("logreg", y, seed=0, limits=limits)), len(pick_final_rows("svm", y, seed=0, limits=limits))
    (60, 40)
    >>> pick_final_rows("logreg", y, seed=0, limits=Limits(40, 100)) is None
    True
    """
    if name in QUADRATIC_MODELS:
        return pick_search_rows(y, seed=seed, limits=limits)
    return None if len(y) <= limits.final else sample_stratified(y, limits.final, seed=seed)


def take_rows(X, y, rows: np.ndarray | None):
    """Rows ``rows`` of ``X`` and ``y`` (arrays or pandas objects); both unchanged when ``rows`` is None."""
    if rows is None:
        return X, y
    pick = (lambda a: a.iloc[rows]) if hasattr(X, "iloc") else (lambda a: np.asarray(a)[rows])
    return pick(X), (y.iloc[rows] if hasattr(y, "iloc") else np.asarray(y)[rows])


@dataclass(frozen=True)
class Sampling:
    """How many training tracks each kind of fit saw in one run.

    Attributes
    ----------
    n_train : int
        Training tracks.
    limits : Limits
        The run's limits.
    rounds : tuple of int
        Tracks of each round of the validation searches (:func:`plan_rounds`); one round of
        ``n_train`` when not subsampled.
    final_rows : dict
        ``{model key: tracks of its final fit}``.
    score_rows : int
        Tracks the training accuracy was measured on (at most).
    """

    n_train: int
    limits: Limits
    rounds: tuple
    final_rows: dict
    score_rows: int

    @property
    def search_rows(self) -> int:
        """Tracks of a search's last round (at most ``limits.search``)."""
        return self.rounds[-1]

    @property
    def subsampled(self) -> bool:
        """Whether any fit saw fewer than every training track."""
        return self.search_rows < self.n_train

    @property
    def capped_models(self) -> list[str]:
        """Keys of the quadratic models fitted finally on the search's subsample, in the order given."""
        return [k for k, n in self.final_rows.items() if k in QUADRATIC_MODELS and n < self.n_train]


def plan_sampling(names, n_train: int, *, limits: Limits = LIMITS) -> Sampling:
    """Say how many training tracks each fit of a run sees, by the rule of this module.

    Examples
    --------
    >>> plan_sampling(["logreg", "svm"], 6400).subsampled
    False
    >>> plan = plan_sampling(["logreg", "svm"], 85000)
    >>> plan.rounds, plan.final_rows, plan.capped_models
    ((1000, 3000, 8000), {'logreg': 20000, 'svm': 8000}, ['svm'])
    """
    search = min(n_train, limits.search)
    final = {k: search if k in QUADRATIC_MODELS else min(n_train, limits.final) for k in names}
    return Sampling(n_train, limits, tuple(plan_rounds(n_train, limits=limits)), final, search)
