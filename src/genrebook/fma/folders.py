"""Where a dataset named on the command line or in a chapter parameter lives: ``demo``, ``fma`` or a folder.

Used in: every chapter, ``genrebook prepare``, ``genrebook run``.
"""

from __future__ import annotations

import os
from pathlib import Path

from genrebook.config import resolve_data_home

#: Dataset names that ``prepare`` understands besides a folder path.
DATASET_ALIASES = ("demo", "fma")


#: Parameters of the default demo dataset of the book.
DEMO_DEFAULTS = {"n_per_genre": 30, "seed": 0}


def resolve_demo_dir(out: str | os.PathLike | None = None) -> Path:
    """Return the demo dataset's folder: ``out``, else ``<data home>/demo``."""
    return Path(out) if out is not None else resolve_data_home() / "demo"


def resolve_dataset(spec: str | os.PathLike) -> Path:
    """Turn ``'demo'``, ``'fma'`` or a folder path into a dataset folder path (nothing is made).

    Raises
    ------
    FileNotFoundError
        A path that is not a dataset folder, with the names that are allowed.
    """
    if str(spec) == "demo":
        return resolve_demo_dir()
    if str(spec) == "fma":
        return resolve_data_home() / "fma_small"
    path = Path(spec).expanduser()
    if not (path / "tracks.csv").is_file():
        raise FileNotFoundError(
            f"dataset must be 'demo', 'fma' or a folder holding tracks.csv and genres.csv; "
            f"{path} has no tracks.csv"
        )
    return path
