"""Comparisons with figures measured elsewhere (the original analysis, the FMA paper, the targets):
made only when the dataset is comparable, otherwise the sentence says why not.

Used in: 03_classical_models, 04_featurewise_logreg, 05_cnn, the intro.
"""

from __future__ import annotations

from genrebook.book.formatting import format_interval, format_percent
from genrebook.book.verdicts.comparable import Comparability
from genrebook.book.verdicts.words import _NUMBER_WORDS, _as_sentence, join_words


def compare_with_target(value: float, low: float, high: float, target: float, *,
                        comparability: Comparability) -> str:
    """Say whether an accuracy meets a target, using its interval.

    Examples
    --------
    >>> compare_with_target(0.58, 0.55, 0.61, 0.57, comparability=Comparability(True))
    'It meets the 57.0% target (by 1.0 points); its interval, 55.0–61.0%, also holds values below it.'
    >>> compare_with_target(0.54, 0.50, 0.58, 0.57, comparability=Comparability(True))
    'It misses the 57.0% target by 3.0 points, though its interval, 50.0–58.0%, reaches it.'
    >>> compare_with_target(0.9, 0.8, 0.95, 0.57, comparability=Comparability(False, "the data are synthetic"))
    'The 57.0% target is set for real fma_small data; it is not checked here: the data are synthetic.'
    """
    goal = format_percent(target)
    if not comparability.comparable:
        return f"The {goal} target is set for real fma_small data; it is not checked here: {comparability.reason}."
    interval = format_interval(low, high)
    gap = abs(round(100 * (value - target), 1))
    if low >= target:
        return f"It meets the {goal} target (by {gap:.1f} points), and so does its whole interval, {interval}."
    if value >= target:
        return (f"It meets the {goal} target (by {gap:.1f} points); its interval, {interval}, also holds "
                "values below it.")
    if high >= target:
        return f"It misses the {goal} target by {gap:.1f} points, though its interval, {interval}, reaches it."
    return f"It misses the {goal} target by {gap:.1f} points, and its whole interval, {interval}, lies below it."


def compare_with_reported(value: float, low: float, high: float, reported: float, *,
                          comparability: Comparability) -> str:
    """Compare our accuracy (with its interval) with a figure reported elsewhere.

    Examples
    --------
    >>> compare_with_reported(0.56, 0.53, 0.60, 0.577, comparability=Comparability(True))
    'matches the reported 57.7% (the reported figure lies inside our interval, 53.0–60.0%)'
    >>> compare_with_reported(0.62, 0.59, 0.65, 0.577, comparability=Comparability(True))
    'beats the reported 57.7% (our whole interval, 59.0–65.0%, lies above it)'
    >>> compare_with_reported(0.5, 0.4, 0.6, 0.577, comparability=Comparability(False, "the data are synthetic"))
    'is not compared with the reported 57.7%: the data are synthetic'
    """
    figure = format_percent(reported)
    interval = format_interval(low, high)
    if not comparability.comparable:
        return f"is not compared with the reported {figure}: {comparability.reason}"
    if low > reported:
        return f"beats the reported {figure} (our whole interval, {interval}, lies above it)"
    if high < reported:
        return f"falls short of the reported {figure} (our whole interval, {interval}, lies below it)"
    return f"matches the reported {figure} (the reported figure lies inside our interval, {interval})"


def count_reported_outcomes(rows: list[tuple[float, float, float, float]]) -> dict[str, int]:
    """Count how many of our accuracies beat, match or fall short of reported figures.

    Parameters
    ----------
    rows : list of (value, low, high, reported)

    Examples
    --------
    >>> count_reported_outcomes([(0.6, 0.58, 0.62, 0.5), (0.5, 0.45, 0.55, 0.52), (0.3, 0.25, 0.35, 0.5)])
    {'beats': 1, 'matches': 1, 'falls short': 1}
    """
    counts = {"beats": 0, "matches": 0, "falls short": 0}
    for _, low, high, reported in rows:
        counts["beats" if low > reported else "falls short" if high < reported else "matches"] += 1
    return counts


