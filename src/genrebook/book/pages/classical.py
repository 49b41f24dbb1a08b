"""Results builders of chapter 03 (classical models): one function per section, each returning a :class:`Section`.

The chapter fits every model once (:func:`genrebook.book.classical.fit_models`); the builders
read that record. Keys named ``<model>_<...>`` exist only for the models a run fits (the
``models`` parameter), so the prose uses only the keys every run makes. With unbalanced genres
(:mod:`genrebook.book.balance`) the tables add balanced accuracy and macro-F1 beside accuracy.

Used in: 03_classical_models.
"""

from __future__ import annotations

import json

import pandas as pd

from genrebook.book.balance import score_balanced
from genrebook.book.classical import (
    BEST_MODEL_TARGET,
    ClassicalFits,
    compute_doubling_gain,
    describe_model_choice,
    find_half_size,
    fit_models,
    predict_confidence,
    rank_models,
)
from genrebook.book.classical_tables import (
    INTERVAL_LEVEL,
    check_medium,
    find_reported_crosses,
    tabulate_models,
)
from genrebook.book.formatting import (
    format_percent,
    format_seconds,
    make_table,
    name_group,
)
from genrebook.book.listening import make_listening_table
from genrebook.book.published import (
    REPORTED_ORIGINAL,
    REPORTED_ORIGINAL_MFCC_LOGREG,
    tabulate_reported_classical,
    tabulate_reported_fma_medium,
)
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import (
    ALPHA,
    check_comparable,
    compare_chosen_with_reported,
    compare_chosen_with_test_best,
    compare_with_target,
    count_reported_outcomes,
    describe_balanced_scores,
    describe_change,
    describe_majority,
    describe_most_confused,
    describe_reported_comparisons,
    describe_reported_outcomes,
    describe_share_of,
    describe_trend,
    describe_wrong_predictions,
    join_words,
    name_best,
)
from genrebook.book.verdicts.scale import describe_search_subsample
from genrebook.models.evaluation import (
    compute_genre_scores,
    find_confused_pairs,
    make_confusion,
)
from genrebook.models.pipelines import CLASSICAL_MODELS
from genrebook.models.sampling import count_rounds
from genrebook.models.tuning import Candidate, compute_learning_curve
from genrebook.plots.models import (
    plot_confusion,
    plot_learning_curve,
    plot_model_accuracies,
)

__all__ = [
    "check_target",
    "compare_baselines",
    "compare_with_fma_paper",
    "compare_with_published",
    "compute_learning",
    "describe_errors",
    "describe_inputs",
    "describe_sampling",
    "fit_models",
    "pick_wrong_clips",
    "summarize_cost",
    "summarize_tuning",
]

#: Coverage of the bootstrap intervals (:func:`genrebook.models.evaluation.compute_accuracy_interval`).
#: Train accuracy at which a model is said to memorise its training tracks.
MEMORISING = 0.99
#: Wrong predictions played at most.
N_WRONG_CLIPS = 4


def _name(key: str) -> str:
    return CLASSICAL_MODELS.get(key, key)


def _accuracy(fits: ClassicalFits, key: str) -> tuple[float, float, float]:
    row = fits.table.loc[key]
    return float(row["test_accuracy"]), float(row["test_low"]), float(row["test_high"])


@builds("n_features", "n_groups", "feature_groups", "n_train", "n_validation", "n_test")
def describe_inputs(ds) -> Section:
    """What every model sees: the feature columns and groups, and the tracks of each split."""
    groups = list(ds.features.columns.get_level_values(0).unique())
    split = ds.tracks["split"].value_counts()
    return Section(numbers={"n_features": ds.features.shape[1], "n_groups": len(groups),
                            "feature_groups": join_words([name_group(g) for g in groups]),
                            "n_train": int(split.get("training", 0)), "n_validation": int(split.get("validation", 0)),
                            "n_test": int(split.get("test", 0))})


