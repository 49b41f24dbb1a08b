"""Predicting the genre of any audio file with a saved network (``genrebook predict``).

A file is decoded once (:func:`genrebook.fma.audio.load_audio`), cut into 30-s windows spread evenly
over its whole length (one window for a clip up to 30 s, four for a 2-minute song), and each
window becomes the network's input through the extractor's own functions
(:func:`genrebook.features.clip.compute_feature_matrices` and :func:`~genrebook.features.clip.make_spectrogram_image`),
so a window looks exactly like an extracted fma_small clip. The windows' genre probabilities are
averaged into the file's.

Default model: the best saved one whose inputs can be computed from audio (every network on
spectrogram or MFCC images, and the multi-input network where its features are the extracted
518 statistics), preferring networks trained on real data over synthetic data, then on more
tracks, then with higher validation accuracy (:func:`genrebook.cnn.store.rank_models`).

Used in: 05_cnn, ``genrebook predict``.
"""

from __future__ import annotations

import json
import logging
import math
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from genrebook.cnn.backend import configure_tensorflow
from genrebook.cnn.inputs import fit_to_shape
from genrebook.cnn.store import list_saved_models, load_network, read_manifest, resolve_model_root
from genrebook.cnn.train import predict_probabilities, prepare_features
from genrebook.features import clip as features
from genrebook.features.clip import compute_feature_vector, make_spectrogram_image
from genrebook.fma.audio import FMA_CLIP_SECONDS, AudioError, load_audio
from genrebook.runtime import import_librosa

log = logging.getLogger(__name__)


#: Length of one window, as long as an FMA clip.
WINDOW_SECONDS = FMA_CLIP_SECONDS


class NoModelError(FileNotFoundError):
    """No saved network can be used: chapter 05 has not been run yet."""


@dataclass
class FilePrediction:
    """Genre probabilities of one file, or why it could not be predicted.

    Attributes
    ----------
    path : str
    probabilities : dict
        ``{genre: share}`` averaged over the windows, highest first (empty on error).
    n_windows : int
    seconds : float
        Duration of the decoded audio.
    error : str or None
    """

    path: str
    probabilities: dict[str, float] = field(default_factory=dict)
    n_windows: int = 0
    seconds: float = 0.0
    error: str | None = None

    def top(self, n: int) -> list[tuple[str, float]]:
        """The ``n`` most probable genres and their shares."""
        return list(self.probabilities.items())[:n]


def make_window_starts(duration: float, *, window: float = WINDOW_SECONDS) -> list[float]:
    """Start times of windows covering a signal evenly: ``ceil(duration / window)`` of them.

    Examples
    --------
    >>> make_window_starts(20.0), make_window_starts(120.0), make_window_starts(50.0)
    ([0.0], [0.0, 30.0, 60.0, 90.0], [0.0, 20.0])
    """
    if duration <= window:
        return [0.0]
    n = math.ceil(duration / window - 1e-9)
    return [round(float(s), 6) for s in np.linspace(0.0, duration - window, n)]


def can_use_audio(manifest: dict) -> bool:
    """Tell whether a network's inputs can be computed from an audio file alone."""
    spec = manifest["inputs"]
    if spec["feature_scaler"] is None:
        return True
    return manifest.get("feature_source") == "extracted" and (manifest["dataset"].get("extraction") or "").startswith(
        "fma518")


def find_default_model(model_dir: str | os.PathLike | None = None) -> Path:
    """Return the best saved network usable on audio (see the module docstring).

    Raises
    ------
    NoModelError
        When none is saved.
    """
    models = list_saved_models(model_dir)
    usable = [p for p in models["path"] if can_use_audio(read_manifest(p))]
    if not usable:
        raise NoModelError(f"no saved genre network usable on audio in {resolve_model_root(model_dir)}: "
                           "run chapter 05 first: genrebook run 05_cnn")
    return Path(usable[0])


