"""Verdicts about models' and clusterings' results: chosen k, trends, rates, training curves,
wrong predictions, songs, confusions.

Used in: 03_classical_models, 05_cnn, 07_clustering.
"""

from __future__ import annotations

import numpy as np

from genrebook.book.formatting import format_percent
from genrebook.book.verdicts.words import _NUMBER_WORDS, _as_sentence, describe_share_of, join_words, name_best


#: The fewest clusters a clustering can have: at this k the range cannot be extended downwards.
FEWEST_CLUSTERS = 2


def describe_k_choice(k: int, k_min: int, k_max: int) -> str:
    """Say where a chosen number of clusters sits in the range tried (an edge is a warning, but for the
    fewest clusters there can be).

    Examples
    --------
    >>> describe_k_choice(16, 2, 16)
    'k = 16, the largest tried: a better k may lie above the range'
    >>> describe_k_choice(5, 2, 16)
    'k = 5, inside the range tried (2 to 16)'
    >>> describe_k_choice(2, 2, 16)
    'k = 2, the smallest tried and the fewest clusters there can be'
    >>> describe_k_choice(3, 3, 16)
    'k = 3, the smallest tried: a better k may lie below the range'
    """
    if k == k_max:
        return f"k = {k}, the largest tried: a better k may lie above the range"
    if k == k_min:
        if k <= FEWEST_CLUSTERS:
            return f"k = {k}, the smallest tried and the fewest clusters there can be"
        return f"k = {k}, the smallest tried: a better k may lie below the range"
    return f"k = {k}, inside the range tried ({k_min} to {k_max})"


def describe_trend(values: list[float], labels: list) -> str:
    """Describe how a curve moves: steadily up or down, flat, or with its extreme inside.

    Examples
    --------
    >>> describe_trend([5.0, 4.0, 3.0], [2, 3, 4])
    'falls steadily from 2 to 4'
    >>> describe_trend([5.0, 3.0, 4.0], [2, 3, 4])
    'falls to its lowest at 3, then rises'
    >>> describe_trend([1.0, 1.0], [2, 3])
    'stays flat'
    >>> describe_trend([5.0, 3.0, 4.0, 2.0], [2, 3, 4, 5])
    'falls overall, with some rises on the way, to its lowest at 5'
    >>> describe_trend([18.0, 17.0, 18.5, 20.0, 33.0], [2, 4, 6, 8, 16])
    'falls to its lowest at 4, then rises'
    """
    diffs = np.diff(np.asarray(values, dtype=float))
    if len(diffs) == 0 or np.all(diffs == 0):
        return "stays flat"
    if np.all(diffs <= 0):
        return f"falls steadily from {labels[0]} to {labels[-1]}"
    if np.all(diffs >= 0):
        return f"rises steadily from {labels[0]} to {labels[-1]}"
    low, high = int(np.argmin(values)), int(np.argmax(values))
    last = len(values) - 1
    if 0 < low < last:
        return f"falls to its lowest at {labels[low]}, then rises"
    if 0 < high < last:
        return f"rises to its highest at {labels[high]}, then falls"
    if low == last:
        return f"falls overall, with some rises on the way, to its lowest at {labels[-1]}"
    if high == last:
        return f"rises overall, with some falls on the way, to its highest at {labels[-1]}"
    return f"moves up and down between {labels[0]} and {labels[-1]}"


def _count_k(n: int, total: int, verb: str) -> str:
    """The subject of a clause about ``n`` of ``total`` chosen k: ``'both chosen k lie'``, ``'1 of the 3 chosen k is'``.

    Examples
    --------
    >>> _count_k(3, 3, "lies"), _count_k(1, 3, "is")
    ('all three chosen k lie', '1 of the 3 chosen k is')
    """
    plural = {"lies": "lie", "is": "are"}[verb]
    if n == total:
        return {1: f"the chosen k {verb}", 2: f"both chosen k {plural}"}.get(
            n, f"all {_NUMBER_WORDS.get(n, n)} chosen k {plural}")
    return f"{n} of the {total} chosen k {verb if n == 1 else plural}"


