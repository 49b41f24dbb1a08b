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
# # What the models listen to
#
# **The question.** The original analysis {cite}`originalanalysis` set out to understand which
# features account for how people hear genre. The chapters before this one measure how well
# models predict; this one asks the fitted models what they rely on: which feature groups and
# statistics, which features for each genre, and which frequencies and moments of the clip
# change a network's answer.
#
# **Short answer.** The classical model questioned is chapter 03's
# {glue:text}`06_what_models_hear.model_name`, on {glue:text}`06_what_models_hear.n_test:,` test
# tracks. {glue:text}`06_what_models_hear.top_group_text` {glue:text}`06_what_models_hear.alone_text` The
# {glue:text}`06_what_models_hear.network_name` relies most, per genre, on these bands (centre
# frequency): {glue:text}`06_what_models_hear.top_bands`.
# {glue:text}`06_what_models_hear.time_story`

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
feature_source = "auto"  # 'own' (the dataset's features.csv), 'extracted' (genrebook extract) or 'auto'
image_source = "auto"  # spectrogram images: 'own' (the dataset's), 'extracted' (genrebook extract) or 'auto'
search = "full"  # hyperparameter search on the validation split, as chapter 03's: 'full' or 'quick'
repeats = 5  # shuffles of each feature group or statistic
baseline_input = "auto"  # as chapter 05: the plain CNN's images, 'mfcc', 'spectrogram' or 'auto'
image_height = 128  # as chapter 05: rows (mel bands) of the network input
image_width = 128  # as chapter 05: columns (time) of the network input
epochs = 40  # as chapter 05: most epochs per network, if one has to be trained
batch_size = 64  # as chapter 05: images per training step
per_genre = 25  # test tracks per genre whose images are occluded
n_bands = 16  # stripes of mel bands hidden one at a time
n_times = 16  # stretches of the clip hidden one at a time
n_examples = 3  # example clips with an occlusion map
seed = 0  # seed of every random choice (models, shuffles, bootstrap, sample)
jobs = -1  # worker processes (-1: all cores)
run_dir = "book"  # run folder whose results.json holds chapter 03's chosen model

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.importance import find_clip_seconds, fit_importance, run_occlusion
from genrebook.book.pages import importance
from genrebook.cnn.backend import configure_tensorflow

ch = setup_chapter("06_what_models_hear", globals())
configure_tensorflow(seed)  # before any TensorFlow op: seeds, determinism, one inter-op thread
ds = ch.dataset
seconds = find_clip_seconds(ds)

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## How the models are questioned
#
# A fitted model is not refitted to ask what it relies on. *Permutation importance*
# {cite}`breiman2001forests,fisher2019models` shuffles one feature group across the test tracks,
# so that its values no longer belong to the right track, and measures how much test accuracy
# the model loses. Here a whole group (every statistic of every MFCC coefficient, say) or one
# statistic across every group is shuffled at once, with one permutation for all its columns, so
# that correlated columns cannot stand in for each other inside the unit; each unit is shuffled
# {glue:text}`06_what_models_hear.repeats` times with the seed, and the 95% interval of the loss
# comes from resampling the test tracks {cite}`efron1979bootstrap`.
#
# The model questioned is the {glue:text}`06_what_models_hear.model_name`,
# {glue:text}`06_what_models_hear.chosen_by`, refitted with its parameters
# ({glue:text}`06_what_models_hear.model_params`) on the training split: it reads all
# {glue:text}`06_what_models_hear.n_features:,` features. The coefficients per genre come from the
# logistic regression {cite}`cox1958regression` tuned the same way
# ({glue:text}`06_what_models_hear.logreg_params`).

# %% tags=["remove-cell"]
imp = fit_importance(ds, run_dir=run_dir, search=search, repeats=repeats, seed=seed, jobs=jobs)
models = ch.glue_all(importance.describe_models(imp))

# %% [markdown]
# ## Which feature groups matter
#
# With nothing shuffled, the model gets {glue:text}`06_what_models_hear.baseline_accuracy:.1%` of
# the test tracks right. {glue:text}`06_what_models_hear.top_group_text`
# {glue:text}`06_what_models_hear.redundant_groups`