def compute_window_matrices(segment: np.ndarray, sr: int, *, full: bool) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The extractor's matrices of one window: all of them (``full``), or only the mel spectrogram and MFCC.

    ``full=True`` calls :func:`genrebook.features.clip.compute_feature_matrices` itself (needed for the
    518 statistics). Otherwise the mel power spectrogram and the MFCCs are computed by the same
    librosa steps with the same constants, about eight times faster (no CQT); a test checks that
    both paths give identical matrices.

    Returns
    -------
    matrices : dict
        At least ``mfcc`` (np.ndarray [shape=(20, n_frames)]).
    mel : np.ndarray [shape=(128, n_frames)]
    """
    librosa = import_librosa()

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Precision loss occurred in moment calculation")
        warnings.filterwarnings("ignore", message="Trying to estimate tuning from empty frequency set")
        if full:
            return features.compute_feature_matrices(segment, sr)
    power = np.abs(librosa.stft(segment, n_fft=features.N_FFT, hop_length=features.HOP_LENGTH)) ** 2
    mel = librosa.feature.melspectrogram(sr=sr, S=power, n_mels=features.N_MELS)
    return {"mfcc": librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=features.N_MFCC)}, mel


def compute_window_inputs(y: np.ndarray, sr: int, starts: list[float], spec: dict) -> dict:
    """Compute the raw network inputs of each window, as the extractor computes a clip's.

    Returns
    -------
    dict
        ``image`` (np.ndarray [shape=(n_windows, rows, columns)]: uint8 spectrogram images or
        float32 MFCC matrices) and ``features`` (standardised feature vectors, or None).
    """
    images, vectors, shape = [], [], tuple(spec["shape"])
    needs_vector = spec["feature_scaler"] is not None
    for start in starts:
        segment = y[int(round(start * sr)):int(round((start + WINDOW_SECONDS) * sr))]
        matrices, mel = compute_window_matrices(segment, sr, full=needs_vector)
        if needs_vector:
            vectors.append(compute_feature_vector(matrices))
        if spec["image"] == "mfcc":
            images.append(fit_to_shape(matrices["mfcc"].astype(np.float32), shape))
        else:  # as load_image_array reads an extracted 128 x 128 image
            images.append(np.clip(np.rint(fit_to_shape(make_spectrogram_image(mel), shape)), 0, 255).astype(np.uint8))
    features = prepare_features(np.vstack(vectors), spec) if vectors else None
    return {"image": np.stack(images), "features": features}


def predict_file(path: str | os.PathLike, model, manifest: dict) -> FilePrediction:
    """Predict one file's genre probabilities; an unusable file gives a prediction with ``error`` set."""
    result = FilePrediction(path=str(path))
    try:
        y, sr = load_audio(path)
    except AudioError as error:
        result.error = str(error)
        return result
    spec = manifest["inputs"]
    starts = make_window_starts(len(y) / sr)
    raw = compute_window_inputs(y, sr, starts, spec)
    probabilities = predict_probabilities(model, raw, spec).mean(axis=0)
    order = np.argsort(-probabilities, kind="stable")
    result.probabilities = {spec["classes"][i]: float(probabilities[i]) for i in order}
    result.n_windows, result.seconds = len(starts), len(y) / sr
    return result


def predict_files(paths, *, model_path: str | os.PathLike | None = None,
                  model_dir: str | os.PathLike | None = None) -> tuple[list[FilePrediction], dict]:
    """Predict the genre of several files with one network; bad files are reported, not raised.

    Parameters
    ----------
    paths : sequence of path-like
    model_path : path-like, optional
        A saved network (``.keras`` file, or its folder when it holds one network); default
        :func:`find_default_model`.
    model_dir : path-like, optional
        Root of the saved networks searched for the default.

    Returns
    -------
    predictions : list of FilePrediction
        One per path, in order.
    manifest : dict
        The network's manifest.
    """

    configure_tensorflow(0)
    path = Path(model_path) if model_path is not None else find_default_model(model_dir)
    if path.is_dir():
        candidates = sorted(path.glob("*.keras"))
        if len(candidates) != 1:
            raise FileNotFoundError(f"{path} holds {len(candidates)} networks; name one .keras file")
        path = candidates[0]
    manifest, model = load_network(path)
    if not can_use_audio(manifest):
        raise ValueError(f"{path}: this {manifest['network']} network also reads the features of "
                         f"{manifest['dataset']['name']}'s own features.csv, which cannot be computed from audio; "
                         "choose a network on images alone, or one trained with feature_source='extracted'")
    log.info("predicting with %s (%s network trained on %s)", path, manifest["network"], manifest["dataset"]["name"])
    predictions = [predict_file(p, model, manifest) for p in paths]
    failed = [p.path for p in predictions if p.error]
    if failed:
        log.warning("%d of %d files could not be predicted: %s", len(failed), len(predictions), ", ".join(failed))
    return predictions, {**manifest, "path": str(path)}


def format_predictions(predictions: list[FilePrediction], *, fmt: str = "table", top: int = 3) -> str:
    """Render predictions as a text table or as JSON (``fmt``: ``'table'`` or ``'json'``)."""
    if fmt == "json":
        records = [{"file": p.path, "windows": p.n_windows, "seconds": round(p.seconds, 2),
                    "top": [{"genre": g, "share": round(s, 4)} for g, s in p.top(top)], "error": p.error}
                   for p in predictions]
        return json.dumps(records, indent=1)
    if fmt != "table":
        raise ValueError(f"format must be 'table' or 'json'; got {fmt!r}")
    lines = []
    for p in predictions:
        if p.error:
            reason = p.error[len(p.path) + 2:] if p.error.startswith(f"{p.path}: ") else p.error
            lines.append(f"{p.path}: ERROR {reason}")
            continue
        shares = ", ".join(f"{g} {s:.1%}" for g, s in p.top(top))
        lines.append(f"{p.path} ({p.seconds:.0f} s, {p.n_windows} window{'s' if p.n_windows != 1 else ''}): {shares}")
    return "\n".join(lines)
