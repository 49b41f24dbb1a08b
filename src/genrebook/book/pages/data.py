"""Results builders of chapter 01 (the data): one function per section, each returning a :class:`Section`.

A dataset may lack audio (FMA's metadata alone), images or features (audio not yet extracted): the
sections then say so in words (:mod:`genrebook.book.verdicts.media`) instead of counting zeros.

Used in: 01_data.
"""

from __future__ import annotations

from genrebook.book.formatting import make_table, name_feature, name_group
from genrebook.book.listening import make_listening_table
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import describe_artist_separation
from genrebook.book.verdicts.media import (
    describe_clip_views,
    describe_clips_takeaway,
    describe_durations as say_durations,
    describe_feature_table,
    describe_listening,
)
from genrebook.fma.audio import load_audio
from genrebook.fma.summary import (
    count_artists,
    count_tracks,
    describe_feature_groups,
    describe_genre_hierarchy,
    pick_examples,
    rank_features_by_genre,
    read_clip_durations,
    summarize_dataset,
)
from genrebook.plots.base import plot_note
from genrebook.plots.data import (
    plot_clip_views,
    plot_durations,
    plot_feature_by_genre,
    plot_feature_correlation,
    plot_spectrogram_images,
    plot_split_counts,
    plot_tracks_per_artist,
)


@builds("n_tracks", "n_genres", "n_artists", "n_training", "n_validation", "n_test", "n_audio", "n_spectrograms",
        "n_excluded", "smallest_genre", "smallest_genre_tracks", "training_share", "validation_share", "test_share",
        figures=("split_counts",), tables=("counts",))
def summarize_tracks(ds) -> Section:
    """Tracks per genre and split: counts, the smallest genre, and a bar chart."""
    facts = summarize_dataset(ds)
    counts = count_tracks(ds)
    genres = counts.drop(index="all")["total"]
    table = make_table(counts, {"training": ("training", "count"), "validation": ("validation", "count"),
                                "test": ("test", "count"), "total": ("total", "count")},
                       index=("genre", "text"), caption="Tracks per genre and split")
    fig, _ = plot_split_counts(counts)
    numbers = {k: facts[k] for k in ("n_tracks", "n_genres", "n_artists", "n_training", "n_validation", "n_test",
                                     "n_audio", "n_spectrograms", "n_excluded")}
    numbers.update(smallest_genre=str(genres.idxmin()), smallest_genre_tracks=int(genres.min()))
    total = max(facts["n_tracks"], 1)
    numbers.update({f"{split}_share": facts[f"n_{split}"] / total for split in ("training", "validation", "test")})
    return Section(numbers=numbers, tables={"counts": table}, figures={"split_counts": fig})


@builds("n_fma_genres", "n_fma_top_genres", tables=("hierarchy",))
def describe_hierarchy(ds) -> Section:
    """FMA's genre tree below each genre of the dataset."""
    hierarchy = describe_genre_hierarchy(ds.genres, ds.genre_names)
    table = make_table(hierarchy, {"sub-genres": ("sub-genres", "count"), "depth": ("levels below", "count"),
                                   "largest sub-genres": ("largest sub-genres", "text")},
                       index=("genre", "text"), caption="FMA's genre tree below each genre of this dataset")
    return Section(numbers={"n_fma_genres": len(ds.genres), "n_fma_top_genres": int((ds.genres["parent"] == 0).sum())},
                   tables={"hierarchy": table})


@builds("n_durations", "median_duration", "durations_text", figures=("durations",))
def describe_durations(ds) -> Section:
    """Clip durations read from the audio files' headers (a note in the figure where there is no audio)."""
    durations = read_clip_durations(ds.tracks["audio"])
    if len(durations):
        fig, _ = plot_durations(durations)
    else:
        fig, _ = plot_note("This dataset has no audio files, so no durations.")
    median = round(float(durations.median()), 2) if len(durations) else 0.0
    return Section(numbers={"n_durations": len(durations), "median_duration": median,
                            "durations_text": say_durations(len(durations), median)}, figures={"durations": fig})


