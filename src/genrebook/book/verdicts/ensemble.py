"""Sentences of chapter 08 (do the models do better together?) whose wording depends on the numbers.

Used in: 08_ensemble, the intro.
"""

from __future__ import annotations

from genrebook.book.formatting import format_percent
from genrebook.book.verdicts.paired import describe_paired
from genrebook.book.verdicts.words import _NUMBER_WORDS, _as_sentence, join_words

#: Why the networks take no part, by :attr:`genrebook.book.ensemble.Members.networks`.
NETWORK_ABSENCE = {
    "no images": "The networks take no part: this dataset has no spectrogram images for them to read.",
    "none saved": ("The networks take no part: chapter 05 saved none for this dataset with these training "
                   "parameters, and none is trained here (run chapter 05 first)."),
}


def _count(n: int) -> str:
    return _NUMBER_WORDS.get(n, f"{n:,}")


def describe_members(n_classical: int, n_networks: int, *, chosen_by: str, networks: str,
                     refitted: list[str] | None = None) -> str:
    """Say which members take part and where their parameters come from.

    Parameters
    ----------
    n_classical, n_networks : int
    chosen_by : {'chapter 03', 'validation'}
    networks : {'loaded', 'no images', 'none saved'}
    refitted : list of str, optional
        The classical members fitted again here (display names), when the others are chapter 03's own fits;
        None: all of them are fitted here.

    Examples
    --------
    >>> describe_members(6, 3, chosen_by="chapter 03", networks="loaded")
    "The members are chapter 03's six classical models, refitted on the training split with the parameters chapter 03 chose on validation, and chapter 05's three saved networks, loaded as they were trained."
    >>> describe_members(6, 3, chosen_by="chapter 03", networks="loaded", refitted=["the RBF SVM"])[-155:]
    "as chapter 03 fitted them on the training split, and chapter 05's three saved networks, loaded as they were trained. Only the RBF SVM is fitted again here."
    >>> describe_members(2, 0, chosen_by="validation", networks="no images")[:80]
    'The members are two classical models, tuned here on the validation split as chap'
    """
    again = ""
    if chosen_by == "chapter 03" and refitted is not None and len(refitted) < n_classical:
        classical = (f"chapter 03's {_count(n_classical)} classical models with the parameters it chose on validation, "
                     "as chapter 03 fitted them on the training split")
        if refitted:
            again = f" Only {join_words(refitted)} {'is' if len(refitted) == 1 else 'are'} fitted again here."
    elif chosen_by == "chapter 03":
        classical = (f"chapter 03's {_count(n_classical)} classical models, refitted on the training split with the "
                     "parameters chapter 03 chose on validation")
    else:
        classical = (f"{_count(n_classical)} classical models, tuned here on the validation split as chapter 03 does "
                     "(chapter 03 did not run on this dataset in this build) and refitted on the training split")
    if networks == "loaded" and n_networks:
        noun = "network" if n_networks == 1 else "networks"
        return (f"The members are {classical}, and chapter 05's {_count(n_networks)} saved {noun}, loaded as they were "
                f"trained.{again}")
    return f"The members are {classical}.{again} {NETWORK_ABSENCE.get(networks, NETWORK_ABSENCE['none saved'])}"


def describe_fusion_choice(members: list[str], *, n_members: int, n_subsets: int, accuracy: float) -> str:
    """Say which subset's equal-weight fusion the validation split chose.

    Examples
    --------
    >>> describe_fusion_choice(["logistic regression", "the multi-input network"], n_members=9, n_subsets=502,
    ...                        accuracy=0.639)
    'Of the 502 subsets of two or more of the nine members, averaging the log-probabilities of logistic regression and the multi-input network gets the most validation tracks right (63.9%).'
    >>> describe_fusion_choice(["a", "b"], n_members=2, n_subsets=1, accuracy=0.5)
    'With two members there is one subset to fuse, both together: 50.0% of the validation tracks right.'
    """
    if n_subsets == 1:
        return (f"With two members there is one subset to fuse, both together: {format_percent(accuracy)} of the "
                "validation tracks right.")
    chosen = f"all {_count(n_members)} members" if len(members) == n_members else join_words(members)
    return (f"Of the {n_subsets:,} subsets of two or more of the {_count(n_members)} members, averaging the "
            f"log-probabilities of {chosen} gets the most validation tracks right ({format_percent(accuracy)}).")


def describe_folds(folds: int, *, grouped: bool) -> str:
    """Name the cross-validation within the validation split, mid-sentence.

    Examples
    --------
    >>> describe_folds(5, grouped=True)
    "stratified 5-fold cross-validation within the validation split, each artist's tracks kept in one fold (no fold is scored on an artist it was fitted on)"
    >>> describe_folds(0, grouped=False)
    'cross-validation within the validation split, when a genre has enough validation tracks for it'
    """
    if folds == 0:
        return "cross-validation within the validation split, when a genre has enough validation tracks for it"
    text = f"stratified {folds}-fold cross-validation within the validation split"
    if grouped:
        text += ", each artist's tracks kept in one fold (no fold is scored on an artist it was fitted on)"
    return text


