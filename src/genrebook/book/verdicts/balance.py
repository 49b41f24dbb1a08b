"""Verdicts about unbalanced genres: how uneven they are, what always answering the largest one gets,
and what the scores that weigh every genre equally say beside accuracy.

The rule that decides "unbalanced" is :data:`genrebook.book.balance.UNBALANCED_RATIO`; these
sentences take a :class:`genrebook.book.balance.Balance`.

Used in: 03_classical_models, 04_featurewise_logreg, 05_cnn.
"""

from __future__ import annotations

from genrebook.book.formatting import format_count, format_number, format_percent


def describe_balance(balance) -> str:
    """Say how evenly the tracks spread over the genres.

    Examples
    --------
    >>> from genrebook.book.balance import Balance
    >>> describe_balance(Balance("Rock", "Blues", 900, 100, 16))
    'The 16 genres are unbalanced: Rock has 9.0 times as many tracks as Blues (900 against 100)'
    >>> describe_balance(Balance("Pop", "Rock", 1000, 998, 8))
    'The 8 genres are balanced: the largest, Pop, has 1.0 times as many tracks as the smallest, Rock'
    >>> describe_balance(Balance("Pop", "Pop", 10, 10, 1))
    'The dataset has one genre'
    >>> describe_balance(Balance("Electronic", "Electronic", 30, 30, 8))
    'The 8 genres are balanced: each has 30 tracks'
    """
    if balance.n_genres < 2:
        return "The dataset has one genre"
    if balance.n_largest == balance.n_smallest:
        return f"The {balance.n_genres} genres are balanced: each has {format_count(balance.n_largest)} tracks"
    if balance.unbalanced:
        return (f"The {balance.n_genres} genres are unbalanced: {balance.largest} has {balance.ratio:.1f} times as "
                f"many tracks as {balance.smallest} ({format_count(balance.n_largest)} against "
                f"{format_count(balance.n_smallest)})")
    return (f"The {balance.n_genres} genres are balanced: the largest, {balance.largest}, has {balance.ratio:.1f} "
            f"times as many tracks as the smallest, {balance.smallest}")


def describe_majority(balance, baselines: dict) -> str:
    """Say what always answering the most frequent training genre gets, weighed by genre where they are unbalanced.

    Parameters
    ----------
    balance : Balance
    baselines : dict
        :func:`genrebook.models.evaluation.compute_baselines`.

    Examples
    --------
    >>> from genrebook.book.balance import Balance
    >>> b = {"majority": 0.204, "majority_genre": "Rock", "majority_balanced": 0.0625, "chance_balanced": 0.0625}
    >>> describe_majority(Balance("Rock", "Blues", 900, 100, 16), b)
    'The 16 genres are unbalanced: Rock has 9.0 times as many tracks as Blues (900 against 100). Always answering Rock is right 20.4% of the time, yet it recognises one genre only: its balanced accuracy is 6.2%, no better than chance.'
    >>> describe_majority(Balance("Pop", "Rock", 10, 10, 8), b)
    'The 8 genres are balanced: each has 10 tracks. No genre is a safe guess.'
    """
    if not balance.unbalanced:
        return f"{describe_balance(balance)}. No genre is a safe guess."
    same = round(baselines["majority_balanced"], 3) <= round(baselines["chance_balanced"], 3)
    return (f"{describe_balance(balance)}. Always answering {baselines['majority_genre']} is right "
            f"{format_percent(baselines['majority'])} of the time, yet it recognises one genre only: its balanced "
            f"accuracy is {format_percent(baselines['majority_balanced'])}"
            f"{', no better than chance' if same else ''}.")


def describe_balanced_scores(name: str, accuracy: float, balanced_accuracy: float, macro_f1: float,
                             balance) -> str:
    """Put a model's balanced accuracy and macro-F1 beside its accuracy, and say whether they matter here.

    Examples
    --------
    >>> from genrebook.book.balance import Balance
    >>> describe_balanced_scores("the RBF SVM", 0.55, 0.41, 0.39, Balance("Rock", "Blues", 900, 100, 16))
    'The genres are unbalanced, so accuracy favours the large ones; weighing every genre equally, the RBF SVM reaches a balanced accuracy (the mean recall over the genres) of 41.0% and a macro-F1 (the mean of their F1 scores) of 0.39, against its 55.0% accuracy. The table above gives both for every model.'
    >>> describe_balanced_scores("the RBF SVM", 0.55, 0.549, 0.54, Balance("Pop", "Rock", 10, 10, 8))
    'The genres are balanced, so accuracy weighs them almost equally: the balanced accuracy of the RBF SVM is 54.9% and its macro-F1 0.54.'
    """
    if not balance.unbalanced:
        return (f"The genres are balanced, so accuracy weighs them almost equally: the balanced "
                f"accuracy of {name} is {format_percent(balanced_accuracy)} and its macro-F1 {format_number(macro_f1)}.")
    return (f"The genres are unbalanced, so accuracy favours the large ones; weighing every genre equally, {name} "
            f"reaches a balanced accuracy (the mean recall over the genres) of {format_percent(balanced_accuracy)}"
            f" and a macro-F1 (the mean of their F1 scores) of {format_number(macro_f1)}, against its "
            f"{format_percent(accuracy)} accuracy. The table above gives both for every model.")
