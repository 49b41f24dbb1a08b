"""Results builders of chapter 07 (clustering): one function per section, each returning a :class:`Section`.

The clusterings are fitted once (:func:`genrebook.book.clustering.fit_study`); every builder reads
that study.

Used in: 07_clustering.
"""

from __future__ import annotations

import pandas as pd

from genrebook.book.clustering import ClusteringStudy, fit_study
from genrebook.book.formatting import make_table
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import (
    compare_rates,
    describe_highest,
    describe_k_choice,
    describe_k_choices,
    describe_trend,
    find_best,
    name_best,
)
from genrebook.book.verdicts.scale import describe_tree_subsample
from genrebook.clustering.agreement import (
    compute_map,
    compute_pair_rates,
    make_contingency,
    score_random_assignment,
    summarize_agreement,
)
from genrebook.clustering.agreement import describe_clusters as describe_each_cluster
from genrebook.clustering.fit import LABEL_USE, METHODS, REPRESENTATIONS, SILHOUETTE_SAMPLE, name_clustering
from genrebook.clustering.ward import WARD_ROWS
from genrebook.plots.clustering import plot_cluster_maps, plot_contingency, plot_k_sweep

__all__ = ["fit_study", "describe_representations", "sweep_k", "score_against_genres", "mix_genres", "map_tracks",
           "describe_clusters", "follow_artists", "weigh_representations"]

#: How each method chooses its k.
CRITERIA = {"kmeans": "highest silhouette", "ward": "highest silhouette", "gmm": "lowest BIC"}


def _sentence(text: str) -> str:
    """Start a verdict with a capital and end it with a full stop."""
    return text[:1].upper() + text[1:] + "."


def _name_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace a ``(representation, method)`` index by readable ``representation`` and ``method`` columns."""
    named = _round_scores(frame.reset_index())
    named["representation"] = named["representation"].map(REPRESENTATIONS)
    named["method"] = named["method"].map(METHODS)
    return named


def _best_per_representation(scores: pd.DataFrame) -> dict[str, float]:
    """The highest ARI at the number of genres of each representation, by its name in the prose."""
    best = scores.groupby(level="representation", sort=False)["ari_genre_k"].max()
    return {f"the {REPRESENTATIONS[r]}": float(v) for r, v in best.items()}


def _round_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """Round the ARI and NMI columns to the two decimals shown, without a "-0.00"."""
    scores = [c for c in frame.columns if c.startswith(("ari_", "nmi_"))]
    return frame.assign(**{c: frame[c].astype(float).round(2) + 0.0 for c in scores})


@builds("n_components", "n_genres_seen", "cnn_note", tables=("representations",))
def describe_representations(study: ClusteringStudy) -> Section:
    """What is clustered: each representation's size, the components kept, and which genres it saw."""
    sizes = study.sizes.rename(index=REPRESENTATIONS)
    table = make_table(sizes, {"tracks": ("tracks", "count"), "values": ("values per track", "count"),
                               "components": ("principal components kept", "count"),
                               "variance": ("variance they hold", "percent"),
                               "genres_seen": ("tracks whose genre it was made with", "count")},
                       index=("representation", "text"), caption="The representations clustered")
    return Section(numbers={"n_components": int(study.sizes["components"].max()),
                            "n_genres_seen": int(study.sizes["genres_seen"].sum()),
                            "cnn_note": _sentence(study.cnn_note)},
                   tables={"representations": table})


@builds("k_min", "k_max", "k_note", "silhouette_sample", "k_edge_verdict", "bic_trend", "max_silhouette",
        "ward_note", figures=("k_sweep",), tables=("chosen_k",))