@builds("artists_in_several_splits", "artist_separation", "median_tracks_per_artist", figures=("tracks_per_artist",), tables=("artists",))
def describe_artists(ds) -> Section:
    """Artists per split, whether any crosses splits, and how many tracks an artist contributes."""
    artists = count_artists(ds.tracks)
    table = make_table(artists, {"tracks": ("tracks", "count"), "artists": ("artists", "count"),
                                 "tracks per artist (median)": ("tracks per artist (median)", "number1"),
                                 "artists also in another split": ("artists also in another split", "count"),
                                 "tracks without artist": ("tracks without an artist", "count")},
                       index=("split", "text"), caption="Artists and tracks per split")
    fig, _ = plot_tracks_per_artist(ds.tracks)
    shared = int(artists["artists also in another split"].sum())
    return Section(numbers={"artists_in_several_splits": shared, "artist_separation": describe_artist_separation(shared),
                            "median_tracks_per_artist": float(artists.loc["training", "tracks per artist (median)"])},
                   tables={"artists": table}, figures={"tracks_per_artist": fig})


#: Where a dataset's features come from, in words.
FEATURE_ORIGINS = {"own": "the dataset's own features.csv", "extracted": "features extracted by genrebook"}


@builds("n_feature_columns", "n_groups", "feature_source", "features_text", figures=("correlation",),
        tables=("groups",))
def describe_features(ds) -> Section:
    """The feature groups, their statistics and widths, and how the coefficients correlate."""
    groups = describe_feature_groups(ds.features)
    shown = groups.rename(index=name_group)
    table = make_table(shown, {c: (c, "count" if c in ("columns", "coefficients") else "text") for c in shown.columns},
                       index=("feature group", "text"), caption="Feature groups, their statistics and widths")
    if ds.features is None:
        fig, _ = plot_note("This dataset has no features to correlate.")
    else:
        fig, _ = plot_feature_correlation(ds.features)
    n_columns = int(groups["columns"].sum()) if len(groups) else 0
    origin = FEATURE_ORIGINS.get(ds.feature_source)
    return Section(numbers={"n_feature_columns": n_columns, "n_groups": len(groups),
                            "feature_source": origin or "no features",
                            "features_text": describe_feature_table(origin, n_columns, len(groups))},
                   tables={"groups": table}, figures={"correlation": fig})


@builds("best_feature", "best_feature_f", "best_feature_text", figures=("best_feature_by_genre",))
def rank_single_features(ds) -> Section:
    """The single feature that separates the genres best on the training split (ANOVA F), by genre."""
    if ds.features is None:
        fig, _ = plot_note("This dataset has no features to rank.")
        return Section(numbers={"best_feature": "none", "best_feature_f": 0.0,
                                "best_feature_text": "None can be ranked: this dataset has no features"},
                       figures={"best_feature_by_genre": fig})
    ranking = rank_features_by_genre(ds.features, ds.tracks)
    best = ranking.index[0]
    values = ds.features.loc[:, tuple(best.split("/"))]
    fig, _ = plot_feature_by_genre(values, ds.tracks["genre"], label=name_feature(best))
    f = round(float(ranking.iloc[0]), 1)
    return Section(numbers={"best_feature": name_feature(best), "best_feature_f": f,
                            "best_feature_text": f"It is {name_feature(best)}, with F = {f:.1f}"},
                   figures={"best_feature_by_genre": fig})


@builds("n_listen", "n_images", "example_genre", "listen_text", "clip_views_caption", "clips_takeaway",
        figures=("clip_views", "images"), tables=("listen",))
def pick_listening(ds, *, n: int, seed: int) -> Section:
    """One clip per genre to play, one clip's views (waveform, log-mel, MFCC, chroma), one image per genre."""
    clips = pick_examples(ds.tracks, "audio", n=n, seed=seed)
    images = pick_examples(ds.tracks, "spectrogram", n=n, seed=seed)
    listen = make_listening_table(ds, list(clips.index), caption="One clip per genre")
    if len(clips):
        y, sr = load_audio(clips["audio"].iloc[0])
        views, _ = plot_clip_views(y, sr)
        genre = str(clips["genre"].iloc[0])
    else:
        views, _ = plot_note("This dataset has no audio files to show.")
        genre = "—"
    if len(images):
        grid, _ = plot_spectrogram_images(list(images["spectrogram"]), [str(g) for g in images["genre"]])
    else:
        grid, _ = plot_note("This dataset has no spectrogram images.")
    return Section(numbers={"n_listen": len(listen), "n_images": len(images), "example_genre": genre,
                            "listen_text": describe_listening(len(listen)),
                            "clip_views_caption": describe_clip_views(genre if len(clips) else None),
                            "clips_takeaway": describe_clips_takeaway(bool(len(clips)))},
                   tables={"listen": listen}, figures={"clip_views": views, "images": grid})