@builds("chance_accuracy", "stratified_accuracy", "majority_accuracy", "majority_genre",
        "majority_balanced_accuracy", "majority_note", tables=("baselines",))
def compare_baselines(fits: ClassicalFits) -> Section:
    """The three accuracies guessing reaches, computed from the training and test genres; with unbalanced
    genres also their balanced accuracy, and what always answering the largest genre is worth."""
    b, balance = fits.baselines, fits.balance
    frame = pd.DataFrame({
        "guess": ["uniform among the training genres", "with the training genres' shares",
                  f"always the most frequent training genre ({b['majority_genre']})"],
        "accuracy": [b["chance"], b["stratified"], b["majority"]],
        "balanced": [b["chance_balanced"], b["stratified_balanced"], b["majority_balanced"]]},
        index=["chance", "stratified guess", "majority genre"])
    columns = {"guess": ("how it guesses", "text"), "accuracy": ("expected test accuracy", "percent")}
    if balance.unbalanced:
        columns["balanced"] = ("expected balanced accuracy", "percent")
    table = make_table(frame, columns, index=("baseline", "text"), caption="Three baselines, computed from the labels")
    return Section(numbers={"chance_accuracy": b["chance"], "stratified_accuracy": b["stratified"],
                            "majority_accuracy": b["majority"], "majority_genre": b["majority_genre"],
                            "majority_balanced_accuracy": b["majority_balanced"],
                            "majority_note": describe_majority(balance, b)},
                   tables={"baselines": table})


@builds("n_search_tracks", "sampling_note")
def describe_sampling(fits: ClassicalFits) -> Section:
    """How many training tracks the searches, the final fits and the training accuracies saw, and why
    (:mod:`genrebook.models.sampling`: all of them below its threshold)."""
    plan = fits.sampling
    used = max(count_rounds(int(n), len(plan.rounds)) for n in fits.table["n_candidates"])
    note = describe_search_subsample(plan.n_train, list(plan.rounds[:used]), plan.limits.final, seed=fits.seed,
                                     searched="each model's validation search",
                                     capped=[_name(k) for k in plan.capped_models], curve=True,
                                     limit=plan.limits.search)
    return Section(numbers={"n_search_tracks": plan.search_rows, "sampling_note": note})


#: Numbers only the fitted models produce (the ``models`` parameter may leave some out).
PER_MODEL = tuple(f"{m}_{s}" for m in CLASSICAL_MODELS
                  for s in ("test_accuracy", "test_low", "test_high", "balanced_accuracy", "macro_f1"))


@builds("n_models", "search", "n_candidates", "interval_level", "best_model", "best_model_key",
        "best_test_accuracy", "best_test_low", "best_test_high", "best_train_accuracy",
        "best_validation_accuracy", "best_balanced_accuracy", "best_macro_f1", "balance_note", "reported_crosses",
        "chosen_against_test", "chosen_params", "top_model", "choice_text", "validation_gap",
        "memorising_threshold", "memorising_models", "above_baselines", "paired_alpha", optional=PER_MODEL,
        figures=("accuracies",), tables=("models", "parameters"))
