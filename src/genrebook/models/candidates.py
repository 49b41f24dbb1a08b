"""Candidates of a validation search, and how a search keeps the best of them.

A *candidate* is a model with its parameters and, optionally, a subset of the feature columns;
its *label* (a model key, a feature subset) groups the candidates a search compares. The search
itself, which fits them: :mod:`genrebook.models.tuning`.

Used in: 03_classical_models, 04_featurewise_logreg.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from genrebook.models.pipelines import make_search_space
from genrebook.models.sampling import count_kept


@dataclass(frozen=True)
class Candidate:
    """One model configuration to fit.

    Attributes
    ----------
    label : str
        What it stands for in tables (a model key, a feature subset); the search keeps the best
        candidate per label.
    name : str
        Model key (:data:`genrebook.models.pipelines.CLASSICAL_MODELS`).
    params : dict
        Keyword arguments of :func:`genrebook.models.pipelines.make_classifier`.
    columns : tuple of int, optional
        Positions of the feature columns it uses (all when ``None``).
    """

    label: str
    name: str
    params: dict = field(default_factory=dict)
    columns: tuple[int, ...] | None = None


def make_candidates(name: str, X_train, *, search: str, label: str | None = None,
                    columns: tuple[int, ...] | None = None) -> list[Candidate]:
    """List the candidates of one model's search, its grid adapted to the training matrix's shape.

    Parameters
    ----------
    name : str
        Model key.
    X_train : array-like [shape=(n_train, n_features)]
        The training features (only their shape is used).
    search : {'quick', 'full'}
    label : str, optional
        Label of the candidates (the model key by default).
    columns : tuple of int, optional
        Feature columns used; the grid adapts to their number.
    """
    n_samples, n_features = np.shape(X_train)
    n_features = n_features if columns is None else len(columns)
    return [Candidate(label or name, name, params, columns)
            for params in make_search_space(name, search, n_samples=n_samples, n_features=n_features)]


def keep_best_share(alive: list[Candidate], table: pd.DataFrame) -> list[Candidate]:
    """The candidates of the next round: the best third of each label's (by validation accuracy, grid order on
    ties); none of a label whose best third is one candidate, the winner of its search.

    Examples
    --------
    >>> alive = [Candidate("a", "svm", {"C": c}) for c in range(4)] + [Candidate("b", "svm", {"C": 1})] * 3
    >>> table = pd.DataFrame({"label": ["a"] * 4 + ["b"] * 3, "validation_accuracy": [0.5, 0.7, 0.6, 0.7] + [0.5] * 3})
    >>> [c.params["C"] for c in keep_best_share(alive, table)]
    [1, 3]
    """
    kept = []
    for label in pd.unique(table["label"]):
        positions = np.flatnonzero(table["label"].to_numpy() == label)
        if count_kept(len(positions)) > 1:
            order = np.argsort(-table["validation_accuracy"].to_numpy()[positions], kind="stable")
            kept += [alive[i] for i in sorted(positions[order[:count_kept(len(positions))]])]
    return kept


def pick_best(searched: pd.DataFrame) -> list[Candidate]:
    """Keep the best candidate of each label: highest validation accuracy in its last round, first in grid order on
    ties.

    Examples
    --------
    >>> table = pd.DataFrame({"label": ["a", "a", "b"], "name": ["svm"] * 3, "columns": [None] * 3,
    ...                       "params": [{"C": 1}, {"C": 3}, {"C": 1}], "validation_accuracy": [0.5, 0.6, 0.4]})
    >>> [(c.label, c.params) for c in pick_best(table)]
    [('a', {'C': 3}), ('b', {'C': 1})]
    >>> rounds = table.assign(round=[1, 2, 1], validation_accuracy=[0.9, 0.6, 0.4])
    >>> [(c.label, c.params) for c in pick_best(rounds)]
    [('a', {'C': 3}), ('b', {'C': 1})]
    """
    best = []
    for label in pd.unique(searched["label"]):
        rows = searched[searched["label"] == label]
        if "round" in rows:
            rows = rows[rows["round"] == rows["round"].max()]
        row = rows.iloc[int(np.argmax(rows["validation_accuracy"].to_numpy()))]
        best.append(Candidate(row["label"], row["name"], dict(row["params"]), row["columns"]))
    return best


def score_labels(searched: pd.DataFrame) -> pd.Series:
    """The best validation accuracy of each label in its last round, labels in order of first appearance.

    Examples
    --------
    >>> table = pd.DataFrame({"label": ["a", "a", "b", "a"], "validation_accuracy": [0.9, 0.5, 0.4, 0.6],
    ...                       "round": [1, 1, 1, 2]})
    >>> score_labels(table).to_dict()
    {'a': 0.6, 'b': 0.4}
    """
    last = searched.groupby("label", sort=False)["round"].transform("max") if "round" in searched else None
    kept = searched if last is None else searched[searched["round"] == last]
    return kept.groupby("label", sort=False)["validation_accuracy"].max().reindex(pd.unique(searched["label"]))
