"""Inputs of the networks: spectrogram images as one array, MFCC matrices, standardised feature vectors.

Decoding 6,394 PNG files takes longer than an epoch of a small network, so the image array of a
dataset is cached as ``.npy`` under ``<data home>/cache/cnn/`` (keyed by the files' paths,
sizes and modification times and by the shape).

Used in: 05_cnn, 07_clustering (through :func:`genrebook.cnn.embeddings.load_embeddings`), ``genrebook predict``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from genrebook.config import resolve_data_home
from genrebook.files import replace_atomically
from genrebook.fma.audio import make_audio_path
from genrebook.fma.dataset import resolve_extracted_dir

log = logging.getLogger(__name__)


#: Input kinds a network may take, each computable from audio except ``features`` of a dataset's own file.
INPUT_KINDS = ("spectrogram", "mfcc", "features")


def fit_to_shape(matrix: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize a 2-D matrix to ``shape`` (rows, columns) by box averaging; unchanged when it fits.

    Parameters
    ----------
    matrix : np.ndarray [shape=(rows, columns)]
    shape : tuple
        ``(rows, columns)`` wanted.

    Returns
    -------
    np.ndarray [shape=shape, dtype=float32]

    Examples
    --------
    >>> fit_to_shape(np.arange(8.0).reshape(2, 4), (2, 2)).tolist()
    [[0.5, 2.5], [4.5, 6.5]]
    """
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.shape == tuple(shape):
        return matrix
    image = Image.fromarray(matrix, mode="F")
    return np.asarray(image.resize((shape[1], shape[0]), Image.Resampling.BOX), dtype=np.float32)


def _cache_key(paths: list[str], shape: tuple[int, int], kind: str) -> str:
    """Hash the files (path, size, modification time) and the shape of a cached array."""
    stats = [(p, os.stat(p).st_size, os.stat(p).st_mtime_ns) for p in paths]
    return hashlib.sha256(json.dumps([kind, list(shape), stats]).encode()).hexdigest()[:16]


def _load_cached(paths: list[str], shape: tuple[int, int], kind: str, read, cache_dir: Path | None):
    """Load an array of per-file matrices from the cache, or read and cache it."""
    cache_dir = resolve_data_home() / "cache" / "cnn" if cache_dir is None else Path(cache_dir)
    path = cache_dir / f"{kind}-{shape[0]}x{shape[1]}-{_cache_key(paths, shape, kind)}.npy"
    if path.is_file():
        return np.load(path)
    log.info("reading %d %s files (cached afterwards in %s)", len(paths), kind, path)
    array = np.stack([read(p) for p in paths]) if paths else np.empty((0, *shape), dtype=np.float32)
    replace_atomically(lambda tmp: _save_npy(tmp, array), path)
    return array


def _save_npy(path: str, array: np.ndarray) -> None:
    """Save an array to exactly ``path`` (``np.save`` on a name would append ``.npy``)."""
    with open(path, "wb") as handle:
        np.save(handle, array, allow_pickle=False)


def _read_image(path: str, shape: tuple[int, int]) -> np.ndarray:
    """Read one 8-bit grayscale image, fitted to ``shape``, as uint8."""
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("L"))
    return np.clip(np.rint(fit_to_shape(pixels, shape)), 0, 255).astype(np.uint8)


def load_image_array(paths, *, shape: tuple[int, int], cache_dir: str | os.PathLike | None = None) -> np.ndarray:
    """Read spectrogram images into one array, through the cache.

    Parameters
    ----------
    paths : sequence of str
        Image files (a dataset's ``tracks['spectrogram']``), in the order wanted.
    shape : tuple
        ``(rows, columns)``; images of another size are box-resized.
    cache_dir : path-like, optional
        Default ``<data home>/cache/cnn``.

    Returns
    -------
    np.ndarray [shape=(n, rows, columns), dtype=uint8]
    """
    paths = [str(p) for p in paths]
    return _load_cached(paths, tuple(shape), "spectrogram", lambda p: _read_image(p, shape), cache_dir)


