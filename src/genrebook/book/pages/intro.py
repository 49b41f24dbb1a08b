"""Results builders of the intro page: the build's data in words, and the executive summary read from
the other chapters' ``results.json``.

A chapter that did not run in this build is skipped: its sentence says so and its rows are absent.
A chapter explained rather than run (its dataset lacked what it needs, :mod:`genrebook.book.needs`)
is skipped the same way, and its sentence says what it would have needed.

Used in: 00_intro.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from genrebook.book.formatting import (
    ReaderTable,
    format_count,
    format_interval,
    format_number,
    format_percent,
    name_group,
)
from genrebook.book.needs import describe_needs
from genrebook.book.verdicts.importance import format_point_range
from genrebook.book.networks import NETWORK_NAMES
from genrebook.book.published import ORIGINAL_CNN_ACCURACY, REPORTED_ORIGINAL, tabulate_reported_fma_medium
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import (
    check_comparable,
    check_comparable_with_medium,
    describe_artist_effect,
    describe_side_by_side,
)
from genrebook.plots.base import plot_note
from genrebook.fma.summary import summarize_dataset
from genrebook.models.pipelines import CLASSICAL_MODELS


@builds("dataset_name", "dataset_kind", "n_tracks", "n_genres", "n_artists", "n_training", "n_validation", "n_test")
def describe_build(ds) -> Section:
    """The data of this build, named in words (never a path)."""
    facts = summarize_dataset(ds)
    kind = "synthetic demo data made by genrebook" if ds.synthetic else "real FMA data"
    numbers = {k: facts[k] for k in ("n_tracks", "n_genres", "n_artists", "n_training", "n_validation", "n_test")}
    return Section(numbers={"dataset_name": ds.name, "dataset_kind": kind, **numbers})


def describe_reported_setting(ds) -> str:
    """The legend's note on the reported figures: empty when the dataset is comparable, else how it differs."""
    groups = sorted(set(ds.features.columns.get_level_values(0))) if ds.features is not None else []
    comparability = check_comparable(ds.genre_names, synthetic=ds.synthetic, feature_groups=groups,
                                     needs_features=True)
    if comparability.comparable:
        return ""
    if ds.synthetic:
        return " (on real data, not this one)"
    return " (on other genres)" if "genres" in comparability.reason else " (on FMA's 518 features, not these)"


def is_like_medium(ds) -> bool:
    """Whether the dataset is comparable with fma_medium, where the FMA paper measured its classifiers."""
    groups = sorted(set(ds.features.columns.get_level_values(0))) if ds.features is not None else []
    return check_comparable_with_medium(ds.genre_names, synthetic=ds.synthetic, feature_groups=groups).comparable


#: What the crosses of the accuracy figure are, by whether the dataset is like fma_medium.
REPORTED_CROSSES = {False: "the accuracies the original analysis reported on fma_small",
                    True: "the accuracies the FMA paper reported on fma_medium with all 518 statistics"}


def _get(results: dict, chapter: str, *names: str):
    """The values of some keys of one chapter, or None when any is missing."""
    values = [results.get(f"{chapter}.{n}") for n in names]
    return None if any(v is None for v in values) else values


#: What each chapter's sentence calls it when it was not computed.
SUBJECTS = {"02_limitations": "The artist effect", "03_classical_models": "The classical models",
            "05_cnn": "The convolutional networks", "06_what_models_hear": "What the models listen to",
            "07_clustering": "The clustering", "08_ensemble": "The ensemble"}


def describe_not_computed(chapter: str, runs: dict | None) -> str | None:
    """The sentence of a chapter explained rather than run (its dataset lacked what it needs); else None.

    Examples
    --------
    >>> describe_not_computed("07_clustering", {"07_clustering": {"explained": "..."}})
    'The clustering was not computed: this dataset lacks what it needs (a table of feature statistics and tracks of at least two genres).'
    >>> describe_not_computed("07_clustering", {"07_clustering": {"explained": ""}}) is None
    True
    """
    if not (runs or {}).get(chapter, {}).get("explained"):
        return None
    subject = SUBJECTS.get(chapter, "This chapter")
    plural = subject.endswith("s")
    return (f"{subject} {'were' if plural else 'was'} not computed: this dataset lacks what "
            f"{'they need' if plural else 'it needs'} ({describe_needs(chapter)}).")


@builds("answer_models", "answer_artists", "answer_networks", "answer_listening", "answer_ensemble", "answer_clusters",
        "reported_crosses",
        figures=("accuracies",), tables=("headlines",))
