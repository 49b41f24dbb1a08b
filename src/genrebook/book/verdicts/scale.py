"""What a page says when a dataset is too large for every fit to see every track.

The rules themselves live with the models (:mod:`genrebook.models.sampling`: the searches above
:data:`~genrebook.models.sampling.SEARCH_ROWS` training tracks run in rounds of successive halving) and the clusterings
(:data:`genrebook.clustering.ward.WARD_ROWS`); these sentences say, with the counts of the run,
what was subsampled, from how many tracks, and why, or that nothing was.

Used in: 03_classical_models, 04_featurewise_logreg, 07_clustering.
"""

from __future__ import annotations

from genrebook.book.verdicts.words import join_words


def describe_rounds(rounds: list[int], *, of_each: str) -> str:
    """Say on how many tracks each round of a halving search fitted which candidates.

    Examples
    --------
    >>> describe_rounds([1000, 3000, 8000], of_each="each model's")
    "every candidate on 1,000 of them, then the best third of each model's candidates on 3,000, then the best third \
of those on 8,000"
    >>> describe_rounds([1000, 8000], of_each="each model's")
    "every candidate on 1,000 of them, then the best third of each model's candidates on 8,000"
    """
    steps = [f"every candidate on {rounds[0]:,} of them"]
    if len(rounds) > 1:
        steps.append(f"the best third of {of_each} candidates on {rounds[1]:,}")
    steps += [f"the best third of those on {n:,}" for n in rounds[2:]]
    return ", then ".join(steps)


def describe_search_subsample(n_train: int, rounds: list[int], final: int, *, seed: int, searched: str,
                              of_each: str = "each model's", capped: list[str] = (),
                              curve: bool = False, limit: int | None = None) -> str:
    """Say which training tracks the searches, the final fits, the training accuracies (and a learning curve) saw,
    and why.

    Parameters
    ----------
    n_train : int
        Training tracks.
    rounds : list of int
        Training tracks of each round of the searches
        (:func:`genrebook.models.sampling.plan_rounds`); one round of ``n_train`` when not
        subsampled.
    final : int
        Training tracks a final fit sees at most (:class:`genrebook.models.sampling.Limits`).
    seed : int
        Seed of the subsamples.
    searched : str
        What searched, as the subject of a sentence: ``"each model's validation search"``.
    of_each : str
        Whose candidates a round keeps the best third of: ``"each model's"``.
    capped : list of str
        Names of the models fitted finally on the search's last subsample (their cost grows
        with the square of the tracks).
    curve : bool
        Whether the page shows a learning curve (it grows to the search's last subsample).
    limit : int, optional
        Training tracks up to which every candidate sees all of them, and the most a quadratic
        model's final fit, a training accuracy and a learning curve see
        (:attr:`genrebook.models.sampling.Limits.search`); the last round's by default (searches
        with few candidates stop before it).

    Examples
    --------
    >>> describe_search_subsample(6400, [6400], 20000, seed=0, searched="each model's validation search")
    'Every fit saw all 6,400 training tracks.'
    >>> print(describe_search_subsample(19807, [1000, 3000, 8000], 20000, seed=0,
    ...                                 searched="each model's validation search", capped=["RBF SVM"], curve=True))
    ... # doctest: +NORMALIZE_WHITESPACE
    This dataset has 19,807 training tracks, more than the 8,000 up to which this book fits every candidate on all
    of them, so each model's validation search ran in rounds (successive halving), on stratified random subsamples
    (each genre keeping its share; seed 0): every candidate on 1,000 of them, then the best third of each model's
    candidates on 3,000, then the best third of those on 8,000, ending where one was left. The final fits saw all
    19,807, except the RBF SVM, whose fitting time grows with the square of the tracks: it was fitted finally on
    the search's 8,000. Training accuracies, and the learning curve, are measured on at most 8,000 of the tracks
    each model was fitted on.
    """
    search = rounds[-1] if limit is None else limit
    if n_train <= search:
        return f"Every fit saw all {n_train:,} training tracks."
    text = (f"This dataset has {n_train:,} training tracks, more than the {search:,} up to which this book fits every "
            f"candidate on all of them, so {searched} ran in rounds (successive halving), on stratified random "
            f"subsamples (each genre keeping its share; seed {seed}): {describe_rounds(rounds, of_each=of_each)}, "
            "ending where one was left.")
    if n_train <= final:
        text += f" The final fits saw all {n_train:,}"
    else:
        text += f" The final fits saw another such subsample, of {final:,} (the most this book fits a final model on)"
    if capped:
        one = len(capped) == 1
        text += (f", except the {join_words(list(capped))}, whose fitting time {'grows' if one else 'grow'} with the "
                 f"square of the tracks: {'it was' if one else 'they were'} fitted finally on the search's {search:,}")
    measured = "Training accuracies, and the learning curve, are" if curve else "Training accuracies are"
    return text + f". {measured} measured on at most {search:,} of the tracks each model was fitted on."


def describe_tree_subsample(n_tracks: int, limit: int, *, seed: int, fitted: bool = True) -> str:
    """Say which tracks Ward's tree was built on, and what became of the others.

    Parameters
    ----------
    n_tracks : int
        Tracks clustered.
    limit : int
        Tracks above which the tree is built on a subsample.
    seed : int
    fitted : bool
        Whether Ward's method was among the methods fitted.

    Examples
    --------
    >>> describe_tree_subsample(7994, 10000, seed=0)
    "Ward's tree was built on all 7,994 tracks."
    >>> describe_tree_subsample(7994, 10000, seed=0, fitted=False)
    "Ward's method was not among the methods fitted, so no tree was built."
    >>> describe_tree_subsample(25000, 10000, seed=0)[:60]
    "Ward's tree, whose memory and time grow with the square of t"
    """
    if not fitted:
        return "Ward's method was not among the methods fitted, so no tree was built."
    if n_tracks <= limit:
        return f"Ward's tree was built on all {n_tracks:,} tracks."
    return (f"Ward's tree, whose memory and time grow with the square of the tracks, was built on a random "
            f"subsample of {limit:,} of the {n_tracks:,} tracks (seed {seed}); every other track joined the "
            "cluster whose centre is nearest to it, at every k.")
