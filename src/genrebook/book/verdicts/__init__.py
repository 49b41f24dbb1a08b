"""Every sentence whose wording depends on the numbers: one tested place.

A verdict knows ties, equal values, intervals and when a comparison is not valid at all. A
figure from elsewhere (the original analysis, the FMA paper, the project's targets) is compared
only when the dataset is comparable with the one it was measured on (:func:`check_comparable`);
otherwise the sentence says why it is not compared. "A beats B" on the same test tracks is
decided by a paired test (:func:`compare_paired`, McNemar's exact test), never by intervals.

Used in: every chapter, through the results builders of :mod:`genrebook.book`.

The verdicts live in topic modules (words, balance, comparable, comparisons, paired, data, results);
import them from here.
"""

from genrebook.book.verdicts.balance import describe_balance, describe_balanced_scores, describe_majority
from genrebook.book.verdicts.comparable import (
    MEDIUM_GENRES,
    Comparability,
    check_comparable,
    check_comparable_with_medium,
    check_same_input,
    describe_not_compared,
)
from genrebook.book.verdicts.comparisons import (
    compare_chosen_with_reported,
    compare_model_with_reported,
    compare_with_reported,
    compare_with_target,
    compare_with_targets,
    count_reported_outcomes,
    describe_reported_comparisons,
    describe_reported_outcomes,
    describe_side_by_side,
    quote_result,
)
from genrebook.book.verdicts.data import (
    describe_artist_effect,
    describe_artist_separation,
    describe_exclusions,
    describe_feature_sources,
    describe_known_artists,
    describe_known_bad,
    describe_source_agreement,
    describe_top_level_mixing,
    describe_top_pairs,
    judge_artist_gap,
)
from genrebook.book.verdicts.paired import (
    ALPHA,
    PairedComparison,
    compare_chosen_with_test_best,
    compare_paired,
    describe_paired,
    describe_paired_short,
    describe_validation_peak,
    run_paired_test,
)
from genrebook.book.verdicts.results import (
    compare_rates,
    describe_highest,
    describe_k_choice,
    describe_k_choices,
    describe_most_confused,
    describe_song_matches,
    describe_training_curve,
    describe_trend,
    describe_wrong_predictions,
)
from genrebook.book.verdicts.words import describe_change, describe_share_of, find_best, join_words, name_best

__all__ = [
    "MEDIUM_GENRES",
    "describe_balance",
    "describe_balanced_scores",
    "describe_majority",
    "describe_change",
    "describe_share_of",
    "find_best",
    "join_words",
    "name_best",
    "Comparability",
    "check_comparable",
    "check_comparable_with_medium",
    "check_same_input",
    "describe_not_compared",
    "compare_chosen_with_reported",
    "compare_model_with_reported",
    "compare_with_reported",
    "compare_with_target",
    "compare_with_targets",
    "count_reported_outcomes",
    "describe_reported_comparisons",
    "describe_reported_outcomes",
    "describe_side_by_side",
    "quote_result",
    "ALPHA",
    "PairedComparison",
    "compare_chosen_with_test_best",
    "compare_paired",
    "describe_paired",
    "describe_paired_short",
    "describe_validation_peak",
    "run_paired_test",
    "describe_artist_effect",
    "describe_artist_separation",
    "describe_exclusions",
    "describe_feature_sources",
    "describe_known_artists",
    "describe_known_bad",
    "describe_source_agreement",
    "describe_top_level_mixing",
    "describe_top_pairs",
    "judge_artist_gap",
    "compare_rates",
    "describe_highest",
    "describe_k_choice",
    "describe_k_choices",
    "describe_most_confused",
    "describe_song_matches",
    "describe_training_curve",
    "describe_trend",
    "describe_wrong_predictions",
]
