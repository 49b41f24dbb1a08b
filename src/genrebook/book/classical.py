"""The classical models as chapter 03 reads them: one fit of every model, held as a record, the model
chosen on validation, each model's confidence in its predictions, parameters written for readers,
and the learning curve's doubling gain.

:func:`fit_models` runs the validation search and the final fits once; the results builders of
:mod:`genrebook.book.pages.classical` read its :class:`ClassicalFits`.

Used in: 03_classical_models.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from threadpoolctl import threadpool_limits

from genrebook.book.balance import Balance, collect_labels, measure_balance
from genrebook.book.formatting import format_significant
from genrebook.book.verdicts.selection import describe_choice, describe_validation_gap
from genrebook.models.evaluation import compute_baselines, split_features
from genrebook.models.pipelines import CLASSICAL_MODELS, make_classical_pipeline
from genrebook.models.probabilities import keep_final_probabilities
from genrebook.models.sampling import LIMITS, Limits, Sampling, pick_final_rows, plan_sampling, take_rows
from genrebook.models.tuning import tune_and_evaluate

#: The project's target for the best classical model on real fma_small data. It was set on
#: fma_small_derived: an RBF SVM on its VGGish features alone gets about this much on the official
#: test split.
BEST_MODEL_TARGET = 0.57


@dataclass(frozen=True)
class ClassicalFits:
    """Every classical model of one run: tuned on validation, fitted on training, scored on test.

    Attributes
    ----------
    names : tuple of str
        Model keys fitted, in book order (:data:`genrebook.models.pipelines.CLASSICAL_MODELS`).
    parts : dict
        :func:`genrebook.models.evaluation.split_features` of the dataset.
    table : pd.DataFrame
        :func:`genrebook.models.tuning.tune_and_evaluate`'s table, indexed by model key.
    predictions : dict
        ``{model key: pd.Series of predicted genres}``, indexed like the test tracks.
    baselines : dict
        :func:`genrebook.models.evaluation.compute_baselines` of the training and test genres.
    best : str
        The chapter's model, chosen on validation by :func:`choose_model`.
    search : str
        ``'quick'`` or ``'full'``.
    seed, jobs : int
    wall_seconds : float
        Wall-clock time of the search and the final fits.
    sampling : Sampling
        How many training tracks the searches, the final fits and the training accuracies saw
        (:func:`genrebook.models.sampling.plan_sampling`).
    """

    names: tuple[str, ...]
    parts: dict
    table: pd.DataFrame
    predictions: dict
    baselines: dict
    best: str
    search: str
    seed: int
    jobs: int
    wall_seconds: float
    sampling: Sampling

    @property
    def top(self) -> str:
        """The model with the best validation accuracy (:func:`best_by_validation`)."""
        return best_by_validation(self.table)

    @property
    def n_validation(self) -> int:
        """Validation tracks."""
        return len(self.parts["validation"][1])

    @property
    def y_test(self) -> pd.Series:
        """True genres of the test tracks."""
        return self.parts["test"][1]

    def correct(self, key: str) -> np.ndarray:
        """Whether model ``key`` got each test track right (bool array, test order)."""
        return (self.predictions[key] == self.y_test).to_numpy()

    @property
    def balance(self) -> Balance:
        """How evenly the tracks of every split spread over the genres (:func:`genrebook.book.balance.measure_balance`)."""
        return measure_balance(collect_labels(self.parts))


def fit_models(ds, *, models, search: str, seed: int, jobs: int = 1,
               limits: Limits = LIMITS) -> ClassicalFits:
    """Tune every model on the validation split, fit the best candidate of each, score it on test.

    Parameters
    ----------
    ds : genrebook.fma.dataset.Dataset
    models : sequence of str
        Model keys (the chapter's parsed ``models`` parameter).
    search : {'quick', 'full'}
    seed, jobs : int
    limits : Limits
        Training tracks the fits see at most (:mod:`genrebook.models.sampling`).

    Returns
    -------
    ClassicalFits
    """
    names = tuple(k for k in CLASSICAL_MODELS if k in set(models))
    parts = split_features(ds.features, ds.tracks)
    start = time.perf_counter()
    table, _, predictions = tune_and_evaluate(list(names), parts, search=search, seed=seed, jobs=jobs,
                                              limits=limits, keep_probabilities=True)
    wall = time.perf_counter() - start
    keep_final_probabilities(ds.features, ds.tracks, table["probabilities"], table["params"], seed=seed,
                             limits=limits)  # for chapter 08, which reads them instead of fitting again
    baselines = compute_baselines(parts["training"][1], parts["test"][1])
    return ClassicalFits(names, parts, table, predictions, baselines,
                         choose_model(table, len(parts["validation"][1])), search, seed, jobs,
                         wall, plan_sampling(names, len(parts["training"][1]), limits=limits))


def make_probability_model(key: str, params: dict, y_train, *, seed: int):
    """An unfitted pipeline of model ``key`` that gives class probabilities: the RBF SVM's scores through a sigmoid
    calibration fitted on up to 5-fold cross-validated scores of the training tracks
    (``CalibratedClassifierCV(..., ensemble=False)``), every other model as it is.

    Returns
    -------
    Pipeline or None
        None for the SVM when a genre has a single training track (no fold to calibrate on).

    Examples
    --------
    >>> make_probability_model("svm", {}, ["a", "a", "b"], seed=0) is None
    True
    >>> type(make_probability_model("svm", {}, ["a", "a", "b", "b"], seed=0)[-1]).__name__
    'CalibratedClassifierCV'
    """
    model = make_classical_pipeline(key, seed=seed, **params)
    if key == "svm":
        folds = min(5, int(pd.Series(y_train).value_counts().min()))
        if folds < 2:
            return None
        model.steps[-1] = ("classify", CalibratedClassifierCV(model[-1], method="sigmoid", cv=folds, ensemble=False))
    return model


def predict_confidence(fits: ClassicalFits, key: str) -> pd.Series:
    """The probability model ``key`` gives the genre it predicts, for every test track.

    Every model but the RBF SVM: its final fit's own probabilities. The SVM's scores are not
    probabilities: it is fitted again on the training tracks of its final fit (same seed and rows;
    :func:`genrebook.models.sampling.pick_final_rows`), wrapped in a sigmoid calibration fitted on
    5-fold cross-validated scores of the training split (``CalibratedClassifierCV(..., ensemble=False)``).

    Returns
    -------
    pd.Series
        Indexed like the test tracks; the probability of :attr:`ClassicalFits.predictions`' genre.
    """
    predicted = fits.predictions[key]
    kept = fits.table.loc[key, "probabilities"] if "probabilities" in fits.table else None
    if kept is not None:  # the final fit's own probabilities (every model but the SVM)
        return _read_predicted(kept["test"], kept["classes"], predicted)
    (X_train, y_train), (X_test, _) = fits.parts["training"], fits.parts["test"]
    X_train, y_train = take_rows(X_train, y_train, pick_final_rows(key, y_train, seed=fits.seed,
                                                                   limits=fits.sampling.limits))
    model = make_probability_model(key, dict(fits.table.loc[key, "params"]), y_train, seed=fits.seed)
    if model is None:  # a genre with one training track: nothing to calibrate the SVM on
        return pd.Series(np.nan, index=fits.predictions[key].index)
    with threadpool_limits(limits=1):
        model.fit(np.asarray(X_train, dtype=float), np.asarray(y_train))
        proba = model.predict_proba(np.asarray(X_test, dtype=float))
    return _read_predicted(proba, model.classes_, predicted)


def _read_predicted(probabilities: np.ndarray, classes, predicted: pd.Series) -> pd.Series:
    """Each row's probability of the genre ``predicted`` for it (columns of ``probabilities`` in ``classes`` order)."""
    column = {genre: i for i, genre in enumerate(classes)}
    return pd.Series([probabilities[row, column[g]] for row, g in enumerate(predicted)], index=predicted.index)


#: How readers read each parameter of the search spaces: ``name -> format(value)``.
_PARAM_WORDS = {
    "n_estimators": lambda v: f"{v:,} stages" if isinstance(v, int) else str(v),
    "max_iter": lambda v: f"{v:,} boosting stages",
    "learning_rate": lambda v: f"learning rate {format_significant(v)}",
    "max_leaf_nodes": lambda v: f"at most {v} leaves per tree",
    "max_depth": lambda v: f"trees of depth {v}",
    "max_features": lambda v: ("√(features) tried per split" if v == "sqrt"
                               else f"{v:.0%} of the features tried per split" if isinstance(v, float) else str(v)),
    "min_samples_leaf": lambda v: f"at least {v} track{'s' if v > 1 else ''} per leaf",
    "C": lambda v: f"C = {format_significant(v)}",
    "gamma": lambda v: f"γ = {format_significant(v)}",
    "n_neighbors": lambda v: f"{v} neighbours",
    "weights": lambda v: {"distance": "weighted by distance", "uniform": "equal votes"}.get(v, str(v)),
}


def describe_params(name: str, params: dict) -> str:
    """Write a model's chosen parameters for readers.

    Examples
    --------
    >>> describe_params("knn", {"n_neighbors": 10, "weights": "distance"})
    '10 neighbours, weighted by distance'
    >>> describe_params("rf", {"n_estimators": 300, "max_features": "sqrt", "min_samples_leaf": 1})
    '300 trees, √(features) tried per split, at least 1 track per leaf'
    >>> describe_params("svm", {"C": 1.0, "gamma": 0.0018656}), describe_params("logreg", {})
    ('C = 1, γ = 1.87 × 10⁻³', 'defaults')
    """
    words = []
    for key, value in params.items():
        if name == "rf" and key == "n_estimators":
            words.append(f"{value:,} trees")
        else:
            words.append(_PARAM_WORDS.get(key, lambda v, k=key: f"{k} = {v}")(value))
    return ", ".join(words) or "defaults"


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

    Examples
    --------
    >>> best_by_validation(pd.DataFrame({"validation_accuracy": [0.5, 0.6, 0.6]}, index=["rf", "svm", "logreg"]))
    'logreg'
    """
    order = {k: i for i, k in enumerate(CLASSICAL_MODELS)}
    return sorted(table.index, key=lambda k: (-float(table.loc[k, "validation_accuracy"]),
                                              order.get(k, len(order))))[0]


#: The classical models from the simplest to the most flexible: a linear model, a vote of neighbours, a kernel
#: machine, then tree ensembles (boosting, with the most stages and parameters, last).
SIMPLEST_FIRST = ("logreg", "knn", "svm", "ada", "rf", "gb")


def measure_standard_error(accuracy: float, n: int) -> float:
    """Standard error of an accuracy measured on ``n`` tracks (binomial): ``sqrt(a (1 - a) / n)``.

    Examples
    --------
    >>> round(measure_standard_error(0.64, 800), 4)
    0.017
    """
    return float(np.sqrt(accuracy * (1 - accuracy) / n)) if n else float("nan")


def choose_model(table: pd.DataFrame, n_validation: int) -> str:
    """The chapter's model: the simplest whose validation accuracy is within one standard error of the best.

    The one-standard-error rule: one validation split is a noisy judge, so a simpler model that
    it cannot tell apart from the best is preferred. "Simpler" follows :data:`SIMPLEST_FIRST`;
    the standard error is that of the best validation accuracy (:func:`measure_standard_error`).
    The test split chooses nothing.

    Examples
    --------
    >>> table = pd.DataFrame({"validation_accuracy": [0.64, 0.625, 0.588]}, index=["gb", "logreg", "knn"])
    >>> choose_model(table, 800), choose_model(table, 100_000)
    ('logreg', 'gb')
    """
    top = best_by_validation(table)
    best = float(table.loc[top, "validation_accuracy"])
    reach = best - measure_standard_error(best, n_validation)
    order = [k for k in SIMPLEST_FIRST if k in table.index] + [k for k in table.index if k not in SIMPLEST_FIRST]
    return next(k for k in order if k == top or float(table.loc[k, "validation_accuracy"]) >= reach)


def describe_model_choice(fits: ClassicalFits) -> dict[str, str]:
    """The sentences of how the chapter's model was chosen and how far validation flattered every model.

    Returns
    -------
    dict
        ``choice_text`` (:func:`genrebook.book.verdicts.selection.describe_choice`) and
        ``validation_gap`` (:func:`genrebook.book.verdicts.selection.describe_validation_gap`).
    """
    table, best, top = fits.table, fits.best, fits.top
    top_accuracy = float(table.loc[top, "validation_accuracy"])
    simpler = list(SIMPLEST_FIRST[:SIMPLEST_FIRST.index(best)]) if best in SIMPLEST_FIRST else []
    return {"choice_text": describe_choice(
                CLASSICAL_MODELS[best], float(table.loc[best, "validation_accuracy"]), CLASSICAL_MODELS[top],
                top_accuracy, standard_error=measure_standard_error(top_accuracy, fits.n_validation),
                n_validation=fits.n_validation, simpler=[CLASSICAL_MODELS[k] for k in simpler if k in fits.names]),
            "validation_gap": describe_validation_gap({CLASSICAL_MODELS[k]: float(
                table.loc[k, "validation_accuracy"] - table.loc[k, "test_accuracy"]) for k in fits.names})}


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
    """Test accuracy gained between the largest training size and the one closest to half of it.

    Examples
    --------
    >>> round(compute_doubling_gain(pd.DataFrame({"n_train": [100, 410, 800], "test_accuracy": [0.3, 0.4, 0.45]})), 3)
    0.05
    """
    return float(curve["test_accuracy"].iloc[-1] - curve["test_accuracy"].iloc[_find_half(curve)])