def summarize_tuning(fits: ClassicalFits, ds=None) -> Section:
    """Every model's test accuracy, the model chosen on validation, and how it fares against the rest.

    With the dataset, the plot marks the FMA paper's figures where it is comparable with fma_medium.
    """
    table, best = fits.table, fits.best
    ranked = rank_models(table)
    balanced = score_balanced({k: fits.predictions[k] for k in fits.names}, fits.y_test)
    reported, label, crosses = find_reported_crosses(ds)
    fig, _ = plot_model_accuracies(table.loc[ranked].rename(index=_name), reported=reported,
                                   baselines={"chance": fits.baselines["chance"]}, reported_label=label)
    floor = max(fits.baselines[k] for k in ("chance", "stratified", "majority"))
    memorising = [_name(k) for k in ranked if table.loc[k, "train_accuracy"] >= MEMORISING]
    numbers = {"n_models": len(fits.names), "search": fits.search, "n_candidates": int(table["n_candidates"].sum()),
               "interval_level": INTERVAL_LEVEL, "best_model": _name(best), "best_model_key": best,
               "best_train_accuracy": float(table.loc[best, "train_accuracy"]),
               # every model's chosen parameters, for chapter 06 (which refits the chosen model): JSON text
               "chosen_params": json.dumps({k: dict(table.loc[k, "params"]) for k in fits.names}, sort_keys=True),
               "best_validation_accuracy": float(table.loc[best, "validation_accuracy"]),
               "chosen_against_test": compare_chosen_with_test_best(
                   _name(best), fits.correct(best), {_name(k): fits.correct(k) for k in ranked}),
               "memorising_threshold": MEMORISING, "paired_alpha": ALPHA, "memorising_models": join_words(memorising),
               "above_baselines": describe_share_of(int((table["test_low"] > floor).sum()), len(table)),
               "best_balanced_accuracy": float(balanced.loc[best, "balanced_accuracy"]),
               "best_macro_f1": float(balanced.loc[best, "macro_f1"]), "reported_crosses": crosses,
               "balance_note": describe_balanced_scores(f"the {_name(best)}", _accuracy(fits, best)[0],
                                                        *balanced.loc[best], fits.balance),
               "top_model": _name(fits.top), **describe_model_choice(fits)}
    numbers.update(zip(("best_test_accuracy", "best_test_low", "best_test_high"), _accuracy(fits, best)))
    for key in fits.names:
        numbers.update(zip((f"{key}_test_accuracy", f"{key}_test_low", f"{key}_test_high"), _accuracy(fits, key)))
        numbers.update({f"{key}_{c}": float(balanced.loc[key, c]) for c in balanced.columns})
    return Section(numbers=numbers, tables=tabulate_models(fits, ranked, balanced), figures={"accuracies": fig})


def _comparability(ds, *, needs_features: bool):
    groups = list(ds.features.columns.get_level_values(0).unique()) if needs_features else None
    return check_comparable(ds.genre_names, synthetic=ds.synthetic, feature_groups=groups,
                            needs_features=needs_features)


@builds("n_reported", "reported_outcomes", "chosen_against_reported", "reported_logreg", "reported_logreg_train",
        "reported_mfcc_logreg", tables=("reported",))
def compare_with_published(fits: ClassicalFits, ds) -> Section:
    """Our models beside the figures the original analysis (and FMA's authors) reported, compared only if comparable."""
    comparability = _comparability(ds, needs_features=True)
    reported = tabulate_reported_classical()
    keys = [k for k in fits.names if k in reported.index] + [k for k in fits.names if k not in reported.index]
    frame = fits.table.loc[keys].join(reported.add_prefix("reported_"))
    frame["reported_by"] = (frame["reported_source"] + ", " + frame["reported_setting"]).where(
        frame["reported_source"].notna())
    table = make_table(frame.rename(index=_name), {
        "test_accuracy": ("our test accuracy", "percent"), "reported_test": ("reported test accuracy", "percent"),
        "train_accuracy": ("our train accuracy", "percent"), "reported_train": ("reported train accuracy", "percent"),
        "reported_by": ("reported by, on", "text")}, index=("model", "text"),
        caption="Our accuracies beside those reported on fma_small (copied as published, not recomputed)")
    original = [k for k in fits.names if k in REPORTED_ORIGINAL]
    counts = count_reported_outcomes([(*_accuracy(fits, k), REPORTED_ORIGINAL[k][0]) for k in original])
    logreg_test, logreg_train = REPORTED_ORIGINAL["logreg"]
    return Section(numbers={
        "n_reported": len(original),
        "reported_outcomes": describe_reported_outcomes(counts, comparability=comparability,
                                                        source="the original analysis"),
        "chosen_against_reported": compare_chosen_with_reported(*_accuracy(fits, fits.best), logreg_test,
                                                                comparability=comparability),
        "reported_logreg": logreg_test, "reported_logreg_train": logreg_train,
        "reported_mfcc_logreg": REPORTED_ORIGINAL_MFCC_LOGREG}, tables={"reported": table})


