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
# # Execution
#
# **What ran, on what, and for how long.** Every chapter of this build was executed by
# papermill through `genrebook run`; this page lists each run's time, parameters and dataset.
# Together the chapters took {glue:text}`99_execution.total_seconds:.0f` s of execution on
# {glue:text}`99_execution.dataset_name`, with genrebook {glue:text}`99_execution.version`.

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
run_dir = "book"  # folder of the run this page summarises (set by genrebook run)

# %% tags=["remove-cell"]
from genrebook import __version__
from genrebook.book.chapter import setup_chapter
from genrebook.book.results import load_runs, summarize_runs

ch = setup_chapter("99_execution", globals())

# %% tags=["remove-input"]
ch.show_header()

# %% tags=["remove-cell"]
runs = summarize_runs(load_runs(ch.params["run_dir"]), exclude=("99_execution",))
ch.glue("total_seconds", float(runs["seconds"].sum()))
ch.glue("dataset_name", ch.dataset.name)
ch.glue("version", __version__);

# %% [markdown]
# ## Runs
#
# One row per chapter: when it finished, how long it ran, and the parameters it ran with.
# A chapter is executed again only when its source, its parameters, its dataset or the package
# code change, so the times are those of the last real execution.

# %% tags=["remove-input"]
runs
