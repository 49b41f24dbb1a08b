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


def count_exclusions(excluded: pd.Series) -> pd.DataFrame:
    """Count the tracks left out, by reason.

    Returns
    -------
    pd.DataFrame
        Index ``reason``, column ``tracks``, most frequent first (empty when nothing was left out).
    """
    counts = excluded.astype("object").value_counts().rename("tracks")
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


def describe_feature_sources(sources: dict) -> str:
    """Say in words which feature sources exist, for the chapter's prose.

    Examples
    --------
    >>> describe_feature_sources({"own": None})
    'only its own features.csv (no extracted features)'
    """
    has = ("own" in sources, "extracted" in sources)
    return {(True, True): "both its own features.csv and features extracted from its audio",
            (True, False): "only its own features.csv (no extracted features)",
            (False, True): "only features extracted from its audio (no features.csv of its own)",
            (False, False): "no features at all"}[has]


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


def describe_source_agreement(agreement: pd.DataFrame) -> str:
    """Say in one sentence how well the shared columns of two feature sources agree.

    Parameters
    ----------
    agreement : pd.DataFrame
        :func:`correlate_feature_sources` output.

    Examples
    --------
    >>> describe_source_agreement(correlate_feature_sources({}))
    'With a single feature source there is nothing to compare.'
    """
    if agreement.empty:
        return "With a single feature source there is nothing to compare."
    parts = ", ".join(f"{group} {row['median r']:.2f} ({int(row['shared columns'])} columns)"
                      for group, row in agreement.iterrows())
    return (f"Over the {int(agreement['tracks'].iloc[0]):,} tracks both sources hold, the median correlation "
            f"of a shared column is: {parts}.")


def _correlate(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation over the finite pairs; NaN with fewer than 3 pairs or a constant side."""
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    if x.size < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])
