"""Results builders of chapter 04 (feature-wise logistic regression): one function per section.

:func:`fit_feature_groups` fits the logistic regression on each feature group and on all features
once; the builders read those fits (and fit the statistics and the forward selection themselves)
and return a :class:`~genrebook.book.section.Section` each. "A beats B" on the same test tracks is
McNemar's test (:func:`~genrebook.book.verdicts.compare_paired`); reported figures are compared
only where :mod:`genrebook.book.verdicts` finds the data comparable.

Used in: 04_featurewise_logreg.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from genrebook.book.balance import Balance, collect_labels, measure_balance, score_balanced
from genrebook.book.featurewise import (
    ALL_FEATURES,
    find_fma_medium_counterparts,
    summarize_subsets,
    tabulate_fma_medium,
    tabulate_original,
    tabulate_steps,
)
from genrebook.book.formatting import name_group, name_statistic
from genrebook.book.published import REPORTED_ORIGINAL, REPORTED_ORIGINAL_MFCC_LOGREG
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import (
    check_comparable,
    check_comparable_with_medium,
    compare_paired,
    describe_balanced_scores,
    describe_change,
    describe_reported_comparisons,
    describe_validation_peak,
    join_words,
    name_best,
)
from genrebook.book.verdicts.scale import describe_search_subsample
from genrebook.models.evaluation import split_features
from genrebook.models.featurewise import compare_feature_subsets, make_feature_subsets, select_groups_forward
from genrebook.models.pipelines import make_search_space
from genrebook.models.sampling import LIMITS, Limits, count_rounds, plan_sampling
from genrebook.plots.models import plot_forward_selection, plot_subset_accuracies

#: Coverage of the bootstrap intervals (:func:`genrebook.models.evaluation.compute_accuracy_interval`).
INTERVAL_LEVEL = 0.95
#: How the dataset's features were made, in words.
FEATURE_SOURCES = {"own": "the dataset's own features.csv", "extracted": "features extracted by genrebook"}


@dataclass(frozen=True)
class GroupFits:
    """The logistic regression fitted on each feature group and on all features.

    Attributes
    ----------
    parts : dict
        :func:`genrebook.models.evaluation.split_features` of the dataset.
    groups : dict
        ``{group key: column positions}``, in column order.
    table : pd.DataFrame
        :func:`genrebook.models.featurewise.compare_feature_subsets` on the groups and
        :data:`~genrebook.book.featurewise.ALL_FEATURES`.
    correct : dict
        ``{subset key: np.ndarray of bool}``: which test tracks each model gets right.
    search : str
    seed, jobs : int
        The settings every later fit of the page reuses.
    predictions : dict
        ``{subset key: predicted genres of the test tracks}``.
    limits : Limits
        Training tracks the fits see at most (:mod:`genrebook.models.sampling`).
    """

    parts: dict
    groups: dict
    table: pd.DataFrame
    correct: dict
    search: str
    seed: int
    jobs: int
    predictions: dict = field(default_factory=dict)
    limits: Limits = LIMITS

    @property
    def balance(self) -> Balance:
        """How evenly the tracks of every split spread over the genres (:func:`genrebook.book.balance.measure_balance`)."""
        return measure_balance(collect_labels(self.parts))


def fit_feature_groups(ds, *, search: str, seed: int, jobs: int, limits: Limits = LIMITS) -> GroupFits:
    """Fit the logistic regression on each feature group alone and on all features (tuned on validation)."""
    parts = split_features(ds.features, ds.tracks)
    groups = make_feature_subsets(ds.features.columns, level="feature")
    subsets = {**groups, ALL_FEATURES: tuple(range(ds.features.shape[1]))}
    table, predictions = compare_feature_subsets(parts, subsets, search=search, seed=seed, jobs=jobs,
                                                 limits=limits)
    return GroupFits(parts, groups, table, mark_correct(predictions, parts["test"][1]), search, seed, jobs,
                     predictions, limits)


def mark_correct(predictions: dict, truth: pd.Series) -> dict:
    """Which test tracks each model gets right.

    Examples
    --------
    >>> mark_correct({"a": pd.Series(["x", "y"])}, pd.Series(["x", "x"]))["a"].tolist()
    [True, False]
    """
    return {k: np.asarray(v) == np.asarray(truth) for k, v in predictions.items()}


def first_best(scores: dict[str, float], *, digits: int = 3) -> str:
    """The first key with the top score (rounded as :func:`~genrebook.book.verdicts.name_best` rounds).

    Examples
    --------
    >>> first_best({"a": 0.5, "b": 0.6, "c": 0.6})
    'b'
    """
    top = max(round(v, digits) for v in scores.values())
    return next(k for k, v in scores.items() if round(v, digits) == top)


def name_step_model(names: list[str], step: int) -> str:
    """Name the model of a forward-selection step: ``'the MFCC model'``, ``'the model on the first 3 groups'``.

    Examples
    --------
    >>> name_step_model(["MFCC", "tonnetz"], 1), name_step_model(["MFCC", "tonnetz", "zcr"], 2)
    ('the MFCC model', 'the model on the first 2 groups')
    """
    return f"the {names[0]} model" if step == 1 else f"the model on the first {step} groups"


@builds("interval_level", "n_groups", "feature_groups", "n_features", "feature_source", "all_features_test_accuracy",
        "all_features_test_low", "all_features_test_high", "all_features_train_accuracy", "best_group",
        "best_group_accuracy", "best_group_test_accuracy", "best_group_gap_points", "gap_over_best_group",
        "full_vs_best_group", "worst_group", "worst_group_test_accuracy", "all_features_balanced_accuracy",
        "all_features_macro_f1", "balance_note", figures=("group_accuracies",), tables=("groups",))
def describe_groups(ds, fits: GroupFits) -> Section:
    """One feature group at a time beside all features: the table, the bar chart, the best and worst group.

    With unbalanced genres the table adds each model's balanced accuracy and macro-F1.
    """
    balanced = score_balanced(fits.predictions, fits.parts["test"][1])
    table, names = fits.table, {g: name_group(g) for g in fits.groups}
    scores = {names[g]: float(table.loc[g, "test_accuracy"]) for g in fits.groups}
    best = first_best({g: float(table.loc[g, "test_accuracy"]) for g in fits.groups})
    full = table.loc[ALL_FEATURES]
    gap = float(full["test_accuracy"] - table.loc[best, "test_accuracy"])
    fig, _ = plot_subset_accuracies(table.drop(index=ALL_FEATURES).rename(index=names),
                                    reference=float(full["test_accuracy"]),
                                    reference_label=f"all {int(full['n_columns']):,} features together")
    numbers = {
        "interval_level": INTERVAL_LEVEL, "n_groups": len(fits.groups),
        "feature_groups": join_words(list(names.values())), "n_features": int(full["n_columns"]),
        "feature_source": FEATURE_SOURCES.get(ds.feature_source, "no features"),
        "all_features_test_accuracy": float(full["test_accuracy"]), "all_features_test_low": float(full["test_low"]),
        "all_features_test_high": float(full["test_high"]),
        "all_features_train_accuracy": float(full["train_accuracy"]),
        "best_group": name_best(scores), "best_group_accuracy": scores[names[best]],
        "best_group_test_accuracy": scores[names[best]], "best_group_gap_points": round(100 * gap, 1),
        "gap_over_best_group": describe_change(gap),
        "full_vs_best_group": compare_paired("the full model", fits.correct[ALL_FEATURES], f"the {names[best]} model",
                                             fits.correct[best]),
        "worst_group": name_best({k: -v for k, v in scores.items()}),
        "worst_group_test_accuracy": min(scores.values()),
        "all_features_balanced_accuracy": float(balanced.loc[ALL_FEATURES, "balanced_accuracy"]),
        "all_features_macro_f1": float(balanced.loc[ALL_FEATURES, "macro_f1"]),
        "balance_note": describe_balanced_scores("the full model", float(full["test_accuracy"]),
                                                 *balanced.loc[ALL_FEATURES], fits.balance),
    }
    groups_table = summarize_subsets(table.join(balanced) if fits.balance.unbalanced else table, names={**names, ALL_FEATURES: "all features"}, header="feature group",
                                     caption="Logistic regression on one feature group at a time, best first, "
                                             "and on all features together")
    return Section(numbers=numbers, tables={"groups": groups_table}, figures={"group_accuracies": fig})


@builds("n_train", "n_search_tracks", "sampling_note")
def describe_sampling(fits: GroupFits) -> Section:
    """How many training tracks the searches of C, the final fits and the training accuracies saw, and why
    (:mod:`genrebook.models.sampling`: all of them below its threshold)."""
    plan = plan_sampling(["logreg"], len(fits.parts["training"][1]), limits=fits.limits)
    used = count_rounds(len(make_search_space("logreg", fits.search, n_samples=plan.rounds[0], n_features=1)),
                        len(plan.rounds))
    note = describe_search_subsample(plan.n_train, list(plan.rounds[:used]), plan.limits.final, seed=fits.seed,
                                     searched="the search of C for every set of columns", of_each="each set's",
                                     limit=plan.limits.search)
    return Section(numbers={"n_train": plan.n_train, "n_search_tracks": plan.search_rows, "sampling_note": note})


@builds("reported_mfcc_summary", "reported_mfcc_modeling", "reported_all_train", "original_verdict",
        tables=("original",))
def compare_with_original(ds, fits: GroupFits) -> Section:
    """The original analysis' logistic regression on the MFCC statistics and on all 518, beside ours where comparable.

    The original reports the MFCC model twice: 52.2 % in its summary and 57.7 % (training 66.6 %)
    in its modeling section, the same figures as its model on all 518 statistics; both are shown.
    """
    comparability = check_comparable(ds.genre_names, synthetic=ds.synthetic, feature_groups=list(fits.groups),
                                     needs_features=True)
    test_all, train_all = REPORTED_ORIGINAL["logreg"]
    reported = [("MFCC, as its summary reports it", REPORTED_ORIGINAL_MFCC_LOGREG, None, "mfcc"),
                ("MFCC, as its modeling section reports it", test_all, train_all, "mfcc"),
                ("all 518 statistics", test_all, train_all, ALL_FEATURES)]
    present = [r for r in reported if r[3] in fits.table.index]
    ours = {label: tuple(float(fits.table.loc[key, c]) for c in ("test_accuracy", "test_low", "test_high"))
            for label, _, _, key in present}
    verdict = describe_reported_comparisons([(label, *ours[label], figure) for label, figure, _, _ in present],
                                            what="the original analysis' figures", comparability=comparability)
    table = tabulate_original([r[:3] for r in reported], ours if comparability.comparable else None)
    return Section(numbers={"reported_mfcc_summary": REPORTED_ORIGINAL_MFCC_LOGREG, "reported_mfcc_modeling": test_all,
                            "reported_all_train": train_all, "original_verdict": verdict},
                   tables={"original": table})


@builds("fma_medium_verdict", tables=("fma_medium",))
def compare_with_fma_paper(ds, fits: GroupFits) -> Section:
    """The FMA paper's accuracies per feature set on fma_medium, as reported; compared only where comparable."""
    comparability = check_comparable_with_medium(ds.genre_names, synthetic=ds.synthetic,
                                                 feature_groups=list(fits.groups))
    verdict = describe_reported_comparisons(find_fma_medium_counterparts(fits.table), what="the FMA paper's figures",
                                            comparability=comparability)
    ours = fits.table["test_accuracy"].astype(float).to_dict() if comparability.comparable else None
    return Section(numbers={"fma_medium_verdict": verdict}, tables={"fma_medium": tabulate_fma_medium(ours)})


