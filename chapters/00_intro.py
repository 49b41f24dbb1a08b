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
# # Predicting the genre of a song from its audio
#
# **The question.** Can a computer tell the genre of a song from its sound alone? This book
# answers it on the Free Music Archive {cite}`defferrard2017fma`, subset fma_small: eight
# balanced top-level genres, 30-second clips, and FMA's official training / validation / test
# split, which keeps every artist in one split. Every number on these pages is computed when the
# book is built, and every chapter re-runs from one command.
#
# **This build** ran on {glue:text}`00_intro.dataset_name` ({glue:text}`00_intro.dataset_kind`):
# {glue:text}`00_intro.n_tracks:,` tracks in {glue:text}`00_intro.n_genres` genres by
# {glue:text}`00_intro.n_artists:,` artists, split {glue:text}`00_intro.n_training:,` /
# {glue:text}`00_intro.n_validation:,` / {glue:text}`00_intro.n_test:,` for training, validation
# and test.

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
run_dir = "book"  # folder of the run this page summarises (set by genrebook run)

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.pages import intro
from genrebook.book.results import load_results, load_runs

ch = setup_chapter("00_intro", globals())
build = ch.glue_all(intro.describe_build(ch.dataset))

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## The answer in short
#
# - {glue:text}`00_intro.answer_models`
# - {glue:text}`00_intro.answer_artists`
# - {glue:text}`00_intro.answer_networks`
# - {glue:text}`00_intro.answer_listening`
# - {glue:text}`00_intro.answer_ensemble`
# - {glue:text}`00_intro.answer_clusters`

# %% tags=["remove-cell"]
findings = ch.glue_all(intro.summarize_findings(load_results(ch.params["run_dir"]), ch.dataset,
                                                load_runs(ch.params["run_dir"])))

# %% [markdown]
# ```{glue:figure} 00_intro.accuracies
# :name: fig-00-accuracies
# :alt: Dot plot of every model's test accuracy with a horizontal bar for its 95% interval, a dashed chance line, and crosses at the accuracies reported elsewhere.
#
# Test accuracy of every model of this build (dots) with its 95% bootstrap interval (bars),
# chance (dashed line), and {glue:text}`00_intro.reported_crosses`
# {cite}`originalanalysis,defferrard2017fma` (crosses; figures reported elsewhere, not recomputed
# here). Classical models in blue ({doc}`03_classical_models`), networks in green ({doc}`05_cnn`).
# ```
#
# The headline of each chapter, with a link to it:

# %% tags=["remove-input"]
findings.table

# %% [markdown]
# ## How to read this book
#
# - **The data** describes the dataset ({doc}`01_data`) and measures what limits any genre
#   classifier on it ({doc}`02_limitations`): subjective, multi-genre labels and the artist effect.
# - **Models** fit classical classifiers to the features ({doc}`03_classical_models`), one feature
#   group at a time ({doc}`04_featurewise_logreg`), and convolutional networks to the
#   spectrograms ({doc}`05_cnn`), then asks the fitted models what they rely on
#   ({doc}`06_what_models_hear`).
# - **Beyond genres** groups the songs without their labels ({doc}`07_clustering`).
# - **About this build** lists every chapter's run time, parameters and machine
#   ({doc}`99_execution`), and the {doc}`references`.
#
# Re-run a chapter with other parameters with `genrebook run 02_limitations -p seed 7 --out runs/seed7`,
# or build the whole book on another dataset with `make book DATASET=path/to/folder`.

# %% tags=["remove-input"]
ch.show_parameters()
