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
# answers it on the Free Music Archive {cite}`defferrard2017fma`, subset `fma_small`: eight
# balanced top-level genres, 30-second clips, and FMA's official training / validation / test
# split, which keeps every artist in one split. Every number on these pages is computed when
# the book is built, and every chapter re-runs from one command.
#
# **This build** ran on {glue:text}`00_intro.dataset_name`
# ({glue:text}`00_intro.dataset_kind`): {glue:text}`00_intro.n_tracks:,` tracks in
# {glue:text}`00_intro.n_genres` genres by {glue:text}`00_intro.n_artists:,` artists, split
# {glue:text}`00_intro.n_training:,` / {glue:text}`00_intro.n_validation:,` /
# {glue:text}`00_intro.n_test:,` for training, validation and test.

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
run_dir = "book"  # folder of the run this page summarises (set by genrebook run)

# %% tags=["remove-cell"]
from genrebook.book.chapter import setup_chapter
from genrebook.book.results import load_results, summarize_results
from genrebook.fma.summary import summarize_dataset

ch = setup_chapter("00_intro", globals())

# %% tags=["remove-input"]
ch.show_header()

# %% tags=["remove-cell"]
facts = summarize_dataset(ch.dataset)
for key in ("dataset_name", "n_tracks", "n_genres", "n_artists", "n_training", "n_validation", "n_test"):
    ch.glue(key, facts[key.replace("dataset_", "")])
ch.glue("dataset_kind", "synthetic demo data" if facts["synthetic"] else "real FMA data");

# %% [markdown]
# ## Results at a glance
#
# The headline numbers of each chapter of this build, read from the `results.json` the chapter
# runs wrote (every value is also glued into its chapter's prose).

# %% tags=["remove-input"]
summarize_results(load_results(ch.params["run_dir"]), exclude=("00_intro", "99_execution"))

# %% [markdown]
# ## How to read this book
#
# - **The data** describes the dataset and measures what limits any genre classifier on it:
#   subjective, multi-genre labels and the artist effect.
# - Later parts fit models to the features and the spectrograms, and group songs without labels.
# - **About this build** lists every chapter's run time, parameters and dataset, and the
#   references.
#
# Re-run a chapter with other parameters with `genrebook run 02_limitations -p seed 7 --out runs/seed7`,
# or build the whole book on another dataset with `make book DATASET=path/to/folder`.