def describe_side_by_side(name_a: str, a: tuple[float, float, float], name_b: str,
                          b: tuple[float, float, float]) -> str:
    """Put two accuracies from different chapters side by side without ranking them (no paired test).

    Parameters
    ----------
    name_a, name_b : str
    a, b : (accuracy, low, high)

    Examples
    --------
    >>> describe_side_by_side("the network", (0.6, 0.5, 0.7), "the SVM", (0.65, 0.55, 0.75))
    'the network reaches 60.0% (50.0–70.0%) and the SVM 65.0% (55.0–75.0%); their intervals overlap, so they are not ranked here'
    >>> describe_side_by_side("A", (0.8, 0.75, 0.85), "B", (0.6, 0.55, 0.65))
    "A reaches 80.0% (75.0–85.0%) and B 60.0% (55.0–65.0%); A's whole interval lies above B's"
    """
    text = (f"{name_a} reaches {format_percent(a[0])} ({format_interval(a[1], a[2])}) and {name_b} "
            f"{format_percent(b[0])} ({format_interval(b[1], b[2])})")
    if a[1] > b[2]:
        return f"{text}; {name_a}'s whole interval lies above {name_b}'s"
    if b[1] > a[2]:
        return f"{text}; {name_b}'s whole interval lies above {name_a}'s"
    return f"{text}; their intervals overlap, so they are not ranked here"


def describe_reported_comparisons(rows: list[tuple[str, float, float, float, float]], *, what: str,
                                  comparability: Comparability) -> str:
    """Compare several of our accuracies with figures reported elsewhere, or say once why they are not.

    Parameters
    ----------
    rows : list of (label, value, low, high, reported)
        What each accuracy is, ours with its interval, and the figure reported for it.
    what : str
        Whose figures (``"the FMA paper's figures"``).
    comparability : Comparability

    Examples
    --------
    >>> describe_reported_comparisons([("MFCC", 0.56, 0.53, 0.6, 0.58), ("all", 0.5, 0.45, 0.55, 0.61)],
    ...                               what="the paper's figures", comparability=Comparability(True))
    'MFCC: ours, 56.0%, matches the reported 58.0% (the reported figure lies inside our interval, 53.0–60.0%); all: ours, 50.0%, falls short of the reported 61.0% (our whole interval, 45.0–55.0%, lies below it).'
    >>> describe_reported_comparisons([("MFCC", 0.56, 0.53, 0.6, 0.58)], what="the paper's figures",
    ...                               comparability=Comparability(False, "the data are synthetic"))
    "Our accuracies are not compared with the paper's figures: the data are synthetic."
    >>> describe_reported_comparisons([], what="the paper's figures", comparability=Comparability(True))
    "None of our accuracies has a counterpart among the paper's figures."
    """
    if not comparability.comparable:
        return f"Our accuracies are not compared with {what}: {comparability.reason}."
    if not rows:
        return f"None of our accuracies has a counterpart among {what}."
    return "; ".join(f"{label}: ours, {format_percent(value)}, "
                     f"{compare_with_reported(value, low, high, reported, comparability=comparability)}"
                     for label, value, low, high, reported in rows) + "."


