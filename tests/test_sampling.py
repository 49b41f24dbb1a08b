"""The rule for large training splits (genrebook.models.sampling) and Ward's capped tree: thresholds, sizes of
the subsamples, stratification, determinism, and proof that datasets below the thresholds are untouched."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import cut_tree, linkage
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline

from genrebook.book.verdicts.scale import describe_search_subsample, describe_tree_subsample
from genrebook.clustering.ward import WARD_ROWS, fit_ward, pick_tree_rows
from genrebook.models.evaluation import split_features
from genrebook.models.featurewise import compare_feature_subsets, make_feature_subsets
from genrebook.models.pipelines import make_classical_pipeline
from genrebook.models.sampling import (
    FINAL_ROWS,
    FIRST_ROUND_ROWS,
    HALVING_FACTOR,
    LIMITS,
    QUADRATIC_MODELS,
    SEARCH_ROWS,
    Limits,
    count_kept,
    count_rounds,
    pick_final_rows,
    pick_search_rows,
    plan_rounds,
    plan_sampling,
    sample_stratified,
    take_rows,
)
from genrebook.models.candidates import keep_best_share
from genrebook.models.tuning import (
    Candidate,
    compute_learning_curve,
    make_candidates,
    pick_best,
    score_labels,
    search_validation,
    tune_and_evaluate,
)
from tests.helpers import make_feature_world


class CountFitRows(BaseEstimator, TransformerMixin):
    """A pass-through first step that appends the number of rows of every fit to the file ``log``."""

    def __init__(self, log: str = ""):
        self.log = log

    def fit(self, X, y=None):
        with open(self.log, "a") as out:
            out.write(f"{len(X)}\n")
        return self

    def transform(self, X):
        return X


def make_recording_factory(log: Path):
    """The book's pipelines with :class:`CountFitRows` in front."""
    def factory(name, *, seed, **params):
        return Pipeline([("count", CountFitRows(str(log)))] + make_classical_pipeline(name, seed=seed, **params).steps)
    return factory


def read_fit_rows(log: Path) -> np.ndarray:
    return np.loadtxt(log, dtype=int, ndmin=1)


@pytest.fixture(scope="module")
def parts():
    features, tracks = make_feature_world()
    return split_features(features, tracks)


def unbalanced_labels() -> np.ndarray:
    """Shaped like fma_medium's genres: one large, some middling, one of 3 tracks."""
    return np.repeat(np.array(["Rock", "Pop", "Jazz", "Blues"]), [700, 250, 47, 3])


def test_the_limits_keep_fma_small_whole_and_subsample_fma_medium_and_large():
    assert 6400 < SEARCH_ROWS < 19807 < FINAL_ROWS < 85259  # fma_small's, the generated fma_medium's and large's
    assert LIMITS == Limits(SEARCH_ROWS, FINAL_ROWS)
    assert 8000 < WARD_ROWS < 25000  # fma_small's tracks; fma_medium's
    assert set(QUADRATIC_MODELS) == {"svm"}
    with pytest.raises(ValueError, match="0 < search <= final"):
        Limits(50, 40)


def test_a_stratified_subsample_has_the_size_asked_and_every_class_in_its_share():
    y = unbalanced_labels()
    rows = sample_stratified(y, 100, seed=0)
    assert len(rows) == 100 and len(set(rows)) == 100 and list(rows) == sorted(rows)
    counts = pd.Series(y[rows]).value_counts()
    assert counts["Blues"] == 1  # below one share: kept anyway
    for genre, n in pd.Series(y).value_counts().items():
        assert abs(counts[genre] - 100 * n / len(y)) <= 1, genre


def test_a_subsample_is_the_same_for_a_seed_and_another_for_another_seed():
    y = unbalanced_labels()
    np.testing.assert_array_equal(sample_stratified(y, 100, seed=3), sample_stratified(list(y), 100, seed=3))
    assert not np.array_equal(sample_stratified(y, 100, seed=3), sample_stratified(y, 100, seed=4))


def test_a_subsample_of_at_least_every_row_is_every_row_and_too_small_a_one_is_refused():
    y = unbalanced_labels()
    np.testing.assert_array_equal(sample_stratified(y, len(y), seed=0), np.arange(len(y)))
    with pytest.raises(ValueError, match="at least the number of classes"):
        sample_stratified(y, 3, seed=0)


