"""Evaluation: splits, predictions, bootstrap intervals, confusion matrices, random splits and artist overlap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genrebook.models.evaluation import (
    compute_accuracy_interval,
    count_artist_overlap,
    find_confused_pairs,
    fit_and_predict,
    make_confusion,
    make_random_split,
    predict_test_split,
    split_features,
)
from genrebook.models.pipelines import make_logreg_pipeline
from tests.helpers import WORLD_GENRES as GENRES
from tests.helpers import make_world


def test_split_features_cuts_by_split_and_keeps_alignment():
    features, tracks = make_world()
    parts = split_features(features, tracks)
    assert sum(len(X) for X, _ in parts.values()) == len(tracks)
    for name, (X, y) in parts.items():
        assert X.index.equals(y.index) and (tracks.loc[y.index, "split"] == name).all()
    other = pd.Series("training", index=tracks.index)
    assert len(split_features(features, tracks, split=other)["test"][0]) == 0


def test_split_features_without_features_says_what_to_do():
    _, tracks = make_world()
    with pytest.raises(ValueError, match="no features: run `genrebook extract"):
        split_features(None, tracks)


def test_predictions_are_deterministic_and_better_than_chance():
    features, tracks = make_world()
    first = predict_test_split(make_logreg_pipeline(seed=0), features, tracks)
    second = predict_test_split(make_logreg_pipeline(seed=0), features, tracks)
    assert first.equals(second) and list(first.columns) == ["true", "predicted"]
    assert first.index.equals(tracks.index[tracks["split"] == "test"])
    assert (first["true"] == first["predicted"]).mean() > 0.5


def test_fit_and_predict_needs_two_classes():
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match="at least two genres; got 1"):
        fit_and_predict(make_logreg_pipeline(seed=0), X, ["Rock"] * 4, X)


@pytest.mark.parametrize("n, p", [(800, 0.53), (40, 0.4), (7, 1.0), (5, 0.0)])
def test_accuracy_interval_contains_the_estimate_and_is_deterministic(n, p):
    y_true = np.zeros(n, dtype=int)
    y_pred = (np.arange(n) >= round(p * n)).astype(int)
    accuracy, low, high = compute_accuracy_interval(y_true, y_pred, seed=3)
    assert accuracy == pytest.approx(round(p * n) / n)
    assert 0 <= low <= accuracy <= high <= 1
    assert all(isinstance(v, float) for v in (accuracy, low, high))
    assert compute_accuracy_interval(y_true, y_pred, seed=3) == (accuracy, low, high)


def test_accuracy_interval_matches_resampling_the_items():
    rng = np.random.default_rng(0)
    correct = rng.random(500) < 0.6
    _, low, high = compute_accuracy_interval(correct, np.ones(500, bool), seed=1, n_boot=4000)
    resampled = correct[rng.integers(0, 500, (4000, 500))].mean(axis=1)
    assert low == pytest.approx(np.quantile(resampled, 0.025), abs=0.01)
    assert high == pytest.approx(np.quantile(resampled, 0.975), abs=0.01)
    _, low90, high90 = compute_accuracy_interval(correct, np.ones(500, bool), seed=1, n_boot=4000, level=0.9)
    assert low <= low90 and high90 <= high


def test_accuracy_interval_refuses_empty_input():
    with pytest.raises(ValueError, match="at least one test item"):
        compute_accuracy_interval([], [], seed=0)


def test_confusion_rows_sum_to_one_and_an_absent_class_is_nan():
    confusion = make_confusion(["Pop", "Pop", "Rock", "Rock", "Rock"], ["Pop", "Rock", "Rock", "Rock", "Folk"],
                               GENRES)
    assert list(confusion.index) == GENRES == list(confusion.columns)
    assert confusion.loc["Pop", "Rock"] == 0.5 and confusion.loc["Rock", "Folk"] == pytest.approx(1 / 3)
    assert np.allclose(confusion.loc[["Pop", "Rock"]].sum(axis=1), 1)
    assert confusion.loc["Folk"].isna().all()


def test_confused_pairs_are_symmetric():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.choice(GENRES + ["Jazz"], 300), rng.choice(GENRES + ["Jazz"], 300)
    labels = GENRES + ["Jazz"]
    forward = find_confused_pairs(make_confusion(y_true, y_pred, labels), n=6)
    backward = find_confused_pairs(make_confusion(y_true, y_pred, labels[::-1]), n=6)
    assert len(forward) == 6 and forward["rate"].is_monotonic_decreasing
    as_sets = lambda pairs: {frozenset(p): r for p, r in zip(pairs[["genre_a", "genre_b"]].to_numpy().tolist(),
                                                              pairs["rate"])}
    assert as_sets(forward) == pytest.approx(as_sets(backward))
    assert np.allclose(forward["rate"], (forward["a_as_b"] + forward["b_as_a"]) / 2)
    assert find_confused_pairs(make_confusion(["Pop"], ["Pop"], ["Pop"])).empty


def test_random_split_keeps_sizes_stratifies_and_mixes_artists():
    _, tracks = make_world()
    split = make_random_split(tracks, seed=4)
    assert split.index.equals(tracks.index)
    assert split.value_counts().to_dict() == tracks["split"].value_counts().to_dict()
    per_genre = pd.crosstab(tracks["genre"], split)["test"]
    assert (per_genre - per_genre.mean()).abs().max() <= 1
    assert split.equals(make_random_split(tracks, seed=4)) and not split.equals(make_random_split(tracks, seed=5))
    assert count_artist_overlap(tracks, tracks["split"])["artist in training"] == 0
    assert count_artist_overlap(tracks, split)["share in training"] > 0.5


def test_random_split_works_on_tiny_and_unbalanced_data():
    tracks = pd.DataFrame({"split": ["training"] * 5 + ["test"] * 2, "genre": ["Rock"] * 6 + ["Pop"]})
    counts = make_random_split(tracks, seed=0).value_counts().to_dict()
    assert counts == {"training": 5, "test": 2, "validation": 0}


def test_tracks_without_artist_never_overlap():
    tracks = pd.DataFrame({"artist_id": pd.array([1, None, 1, None], dtype="Int64")})
    split = pd.Series(["training", "training", "test", "test"])
    overlap = count_artist_overlap(tracks, split)
    assert overlap == {"test tracks": 2, "test tracks with artist": 1, "artist in training": 1,
                       "share in training": 1.0}
    assert np.isnan(count_artist_overlap(tracks.iloc[[0, 3]], split.iloc[[0, 3]])["share in training"])
