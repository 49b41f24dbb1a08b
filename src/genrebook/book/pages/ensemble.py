"""Results builders of chapter 08 (do the models do better together?): one function per section.

:func:`genrebook.book.ensemble.collect_members` and :func:`~genrebook.book.ensemble.fit_ensemble` compute
once; each builder here reads them and returns a :class:`~genrebook.book.section.Section`.

Used in: 08_ensemble.
"""

from __future__ import annotations

import pandas as pd

from genrebook.book.ensemble import ENSEMBLE_TARGET, Ensemble, Members
from genrebook.book.formatting import make_table
from genrebook.book.networks import NETWORK_NAMES
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import check_comparable, compare_with_target
from genrebook.book.verdicts.ensemble import (
    describe_against_members,
    describe_folds,
    describe_fusion_choice,
    describe_gap,
    describe_members,
    describe_other_way,
    describe_rule,
    name_ensemble,
)
from genrebook.models.evaluation import compute_accuracy_interval
from genrebook.models.fusion import PROBABILITY_FLOOR
from genrebook.models.pipelines import CLASSICAL_MODELS
from genrebook.plots.ensemble import plot_validation_vs_test

#: Subsets shown in the table of the validation search, the best first.
SUBSETS_SHOWN = 5


def name_member(key: str) -> str:
    """A member's name in a table: ``'logistic regression'``, ``'multi-input network'``.

    Examples
    --------
    >>> name_member("logreg"), name_member("multi")
    ('logistic regression', 'multi-input network')
    """
    return CLASSICAL_MODELS.get(key) or NETWORK_NAMES.get(key, key)


def name_in_sentence(key: str) -> str:
    """A member's name mid-sentence: a network with its article (``'the plain 2-D CNN'``), a model without.

    Examples
    --------
    >>> name_in_sentence("svm"), name_in_sentence("strong")
    ('RBF SVM', 'the residual 2-D CNN')
    """
    return f"the {NETWORK_NAMES[key]}" if key in NETWORK_NAMES else name_member(key)


def pick_best_member(members: Members, split: str) -> str:
    """The member with the highest accuracy on a split (the first in book order on a tie)."""
    scores = {m: members.accuracy(split, m) for m in members.names}
    return max(members.names, key=lambda m: (scores[m], -members.names.index(m)))


@builds("n_members", "n_classical", "n_networks", "members_text", "chosen_by", "n_validation", "n_test",
        tables=("members",))
def describe_members_table(members: Members) -> Section:
    """Who takes part, where their parameters come from, and each member's validation and test accuracy."""
    kinds = pd.Series(members.kinds)
    frame = pd.DataFrame({"kind": ["classical model" if members.kinds[m] == "classical" else "network"
                                   for m in members.names],
                          "validation": [members.accuracy("validation", m) for m in members.names],
                          "test": [members.accuracy("test", m) for m in members.names]},
                         index=[name_member(m) for m in members.names])
    table = make_table(frame, {"kind": ("kind", "text"), "validation": ("validation accuracy", "percent"),
                               "test": ("test accuracy", "percent")}, index=("member", "text"),
                       caption="Each member's accuracy, as the genre it gives the highest probability")
    n_classical, n_networks = int((kinds == "classical").sum()), int((kinds == "network").sum())
    return Section(numbers={"n_members": len(members.names), "n_classical": n_classical, "n_networks": n_networks,
                            "members_text": describe_members(n_classical, n_networks, chosen_by=members.chosen_by,
                                                             networks=members.networks,
                                                             refitted=[f"the {name_member(m)}" for m in members.refitted
                                                                       if m in members.kinds]),
                            "chosen_by": members.chosen_by, "n_validation": len(members.y["validation"]),
                            "n_test": len(members.y["test"])}, tables={"members": table})


@builds("probability_floor", "n_subsets", "fusion_size", "fusion_members", "fusion_validation_accuracy",
        "fusion_text", "folds", "folds_text", "rule_text", "ensemble_way", "ensemble_name", tables=("subsets",))
