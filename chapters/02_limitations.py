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
# **The question.** Before any model is tuned: what in this dataset limits what a genre
# classifier can learn, and what its test accuracy means?
#
# **Short answer.** Each track gets one genre label, though
# {glue:text}`02_limitations.multi_genre_share:.1%` of the tracks are tagged with several genres.
# For one fixed model, a logistic regression with C = 1, not tuned,
# {glue:text}`02_limitations.artist_effect`. On the official split it predicts
# {glue:text}`02_limitations.official_accuracy:.1%` of the {glue:text}`02_limitations.n_test:,`
# test tracks correctly (95% interval {glue:text}`02_limitations.official_interval`).
# {glue:text}`02_limitations.confused_verdict` The features are
# {glue:text}`02_limitations.n_feature_groups` groups of statistics over time
# ({glue:text}`02_limitations.feature_groups`).

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
seed = 0  # seed of every random choice
n_random_splits = 5  # random splits that ignore artists, to measure the artist effect

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.pages import limitations as page

ch = setup_chapter("02_limitations", globals())
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## One label, several genres
#
# The book classifies each track into one top-level genre, its label. FMA lets artists tag a
# track with several genres at any level of FMA's genre tree {cite}`defferrard2017fma`, and adds
# every genre above them in the tree. The table counts the tracks that carry more than one genre
# in each view; the genres with their ancestors are
# {glue:text}`02_limitations.genres_all_source`.

# %% tags=["remove-cell"]
labels = ch.glue_all(page.count_labels(ds))

# %% tags=["remove-input"]
labels.table

# %% [markdown]
# ```{glue:figure} 02_limitations.genres_per_track
# :name: fig-02-genres-per-track
# :alt: Stacked horizontal bars, one per genre, splitting its tracks by how many genres they are tagged with.
#
# How many genres each track is tagged with, as a percentage of its genre's tracks (tags at any
# level of the genre tree; the most mixed genres at the top).
# ```
#
# Of the {glue:text}`02_limitations.n_tracks:,` tracks, {glue:text}`02_limitations.multi_genre_share:.1%`
# are tagged with several genres, and {glue:text}`02_limitations.multi_genre_share_all:.1%` carry
# several once the ancestors are added ({numref}`fig-02-genres-per-track` shows it genre by genre).
# {glue:text}`02_limitations.top_level_mixing` The extra genres are finer distinctions inside one
# top-level genre, which a classifier of top-level genres never sees.
#
# ### Which genres travel together

# %% tags=["remove-cell"]
pairs = ch.glue_all(page.rank_genre_pairs(ds))

# %% tags=["remove-input"]
pairs.table

# %% [markdown]
# {glue:text}`02_limitations.top_pairs` Many of the pairs are a genre with one of its own
# sub-genres; others join two sub-genres of one top-level genre. A sub-genre may sound closer to
# another top-level genre than to its own, which the single label cannot say.
#
# ## The artist effect
#
# FMA's official split keeps every artist in one split. When tracks of one artist sit in both
# training and test, a classifier can score by recognising the artist (voice, production,
# recording chain) instead of the genre, and its accuracy overstates how it does on new artists
# {cite}`flexer2007artist`. To measure that here, one fixed model, a logistic regression with
# C = 1, not tuned (median imputation, standardisation and an L2 penalty, with scikit-learn
# {cite}`pedregosa2011sklearn`), is fitted on the official training split and on
# {glue:text}`02_limitations.n_random_splits` random splits of the same sizes, stratified by
# genre, that ignore artists. Each is scored on its own test split. The model is fixed because
# the comparison is between splits: no split's validation set may choose anything. Chapter
# {doc}`03_classical_models` tunes C on the validation split instead, and on a small test split a
# tuned model can score lower than this one.

# %% tags=["remove-cell"]
artists = ch.glue_all(page.measure_artist_effect(ds, seed=seed, n_random_splits=n_random_splits))

# %% tags=["remove-input"]
artists.table

# %% [markdown]
# ```{glue:figure} 02_limitations.artist_splits
# :name: fig-02-artist-effect
# :alt: Test accuracy of the official split, with its interval, against the accuracies of the random splits.
#
# Test accuracy (%) of the logistic regression with C = 1, not tuned: on the official,
# artist-filtered split (diamond, with its 95% bootstrap interval) and on
# {glue:text}`02_limitations.n_random_splits` random splits that ignore artists (dots; dashed line:
# their mean).
# ```
#
# On the official split, {glue:text}`02_limitations.official_known_artists`. In the random
# splits, on average {glue:text}`02_limitations.random_artist_overlap_share:.1%` of the test tracks
# do. On average, {glue:text}`02_limitations.artist_effect` ({numref}`fig-02-artist-effect`;
# the random splits vary with a standard deviation of {glue:text}`02_limitations.random_split_sd:.1%`).
# {glue:text}`02_limitations.artist_verdict`
#
# ## Where the model errs
#
# The confusion matrix of the official test split shows, for each true genre, where its tracks
# go ({numref}`fig-02-confusion`), for the same logistic regression with C = 1, not tuned.

