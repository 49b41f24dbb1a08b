"""What a page says about how its model was chosen on one validation split, and how far validation flatters.

The rule itself (the one-standard-error rule over the classical models, simplest first) lives in
:func:`genrebook.book.classical.choose_model`; these sentences say, with the run's numbers, which
model it took and why, and how the validation accuracies compare with the test accuracies.

Used in: 03_classical_models.
"""

from __future__ import annotations

from genrebook.book.formatting import format_percent
from genrebook.book.verdicts.words import join_words


def _points(value: float) -> str:
    """A non-negative difference of shares in points, one decimal: ``'1.7 points'``."""
    return f"{100 * abs(value):.1f} points"


def describe_choice(chosen: str, chosen_accuracy: float, top: str, top_accuracy: float, *, standard_error: float,
                    n_validation: int, simpler: list[str] = ()) -> str:
    """Say which model the one-standard-error rule chose on validation, and why.

    Parameters
    ----------
    chosen, top : str
        Names of the chosen model and of the model with the best validation accuracy.
    chosen_accuracy, top_accuracy : float
        Their validation accuracies.
    standard_error : float
        Standard error of the best validation accuracy (a share).
    n_validation : int
        Validation tracks.
    simpler : list of str
        Names of the models simpler than the chosen one that were also tried (none within reach).

    Examples
    --------
    >>> print(describe_choice("logistic regression", 0.625, "gradient boosting", 0.64, standard_error=0.017,
    ...                       n_validation=800))  # doctest: +NORMALIZE_WHITESPACE
    The gradient boosting scores best on validation, 64.0%, but one split of 800 tracks is a noisy judge: that
    figure has a standard error of 1.7 points. The logistic regression, at 62.5%, is within one standard error of it
    and simpler, so it is the chapter's model.
    >>> describe_choice("gradient boosting", 0.64, "gradient boosting", 0.64, standard_error=0.017, n_validation=800,
    ...                 simpler=["logistic regression", "RBF SVM"])[-102:]
    'no simpler model (logistic regression and RBF SVM) comes within one standard error (1.7 points) of it.'
    """
    if chosen == top:
        text = f"The {top} scores best on validation, {format_percent(top_accuracy)}, and "
        if not simpler:
            return text + "it is the simplest of the models tried, so it is the chapter's model."
        return (text + f"no simpler model ({join_words(list(simpler))}) comes within one standard error "
                       f"({_points(standard_error)}) of it.")
    return (f"The {top} scores best on validation, {format_percent(top_accuracy)}, but one split of {n_validation:,} "
            f"tracks is a noisy judge: that figure has a standard error of {_points(standard_error)}. The {chosen}, at "
            f"{format_percent(chosen_accuracy)}, is within one standard error of it and simpler, so it is the "
            "chapter's model.")


def describe_validation_gap(gaps: dict[str, float]) -> str:
    """Say how much higher (or lower) each model scores on validation than on test.

    Parameters
    ----------
    gaps : dict
        ``{model name: validation accuracy - test accuracy}``.

    Examples
    --------
    >>> describe_validation_gap({"a": 0.06, "b": 0.10, "c": 0.081})
    'Every model scores higher on validation than on test, by 6.0 to 10.0 points.'
    >>> describe_validation_gap({"a": 0.02, "b": -0.03})
    'The models score between 3.0 points lower and 2.0 points higher on validation than on test.'
    >>> describe_validation_gap({"a": -0.02, "b": -0.01})
    'Every model scores lower on validation than on test, by 1.0 to 2.0 points.'
    >>> describe_validation_gap({"a": 0.04})
    'The model scores 4.0 points higher on validation than on test.'
    >>> describe_validation_gap({"a": 0.0, "b": 0.02})
    'No model scores lower on validation than on test; the largest difference is 2.0 points.'
    """
    values = [round(v, 3) for v in gaps.values()]
    low, high = min(values), max(values)
    if len(values) == 1:
        if not high:
            return "The model scores the same on validation as on test."
        return f"The model scores {_points(high)} {'higher' if high > 0 else 'lower'} on validation than on test."
    if low == high == 0:
        return "Every model scores the same on validation as on test."
    if low > 0 or high < 0:
        side, ends = ("higher", (low, high)) if low > 0 else ("lower", (-high, -low))
        return f"Every model scores {side} on validation than on test, by {100 * ends[0]:.1f} to {_points(ends[1])}."
    if low == 0 or high == 0:
        side, most = ("higher", high) if low == 0 else ("lower", low)
        other = "lower" if side == "higher" else "higher"
        return f"No model scores {other} on validation than on test; the largest difference is {_points(most)}."
    return f"The models score between {_points(low)} lower and {_points(high)} higher on validation than on test."
