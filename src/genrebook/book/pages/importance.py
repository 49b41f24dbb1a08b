"""Results builders of chapter 06 (what the models listen to): one function per section.

:func:`genrebook.book.importance.fit_importance` and :func:`~genrebook.book.importance.run_occlusion`
compute once; each builder here reads them and returns a :class:`~genrebook.book.section.Section`.

Used in: 06_what_models_hear.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from genrebook.book.classical import describe_params
from genrebook.book.formatting import (
    make_table,
    name_feature,
    name_group,
    name_statistic,
)
from genrebook.book.importance import (
    CONTRAST_EDGES,
    ClassicalImportance,
    NetworkHearing,
)
from genrebook.book.listening import make_listening_table
from genrebook.book.networks import NETWORK_NAMES
from genrebook.book.section import Section, builds
from genrebook.book.verdicts.importance import (
    compare_band_stories,
    compare_time_and_frequency,
    compare_with_alone,
    describe_sample,
    describe_top_unit,
    format_point_range,
    list_redundant,
)
from genrebook.book.verdicts.words import join_words
from genrebook.models.importance import bootstrap_mean_interval, pick_top_coefficients
from genrebook.models.pipelines import CLASSICAL_MODELS
from genrebook.plots.base import plot_note
from genrebook.plots.importance import (
    format_hz,
    plot_band_profiles,
    plot_heatmap,
    plot_occlusion_examples,
    plot_unit_importance,
)


@dataclass(frozen=True)
class PageNote:
    """One sentence shown where a table would be, when there is nothing to tabulate."""

    text: str

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.text)}</p>"


#: Features listed per genre in the coefficient table.
TOP_FEATURES = 3


#: Groups shown in the per-genre heatmap, the most important first.
MAX_GROUPS_SHOWN = 8


def name_octave(index: int) -> str:
    """Name the octave band ``index`` of :data:`CONTRAST_EDGES` (``'below 200 Hz'``, ``'200–400 Hz'``, ``'above 6.4 kHz'``).

    Examples
    --------
    >>> name_octave(0), name_octave(3), name_octave(6)
    ('below 200 Hz', '800 Hz–1.6 kHz', 'above 6.4 kHz')
    """
    if index == 0:
        return f"below {format_hz(CONTRAST_EDGES[1])}"
    if index == len(CONTRAST_EDGES) - 1:
        return f"above {format_hz(CONTRAST_EDGES[-1])}"
    low, high = format_hz(CONTRAST_EDGES[index]), format_hz(CONTRAST_EDGES[index + 1])
    if low.endswith(" Hz") and high.endswith(" Hz"):
        low = low.removesuffix(" Hz")
    elif low.endswith("kHz") and high.endswith("kHz"):
        low = low.removesuffix(" kHz")
    return f"{low}–{high}"


def format_signed(value: float) -> str:
    """A coefficient with its sign and two decimals, minus as a true minus sign.

    Examples
    --------
    >>> format_signed(0.123), format_signed(-1.5)
    ('+0.12', '−1.50')
    """
    return f"{value:+.2f}".replace("-", "−")


def _drops(importance, names) -> dict[str, tuple[float, float, float]]:
    frame = importance.drops
    return {names(unit): (float(frame.loc[unit, "drop"]), float(frame.loc[unit, "low"]), float(frame.loc[unit, "high"]))
            for unit in frame.index}


@builds("model_name", "chosen_by", "model_params", "n_test", "repeats", "logreg_params", "n_features",
        "classical_seconds")
def describe_models(imp: ClassicalImportance) -> Section:
    """Which classical model is questioned, how it was chosen, and how the permutations are repeated."""
    chosen = ("chosen on validation by chapter 03 of this run" if imp.chosen_by == "chapter 03"
              else "chosen here on the validation split, as chapter 03 does (chapter 03 did not run on this dataset)")
    return Section(numbers={"model_name": CLASSICAL_MODELS[imp.key], "chosen_by": chosen,
                            "model_params": describe_params(imp.key, imp.params), "n_test": imp.n_test,
                            "repeats": imp.groups.repeats,
                            "logreg_params": describe_params("logreg", imp.logreg_params),
                            "n_features": len(imp.columns), "classical_seconds": round(imp.seconds, 1)})


@builds("top_group", "top_group_drop", "top_group_low", "top_group_high", "top_group_text", "alone_text",
        "redundant_groups", "baseline_accuracy", figures=("group_importance",), tables=("groups",))
def rank_groups(imp: ClassicalImportance) -> Section:
    """Accuracy lost when each feature group is shuffled, beside the group's accuracy alone (chapter 04's fits)."""
    drops = _drops(imp.groups, name_group)
    top = max(drops, key=lambda g: drops[g][0])
    alone = {name_group(g): v for g, v in imp.alone.items()}
    redundant = list_redundant(drops)
    frame = imp.groups.drops.rename(index=name_group)
    frame["interval"] = [format_point_range(d, lo, hi).split("(")[1].rstrip(")")
                         for d, lo, hi in zip(frame["drop"], frame["low"], frame["high"])]
    frame["alone"] = [alone.get(g) for g in frame.index]
    frame = frame.sort_values("drop", ascending=False, kind="stable")
    table = make_table(frame, {"drop": ("accuracy lost when shuffled", "points"), "interval": ("95% interval (points)", "text"),
                               "alone": ("accuracy of the group alone", "percent")}, index=("feature group", "text"),
                       caption="Test accuracy the model loses when one feature group is shuffled, and the accuracy of "
                               "a logistic regression on that group alone")
    fig, _ = plot_unit_importance(frame, xlabel="test accuracy lost when the group is shuffled (percentage points)")
    return Section(numbers={"top_group": top, "top_group_drop": round(drops[top][0], 4),
                            "top_group_low": round(drops[top][1], 4), "top_group_high": round(drops[top][2], 4), "top_group_text": describe_top_unit(drops, what="feature group"),
                            "alone_text": compare_with_alone(drops, alone),
                            "redundant_groups": (f"Shuffling {join_words(redundant)} costs nothing reliable: "
                                                 "the model finds the same information elsewhere." if redundant else
                                                 "Shuffling any group costs the model some accuracy."),
                            "baseline_accuracy": round(imp.groups.baseline, 4)},
                   tables={"groups": table}, figures={"group_importance": fig})


@builds("top_statistic", "top_statistic_text", figures=("statistic_importance",))
def rank_statistics(imp: ClassicalImportance) -> Section:
    """Accuracy lost when one statistic is shuffled across every feature group."""
    drops = _drops(imp.statistics, name_statistic)
    top = max(drops, key=lambda s: drops[s][0])
    sentence = describe_top_unit({f"the {name}": value for name, value in drops.items()}, what="statistic")
    frame = imp.statistics.drops.rename(index=name_statistic)
    fig, _ = plot_unit_importance(frame, xlabel="test accuracy lost when the statistic is shuffled (percentage points)")
    return Section(numbers={"top_statistic": top, "top_statistic_text": sentence},
                   figures={"statistic_importance": fig})


@builds("strongest_genre", "strongest_feature", "strongest_coefficient", tables=("coefficients",))
def describe_genre_features(imp: ClassicalImportance) -> Section:
    """The features whose higher values push a track most towards each genre in the logistic regression."""
    top = pick_top_coefficients(imp.coefficients, n=TOP_FEATURES)
    rows = pd.DataFrame({"features": ["; ".join(f"{name_feature(c)} ({format_signed(v)})" for c, v in items)
                                      for items in top.values()]}, index=list(top))
    genre = max(top, key=lambda g: top[g][0][1])
    table = make_table(rows, {"features": ("features pushing towards it (coefficient)", "text")},
                       index=("genre", "text"),
                       caption=f"The {TOP_FEATURES} features with the largest standardised coefficient for each genre "
                               "in the logistic regression")
    return Section(numbers={"strongest_genre": genre, "strongest_feature": name_feature(top[genre][0][0]),
                            "strongest_coefficient": round(top[genre][0][1], 2)}, tables={"coefficients": table})


@builds("most_hurt_genre", "most_hurt_drop", figures=("genre_groups",))
def describe_genre_groups(imp: ClassicalImportance) -> Section:
    """Per genre, the recall lost when each of the most important groups is shuffled (a heatmap)."""
    order = imp.groups.drops.sort_values("drop", ascending=False, kind="stable").index[:MAX_GROUPS_SHOWN]
    frame = imp.groups.genre_drops.loc[order].rename(index=name_group)
    top = frame.index[0]
    genre = str(frame.loc[top].astype(float).idxmax())
    fig, _ = plot_heatmap(frame, colorbar="recall lost (percentage points)", xlabel="genre",
                          ylabel="feature group shuffled")
    return Section(numbers={"most_hurt_genre": genre, "most_hurt_drop": round(float(frame.loc[top, genre]), 4)},
                   figures={"genre_groups": fig})


def _band_profiles(hear: NetworkHearing) -> tuple[pd.DataFrame, np.ndarray]:
    """Mean probability lost per genre and band, low band first, and each band's centre frequency."""
    rows = len(hear.frequencies)
    centres = np.array([hear.frequencies[rows - stop:rows - start].mean() for start, stop in hear.bands])[::-1]
    drops = hear.band["drop"][:, ::-1]
    profiles = pd.DataFrame(drops, columns=[format_hz(round(c, -1 if c < 1000 else -2)) for c in centres]
                            ).groupby(hear.genres).mean()
    return profiles, centres


