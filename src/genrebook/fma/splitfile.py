"""Where a dataset's own split lives: ``split.csv`` (``track_id,split``) and ``split.json`` (its settings).

``genrebook split`` writes them beside ``tracks.csv`` (the rules: :mod:`genrebook.fma.split`);
:func:`apply_split` gives the loader their split only where ``tracks.csv`` has none, so FMA's
official split is never replaced, and :func:`require_split` stops a run on a dataset with no split
before any work.

Used in: ``genrebook split``, ``genrebook import-folder``, ``genrebook run`` / ``book``,
:func:`genrebook.fma.dataset.load_dataset`.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pandas as pd

from genrebook import __version__
from genrebook.files import replace_atomically, write_atomically
from genrebook.fma.checks import read_header_rows
from genrebook.fma.columns import SPLITS
from genrebook.fma.metadata import load_tracks
from genrebook.fma.split import DEFAULT_FRACTIONS, Split, check_fractions, check_seed, make_groups, make_split

log = logging.getLogger(__name__)

#: The split file written beside ``tracks.csv`` (``track_id,split``), and its settings.
SPLIT_FILE, SPLIT_SETTINGS = "split.csv", "split.json"


def read_split_column(path: str | os.PathLike) -> pd.Series | None:
    """Read only the ``set/split`` column of a ``tracks.csv`` (``None`` when the file has no such column)."""
    header = read_header_rows(path, 2)
    columns = list(zip(*header)) if len(header) == 2 else []
    if ("set", "split") not in columns:
        return None
    position = columns.index(("set", "split"))
    values = pd.read_csv(path, header=None, skiprows=3, usecols=[0, position], index_col=0, dtype={position: str})
    return values.iloc[:, 0].rename("split")


def has_official_split(path: str | os.PathLike) -> bool:
    """Whether a dataset folder's ``tracks.csv`` gives any track a split (FMA's official split)."""
    column = read_split_column(Path(path) / "tracks.csv")
    return column is not None and bool(column.notna().any())


def read_split(path: str | os.PathLike) -> pd.Series | None:
    """Read a dataset folder's ``split.csv`` (``{track_id: part}``), or ``None`` when there is none."""
    file = Path(path) / SPLIT_FILE
    if not file.is_file():
        return None
    table = pd.read_csv(file, index_col="track_id", dtype={"split": str})
    unknown = sorted(set(table["split"].dropna()) - set(SPLITS))
    if list(table.columns) != ["split"] or unknown:
        raise ValueError(f"{file}: expected columns track_id,split with splits {', '.join(SPLITS)}; "
                         f"found columns {list(table.columns)}" + (f" and splits {unknown}" if unknown else ""))
    return table["split"].rename_axis("track_id")


def read_split_settings(path: str | os.PathLike) -> dict:
    """Read ``split.json`` of a dataset folder (an empty dict when absent)."""
    file = Path(path) / SPLIT_SETTINGS
    return json.loads(file.read_text()) if file.is_file() else {}


def apply_split(tracks: pd.DataFrame, path: str | os.PathLike) -> tuple[pd.DataFrame, str | None]:
    """Give tracks the split of ``split.csv`` where ``tracks.csv`` has none (a new frame; the input is kept).

    Returns
    -------
    tracks : pd.DataFrame
        With ``set/split`` filled from ``split.csv`` (tracks it lacks have none).
    source : str or None
        ``'official'`` (tracks.csv's own split, kept even when a split.csv exists), ``'split.csv'``,
        or ``None`` when there is no split at all.
    """
    if ("set", "split") in tracks.columns and tracks["set", "split"].notna().any():
        if (Path(path) / SPLIT_FILE).is_file():
            log.warning("%s: ignored, because tracks.csv has FMA's official split", Path(path) / SPLIT_FILE)
        return tracks, "official"
    parts = read_split(path)
    if parts is None:
        return tracks, None
    result = tracks.copy()
    result[("set", "split")] = pd.Categorical(parts.reindex(tracks.index), categories=SPLITS)
    return result, SPLIT_FILE


def require_split(path: str | os.PathLike) -> None:
    """Raise ``ValueError`` unless a dataset folder has a split (official, or ``split.csv``)."""
    path = Path(path)
    if not has_official_split(path) and not (path / SPLIT_FILE).is_file():
        raise ValueError(f"dataset {path} has no training/validation/test split (its tracks.csv has no set/split "
                         f"values and there is no {SPLIT_FILE}); run `genrebook split {path}` first")


def split_dataset(path: str | os.PathLike, *, seed: int = 0, fractions=DEFAULT_FRACTIONS,
                  by_artist: bool = True) -> Split:
    """Make and write the split of a dataset folder that has no official split.

    Parameters
    ----------
    path : path-like
        A dataset folder whose ``tracks.csv`` gives no track a split.
    seed, fractions : see :func:`genrebook.fma.split.make_split`.
    by_artist : bool
        Keep each artist's tracks in one part (see :func:`genrebook.fma.split.make_groups`).

    Returns
    -------
    Split
        Also written as ``split.csv`` and ``split.json`` in ``path`` (replacing an earlier one).

    Raises
    ------
    ValueError
        When ``tracks.csv`` has FMA's official split (it is never replaced), or has no genres.
    """
    path = Path(path)
    fractions, seed = check_fractions(fractions), check_seed(seed)
    if has_official_split(path):
        raise ValueError(f"{path / 'tracks.csv'} has FMA's official split (set/split); it is used as it is and "
                         f"never replaced, so there is nothing to split")
    tracks = load_tracks(path / "tracks.csv", require=[("track", "genre_top")])
    genres = tracks["track", "genre_top"].astype("object")
    if genres.nunique() < 1:
        raise ValueError(f"{path / 'tracks.csv'}: no track has a top-level genre (track/genre_top); nothing to split")
    groups, grouped_by = make_groups(tracks, by_artist=by_artist)
    split = make_split(genres, groups, seed=seed, fractions=fractions, grouped_by=grouped_by)
    write_split(split, path)
    return split


def write_split(split: Split, path: str | os.PathLike) -> None:
    """Write ``split.csv`` and its settings ``split.json`` into a dataset folder, atomically."""
    path = Path(path)
    replace_atomically(lambda tmp: split.parts.to_frame().to_csv(tmp), path / SPLIT_FILE)
    table = split.count()
    settings = {
        "made_by": f"genrebook split (version {__version__})", "seed": split.seed,
        "fractions": dict(zip(SPLITS, split.fractions)), "stratified_by": "track/genre_top",
        "grouped_by": split.grouped_by, "counts": {s: int(table[s].sum()) for s in SPLITS},
        "counts_per_genre": {str(g): {s: int(row[s]) for s in SPLITS} for g, row in table.iterrows()},
        "notes": list(split.notes),
    }
    write_atomically(path / SPLIT_SETTINGS, (json.dumps(settings, indent=1) + "\n").encode())