def describe_k_choices(ks: list[int], k_min: int, k_max: int) -> str:
    """Say how many chosen numbers of clusters sit at an edge of the range tried.

    An edge is a warning (a better k may lie beyond it), except k = 2 at the lower edge: there
    can be no fewer clusters.

    Examples
    --------
    >>> describe_k_choices([5, 8, 3], 2, 16)
    'every chosen k lies inside the range tried (2 to 16)'
    >>> describe_k_choices([16, 3, 8], 3, 16)
    '2 of the 3 chosen k lie at an edge of the range tried (3 to 16), so a better k may lie outside it'
    >>> describe_k_choices([16, 16], 2, 16)
    'both chosen k lie at the top of the range tried (2 to 16), so a better k may lie above it'
    >>> describe_k_choices([2, 2], 2, 16)
    'both chosen k are 2, the fewest clusters there can be'
    >>> describe_k_choices([16, 2, 8], 2, 16)
    '1 of the 3 chosen k lies at the top of the range tried (2 to 16), so a better k may lie above it; 1 is 2, the fewest clusters there can be'
    >>> describe_k_choices([2, 5, 7], 2, 16)
    '1 of the 3 chosen k is 2, the fewest clusters there can be; the others lie inside the range tried (2 to 16)'
    >>> describe_k_choices([4], 4, 4)
    'the range tried holds one k (4), so k was not chosen'
    """
    if k_min == k_max:
        return f"the range tried holds one k ({k_min}), so k was not chosen"
    span = f"the range tried ({k_min} to {k_max})"
    n = len(ks)
    above = sum(k == k_max for k in ks)
    below = sum(k == k_min > FEWEST_CLUSTERS for k in ks)
    fewest = sum(k == k_min <= FEWEST_CLUSTERS for k in ks)
    inside = n - above - below - fewest
    if inside == n:
        return f"{'every' if n > 1 else 'the'} chosen k lies inside {span}"
    clauses = []
    if above or below:
        where, side = (("an edge", "outside") if above and below else ("the top", "above") if above
                       else ("the bottom", "below"))
        clauses.append(f"{_count_k(above + below, n, 'lies')} at {where} of {span}, so a better k may lie {side} it")
    if fewest:
        subject = _count_k(fewest, n, "is") if not clauses else f"{fewest} {'is' if fewest == 1 else 'are'}"
        clauses.append(f"{subject} {k_min}, the fewest clusters there can be")
    if inside and not (above or below):
        clauses.append(f"{'the other lies' if inside == 1 else 'the others lie'} inside {span}")
    return "; ".join(clauses)


def compare_rates(rate_a: float, rate_b: float, *, a: str, b: str, what: str) -> str:
    """Say whether one rate is higher than another and by how many points (equal at one decimal).

    Parameters
    ----------
    rate_a, rate_b : float
        Shares in [0, 1]; NaN or None where there was nothing to count.
    a, b : str
        What each rate counts (plural), e.g. ``'two tracks by one artist'``.
    what : str
        What they do, e.g. ``'share a cluster'``.

    Examples
    --------
    >>> compare_rates(0.766, 0.533, a="tracks by one artist", b="other pairs", what="share a cluster")
    'tracks by one artist share a cluster more often than other pairs (76.6% against 53.3%, 23.3 percentage points more)'
    >>> compare_rates(0.5, 0.50004, a="A", b="B", what="agree")
    'A agree as often as B (both 50.0%)'
    >>> compare_rates(0.2, 0.5, a="A", b="B", what="agree")
    'A agree less often than B (20.0% against 50.0%, 30.0 percentage points less)'
    >>> compare_rates(float("nan"), 0.5, a="A", b="B", what="agree")
    'A cannot be compared with B: there are no A to count'
    """
    for rate, name in ((rate_a, a), (rate_b, b)):
        if rate is None or np.isnan(rate):
            return f"{a} cannot be compared with {b}: there are no {name} to count"
    gap = round(100 * rate_a, 1) - round(100 * rate_b, 1)
    if round(gap, 1) == 0:
        return f"{a} {what} as often as {b} (both {format_percent(rate_a)})"
    more = "more" if gap > 0 else "less"
    return (f"{a} {what} {more} often than {b} ({format_percent(rate_a)} against {format_percent(rate_b)}, "
            f"{abs(gap):.1f} percentage points {more})")