@builds("n_statistics", "statistics", "best_statistic", "best_statistic_test_accuracy", "best_statistic_columns",
        "worst_statistic", "worst_statistic_test_accuracy", "best_statistic_vs_full",
        figures=("statistic_accuracies",), tables=("statistics",))
def describe_statistics(ds, fits: GroupFits) -> Section:
    """One statistic of every group at a time: the table, the bar chart, the best statistic against all features."""
    subsets = make_feature_subsets(ds.features.columns, level="statistics")
    table, predictions = compare_feature_subsets(fits.parts, subsets, search=fits.search, seed=fits.seed,
                                                 jobs=fits.jobs, limits=fits.limits)
    correct = mark_correct(predictions, fits.parts["test"][1])
    names = {s: name_statistic(s) for s in subsets}
    scores = {names[s]: float(table.loc[s, "test_accuracy"]) for s in subsets}
    best = first_best({s: float(table.loc[s, "test_accuracy"]) for s in subsets})
    full = fits.table.loc[ALL_FEATURES]
    fig, _ = plot_subset_accuracies(table.rename(index=names), reference=float(full["test_accuracy"]),
                                    reference_label=f"all {int(full['n_columns']):,} features together")
    numbers = {
        "n_statistics": len(subsets), "statistics": join_words(list(names.values())),
        "best_statistic": name_best(scores), "best_statistic_test_accuracy": scores[names[best]],
        "best_statistic_columns": int(table.loc[best, "n_columns"]),
        "worst_statistic": name_best({k: -v for k, v in scores.items()}),
        "worst_statistic_test_accuracy": min(scores.values()),
        "best_statistic_vs_full": compare_paired(f"the {names[best]} model", correct[best], "the full model",
                                                 fits.correct[ALL_FEATURES]),
    }
    shown = summarize_subsets(pd.concat([table, fits.table.loc[[ALL_FEATURES]]]),
                              names={**names, ALL_FEATURES: "all features"}, header="statistic",
                              caption="Logistic regression on one statistic of every group at a time, best first, "
                                      "and on all features together")
    return Section(numbers=numbers, tables={"statistics": shown}, figures={"statistic_accuracies": fig})