def test_searches_subsample_only_above_the_limit_ties_included():
    y = unbalanced_labels()
    assert pick_search_rows(y, seed=0, limits=Limits(len(y))) is None  # exactly at the limit: untouched
    assert pick_search_rows(y, seed=0, limits=Limits(len(y) + 1)) is None
    assert len(pick_search_rows(y, seed=0, limits=Limits(len(y) - 1))) == len(y) - 1


def test_final_fits_see_at_most_the_final_limit_and_quadratic_ones_the_search_rows():
    y = unbalanced_labels()
    limits = Limits(200, 600)
    np.testing.assert_array_equal(pick_final_rows("svm", y, seed=1, limits=limits),
                                  pick_search_rows(y, seed=1, limits=limits))
    for name in ("rf", "gb", "ada", "logreg", "knn"):
        rows = pick_final_rows(name, y, seed=1, limits=limits)
        assert len(rows) == 600 and pd.Series(y[rows]).value_counts()["Blues"] >= 1, name
        assert pick_final_rows(name, y, seed=1, limits=Limits(200, len(y))) is None, name
    assert pick_final_rows("svm", y, seed=1, limits=Limits(len(y), len(y))) is None


def test_take_rows_keeps_pandas_objects_and_leaves_everything_for_none(parts):
    X, y = parts["training"]
    assert take_rows(X, y, None) == (X, y)
    X_taken, y_taken = take_rows(X, y, np.array([0, 2]))
    assert list(X_taken.index) == list(y_taken.index) == list(X.index[[0, 2]])


def test_the_plan_says_how_many_tracks_each_fit_sees():
    small = plan_sampling(["rf", "svm"], 6400)
    assert not small.subsampled and small.capped_models == [] and small.final_rows == {"rf": 6400, "svm": 6400}
    medium = plan_sampling(["rf", "svm"], 19807)
    assert medium.subsampled and medium.capped_models == ["svm"]
    assert medium.final_rows == {"rf": 19807, "svm": SEARCH_ROWS}
    large = plan_sampling(["rf", "svm"], 85259)
    assert large.search_rows == large.score_rows == SEARCH_ROWS
    assert large.final_rows == {"rf": FINAL_ROWS, "svm": SEARCH_ROWS}


def test_above_the_limits_searches_fit_on_the_subsample_and_final_fits_are_capped(parts, tmp_path):
    log = tmp_path / "fits.log"
    n_train = len(parts["training"][1])
    limits = Limits(30, 50)
    assert n_train > 50
    table, searched, _ = tune_and_evaluate(["logreg", "svm"], parts, search="quick", seed=0, limits=limits,
                                           factory=make_recording_factory(log))
    rows = read_fit_rows(log)
    assert sorted(rows.tolist()) == [30] * (len(searched) + 1) + [50]  # the searches and the SVM; logreg's final fit
    assert table.loc["svm", "fit_rows"] == 30 and table.loc["logreg", "fit_rows"] == 50
    assert (table["score_rows"] == 30).all()
    assert plan_sampling(["logreg", "svm"], n_train, limits=limits).final_rows == table["fit_rows"].to_dict()
    log.unlink()
    table, _, _ = tune_and_evaluate(["logreg"], parts, search="quick", seed=0, limits=Limits(30, n_train),
                                    factory=make_recording_factory(log))
    assert read_fit_rows(log).max() == n_train == table.loc["logreg", "fit_rows"]


def test_below_or_at_the_limits_nothing_changes(parts):
    """Limits at the number of training tracks give exactly the numbers of the book's limits (far above)."""
    n_train = len(parts["training"][1])
    names = ["logreg", "knn", "svm", "rf"]
    plain, searched_plain, _ = tune_and_evaluate(names, parts, search="quick", seed=0)
    tied, searched_tied, _ = tune_and_evaluate(names, parts, search="quick", seed=0, limits=Limits(n_train, n_train))
    stable = [c for c in plain.columns if not c.endswith("seconds")]
    pd.testing.assert_frame_equal(plain[stable], tied[stable])
    pd.testing.assert_frame_equal(searched_plain.drop(columns="fit_seconds"), searched_tied.drop(columns="fit_seconds"))
    assert (plain["fit_rows"] == n_train).all() and (plain["score_rows"] == n_train).all()


