"""Unbalanced genres: the rule that decides, the scores that weigh every genre equally, the baselines'
balanced accuracy, and the sentences that put them beside accuracy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import balanced_accuracy_score, f1_score

from genrebook.book import verdicts
from genrebook.book.balance import (
    UNBALANCED_RATIO,
    Balance,
    collect_labels,
    compute_balanced_scores,
    measure_balance,
    score_balanced,
)
from genrebook.models.evaluation import compute_baselines
from tests.helpers import MEDIUM_LIKE_COUNTS


@pytest.mark.parametrize("counts, unbalanced", [
    ({"Rock": 10, "Pop": 10}, False),
    ({"Rock": 15, "Pop": 10}, False),  # exactly the ratio: still balanced
    ({"Rock": 16, "Pop": 10}, True),
    ({"Rock": 1000, "Pop": 998, "Folk": 999}, False),  # fma_small's near-equal genres
    (MEDIUM_LIKE_COUNTS, True),
])
def test_genres_are_unbalanced_above_the_ratio(counts, unbalanced):
    labels = [genre for genre, n in counts.items() for _ in range(n)]
    balance = measure_balance(labels)
    assert balance.unbalanced is unbalanced
    assert balance.ratio == max(counts.values()) / min(counts.values()) and balance.n_genres == len(counts)
    assert UNBALANCED_RATIO == 1.5


def test_ties_name_the_first_genre_in_sorted_order_and_nothing_is_refused():
    balance = measure_balance(["b", "a", "c", "c", "a", "b"])
    assert (balance.largest, balance.smallest, balance.ratio) == ("a", "a", 1.0)
    with pytest.raises(ValueError, match="at least one labelled item"):
        measure_balance([])


def test_balanced_scores_agree_with_scikit_learn_and_weigh_every_genre_equally():
    rng = np.random.default_rng(0)
    truth = rng.choice(["a", "b", "c"], size=200, p=[0.7, 0.2, 0.1])
    predicted = np.where(rng.random(200) < 0.6, truth, "a")
    balanced, macro_f1 = compute_balanced_scores(truth, predicted)
    assert balanced == pytest.approx(balanced_accuracy_score(truth, predicted))
    assert macro_f1 == pytest.approx(f1_score(truth, predicted, average="macro"))
    majority = compute_balanced_scores(truth, ["a"] * 200)
    assert majority[0] == pytest.approx(1 / 3) and (truth == "a").mean() > 0.6  # accuracy flatters it
    table = score_balanced({"m": predicted, "all a": ["a"] * 200}, truth)
    assert list(table.columns) == ["balanced_accuracy", "macro_f1"] and table.loc["all a", "balanced_accuracy"] < 0.34
    with pytest.raises(ValueError, match="at least one test item"):
        compute_balanced_scores([], [])


def test_every_split_counts_towards_the_balance():
    parts = {"training": (None, pd.Series(["a"] * 3)), "test": (None, pd.Series(["b"]))}
    assert collect_labels(parts).tolist() == ["a", "a", "a", "b"]


def test_baselines_say_what_the_majority_genre_gets_weighed_by_genre():
    train = ["Rock"] * 8 + ["Pop"] * 1 + ["Folk"] * 1
    test = ["Rock"] * 8 + ["Pop"] * 1 + ["Folk"] * 1
    b = compute_baselines(train, test)
    assert b["majority_genre"] == "Rock" and b["majority"] == 0.8
    assert b["majority_balanced"] == pytest.approx(1 / 3) and b["chance_balanced"] == pytest.approx(1 / 3)
    assert b["stratified_balanced"] == pytest.approx((0.8 + 0.1 + 0.1) / 3)
    unseen = compute_baselines(["Rock", "Rock", "Pop"], ["Rock", "Jazz"])  # a test genre never seen in training
    assert unseen["chance_balanced"] == pytest.approx(0.25) and unseen["majority_balanced"] == pytest.approx(0.5)


UNBALANCED = Balance("Electronic", "Blues", 200, 20, 16)
BALANCED = Balance("Pop", "Rock", 40, 40, 2)


def test_the_majority_sentence_warns_only_where_genres_are_unbalanced():
    b = {"majority": 0.204, "majority_genre": "Electronic", "majority_balanced": 0.0625, "chance_balanced": 0.0625}
    text = verdicts.describe_majority(UNBALANCED, b)
    assert text.startswith("The 16 genres are unbalanced: Electronic has 10.0 times as many tracks as Blues")
    assert "Always answering Electronic is right 20.4% of the time" in text and "no better than chance" in text
    better = verdicts.describe_majority(UNBALANCED, {**b, "majority_balanced": 0.07})
    assert "no better than chance" not in better
    assert verdicts.describe_majority(BALANCED, b) == "The 2 genres are balanced: each has 40 tracks. No genre is a safe guess."
    nearly = verdicts.describe_balance(Balance("Pop", "Rock", 41, 40, 2))
    assert nearly == "The 2 genres are balanced: the largest, Pop, has 1.0 times as many tracks as the smallest, Rock"


def test_balanced_scores_are_put_beside_accuracy():
    text = verdicts.describe_balanced_scores("the RBF SVM", 0.55, 0.41, 0.39, UNBALANCED)
    assert "balanced accuracy (the mean recall over the genres) of 41.0%" in text
    assert "macro-F1 (the mean of their F1 scores) of 0.39, against its 55.0% accuracy" in text
    equal = verdicts.describe_balanced_scores("the RBF SVM", 0.55, 0.55, 0.55, BALANCED)
    assert equal.startswith("The genres are balanced") and "55.0%" in equal and "0.55" in equal
    assert verdicts.describe_balance(Balance("Rock", "Rock", 5, 5, 1)) == "The dataset has one genre"