def describe_highest(scores: dict[str, float], *, measure: str, floor: float | None = None, digits: int = 2) -> str:
    """Name the item with the highest score (ties at ``digits`` decimals named together), every score beside it.

    Parameters
    ----------
    scores : dict
        ``{name: score}``.
    measure : str
        The score's name, e.g. ``'ARI'``.
    floor : float, optional
        What a random assignment scores, shown last.
    digits : int
        Decimals shown, and at which scores count as tied.

    Examples
    --------
    >>> describe_highest({"the CNN embeddings": 0.409, "the handcrafted features": 0.33}, measure="ARI", floor=0.002)
    'the highest ARI is that of the CNN embeddings: 0.41 (the handcrafted features 0.33; a random assignment 0.00)'
    >>> describe_highest({"A": 0.411, "B": 0.409, "C": 0.1}, measure="ARI")
    'the highest ARI is that of A and B (tied): 0.41 (C 0.10)'
    >>> describe_highest({"the handcrafted features": 0.33}, measure="ARI", floor=0.0)
    'ARI 0.33 for the handcrafted features, the only one scored (a random assignment 0.00)'
    """
    best = name_best(scores, digits=digits)
    top = max(round(v, digits) for v in scores.values())
    show = {name: f"{round(value, digits) + 0.0:.{digits}f}" for name, value in scores.items()}  # no "-0.00"
    others = [f"{name} {show[name]}" for name, value in scores.items() if round(value, digits) != top]
    if floor is not None:
        others.append(f"a random assignment {round(floor, digits) + 0.0:.{digits}f}")
    beside = f" ({'; '.join(others)})" if others else ""
    if len(scores) == 1:
        return f"{measure} {top + 0.0:.{digits}f} for {best}, the only one scored{beside}"
    return f"the highest {measure} is that of {best}: {top + 0.0:.{digits}f}{beside}"


def describe_training_curve(name: str, val_loss, train_accuracy: float, val_accuracy: float) -> str:
    """Say at which epoch a network's validation loss was lowest, and how its last epoch's accuracies compare.

    Parameters
    ----------
    name : str
        The network as a sentence names it mid-sentence (``'the plain CNN'``).
    val_loss : sequence of float
        Validation loss per epoch, from the first.
    train_accuracy, val_accuracy : float
        Training and validation accuracy at the last epoch.

    Examples
    --------
    >>> describe_training_curve("the plain CNN", [2.0, 1.5, 1.7], 0.7, 0.44)
    "The plain CNN's validation loss is lowest at epoch 2 of 3; at its last epoch its training accuracy is 26.0 points above its validation accuracy."
    >>> describe_training_curve("the CNN", [2.0, 1.5], 0.4, 0.5)
    "The CNN's validation loss is lowest at its last epoch (2 of 2), still falling when training stopped; at its last epoch its training accuracy is 10.0 points below its validation accuracy."
    """
    losses = np.asarray(val_loss, dtype=float)
    if losses.size == 0:
        raise ValueError("a training curve needs at least one epoch; got none")
    best, last = int(np.argmin(losses)) + 1, int(losses.size)
    where = (f"at its last epoch ({last} of {last}), still falling when training stopped" if best == last
             else f"at epoch {best} of {last}")
    gap = round(100 * (train_accuracy - val_accuracy), 1)
    if gap == 0:
        accuracies = "its training accuracy equals its validation accuracy"
    else:
        accuracies = (f"its training accuracy is {abs(gap):.1f} points {'above' if gap > 0 else 'below'} "
                      "its validation accuracy")
    return _as_sentence(f"{name}'s validation loss is lowest {where}; at its last epoch {accuracies}")


