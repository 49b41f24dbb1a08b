"""Results builders of chapter 02 (limitations): one function per section, each returning a :class:`Section`.

Every model on this page is the same fixed one: a logistic regression with C = 1, not tuned
(:func:`genrebook.models.pipelines.make_logreg_pipeline`). The artist effect compares splits with one
model, so no split's validation set chooses anything.

Used in: 02_limitations.
"""

from __future__ import annotations

import math

import pandas as pd

from genrebook.book.formatting import format_interval, make_table, name_group
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import (
    compare_paired,
    describe_artist_effect,
    describe_exclusions,
    describe_feature_sources,
    describe_known_artists,
    describe_known_bad,
    describe_most_confused,
    describe_source_agreement,
    describe_top_level_mixing,
    describe_top_pairs,
    join_words,
    judge_artist_gap,
    name_best,
)
from genrebook.fma.genres import (
    compute_top_level_cooccurrence,
    count_genre_pairs,
    count_genres_per_track,
    count_multi_genre,
    rank_cooccurrences,
)
from genrebook.fma.sources import (
    correlate_feature_sources,
    count_exclusions,
    count_source_columns,
    describe_known_bad_clips,
    load_feature_sources,
)
from genrebook.fma.summary import describe_feature_groups
from genrebook.models.artist import compute_artist_effect, score_feature_groups, summarize_artist_effect
from genrebook.models.evaluation import (
    compute_accuracy_interval,
    find_confused_pairs,
    make_confusion,
    predict_test_split,
)
from genrebook.models.pipelines import make_logreg_pipeline
from genrebook.plots.data import plot_artist_effect, plot_genre_cooccurrence
from genrebook.plots.models import plot_confusion

#: The one model of this page, named as the page names it.
MODEL = "the logistic regression with C = 1, not tuned"
#: Coverage of the bootstrap interval of the official test accuracy.
INTERVAL_LEVEL = 0.95
#: How the rows of :func:`genrebook.fma.genres.count_multi_genre` read on the page.
LABEL_VIEWS = {"genres": "tagged genres", "genres_all": "tagged genres and their ancestors",
               "top-level genres": "top-level genres of those"}
#: Where the ``genres_all`` lists came from, in words (for the prose).
GENRES_ALL_SOURCES = {
    "tracks.csv": "as given in tracks.csv",
    "derived from genres and the genre tree": "derived here from the tagged genres and FMA's genre tree",
}
#: Where each row of :func:`genrebook.fma.genres.count_multi_genre` came from, in short (for the table).
ROW_SOURCES = {"tracks.csv": "tracks.csv", "derived from genres and the genre tree": "derived from the genre tree",
               "genres_all mapped to top_level": "the row above, mapped"}
#: The feature sources of a dataset, in words.
FEATURE_SOURCES = {"own": "the dataset's own features.csv", "extracted": "features extracted by genrebook"}


def _share(value) -> float:
    """A share as a plain float, 0.0 where it is missing (no track to count)."""
    return 0.0 if value is None or math.isnan(float(value)) else float(value)


def _sentence(clause: str) -> str:
    """A verdict clause as a sentence: capital first letter, full stop."""
    return clause[:1].upper() + clause[1:] + ("" if clause.endswith(".") else ".")


@builds("n_tracks", "multi_genre_share", "multi_genre_share_all", "multi_root_share", "genres_all_source",
        "top_level_mixing", figures=("genres_per_track",), tables=("labels",))
def count_labels(ds) -> Section:
    """How many tracks carry several genres: tagged, with ancestors, and at the top level; by genre."""
    multi = count_multi_genre(ds.tracks, ds.genres)
    shown = multi.assign(source=multi["source"].map(ROW_SOURCES)).rename(index=LABEL_VIEWS)
    table = make_table(shown, {"source": ("where from", "text"), "tracks with labels": ("tracks with a genre", "count"),
                               "tracks with several": ("tracks with several", "count"),
                               "share with several": ("share with several", "percent")},
                       index=("genres counted", "text"), caption="Tracks that carry more than one genre")
    ranked = rank_cooccurrences(compute_top_level_cooccurrence(ds.tracks, ds.genres), n=10)
    root_share = _share(multi.loc["top-level genres", "share with several"])
    fig, _ = plot_genre_cooccurrence(count_genres_per_track(ds.tracks))
    return Section(numbers={"n_tracks": len(ds.tracks),
                            "multi_genre_share": _share(multi.loc["genres", "share with several"]),
                            "multi_genre_share_all": _share(multi.loc["genres_all", "share with several"]),
                            "multi_root_share": root_share,
                            "genres_all_source": GENRES_ALL_SOURCES[multi.loc["genres_all", "source"]],
                            "top_level_mixing": describe_top_level_mixing(root_share,
                                                                          list(ranked.itertuples(index=False)))},
                   tables={"labels": table}, figures={"genres_per_track": fig})


