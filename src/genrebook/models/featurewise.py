"""A model on parts of the features: one feature group or one statistic at a time, and feature
groups added one by one (greedy forward selection on the validation split).

Each part is tuned like a whole model (:mod:`genrebook.models.tuning`): its own search on the validation
split, then one fit on the training split, scored on the test split.

Used in: 04_featurewise_logreg.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genrebook.fma.columns import STATISTICS
from genrebook.models.pipelines import make_classical_pipeline
from genrebook.models.sampling import LIMITS, Limits
from genrebook.models.tuning import (
    Factory,
    evaluate_candidates,
    make_candidates,
    pick_best,
    score_labels,
    search_validation,
)


def make_feature_subsets(columns: pd.MultiIndex, *, level: str) -> dict[str, tuple[int, ...]]:
    """Group the positions of the feature columns by one level of their header.

    Parameters
    ----------
    columns : pd.MultiIndex
        Three-level feature columns (``feature``, ``statistics``, ``number``).
    level : {'feature', 'statistics'}
        ``feature``: one subset per feature group, in column order; ``statistics``: one subset per
        statistic across all groups, in FMA's order (mean, std, skew, kurtosis, median, min, max),
        others after them.

    Returns
    -------
    dict
        ``{name: positions}``.

    Examples
    --------
    >>> cols = pd.MultiIndex.from_tuples([("a", "mean", "01"), ("a", "std", "01"), ("b", "mean", "01")],
    ...                                  names=["feature", "statistics", "number"])
    >>> make_feature_subsets(cols, level="feature"), make_feature_subsets(cols, level="statistics")
    ({'a': (0, 1), 'b': (2,)}, {'mean': (0, 2), 'std': (1,)})
    """
    if level not in ("feature", "statistics"):
        raise ValueError(f"level must be 'feature' or 'statistics'; got {level!r}")
    values = np.asarray(columns.get_level_values(level))
    names = list(pd.unique(values))
    if level == "statistics":
        names = [s for s in STATISTICS if s in names] + [s for s in names if s not in STATISTICS]
    return {str(name): tuple(int(i) for i in np.flatnonzero(values == name)) for name in names}


def compare_feature_subsets(parts: dict, subsets: dict[str, tuple[int, ...]], *, search: str, seed: int,
                            jobs: int = 1, model: str = "logreg", factory: Factory = make_classical_pipeline,
                            limits: Limits = LIMITS) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Tune and score one model per feature subset.

    Parameters
    ----------
    parts : dict
        :func:`genrebook.models.evaluation.split_features` output.
    subsets : dict
        ``{name: column positions}`` (:func:`make_feature_subsets`).
    search : {'quick', 'full'}
    seed, jobs : int
    model : str
        Model key (logistic regression by default).
    factory : callable
        Builds the pipelines (:func:`genrebook.models.pipelines.make_classical_pipeline`).
    limits : Limits
        Training tracks the fits see at most (:mod:`genrebook.models.sampling`).

    Returns
    -------
    table : pd.DataFrame [shape=(n_subsets, 12)]
        Index ``subset`` in the order given; :func:`genrebook.models.tuning.evaluate_candidates`'s
        columns plus ``n_columns``.
    predictions : dict
        ``{subset: predicted genres of the test tracks}`` (Series indexed like ``parts['test']``),
        for paired comparisons on the same tracks.
    """
    X_train = parts["training"][0]
    candidates = [c for name, columns in subsets.items()
                  for c in make_candidates(model, X_train, search=search, label=name, columns=columns)]
    searched = search_validation(candidates, parts, seed=seed, jobs=jobs, factory=factory, limits=limits)
    table, predictions = evaluate_candidates(pick_best(searched), parts, seed=seed, jobs=jobs, factory=factory,
                                             limits=limits)
    table.insert(0, "n_columns", [len(subsets[name]) for name in table.index])
    return table.rename_axis("subset"), predictions


def select_groups_forward(parts: dict, groups: dict[str, tuple[int, ...]], *, search: str, seed: int,
                          jobs: int = 1, model: str = "logreg", factory: Factory = make_classical_pipeline,
                          limits: Limits = LIMITS) -> tuple[pd.DataFrame, dict[int, pd.Series]]:
    """Add feature groups one at a time, each time the one whose addition scores best on validation.

    At every step each remaining group is tried with the groups chosen so far, each try tuned by
    its own validation search; the best validation accuracy (first in column order on ties)
    picks the group. Only then is each step's model scored on the test split, which chooses
    nothing. The last step uses all groups. ``limits``: as in :func:`compare_feature_subsets`.

    Returns
    -------
    steps : pd.DataFrame [shape=(n_groups, 9)]
        Index ``step`` (1, 2, ...); columns ``added``, ``groups`` (``'a + b'``), ``n_columns``,
        ``params``, ``validation_accuracy``, ``test_accuracy``, ``test_low``, ``test_high``,
        ``test_gain`` (test accuracy minus the previous step's; the first step's own accuracy).
    predictions : dict
        ``{step: predicted genres of the test tracks}`` (Series indexed like ``parts['test']``).
    """
    X_train = parts["training"][0]
    chosen: list[str] = []
    steps = []
    while len(chosen) < len(groups):
        remaining = [g for g in groups if g not in chosen]
        tries = {g: tuple(sorted(i for name in chosen + [g] for i in groups[name])) for g in remaining}
        candidates = [c for g, columns in tries.items()
                      for c in make_candidates(model, X_train, search=search, label=g, columns=columns)]
        searched = search_validation(candidates, parts, seed=seed, jobs=jobs, factory=factory, limits=limits)
        best = {c.label: c for c in pick_best(searched)}
        scores = score_labels(searched)
        added = str(scores.index[int(np.argmax(scores.to_numpy()))])
        chosen.append(added)
        steps.append(best[added])
    table, predicted = evaluate_candidates(steps, parts, seed=seed, jobs=jobs, factory=factory, limits=limits)
    validation = [float(table.loc[c.label, "validation_accuracy"]) for c in steps]
    result = pd.DataFrame({
        "added": chosen, "groups": [" + ".join(chosen[:i + 1]) for i in range(len(chosen))],
        "n_columns": [len(c.columns) for c in steps], "params": [c.params for c in steps],
        "validation_accuracy": validation,
        "test_accuracy": table["test_accuracy"].to_numpy(), "test_low": table["test_low"].to_numpy(),
        "test_high": table["test_high"].to_numpy()}, index=pd.RangeIndex(1, len(steps) + 1, name="step"))
    result["test_gain"] = result["test_accuracy"].diff().fillna(result["test_accuracy"])
    return result, {step: predicted[c.label] for step, c in enumerate(steps, start=1)}


