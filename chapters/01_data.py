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
# {glue:text}`01_data.n_validation:,` / {glue:text}`01_data.n_test:,`; no artist appears in more
# than one split ({glue:text}`01_data.artists_in_several_splits` do). Each track is described by
# {glue:text}`01_data.n_feature_columns` feature values in {glue:text}`01_data.n_groups` groups.

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
seed = 0  # seed of every random choice
n_examples = 8  # clips shown in 'looking and listening' (one per genre at most)

# %% tags=["remove-cell"]
from IPython.display import Audio, display

import matplotlib.pyplot as plt

from genrebook.book.chapter import setup_chapter
from genrebook.fma.audio import load_audio
from genrebook.fma.summary import (
    count_artists, count_tracks, describe_feature_groups, describe_genre_hierarchy, pick_examples,
    rank_features_by_genre, read_clip_durations, summarize_dataset,
)
from genrebook.plots.data import (
    plot_clip_views, plot_durations, plot_feature_by_genre, plot_feature_correlation,
    plot_spectrogram_images, plot_split_counts, plot_tracks_per_artist,
)

ch = setup_chapter("01_data", globals())
ds = ch.dataset

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## The dataset
#
# ### Tracks per genre and split
#
# The official split puts about 80 % of the tracks in training and 10 % each in validation and
# test. The table counts tracks per genre and split; the figure shows the same.

# %% tags=["remove-cell"]
facts = summarize_dataset(ds)
for key in ("n_tracks", "n_genres", "n_artists", "n_training", "n_validation", "n_test", "n_audio",
            "n_spectrograms", "n_excluded"):
    ch.glue(key, facts[key])
counts = count_tracks(ds)
ch.glue("smallest_genre", counts.drop(index="all")["total"].idxmin())
ch.glue("smallest_genre_tracks", int(counts.drop(index="all")["total"].min()))

# %% tags=["remove-input"]
display(counts)
fig, ax = plot_split_counts(counts)

# %% [markdown]
# The smallest genre is {glue:text}`01_data.smallest_genre` with
# {glue:text}`01_data.smallest_genre_tracks:,` tracks: the classes are balanced, so accuracy is a
# fair summary and chance is one in {glue:text}`01_data.n_genres`.
# {glue:text}`01_data.n_excluded:,` tracks of the dataset's files were left out (see the
# chapter on limitations for which and why).
#
# ### The genre hierarchy
#
# FMA's genres form a tree: {glue:text}`01_data.n_fma_genres` genres, of which
# {glue:text}`01_data.n_fma_top_genres` are top-level. The table shows, for each genre of this
# dataset, how much of the tree hangs below it; a track's `genre_top` is the root of the genres
# its artist chose.

# %% tags=["remove-cell"]
hierarchy = describe_genre_hierarchy(ds.genres, ds.genre_names)
ch.glue("n_fma_genres", len(ds.genres))
ch.glue("n_fma_top_genres", int((ds.genres["parent"] == 0).sum()))

# %% tags=["remove-input"]
hierarchy

# %% [markdown]
# ### Clip durations
#
# {glue:text}`01_data.n_audio:,` tracks have an audio file in this dataset; their durations
# (read from the file headers) have a median of {glue:text}`01_data.median_duration:.2f` s.

# %% tags=["remove-cell"]
durations = read_clip_durations(ds.tracks["audio"])
ch.glue("median_duration", float(durations.median()) if len(durations) else float("nan"))

# %% tags=["remove-input"]
if len(durations):
    fig, ax = plot_durations(durations)

# %% [markdown]
# ### Artists per split
#
# FMA's split is *artist-filtered*: all tracks of an artist sit in the same split, so a model
# cannot score by recognising an artist it has seen in training. The table checks it.

# %% tags=["remove-cell"]
artists = count_artists(ds.tracks)
ch.glue("artists_in_several_splits", int(artists["artists also in another split"].sum()))
ch.glue("median_tracks_per_artist", float(artists.loc["training", "tracks per artist (median)"]))

# %% tags=["remove-input"]
display(artists)
fig, ax = plot_tracks_per_artist(ds.tracks)

# %% [markdown]
# A training artist contributes a median of {glue:text}`01_data.median_tracks_per_artist:.0f`
# tracks; a few contribute many, which is why keeping artists apart matters.
#
# ## The features
#
# ### Groups, statistics and widths
#
# The features come from the {glue:text}`01_data.feature_source` source. Each group is a
# frame-wise audio descriptor summarised over time by statistics:

# %% tags=["remove-cell"]
groups = describe_feature_groups(ds.features)
ch.glue("n_feature_columns", int(groups["columns"].sum()) if len(groups) else 0)
ch.glue("n_groups", len(groups))
ch.glue("feature_source", f"{ds.feature_source} features.csv" if ds.feature_source else "no")

# %% tags=["remove-input"]
groups

# %% [markdown]
# ### How they relate
#
# The heatmap correlates every coefficient's mean over time with every other, across all
# tracks. Blocks along the diagonal are groups whose coefficients move together; strong
# off-diagonal blocks mean two groups partly measure the same thing.

# %% tags=["remove-input"]
if ds.features is not None:
    fig, ax = plot_feature_correlation(ds.features)

# %% [markdown]
# Which single feature separates the genres best? Ranked by the ANOVA F statistic on the
# training split, it is **{glue:text}`01_data.best_feature`** (F = {glue:text}`01_data.best_feature_f:.1f`):

# %% tags=["remove-cell"]
ranking = rank_features_by_genre(ds.features, ds.tracks)
ch.glue("best_feature", ranking.index[0])
ch.glue("best_feature_f", float(ranking.iloc[0]))
best = ds.features.loc[:, tuple(ranking.index[0].split("/"))]

# %% tags=["remove-input"]
fig, ax = plot_feature_by_genre(best, ds.tracks["genre"], label=ranking.index[0])

# %% [markdown]
# Even the best single feature overlaps heavily between genres: classification has to combine many.
#
# ## Looking and listening
#
# One clip per genre where the dataset has audio: its waveform, log-mel spectrogram, MFCCs and
# chroma, and a player. {glue:text}`01_data.n_listen` clips are shown.

# %% tags=["remove-cell"]
examples = pick_examples(ds.tracks, "audio", n=n_examples, seed=seed)
ch.glue("n_listen", len(examples))

# %% tags=["remove-input"]
for track_id, row in examples.iterrows():
    y, sr = load_audio(row["audio"])
    fig, axes = plot_clip_views(y, sr, title=f"{row['genre']} ({track_id:06d})")
    display(fig, Audio(filename=row["audio"]))
    plt.close(fig)

# %% [markdown]
# Where a genre has no audio file here, its spectrogram image stands in: one per genre below
# ({glue:text}`01_data.n_images` images, low frequencies at the bottom).

# %% tags=["remove-cell"]
images = pick_examples(ds.tracks, "spectrogram", n=n_examples, seed=seed)
ch.glue("n_images", len(images))

# %% tags=["remove-input"]
if len(images):
    fig, axes = plot_spectrogram_images(list(images["spectrogram"]),
                                              [f"{g} ({t:06d})" for t, g in images["genre"].items()])

# %% [markdown]
# ## Takeaways
#
# - The genres are balanced and the split keeps artists apart, so test accuracy measures
#   generalisation to new artists.
# - Feature groups are correlated within themselves and partly across groups; no single feature
#   separates the genres.
# - The clips differ visibly in rhythm (vertical stripes), timbre (the spread of energy over
#   mel bands) and harmony (chroma).