def make_mfcc_paths(dataset) -> pd.Series:
    """Return each track's extracted MFCC file (``extracted/mfcc/ddd/dddddd.npy``), ``None`` where missing."""
    root = resolve_extracted_dir(dataset.path) / "mfcc"
    paths = [make_audio_path(root, t, ext=".npy") for t in dataset.tracks.index]
    return pd.Series([str(p) if p.is_file() else None for p in paths], index=dataset.tracks.index, dtype="object")


def load_mfcc_array(paths, *, shape: tuple[int, int], cache_dir: str | os.PathLike | None = None) -> np.ndarray:
    """Read MFCC matrices (``[n_mfcc, n_frames]`` ``.npy`` files) into one array, time box-resized.

    Returns
    -------
    np.ndarray [shape=(n, rows, columns), dtype=float32]
    """
    paths = [str(p) for p in paths]
    return _load_cached(paths, tuple(shape), "mfcc", lambda p: fit_to_shape(np.load(p), shape), cache_dir)


def fit_feature_scaler(features: pd.DataFrame | np.ndarray, training: np.ndarray) -> dict[str, np.ndarray]:
    """Learn median imputation and standardisation from the training rows only.

    Parameters
    ----------
    features : pd.DataFrame or np.ndarray [shape=(n_tracks, n_features)]
    training : np.ndarray [shape=(n_tracks,), dtype=bool]
        Rows of the training split.

    Returns
    -------
    dict
        ``median``, ``mean`` and ``scale`` (float64 [shape=(n_features,)]).
    """
    train = np.asarray(features, dtype=np.float64)[np.asarray(training, dtype=bool)]
    median = np.nan_to_num(np.nanmedian(train, axis=0)) if len(train) else np.zeros(train.shape[1])
    filled = np.where(np.isnan(train), median, train)
    scale = filled.std(axis=0) if len(train) else np.ones(train.shape[1])
    return {"median": median, "mean": filled.mean(axis=0) if len(train) else median,
            "scale": np.where(scale > 0, scale, 1.0)}


def apply_feature_scaler(features: pd.DataFrame | np.ndarray, scaler: dict[str, np.ndarray]) -> np.ndarray:
    """Impute and standardise feature rows with a scaler of :func:`fit_feature_scaler`.

    Returns
    -------
    np.ndarray [shape=(n_tracks, n_features), dtype=float32]

    Examples
    --------
    >>> s = fit_feature_scaler(np.array([[1.0], [3.0], [np.nan]]), np.array([True, True, False]))
    >>> apply_feature_scaler(np.array([[np.nan], [3.0]]), s).ravel().tolist()
    [0.0, 1.0]
    """
    values = np.asarray(features, dtype=np.float64)
    filled = np.where(np.isnan(values), scaler["median"], values)
    return ((filled - scaler["mean"]) / scaler["scale"]).astype(np.float32)


def fit_row_stats(images: np.ndarray) -> dict[str, np.ndarray]:
    """Mean and standard deviation of each image row (mel band or MFCC coefficient) over the given images.

    Parameters
    ----------
    images : np.ndarray [shape=(n, rows, columns)]
        Training images.

    Returns
    -------
    dict
        ``mean`` and ``scale`` (float64 [shape=(rows,)]; a zero spread becomes 1).
    """
    values = np.asarray(images, dtype=np.float64)
    mean, scale = values.mean(axis=(0, 2)), values.std(axis=(0, 2))
    return {"mean": mean, "scale": np.where(scale > 0, scale, 1.0)}


def standardize_rows(images: np.ndarray, stats: dict[str, np.ndarray]) -> np.ndarray:
    """Standardise each row with :func:`fit_row_stats` statistics; add a channel axis.

    Returns
    -------
    np.ndarray [shape=(n, rows, columns, 1), dtype=float32]

    Examples
    --------
    >>> x = np.array([[[0.0, 2.0], [10.0, 10.0]]])
    >>> standardize_rows(x, fit_row_stats(x))[0, :, :, 0].tolist()
    [[-1.0, 1.0], [0.0, 0.0]]
    """
    mean = np.asarray(stats["mean"], dtype=np.float32)[:, None]
    scale = np.asarray(stats["scale"], dtype=np.float32)[:, None]
    return ((np.asarray(images, dtype=np.float32) - mean) / scale)[..., np.newaxis]
