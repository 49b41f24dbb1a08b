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
# # The data
#
# **The question.** What exactly are we classifying: how many tracks, which genres, which
# artists, which features, and what do the clips look and sound like?
#
# **Short answer.** {glue:text}`01_data.n_tracks:,` tracks in {glue:text}`01_data.n_genres`
# genres by {glue:text}`01_data.n_artists:,` artists, split {glue:text}`01_data.n_training:,` /
# {glue:text}`01_data.n_validation:,` / {glue:text}`01_data.n_test:,` for training, validation and
# test; {glue:text}`01_data.artist_separation`. {glue:text}`01_data.features_text`

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
seed = 0  # seed of every random choice
n_examples = 8  # clips shown in 'looking and listening' (one per genre at most)

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.pages import data

ch = setup_chapter("01_data", globals())
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## The dataset
#
# ### Tracks per genre and split
#
# The split puts {glue:text}`01_data.training_share:.0%` of the tracks in training,
# {glue:text}`01_data.validation_share:.0%` in validation and {glue:text}`01_data.test_share:.0%` in
# test; {numref}`fig-split-counts` shows the counts per genre.

# %% tags=["remove-cell"]
tracks = ch.glue_all(data.summarize_tracks(ds))

# %% tags=["remove-input"]
tracks.table

# %% [markdown]
# ```{glue:figure} 01_data.split_counts
# :name: fig-split-counts
# :alt: Bar chart of the number of tracks of each genre, one bar per split.
#
# Tracks per genre in the training, validation and test splits.
# ```
#
# The smallest genre is {glue:text}`01_data.smallest_genre` with
# {glue:text}`01_data.smallest_genre_tracks:,` tracks out of {glue:text}`01_data.n_tracks:,`.
# {glue:text}`01_data.n_excluded:,` tracks of the dataset's files were left out; the chapter
# {doc}`02_limitations` says which and why.
#
# ### The genre hierarchy
#
# FMA's genres form a tree: {glue:text}`01_data.n_fma_genres` genres, of which
# {glue:text}`01_data.n_fma_top_genres` are top-level. The table shows, for each genre of this
# dataset, how much of the tree hangs below it; a track's top genre is the root of the genres
# its artist chose.

# %% tags=["remove-cell"]
hierarchy = ch.glue_all(data.describe_hierarchy(ds))

# %% tags=["remove-input"]
hierarchy.table

# %% [markdown]
# ### Clip durations
#
# {glue:text}`01_data.durations_text` ({numref}`fig-durations`).

# %% tags=["remove-cell"]
durations = ch.glue_all(data.describe_durations(ds))

# %% [markdown]
# ```{glue:figure} 01_data.durations
# :name: fig-durations
# :alt: Histogram of clip durations in seconds.
#
# Durations of the clips with audio, in seconds, read from the files' headers.
# ```
#
# ### Artists per split
#
# FMA's split is *artist-filtered*: all tracks of an artist sit in the same split, so a model
# cannot score by recognising an artist it has seen in training. The table checks it.

# %% tags=["remove-cell"]
artists = ch.glue_all(data.describe_artists(ds))

# %% tags=["remove-input"]
artists.table

# %% [markdown]
# ```{glue:figure} 01_data.tracks_per_artist
# :name: fig-tracks-per-artist
# :alt: Histogram of the number of tracks per artist in the training split.
#
# How many tracks each artist contributes.
# ```
#
# In this dataset, {glue:text}`01_data.artist_separation`. A training artist contributes a
# median of {glue:text}`01_data.median_tracks_per_artist:.0f` tracks; a few contribute many
# ({numref}`fig-tracks-per-artist`), which is why keeping artists apart matters.
#
# ## The features
#
# ### Groups, statistics and widths
#
# {glue:text}`01_data.features_text` Each group is a frame-wise audio descriptor computed with
# librosa {cite}`mcfee2015librosa` and summarised over time by statistics, as FMA defines them
# {cite}`defferrard2017fma`:

# %% tags=["remove-cell"]
features = ch.glue_all(data.describe_features(ds))

# %% tags=["remove-input"]
features.table

# %% [markdown]
# ### How they relate
#
# {numref}`fig-correlation` correlates every coefficient's mean over time with every other,
# across all tracks. Blocks along the diagonal are groups whose coefficients move together;
# strong off-diagonal blocks mean two groups partly measure the same thing.
#
# ```{glue:figure} 01_data.correlation
# :name: fig-correlation
# :alt: Heat map of the correlations between the features' means, coefficient against coefficient.
#
# Correlation between the mean over time of every feature coefficient, across all tracks.
# ```
#
# Which single feature separates the genres best, ranked by the ANOVA F statistic on the training
# split (scikit-learn's `f_classif` {cite}`pedregosa2011sklearn`)?
# {glue:text}`01_data.best_feature_text` ({numref}`fig-best-feature`).

# %% tags=["remove-cell"]
single = ch.glue_all(data.rank_single_features(ds))

# %% [markdown]
# ```{glue:figure} 01_data.best_feature_by_genre
# :name: fig-best-feature
# :alt: Box plots of the best single feature's values, one box per genre.
#
# The values of the single best-separating feature, by genre.
# ```
#
# Even the best single feature overlaps heavily between genres: classification has to combine many.
#
# ## Looking and listening
#
# {glue:text}`01_data.listen_text`

# %% tags=["remove-cell"]
listening = ch.glue_all(data.pick_listening(ds, n=n_examples, seed=seed))

# %% tags=["remove-input"]
listening.table

# %% [markdown]
# ```{glue:figure} 01_data.clip_views
# :name: fig-clip-views
# :alt: Four panels of one clip: waveform, log-mel spectrogram, MFCCs and chroma over time.
#
# {glue:text}`01_data.clip_views_caption`
# ```
#
# ```{glue:figure} 01_data.images
# :name: fig-images
# :alt: A grid of log-mel spectrogram images, one per genre, low frequencies at the bottom.
#
# The spectrogram image the networks of {doc}`05_cnn` read, one per genre
# ({glue:text}`01_data.n_images` images; low frequencies at the bottom, time to the right).
# ```
#
# ## Takeaways
#
# - The split keeps artists apart ({glue:text}`01_data.artist_separation`), so test accuracy
#   measures how well a model generalises to new artists.
# - Feature groups are correlated within themselves and partly across groups; no single feature
#   separates the genres.
# - {glue:text}`01_data.clips_takeaway`

# %% tags=["remove-input"]
ch.show_parameters()
