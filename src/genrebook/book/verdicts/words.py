"""Wording shared by every verdict: counts in words, signed changes, lists, the best of several with ties.

Used in: the other verdict modules, every results builder.
"""

from __future__ import annotations

#: Words for small counts ("all three", "both").
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def name_best(scores: dict[str, float], *, digits: int = 3) -> str:
    """Name the highest-scoring item, or every item tied at the top (scores rounded to ``digits``).

    Examples
    --------
    >>> name_best({"k-means": 0.31, "Ward": 0.2})
    'k-means'
    >>> name_best({"cluster 3": 1.0, "cluster 5": 1.0, "cluster 1": 0.5})
    'cluster 3 and cluster 5 (tied)'
    """
    if not scores:
        raise ValueError("nothing to compare: no scores given")
    top = max(round(v, digits) for v in scores.values())
    best = [k for k, v in scores.items() if round(v, digits) == top]
    return best[0] if len(best) == 1 else f"{join_words(best)} (tied)"


def join_words(items: list[str]) -> str:
    """Join words as prose: ``'a'``, ``'a and b'``, ``'a, b and c'``.

    Examples
    --------
    >>> join_words(["rf"]), join_words(["rf", "svm"]), join_words(["rf", "svm", "knn"]), join_words([])
    ('rf', 'rf and svm', 'rf, svm and knn', 'none')
    """
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def describe_share_of(n: int, total: int) -> str:
    """Say how many of a group: ``'none of the 4'``, ``'both'``, ``'all three'``, ``'2 of 5'``.

    Examples
    --------
    >>> [describe_share_of(n, t) for n, t in ((0, 4), (2, 2), (3, 3), (2, 5), (1, 1))]
    ['none of the 4', 'both', 'all three', '2 of 5', 'the only one']
    """
    if n == 0:
        return f"none of the {total}"
    if n == total:
        return {1: "the only one", 2: "both"}.get(total, f"all {_NUMBER_WORDS.get(total, total)}")
    return f"{n} of {total}"


def describe_change(value: float, *, unit: str = "percentage points") -> str:
    """Say what a signed change did: ``'added 4.2 percentage points'``, ``'cost 1.5 ...'``.

    Examples
    --------
    >>> describe_change(0.042), describe_change(-0.0155), describe_change(0.0004)
    ('added 4.2 percentage points', 'cost 1.6 percentage points', 'changed nothing (0.0 percentage points)')
    """
    points = round(100 * value, 1)
    if points == 0:
        return f"changed nothing (0.0 {unit})"
    return f"{'added' if points > 0 else 'cost'} {abs(points):.1f} {unit}"


def _as_sentence(clause: str) -> str:
    """Start a clause with a capital and end it with a full stop (``'the CNN wins'`` -> ``'The CNN wins.'``)."""
    return clause[:1].upper() + clause[1:] + ("" if clause.endswith(".") else ".")


def _format_p(p_value: float) -> str:
    """Write a p-value as a reader reads it: ``'p < 0.001'``, ``'p = 0.003'`` or ``'p = 0.04'`` (never ``'p = 0.00'``).

    Examples
    --------
    >>> _format_p(0.0004), _format_p(0.0031), _format_p(0.0449), _format_p(0.5)
    ('p < 0.001', 'p = 0.003', 'p = 0.04', 'p = 0.50')
    """
    if p_value < 0.001:
        return "p < 0.001"
    return f"p = {p_value:.3f}" if p_value < 0.01 else f"p = {p_value:.2f}"


def find_best(scores: dict[str, float], *, digits: int = 3) -> list[str]:
    """List the items tied at the top when scores are rounded to ``digits`` (the items :func:`name_best` names).

    Examples
    --------
    >>> find_best({"a": 0.211, "b": 0.209, "c": 0.1}, digits=2), find_best({"a": 0.3, "b": 0.2})
    (['a', 'b'], ['a'])
    """
    if not scores:
        raise ValueError("nothing to compare: no scores given")
    top = max(round(v, digits) for v in scores.values())
    return [k for k, v in scores.items() if round(v, digits) == top]