def test_subsampled_runs_are_deterministic_whatever_the_workers(parts):
    first, _, _ = tune_and_evaluate(["logreg", "svm"], parts, search="quick", seed=2, limits=Limits(30, 50))
    second, _, _ = tune_and_evaluate(["logreg", "svm"], parts, search="quick", seed=2, limits=Limits(30, 50), jobs=2)
    stable = [c for c in first.columns if not c.endswith("seconds")]
    pd.testing.assert_frame_equal(first[stable], second[stable])


def test_the_learning_curve_grows_to_the_search_rows_whatever_the_model(parts):
    limits = Limits(30, 50)
    svm = Candidate("svm", "svm", {"C": 1.0, "gamma": 0.1})
    sizes = compute_learning_curve(svm, parts, seed=0, fractions=(0.5, 1.0), limits=limits)["n_train"].tolist()
    assert sizes[1] == 30 and 15 <= sizes[0] < 30  # half of each genre, rounded up
    logreg = Candidate("logreg", "logreg", {"C": 1.0})
    assert compute_learning_curve(logreg, parts, seed=0, fractions=(1.0,), limits=limits)["n_train"].tolist() == [30]
    n_train = len(parts["training"][1])
    whole = compute_learning_curve(logreg, parts, seed=0, fractions=(1.0,), limits=Limits(n_train, n_train))
    assert whole["n_train"].tolist() == [n_train]


def test_rounds_grow_by_the_halving_factor_up_to_the_search_limit():
    assert plan_rounds(8000) == [8000] and plan_rounds(SEARCH_ROWS) == [SEARCH_ROWS]  # at the limit: one round
    assert plan_rounds(SEARCH_ROWS + 1) == [FIRST_ROUND_ROWS, FIRST_ROUND_ROWS * HALVING_FACTOR, SEARCH_ROWS]
    assert plan_rounds(100, limits=Limits(30, 50, first=10)) == [10, 30]
    assert plan_rounds(100, limits=Limits(30, 50, first=40)) == [30]  # a first round above the limit: the limit
    assert [count_kept(n) for n in (1, 2, 3, 4, 8, 16)] == [1, 1, 1, 2, 3, 6]
    assert [count_rounds(n, 3) for n in (1, 3, 4, 8, 16, 100)] == [1, 1, 2, 2, 3, 3]
    assert count_rounds(16, 1) == 1
    with pytest.raises(ValueError, match="first round"):
        Limits(30, 50, first=0)


def test_a_halving_search_keeps_the_best_third_of_each_model_and_picks_from_its_last_round(parts, tmp_path):
    log = tmp_path / "fits.log"
    limits = Limits(30, 50, first=10)
    candidates = (make_candidates("svm", parts["training"][0], search="full")
                  + make_candidates("logreg", parts["training"][0], search="quick"))
    searched = search_validation(candidates, parts, seed=0, limits=limits, factory=make_recording_factory(log))
    assert sorted(read_fit_rows(log).tolist()) == [10] * (16 + 3) + [30] * 6  # logreg's 3 -> 1: done after round 1
    assert searched.groupby(["label", "round"]).size().to_dict() == {("logreg", 1): 3, ("svm", 1): 16, ("svm", 2): 6}
    assert (searched["rows"] == searched["round"].map({1: 10, 2: 30})).all()
    first = searched[(searched["label"] == "svm") & (searched["round"] == 1)]
    best_six = first.sort_values("validation_accuracy", ascending=False, kind="stable").head(6)
    second = searched[searched["round"] == 2]
    assert [p for p in second["params"]] == [p for p in first.loc[sorted(best_six.index), "params"]]
    best = {c.label: c.params for c in pick_best(searched)}
    winner = second.iloc[int(np.argmax(second["validation_accuracy"].to_numpy()))]
    assert best["svm"] == winner["params"] and score_labels(searched)["svm"] == winner["validation_accuracy"]
    again = search_validation(candidates, parts, seed=0, limits=limits, jobs=2)
    pd.testing.assert_frame_equal(searched.drop(columns="fit_seconds"), again.drop(columns="fit_seconds"))


def test_keeping_the_best_share_breaks_ties_by_grid_order():
    alive = [Candidate("a", "svm", {"C": c}) for c in range(4)] + [Candidate("b", "svm", {"C": 9})]
    table = pd.DataFrame({"label": ["a"] * 4 + ["b"], "validation_accuracy": [0.5, 0.7, 0.7, 0.7, 0.9]})
    assert keep_best_share(alive, table) == alive[1:3]  # 4 -> 2, ties to the first; b has one left: done
    three = [Candidate("c", "svm", {"C": c}) for c in range(3)]
    assert keep_best_share(three, pd.DataFrame({"label": ["c"] * 3, "validation_accuracy": [0.1, 0.2, 0.3]})) == []