@builds("network_name", "n_occluded", "sample_text", "per_genre", "n_bands", "fmax_text", "top_bands", "lowest_genre",
        "highest_genre", "band_story", figures=("band_profiles",), tables=("bands",))
def describe_band_profiles(ds, hear: NetworkHearing, *, per_genre: int) -> Section:
    """Per genre, how much hiding each range of mel bands costs the network, over frequency in Hz."""
    n_test = int((ds.tracks["split"] == "test").sum())
    profiles, centres = _band_profiles(hear)
    top = {g: profiles.columns[int(np.argmax(row.to_numpy()))] for g, row in profiles.iterrows()}
    top_hz = {g: centres[int(np.argmax(row.to_numpy()))] for g, row in profiles.iterrows()}
    lowest, highest = min(top_hz, key=top_hz.get), max(top_hz, key=top_hz.get)
    changed = pd.DataFrame(hear.band["changed"][:, ::-1]).groupby(hear.genres).mean()
    rows = pd.DataFrame({"band": [top[g] for g in profiles.index],
                         "lost": [float(profiles.loc[g].max()) for g in profiles.index],
                         "changed": [float(changed.loc[g].to_numpy()[int(np.argmax(profiles.loc[g].to_numpy()))])
                                     for g in profiles.index]}, index=profiles.index)
    table = make_table(rows, {"band": ("band whose hiding costs most (centre)", "text"),
                              "lost": ("probability of the true genre lost", "points"),
                              "changed": ("answers changed", "percent")}, index=("genre", "text"),
                       caption="Per genre, the band the network relies on most")
    fig, _ = plot_band_profiles(profiles, centres, fmax=hear.fmax)
    fmax = format_hz(hear.fmax)
    story = (f"The network listens lowest for {lowest} (around {top[lowest]}) and highest for {highest} "
             f"(around {top[highest]})." if lowest != highest else
             f"For every genre the network relies most on the band around {top[lowest]}.")
    return Section(numbers={"network_name": NETWORK_NAMES[hear.network.name], "n_occluded": len(hear.rows),
                            "sample_text": describe_sample(len(hear.rows), n_test, per_genre),
                            "per_genre": per_genre, "n_bands": len(hear.bands),
                            "fmax_text": (f"0 Hz to {fmax}, half the sample rate of the dataset's clips" if hear.fmax_known
                                          else f"0 Hz to {fmax}, assumed: half the 44.1 kHz of FMA's clips (this dataset "
                                               "has no audio to read the rate from)"),
                            "top_bands": "; ".join(f"{g}: {top[g]}" for g in profiles.index),
                            "lowest_genre": lowest, "highest_genre": highest, "band_story": story},
                   tables={"bands": table}, figures={"band_profiles": fig})


