"""Class probabilities of fitted classical models on the held-out splits, kept on disk so that a later chapter
reuses a model an earlier one fitted instead of fitting it again (chapter 08 reads chapter 03's final models).

A kept file is found by a key that covers everything the probabilities depend on: the content of the
dataset's labels, split and features (:func:`fingerprint_features`), the model, its parameters, the seed,
the row limits of the fits, scikit-learn's version and the source of the modules that build the pipelines
(:mod:`genrebook.models.pipelines`), pick the rows they are fitted on (:mod:`genrebook.models.sampling`) and
fit them (:mod:`genrebook.models.tuning`).
A change to any of them finds nothing, and the model is fitted again.

Layout: ``<data home>/cache/probabilities/<key>.npz`` with the arrays ``classes``, ``validation`` and
``test`` (rows in the dataset's order of each split).

Used in: 03_classical_models (writes), 08_ensemble (reads).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

from genrebook.config import resolve_data_home
from genrebook.models import pipelines, sampling, tuning
from genrebook.models.sampling import Limits

#: The splits whose probabilities are kept.
KEPT_SPLITS = ("validation", "test")


def fingerprint_features(features: pd.DataFrame, tracks: pd.DataFrame) -> str:
    """Fingerprint what a classical model sees of a dataset: track ids, splits, genres and feature values.

    Content, not file times: a copied dataset has the same fingerprint.

    Examples
    --------
    >>> tracks = pd.DataFrame({"split": ["training", "test"], "genre": ["Rock", "Pop"]}, index=[2, 5])
    >>> features = pd.DataFrame({"a": [0.5, 1.5]}, index=[2, 5])
    >>> fingerprint_features(features, tracks) == fingerprint_features(features.copy(), tracks.copy())
    True
    >>> fingerprint_features(features + 1, tracks) == fingerprint_features(features, tracks)
    False
    """
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(tracks[["split", "genre"]].astype(str), index=True).to_numpy().tobytes())
    digest.update(pd.util.hash_pandas_object(features, index=True).to_numpy().tobytes())
    digest.update(json.dumps([str(c) for c in features.columns]).encode())
    return digest.hexdigest()


def make_key(fingerprint: str, name: str, params: dict, *, seed: int, limits: Limits) -> str:
    """The key of one fitted model's probabilities (a 24-character hex string).

    Parameters are compared as JSON, so ``{'C': 0.1}`` read back from a results file finds what
    ``{'C': 0.1}`` wrote.

    Examples
    --------
    >>> from genrebook.models.sampling import LIMITS
    >>> make_key("f", "logreg", {"C": 0.1}, seed=0, limits=LIMITS) == make_key("f", "logreg", {"C": 0.1}, seed=0,
    ...                                                                        limits=LIMITS)
    True
    >>> make_key("f", "logreg", {"C": 0.1}, seed=0, limits=LIMITS) == make_key("f", "logreg", {"C": 0.1}, seed=1,
    ...                                                                        limits=LIMITS)
    False
    """
    code = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (pipelines, sampling, tuning))).hexdigest()
    text = json.dumps([fingerprint, name, params, seed, [limits.search, limits.final, limits.first],
                       sklearn.__version__, code], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def resolve_probability_dir(data_home: str | os.PathLike | None = None) -> Path:
    """The folder of kept probabilities: ``<data home>/cache/probabilities`` (not created)."""
    return resolve_data_home(data_home) / "cache" / "probabilities"


def save_probabilities(key: str, probabilities: dict[str, np.ndarray], classes, *,
                       folder: str | os.PathLike | None = None) -> Path:
    """Keep a fitted model's probabilities on the held-out splits; the file appears whole or not at all.

    Parameters
    ----------
    key : str
        :func:`make_key`.
    probabilities : dict
        ``{split: np.ndarray [shape=(n_split, n_classes)]}`` for every split of :data:`KEPT_SPLITS`.
    classes : sequence
        The genres of the columns, in order.
    folder : path-like, optional
        Default :func:`resolve_probability_dir`.

    Returns
    -------
    Path
        The file written.
    """
    missing = [s for s in KEPT_SPLITS if s not in probabilities]
    if missing:
        raise ValueError(f"probabilities must cover the splits {', '.join(KEPT_SPLITS)}; missing {', '.join(missing)}")
    folder = Path(folder) if folder is not None else resolve_probability_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.npz"
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".npz.partial")
    try:
        with os.fdopen(handle, "wb") as stream:
            np.savez(stream, classes=np.asarray([str(c) for c in classes]),
                     **{s: np.asarray(probabilities[s], dtype=float) for s in KEPT_SPLITS})
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def load_probabilities(key: str, *, folder: str | os.PathLike | None = None) -> tuple[list[str], dict] | None:
    """A model's kept probabilities: ``(classes, {split: np.ndarray})``, or None when none is kept under ``key``
    or the file cannot be read (it is then fitted again)."""
    folder = Path(folder) if folder is not None else resolve_probability_dir()
    path = folder / f"{key}.npz"
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as kept:
            return [str(c) for c in kept["classes"]], {s: kept[s] for s in KEPT_SPLITS}
    except (OSError, ValueError, KeyError):
        return None


def keep_final_probabilities(features: pd.DataFrame, tracks: pd.DataFrame, probabilities: pd.Series, params: pd.Series,
                             *, seed: int, limits: Limits, folder: str | os.PathLike | None = None) -> list[Path]:
    """Keep every final model's class probabilities on validation and test, each under its :func:`make_key`.

    Parameters
    ----------
    features, tracks : pd.DataFrame
        The dataset's (:func:`fingerprint_features`).
    probabilities, params : pd.Series
        Indexed by model key: :func:`genrebook.models.tuning.evaluate_candidates`' ``probabilities``
        (None for a model without them) and ``params``.
    seed : int
    limits : Limits
    folder : path-like, optional
        Default :func:`resolve_probability_dir`.

    Returns
    -------
    list of Path
        The files written.
    """
    fingerprint = fingerprint_features(features, tracks)
    return [save_probabilities(make_key(fingerprint, key, dict(params[key]), seed=seed, limits=limits), kept,
                               kept["classes"], folder=folder)
            for key, kept in probabilities.items() if kept is not None]
