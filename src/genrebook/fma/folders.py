"""Where a dataset named on the command line or in a chapter parameter lives: ``demo``, FMA's or a folder.

FMA's downloads are named ``fma`` (audio and metadata, fma_small) and ``fma-metadata`` (the
official features without the audio, fma_small); either takes another subset after a colon:
``fma:medium``, ``fma-metadata:large``.

Used in: every chapter, ``genrebook prepare``, ``genrebook run``, ``make book DATASET=...``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from genrebook.config import resolve_data_home
from genrebook.fma.download import check_subset, name_fma_folder

#: Dataset names that ``prepare`` understands besides a folder path (``fma`` and ``fma-metadata``
#: also with ``:SUBSET``).
DATASET_ALIASES = ("demo", "fma", "fma-metadata")


#: The FMA download names, and whether each is metadata only.
FMA_NAMES = {"fma": False, "fma-metadata": True}


#: Parameters of the default demo dataset of the book.
DEMO_DEFAULTS = {"n_per_genre": 80, "seed": 0, "duration": 10.0}


@dataclass(frozen=True)
class FmaName:
    """An FMA download named as a dataset: which subset, and whether without its audio."""

    subset: str
    metadata_only: bool


def parse_fma_name(spec: str | os.PathLike) -> FmaName | None:
    """Read ``fma[:SUBSET]`` or ``fma-metadata[:SUBSET]`` (subset ``small`` by default).

    Parameters
    ----------
    spec : str or path-like
        A dataset as given on the command line or in a chapter parameter.

    Returns
    -------
    FmaName or None
        ``None`` when ``spec`` names no FMA download (``demo``, a folder).

    Raises
    ------
    ValueError
        An FMA name with a subset that cannot be downloaded that way, listing the allowed ones.

    Examples
    --------
    >>> parse_fma_name("fma-metadata:medium")
    FmaName(subset='medium', metadata_only=True)
    >>> parse_fma_name("fma")
    FmaName(subset='small', metadata_only=False)
    >>> parse_fma_name("data/fma_small") is None
    True
    >>> parse_fma_name("fma-metadata:tiny")
    Traceback (most recent call last):
    ...
    ValueError: dataset 'fma-metadata:tiny': subset must be one of 'small', 'medium', 'large' for a metadata-only download; got 'tiny'
    """
    name, colon, subset = str(spec).partition(":")
    if name not in FMA_NAMES:
        return None
    subset = subset if colon else "small"
    try:
        check_subset(subset, metadata_only=FMA_NAMES[name])
    except ValueError as error:
        raise ValueError(f"dataset {str(spec)!r}: {error}") from None
    return FmaName(subset, FMA_NAMES[name])


def resolve_demo_dir(out: str | os.PathLike | None = None) -> Path:
    """Return the demo dataset's folder: ``out``, else ``<data home>/demo``."""
    return Path(out) if out is not None else resolve_data_home() / "demo"


def resolve_dataset(spec: str | os.PathLike) -> Path:
    """Turn ``'demo'``, an FMA name (``'fma'``, ``'fma-metadata:medium'``) or a folder path into a folder path.

    Nothing is made or downloaded (see :func:`genrebook.features.prepare.prepare_dataset`).

    Raises
    ------
    FileNotFoundError
        A path that is not a dataset folder, with the names that are allowed.
    ValueError
        An FMA name with a subset that does not exist.
    """
    if str(spec) == "demo":
        return resolve_demo_dir()
    fma = parse_fma_name(spec)
    if fma is not None:
        return resolve_data_home() / name_fma_folder(fma.subset, metadata_only=fma.metadata_only)
    path = Path(spec).expanduser()
    if not (path / "tracks.csv").is_file():
        raise FileNotFoundError(
            f"dataset must be 'demo', 'fma' or a folder holding tracks.csv and genres.csv, or 'fma-metadata' "
            f"(FMA's official features without the audio; both FMA names take a subset, as in "
            f"'fma-metadata:medium'); {path} has no tracks.csv"
        )
    return path
