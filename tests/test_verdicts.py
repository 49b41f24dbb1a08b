"""Verdicts: every comparative sentence, on ties, equal values, zero, intervals and 'not comparable'."""

from __future__ import annotations

import pytest

from genrebook.book import verdicts
from genrebook.book.verdicts import Comparability
from genrebook.fma.columns import FMA_GROUPS, SMALL_GENRES

YES = Comparability(True)
SYNTHETIC = Comparability(False, "the data are synthetic")


@pytest.mark.parametrize("value, low, high, expected", [
    (0.57, 0.53, 0.61, "It meets the 57.0% target (by 0.0 points)"),  # equal to the target meets it
    (0.60, 0.58, 0.62, "so does its whole interval"),
    (0.56, 0.52, 0.57, "misses the 57.0% target by 1.0 points, though its interval"),  # reaches it exactly
    (0.50, 0.45, 0.55, "its whole interval, 45.0–55.0%, lies below it"),
])
def test_target_verdicts_use_the_interval(value, low, high, expected):
    assert expected in verdicts.compare_with_target(value, low, high, 0.57, comparability=YES)


def test_a_target_is_not_checked_on_data_it_was_not_set_for():
    text = verdicts.compare_with_target(0.95, 0.9, 1.0, 0.57, comparability=SYNTHETIC)
    assert "not checked" in text and "synthetic" in text and "meets" not in text


@pytest.mark.parametrize("value, low, high, word", [
    (0.577, 0.54, 0.61, "matches"),   # equal to the reported figure
    (0.50, 0.46, 0.577, "matches"),   # the interval touches it
    (0.50, 0.46, 0.57, "falls short"),
    (0.65, 0.578, 0.70, "beats"),
])
def test_reported_verdicts(value, low, high, word):
    assert verdicts.compare_with_reported(value, low, high, 0.577, comparability=YES).startswith(word)


def test_reported_figures_are_not_compared_on_other_genres_or_features():
    two = verdicts.check_comparable(["Rock", "Pop"], synthetic=False)
    assert not two.comparable and "2 genres" in two.reason
    assert "not compared" in verdicts.compare_with_reported(0.9, 0.8, 1.0, 0.5, comparability=two)
    features = verdicts.check_comparable(SMALL_GENRES, synthetic=False, feature_groups=["mfcc"], needs_features=True)
    assert not features.comparable and "features" in features.reason
    assert verdicts.check_comparable(SMALL_GENRES, synthetic=False, feature_groups=FMA_GROUPS,
                                     needs_features=True).comparable
    assert verdicts.check_comparable(SMALL_GENRES, synthetic=False).comparable  # networks: features do not matter
    assert verdicts.check_comparable(SMALL_GENRES, synthetic=True).reason == "the data are synthetic"


def test_counting_reported_outcomes_on_edges():
    assert verdicts.count_reported_outcomes([]) == {"beats": 0, "matches": 0, "falls short": 0}
    assert verdicts.count_reported_outcomes([(0.5, 0.5, 0.5, 0.5)]) == {"beats": 0, "matches": 1, "falls short": 0}


def test_paired_comparison_needs_a_significant_difference():
    same = [1, 0] * 50
    assert "not reliably different" in verdicts.compare_paired("A", same, "B", same)  # identical answers
    assert verdicts.run_paired_test(same, same).p_value == 1.0
    a = [1] * 60 + [0] * 40
    b = [1] * 55 + [0] * 45  # A better on 5 discordant tracks only: not enough
    assert "not reliably different" in verdicts.compare_paired("A", a, "B", b)
    b = [0] * 30 + [1] * 30 + [0] * 40
    assert verdicts.compare_paired("A", a, "B", b).startswith("A beats B")
    assert verdicts.compare_paired("B", b, "A", a).startswith("A beats B")
    with pytest.raises(ValueError, match="same tracks"):
        verdicts.run_paired_test([1, 0], [1])


def test_best_names_every_tied_item():
    assert verdicts.name_best({"a": 0.5, "b": 0.5000001}) == "a and b (tied)"
    assert verdicts.name_best({"a": 0.0, "b": 0.0, "c": 0.0}) == "a, b and c (tied)"
    assert verdicts.name_best({"a": 0.2, "b": 0.1}) == "a"
    with pytest.raises(ValueError):
        verdicts.name_best({})