def choose_combination(ens: Ensemble) -> Section:
    """The subset the validation split chose for the fusion, and the rule's choice between fusion and stacker."""
    members = [name_in_sentence(m) for m in ens.fusion]
    n_members = len(ens.members.names)
    top = ens.subsets.head(SUBSETS_SHOWN)
    frame = pd.DataFrame({"members": [", ".join(name_member(m) for m in s) for s in top["members"]],
                          "size": top["n_members"].to_numpy(), "accuracy": top["accuracy"].to_numpy()},
                         index=range(1, len(top) + 1))
    table = make_table(frame, {"members": ("members averaged", "text"), "size": ("members", "count"),
                               "accuracy": ("validation accuracy", "percent")}, index=("rank", "count"),
                       caption=f"The {len(top)} best subsets on the validation split (ties: fewer members, then "
                               "book order)")
    stacker = ens.cv.stacker_accuracy.get(ens.cv.stacker_C) if ens.cv.stacker_C is not None else None
    return Section(numbers={
        "probability_floor": PROBABILITY_FLOOR, "n_subsets": len(ens.subsets), "fusion_size": len(ens.fusion),
        "fusion_members": ", ".join(members),
        "fusion_validation_accuracy": float(ens.subsets["accuracy"].iloc[0]),
        "fusion_text": describe_fusion_choice(members, n_members=n_members, n_subsets=len(ens.subsets),
                                              accuracy=float(ens.subsets["accuracy"].iloc[0])),
        "folds": ens.cv.folds, "folds_text": describe_folds(ens.cv.folds, grouped=ens.cv.grouped),
        "rule_text": describe_rule(ens.chosen, folds=ens.cv.folds, fusion=ens.cv.fusion_accuracy, stacker=stacker,
                                   C=ens.cv.stacker_C),
        "ensemble_way": ens.chosen, "ensemble_name": name_ensemble(ens.chosen, members, n_members=n_members)},
        tables={"subsets": table})


def _validation_accuracy(ens: Ensemble, way: str) -> float:
    """The fusion's accuracy on validation (its subset chosen there); the stacker's cross-validated one."""
    if way == "fusion":
        return float(ens.subsets["accuracy"].iloc[0])
    return float(ens.cv.stacker_accuracy[ens.cv.stacker_C])


def tabulate_points(ens: Ensemble) -> pd.DataFrame:
    """The two ways of combining (the ensemble first), then every member in book order: ``kind``, validation and
    test accuracy, for the figure (index: the names shown)."""
    members = ens.members
    ways = sorted(ens.predictions, key=lambda w: w != ens.chosen)
    rows = [(f"the ensemble ({'stacker' if way == 'stacker' else 'fusion'})" if way == ens.chosen else
             f"{'stacker' if way == 'stacker' else 'fusion'}, not chosen",
             "ensemble" if way == ens.chosen else "other", _validation_accuracy(ens, way), float(ens.correct(way).mean()))
            for way in ways]
    rows += [(name_member(m), members.kinds[m], members.accuracy("validation", m), members.accuracy("test", m))
             for m in members.names]
    return pd.DataFrame(rows, columns=["name", "kind", "validation", "test"]).set_index("name")


@builds("ensemble_accuracy", "ensemble_low", "ensemble_high", "ensemble_validation_accuracy", "best_member",
        "best_member_accuracy", "best_test_member", "best_test_accuracy", "gain_text", "versus_members",
        "other_way_text", figures=("validation_vs_test",))
def score_on_test(ens: Ensemble) -> Section:
    """The ensemble scored once on test, with its interval, against its best members by paired tests."""
    members, y = ens.members, ens.members.y["test"]
    accuracy, low, high = compute_accuracy_interval(y, ens.predictions[ens.chosen]["test"], seed=ens.seed)
    by_validation, by_test = pick_best_member(members, "validation"), pick_best_member(members, "test")
    other = [w for w in ens.predictions if w != ens.chosen]
    fig, _ = plot_validation_vs_test(tabulate_points(ens))
    best_accuracy = members.accuracy("test", by_validation)
    return Section(numbers={
        "ensemble_accuracy": accuracy, "ensemble_low": low, "ensemble_high": high,
        "ensemble_validation_accuracy": _validation_accuracy(ens, ens.chosen),
        "best_member": name_in_sentence(by_validation), "best_member_accuracy": best_accuracy,
        "best_test_member": name_in_sentence(by_test), "best_test_accuracy": members.accuracy("test", by_test),
        "gain_text": describe_gap(accuracy, best_accuracy),
        "versus_members": describe_against_members(
            ens.correct(ens.chosen), (name_in_sentence(by_validation), members.correct("test", by_validation)),
            (name_in_sentence(by_test), members.correct("test", by_test))),
        "other_way_text": describe_other_way(ens.chosen, float(ens.correct(other[0]).mean()) if other else None)},
        figures={"validation_vs_test": fig})


@builds("target_accuracy", "target_verdict")
def check_target(ens: Ensemble, ds) -> Section:
    """Whether the ensemble meets the project's target (checked on real fma_small data only)."""
    accuracy, low, high = compute_accuracy_interval(ens.members.y["test"], ens.predictions[ens.chosen]["test"],
                                                    seed=ens.seed)
    verdict = compare_with_target(accuracy, low, high, ENSEMBLE_TARGET,
                                  comparability=check_comparable(ds.genre_names, synthetic=ds.synthetic))
    return Section(numbers={"target_accuracy": ENSEMBLE_TARGET, "target_verdict": verdict})


@builds("members_seconds", "fusion_seconds")
def summarize_cost(ens: Ensemble) -> Section:
    """Seconds spent fitting and predicting the members, and choosing and fitting the combinations."""
    return Section(numbers={"members_seconds": round(ens.members.seconds, 1),
                            "fusion_seconds": round(ens.seconds, 1)})