def compare_model_with_reported(name: str, score, reported: float, *, comparability: Comparability) -> str:
    """Put a model's accuracy beside a figure reported elsewhere (:func:`compare_with_reported`), as a sentence.

    Parameters
    ----------
    name : str
        The model as a sentence names it mid-sentence.
    score : (accuracy, low, high) or None
        Its test accuracy and 95 % interval; None when it was not run here.
    reported : float
    comparability : Comparability

    Examples
    --------
    >>> compare_model_with_reported("the plain CNN", (0.375, 0.17, 0.58), 0.35,
    ...                             comparability=Comparability(False, "the data are synthetic"))
    'The plain CNN is not compared with the reported 35.0%: the data are synthetic.'
    >>> compare_model_with_reported("the plain CNN", (0.41, 0.38, 0.44), 0.35, comparability=Comparability(True))
    'The plain CNN (41.0%) beats the reported 35.0% (our whole interval, 38.0–44.0%, lies above it).'
    >>> compare_model_with_reported("the plain CNN", None, 0.35, comparability=Comparability(True))
    'The plain CNN was not run here, so it is not compared with the reported 35.0%.'
    """
    if score is None:
        return _as_sentence(f"{name} was not run here, so it is not compared with the reported "
                            f"{format_percent(reported)}")
    accuracy, low, high = score
    verdict = compare_with_reported(accuracy, low, high, reported, comparability=comparability)
    shown = f"{name} ({format_percent(accuracy)})" if comparability.comparable else name
    return _as_sentence(f"{shown} {verdict}")


def compare_with_targets(rows, *, comparability: Comparability) -> str:
    """Check several models against their targets (:func:`compare_with_target`), or say once why not.

    Parameters
    ----------
    rows : list of (name, score, target)
        ``name`` as a sentence names it mid-sentence; ``score`` ``(accuracy, low, high)`` or None
        when the model was not run here.
    comparability : Comparability

    Examples
    --------
    >>> rows = [("the CNN", (0.52, 0.49, 0.55), 0.5), ("the joint network", None, 0.62)]
    >>> compare_with_targets(rows, comparability=Comparability(True))
    'The CNN reaches 52.0%. It meets the 50.0% target (by 2.0 points); its interval, 49.0–55.0%, also holds values below it. The joint network was not run here, so its 62.0% target is not checked.'
    >>> compare_with_targets(rows, comparability=Comparability(False, "the data are synthetic"))
    'The targets (50.0% for the CNN and 62.0% for the joint network) are set for real fma_small data; they are not checked here: the data are synthetic.'
    """
    if not comparability.comparable:
        goals = join_words([f"{format_percent(target)} for {name}" for name, _, target in rows])
        return (f"The targets ({goals}) are set for real fma_small data; they are not checked here: "
                f"{comparability.reason}.")
    sentences = []
    for name, score, target in rows:
        if score is None:
            sentences.append(_as_sentence(f"{name} was not run here, so its {format_percent(target)} target is "
                                          "not checked"))
        else:
            sentences.append(_as_sentence(f"{name} reaches {format_percent(score[0])}") + " "
                             + compare_with_target(*score, target, comparability=comparability))
    return " ".join(sentences)


def quote_result(what: str, name: str | None, accuracy: float | None) -> str:
    """Quote a model's accuracy from another chapter's results, without ranking it against this one's.

    Its predictions are not at hand, so no paired test is possible: the figure is quoted, not compared.

    Parameters
    ----------
    what : str
        The model's role, mid-sentence (``"chapter 03's best classical model"``).
    name : str or None
        Its name there.
    accuracy : float or None
        Its test accuracy; None when that chapter has not run.

    Examples
    --------
    >>> quote_result("chapter 03's best classical model", "RBF SVM", 0.6667)
    "Chapter 03's best classical model, the RBF SVM, reached 66.7% on the same test tracks; it is quoted from that chapter, not tested against the models here, because that chapter does not keep its predictions."
    >>> quote_result("chapter 03's best classical model", None, None)
    "Chapter 03's best classical model is not quoted: that chapter has not run in this run folder."
    """
    if accuracy is None:
        return _as_sentence(f"{what} is not quoted: that chapter has not run in this run folder")
    named = f"{what}, the {name}," if name else what
    return _as_sentence(f"{named} reached {format_percent(accuracy)} on the same test tracks; it is quoted from that "
                        "chapter, not tested against the models here, because that chapter does not keep its "
                        "predictions")