def test_counts_and_changes_read_as_prose():
    assert verdicts.describe_share_of(3, 3) == "all three"
    assert verdicts.describe_share_of(2, 2) == "both"
    assert verdicts.describe_share_of(0, 2) == "none of the 2"
    assert verdicts.describe_change(-0.042) == "cost 4.2 percentage points"
    assert verdicts.describe_change(0.0) == "changed nothing (0.0 percentage points)"


def test_k_at_the_edge_of_its_range_is_said():
    assert "largest tried" in verdicts.describe_k_choice(16, 2, 16)
    assert "inside" in verdicts.describe_k_choice(8, 2, 16)
    assert verdicts.describe_k_choice(3, 3, 16).endswith("a better k may lie below the range")


def test_two_clusters_at_the_lower_edge_are_the_fewest_there_can_be():
    said = verdicts.describe_k_choice(2, 2, 16)
    assert "fewest clusters there can be" in said and "below" not in said
    assert verdicts.describe_k_choice(2, 2, 2) == "k = 2, the largest tried: a better k may lie above the range"


def test_trends_are_described_as_they_move():
    assert verdicts.describe_trend([3, 2, 1], [2, 3, 4]).startswith("falls steadily")
    assert verdicts.describe_trend([1, 2, 3], [2, 3, 4]).startswith("rises steadily")
    assert verdicts.describe_trend([1, 3, 2], [2, 3, 4]) == "rises to its highest at 3, then falls"
    assert verdicts.describe_trend([2, 2, 2], [2, 3, 4]) == "stays flat"


def test_chosen_k_at_the_edges_are_counted():
    assert verdicts.describe_k_choices([5, 8], 2, 16) == "every chosen k lies inside the range tried (2 to 16)"
    assert verdicts.describe_k_choices([5], 2, 16) == "the chosen k lies inside the range tried (2 to 16)"
    assert verdicts.describe_k_choices([2], 2, 16) == "the chosen k is 2, the fewest clusters there can be"
    assert verdicts.describe_k_choices([2, 16, 16], 2, 16) == (
        "2 of the 3 chosen k lie at the top of the range tried (2 to 16), so a better k may lie above it; "
        "1 is 2, the fewest clusters there can be")
    assert verdicts.describe_k_choices([2, 5, 7], 2, 16) == (
        "1 of the 3 chosen k is 2, the fewest clusters there can be; the others lie inside the range tried (2 to 16)")
    assert verdicts.describe_k_choices([3, 5, 16], 3, 16).startswith("2 of the 3 chosen k lie at an edge")
    assert verdicts.describe_k_choices([3, 5], 3, 16).endswith("so a better k may lie below it")
    assert "outside" not in verdicts.describe_k_choices([2, 2, 2], 2, 16)
    assert verdicts.describe_k_choices([3, 3], 3, 3) == "the range tried holds one k (3), so k was not chosen"


def test_rates_compare_with_equality_and_missing_counts():
    kw = {"a": "A", "b": "B", "what": "share a cluster"}
    assert verdicts.compare_rates(0.5, 0.5, **kw) == "A share a cluster as often as B (both 50.0%)"
    assert "as often as" in verdicts.compare_rates(0.50049, 0.4996, **kw)  # equal at one decimal
    assert verdicts.compare_rates(0.0, 0.0, **kw) == "A share a cluster as often as B (both 0.0%)"
    assert verdicts.compare_rates(0.6, 0.5, **kw).endswith("(60.0% against 50.0%, 10.0 percentage points more)")
    assert "less often than B" in verdicts.compare_rates(0.1, 0.5, **kw)
    assert verdicts.compare_rates(0.5, None, **kw) == "A cannot be compared with B: there are no B to count"


