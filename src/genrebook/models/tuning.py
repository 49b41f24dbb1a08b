"""Tuning on the official validation split and scoring on the test split.

A *candidate* is a model with its parameters and, optionally, a subset of the feature columns.
:func:`search_validation` fits every candidate on the training split and scores it on the
validation split; :func:`pick_best` keeps the best candidate of each label (a model, a feature
subset); :func:`evaluate_candidates` fits those on the training split again and scores them on
the training, validation and test splits. The test split is never part of a fit and never
chooses anything: only the final models predict it.

Every fit runs with one BLAS/OpenMP thread; parallelism is over candidates (``jobs``), so two
cores run two fits and processes sharing the machine do not fight over threads.

Large training splits follow :mod:`genrebook.models.sampling` (``limits``, the book's
:data:`~genrebook.models.sampling.LIMITS` by default): above ``limits.search`` training tracks the
searches run in rounds of successive halving on stratified subsamples, quadratic models are
fitted finally on ``limits.search`` tracks, other final fits see at most ``limits.final``, and
training accuracy and the learning curve use at most ``limits.search``; below, every fit sees
every training track. Candidates, and how a search keeps the best: :mod:`genrebook.models.candidates`.

Used in: 03_classical_models, 04_featurewise_logreg.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from genrebook.models.evaluation import compute_accuracy_interval
from genrebook.models.candidates import Candidate, keep_best_share, make_candidates, pick_best, score_labels
from genrebook.models.pipelines import STAGE_PARAMS, make_classical_pipeline
from genrebook.models.sampling import (
    LIMITS,
    Limits,
    pick_final_rows,
    pick_search_rows,
    plan_rounds,
    sample_stratified,
    take_rows,
)

__all__ = ["Candidate", "Factory", "LEARNING_FRACTIONS", "SEARCH_COLUMNS", "compute_learning_curve",
           "evaluate_candidates", "make_candidates", "pick_best", "sample_training_rows", "score_labels",
           "search_validation", "tune_and_evaluate"]

#: Builds an unfitted pipeline: ``factory(name, seed=..., **params)``.
Factory = Callable[..., object]


#: Shares of the training split in a learning curve.
LEARNING_FRACTIONS = (0.125, 0.25, 0.5, 0.75, 1.0)


def _as_arrays(X, y) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(X, dtype=float), np.asarray(y)


def _columns(candidate: Candidate):
    """The feature columns a candidate reads: all, or its subset."""
    return slice(None) if candidate.columns is None else list(candidate.columns)


def _fit(candidate: Candidate, X: np.ndarray, y: np.ndarray, *, seed: int, factory: Factory):
    """Fit a candidate on rows ``X``, ``y`` with one thread; return the model and the seconds taken."""
    start = time.perf_counter()
    model = factory(candidate.name, seed=seed, **candidate.params).fit(X[:, _columns(candidate)], y)
    return model, time.perf_counter() - start


def _predict(model, candidate: Candidate, X: np.ndarray) -> np.ndarray:
    return model.predict(X[:, _columns(candidate)])


def _score_on_validation(candidate: Candidate, X_train, y_train, X_val, y_val, *, seed: int,
                         factory: Factory) -> dict:
    """Fit one candidate on the training rows and score it on the validation rows.

    A boosted ensemble is scored after every stage; its best stage count (the first of the best)
    replaces the most stages tried.
    """
    with threadpool_limits(limits=1):
        model, seconds = _fit(candidate, X_train, y_train, seed=seed, factory=factory)
        stage_param = STAGE_PARAMS.get(candidate.name)
        params = dict(candidate.params)
        if stage_param and hasattr(model, "steps") and hasattr(model[-1], "staged_predict"):
            columns = slice(None) if candidate.columns is None else list(candidate.columns)
            inner = model[:-1].transform(X_val[:, columns])
            curve = [float(np.mean(p == y_val)) for p in model[-1].staged_predict(inner)]
            best = int(np.argmax(curve))
            params[stage_param], accuracy = best + 1, curve[best]
        else:
            accuracy = float(np.mean(_predict(model, candidate, X_val) == y_val))
    return {"label": candidate.label, "name": candidate.name, "params": params, "columns": candidate.columns,
            "validation_accuracy": accuracy, "fit_seconds": seconds}


#: Columns of :func:`search_validation`'s table.
SEARCH_COLUMNS = ["label", "name", "params", "columns", "validation_accuracy", "fit_seconds", "round", "rows"]


def search_validation(candidates: list[Candidate], parts: dict, *, seed: int, jobs: int = 1,
                      factory: Factory = make_classical_pipeline, limits: Limits = LIMITS) -> pd.DataFrame:
    """Fit every candidate on the training split and score it on the validation split.

    Above ``limits.search`` training tracks the search runs in rounds of successive halving
    (:func:`genrebook.models.sampling.plan_rounds`): each round fits the candidates left on a
    stratified subsample drawn with ``seed``, and keeps the best third of each label's candidates
    (:func:`genrebook.models.sampling.count_kept`; first in grid order on ties) for the next,
    larger one, until one is left.

    Parameters
    ----------
    candidates : list of Candidate
    parts : dict
        :func:`genrebook.models.evaluation.split_features` output; only ``training`` and ``validation``
        are used.
    seed : int
    jobs : int
        Candidates fitted at once (-1: all cores).
    factory : callable
        Builds the pipelines (:func:`genrebook.models.pipelines.make_classical_pipeline`).
    limits : Limits
        Training tracks fitted on at most (:mod:`genrebook.models.sampling`).

    Returns
    -------
    pd.DataFrame [shape=(n_fits, 8)]
        One row per fit, round by round and in candidate order within a round: ``label``, ``name``,
        ``params`` (dict, with the best stage count of a boosted ensemble), ``columns``,
        ``validation_accuracy``, ``fit_seconds``, ``round`` (from 1) and ``rows`` (training tracks
        fitted on).
    """
    X_train, y_train = _as_arrays(*parts["training"])
    X_val, y_val = _as_arrays(*parts["validation"])
    if len(X_val) == 0:
        raise ValueError("tuning needs validation tracks; this dataset's validation split is empty")
    alive, tables = list(candidates), []
    for number, size in enumerate(plan_rounds(len(y_train), limits=limits), start=1):
        rows = None if size >= len(y_train) else sample_stratified(y_train, size, seed=seed)
        X_fit, y_fit = take_rows(X_train, y_train, rows)
        fitted = Parallel(n_jobs=jobs)(
            delayed(_score_on_validation)(c, X_fit, y_fit, X_val, y_val, seed=seed, factory=factory) for c in alive)
        table = pd.DataFrame(fitted, columns=SEARCH_COLUMNS[:6]).assign(round=number, rows=len(y_fit))
        tables.append(table)
        alive = keep_best_share(alive, table)
        if not alive:
            break
    return pd.concat(tables, ignore_index=True)


def _evaluate(candidate: Candidate, parts: dict, *, seed: int, factory: Factory, limits: Limits = LIMITS,
              keep_probabilities: bool = False) -> dict:
    """Fit a candidate on the training split; score it on every split and keep its test predictions
    (and, with ``keep_probabilities``, its class probabilities on validation and test when it gives them).

    The fit sees :func:`genrebook.models.sampling.pick_final_rows`' tracks; the training accuracy is
    measured on at most ``limits.search`` of them.
    """
    X_train, y_train = _as_arrays(*parts["training"])
    X_fit, y_fit = take_rows(X_train, y_train, pick_final_rows(candidate.name, y_train, seed=seed, limits=limits))
    with threadpool_limits(limits=1):
        model, seconds = _fit(candidate, X_fit, y_fit, seed=seed, factory=factory)
        scores = {}
        probabilities = ({"classes": [str(c) for c in model.classes_]}
                         if keep_probabilities and hasattr(model, "predict_proba") else None)
        for split in ("training", "validation", "test"):
            X, y = take_rows(X_fit, y_fit, pick_search_rows(y_fit, seed=seed, limits=limits)) if split == "training" \
                else _as_arrays(*parts[split])
            predicted = _predict(model, candidate, X) if len(X) else np.array([])
            scores[split] = (y, predicted)
            if probabilities is not None and split != "training":
                probabilities[split] = (model.predict_proba(X[:, _columns(candidate)]) if len(X)
                                        else np.empty((0, len(model.classes_))))
    y_test, predicted = scores["test"]
    accuracy, low, high = compute_accuracy_interval(y_test, predicted, seed=seed)
    validation = scores["validation"]
    return {"label": candidate.label, "name": candidate.name, "params": candidate.params,
            "test_accuracy": accuracy, "test_low": low, "test_high": high,
            "train_accuracy": float(np.mean(scores["training"][0] == scores["training"][1])),
            "validation_accuracy": float(np.mean(validation[0] == validation[1])) if len(validation[0]) else np.nan,
            "fit_seconds": seconds, "fit_rows": len(y_fit), "score_rows": len(scores["training"][0]),
            "predicted": predicted, **({"probabilities": probabilities} if keep_probabilities else {})}


def evaluate_candidates(candidates: list[Candidate], parts: dict, *, seed: int, jobs: int = 1,
                        factory: Factory = make_classical_pipeline, limits: Limits = LIMITS,
                        keep_probabilities: bool = False) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Fit each final candidate on the training split and score it; test accuracy with a 95 % interval.

    Large training splits: the fits see :func:`genrebook.models.sampling.pick_final_rows`' tracks,
    and training accuracy is measured on at most ``limits.search`` of them. With ``keep_probabilities``
    the table has a column ``probabilities``: ``{'classes': [...], 'validation': array, 'test': array}``
    for a model that gives class probabilities, None for one that does not (the RBF SVM).

    Returns
    -------
    table : pd.DataFrame [shape=(n_candidates, 11)]
        Index ``label``; columns ``name``, ``params``, ``test_accuracy``, ``test_low``,
        ``test_high`` (bootstrap interval over test tracks), ``train_accuracy``,
        ``validation_accuracy``, ``fit_seconds`` (of the final fit, one thread), ``fit_rows``
        (training tracks it saw) and ``score_rows`` (training tracks its training accuracy is on).
    predictions : dict
        ``{label: predicted genres of the test tracks}`` (Series indexed like ``parts['test']``).
    """
    rows = Parallel(n_jobs=jobs)(delayed(_evaluate)(c, parts, seed=seed, factory=factory, limits=limits,
                                                    keep_probabilities=keep_probabilities) for c in candidates)
    index = parts["test"][1].index
    predictions = {row["label"]: pd.Series(row.pop("predicted"), index=index, name="predicted") for row in rows}
    return pd.DataFrame(rows).set_index("label"), predictions