def summarize_findings(results: dict, ds, runs: dict | None = None) -> Section:
    """The executive summary: four sentences, one figure of every model's accuracy, a table of headlines.

    ``runs`` (``runs.json``) tells which chapters were explained rather than run; their sentences say so.
    """
    numbers = {"answer_models": _answer_models(results), "answer_artists": _answer_artists(results),
               "answer_networks": _answer_networks(results), "answer_listening": _answer_listening(results),
               "answer_ensemble": _answer_ensemble(results), "answer_clusters": _answer_clusters(results)}
    for key, chapter in (("answer_models", "03_classical_models"), ("answer_artists", "02_limitations"),
                         ("answer_networks", "05_cnn"), ("answer_listening", "06_what_models_hear"),
                         ("answer_ensemble", "08_ensemble"), ("answer_clusters", "07_clustering")):
        numbers[key] = describe_not_computed(chapter, runs) or numbers[key]
    medium = is_like_medium(ds)
    numbers["reported_crosses"] = REPORTED_CROSSES[medium]
    accuracies = collect_accuracies(results, medium=medium)
    fig, _ = plot_accuracies(accuracies, chance=results.get("03_classical_models.chance_accuracy"),
                             reported_note="" if medium else describe_reported_setting(ds),
                             reported_by="FMA paper (fma_medium)" if medium else "original analysis")
    return Section(numbers=numbers, figures={"accuracies": fig}, tables={"headlines": make_headlines(results)})


def _answer_models(results: dict) -> str:
    found = _get(results, "03_classical_models", "best_model", "best_test_accuracy", "best_test_low", "best_test_high",
                 "chance_accuracy", "n_test")
    if found is None:
        return "The classical models' chapter did not run in this build, so no model is reported here."
    name, acc, low, high, chance, n_test = found
    return (f"The classical model chosen on the validation split, the {name}, predicts the genre of "
            f"{format_percent(acc)} of the {format_count(n_test)} test tracks (95% interval "
            f"{format_interval(low, high)}), against {format_percent(chance)} by chance.")


def _answer_artists(results: dict) -> str:
    found = _get(results, "02_limitations", "official_accuracy", "random_split_accuracy")
    if found is None:
        return "The limitations chapter did not run in this build, so the artist effect is not measured here."
    return f"Artists matter: {describe_artist_effect(*found)}."


def _answer_networks(results: dict) -> str:
    best = results.get("05_cnn.best_network")
    net = _get(results, "05_cnn", f"{best}_accuracy", f"{best}_low", f"{best}_high") if best else None
    if net is None:
        return "The networks' chapter did not run in this build."
    classical = _get(results, "03_classical_models", "best_model", "best_test_accuracy", "best_test_low",
                     "best_test_high")
    name = f"the best network on validation, the {NETWORK_NAMES.get(best, best)},"
    if classical is None:
        return f"Among the networks, {name} reaches {format_percent(net[0])} ({format_interval(net[1], net[2])})."
    text = describe_side_by_side(name, tuple(net), f"chapter 03's {classical[0]}", tuple(classical[1:]))
    return text[0].upper() + text[1:] + "."


def _answer_listening(results: dict) -> str:
    found = _get(results, "06_what_models_hear", "model_name", "top_group", "top_group_drop", "top_group_low",
                 "top_group_high", "network_name", "lowest_genre", "highest_genre")
    if found is None:
        return "The chapter on what the models listen to did not run in this build."
    model, group, drop, low, high, network, lowest, highest = found
    return (f"Asked what they rely on, the {model} loses the most accuracy when its {group} features are shuffled, "
            f"{format_point_range(drop, low, high)} with its 95% interval, and the {network} listens lowest for "
            f"{lowest} and highest for {highest}.")


def _answer_ensemble(results: dict) -> str:
    found = _get(results, "08_ensemble", "ensemble_name", "ensemble_accuracy", "ensemble_low", "ensemble_high",
                 "best_member", "gain_text")
    if found is None:
        return "The ensemble's chapter did not run in this build."
    name, acc, low, high, best, gain = found
    return (f"Combining models, the ensemble chosen on the validation split, {name}, predicts "
            f"{format_percent(acc)} of the test tracks ({format_interval(low, high)}), {gain} its best member on "
            f"validation, {best}.")


def _answer_clusters(results: dict) -> str:
    found = _get(results, "07_clustering", "best_label", "best_ari_genre_k", "random_ari_genre_k", "genre_k")
    if found is None:
        return "The clustering chapter did not run in this build."
    label, ari, floor, k = found
    note = results.get("07_clustering.best_label_note")
    return (f"Clustering the tracks, the clusters that agree best with the genres come from {label} (adjusted "
            f"Rand index {format_number(ari)} at k = {k}, against {format_number(floor)} for random clusters; 1 "
            f"would be the genres exactly)" + (f"; {note}." if note else "."))


