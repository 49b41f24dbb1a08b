"""Chapter 05's networks, each loaded when a suitable saved one exists or else trained, then scored.

Used in: 05_cnn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from genrebook.cnn import store as cnn_store
from genrebook.cnn import train as cnn_train
from genrebook.cnn.networks import NETWORKS
from genrebook.fma.dataset import load_dataset
from genrebook.fma.folders import resolve_dataset
from genrebook.models.evaluation import compute_accuracy_interval

log = logging.getLogger(__name__)


@dataclass
class TrainedNetwork:
    """A network ready for the chapter, freshly trained or loaded.

    Attributes
    ----------
    name : str
    model : keras.Model
    manifest : dict
    history : pd.DataFrame
        One row per epoch.
    trained : bool
        True when trained in this run, False when loaded.
    path : Path
        Its ``.keras`` file.
    """

    name: str
    model: object
    manifest: dict
    history: pd.DataFrame
    trained: bool
    path: Path


def load_network_dataset(params: dict):
    """Load the chapter's dataset with its ``feature_source`` and ``image_source`` parameters."""
    return load_dataset(resolve_dataset(params["dataset"]), feature_source=params["feature_source"],
                        image_source=params["image_source"])


def select_networks(models: tuple[str, ...], *, has_features: bool = True) -> list[str]:
    """Order the networks the ``models`` parameter selected (already parsed) for training.

    The multi-input network is left out (with a warning) when the dataset has no features.

    Examples
    --------
    >>> select_networks(("multi", "baseline"), has_features=False)
    ['baseline']
    """
    picked = list(models)
    if "multi" in picked and not has_features:
        log.warning("the multi-input network is skipped: this dataset has no features")
        picked = [m for m in picked if m != "multi"]
    return [n for n in NETWORKS if n in picked]


def score_network(model, raw: dict, spec: dict, dataset, split: str, *, seed: int) -> dict:
    """Accuracy of a network on one split, with a 95 % bootstrap interval and the predictions.

    Returns
    -------
    dict
        ``accuracy``, ``low``, ``high``, and ``predictions``: a frame indexed by track id with
        columns ``true``, ``predicted`` (genre names) and ``confidence`` (the predicted genre's
        probability).
    """
    rows = np.flatnonzero((dataset.tracks["split"] == split).to_numpy())
    probabilities = cnn_train.predict_probabilities(model, raw, spec, rows)
    predicted = np.asarray(spec["classes"])[probabilities.argmax(axis=1)]
    true = dataset.tracks["genre"].to_numpy()[rows]
    accuracy, low, high = compute_accuracy_interval(true, predicted, seed=seed)
    table = pd.DataFrame({"true": true, "predicted": predicted,
                          "confidence": probabilities.max(axis=1).astype(float)},
                         index=dataset.tracks.index[rows])
    return {"accuracy": accuracy, "low": low, "high": high, "predictions": table}