def test_highest_names_ties_and_shows_every_score_and_the_floor():
    text = verdicts.describe_highest({"A": 0.3, "B": 0.3, "C": 0.1}, measure="ARI", floor=0.0)
    assert text == "the highest ARI is that of A and B (tied): 0.30 (C 0.10; a random assignment 0.00)"
    assert verdicts.describe_highest({"A": 0.2, "B": 0.2}, measure="NMI") == "the highest NMI is that of A and B (tied): 0.20"
    assert verdicts.describe_highest({"A": 0.0, "B": -0.01}, measure="ARI") == "the highest ARI is that of A: 0.00 (B -0.01)"
    assert verdicts.describe_highest({"A": 0.25}, measure="ARI") == "ARI 0.25 for A, the only one scored"
    assert verdicts.describe_highest({"A": -0.001}, measure="ARI", floor=-0.004).count("0.00") == 2  # never -0.00
    assert "-0.00" not in verdicts.describe_highest({"A": -0.001}, measure="ARI", floor=-0.004)
    with pytest.raises(ValueError):
        verdicts.describe_highest({}, measure="ARI")


# --- 02_limitations ---


def test_top_level_mixing_says_zero_plainly_and_names_tied_pairings():
    assert verdicts.describe_top_level_mixing(0.0, []).startswith("No track carries genres under more than one")
    assert verdicts.describe_top_level_mixing(0.2, []).startswith("No track")  # no pairing to name: nothing mixes
    one = verdicts.describe_top_level_mixing(0.05, [("Rock", "Pop", 0.3), ("Pop", "Rock", 0.1)])
    assert one.startswith("5.0% of the tracks") and "the Rock tracks, 30.0% of which also carry Pop." in one
    tied = verdicts.describe_top_level_mixing(0.05, [("Rock", "Pop", 0.3), ("Folk", "Jazz", 0.3004)])
    assert "tied at 30.0%" in tied and "Rock tracks also carrying Pop and Folk tracks also carrying Jazz" in tied


def test_top_pairs_name_ties_and_say_when_no_track_carries_two():
    assert verdicts.describe_top_pairs([("A", "B", 1)]) == "Tracks carry A with B most often (1 track)."
    assert verdicts.describe_top_pairs([("A", "B", 0)]) == "No track carries two genres."
    text = verdicts.describe_top_pairs([("A", "B", 1412), ("C", "D", 1412), ("E", "F", 3)])
    assert text == "Tracks carry A with B and C with D most often, tied (1,412 tracks each)."


@pytest.mark.parametrize("known, listed, used, expected", [
    (6, 0, 0, "None of fma_small's 6 known-bad clips is listed"),
    (6, 6, 0, "All 6 of fma_small's known-bad clips are listed in this dataset's tracks.csv; the loader leaves every one out."),
    (6, 1, 0, "1 of fma_small's 6 known-bad clips is listed in this dataset's tracks.csv; the loader leaves it out."),
    (6, 2, 2, "2 of fma_small's 6 known-bad clips are listed in this dataset's tracks.csv, and all are used."),
    (6, 6, 1, "; 1 of them is used."),
])
def test_known_bad_clips_read_as_prose(known, listed, used, expected):
    text = verdicts.describe_known_bad(known, listed, used)
    assert text.startswith(expected) or text.endswith(expected)


def test_exclusions_count_every_reason():
    assert verdicts.describe_exclusions([]) == "No track was left out."
    assert verdicts.describe_exclusions([("no split", 0)]) == "No track was left out."
    assert verdicts.describe_exclusions([("no split", 1)]) == "One track was left out: no split."
    assert verdicts.describe_exclusions([("no split", 1200)]) == "1,200 tracks were left out, all for one reason: no split."
    three = verdicts.describe_exclusions([("a", 3), ("b", 2), ("c", 1)])
    assert three == "6 tracks were left out: a (3), b (2) and c (1)."


def test_feature_sources_and_their_agreement():
    assert verdicts.describe_feature_sources(False, True).startswith("only features extracted")
    assert verdicts.describe_feature_sources(False, False) == "no features at all"
    assert verdicts.describe_source_agreement(10, {}) == "With a single feature source there is nothing to compare."
    nan = float("nan")
    assert "cannot be computed" in verdicts.describe_source_agreement(10, {"MFCC": nan})
    assert verdicts.describe_source_agreement(10, {"MFCC": 0.5, "tonnetz": nan}).endswith("is 0.50 in its one group.")
    ties = verdicts.describe_source_agreement(10, {"A": 0.2, "B": 0.2, "C": 0.9})
    assert ties.endswith("ranges from 0.20 (A and B) to 0.90 (C).")
    assert verdicts.describe_source_agreement(10, {"A": 0.904, "B": 0.9}).endswith("is 0.90 in every group.")