def collect_accuracies(results: dict, *, medium: bool = False) -> pd.DataFrame:
    """Every model's test accuracy and interval in this build, with the figure reported for it: the original
    analysis' (fma_small), or with ``medium`` the FMA paper's on fma_medium (classical models only)."""
    paper = tabulate_reported_fma_medium()["test"]
    reported = ({k: paper.get(k) for k in CLASSICAL_MODELS} if medium
                else {k: REPORTED_ORIGINAL.get(k, (None,))[0] for k in CLASSICAL_MODELS})
    rows = []
    for key, name in CLASSICAL_MODELS.items():
        found = _get(results, "03_classical_models", f"{key}_test_accuracy", f"{key}_test_low", f"{key}_test_high")
        if found:
            rows.append({"model": name, "kind": "classical", "accuracy": found[0], "low": found[1], "high": found[2],
                         "reported": reported[key]})
    for key, name in NETWORK_NAMES.items():
        found = _get(results, "05_cnn", f"{key}_accuracy", f"{key}_low", f"{key}_high")
        if found:
            rows.append({"model": name, "kind": "network", "accuracy": found[0], "low": found[1], "high": found[2],
                         "reported": ORIGINAL_CNN_ACCURACY if key == "baseline" and not medium else None})
    return pd.DataFrame(rows, columns=["model", "kind", "accuracy", "low", "high", "reported"])


def plot_accuracies(table: pd.DataFrame, *, chance: float | None, reported_note: str = "",
                    reported_by: str = "original analysis", ax=None):
    """Every model's test accuracy with its 95% interval, chance, and the reported figures as crosses.

    With no model in this build, a figure that says so.
    """
    if table.empty:
        return plot_note("No model was computed in this build: the dataset lacks what the model chapters need.",
                         ax=ax)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(8, 0.45 * max(len(table), 2) + 1.2))
    y = range(len(table))[::-1]
    colors = ["C0" if k == "classical" else "C2" for k in table["kind"]]
    ax.hlines(list(y), 100 * table["low"], 100 * table["high"], color=colors, lw=3, alpha=0.6)
    ax.scatter(100 * table["accuracy"], list(y), color=colors, zorder=3, label="ours: test accuracy, 95% interval")
    shown = table["reported"].notna()
    ax.scatter(100 * table.loc[shown, "reported"], [yy for yy, s in zip(y, shown) if s], marker="x", color="black",
               zorder=4, label=f"{reported_by}, as reported{reported_note}")
    if chance is not None:
        ax.axvline(100 * chance, color="grey", ls="--", lw=1, label="chance")
    ax.set_yticks(list(y), table["model"])
    ax.set_xlabel("test accuracy (%)")
    ax.set_xlim(0, 100)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(table) > 4 else -0.4), ncol=2, frameon=False)
    fig.tight_layout()
    return fig, ax


def make_headlines(results: dict) -> ReaderTable:
    """At most ten rows, each a finding of one chapter, linked to it."""
    rows = []

    def add(label: str, value: str, chapter: str, title: str):
        rows.append((label, value, title, f"{chapter}.html"))

    if (found := _get(results, "01_data", "n_tracks", "n_genres", "n_artists")):
        add("tracks, genres, artists", f"{format_count(found[0])}, {found[1]}, {format_count(found[2])}",
            "01_data", "The data")
    if (found := _get(results, "02_limitations", "official_accuracy", "random_split_accuracy")):
        add("one model, official split vs a split ignoring artists",
            f"{format_percent(found[0])} vs {format_percent(found[1])}", "02_limitations", "Limitations")
    if (found := _get(results, "03_classical_models", "best_model", "best_test_accuracy", "best_test_low",
                      "best_test_high")):
        add(f"best classical model on validation ({found[0]}), test accuracy",
            f"{format_percent(found[1])} ({format_interval(found[2], found[3])})", "03_classical_models",
            "Classical models")
    if (found := _get(results, "03_classical_models", "chance_accuracy")):
        add("chance", format_percent(found[0]), "03_classical_models", "Classical models")
    if (found := _get(results, "04_featurewise_logreg", "best_group", "best_group_accuracy")):
        add(f"best single feature group ({name_group(found[0])})", format_percent(found[1]), "04_featurewise_logreg",
            "Feature-wise logistic regression")
    best = results.get("05_cnn.best_network")
    if best and (found := _get(results, "05_cnn", f"{best}_accuracy", f"{best}_low", f"{best}_high")):
        add(f"best network on validation ({NETWORK_NAMES.get(best, best)}), test accuracy",
            f"{format_percent(found[0])} ({format_interval(found[1], found[2])})", "05_cnn", "Convolutional networks")
    if (found := _get(results, "08_ensemble", "ensemble_accuracy", "ensemble_low", "ensemble_high")):
        add("ensemble chosen on validation, test accuracy", f"{format_percent(found[0])} "
            f"({format_interval(found[1], found[2])})", "08_ensemble", "Do the models do better together?")
    if (found := _get(results, "07_clustering", "best_label", "best_ari_genre_k")):
        add(f"clusters closest to the genres ({found[0]}), adjusted Rand index", format_number(found[1]),
            "07_clustering", "Clustering")
    frame = pd.DataFrame([r[:3] for r in rows], columns=["finding", "value", "chapter"])
    return ReaderTable(frame, caption="The headline of each chapter", align=("left", "right", "left"),
                       links=tuple(r[3] for r in rows))