@builds("fma_paper_verdict", tables=("fma_paper",))
def compare_with_fma_paper(fits: ClassicalFits, ds) -> Section:
    """The FMA paper's classifiers on all 518 statistics of fma_medium, as reported; ours beside them and
    compared only where the dataset is comparable with fma_medium (its 16 genres, FMA's 518 statistics)."""
    comparability = check_medium(ds)
    paper = tabulate_reported_fma_medium()
    ours = [k for k in paper.index if k in fits.names]
    frame = paper.assign(ours=[fits.table.loc[k, "test_accuracy"] if k in ours and comparability.comparable
                               else None for k in paper.index],
                         reported=[f"{round(100 * v)}%" for v in paper["test"]])
    table = make_table(frame.rename(index=lambda k: _name(k) if k in CLASSICAL_MODELS else "multilayer perceptron"),
                       {"model": ("the paper's classifier", "text"), "reported": ("reported test accuracy", "text"),
                        "ours": ("our test accuracy", "percent")}, index=("model", "text"),
                       caption="The FMA paper's accuracies on fma_medium with all 518 statistics (as reported, "
                               "not recomputed), and ours where comparable")
    rows = [(f"the {_name(k)}", *_accuracy(fits, k), float(paper.loc[k, "test"])) for k in ours]
    verdict = describe_reported_comparisons(rows, what="the FMA paper's figures", comparability=comparability)
    return Section(numbers={"fma_paper_verdict": verdict[:1].upper() + verdict[1:]}, tables={"fma_paper": table})


@builds("target_accuracy", "target_verdict")
def check_target(fits: ClassicalFits, ds) -> Section:
    """Whether the chosen model meets the project's target (checked on real fma_small data only)."""
    verdict = compare_with_target(*_accuracy(fits, fits.best), BEST_MODEL_TARGET,
                                  comparability=_comparability(ds, needs_features=False))
    return Section(numbers={"target_accuracy": BEST_MODEL_TARGET, "target_verdict": verdict})


@builds("easiest_genre", "easiest_genre_f1", "hardest_genre", "hardest_genre_f1", "most_confused",
        figures=("confusion",), tables=("genre_scores",))
def describe_errors(fits: ClassicalFits, ds) -> Section:
    """Where the chosen model errs: its confusion matrix, each genre's scores, the pair it mixes up most."""
    predicted = fits.predictions[fits.best]
    confusion = make_confusion(fits.y_test, predicted, ds.genre_names)
    scores = compute_genre_scores(fits.y_test, predicted, ds.genre_names)
    table = make_table(scores, {"precision": ("precision", "percent"), "recall": ("recall", "percent"),
                                "f1": ("F1", "number"), "support": ("test tracks", "count")},
                       index=("genre", "text"), caption=f"Scores of the {_name(fits.best)} per genre, best F1 first")
    fig, _ = plot_confusion(confusion)
    pairs = find_confused_pairs(confusion, n=len(confusion) ** 2)
    f1 = scores["f1"].astype(float)
    return Section(numbers={
        "easiest_genre": name_best(f1.to_dict()), "easiest_genre_f1": float(f1.max()),
        "hardest_genre": name_best((-f1).to_dict()), "hardest_genre_f1": float(f1.min()),
        "most_confused": describe_most_confused(list(pairs[["genre_a", "genre_b", "rate"]].itertuples(index=False)))},
        tables={"genre_scores": table}, figures={"confusion": fig})


