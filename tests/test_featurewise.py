"""Feature-wise models: subsets by group and by statistic, forward selection, reported comparison, plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from genrebook.book import classical
from genrebook.book.featurewise import compare_with_reported, summarize_subsets
from genrebook.models.evaluation import compute_baselines, compute_genre_scores, split_features
from genrebook.models.featurewise import compare_feature_subsets, make_feature_subsets, select_groups_forward
from genrebook.models.tuning import Candidate, compute_learning_curve, tune_and_evaluate
from genrebook.plots import models as plots
from tests.helpers import make_feature_world


@pytest.fixture(scope="module")
def world():
    features, tracks = make_feature_world()
    return features, split_features(features, tracks)


def test_subsets_by_group_and_by_statistic(world):
    features, _ = world
    groups = make_feature_subsets(features.columns, level="feature")
    stats = make_feature_subsets(features.columns, level="statistics")
    assert list(groups) == ["a", "b", "c"] and groups["a"] == (0, 1, 2, 3)
    assert list(stats) == ["mean", "std"] and len(stats["mean"]) == 6
    with pytest.raises(ValueError, match="level must be 'feature' or 'statistics'"):
        make_feature_subsets(features.columns, level="number")


def test_informative_group_beats_noise_and_forward_selection_starts_with_it(world):
    features, parts = world
    groups = make_feature_subsets(features.columns, level="feature")
    table = compare_feature_subsets(parts, groups, search="quick", seed=0)
    assert table.loc["a", "test_accuracy"] > table.loc["c", "test_accuracy"]
    assert list(summarize_subsets(table).columns)[:2] == ["columns", "test %"]
    steps = select_groups_forward(parts, groups, search="quick", seed=0)
    assert steps["added"].iloc[0] == "a" and sorted(steps["added"]) == ["a", "b", "c"]
    assert steps["n_columns"].tolist() == [4, 8, 12] and steps["groups"].iloc[-1].count("+") == 2
    assert steps["test_gain"].sum() == pytest.approx(steps["test_accuracy"].iloc[-1])


def test_reported_comparison_rows_only_where_the_subset_exists():
    table = pd.DataFrame({"test_accuracy": [0.5, 0.6], "test_low": [0.45, 0.55], "test_high": [0.55, 0.65]},
                         index=["mfcc", "all features"])
    out = compare_with_reported(table)
    assert list(out.index) == ["mfcc", "all features"] and out.loc["mfcc", "reported: test %"] == 52.2
    assert list(compare_with_reported(table.drop(index="mfcc")).index) == ["all features"]


def test_classical_tables_and_reported_counts(world):
    _, parts = world
    table, _, _ = tune_and_evaluate(["logreg", "svm"], parts, search="quick", seed=0)
    assert list(classical.summarize_models(table).index) == ["logistic regression", "RBF SVM"]
    compared = classical.compare_with_reported(table)
    assert compared.loc["RBF SVM", "reported: test %"] == 46.4
    assert compared.loc["RBF SVM", "reported by"].startswith("FMA authors")
    assert compared.loc["logistic regression", "reported by"].startswith("original analysis")
    counts = classical.count_reported_matched(table.assign(test_accuracy=[0.5, 0.9], test_high=[0.6, 0.95]))
    assert counts == {"n_compared": 1, "n_matched": 0, "below": "logistic regression",
                      "below_within_interval": "logistic regression"}
    assert classical.describe_feature_set(sorted(classical.FMA_GROUPS)).startswith("in FMA's 11 groups")


def test_baselines_and_genre_scores(world):
    _, parts = world
    baselines = compute_baselines(parts["training"][1], parts["test"][1])
    assert baselines["chance"] == 0.25 and baselines["majority"] == pytest.approx(0.25)
    scores = compute_genre_scores(["a", "b"], ["a", "a"], ["a", "b", "c"])
    assert scores.loc["b", "recall"] == 0 and scores["support"].sum() == 2


def test_new_plots_return_figure_and_axes(world):
    _, parts = world
    table, _, _ = tune_and_evaluate(["logreg", "knn"], parts, search="quick", seed=0)
    fig, ax = plots.plot_model_accuracies(table, reported=pd.Series({"logreg": 0.577}), baselines={"chance": 0.25})
    assert ax.figure is fig
    curve = compute_learning_curve(Candidate("logreg", "logreg", {"C": 1.0}), parts, seed=0, fractions=(0.5, 1.0))
    assert plots.plot_learning_curve(curve)[1].get_xscale() == "log"
    assert plots.plot_subset_accuracies(table, reference=0.5)[1].get_xlim() == (0, 100)
    features, _ = world
    steps = select_groups_forward(parts, make_feature_subsets(features.columns, level="feature"), search="quick",
                                  seed=0)
    assert len(plots.plot_forward_selection(steps)[1].get_xticklabels()) == 3


def test_model_summary_keeps_each_models_numbers_on_its_row(world):
    _, parts = world
    table, _, _ = tune_and_evaluate(["knn", "logreg"], parts, search="quick", seed=0)
    summary = classical.summarize_models(table)
    assert summary.notna().all().all()
    assert summary.loc["logistic regression", "test %"] == round(100 * table.loc["logreg", "test_accuracy"], 1)