def sweep_k(study: ClusteringStudy) -> Section:
    """How many clusters: silhouette and BIC against k, the k each method chose and where it sits in the range."""
    rows, trends = [], []
    for run in study.runs:
        for method, k in run.chosen_k.items():
            rows.append({"representation": REPRESENTATIONS[run.representation], "method": METHODS[method],
                         "criterion": CRITERIA[method], "chosen": describe_k_choice(k, study.k_min, study.k_max)})
        bic = run.sweep[(run.sweep["method"] == "gmm") & run.sweep["in_range"]]
        if len(bic):
            trends.append(f"on the {REPRESENTATIONS[run.representation]} it "
                          f"{describe_trend(bic['bic'].tolist(), bic['k'].tolist())}")
    table = make_table(pd.DataFrame(rows), {"representation": ("representation", "text"), "method": ("method", "text"),
                                            "criterion": ("k chosen by", "text"), "chosen": ("chosen k", "text")},
                       caption="The number of clusters each method chose, within the range tried")
    sweeps = {REPRESENTATIONS[run.representation]: run.sweep for run in study.runs}
    fig, _ = plot_k_sweep(sweeps, {REPRESENTATIONS[run.representation]: run.chosen_k for run in study.runs})
    in_range = pd.concat([run.sweep[run.sweep["in_range"]] for run in study.runs])
    bic_trend = ("The Gaussian mixture's BIC (lower is better): " + "; ".join(trends) + "." if trends
                 else "No Gaussian mixture was fitted, so there is no BIC.")
    return Section(numbers={
        "k_min": study.k_min, "k_max": study.k_max,
        "k_note": _sentence(study.k_note) if study.k_note else "The range is used as given.",
        "silhouette_sample": min(SILHOUETTE_SAMPLE, len(study.runs[0].X)),
        "k_edge_verdict": describe_k_choices([k for run in study.runs for k in run.chosen_k.values()],
                                             study.k_min, study.k_max),
        "bic_trend": bic_trend, "max_silhouette": round(float(in_range["silhouette"].max()), 3),
        "ward_note": describe_tree_subsample(max(len(run.X) for run in study.runs), WARD_ROWS, seed=study.seed,
                                             fitted=any("ward" in run.chosen_k for run in study.runs))},
        tables={"chosen_k": table}, figures={"k_sweep": fig})


@builds("genre_k", "best_label", "best_label_note", "best_ari_genre_k", "best_nmi_genre_k", "best_purity_genre_k",
        "random_ari_genre_k", "random_nmi_genre_k", "random_purity_genre_k", tables=("scores",))
def score_against_genres(study: ClusteringStudy) -> Section:
    """Every clustering's ARI, NMI and purity against the genres, at the number of genres and at its chosen k."""
    scores, k = study.scores, study.genre_k
    labels = {name_clustering(*key): value for key, value in scores["ari_genre_k"].items()}
    tied = find_best(labels, digits=2)
    seen = dict.fromkeys(key[0] for key, label in zip(scores.index, labels) if label in tied)  # in order, once
    floor = {"representation": "—", "method": "random assignment", "chosen_k": k,
             **{f"{name}_genre_k": value for name, value in study.floor.items()}}
    shown = pd.concat([_name_rows(scores), _round_scores(pd.DataFrame([floor]))], ignore_index=True)
    columns = {"representation": ("representation", "text"), "method": ("method", "text"),
               "chosen_k": ("chosen k", "count")}
    for at, header in (("genre_k", f"k = {k}"), ("chosen_k", "chosen k")):
        columns.update({f"ari_{at}": (f"ARI, {header}", "number"), f"nmi_{at}": (f"NMI, {header}", "number"),
                        f"purity_{at}": (f"purity, {header}", "percent")})
    table = make_table(shown, columns, caption=f"Agreement of each clustering with the genres, at k = {k} (as many "
                       "clusters as genres) and at its chosen k, beside a random assignment (the mean of ten)")
    best = scores.loc[study.shown]
    return Section(numbers={
        "genre_k": k, "best_label": name_best(labels, digits=2),
        "best_label_note": "; ".join(LABEL_USE[r] for r in seen),
        "best_ari_genre_k": round(float(best["ari_genre_k"]), 3), "best_nmi_genre_k": round(float(best["nmi_genre_k"]), 3),
        "best_purity_genre_k": round(float(best["purity_genre_k"]), 3),
        **{f"random_{name}_genre_k": round(value, 3 if name == "purity" else 2) + 0.0  # as shown: 21.7%, 0.06
           for name, value in study.floor.items()}},
        tables={"scores": table})


@builds("shown_label", "purest_clusters", "purest_share", figures=("contingency",))
def mix_genres(study: ClusteringStudy) -> Section:
    """The genre mix of each cluster of the best clustering at the number of genres, and its purest clusters."""
    labels = study.shown_labels()
    contingency = make_contingency(study.tracks.loc[labels.index, "genre"], labels)
    shares = contingency / contingency.sum(axis=0)
    top = {f"cluster {c} ({shares[c].idxmax()})": float(shares[c].max()) for c in shares.columns}
    fig, _ = plot_contingency(contingency)
    return Section(numbers={"shown_label": name_clustering(*study.shown), "purest_clusters": name_best(top, digits=3),
                            "purest_share": round(max(top.values()), 3)},
                   figures={"contingency": fig})