def test_known_artists_read_as_prose():
    assert verdicts.describe_known_artists(0, 1) == "none of the 1 test tracks has its artist in training"
    assert verdicts.describe_known_artists(3, 1200) == "3 of the 1,200 test tracks have their artist in training"
    assert verdicts.describe_known_artists(5, 5) == "every one of the 5 test tracks has its artist in training"


@pytest.mark.parametrize("random_mean, word", [
    (0.70, "lies above"), (0.60, "lies inside"), (0.55, "lies inside"), (0.65, "lies inside"), (0.50, "lies below"),
])
def test_artist_gap_is_judged_against_the_official_interval(random_mean, word):
    text = verdicts.judge_artist_gap(0.55, 0.65, random_mean)
    assert word in text and "(55.0–65.0%)" in text
    assert ("overstates" in text) == (word == "lies above")
    assert ("no clear evidence" in text) == (word == "lies inside")


def test_fma_medium_figures_need_fma_mediums_genres_real_data_and_fmas_features():
    small = verdicts.check_comparable_with_medium(SMALL_GENRES, synthetic=False, feature_groups=FMA_GROUPS)
    assert not small.comparable and "fma_medium" in small.reason and "fma_small's 8" in small.reason
    other = verdicts.check_comparable_with_medium(["Rock", "Pop"], synthetic=False, feature_groups=FMA_GROUPS)
    assert "this dataset has 2 genres" in other.reason
    demo = verdicts.check_comparable_with_medium(SMALL_GENRES, synthetic=True, feature_groups=FMA_GROUPS)
    assert demo.reason.endswith("the data are synthetic")  # every failing reason is given
    features = verdicts.check_comparable_with_medium(verdicts.MEDIUM_GENRES, synthetic=False, feature_groups=["mfcc"])
    assert features.reason == "its features are MFCC, not FMA's 518 statistics in 11 groups"
    assert verdicts.check_comparable_with_medium(verdicts.MEDIUM_GENRES, synthetic=False,
                                                 feature_groups=FMA_GROUPS) == Comparability(True)


def test_several_reported_comparisons_on_edges():
    equal = verdicts.describe_reported_comparisons([("MFCC", 0.58, 0.58, 0.58, 0.58)], what="its figures",
                                                   comparability=YES)
    assert "matches the reported 58.0%" in equal and equal.endswith(".")
    assert verdicts.describe_reported_comparisons([("a", 0.5, 0.4, 0.6, 0.5)] * 2, what="its figures",
                                                  comparability=SYNTHETIC) == (
        "Our accuracies are not compared with its figures: the data are synthetic.")
    assert "None of our accuracies" in verdicts.describe_reported_comparisons([], what="its figures",
                                                                               comparability=YES)
    zero = verdicts.describe_reported_comparisons([("a", 0.0, 0.0, 0.0, 0.1)], what="x", comparability=YES)
    assert "falls short of the reported 10.0%" in zero


def test_validation_peak_of_a_forward_selection():
    assert "nothing to select" in verdicts.describe_validation_peak(1, 1, ["MFCC"], paired="unused")
    assert "with both groups" in verdicts.describe_validation_peak(2, 2, ["MFCC", "VGGish"], paired="unused")
    assert "all 11 groups" in verdicts.describe_validation_peak(11, 11, list("abcdefghijk"), paired="unused")
    early = verdicts.describe_validation_peak(2, 5, ["MFCC", "tonnetz"], paired="A and B are not reliably different")
    assert "step 2, with MFCC and tonnetz; on the test split, A and B are not reliably different." in early
    assert "MFCC alone" in verdicts.describe_validation_peak(1, 5, ["MFCC"], paired="p")


def test_find_best_lists_what_name_best_names():
    scores = {"a": 0.5, "b": 0.5000001, "c": 0.1}
    assert verdicts.find_best(scores) == ["a", "b"] and verdicts.name_best(scores) == "a and b (tied)"
    assert verdicts.find_best({"a": 0.0, "b": -0.0}) == ["a", "b"]
    assert verdicts.find_best({"a": 0.26, "b": 0.21}, digits=1) == ["a"]
    with pytest.raises(ValueError):
        verdicts.find_best({})


