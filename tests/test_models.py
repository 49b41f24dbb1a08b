"""Model factories and search spaces: every classical pipeline fits and scores, grids adapt to the data."""

from __future__ import annotations

import numpy as np
import pytest

from genrebook.models.pipelines import (
    CLASSICAL_MODELS,
    SEARCH_SPACES,
    STAGE_PARAMS,
    make_classical_pipeline,
    make_classifier,
    make_logreg_pipeline,
    make_search_space,
)


def make_blobs(n_per_class: int = 30, n_features: int = 6, seed: int = 0):
    """Three well-separated classes, with a few NaN cells to impute."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, (3, n_features))
    y = np.repeat(np.array(["Folk", "Pop", "Rock"]), n_per_class)
    X = centres[np.repeat(np.arange(3), n_per_class)] + rng.normal(0, 1, (3 * n_per_class, n_features))
    X[rng.random(X.shape) < 0.02] = np.nan
    return X, y


@pytest.mark.parametrize("name", list(CLASSICAL_MODELS))
def test_every_classical_pipeline_fits_imputes_and_scores_above_chance(name):
    X, y = make_blobs()
    params = make_search_space(name, "quick", n_samples=len(y), n_features=X.shape[1])[0]
    pipe = make_classical_pipeline(name, seed=0, **params)
    assert [step for step, _ in pipe.steps] == ["impute", "scale", "classify"]
    X_test, y_test = make_blobs(seed=0)  # same centres, same noise: a sanity check, not a benchmark
    assert pipe.fit(X, y).score(X_test, y_test) > 0.8


@pytest.mark.parametrize("name", list(CLASSICAL_MODELS))
def test_same_seed_same_predictions(name):
    X, y = make_blobs()
    params = make_search_space(name, "quick", n_samples=len(y), n_features=X.shape[1])[0]
    first = make_classical_pipeline(name, seed=3, **params).fit(X, y).predict(X)
    second = make_classical_pipeline(name, seed=3, **params).fit(X, y).predict(X)
    np.testing.assert_array_equal(first, second)


def test_logreg_pipeline_is_the_classical_logreg():
    a, b = make_logreg_pipeline(seed=1, C=0.5), make_classical_pipeline("logreg", seed=1, C=0.5)
    assert a["classify"].get_params() == b["classify"].get_params()


def test_unknown_classifiers_are_refused():
    with pytest.raises(ValueError, match="model must be one of"):
        make_classifier("xgb", seed=0)


def test_search_spaces_quick_smaller_than_full_and_adapted_to_the_data():
    for name in CLASSICAL_MODELS:
        quick = make_search_space(name, "quick", n_samples=5000, n_features=200)
        full = make_search_space(name, "full", n_samples=5000, n_features=200)
        assert 1 <= len(quick) < len(full), name
    svm = make_search_space("svm", "full", n_samples=5000, n_features=200)
    assert sorted({p["gamma"] for p in svm}) == [0.25 / 200, 0.5 / 200, 1 / 200, 2 / 200]
    knn = make_search_space("knn", "full", n_samples=12, n_features=3)
    assert max(p["n_neighbors"] for p in knn) == 12 and len(knn) == len({tuple(p.items()) for p in knn})
    for name, key in STAGE_PARAMS.items():
        tiny = make_search_space(name, "full", n_samples=10, n_features=3)
        assert all(p[key] == 20 for p in tiny), name
        assert all(p[key] == SEARCH_SPACES[name]["full"][key][0]
                   for p in make_search_space(name, "full", n_samples=5000, n_features=3))
    with pytest.raises(ValueError, match="search must be 'quick' or 'full'"):
        make_search_space("rf", "medium", n_samples=10, n_features=3)