@builds("top_pairs", tables=("pairs",))
def rank_genre_pairs(ds, *, n: int = 10) -> Section:
    """The pairs of genres (any level of the tree) that tracks carry together most often."""
    pairs = count_genre_pairs(ds.tracks, ds.genres, n=n)
    table = make_table(pairs, {"genre a": ("genre", "text"), "genre b": ("carried with", "text"),
                               "top level": ("top-level genre", "text"), "tracks": ("tracks", "count")},
                       caption="The genre pairs tracks carry together most often, at any level of the genre tree")
    rows = list(pairs[["genre a", "genre b", "tracks"]].itertuples(index=False, name=None))
    return Section(numbers={"top_pairs": describe_top_pairs(rows)}, tables={"pairs": table})


@builds("n_random_splits", "n_test", "official_accuracy", "official_low", "official_high", "official_interval",
        "interval_level", "random_split_accuracy", "random_split_sd", "artist_gap", "artist_effect", "artist_verdict",
        "official_known_artists", "random_artist_overlap_share", figures=("artist_splits",), tables=("splits",))
def measure_artist_effect(ds, *, seed: int, n_random_splits: int) -> Section:
    """One fixed model on the official split and on random splits that ignore artists."""
    effect = compute_artist_effect(ds.features, ds.tracks, seed=seed, n_random_splits=n_random_splits)
    facts = summarize_artist_effect(effect)
    predictions = predict_test_split(make_logreg_pipeline(seed=seed), ds.features, ds.tracks)
    accuracy, low, high = compute_accuracy_interval(predictions["true"], predictions["predicted"], seed=seed,
                                                    level=INTERVAL_LEVEL)
    shown = effect.rename(index={"official": "official (artist-filtered)"})
    table = make_table(shown, {"test tracks": ("test tracks", "count"),
                               "artist in training": ("with their artist in training", "count"),
                               "share in training": ("share", "percent"), "accuracy": ("test accuracy", "percent")},
                       index=("split", "text"), caption=_sentence(f"{MODEL}, on the test tracks of each split")[:-1])
    fig, _ = plot_artist_effect(effect, interval=(low, high))
    n_test = int(effect.loc["official", "test tracks"])
    numbers = {"n_random_splits": n_random_splits, "n_test": n_test, "official_accuracy": accuracy,
               "official_low": low, "official_high": high, "official_interval": format_interval(low, high),
               "interval_level": INTERVAL_LEVEL, "random_split_accuracy": facts["random_mean"],
               "random_split_sd": facts["random_sd"], "artist_gap": facts["gap"],
               "artist_effect": describe_artist_effect(accuracy, facts["random_mean"]),
               "artist_verdict": judge_artist_gap(low, high, facts["random_mean"]),
               "official_known_artists": describe_known_artists(facts["official_overlap"], n_test),
               "random_artist_overlap_share": _share(facts["random_overlap_share"])}
    return Section(numbers=numbers, tables={"splits": table}, figures={"artist_splits": fig})


@builds("top_confused_rate", "confused_verdict", figures=("confusion",), tables=("confused",))
def find_confusions(ds, *, seed: int, n: int = 5) -> Section:
    """Where the fixed model errs on the official test split: its confusion matrix and the pairs it mixes up."""
    predictions = predict_test_split(make_logreg_pipeline(seed=seed), ds.features, ds.tracks)
    confusion = make_confusion(predictions["true"], predictions["predicted"], ds.genre_names)
    pairs = find_confused_pairs(confusion, n=n).query("rate > 0")
    table = make_table(pairs, {"genre_a": ("genre A", "text"), "genre_b": ("genre B", "text"),
                               "a_as_b": ("A predicted as B", "percent"), "b_as_a": ("B predicted as A", "percent"),
                               "rate": ("mean of both", "percent")},
                       caption=f"The genre pairs {MODEL} mixes up most (shares of each genre's test tracks)")
    fig, _ = plot_confusion(confusion, title="")
    verdict = describe_most_confused(list(pairs[["genre_a", "genre_b", "rate"]].itertuples(index=False, name=None)))
    return Section(numbers={"top_confused_rate": float(pairs["rate"].iloc[0]) if len(pairs) else 0.0,
                            "confused_verdict": _sentence(verdict)},
                   tables={"confused": table}, figures={"confusion": fig})