@builds("map_tracks", figures=("tsne_map",))
def map_tracks(study: ClusteringStudy, *, size: int, seed: int) -> Section:
    """A t-SNE map of (a random subsample of) the tracks, coloured by genre and by cluster."""
    labels = study.shown_labels()
    coords = compute_map(study.run_of(study.shown[0]).X, size=size, seed=seed)
    fig, _ = plot_cluster_maps(coords, study.tracks["genre"], labels)
    return Section(numbers={"map_tracks": len(coords)}, figures={"tsne_map": fig})


@builds(tables=("clusters",))
def describe_clusters(study: ClusteringStudy) -> Section:
    """Each cluster: size, genre mix, artists, and the tracks nearest its centre."""
    labels = study.shown_labels()
    clusters = describe_each_cluster(study.run_of(study.shown[0]).X, labels.to_numpy(), study.tracks)
    table = make_table(clusters, {"tracks": ("tracks", "count"), "genre mix": ("most common genres", "text"),
                                  "artists": ("artists", "count"),
                                  "top artist share": ("largest artist's share", "percent"),
                                  "nearest the centre": ("tracks nearest the centre (title — artist)", "text")},
                       index=("cluster", "text"), caption=f"The clusters of {name_clustering(*study.shown)}, "
                                                         "numbered from the largest")
    return Section(tables={"clusters": table})


@builds("same_artist_rate", "same_genre_rate", "any_pair_rate", "artist_verdict", tables=("pairs",))
def follow_artists(study: ClusteringStudy) -> Section:
    """How often two tracks share a cluster: by one artist, of one genre by different artists, any two."""
    labels = study.shown_labels()
    pairs = compute_pair_rates(labels.to_numpy(), study.tracks.loc[labels.index])
    pairs.index = ["two tracks by one artist", "two tracks of one genre by different artists", "any two tracks"]
    table = make_table(pairs, {"pairs": ("pairs", "count"), "same cluster": ("share in one cluster", "percent")},
                       index=("track pairs", "text"), caption="How often two tracks share a cluster")
    rates = pairs["same cluster"]
    verdict = compare_rates(rates.iloc[0], rates.iloc[1], a="two tracks by one artist",
                            b="two tracks of one genre by different artists", what="share a cluster")
    return Section(numbers={"same_artist_rate": float(rates.iloc[0]), "same_genre_rate": float(rates.iloc[1]),
                            "any_pair_rate": float(rates.iloc[2]), "artist_verdict": _sentence(verdict)},
                   tables={"pairs": table})


@builds("representation_verdict", "heldout_verdict", "n_heldout", tables=("comparison",))
def weigh_representations(study: ClusteringStudy) -> Section:
    """Representations side by side at the number of genres: on all tracks, and on those outside training."""
    heldout, k, genres = study.heldout(), study.genre_k, study.tracks["genre"]
    outside = summarize_agreement(list(study.runs), genres, genre_k=k, subset=heldout)
    floor_out = score_random_assignment(genres.loc[heldout], k, seed=study.seed)
    both = study.scores[["ari_genre_k", "nmi_genre_k"]].join(
        outside[["ari_genre_k", "nmi_genre_k"]].add_suffix("_out"))
    floors = pd.DataFrame([{"representation": "—", "method": "random assignment",
                            "ari_genre_k": study.floor["ari"], "nmi_genre_k": study.floor["nmi"],
                            "ari_genre_k_out": floor_out["ari"], "nmi_genre_k_out": floor_out["nmi"]}])
    shown = pd.concat([_name_rows(both), _round_scores(floors)], ignore_index=True)
    n_all, n_out = len(study.runs[0].X), int(outside["tracks"].iloc[0])
    table = make_table(shown, {"representation": ("representation", "text"), "method": ("method", "text"),
                               "ari_genre_k": (f"ARI, all {n_all:,} tracks", "number"),
                               "ari_genre_k_out": (f"ARI, {n_out:,} tracks outside training", "number"),
                               "nmi_genre_k": (f"NMI, all {n_all:,} tracks", "number"),
                               "nmi_genre_k_out": (f"NMI, {n_out:,} tracks outside training", "number")},
                       caption=f"Agreement with the genres at k = {k}, on all tracks and on the validation and test "
                               "tracks only, beside a random assignment (the mean of ten)")
    return Section(numbers={
        "representation_verdict": describe_highest(_best_per_representation(study.scores), measure="ARI",
                                                   floor=study.floor["ari"]),
        "heldout_verdict": describe_highest(_best_per_representation(outside), measure="ARI", floor=floor_out["ari"]),
        "n_heldout": n_out}, tables={"comparison": table})
