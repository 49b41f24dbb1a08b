"""What a fitted classical model relies on: grouped permutation importance and standardised coefficients.

Permutation importance {Breiman 2001; scikit-learn's ``permutation_importance``} shuffles one feature's
values across the test tracks and measures how much the score falls. Here a whole *unit* of columns
(a feature group such as every MFCC statistic, or one statistic across every group) is shuffled at
once, with one permutation of the tracks for all its columns, so the columns of a unit keep their
relations with each other and lose only their relation with the genre.

Used in: 06_what_models_hear.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits


@dataclass(frozen=True)
class Importance:
    """Permutation importance of every unit of columns on one split.

    Attributes
    ----------
    units : tuple of str
        Unit names, in the order given.
    drops : pd.DataFrame
        Index: units; columns: ``drop`` (accuracy lost on average over the repeats, as a share),
        ``low`` and ``high`` (its 95 % bootstrap interval over the tracks).
    genre_drops : pd.DataFrame
        Index: units; columns: genres; recall of each genre lost on average over the repeats.
    baseline : float
        Accuracy with nothing shuffled.
    repeats : int
    """

    units: tuple[str, ...]
    drops: pd.DataFrame
    genre_drops: pd.DataFrame
    baseline: float
    repeats: int


def shuffle_columns(X: np.ndarray, columns, rng: np.random.Generator) -> np.ndarray:
    """Return a copy of ``X`` whose ``columns`` are shuffled across rows, all with one permutation.

    Examples
    --------
    >>> X = np.arange(12.0).reshape(4, 3)
    >>> Y = shuffle_columns(X, [0, 1], np.random.default_rng(0))
    >>> bool((Y[:, 1] - Y[:, 0] == 1).all()), Y[:, 2].tolist() == X[:, 2].tolist()
    (True, True)
    """
    shuffled = np.array(X, dtype=float, copy=True)
    order = rng.permutation(len(X))
    columns = list(columns)
    shuffled[:, columns] = shuffled[order][:, columns]
    return shuffled


def compute_recalls(truth: np.ndarray, predicted: np.ndarray, genres) -> np.ndarray:
    """Share of each genre's tracks predicted as that genre (NaN for a genre without tracks).

    Examples
    --------
    >>> compute_recalls(np.array(["a", "a", "b"]), np.array(["a", "b", "b"]), ["a", "b", "c"]).tolist()
    [0.5, 1.0, nan]
    """
    truth, predicted = np.asarray(truth), np.asarray(predicted)
    out = []
    for genre in genres:
        mask = truth == genre
        out.append(float((predicted[mask] == genre).mean()) if mask.any() else np.nan)
    return np.array(out)


def bootstrap_mean_interval(values: np.ndarray, *, seed: int, n_boot: int = 1000,
                            level: float = 0.95) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` (resampling its entries).

    Examples
    --------
    >>> low, high = bootstrap_mean_interval(np.r_[np.zeros(50), np.ones(50)], seed=0)
    >>> 0.35 < low < 0.5 < high < 0.65
    True
    """
    values = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), size=(n_boot, len(values)))].mean(axis=1)
    tail = (1 - level) / 2
    return float(np.quantile(means, tail)), float(np.quantile(means, 1 - tail))


def compute_grouped_importance(model, X: np.ndarray, y, units: dict[str, tuple[int, ...]], *, repeats: int,
                               seed: int) -> Importance:
    """Permutation importance of each unit of columns, overall and per genre.

    Parameters
    ----------
    model : fitted scikit-learn estimator
    X : np.ndarray [shape=(n_tracks, n_columns)]
        The split's feature matrix (test, in the chapter).
    y : array-like [shape=(n_tracks,)]
        True genres.
    units : dict
        ``{name: column positions}`` (:func:`genrebook.models.featurewise.make_feature_subsets`).
    repeats : int
        Shuffles per unit; repeat ``r`` of every unit uses the same seeded generator state, so a
        run is reproducible and units are compared on the same permutations.
    seed : int

    Returns
    -------
    Importance
        The interval of each drop comes from resampling the tracks' per-track drops (correct before
        minus the share of repeats still correct after), so it covers the test sample's noise.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1; got {repeats}")
    if not units:
        raise ValueError("units must name at least one group of columns")
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    genres = sorted(pd.unique(y))
    with threadpool_limits(limits=1):
        base = model.predict(X)
    base_correct = (base == y).astype(float)
    base_recall = compute_recalls(y, base, genres)
    rows, genre_rows = {}, {}
    for u, (name, columns) in enumerate(units.items()):
        still, recall_drop = np.zeros(len(y)), np.zeros(len(genres))
        for r in range(repeats):
            rng = np.random.default_rng([seed, r])
            with threadpool_limits(limits=1):
                predicted = model.predict(shuffle_columns(X, columns, rng))
            still += (predicted == y)
            recall_drop += base_recall - compute_recalls(y, predicted, genres)
        per_track = base_correct - still / repeats
        low, high = bootstrap_mean_interval(per_track, seed=seed + u)
        rows[name] = {"drop": float(per_track.mean()), "low": low, "high": high}
        genre_rows[name] = recall_drop / repeats
    drops = pd.DataFrame.from_dict(rows, orient="index")
    genre_drops = pd.DataFrame.from_dict(genre_rows, orient="index", columns=genres)
    return Importance(tuple(units), drops, genre_drops, float(base_correct.mean()), repeats)


def tabulate_coefficients(pipeline, columns: pd.MultiIndex) -> pd.DataFrame:
    """Coefficients of a fitted logistic-regression pipeline, one row per genre, one column per feature.

    The pipeline standardises its inputs before the classifier, so each coefficient is the change in
    the genre's log-odds (relative to the others) for one standard deviation of the feature.

    Parameters
    ----------
    pipeline : sklearn.pipeline.Pipeline
        Ending in a fitted ``LogisticRegression``.
    columns : pd.MultiIndex
        The feature columns it was fitted on, in order.

    Returns
    -------
    pd.DataFrame [shape=(n_genres, n_features)]
    """
    classifier = pipeline[-1]
    coef = np.asarray(classifier.coef_, dtype=float)
    if coef.shape[0] == 1 and len(classifier.classes_) == 2:  # binary: one row, for the second class
        coef = np.vstack([-coef, coef])
    return pd.DataFrame(coef, index=[str(c) for c in classifier.classes_], columns=columns)


def pick_top_coefficients(coefficients: pd.DataFrame, *, n: int = 3) -> dict[str, list[tuple[object, float]]]:
    """The ``n`` features with the largest positive coefficient for each genre.

    Returns
    -------
    dict
        ``{genre: [(column, coefficient), ...]}``, largest first.

    Examples
    --------
    >>> c = pd.DataFrame([[1.0, -2.0, 3.0], [0.5, 2.0, -1.0]], index=["a", "b"], columns=["x", "y", "z"])
    >>> pick_top_coefficients(c, n=2)
    {'a': [('z', 3.0), ('x', 1.0)], 'b': [('y', 2.0), ('x', 0.5)]}
    """
    top = {}
    for genre, row in coefficients.iterrows():
        best = row.sort_values(ascending=False, kind="stable").head(n)
        top[str(genre)] = [(column, float(value)) for column, value in best.items()]
    return top
