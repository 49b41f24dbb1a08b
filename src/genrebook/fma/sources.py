"""What a dataset leaves out and where its features come from: fma_small's known-bad clips,
the reasons tracks were excluded, and how far two feature sources (the dataset's own and the
extracted) agree.

Used in: 02_limitations.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from genrebook.fma.audio import KNOWN_BAD_CLIPS
from genrebook.fma.dataset import load_dataset


def describe_known_bad_clips(track_ids: pd.Index, excluded: pd.Series) -> pd.DataFrame:
    """Say, for each of fma_small's known-bad clips, whether this dataset has it and uses it.

    Parameters
    ----------
    track_ids : pd.Index
        The usable tracks (``dataset.tracks.index``).
    excluded : pd.Series
        ``{track_id: reason}`` of the tracks left out (``dataset.excluded``).

    Returns
    -------
    pd.DataFrame [shape=(6, 3)]
        Index ``track_id``; columns ``problem``, ``in tracks.csv``, ``used`` (booleans).
    """
    rows = {track_id: {"problem": reason.split(": ", 1)[-1],
                       "in tracks.csv": track_id in track_ids or track_id in excluded.index,
                       "used": track_id in track_ids} for track_id, reason in KNOWN_BAD_CLIPS.items()}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("track_id")


def count_exclusions(excluded: pd.Series, *, detail: bool = True) -> pd.DataFrame:
    """Count the tracks left out, by reason.

    Parameters
    ----------
    excluded : pd.Series
        ``{track_id: reason}`` (``dataset.excluded``).
    detail : bool
        False groups the reasons by their part before ``': '`` (``'known bad in fma_small: no
        audio'`` counts as ``'known bad in fma_small'``).

    Returns
    -------
    pd.DataFrame
        Index ``reason``, column ``tracks``, most frequent first (empty when nothing was left out).

    Examples
    --------
    >>> reasons = pd.Series({1: "known bad in fma_small: no audio", 2: "known bad in fma_small: far shorter than 30 s"})
    >>> count_exclusions(reasons, detail=False)["tracks"].to_dict()
    {'known bad in fma_small': 2}
    """
    reasons = excluded.astype("object")
    if not detail:
        reasons = reasons.map(lambda reason: str(reason).split(": ", 1)[0])
    counts = reasons.value_counts().rename("tracks")
    return counts.rename_axis("reason").to_frame()


def load_feature_sources(path: str | os.PathLike) -> dict[str, pd.DataFrame]:
    """Load every feature source a dataset folder has: its own ``features.csv`` and the extracted one.

    Returns
    -------
    dict
        ``{'own': features, 'extracted': features}``, leaving out the sources that are absent.
    """
    sources = {}
    for source in ("own", "extracted"):
        try:
            sources[source] = load_dataset(path, feature_source=source).features
        except FileNotFoundError:
            continue
    return sources


def correlate_feature_sources(sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Compare the columns that the own and the extracted features share, group by group.

    For each shared column, the Pearson correlation across the tracks both sources have.

    Returns
    -------
    pd.DataFrame
        Index ``group``; columns ``shared columns``, ``tracks``, ``median r``, ``min r``, ``max r``.
        Empty unless both sources are present and share columns.
    """
    columns = ["shared columns", "tracks", "median r", "min r", "max r"]
    if not {"own", "extracted"} <= set(sources):
        return pd.DataFrame(columns=columns).rename_axis("group")
    own, extracted = sources["own"], sources["extracted"]
    ids = own.index.intersection(extracted.index)
    shared = own.columns.intersection(extracted.columns)
    a, b = own.loc[ids, shared].to_numpy(float), extracted.loc[ids, shared].to_numpy(float)
    r = pd.Series([_correlate(a[:, j], b[:, j]) for j in range(len(shared))], index=shared, dtype=float)
    groups = r.groupby(level=0, sort=True)
    table = pd.DataFrame({"shared columns": groups.size(), "tracks": len(ids), "median r": groups.median(),
                          "min r": groups.min(), "max r": groups.max()})
    return table[columns].rename_axis("group")


def count_source_columns(sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Count each feature group's columns in the own and the extracted features, and those they share.

    Returns
    -------
    pd.DataFrame
        Index ``group`` (every group of either source, sorted); columns ``own``, ``extracted`` and
        ``shared`` (ints; 0 where a source lacks the group or is absent).

    Examples
    --------
    >>> columns = pd.MultiIndex.from_tuples([("a", "mean", "01"), ("b", "mean", "01")])
    >>> count_source_columns({"own": pd.DataFrame(columns=columns)}).to_dict("list")
    {'own': [1, 1], 'extracted': [0, 0], 'shared': [0, 0]}
    """
    own, extracted = (sources.get(name) for name in ("own", "extracted"))
    own_columns = own.columns if own is not None else pd.Index([])
    extracted_columns = extracted.columns if extracted is not None else pd.Index([])
    shared = own_columns.intersection(extracted_columns) if len(own_columns) and len(extracted_columns) else []

    def per_group(columns) -> pd.Series:
        return pd.Series([c[0] for c in columns], dtype="object").value_counts()

    table = pd.DataFrame({"own": per_group(own_columns), "extracted": per_group(extracted_columns),
                          "shared": per_group(shared)})
    return table.fillna(0).astype(int).sort_index().rename_axis("group")


def _correlate(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation over the finite pairs; NaN with fewer than 3 pairs or a constant side."""
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])