@builds("n_times", "time_story", "time_changed", "band_changed", figures=("time_profiles",))
def describe_time_profiles(hear: NetworkHearing, *, seconds: float, seed: int) -> Section:
    """Per genre, how much hiding each stretch of the clip costs, and whether time or frequency matters more."""
    edges = np.linspace(0, seconds, len(hear.times) + 1)
    labels = [f"{a:.0f}–{b:.0f} s" for a, b in pairwise(edges)]
    profiles = pd.DataFrame(hear.time["drop"], columns=labels).groupby(hear.genres).mean()
    difference = hear.band["drop"].mean(axis=1) - hear.time["drop"].mean(axis=1)
    low, high = bootstrap_mean_interval(difference, seed=seed)
    fig, _ = plot_heatmap(profiles, colorbar="probability of the true genre lost (points)",
                          xlabel="stretch of the clip hidden", ylabel="genre")
    return Section(numbers={"n_times": len(hear.times),
                            "time_story": compare_time_and_frequency((float(difference.mean()), low, high)),
                            "time_changed": round(float(hear.time["changed"].mean()), 4),
                            "band_changed": round(float(hear.band["changed"].mean()), 4)},
                   figures={"time_profiles": fig})


@builds("n_examples", "examples_text", figures=("examples",), tables=("listen",))
def show_examples(ds, hear: NetworkHearing, *, seconds: float) -> Section:
    """A few test clips the network gets right: image, occlusion map, and the clip to play where there is audio."""
    ids = list(hear.examples)
    genres = [str(ds.tracks.loc[t, "genre"]) for t in ids]
    if not ids:
        text = ("No test clip looked at is one the network gets right with confidence (a probability of at least 50% "
                "for its genre), so there is no example to show")
        fig, _ = plot_note("no test clip the network gets right with confidence")
        return Section(numbers={"n_examples": 0, "examples_text": text}, figures={"examples": fig},
                       tables={"listen": PageNote("There are no example clips to play.")})
    titles = [f"{g}: {ds.tracks.loc[t, 'title']}" if isinstance(ds.tracks.loc[t, "title"], str) else g
              for t, g in zip(ids, genres)]
    fig, _ = plot_occlusion_examples([hear.example_images[t] for t in ids], [hear.examples[t] for t in ids], titles,
                                     fmax=hear.fmax, seconds=seconds)
    listen = make_listening_table(ds, ids, caption="The example clips")
    if not len(listen):
        listen = PageNote("This dataset holds no audio of these clips, so they cannot be played here.")
    count = f"{len(ids)} test clip{'s' if len(ids) > 1 else ''}"
    text = (f"Here are {count} the network gets right with confidence ({join_words(genres)}): each image, and beside "
            "it the probability lost when each patch of it is hidden")
    return Section(numbers={"n_examples": len(ids), "examples_text": text},
                   tables={"listen": listen}, figures={"examples": fig})


