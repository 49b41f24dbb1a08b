"""Tuning on the validation split: searches, final scores, learning curves, determinism, and proof
that no test row ever reaches a fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline

from genrebook.models.evaluation import split_features
from genrebook.models.featurewise import compare_feature_subsets, make_feature_subsets, select_groups_forward
from genrebook.models.pipelines import make_classical_pipeline
from genrebook.models.tuning import (
    Candidate,
    compute_learning_curve,
    evaluate_candidates,
    make_candidates,
    pick_best,
    sample_training_rows,
    search_validation,
    tune_and_evaluate,
)
from tests.helpers import TEST_MARKER, make_feature_world


class RecordFitRows(BaseEstimator, TransformerMixin):
    """A pass-through pipeline step that appends to ``log`` one line per fit: rows seen, marker seen."""

    def __init__(self, log: str = ""):
        self.log = log

    def fit(self, X, y=None):
        with open(self.log, "a") as out:
            out.write(f"{len(X)} {int(np.any(np.asarray(X) >= TEST_MARKER))}\n")
        return self

    def transform(self, X):
        return X


def make_recording_factory(log: Path):
    """A pipeline factory that puts :class:`RecordFitRows` in front of the book's pipeline."""
    def factory(name, *, seed, **params):
        pipe = make_classical_pipeline(name, seed=seed, **params)
        return Pipeline([("record", RecordFitRows(str(log)))] + pipe.steps)
    return factory


@pytest.fixture(scope="module")
def parts():
    features, tracks = make_feature_world()
    return split_features(features, tracks)


def _stable(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop(columns=[c for c in table.columns if c.endswith("seconds")])


def test_tune_and_evaluate_scores_every_model_with_intervals(parts):
    names = ["rf", "gb", "ada", "logreg", "knn", "svm"]
    table, searched, predictions = tune_and_evaluate(names, parts, search="quick", seed=0)
    assert list(table.index) == names and set(searched["label"]) == set(names)
    assert (table["test_low"] <= table["test_accuracy"]).all() and (table["test_accuracy"] <= table["test_high"]).all()
    assert table.loc["logreg", "test_accuracy"] > 0.6 and table.loc["svm", "test_accuracy"] > 0.6
    assert (table["n_candidates"] == searched.groupby("label").size().reindex(names)).all()
    y_test = parts["test"][1]
    for name in names:
        assert predictions[name].index.equals(y_test.index)
        assert np.isclose((predictions[name] == y_test).mean(), table.loc[name, "test_accuracy"])


def test_boosting_stage_count_is_chosen_on_validation(parts):
    searched = search_validation(make_candidates("ada", parts["training"][0], search="quick"), parts, seed=0)
    n = searched["params"].iloc[0]["n_estimators"]
    assert 1 <= n <= 50


def test_pick_best_takes_the_first_of_equal_candidates():
    table = pd.DataFrame({"label": ["x", "x", "x"], "name": ["logreg"] * 3, "columns": [None] * 3,
                          "params": [{"C": 0.1}, {"C": 1.0}, {"C": 10.0}], "validation_accuracy": [0.5, 0.7, 0.7]})
    assert pick_best(table)[0].params == {"C": 1.0}


def test_same_seed_same_scores_twice_and_with_parallel_jobs(parts):
    names = ["rf", "gb", "ada", "logreg", "knn", "svm"]
    first, searched_1, _ = tune_and_evaluate(names, parts, search="quick", seed=5)
    second, searched_2, _ = tune_and_evaluate(names, parts, search="quick", seed=5, jobs=2)
    pd.testing.assert_frame_equal(_stable(first), _stable(second))
    pd.testing.assert_frame_equal(_stable(searched_1), _stable(searched_2))


def test_the_test_split_chooses_nothing(parts):
    """Scrambling the test split's features and labels leaves every choice unchanged."""
    X_test, y_test = parts["test"]
    rng = np.random.default_rng(0)
    scrambled = {**parts, "test": (X_test * 0 + rng.normal(size=X_test.shape),
                                   pd.Series(rng.permutation(y_test.to_numpy()), index=y_test.index))}
    _, searched, _ = tune_and_evaluate(["logreg", "svm", "gb"], parts, search="full", seed=0)
    _, searched_scrambled, _ = tune_and_evaluate(["logreg", "svm", "gb"], scrambled, search="full", seed=0)
    pd.testing.assert_frame_equal(_stable(searched), _stable(searched_scrambled))


def test_no_test_row_reaches_a_fit(tmp_path):
    """Test rows carry a marker value; a recording step proves no fit anywhere ever sees one."""
    features, tracks = make_feature_world(mark_test=True)
    parts = split_features(features, tracks)
    log = tmp_path / "fits.log"
    factory = make_recording_factory(log)
    names = ["rf", "gb", "ada", "logreg", "knn", "svm"]
    table, _, _ = tune_and_evaluate(names, parts, search="quick", seed=0, jobs=2, factory=factory)
    best = Candidate("svm", "svm", dict(table.loc["svm", "params"]))
    compute_learning_curve(best, parts, seed=0, factory=factory)
    groups = make_feature_subsets(features.columns, level="feature")
    compare_feature_subsets(parts, groups, search="quick", seed=0, factory=factory)
    select_groups_forward(parts, groups, search="quick", seed=0, factory=factory)
    fits = np.loadtxt(log, dtype=int, ndmin=2)
    n_train = len(parts["training"][1])
    assert len(fits) > 50, "the recording step must have seen the fits"
    assert fits[:, 1].sum() == 0, "a fit saw a test row"
    assert fits[:, 0].max() == n_train, "fits use the training rows only (validation rows included would show)"


def test_learning_curve_grows_nested_stratified_training_sets(parts):
    y = parts["training"][1]
    small, large = sample_training_rows(y, 0.25, seed=0), sample_training_rows(y, 0.5, seed=0)
    assert set(small) <= set(large) and set(y.iloc[small]) == set(y)
    curve = compute_learning_curve(Candidate("logreg", "logreg", {"C": 1.0}), parts, seed=0,
                                   fractions=(0.25, 0.5, 1.0))
    assert curve["n_train"].is_monotonic_increasing and curve["n_train"].iloc[-1] == len(y)
    with pytest.raises(ValueError, match="fraction must be in"):
        sample_training_rows(y, 0, seed=0)


def test_evaluate_candidates_on_column_subsets(parts):
    candidates = [Candidate("a", "logreg", {"C": 1.0}, (0, 1, 2, 3)), Candidate("c", "logreg", {"C": 1.0}, (8, 9))]
    table, _ = evaluate_candidates(candidates, parts, seed=0)
    assert table.loc["a", "test_accuracy"] > table.loc["c", "test_accuracy"]


def test_search_needs_validation_rows(parts):
    empty = {**parts, "validation": (parts["validation"][0].iloc[:0], parts["validation"][1].iloc[:0])}
    with pytest.raises(ValueError, match="validation split is empty"):
        search_validation(make_candidates("logreg", parts["training"][0], search="quick"), empty, seed=0)
