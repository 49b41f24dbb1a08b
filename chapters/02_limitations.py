# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: genrebook (.venv)
#     language: python
#     name: genrebook
# ---

# %% [markdown]
# # Limitations
#
# **The question.** Before any model is trained: what in this dataset limits what a genre
# classifier can learn and what its accuracy means?
#
# **Short answer.** One label per track hides that {glue:text}`02_limitations.multi_genre_share:.1%`
# of the tracks carry several genres. A logistic regression reaches
# {glue:text}`02_limitations.official_accuracy:.1%` on the official test split, where no test
# artist is seen in training; on {glue:text}`02_limitations.n_random_splits` random splits that
# ignore artists it reaches {glue:text}`02_limitations.random_split_accuracy:.1%`
# ({glue:text}`02_limitations.artist_gap_points:+.1f` percentage points), the part of accuracy
# that comes from meeting known artists again. The model mixes up
# {glue:text}`02_limitations.top_confused_pair` most, and the features are
# {glue:text}`02_limitations.n_feature_groups` groups of summary statistics
# ({glue:text}`02_limitations.feature_groups`).

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
seed = 0  # seed of every random choice (model, random splits, bootstrap)
n_random_splits = 5  # random splits that ignore artists, to measure the artist effect

# %% tags=["remove-cell"]
from IPython.display import display

from genrebook.book.chapter import setup_chapter
from genrebook.fma.genres import (
    compute_top_level_cooccurrence, count_genre_pairs, count_multi_genre,
    describe_top_cooccurrence, rank_cooccurrences,
)
from genrebook.fma.sources import (
    correlate_feature_sources, count_exclusions, describe_feature_sources,
    describe_known_bad_clips, describe_source_agreement, load_feature_sources,
)
from genrebook.fma.summary import describe_feature_groups
from genrebook.models.artist import compare_feature_groups, compute_artist_effect, summarize_artist_effect
from genrebook.models.evaluation import (
    compute_accuracy_interval, find_confused_pairs, make_confusion, predict_test_split,
)
from genrebook.models.pipelines import make_logreg_pipeline
from genrebook.plots.data import plot_artist_effect, plot_genre_cooccurrence
from genrebook.plots.models import plot_confusion

ch = setup_chapter("02_limitations", globals())
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## One label, several genres
#
# Each track is classified into one `genre_top`, but FMA lets artists tag a track with several
# genres (`genres`), and `genres_all` adds every genre above them in the genre tree. The table
# counts the tracks with more than one genre in each view.

# %% tags=["remove-cell"]
multi = count_multi_genre(ds.tracks, ds.genres)
ch.glue("n_tracks", len(ds.tracks))
ch.glue("multi_genre_share", float(multi.loc["genres", "share with several"]))
ch.glue("multi_genre_share_all", float(multi.loc["genres_all", "share with several"]))
ch.glue("multi_root_share", float(multi.loc["top-level genres", "share with several"]))
ch.glue("genres_all_source", multi.loc["genres_all", "source"])

# %% tags=["remove-input"]
multi

# %% [markdown]
# Of the {glue:text}`02_limitations.n_tracks:,` tracks, {glue:text}`02_limitations.multi_genre_share:.1%`
# carry several genres and {glue:text}`02_limitations.multi_genre_share_all:.1%` several once
# ancestors are added (`genres_all` here: {glue:text}`02_limitations.genres_all_source`). Only
# {glue:text}`02_limitations.multi_root_share:.1%` carry genres under more than one top-level
# genre. Where that share is zero the dataset was drawn from tracks whose genres all hang below
# one root: the single label is unambiguous by construction, which real music is not.
#
# ### Which genres travel together
#
# The heatmap maps every genre of a track to its top-level genre and shows, for each
# `genre_top`, the share of its tracks that also carry another top-level genre.

# %% tags=["remove-cell"]
cooccurrence = compute_top_level_cooccurrence(ds.tracks, ds.genres)
ranked = rank_cooccurrences(cooccurrence, n=1)
ch.glue("top_cooccurrence", describe_top_cooccurrence(ranked))
ch.glue("top_cooccurrence_share", float(ranked["share"].max()) if len(ranked) else 0.0)
pairs = count_genre_pairs(ds.tracks, ds.genres, n=10)
ch.glue("top_genre_pair", " and ".join(pairs.iloc[0][["genre a", "genre b"]]) if len(pairs) else "none")
ch.glue("top_genre_pair_tracks", int(pairs["tracks"].iloc[0]) if len(pairs) else 0)