@builds("forward_order", "forward_first_group", "forward_first_test_accuracy", "forward_all_test_accuracy",
        "forward_last_group", "forward_last_gain_points", "forward_last_change", "forward_last_paired",
        "forward_best_step", "forward_best_groups", "forward_best_test_accuracy", "forward_peak",
        figures=("forward_selection",), tables=("steps",))
def describe_forward_selection(fits: GroupFits) -> Section:
    """Groups added one at a time in the order the validation split prefers: steps, curve, peak, last change."""
    if len(fits.groups) < 2:
        raise ValueError(f"forward selection needs at least two feature groups; this dataset has {len(fits.groups)}")
    steps, predictions = select_groups_forward(fits.parts, fits.groups, search=fits.search, seed=fits.seed,
                                               jobs=fits.jobs, limits=fits.limits)
    correct = mark_correct(predictions, fits.parts["test"][1])
    names = [name_group(g) for g in steps["added"]]
    last, peak = len(steps), int(np.argmax(steps["validation_accuracy"].to_numpy())) + 1
    fig, _ = plot_forward_selection(steps.assign(added=names))
    paired = compare_paired(name_step_model(names, peak), correct[peak], "the full model", correct[last])
    numbers = {
        "forward_order": ", ".join(names), "forward_first_group": names[0],
        "forward_first_test_accuracy": float(steps.loc[1, "test_accuracy"]),
        "forward_all_test_accuracy": float(steps.loc[last, "test_accuracy"]), "forward_last_group": names[-1],
        "forward_last_gain_points": round(100 * float(steps.loc[last, "test_gain"]), 1),
        "forward_last_change": describe_change(float(steps.loc[last, "test_gain"])),
        "forward_last_paired": compare_paired(f"the model with {names[-1]}", correct[last], "the model without it",
                                              correct[last - 1]),
        "forward_best_step": peak, "forward_best_groups": join_words(names[:peak]),
        "forward_best_test_accuracy": float(steps.loc[peak, "test_accuracy"]),
        "forward_peak": describe_validation_peak(peak, last, names[:peak], paired=paired),
    }
    return Section(numbers=numbers, tables={"steps": tabulate_steps(steps)}, figures={"forward_selection": fig})