# %% tags=["remove-cell"]
groups = ch.glue_all(importance.rank_groups(imp))

# %% [markdown]
# ```{glue:figure} 06_what_models_hear.group_importance
# :name: fig-06-groups
# :alt: Horizontal bars of the test accuracy lost, in percentage points, when each feature group is shuffled, with 95% interval whiskers and a line at zero.
#
# Test accuracy the model loses when one feature group is shuffled (percentage points, mean over
# the shuffles, 95% interval over the test tracks). A bar whose whisker crosses zero marks a group
# the model can do without.
# ```

# %% tags=["remove-input"]
groups.table

# %% [markdown]
# The last column fits a logistic regression on each group alone, as {doc}`04_featurewise_logreg`
# does. {glue:text}`06_what_models_hear.alone_text`
#
# ## Which statistics matter
#
# Shuffling one statistic (the mean, say) of every group at once asks whether the model relies on
# a kind of summary of the clip rather than on a kind of sound.
# {glue:text}`06_what_models_hear.top_statistic_text`

# %% tags=["remove-cell"]
statistics = ch.glue_all(importance.rank_statistics(imp))

# %% [markdown]
# ```{glue:figure} 06_what_models_hear.statistic_importance
# :name: fig-06-statistics
# :alt: Horizontal bars of the test accuracy lost, in percentage points, when one statistic of every feature group is shuffled, with 95% interval whiskers.
#
# Test accuracy the model loses when one statistic of every feature group is shuffled at once
# (percentage points, 95% interval over the test tracks).
# ```
#
# ## What pushes a track towards each genre
#
# In the logistic regression every feature is standardised, so a coefficient is how much one
# standard deviation more of the feature raises the genre's log-odds against the others.
# {numref}`fig-06-genre-groups` then shows which genres lose recall when each of the important
# groups is shuffled in the model questioned above.

# %% tags=["remove-cell"]
coefficients = ch.glue_all(importance.describe_genre_features(imp))

# %% tags=["remove-input"]
coefficients.table

# %% [markdown]
# The largest coefficient of all is {glue:text}`06_what_models_hear.strongest_feature` for
# {glue:text}`06_what_models_hear.strongest_genre`
# ({glue:text}`06_what_models_hear.strongest_coefficient`). A coefficient describes the model,
# not the music: two correlated features can share or swap their weight.

# %% tags=["remove-cell"]
genre_groups = ch.glue_all(importance.describe_genre_groups(imp))

# %% [markdown]
# ```{glue:figure} 06_what_models_hear.genre_groups
# :name: fig-06-genre-groups
# :alt: A heatmap with feature groups as rows and genres as columns; red cells mark recall lost when the group is shuffled, blue cells recall gained.
#
# Recall of each genre lost when one feature group is shuffled (percentage points; red: lost,
# blue: gained), the most important groups first.
# ```
#
# Shuffling {glue:text}`06_what_models_hear.top_group` costs
# {glue:text}`06_what_models_hear.most_hurt_genre` the most: its recall falls by
# {glue:text}`06_what_models_hear.most_hurt_drop:.1%` of its test tracks.
#
# ## What the network hears
#
# Occlusion {cite}`zeiler2014visualizing` asks the same question of a network: hide a stripe of
# the spectrogram image and see how the network's answer changes. The network questioned is the
# audio-only network (it reads the images and nothing else) with the best validation accuracy
# among those of {doc}`05_cnn` that read spectrograms: the
# {glue:text}`06_what_models_hear.network_name`. A hidden stripe is set to the training images'
# mean level in each of its mel bands, an average sound rather than a silence no clip ever had.
# {glue:text}`06_what_models_hear.sample_text`, each of
# {glue:text}`06_what_models_hear.n_bands` stripes of mel bands is hidden in turn, and the
# probability the network gives the true genre is compared with the unhidden image's. The images
# span {glue:text}`06_what_models_hear.fmax_text`, on the mel scale {cite}`stevens1937mel`.