def load_or_train_network(dataset, name: str, params: dict, *, model_dir=None, fingerprint: str | None = None,
                          image: str = "spectrogram", strong: TrainedNetwork | None = None) -> TrainedNetwork:
    """Load a suitable saved network, or train one (and save it) when none is or ``retrain`` asks.

    The multi-input network starts from the residual CNN (its frozen spectrogram branch), which
    is loaded or trained first when not given.

    Parameters
    ----------
    dataset : genrebook.fma.dataset.Dataset
    name : {'baseline', 'strong', 'multi'}
    params : dict
        The chapter's validated parameters (``retrain``, ``epochs``, ``batch_size``, ``seed``,
        ``image_height``, ``image_width`` ...).
    model_dir : path-like, optional
        Root of the saved networks (default ``<data home>/models``).
    image : {'spectrogram', 'mfcc'}
        The image input (the baseline's may be MFCC, the others always take spectrograms).
    strong : TrainedNetwork, optional
        The residual CNN (key 'strong'), for the multi-input network.

    Returns
    -------
    TrainedNetwork
    """
    fingerprint = fingerprint or cnn_store.fingerprint_dataset(dataset)
    folder = cnn_store.make_model_dir(dataset, params, model_dir=model_dir, fingerprint=fingerprint)
    path = folder / f"{name}.keras"
    manifest_path = folder / f"{name}.manifest.json"  # written last: without it the save did not finish
    if not params.get("retrain") and path.is_file() and manifest_path.is_file():
        manifest = cnn_store.read_manifest(path)
        if cnn_store.is_suitable(manifest, params, fingerprint):
            manifest, model = cnn_store.load_network(path)
            log.info("loaded %s from %s", name, path)
            return TrainedNetwork(name, model, manifest, cnn_store.load_history(path), False, path)
    if name == "multi" and strong is None:
        strong = load_or_train_network(dataset, "strong", params, model_dir=model_dir, fingerprint=fingerprint)
    spec = cnn_train.make_spec(dataset, name, image=image, shape=(params["image_height"], params["image_width"]))
    raw = cnn_train.make_raw_inputs(dataset, spec)
    model, history, seconds = cnn_train.fit_network(
        dataset, spec, epochs=params["epochs"], batch_size=params["batch_size"], seed=params["seed"], raw=raw,
        spectrogram_model=strong.model if name == "multi" else None)
    scores = {f"{split}_accuracy": score_network(model, raw, spec, dataset, split, seed=params["seed"])["accuracy"]
              for split in ("validation", "test")}
    manifest = cnn_store.make_manifest(dataset, spec, params, fingerprint=fingerprint, history=history,
                                       seconds=seconds, scores=scores)
    cnn_store.save_network(folder, model, manifest, history)
    return TrainedNetwork(name, model, manifest, history, True, path)


def load_or_train_networks(dataset, params: dict, *, model_dir=None) -> dict[str, TrainedNetwork]:
    """Load or train every network the ``models`` parameter selects, in order (see :func:`load_or_train_network`).

    The multi-input network is built on the residual CNN, so selecting it alone still trains (or
    loads) the residual CNN, without returning it.
    """
    fingerprint = cnn_store.fingerprint_dataset(dataset)
    image = cnn_train.choose_image_input(dataset, params["baseline_input"])
    names = select_networks(params["models"], has_features=dataset.features is not None)
    if not names:
        raise ValueError(f"models={params['models']!r} leaves no network to train on {dataset.name}: the "
                         "multi-input network needs a feature table, which this dataset does not have")
    networks = {}
    for name in names:
        networks[name] = load_or_train_network(dataset, name, params, model_dir=model_dir, fingerprint=fingerprint,
                                               image=image if name == "baseline" else "spectrogram",
                                               strong=networks.get("strong"))
    return networks


def score_networks(dataset, networks: dict[str, TrainedNetwork], *, seed: int, split: str = "test") -> dict:
    """Score every network once on a split: ``{name: {'accuracy', 'low', 'high', 'predictions'}}``."""
    scores = {}
    for name, net in networks.items():
        spec = net.manifest["inputs"]
        scores[name] = score_network(net.model, cnn_train.make_raw_inputs(dataset, spec), spec, dataset, split,
                                     seed=seed)
    return scores


def pick_best_network(networks: dict[str, TrainedNetwork]) -> str:
    """Name of the network with the highest validation accuracy (the test split plays no part; a tie
    goes to the first in :data:`NETWORKS`' order, the simpler network)."""
    return max(networks, key=lambda n: networks[n].manifest["validation_accuracy"])


@dataclass(frozen=True)
class NetworkRun:
    """The networks of one chapter run, their test scores and the one chosen on validation.

    Attributes
    ----------
    networks : dict
        ``{name: TrainedNetwork}`` in :data:`NETWORKS`' order, only those the ``models`` parameter selected.
    scores : dict
        :func:`score_networks` on the test split.
    best : str
        :func:`pick_best_network`.
    """

    networks: dict[str, TrainedNetwork]
    scores: dict[str, dict]
    best: str


def run_networks(dataset, params: dict, *, model_dir=None) -> NetworkRun:
    """Load or train the selected networks (:func:`load_or_train_networks`) and score them once on the test split."""
    networks = load_or_train_networks(dataset, params, model_dir=model_dir)
    scores = score_networks(dataset, networks, seed=params["seed"])
    return NetworkRun(networks, scores, pick_best_network(networks))
