"""A run's records read back: the ``results.json`` of glued numbers and the ``runs.json`` of
chapter runs, arranged as the intro's and the execution page's tables.

Used in: 00_intro, 99_execution, ``genrebook grid``.
"""

from __future__ import annotations

import json
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pandas as pd


def load_results(run_dir: str | Path) -> dict[str, Any]:
    """Read the ``results.json`` of a run folder (``{'chapter.name': value}``; empty when absent)."""
    path = Path(run_dir) / "results.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def load_runs(run_dir: str | Path) -> dict[str, dict]:
    """Read the ``runs.json`` of a run folder (one record per chapter; empty when absent)."""
    path = Path(run_dir) / "runs.json"
    return json.loads(path.read_text()) if path.is_file() else {}


#: Which glued values of each chapter the intro shows "at a glance" (glob patterns; others: all).
HEADLINES: dict[str, tuple[str, ...]] = {
    "01_data": ("n_tracks", "n_artists", "n_feature_columns"),
    "02_limitations": ("official_accuracy", "random_split_accuracy", "artist_gap"),
    "03_classical_models": ("best_*", "*_test_accuracy", "chance_accuracy"),
    "04_featurewise_logreg": ("all_*accuracy", "best_group*"),
    "05_cnn": ("baseline_accuracy", "strong_accuracy", "multi_accuracy", "best_network"),
    "06_clustering": ("best_label", "best_ari_genre_k", "best_nmi_genre_k", "random_ari_genre_k"),
}


def _is_headline(chapter: str, name: str) -> bool:
    patterns = HEADLINES.get(chapter)
    return patterns is None or any(fnmatch(name, p) for p in patterns)


def summarize_results(results: dict[str, Any], *, exclude: tuple[str, ...] = (),
                      headlines_only: bool = True) -> pd.DataFrame:
    """Arrange headline numbers as a table: one row per chapter and result.

    Parameters
    ----------
    results : dict
        ``results.json`` of a run (``{'chapter.name': value}``).
    exclude : tuple of str
        Chapters left out.
    headlines_only : bool
        Keep only the values :data:`HEADLINES` names.

    Returns
    -------
    pd.DataFrame
        Index ``(chapter, result)``, column ``value`` (numbers rounded for reading).
    """
    rows = []
    for key, value in sorted(results.items()):
        chapter, _, name = key.partition(".")
        if chapter in exclude or isinstance(value, (list, dict)):
            continue
        if headlines_only and not _is_headline(chapter, name):
            continue
        shown = f"{value:,.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else value
        rows.append({"chapter": chapter, "result": name.replace("_", " "), "value": shown})
    if not rows:
        return pd.DataFrame(columns=["value"], index=pd.MultiIndex.from_tuples([], names=["chapter", "result"]))
    return pd.DataFrame(rows).set_index(["chapter", "result"])


def summarize_runs(runs: dict[str, dict], *, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Arrange run records as a table: chapter, dataset, seconds, finished, version, parameters."""
    rows = [
        {
            "chapter": chapter,
            "dataset": record["dataset_name"] + (" (synthetic)" if record["synthetic"] else ""),
            "seconds": float(record["seconds"]),
            "finished": record["finished"],
            "version": record["version"],
            "parameters": ", ".join(f"{k}={v!r}" for k, v in record["parameters"].items()
                                    if k not in ("dataset", "run_dir")),
        }
        for chapter, record in sorted(runs.items()) if chapter not in exclude
    ]
    columns = ["dataset", "seconds", "finished", "version", "parameters"]
    return pd.DataFrame(rows, columns=["chapter"] + columns).set_index("chapter")