# %% tags=["remove-cell"]
hear = run_occlusion(ds, ch.params, per_genre=per_genre, n_bands=n_bands, n_times=n_times,
                     n_examples=n_examples, with_contrast=imp.contrast is not None)
bands = ch.glue_all(importance.describe_band_profiles(ds, hear, per_genre=per_genre))

# %% [markdown]
# ```{glue:figure} 06_what_models_hear.band_profiles
# :name: fig-06-bands
# :alt: Small line charts, one per genre, of the probability of the true genre lost against the frequency of the hidden band, on a mel axis labelled in hertz.
#
# Per genre, the probability of the true genre the network loses (percentage points, mean over the
# genre's sampled test tracks) when each range of mel bands is hidden, against the range's centre
# frequency (mel scale, labelled in Hz).
# ```

# %% tags=["remove-input"]
bands.table

# %% [markdown]
# {glue:text}`06_what_models_hear.band_story` Hiding one stripe of bands changes the network's
# answer on {glue:text}`06_what_models_hear.band_changed:.1%` of the images on average.
#
# ### Which part of the clip
#
# The same is done over time: each of {glue:text}`06_what_models_hear.n_times` stretches of the
# clip is hidden in turn. Hiding one stretch changes the answer on
# {glue:text}`06_what_models_hear.time_changed:.1%` of the images on average.

# %% tags=["remove-cell"]
times = ch.glue_all(importance.describe_time_profiles(hear, seconds=seconds, seed=seed))

# %% [markdown]
# ```{glue:figure} 06_what_models_hear.time_profiles
# :name: fig-06-times
# :alt: A heatmap with genres as rows and stretches of the clip in seconds as columns; red cells mark probability of the true genre lost when the stretch is hidden.
#
# Per genre, the probability of the true genre lost (percentage points) when each stretch of the
# clip is hidden.
# ```
#
# {glue:text}`06_what_models_hear.time_story`
#
# ### Examples
#
# {glue:text}`06_what_models_hear.examples_text` ({numref}`fig-06-examples`).

# %% tags=["remove-cell"]
examples = ch.glue_all(importance.show_examples(ds, hear, seconds=seconds))

# %% [markdown]
# ```{glue:figure} 06_what_models_hear.examples
# :name: fig-06-examples
# :alt: For each example clip, its spectrogram image on the left and, on the right, a map of the probability of the true genre lost when each patch is hidden, both with time in seconds across and frequency in hertz up.
#
# Example test clips: the spectrogram image (left) and the probability of the true genre lost when
# each patch is hidden (right; red: the patch supports the answer, blue: it speaks against it).
# ```

# %% tags=["remove-input"]
examples.tables["listen"]

# %% [markdown]
# ## Do the two kinds of model tell the same story?
#
# The classical model reads statistics of the whole clip; the network reads the image. Where the
# features measure energy in octave bands (FMA's spectral contrast, seven bands from below 200 Hz
# to above 6.4 kHz), shuffling one band's statistics in the classical model and hiding the same
# octave from the network can be set side by side, genre by genre.

# %% tags=["remove-cell"]
stories = ch.glue_all(importance.compare_stories(imp, hear))

# %% [markdown]
# {glue:text}`06_what_models_hear.band_agreement` {glue:text}`06_what_models_hear.time_story`

# %% tags=["remove-cell"]
cost = ch.glue_all(importance.summarize_cost(ds, hear))

# %% [markdown]
# ## Takeaways
#
# - {glue:text}`06_what_models_hear.top_group_text`
# - {glue:text}`06_what_models_hear.top_statistic_text`
# - The {glue:text}`06_what_models_hear.network_name` listens lowest for
#   {glue:text}`06_what_models_hear.lowest_genre` and highest for
#   {glue:text}`06_what_models_hear.highest_genre`.
# - {glue:text}`06_what_models_hear.band_agreement`
#
# The classical fits and shuffles took {glue:text}`06_what_models_hear.classical_seconds` s, the
# occlusions {glue:text}`06_what_models_hear.occlusion_seconds` s.

# %% tags=["remove-input"]
ch.show_parameters()