@builds("n_wrong_clips", "wrong_clips_note", "confidence_note", tables=("wrong_clips",))
def pick_wrong_clips(fits: ClassicalFits, ds, *, n: int = N_WRONG_CLIPS) -> Section:
    """The chosen model's most confidently wrong test predictions that have audio, to play."""
    predicted = fits.predictions[fits.best]
    wrong = predicted.index[(predicted != fits.y_test).to_numpy()]
    audible = [t for t in wrong if pd.notna(ds.tracks.loc[t, "audio"])]
    extra = pd.DataFrame(columns=["predicted genre", "confidence"], dtype=object)
    if audible:
        confidence = predict_confidence(fits, fits.best).loc[audible].sort_values(ascending=False, kind="stable")
        picked = list(confidence.index[:n])
        extra = pd.DataFrame({"predicted genre": predicted.loc[picked],
                              "confidence": [format_percent(c) for c in confidence.loc[picked]]}, index=picked)
    how = (", a sigmoid of its scores fitted by cross-validation on the training split (its scores are not "
           "probabilities)" if fits.best == "svm" else "")
    clips = make_listening_table(ds, list(extra.index), extra=extra,
                                 caption=f"Test tracks the {_name(fits.best)} gets wrong, most confident first")
    return Section(numbers={"n_wrong_clips": len(clips),
                            "wrong_clips_note": describe_wrong_predictions(len(clips), len(wrong), len(predicted)),
                            "confidence_note": ("The confidence is the probability the model gives the genre it "
                                                f"predicts{how}.")},
                   tables={"wrong_clips": clips})


@builds("curve_smallest_n", "curve_smallest_accuracy", "curve_largest_n", "curve_largest_accuracy", "curve_half_n",
        "curve_doubling_change", "curve_trend", figures=("learning_curve",))
def compute_learning(fits: ClassicalFits) -> Section:
    """The chosen model, with its chosen parameters, fitted on growing shares of the training split."""
    best = fits.table.loc[fits.best]
    candidate = Candidate(fits.best, str(best["name"]), dict(best["params"]))
    curve = compute_learning_curve(candidate, fits.parts, seed=fits.seed, jobs=fits.jobs,
                                   limits=fits.sampling.limits)
    fig, _ = plot_learning_curve(curve)
    accuracy, n = curve["test_accuracy"].astype(float), curve["n_train"].astype(int)
    return Section(numbers={
        "curve_smallest_n": int(n.iloc[0]), "curve_smallest_accuracy": float(accuracy.iloc[0]),
        "curve_largest_n": int(n.iloc[-1]), "curve_largest_accuracy": float(accuracy.iloc[-1]),
        "curve_half_n": find_half_size(curve), "curve_doubling_change": describe_change(compute_doubling_gain(curve)),
        "curve_trend": describe_trend(list(accuracy.round(4)), [f"{v:,} tracks" for v in n])},
        figures={"learning_curve": fig})


@builds("slowest_model", "slowest_fit_time", "fastest_model", "fastest_fit_time", "search_time", "wall_time",
        tables=("fit_times",))
def summarize_cost(fits: ClassicalFits) -> Section:
    """How long each model took to fit: its final fit and its whole search, on one thread each."""
    table = fits.table.sort_values("fit_seconds", ascending=False, kind="stable")
    reader = make_table(table.rename(index=_name), {
        "fit_seconds": ("final fit", "seconds"), "search_seconds": ("search, all candidates", "seconds")},
        index=("model", "text"), caption="Fit times on one thread, slowest first")
    seconds = table["fit_seconds"].astype(float).rename(index=_name)
    return Section(numbers={
        "slowest_model": name_best(seconds.to_dict(), digits=1), "slowest_fit_time": format_seconds(seconds.max()),
        "fastest_model": name_best((-seconds).to_dict(), digits=1), "fastest_fit_time": format_seconds(seconds.min()),
        "search_time": format_seconds(float(table["search_seconds"].sum())),
        "wall_time": format_seconds(fits.wall_seconds)}, tables={"fit_times": reader})