# --- 03_classical_models ---


def test_paired_cells_say_better_or_worse_only_when_significant():
    assert verdicts.describe_paired_short([1] * 30 + [0] * 5, [0] * 30 + [1] * 5) == "better, p < 0.001"
    assert verdicts.describe_paired_short([0] * 30 + [1] * 5, [1] * 30 + [0] * 5) == "worse, p < 0.001"
    assert verdicts.describe_paired_short([1, 1, 0], [1, 1, 0]) == "no clear difference, p = 1.00"  # identical
    assert verdicts.describe_paired_short([1, 0] * 10, [0, 1] * 10).startswith("no clear difference")  # even split


def test_chosen_model_against_the_best_on_test():
    only = verdicts.compare_chosen_with_test_best("SVM", [1, 0], {"SVM": [1, 0]})
    assert only == "SVM, chosen on validation, is the only model fitted"
    assert "also has the highest" in verdicts.compare_chosen_with_test_best("SVM", [1, 1], {"kNN": [1, 0]})
    tie = verdicts.compare_chosen_with_test_best("SVM", [1, 0], {"kNN": [0, 1], "RF": [0, 1]})
    assert tie == "SVM, chosen on validation, ties with kNN and RF for the highest test accuracy"
    behind = verdicts.compare_chosen_with_test_best("SVM", [0, 0, 1], {"kNN": [1, 1, 1], "RF": [1, 1, 1]})
    assert behind.startswith("kNN and RF have the highest test accuracy (tied); ")
    assert behind.count("McNemar") == 1 and "not reliably different from either" in behind  # 2 discordant tracks
    far = verdicts.compare_chosen_with_test_best("SVM", [0] * 40, {"kNN": [1] * 40, "RF": [1] * 40})
    assert far.count("McNemar") == 2 and "kNN beats SVM" in far and "RF beats SVM" in far


def test_chosen_model_against_a_reported_figure():
    assert verdicts.compare_chosen_with_reported(0.5, 0.4, 0.6, 0.577, comparability=SYNTHETIC) == (
        "is not set against it either, for the same reason")
    assert verdicts.compare_chosen_with_reported(0.577, 0.577, 0.6, 0.577, comparability=YES).startswith("matches")


@pytest.mark.parametrize("counts, start", [
    ({"beats": 0, "matches": 0, "falls short": 0}, "None of the models fitted here"),
    ({"beats": 0, "matches": 5, "falls short": 0}, "All five models the original analysis also fitted match"),
    ({"beats": 1, "matches": 0, "falls short": 0}, "The one model the original analysis also fitted beats"),
    ({"beats": 0, "matches": 1, "falls short": 1}, "Of the two models the original analysis also fitted, 1 matches"),
])
def test_reported_outcomes_are_counted_in_words(counts, start):
    text = verdicts.describe_reported_outcomes(counts, comparability=YES, source="the original analysis")
    assert text.startswith(start) and text.endswith(".")


def test_reported_outcomes_are_not_counted_when_not_comparable():
    reason = verdicts.check_comparable(SMALL_GENRES, synthetic=False, feature_groups=["mfcc", "vggish"],
                                       needs_features=True)
    text = verdicts.describe_reported_outcomes({"beats": 5, "matches": 0, "falls short": 0}, comparability=reason,
                                               source="the original analysis")
    assert text == ("Our models are not compared with the test accuracies the original analysis reported: "
                    "its features are MFCC and VGGish, not FMA's 518 statistics in 11 groups.")
    assert verdicts.check_comparable(SMALL_GENRES, synthetic=False, feature_groups=sorted(FMA_GROUPS),
                                     needs_features=True).comparable


def test_training_curves_at_their_last_epoch_and_with_equal_accuracies():
    assert "still falling" in verdicts.describe_training_curve("the CNN", [3.0, 2.0, 1.0], 0.5, 0.5)
    assert "equals its validation accuracy" in verdicts.describe_training_curve("the CNN", [1.0, 2.0], 0.5, 0.5)
    assert "lowest at epoch 1 of 2" in verdicts.describe_training_curve("the CNN", [1.0, 1.0], 0.6, 0.5)  # a tie: first
    assert "10.0 points below" in verdicts.describe_training_curve("the CNN", [2.0, 1.0, 1.5], 0.4, 0.5)
    with pytest.raises(ValueError, match="at least one epoch"):
        verdicts.describe_training_curve("the CNN", [], 0.5, 0.5)


