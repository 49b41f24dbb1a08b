# genrebook: two commands do all set-up on a fresh clone.
#   make book   -> .venv, demo dataset, feature extraction, chapters, static HTML in _build/html
#   make test   -> .venv, then the test suite
# DATASET=demo (default), DATASET=PATH (any dataset folder), DATASET=fma (downloads fma_small) or
# DATASET=fma-metadata (FMA's official features of fma_small, no audio); SUBSET=medium|large picks
# another FMA subset for fma and fma-metadata (e.g. make book DATASET=fma-metadata SUBSET=medium).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATASET ?= demo
SUBSET ?= small
# the name genrebook reads: fma and fma-metadata take the subset after a colon (small needs none)
DATASET_SPEC := $(if $(and $(filter fma fma-metadata,$(DATASET)),$(filter-out small,$(SUBSET))),$(DATASET):$(SUBSET),$(DATASET))
JOBS ?= -1
PYTEST_ARGS ?= -m "not slow"
# the demo book runs the quick settings (book/demo_params.yaml); real data runs the published ones
BOOK_PARAMS ?= $(if $(filter demo,$(DATASET)),--params book/demo_params.yaml,)

export NUMBA_CACHE_DIR := $(CURDIR)/.cache/numba
export MPLCONFIGDIR := $(CURDIR)/.cache/matplotlib

.PHONY: book test venv data clean

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m ipykernel install --sys-prefix --name genrebook --display-name "genrebook (.venv)" >/dev/null
	@touch $(STAMP)

data: $(STAMP)
	$(BIN)/genrebook prepare $(DATASET_SPEC) --jobs $(JOBS)

book: $(STAMP)
	$(BIN)/genrebook book --dataset $(DATASET_SPEC) --jobs $(JOBS) $(BOOK_PARAMS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf _build .pytest_cache
