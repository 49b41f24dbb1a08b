""""A beats B" on the same test tracks: McNemar's exact test, never overlapping intervals.

Used in: 02_limitations, 03_classical_models, 04_featurewise_logreg, 05_cnn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binomtest

from genrebook.book.verdicts.words import _as_sentence, _format_p, describe_share_of, join_words

#: Significance level of the paired tests.
ALPHA = 0.05


@dataclass(frozen=True)
class PairedComparison:
    """McNemar's exact test of two classifiers on the same test tracks.

    Attributes
    ----------
    only_a, only_b : int
        Tracks only A (only B) gets right.
    p_value : float
        Two-sided exact binomial test on the discordant tracks (1.0 when there are none).
    winner : str or None
        ``'a'``, ``'b'``, or None when the difference is not significant at :data:`ALPHA`.
    """

    only_a: int
    only_b: int
    p_value: float
    winner: str | None


def run_paired_test(correct_a, correct_b) -> PairedComparison:
    """Compare two classifiers' right/wrong answers on the same tracks (McNemar's exact test).

    Examples
    --------
    >>> result = run_paired_test([1] * 30 + [0] * 5, [0] * 30 + [1] * 5)
    >>> result.only_a, result.only_b, result.winner
    (30, 5, 'a')
    >>> run_paired_test([1, 0, 1], [1, 0, 1]).p_value
    1.0
    """
    a, b = np.asarray(correct_a, dtype=bool), np.asarray(correct_b, dtype=bool)
    if a.shape != b.shape:
        raise ValueError(f"both classifiers must answer the same tracks; got {a.shape} and {b.shape}")
    only_a, only_b = int((a & ~b).sum()), int((~a & b).sum())
    p_value = 1.0 if only_a + only_b == 0 else float(binomtest(only_a, only_a + only_b, 0.5).pvalue)
    winner = None if p_value >= ALPHA else ("a" if only_a > only_b else "b")
    return PairedComparison(only_a, only_b, p_value, winner)


def compare_paired(name_a: str, correct_a, name_b: str, correct_b) -> str:
    """Say whether A beats B on the same test tracks, by McNemar's exact test.

    Examples
    --------
    >>> compare_paired("the SVM", [1] * 30 + [0] * 5, "kNN", [0] * 30 + [1] * 5)
    'the SVM beats kNN on the same 35 test tracks (it alone is right on 30, kNN alone on 5; McNemar p < 0.001)'
    >>> compare_paired("A", [1, 0, 1, 0], "B", [0, 1, 1, 0])
    'A and B are not reliably different on the same 4 test tracks (A alone is right on 1, B alone on 1; McNemar p = 1.00)'
    """
    result = run_paired_test(correct_a, correct_b)
    n = len(np.asarray(correct_a))
    p = _format_p(result.p_value)
    if result.winner is None:
        return (f"{name_a} and {name_b} are not reliably different on the same {n:,} test tracks "
                f"({name_a} alone is right on {result.only_a:,}, {name_b} alone on {result.only_b:,}; McNemar {p})")
    win, lose = (name_a, name_b) if result.winner == "a" else (name_b, name_a)
    alone_win, alone_lose = ((result.only_a, result.only_b) if result.winner == "a"
                             else (result.only_b, result.only_a))
    return (f"{win} beats {lose} on the same {n:,} test tracks (it alone is right on {alone_win:,}, "
            f"{lose} alone on {alone_lose:,}; McNemar {p})")


def describe_validation_peak(step: int, n_steps: int, groups: list[str], *, paired: str) -> str:
    """Say where validation accuracy peaks in a forward selection, and what the test split says of it.

    Parameters
    ----------
    step : int
        The first step (1-based) with the highest validation accuracy.
    n_steps : int
        Steps in all (the last uses every group).
    groups : list of str
        The groups chosen up to ``step``, named for readers.
    paired : str
        :func:`compare_paired` of that step's model against the model on every group (used only
        when the peak comes before the last step).

    Examples
    --------
    >>> describe_validation_peak(3, 3, ["MFCC", "chroma", "tonnetz"], paired="")
    'Adding groups one at a time, validation accuracy is highest with all three groups, so the validation split keeps every group.'
    >>> describe_validation_peak(1, 2, ["MFCC"], paired="the MFCC model beats the full model on the same 10 test tracks")
    'Adding groups one at a time, validation accuracy first reaches its highest at step 1, with MFCC alone; on the test split, the MFCC model beats the full model on the same 10 test tracks.'
    >>> describe_validation_peak(1, 1, ["MFCC"], paired="")
    'There is one feature group only, so there is nothing to select.'
    """
    if n_steps == 1:
        return "There is one feature group only, so there is nothing to select."
    if step >= n_steps:
        return (f"Adding groups one at a time, validation accuracy is highest with "
                f"{describe_share_of(n_steps, n_steps)} groups, so the validation split keeps every group.")
    chosen = f"{groups[0]} alone" if len(groups) == 1 else join_words(groups)
    return (f"Adding groups one at a time, validation accuracy first reaches its highest at step {step}, with {chosen}; "
            f"on the test split, {paired}.")


def describe_paired(name_a: str, correct_a, name_b: str, correct_b) -> str:
    """Compare two models on the same test tracks as a sentence (:func:`compare_paired`), or say why not.

    Parameters
    ----------
    name_a, name_b : str
        The models as a sentence names them mid-sentence (``'the plain CNN'``).
    correct_a, correct_b : array-like of bool, or None
        Right or wrong per test track, in the same track order; None for a model not run here.

    Examples
    --------
    >>> describe_paired("the plain CNN", None, "the wide CNN", [1, 0])
    'The plain CNN was not run here, so it is not compared with the wide CNN.'
    >>> describe_paired("the SVM", [1] * 30 + [0] * 5, "the forest", [0] * 30 + [1] * 5)
    'The SVM beats the forest on the same 35 test tracks (it alone is right on 30, the forest alone on 5; McNemar p < 0.001).'
    """
    if correct_a is None and correct_b is None:
        return _as_sentence(f"neither {name_a} nor {name_b} was run here, so they are not compared")
    if correct_a is None or correct_b is None:
        missing, other = (name_a, name_b) if correct_a is None else (name_b, name_a)
        return _as_sentence(f"{missing} was not run here, so it is not compared with {other}")
    return _as_sentence(compare_paired(name_a, correct_a, name_b, correct_b))


def describe_paired_short(correct_a, correct_b) -> str:
    """Say in a table cell how A does against B on the same test tracks (McNemar's exact test).

    Parameters
    ----------
    correct_a, correct_b : array-like of bool [shape=(n_test,)]
        Whether each classifier got each test track right.

    Examples
    --------
    >>> describe_paired_short([1] * 30 + [0] * 5, [0] * 30 + [1] * 5)
    'better, p < 0.001'
    >>> describe_paired_short([0] * 30 + [1] * 5, [1] * 30 + [0] * 5)
    'worse, p < 0.001'
    >>> describe_paired_short([1, 0, 1, 0], [0, 1, 1, 0])
    'no clear difference, p = 1.00'
    """
    result = run_paired_test(correct_a, correct_b)
    p = _format_p(result.p_value)
    if result.winner is None:
        return f"no clear difference, {p}"
    return f"{'better' if result.winner == 'a' else 'worse'}, {p}"


def compare_chosen_with_test_best(chosen: str, chosen_correct, others: dict) -> str:
    """Say how the model chosen on validation stands against the most accurate model(s) on test.

    When other models are more accurate on test, McNemar's exact test on the same test tracks
    (:func:`compare_paired`) says whether each difference is reliable.

    Parameters
    ----------
    chosen : str
        Name of the model chosen on validation.
    chosen_correct : array-like of bool [shape=(n_test,)]
    others : dict
        ``{name: correct}`` of the other models (the chosen one is skipped if present).

    Examples
    --------
    >>> compare_chosen_with_test_best("SVM", [1, 1, 0], {"kNN": [1, 0, 0]})
    'SVM, chosen on validation, also has the highest test accuracy'
    >>> compare_chosen_with_test_best("SVM", [1, 0, 1], {"kNN": [0, 1, 1], "forest": [0, 0, 1]})
    'SVM, chosen on validation, ties with kNN for the highest test accuracy'
    >>> compare_chosen_with_test_best("SVM", [1, 0, 1, 0], {"kNN": [0, 1, 1, 1]})
    'kNN has the highest test accuracy; SVM and kNN are not reliably different on the same 4 test tracks (SVM alone is right on 1, kNN alone on 2; McNemar p = 1.00)'
    >>> compare_chosen_with_test_best("SVM", [0] * 40, {"kNN": [1] * 40, "forest": [1] * 40})[:67]
    'kNN and forest have the highest test accuracy (tied); kNN beats SVM'
    >>> compare_chosen_with_test_best("SVM", [0, 0, 1], {"kNN": [1, 0, 1], "forest": [0, 1, 1]})
    'kNN and forest have the highest test accuracy (tied); SVM is not reliably different from either on the same 3 test tracks (McNemar p = 1.00 and p = 1.00)'
    >>> compare_chosen_with_test_best("SVM", [1, 0], {})
    'SVM, chosen on validation, is the only model fitted'
    """
    a = np.asarray(chosen_correct, dtype=bool)
    scores = {name: int(np.asarray(c, dtype=bool).sum()) for name, c in others.items() if name != chosen}
    if not scores:
        return f"{chosen}, chosen on validation, is the only model fitted"
    top = max(scores.values())
    leaders = [name for name, score in scores.items() if score == top]
    if a.sum() > top:
        return f"{chosen}, chosen on validation, also has the highest test accuracy"
    if a.sum() == top:
        return f"{chosen}, chosen on validation, ties with {join_words(leaders)} for the highest test accuracy"
    if len(leaders) == 1:
        lead = leaders[0]
        return f"{lead} has the highest test accuracy; {compare_paired(chosen, a, lead, others[lead])}"
    results = [run_paired_test(a, others[name]) for name in leaders]
    if all(r.winner is None for r in results):
        tests = (f"{chosen} is not reliably different from {'either' if len(leaders) == 2 else 'any of them'} on the "
                 f"same {a.size:,} test tracks (McNemar {join_words([_format_p(r.p_value) for r in results])})")
    else:
        tests = "; ".join(compare_paired(chosen, a, name, others[name]) for name in leaders)
    return f"{join_words(leaders)} have the highest test accuracy (tied); {tests}"