def compare_chosen_with_reported(value: float, low: float, high: float, reported: float, *,
                                 comparability: Comparability) -> str:
    """Set one model against a reported figure after :func:`describe_reported_outcomes` has said whether
    the source's figures are comparable (so the reason is not repeated).

    Examples
    --------
    >>> compare_chosen_with_reported(0.62, 0.59, 0.65, 0.577, comparability=Comparability(True))
    'beats the reported 57.7% (our whole interval, 59.0–65.0%, lies above it)'
    >>> compare_chosen_with_reported(0.62, 0.59, 0.65, 0.577,
    ...                              comparability=Comparability(False, "the data are synthetic"))
    'is not set against it either, for the same reason'
    """
    if not comparability.comparable:
        return "is not set against it either, for the same reason"
    return compare_with_reported(value, low, high, reported, comparability=comparability)


def describe_reported_outcomes(counts: dict[str, int], *, comparability: Comparability, source: str) -> str:
    """Sum up how our models stand against the test accuracies a source reported, or say why not compared.

    Parameters
    ----------
    counts : dict
        :func:`count_reported_outcomes` of the models that have a reported figure.
    comparability : Comparability
        :func:`check_comparable` of the dataset against the source's.
    source : str
        Who reported the figures (``'the original analysis'``).

    Examples
    --------
    >>> describe_reported_outcomes({"beats": 1, "matches": 3, "falls short": 1}, comparability=Comparability(True),
    ...                            source="the original analysis")
    'Of the five models the original analysis also fitted, 1 beats the test accuracy it reported (our whole interval lies above it), 3 match it (the reported figure lies inside our interval) and 1 falls short of it (our whole interval lies below it).'
    >>> describe_reported_outcomes({"beats": 0, "matches": 2, "falls short": 0}, comparability=Comparability(True),
    ...                            source="the original analysis")
    'Both models the original analysis also fitted match the test accuracy it reported (the reported figure lies inside our interval).'
    >>> describe_reported_outcomes({"beats": 0, "matches": 0, "falls short": 1}, comparability=Comparability(True),
    ...                            source="the original analysis")
    'The one model the original analysis also fitted falls short of the test accuracy it reported (our whole interval lies below it).'
    >>> describe_reported_outcomes({"beats": 0, "matches": 0, "falls short": 0}, comparability=Comparability(True),
    ...                            source="the original analysis")
    'None of the models fitted here was fitted by the original analysis, so there is nothing to compare.'
    >>> describe_reported_outcomes({"beats": 1, "matches": 0, "falls short": 0},
    ...                            comparability=Comparability(False, "the data are synthetic"),
    ...                            source="the original analysis")
    'Our models are not compared with the test accuracies the original analysis reported: the data are synthetic.'
    """
    if not comparability.comparable:
        return f"Our models are not compared with the test accuracies {source} reported: {comparability.reason}."
    total = sum(counts.values())
    if total == 0:
        return f"None of the models fitted here was fitted by {source}, so there is nothing to compare."
    words = {"beats": ("beats", "beat", "our whole interval lies above it"),
             "matches": ("matches", "match", "the reported figure lies inside our interval"),
             "falls short": ("falls short of", "fall short of", "our whole interval lies below it")}
    clauses = []
    for outcome, n in counts.items():
        if n == 0:
            continue
        one, many, why = words[outcome]
        verb = one if n == 1 else many
        obj = "the test accuracy it reported" if not clauses else "it"
        clauses.append((n, f"{verb} {obj} ({why})"))
    if len(clauses) == 1:
        head = {1: "The one model", 2: "Both models"}.get(total, f"All {_NUMBER_WORDS.get(total, total)} models")
        return f"{head} {source} also fitted {clauses[0][1]}."
    parts = [f"{n:,} {text}" for n, text in clauses]
    return f"Of the {_NUMBER_WORDS.get(total, total)} models {source} also fitted, {join_words(parts)}."