@builds("band_agreement", "contrast_compared")
def compare_stories(imp: ClassicalImportance, hear: NetworkHearing) -> Section:
    """Whether the classical model's spectral-contrast bands and the network's octaves tell the same story per genre."""
    if imp.contrast is None or hear.contrast is None:
        return Section(numbers={"contrast_compared": "not compared", "band_agreement": (
            "This comparison needs features that measure energy per octave band (FMA's spectral contrast); this "
            "dataset's features do not, so the classical model's reliance cannot be placed on the frequency axis.")})
    labels = [name_octave(i) for i in range(len(CONTRAST_EDGES))]
    classical = {}
    for genre in imp.contrast.genre_drops.columns:
        column = imp.contrast.genre_drops[genre].astype(float)
        if column.max() > 0:
            classical[str(genre)] = labels[int(column.idxmax()) - 1]
    network_drop = pd.DataFrame(hear.contrast["drop"], columns=[labels[i] for i in hear.contrast_bands])
    network = {str(g): str(row.idxmax()) for g, row in network_drop.groupby(hear.genres).mean().iterrows()}
    return Section(numbers={"contrast_compared": "compared",
                            "band_agreement": compare_band_stories(classical, network, bands=labels)})


@builds("occlusion_seconds", "share_of_test")
def summarize_cost(ds, hear: NetworkHearing) -> Section:
    """How long the occlusions took, and what share of the test tracks they cover."""
    n_test = int((ds.tracks["split"] == "test").sum())
    return Section(numbers={"occlusion_seconds": round(hear.seconds, 1),
                            "share_of_test": round(len(hear.rows) / n_test, 4) if n_test else 0.0})