# %% tags=["remove-cell"]
confusions = ch.glue_all(page.find_confusions(ds, seed=seed))

# %% tags=["remove-input"]
confusions.table

# %% [markdown]
# ```{glue:figure} 02_limitations.confusion
# :name: fig-02-confusion
# :alt: Heat map of true genre against predicted genre, each cell the percentage of the true genre's test tracks.
#
# Confusion of the logistic regression with C = 1, not tuned, on the official test split: each
# row is a true genre, each cell the percentage of its test tracks predicted as the column's genre.
# ```
#
# The model predicts {glue:text}`02_limitations.official_accuracy:.1%` of the
# {glue:text}`02_limitations.n_test:,` test tracks correctly.
# {glue:text}`02_limitations.confused_verdict` Such pairs are where genre boundaries are fuzzy,
# in the labels as much as in the sound.
#
# That accuracy is itself uncertain: its {glue:text}`02_limitations.interval_level:.0%` bootstrap
# interval over the test tracks {cite}`efron1979bootstrap` is
# {glue:text}`02_limitations.official_interval`. That is why this book compares two models on the
# same test tracks with a paired test, McNemar's exact test {cite}`mcnemar1947`, not by their
# accuracies alone.
#
# ## Clips left out
#
# fma_small has clips known to be broken: too short, or without audio. The loader leaves them
# out, along with tracks that have no split, no genre or no features.

# %% tags=["remove-cell"]
left_out = ch.glue_all(page.check_left_out(ds))

# %% tags=["remove-input"]
left_out.table

# %% [markdown]
# {glue:text}`02_limitations.known_bad_verdict` {glue:text}`02_limitations.exclusions_verdict`
# Tracks left out are in no split, so every count and accuracy of this book is over the
# remaining tracks.
#
# ## What the features can and cannot tell
#
# The models of this book see {glue:text}`02_limitations.n_feature_groups` feature groups
# ({glue:text}`02_limitations.feature_groups`) from {glue:text}`02_limitations.feature_source`:
# frame-wise descriptors summarised over time by statistics
# ({glue:text}`02_limitations.feature_statistics`; the table lists each group's). The same
# logistic regression with C = 1, not tuned, is also fitted on each group alone.

# %% tags=["remove-cell"]
groups = ch.glue_all(page.rank_feature_groups(ds, seed=seed))

# %% tags=["remove-input"]
groups.table

# %% [markdown]
# Alone, the best group is {glue:text}`02_limitations.best_group`
# ({glue:text}`02_limitations.best_group_accuracy:.1%`, against
# {glue:text}`02_limitations.official_accuracy:.1%` for all groups together).
# {glue:text}`02_limitations.group_verdict` Statistics over time discard the order of events:
# rhythm, structure and how a sound evolves are seen only through their spread.
#
# ### Two sources of features
#
# A features.csv does not record its recipe (which part of each clip, which sample rate), and two
# files with the same column names need not hold the same numbers. This dataset has
# {glue:text}`02_limitations.feature_sources`; where it has both, the table compares their shared
# columns track by track.

# %% tags=["remove-cell"]
sources = ch.glue_all(page.compare_sources(ds))

# %% tags=["remove-input"]
sources.table

# %% [markdown]
# {glue:text}`02_limitations.source_agreement` A correlation far below one means the two files
# describe the clips differently (another part of the clip, another sample rate or another
# implementation), so numbers obtained with one do not carry over to the other.
#
# ## Takeaways
#
# - One label per track is a simplification: {glue:text}`02_limitations.multi_genre_share:.1%` of
#   the tracks are tagged with several genres, and the model's worst confusions are between
#   genres whose boundaries are fuzzy.
# - Splits must keep artists apart {cite}`flexer2007artist`: for the logistic regression with
#   C = 1, not tuned, {glue:text}`02_limitations.artist_effect`. Every later chapter uses the
#   official split.
# - A test accuracy on {glue:text}`02_limitations.n_test:,` tracks is uncertain: here its interval
#   is {glue:text}`02_limitations.official_interval`.
# - Features are summaries of a fixed recipe; results hold for
#   {glue:text}`02_limitations.feature_source`, not for features in general.

# %% tags=["remove-input"]
ch.show_parameters()
