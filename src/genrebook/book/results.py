"""A run's records read back: the ``results.json`` of glued numbers and the ``runs.json`` of
chapter runs, arranged as the intro's and the execution page's tables.

Used in: 00_intro, 99_execution, ``genrebook grid``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from fnmatch import fnmatch
from importlib import metadata
from pathlib import Path
from typing import Any

from genrebook.config import find_project_root


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
    "06_what_models_hear": ("top_group*", "top_statistic", "top_bands", "network_name", "model_name"),
    "07_clustering": ("best_label", "best_ari_genre_k", "best_nmi_genre_k", "random_ari_genre_k"),
    "08_ensemble": ("ensemble_*", "best_member*", "target_verdict"),
}


def _is_headline(chapter: str, name: str) -> bool:
    patterns = HEADLINES.get(chapter)
    return patterns is None or any(fnmatch(name, p) for p in patterns)


#: Packages whose versions the execution page lists.
KEY_PACKAGES = ("numpy", "pandas", "scikit-learn", "librosa", "tensorflow-cpu", "matplotlib", "papermill",
                "jupyter-book")


def describe_environment() -> dict[str, Any]:
    """What a chapter ran on: the commit, Python and key package versions, cores, and whether a GPU is present.

    Nothing here is a path or a user name: the record is published on the execution page.
    """
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {"commit": read_commit(), "python": platform.python_version(), "packages": versions,
            "cores": os.cpu_count() or 1, "gpu": has_gpu(), "system": f"{platform.system()} {platform.machine()}"}


def read_commit() -> str:
    """The short hash of the source's git commit (with ``+`` when files are modified), or ``'unknown'``."""
    root = find_project_root()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                                timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (commit + ("+" if dirty else "")) if commit else "unknown"


def has_gpu() -> bool:
    """Whether this machine has an NVIDIA GPU (read from the driver, without importing TensorFlow)."""
    return Path("/proc/driver/nvidia/gpus").is_dir() and any(Path("/proc/driver/nvidia/gpus").iterdir())
