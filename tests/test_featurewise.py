"""Feature-wise models: subsets by group and by statistic, forward selection, their test predictions, plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from genrebook.models.evaluation import compute_baselines, compute_genre_scores, split_features
from genrebook.models.featurewise import compare_feature_subsets, make_feature_subsets, select_groups_forward
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


def test_informative_group_beats_noise_and_its_predictions_match_its_accuracy(world):
    features, parts = world
    groups = make_feature_subsets(features.columns, level="feature")
    table, predictions = compare_feature_subsets(parts, groups, search="quick", seed=0)
    assert table.loc["a", "test_accuracy"] > table.loc["c", "test_accuracy"]
    y_test = parts["test"][1]
    assert set(predictions) == {"a", "b", "c"}
    for name, predicted in predictions.items():
        assert predicted.index.equals(y_test.index)
        assert np.mean(predicted.to_numpy() == y_test.to_numpy()) == pytest.approx(table.loc[name, "test_accuracy"])


def test_forward_selection_starts_with_the_informative_group_and_keeps_each_steps_predictions(world):
    features, parts = world
    groups = make_feature_subsets(features.columns, level="feature")
    steps, predictions = select_groups_forward(parts, groups, search="quick", seed=0)
    assert steps["added"].iloc[0] == "a" and sorted(steps["added"]) == ["a", "b", "c"]
    assert steps["n_columns"].tolist() == [4, 8, 12] and steps["groups"].iloc[-1].count("+") == 2
    assert steps["test_gain"].sum() == pytest.approx(steps["test_accuracy"].iloc[-1])
    assert sorted(predictions) == [1, 2, 3]
    y_test = parts["test"][1].to_numpy()
    for step, predicted in predictions.items():
        assert np.mean(predicted.to_numpy() == y_test) == pytest.approx(steps.loc[step, "test_accuracy"])


def test_baselines_and_genre_scores(world):
    _, parts = world
    baselines = compute_baselines(parts["training"][1], parts["test"][1])
    assert baselines["chance"] == 0.25 and baselines["majority"] == pytest.approx(0.25)
    scores = compute_genre_scores(["a", "b"], ["a", "a"], ["a", "b", "c"])
    assert scores.loc["b", "recall"] == 0 and scores["support"].sum() == 2


def test_subset_and_forward_plots_have_units_and_legends_off_the_axes(world):
    features, parts = world
    groups = make_feature_subsets(features.columns, level="feature")
    table, _ = compare_feature_subsets(parts, groups, search="quick", seed=0)
    fig, ax = plots.plot_subset_accuracies(table, reference=0.5, reference_label="all features")
    assert ax.figure is fig and ax.get_xlim() == (0, 100) and ax.get_xlabel() == "test accuracy (%)"
    assert [t.get_text() for t in ax.get_yticklabels()][0] == table["test_accuracy"].idxmax()
    legend = ax.get_legend()
    assert legend is not None and "all features (50.0%)" in [t.get_text() for t in legend.get_texts()]
    steps, _ = select_groups_forward(parts, groups, search="quick", seed=0)
    fig, ax = plots.plot_forward_selection(steps.assign(added=["A", "B", "C"]))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "+ B", "+ C"]
    assert ax.get_ylabel() == "accuracy (%)" and not ax.get_title()
    plt.close("all")