def test_paired_sentences_say_who_was_not_run():
    assert verdicts.describe_paired("the A", None, "the B", None) == (
        "Neither the A nor the B was run here, so they are not compared.")
    assert verdicts.describe_paired("the A", [1, 0], "the B", None) == (
        "The B was not run here, so it is not compared with the A.")
    same = verdicts.describe_paired("the A", [1, 0, 1], "the B", [1, 0, 1])
    assert same.startswith("The A and the B are not reliably different") and same.endswith("p = 1.00).")


def test_reported_figures_wait_for_comparable_data():
    assert verdicts.compare_model_with_reported("the CNN", (0.35, 0.3, 0.4), 0.35, comparability=SYNTHETIC) == (
        "The CNN is not compared with the reported 35.0%: the data are synthetic.")
    inside = verdicts.compare_model_with_reported("the CNN", (0.35, 0.3, 0.4), 0.35, comparability=YES)
    assert inside.startswith("The CNN (35.0%) matches the reported 35.0%")
    below = verdicts.compare_model_with_reported("the CNN", (0.2, 0.15, 0.25), 0.35, comparability=YES)
    assert "falls short of the reported 35.0%" in below


def test_targets_are_named_once_when_not_comparable_and_each_when_comparable():
    rows = [("the CNN", (0.5, 0.45, 0.55), 0.5), ("the joint network", (0.3, 0.25, 0.35), 0.62)]
    text = verdicts.compare_with_targets(rows, comparability=SYNTHETIC)
    assert text.count("not checked") == 1 and "50.0% for the CNN and 62.0% for the joint network" in text
    text = verdicts.compare_with_targets(rows, comparability=YES)
    assert "It meets the 50.0% target (by 0.0 points)" in text  # equal to the target meets it
    assert "It misses the 62.0% target by 32.0 points, and its whole interval" in text


def test_a_result_from_another_chapter_is_quoted_never_ranked():
    text = verdicts.quote_result("chapter 03's best classical model", None, 0.5)
    assert text.startswith("Chapter 03's best classical model reached 50.0%") and "not tested" in text
    assert "beats" not in text and "above" not in text


def test_wrong_predictions_and_song_matches_read_as_prose():
    assert verdicts.describe_wrong_predictions(1, 1, 10) == (
        "It is wrong on 1 of the 10 test tracks; below is the one it was most confident about, among those with audio.")
    assert verdicts.describe_song_matches(0, 2) == ("None of the 2 songs get their folder's genre as the most "
                                                   "probable one.")
    assert verdicts.describe_song_matches(2, 2) == "Both songs get their folder's genre as the most probable one."
    assert verdicts.describe_song_matches(3, 3).startswith("All three songs get")
    assert verdicts.describe_song_matches(0, 1) == ("The one song does not get its folder's genre as the most "
                                                   "probable one.")


def test_the_most_confused_genres_name_every_tie():
    assert verdicts.describe_most_confused([]) == "it mixes up no two genres on the test tracks"
    pairs = [(a, "X", 0.5) for a in "ABCDE"]
    text = verdicts.describe_most_confused(pairs)
    assert "A with X, B with X, C with X and 2 more pairs most (tied)" in text
    assert "(tied)" not in verdicts.describe_most_confused([("A", "B", 0.5), ("A", "C", 0.4)])
    assert "(tied)" in verdicts.describe_most_confused([("A", "B", 0.5), ("A", "C", 0.49996)])  # equal at 3 digits


def test_the_original_cnn_is_compared_only_on_the_input_it_read():
    from genrebook.book.verdicts import check_same_input

    spectrograms = check_same_input(Comparability(True), "spectrogram")
    assert not spectrograms.comparable and "MFCC images" in spectrograms.reason
    assert check_same_input(Comparability(True), "mfcc").comparable
    assert check_same_input(Comparability(True), None).comparable  # not run: said elsewhere
    text = verdicts.compare_model_with_reported("the plain 2-D CNN", (0.42, 0.385, 0.453), 0.35,
                                                comparability=spectrograms)
    assert "not compared" in text and "beats" not in text