def test_feature_subsets_follow_the_rule(parts, tmp_path: Path):
    log = tmp_path / "fits.log"
    groups = make_feature_subsets(parts["training"][0].columns, level="feature")
    table, _ = compare_feature_subsets(parts, groups, search="quick", seed=0, limits=Limits(30, 40),
                                       factory=make_recording_factory(log))
    rows = read_fit_rows(log)
    assert (rows == 30).sum() == len(rows) - len(groups) and (table["fit_rows"] == 40).all()


def test_ward_below_its_limit_is_the_plain_tree_and_above_it_labels_every_track():
    rng = np.random.default_rng(0)
    X = np.r_[rng.normal(0, 1, (40, 3)), rng.normal(8, 1, (40, 3))]
    plain = cut_tree(linkage(X, method="ward"), n_clusters=[2, 3])
    whole = fit_ward(X, [2, 3], seed=0, limit=len(X))
    np.testing.assert_array_equal(whole[2], plain[:, 0])
    np.testing.assert_array_equal(whole[3], plain[:, 1])
    capped = fit_ward(X, [2, 3], seed=0, limit=20)
    sample = pick_tree_rows(len(X), seed=0, limit=20)
    assert len(sample) == 20 and set(capped[3]) == {0, 1, 2}
    tree = cut_tree(linkage(X[sample], method="ward"), n_clusters=[2])[:, 0]
    np.testing.assert_array_equal(capped[2][sample], tree)
    assert len(set(capped[2][:40])) == len(set(capped[2][40:])) == 1 and capped[2][0] != capped[2][-1]  # two blobs
    np.testing.assert_array_equal(capped[2], fit_ward(X, [2], seed=0, limit=20)[2])


def test_the_sentences_say_not_subsampled_up_to_and_at_the_limit():
    for n in (6400, 8000):
        said = describe_search_subsample(n, plan_rounds(n), 20000, seed=0, searched="each model's validation search")
        assert said == f"Every fit saw all {n:,} training tracks."
    assert describe_tree_subsample(10000, 10000, seed=0) == "Ward's tree was built on all 10,000 tracks."


def test_the_sentences_say_how_many_of_how_many_and_why():
    medium = describe_search_subsample(19807, [1000, 3000, 8000], 20000, seed=7, capped=["RBF SVM"], curve=True,
                                       searched="each model's validation search")
    for part in ("This dataset has 19,807 training tracks", "more than the 8,000", "successive halving", "seed 7",
                 "every candidate on 1,000 of them, then the best third of each model's candidates on 3,000, then "
                 "the best third of those on 8,000", "The final fits saw all 19,807", "except the RBF SVM",
                 "grows with the square of the tracks", "fitted finally on the search's 8,000",
                 "Training accuracies, and the learning curve, are measured on at most 8,000"):
        assert part in medium, part
    at_final = describe_search_subsample(20000, [1000, 3000, 8000], 20000, seed=0, searched="x", of_each="each set's")
    assert "The final fits saw all 20,000." in at_final and "except" not in at_final and "curve" not in at_final
    assert "the best third of each set's candidates" in at_final
    large = describe_search_subsample(85259, [1000, 3000, 8000], 20000, seed=0, searched="x", curve=True)
    assert "another such subsample, of 20,000" in large and "learning curve" in large
    two = describe_search_subsample(20001, [1000, 8000], 30000, seed=0, searched="x", capped=["RBF SVM", "other"])
    assert "except the RBF SVM and other, whose fitting time grow" in two and "they were fitted" in two
    short = describe_search_subsample(85730, [1000, 3000], 20000, seed=0, searched="x", of_each="each set's",
                                      limit=8000)  # 8 candidates: done after the round of 3,000
    assert "more than the 8,000 up to which" in short and "on 3,000, ending where one was left" in short
    assert "8,000 of them" not in short and "measured on at most 8,000" in short
    tree = describe_tree_subsample(106574, 10000, seed=0)
    assert "10,000 of the 106,574 tracks" in tree and "square of the tracks" in tree and "nearest" in tree
    assert "not among the methods" in describe_tree_subsample(106574, 10000, seed=0, fitted=False)