# %% tags=["remove-input"]
fig, ax = plot_genre_cooccurrence(cooccurrence)
display(pairs)

# %% [markdown]
# {glue:text}`02_limitations.top_cooccurrence` The table lists the genre pairs, at any level of
# the tree, that tracks carry together most often, led by {glue:text}`02_limitations.top_genre_pair`
# ({glue:text}`02_limitations.top_genre_pair_tracks:,` tracks); its last column names their
# top-level genres. A classifier of top-level genres never sees these finer distinctions, and a
# sub-genre may sound closer to another top-level genre than to its own.
#
# ## The artist effect
#
# FMA's official split keeps every artist in one split. To see what that costs, the same logistic
# regression (median imputation, standardisation, L2 penalty) is fitted on the official training
# split and on {glue:text}`02_limitations.n_random_splits` random splits of the same sizes,
# stratified by genre, that ignore artists. Each is scored on its test split.

# %% tags=["remove-cell"]
effect = compute_artist_effect(ds.features, ds.tracks, seed=seed, n_random_splits=n_random_splits)
facts = summarize_artist_effect(effect)
ch.glue("n_random_splits", n_random_splits)
ch.glue("official_accuracy", facts["official_accuracy"])
ch.glue("random_split_accuracy", facts["random_mean"])
ch.glue("random_split_sd", facts["random_sd"])
ch.glue("artist_gap", facts["gap"])
ch.glue("artist_gap_points", 100 * facts["gap"])
ch.glue("official_artist_overlap", facts["official_overlap"])
ch.glue("random_artist_overlap_share", facts["random_overlap_share"])

# %% tags=["remove-input"]
display(effect)
fig, ax = plot_artist_effect(effect)

# %% [markdown]
# On the official split {glue:text}`02_limitations.official_artist_overlap:,` test tracks have
# their artist in training and the accuracy is {glue:text}`02_limitations.official_accuracy:.1%`.
# In the random splits {glue:text}`02_limitations.random_artist_overlap_share:.1%` of the test
# tracks with a known artist share it with training tracks, and the accuracy is
# {glue:text}`02_limitations.random_split_accuracy:.1%` (standard deviation
# {glue:text}`02_limitations.random_split_sd:.1%` over the splits), a gap of
# {glue:text}`02_limitations.artist_gap_points:+.1f` percentage points. A positive gap means part
# of what a randomly split model learns is the artist (production, voice, recording chain), not
# the genre: results on splits that ignore artists overstate how well a model handles new artists.
#
# ## Where the model errs
#
# The confusion matrix of the official test split shows, for each true genre, where its tracks
# go. Accuracy comes with a {glue:text}`02_limitations.interval_level:.0%` bootstrap interval over
# the test tracks.

# %% tags=["remove-cell"]
predictions = predict_test_split(make_logreg_pipeline(seed=seed), ds.features, ds.tracks)
level = 0.95
accuracy, low, high = compute_accuracy_interval(predictions["true"], predictions["predicted"],
                                                           seed=seed, level=level)
confusion = make_confusion(predictions["true"], predictions["predicted"], ds.genre_names)
confused = find_confused_pairs(confusion, n=5)
ch.glue("interval_level", level)
ch.glue("n_test", len(predictions))
ch.glue("official_low", low)
ch.glue("official_high", high)
ch.glue("top_confused_pair", " and ".join(confused.iloc[0][["genre_a", "genre_b"]]) if len(confused) else "none")
ch.glue("top_confused_rate", float(confused["rate"].iloc[0]) if len(confused) else 0.0)

# %% tags=["remove-input"]
fig, ax = plot_confusion(confusion)
display(confused)

# %% [markdown]
# On {glue:text}`02_limitations.n_test:,` test tracks the accuracy of
# {glue:text}`02_limitations.official_accuracy:.1%` is uncertain: the interval runs from
# {glue:text}`02_limitations.official_low:.1%` to {glue:text}`02_limitations.official_high:.1%`,
# so differences between models that fit inside it are not evidence. The pair mixed up most is
# {glue:text}`02_limitations.top_confused_pair`: on average
# {glue:text}`02_limitations.top_confused_rate:.1%` of either genre's tracks are predicted as the
# other (the table gives both directions). Such pairs are where genre boundaries are fuzzy, in
# the labels as much as in the sound.
#
# ## Clips left out
#
# fma_small has clips known to be broken (too short, or no audio); the loader leaves them out,
# along with tracks without a split, a genre or features. The first table says whether each
# known-bad clip is in this dataset's `tracks.csv`; the second, shown when any track was left
# out, counts the exclusions by reason.

