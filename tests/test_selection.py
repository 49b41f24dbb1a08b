"""Choosing chapter 03's model on one validation split: the one-standard-error rule, and its sentences."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from genrebook.book.classical import SIMPLEST_FIRST, best_by_validation, choose_model, measure_standard_error
from genrebook.book.verdicts.selection import describe_choice, describe_validation_gap
from genrebook.models.pipelines import CLASSICAL_MODELS


def scores(**accuracies) -> pd.DataFrame:
    return pd.DataFrame({"validation_accuracy": list(accuracies.values())}, index=list(accuracies))


def test_the_order_names_every_classical_model_once():
    assert sorted(SIMPLEST_FIRST) == sorted(CLASSICAL_MODELS)
    assert SIMPLEST_FIRST[0] == "logreg" and SIMPLEST_FIRST[-1] == "gb"


def test_the_standard_error_is_binomial():
    assert measure_standard_error(0.5, 100) == pytest.approx(0.05)
    assert measure_standard_error(1.0, 50) == 0.0 and math.isnan(measure_standard_error(0.5, 0))


def test_a_simpler_model_within_one_standard_error_is_chosen_over_the_best():
    table = scores(rf=0.635, gb=0.640, ada=0.619, logreg=0.625, knn=0.588, svm=0.613)  # fma_small_derived, 800 tracks
    assert best_by_validation(table) == "gb" and choose_model(table, 800) == "logreg"


def test_the_best_is_kept_when_nothing_simpler_comes_within_reach():
    table = scores(gb=0.64, logreg=0.60, svm=0.62)
    se = measure_standard_error(0.64, 800)
    assert 0.64 - se > 0.62 and choose_model(table, 800) == "gb"
    assert choose_model(table, 40) == "logreg"  # 40 tracks: a standard error of 7.6 points reaches everything


def test_exactly_one_standard_error_below_is_within_reach_and_the_simplest_wins_among_several():
    se = measure_standard_error(0.6, 100)
    assert choose_model(scores(gb=0.6, svm=0.6 - se, knn=0.6 - se - 1e-9), 100) == "svm"
    assert choose_model(scores(gb=0.6, svm=0.59, knn=0.595, logreg=0.596), 100) == "logreg"


def test_an_unknown_model_is_considered_after_the_known_ones():
    assert choose_model(scores(other=0.7, gb=0.69), 100) == "gb"
    assert choose_model(scores(other=0.7, gb=0.5), 100_000) == "other"


def test_the_choice_sentence_names_the_rule_the_noise_and_the_models():
    chosen = describe_choice("logistic regression", 0.625, "gradient boosting", 0.64, standard_error=0.017,
                             n_validation=800)
    for part in ("gradient boosting scores best on validation, 64.0%", "800 tracks", "standard error of 1.7 points",
                 "logistic regression, at 62.5%", "within one standard error", "simpler"):
        assert part in chosen, part
    kept = describe_choice("gradient boosting", 0.64, "gradient boosting", 0.64, standard_error=0.017, n_validation=800,
                           simpler=["logistic regression"])
    assert "no simpler model (logistic regression) comes within one standard error (1.7 points)" in kept
    alone = describe_choice("logistic regression", 0.6, "logistic regression", 0.6, standard_error=0.02,
                            n_validation=100)
    assert "the simplest of the models tried" in alone


def test_the_gap_sentence_knows_its_signs():
    assert describe_validation_gap({"a": 0.06, "b": 0.1}) == ("Every model scores higher on validation than on test, "
                                                               "by 6.0 to 10.0 points.")
    assert describe_validation_gap({"a": -0.06, "b": -0.01}) == ("Every model scores lower on validation than on test, "
                                                                  "by 1.0 to 6.0 points.")
    assert "between 1.0 points lower and 2.0 points higher" in describe_validation_gap({"a": -0.01, "b": 0.02})
    assert describe_validation_gap({"a": 0.0, "b": 0.02}) == ("No model scores lower on validation than on test; the "
                                                               "largest difference is 2.0 points.")
    assert describe_validation_gap({"a": 0.0, "b": -0.0001}) == "Every model scores the same on validation as on test."
    assert describe_validation_gap({"a": 0.0}) == "The model scores the same on validation as on test."
    assert describe_validation_gap({"a": -0.021}) == "The model scores 2.1 points lower on validation than on test."