@builds("n_known_bad", "n_known_bad_in_dataset", "n_known_bad_used", "n_excluded", "known_bad_verdict",
        "exclusions_verdict", tables=("known_bad",))
def check_left_out(ds) -> Section:
    """fma_small's known-bad clips in this dataset, and every track the loader left out, by reason."""
    known = describe_known_bad_clips(ds.tracks.index, ds.excluded)
    table = make_table(known, {"problem": ("problem", "text"), "in tracks.csv": ("listed in tracks.csv", "bool"),
                               "used": ("used", "bool")},
                       index=("track", "text"), caption="fma_small's known-bad clips and this dataset")
    listed, used = int(known["in tracks.csv"].sum()), int(known["used"].sum())
    reasons = count_exclusions(ds.excluded, detail=False)["tracks"]
    return Section(numbers={"n_known_bad": len(known), "n_known_bad_in_dataset": listed, "n_known_bad_used": used,
                            "n_excluded": len(ds.excluded),
                            "known_bad_verdict": describe_known_bad(len(known), listed, used),
                            "exclusions_verdict": describe_exclusions(list(reasons.items()))},
                   tables={"known_bad": table})


@builds("n_feature_groups", "feature_groups", "feature_statistics", "feature_source", "best_group",
        "best_group_accuracy", "group_verdict", tables=("groups",))
def rank_feature_groups(ds, *, seed: int) -> Section:
    """The feature groups, and the fixed model's test accuracy on each alone against all together."""
    groups = describe_feature_groups(ds.features)
    correct = score_feature_groups(ds.features, ds.tracks, seed=seed)
    accuracy = correct.mean()
    ranked = groups.assign(accuracy=accuracy[groups.index].to_numpy(dtype=float)).sort_values(
        "accuracy", ascending=False, kind="stable")
    together = pd.DataFrame({"statistics": "", "coefficients": None, "columns": int(groups["columns"].sum()),
                             "accuracy": float(accuracy["all groups"])}, index=["all groups together"])
    shown = pd.concat([ranked.rename(index=name_group), together])
    table = make_table(shown, {"statistics": ("statistics over time", "text"),
                               "coefficients": ("coefficients", "count"), "columns": ("columns", "count"),
                               "accuracy": ("test accuracy alone", "percent")},
                       index=("feature group", "text"), caption=f"Feature groups, and {MODEL}, fitted on each alone")
    best = ranked.index[0]
    statistics = sorted({s for value in groups["statistics"] for s in value.split(", ")})
    verdict = compare_paired(f"the {name_group(best)} model", correct[best], "the all-groups model",
                             correct["all groups"])
    return Section(numbers={"n_feature_groups": len(groups),
                            "feature_groups": join_words(list(map(name_group, groups.index))),
                            "feature_statistics": ", ".join(statistics),
                            "feature_source": FEATURE_SOURCES.get(ds.feature_source, "no features"),
                            "best_group": name_best({name_group(g): a for g, a in ranked["accuracy"].items()}),
                            "best_group_accuracy": float(ranked["accuracy"].iloc[0]),
                            "group_verdict": _sentence(verdict)},
                   tables={"groups": table})


@builds("feature_sources", "source_agreement", tables=("sources",))
def compare_sources(ds) -> Section:
    """Which feature sources the dataset has, and how their shared columns correlate track by track."""
    sources = load_feature_sources(ds.path)
    agreement = correlate_feature_sources(sources)
    counts = count_source_columns(sources).join(agreement[["median r", "min r", "max r"]])
    table = make_table(counts.rename(index=name_group),
                       {"own": ("columns in its own features.csv", "count"),
                        "extracted": ("columns extracted", "count"), "shared": ("shared columns", "count"),
                        "median r": ("median correlation", "number"), "min r": ("lowest", "number"),
                        "max r": ("highest", "number")},
                       index=("feature group", "text"), caption="The two feature sources, group by group")
    medians = {name_group(g): float(r) for g, r in agreement["median r"].items()}
    n_tracks = int(agreement["tracks"].iloc[0]) if len(agreement) else 0
    return Section(numbers={"feature_sources": describe_feature_sources("own" in sources, "extracted" in sources),
                            "source_agreement": describe_source_agreement(n_tracks, medians)},
                   tables={"sources": table})