def tune_and_evaluate(names: list[str], parts: dict, *, search: str, seed: int, jobs: int = 1,
                      factory: Factory = make_classical_pipeline, limits: Limits = LIMITS,
                      keep_probabilities: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Search each model's grid on the validation split, then fit and score the best of each.

    ``limits``: the training tracks the fits see at most (:mod:`genrebook.models.sampling`);
    ``keep_probabilities``: see :func:`evaluate_candidates`.

    Returns
    -------
    table : pd.DataFrame
        :func:`evaluate_candidates`'s table, one row per model, plus ``search_seconds`` (the fit
        time of all its candidates) and ``n_candidates``.
    searched : pd.DataFrame
        :func:`search_validation`'s table of every candidate.
    predictions : dict
        Test predictions per model.
    """
    X_train, y_train = parts["training"]
    first = plan_rounds(len(y_train), limits=limits)[0]  # grids adapt to the smallest fit (neighbours <= tracks)
    candidates = [c for name in names for c in make_candidates(name, np.empty((first, np.shape(X_train)[1])),
                                                               search=search)]
    searched = search_validation(candidates, parts, seed=seed, jobs=jobs, factory=factory, limits=limits)
    table, predictions = evaluate_candidates(pick_best(searched), parts, seed=seed, jobs=jobs, factory=factory,
                                             limits=limits, keep_probabilities=keep_probabilities)
    effort = searched.groupby("label", sort=False).agg(search_seconds=("fit_seconds", "sum"),
                                                       n_candidates=("round", lambda r: int((r == 1).sum())),
                                                       n_fits=("fit_seconds", "size"))
    return table.join(effort), searched, predictions


def sample_training_rows(y, fraction: float, *, seed: int) -> np.ndarray:
    """Pick a stratified share of the rows: ``ceil(fraction * n)`` of each class, at least one.

    The choice is nested: for one seed, a larger fraction keeps every row of a smaller one.

    Returns
    -------
    np.ndarray
        Sorted row positions.

    Examples
    --------
    >>> sample_training_rows(["a"] * 10 + ["b"] * 4, 0.5, seed=0).size
    7
    """
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1]; got {fraction}")
    y = np.asarray(y)
    rng = np.random.default_rng(seed)
    picked = []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        picked.append(members[:max(1, int(np.ceil(fraction * members.size)))])
    return np.sort(np.concatenate(picked))


def compute_learning_curve(candidate: Candidate, parts: dict, *, seed: int, jobs: int = 1,
                           fractions=LEARNING_FRACTIONS, factory: Factory = make_classical_pipeline,
                           limits: Limits = LIMITS) -> pd.DataFrame:
    """Fit one candidate on growing stratified shares of the training split; score each on test.

    The shares are of every training track up to ``limits.search``; above, of the stratified
    subsample of that many that a search's last round fits on
    (:func:`genrebook.models.sampling.pick_search_rows`), so that the curve costs at most a few
    fits of that size.

    Returns
    -------
    pd.DataFrame [shape=(len(fractions), 6)]
        Columns ``fraction``, ``n_train``, ``train_accuracy``, ``test_accuracy``, ``test_low``,
        ``test_high``.
    """
    X_train, y_train = parts["training"]
    X_train, y_train = take_rows(X_train, y_train, pick_search_rows(y_train, seed=seed, limits=limits))
    subsets = []
    for fraction in fractions:
        rows = sample_training_rows(y_train, fraction, seed=seed)
        subsets.append({**parts, "training": (X_train.iloc[rows], y_train.iloc[rows])})
    results = Parallel(n_jobs=jobs)(delayed(_evaluate)(candidate, p, seed=seed, factory=factory, limits=limits)
                                    for p in subsets)
    return pd.DataFrame({
        "fraction": list(fractions), "n_train": [len(p["training"][1]) for p in subsets],
        "train_accuracy": [r["train_accuracy"] for r in results],
        "test_accuracy": [r["test_accuracy"] for r in results],
        "test_low": [r["test_low"] for r in results], "test_high": [r["test_high"] for r in results]})