# %% tags=["remove-cell"]
known_bad = describe_known_bad_clips(ds.tracks.index, ds.excluded)
exclusions = count_exclusions(ds.excluded)
ch.glue("n_known_bad", len(known_bad))
ch.glue("n_known_bad_in_dataset", int(known_bad["in tracks.csv"].sum()))
ch.glue("n_known_bad_used", int(known_bad["used"].sum()))
ch.glue("n_excluded", len(ds.excluded))

# %% tags=["remove-input"]
display(known_bad)
if len(exclusions):
    display(exclusions)

# %% [markdown]
# {glue:text}`02_limitations.n_known_bad_in_dataset` of the {glue:text}`02_limitations.n_known_bad`
# known-bad clips are listed in this dataset's `tracks.csv` and
# {glue:text}`02_limitations.n_known_bad_used` are used; in all,
# {glue:text}`02_limitations.n_excluded:,` tracks were left out. Excluded tracks are in no split,
# so every count and accuracy of this book is over the remaining tracks.
#
# ## What the features can and cannot tell
#
# The models of this book see {glue:text}`02_limitations.n_feature_groups` feature groups
# ({glue:text}`02_limitations.feature_groups`) from the {glue:text}`02_limitations.feature_source`
# source: frame-wise descriptors summarised over time by statistics
# ({glue:text}`02_limitations.feature_statistics` across the groups; the table lists each group's).
# It also fits the same model on each group alone.

# %% tags=["remove-cell"]
groups = describe_feature_groups(ds.features)
group_accuracy = compare_feature_groups(ds.features, ds.tracks, seed=seed)
ch.glue("n_feature_groups", len(groups))
ch.glue("feature_groups", ", ".join(groups.index))
ch.glue("feature_statistics", ", ".join(sorted({s for v in groups["statistics"] for s in v.split(", ")})))
ch.glue("feature_source", f"{ds.feature_source} features.csv")
ch.glue("best_group", group_accuracy.index[0])
ch.glue("best_group_accuracy", float(group_accuracy["accuracy"].iloc[0]))

# %% tags=["remove-input"]
groups.join(group_accuracy["accuracy"])

# %% [markdown]
# Alone, **{glue:text}`02_limitations.best_group`** does best
# ({glue:text}`02_limitations.best_group_accuracy:.1%` against
# {glue:text}`02_limitations.official_accuracy:.1%` for all groups together). Statistics over
# time discard the order of events: rhythm, structure and how a sound evolves are only seen
# through their spread. A `features.csv` also does not record its recipe (which part of each
# clip, which sample rate), and two files with the same column names need not hold the same
# numbers. This dataset has {glue:text}`02_limitations.feature_sources`; where it has both, the
# table below compares their shared columns track by track.

# %% tags=["remove-cell"]
sources = load_feature_sources(ds.path)
agreement = correlate_feature_sources(sources)
ch.glue("feature_sources", describe_feature_sources(sources))
ch.glue("source_agreement", describe_source_agreement(agreement))

# %% tags=["remove-input"]
if len(agreement):
    display(agreement)

# %% [markdown]
# {glue:text}`02_limitations.source_agreement` A correlation far below one means the two files
# describe the clips differently (another window of the clip, another sample rate or another
# implementation), so numbers obtained with one do not carry over to the other.
#
# ## Takeaways
#
# - A single `genre_top` per track is a simplification: many tracks carry several genres, and
#   the pair the model mixes up most is {glue:text}`02_limitations.top_confused_pair`
#   ({glue:text}`02_limitations.top_confused_rate:.1%` of either genre's tracks, on average).
# - Splits must keep artists apart. Ignoring them changes accuracy by
#   {glue:text}`02_limitations.artist_gap_points:+.1f` percentage points, which would not survive
#   new artists; every later chapter uses the official split.
# - Test accuracy on {glue:text}`02_limitations.n_test:,` tracks is uncertain: for the baseline
#   the interval runs from {glue:text}`02_limitations.official_low:.1%` to
#   {glue:text}`02_limitations.official_high:.1%`.
# - Features are summaries of a fixed recipe; results hold for the recipe of the
#   {glue:text}`02_limitations.feature_source` source, not for features in general.