def describe_wrong_predictions(n_shown: int, n_wrong: int, n_test: int) -> str:
    """Say how often a model is wrong on the test tracks and which of its mistakes are shown to listen to.

    Examples
    --------
    >>> describe_wrong_predictions(4, 9, 24)
    'It is wrong on 9 of the 24 test tracks; below are the 4 it was most confident about, among those with audio.'
    >>> describe_wrong_predictions(0, 0, 24)
    'It is right on all 24 test tracks, so there is no wrong prediction to listen to.'
    >>> describe_wrong_predictions(0, 3, 24)
    'It is wrong on 3 of the 24 test tracks, but none of them has audio here.'
    """
    if n_wrong == 0:
        return f"It is right on all {n_test:,} test tracks, so there is no wrong prediction to listen to."
    wrong = f"It is wrong on {n_wrong:,} of the {n_test:,} test tracks"
    if n_shown == 0:
        return f"{wrong}, but none of them has audio here."
    shown = "the one" if n_shown == 1 else f"the {n_shown:,}"
    return f"{wrong}; below {'is' if n_shown == 1 else 'are'} {shown} it was most confident about, among those with audio."


def describe_song_matches(n_matching: int, n_songs: int, *, reason: str = "") -> str:
    """Say how many songs get their folder's genre as the most probable one, or why none was predicted.

    Examples
    --------
    >>> describe_song_matches(2, 6), describe_song_matches(1, 6)
    ("2 of 6 songs get their folder's genre as the most probable one.", "1 of 6 songs gets its folder's genre as the most probable one.")
    >>> describe_song_matches(1, 1), describe_song_matches(0, 0, reason="no songs folder was found")
    ("The one song gets its folder's genre as the most probable one.", 'No song was predicted: no songs folder was found.')
    """
    if n_songs == 0:
        return f"No song was predicted: {reason or 'there was none'}."
    if n_songs == 1:
        return f"The one song {'gets' if n_matching else 'does not get'} its folder's genre as the most probable one."
    verb = "gets its" if n_matching == 1 else "get their"
    return _as_sentence(f"{describe_share_of(n_matching, n_songs)} songs {verb} folder's genre as the most "
                        "probable one")


def describe_most_confused(pairs, *, digits: int = 3) -> str:
    """Say which genres a classifier mixes up most, naming every pair tied at the top.

    Parameters
    ----------
    pairs : list of (genre_a, genre_b, rate)
        Highest rate first; ``rate`` the mean share of either genre's tracks predicted as the other
        (:func:`genrebook.models.evaluation.find_confused_pairs`).

    Examples
    --------
    >>> describe_most_confused([("Rock", "Pop", 0.25), ("Folk", "Pop", 0.1)])
    "it mixes up Rock with Pop most: on average 25.0% of either genre's test tracks are predicted as the other"
    >>> describe_most_confused([("Rock", "Pop", 0.25), ("Folk", "Pop", 0.25)])
    "it mixes up Rock with Pop and Folk with Pop most (tied): on average 25.0% of either genre's test tracks are predicted as the other"
    >>> describe_most_confused([("Rock", "Pop", 0.0)])
    'it mixes up no two genres on the test tracks'
    """
    if not pairs or round(pairs[0][2], digits) <= 0:
        return "it mixes up no two genres on the test tracks"
    top = round(pairs[0][2], digits)
    tied = [f"{a} with {b}" for a, b, rate in pairs if round(rate, digits) == top]
    named = join_words(tied[:3]) if len(tied) <= 3 else f"{', '.join(tied[:3])} and {len(tied) - 3} more pairs"
    return (f"it mixes up {named} most{' (tied)' if len(tied) > 1 else ''}: on average {format_percent(pairs[0][2])} "
            "of either genre's test tracks are predicted as the other")
