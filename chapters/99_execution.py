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
# papermill {cite}`papermill` through `genrebook run` and rendered by Jupyter Book
# {cite}`jupyterbook`. Together the {glue:text}`99_execution.n_chapters` chapters took
# {glue:text}`99_execution.total_text` of execution on {glue:text}`99_execution.dataset_name`,
# with genrebook {glue:text}`99_execution.version` at commit {glue:text}`99_execution.commit`,
# Python {glue:text}`99_execution.python`, on a machine with {glue:text}`99_execution.cores`
# cores and {glue:text}`99_execution.gpu`.

# %% tags=["parameters", "remove-cell"]
dataset = "demo"  # dataset folder, or 'demo' for the synthetic demo dataset
run_dir = "book"  # folder of the run this page summarises (set by genrebook run)

# %% tags=["remove-cell"]
from genrebook import __version__
from genrebook.book.chapter import setup_chapter
from genrebook.book.pages import execution
from genrebook.book.results import load_runs

ch = setup_chapter("99_execution", globals())
runs = ch.glue_all(execution.summarize_execution(load_runs(ch.params["run_dir"]), dataset_name=ch.dataset.name,
                                                 version=__version__))

# %% tags=["remove-input"]
ch.show_header()

# %% [markdown]
# ## Runs
#
# One row per chapter: its dataset, whether it ran, how long it took, when it finished, and the
# parameters it ran with. A chapter is executed again only when its source, its parameters, its
# dataset or the package code change, so the times are those of its last real execution. A commit
# ending in `+` had changes not yet committed. A chapter whose dataset lacks what it needs is
# explained rather than run: its page says what it needs and how to get it.
# {glue:text}`99_execution.explained_note`

# %% tags=["remove-input"]
runs.tables["runs"]

# %% [markdown]
# ## Software
#
# The versions of the packages that do the work (all pinned in `requirements.txt`):

# %% tags=["remove-input"]
runs.tables["packages"]

# %% tags=["remove-input"]
ch.show_parameters()