def describe_rule(chosen: str, *, folds: int, fusion: float, stacker: float | None, C: float | None) -> str:
    """Say how the rule fixed before the test split chose between the fusion and the stacker.

    Parameters
    ----------
    chosen : {'fusion', 'stacker'}
    folds : int
        Folds of the cross-validation within validation (0: none was possible).
    fusion, stacker : float
        Cross-validated accuracies (the stacker's at its chosen ``C``; None without folds).

    Examples
    --------
    >>> describe_rule("fusion", folds=5, fusion=0.62, stacker=0.615, C=0.1)
    'Scored by the same 5 folds of the validation split (each way chosen or fitted on the other folds, scored on the one held out), the subset search gets 62.0% of the held-out tracks right and the stacker (C = 0.1) 61.5%: the stacker does not do better, so the ensemble is the equal-weight fusion.'
    >>> describe_rule("fusion", folds=0, fusion=float("nan"), stacker=None, C=None)[:60]
    'A genre has too few validation tracks to cross-validate, so '
    """
    if folds == 0 or stacker is None:
        return ("A genre has too few validation tracks to cross-validate, so no stacker is fitted and the ensemble "
                "is the equal-weight fusion.")
    held = " (each way chosen or fitted on the other folds, scored on the one held out)"
    outcome = ("the stacker does better, so the ensemble is the stacker" if chosen == "stacker" else
               "the stacker does not do better, so the ensemble is the equal-weight fusion")
    return (f"Scored by the same {folds} folds of the validation split{held}, the subset search gets "
            f"{format_percent(fusion)} of the held-out tracks right and the stacker (C = {C:g}) "
            f"{format_percent(stacker)}: {outcome}.")


def name_ensemble(chosen: str, members: list[str], *, n_members: int) -> str:
    """Name the ensemble mid-sentence.

    Examples
    --------
    >>> name_ensemble("fusion", ["logistic regression", "the residual 2-D CNN"], n_members=9)
    'the equal-weight fusion of logistic regression and the residual 2-D CNN'
    >>> name_ensemble("stacker", [], n_members=9)
    'a stacker over all nine members'
    """
    if chosen == "stacker":
        return f"a stacker over all {_count(n_members)} members"
    return f"the equal-weight fusion of {join_words(members)}"


def describe_against_members(ensemble, best_validation: tuple[str, object], best_test: tuple[str, object]) -> str:
    """The ensemble against its best member by validation and its best member on test (McNemar's exact test).

    Parameters
    ----------
    ensemble : array-like of bool
        Whether the ensemble gets each test track right.
    best_validation, best_test : tuple
        ``(name mid-sentence, right or wrong per test track)`` of each member.

    Examples
    --------
    >>> describe_against_members([1] * 30 + [0] * 5, ("the SVM", [0] * 30 + [1] * 5), ("the SVM", [0] * 30 + [1] * 5))[:74]
    'The best member on validation, the SVM, is also the best on test. The ense'
    """
    (name_v, right_v), (name_t, right_t) = best_validation, best_test
    versus_v = describe_paired("the ensemble", ensemble, name_v, right_v)
    if name_v == name_t:
        return f"The best member on validation, {name_v}, is also the best on test. {versus_v}"
    versus_t = describe_paired("the ensemble", ensemble, name_t, right_t)
    return (f"Against its best member on validation, {name_v}: {versus_v[0].lower()}{versus_v[1:]} "
            f"Against the best member on test, {name_t}: {versus_t[0].lower()}{versus_t[1:]}")


def describe_other_way(chosen: str, accuracy: float | None) -> str:
    """Report, beside the ensemble, the test accuracy of the way the rule did not choose.

    Examples
    --------
    >>> describe_other_way("fusion", 0.571)
    'The stacker, not chosen, gets 57.1% of the test tracks right; it is reported, not used.'
    >>> describe_other_way("fusion", None)
    'There is no stacker to report beside it.'
    """
    if accuracy is None:
        return "There is no stacker to report beside it."
    other = "equal-weight fusion" if chosen == "stacker" else "stacker"
    return _as_sentence(f"the {other}, not chosen, gets {format_percent(accuracy)} of the test tracks right; "
                        "it is reported, not used")


def describe_gap(ensemble: float, member: float) -> str:
    """Where the ensemble's test accuracy stands against a member's, in points (a description, not a test).

    Examples
    --------
    >>> describe_gap(0.506, 0.54), describe_gap(0.58, 0.565), describe_gap(0.5, 0.5)
    ('3.4 percentage points below', '1.5 percentage points above', 'level with')
    """
    points = round(100 * (ensemble - member), 1)
    if points == 0:
        return "level with"
    return f"{abs(points):.1f} percentage points {'above' if points > 0 else 'below'}"
