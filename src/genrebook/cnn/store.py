"""Saved networks: where they live, their manifests, and finding the best one.

Layout, under ``<data home>/models/`` (see :func:`genrebook.config.resolve_data_home`)::
    <dataset name>-<hash>/            one folder per dataset content and training parameters
        <network>.keras               the trained Keras model (baseline, strong or multi)
        <network>.history.csv         loss and accuracy per epoch, training and validation
        <network>.manifest.json       parameters, dataset fingerprint, input spec, accuracies, versions

``<hash>`` is a short hash of the dataset fingerprint and the training parameters, so models
trained with other parameters (a quick ``epochs=2`` run) never replace the chapter's. A saved
model is *suitable* when its manifest's recipe version (:data:`NETWORK_RECIPES`), parameters and
dataset fingerprint equal the current ones.

Used in: 05_cnn, ``genrebook predict``, :func:`genrebook.cnn.embeddings.load_embeddings`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from genrebook import __version__
from genrebook.cnn.backend import import_tensorflow
from genrebook.config import resolve_data_home
from genrebook.files import write_atomically
from genrebook.fma.dataset import read_dataset_info, resolve_extracted_dir

#: Parameters of 05_cnn that change what a network learns (the others only change what is shown).
TRAINING_PARAMETERS = ("image_source", "feature_source", "baseline_input", "image_height", "image_width",
                       "epochs", "batch_size", "seed")


#: Version of the saved networks' layout and shared training code; a change retrains every network.
RECIPE = "cnn-v2"


#: Version of each network's own recipe (architecture, augmentation, schedule); a change retrains that
#: network alone. 'cnn-v3': the residual 2-D CNN replaced the time-convolution CNN (and the branch of
#: the multi-input network). 'cnn-v4': batch-norm momentum follows the training's length
#: (:func:`genrebook.cnn.networks.choose_bn_momentum`; unchanged for fma_small, lower for the demo's short trainings).
NETWORK_RECIPES = {"baseline": "cnn-v2", "strong": "cnn-v4", "multi": "cnn-v4"}


def resolve_model_root(model_dir: str | os.PathLike | None = None) -> Path:
    """Return the folder holding the saved models: ``model_dir``, else ``<data home>/models``."""
    return Path(model_dir) if model_dir is not None else resolve_data_home() / "models"


def fingerprint_dataset(dataset) -> str:
    """Fingerprint what the networks see of a dataset: tracks, splits, labels, features, image files.

    Content, not file times: a copied dataset has the same fingerprint.

    Returns
    -------
    str
        A 64-character hex digest.
    """
    digest = hashlib.sha256()
    tracks = dataset.tracks
    digest.update(pd.util.hash_pandas_object(tracks[["split", "genre"]].astype(str), index=True).to_numpy().tobytes())
    if dataset.features is not None:
        digest.update(pd.util.hash_pandas_object(dataset.features, index=True).to_numpy().tobytes())
    images = [(Path(p).name, os.stat(p).st_size) if isinstance(p, str) else None for p in tracks["spectrogram"]]
    digest.update(json.dumps(images).encode())
    return digest.hexdigest()


def _slug(name: str) -> str:
    """File-name-safe version of a dataset name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "dataset"


def make_model_dir(dataset, params: dict, *, model_dir: str | os.PathLike | None = None,
                   fingerprint: str | None = None) -> Path:
    """Return the folder of a dataset's networks trained with these parameters (not created)."""
    fingerprint = fingerprint or fingerprint_dataset(dataset)
    key = json.dumps([RECIPE, fingerprint, select_training_parameters(params)], sort_keys=True)
    return resolve_model_root(model_dir) / f"{_slug(dataset.name)}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def select_training_parameters(params: dict) -> dict:
    """The parameters that a saved network must match (:data:`TRAINING_PARAMETERS`)."""
    return {k: params[k] for k in TRAINING_PARAMETERS if k in params}


def make_manifest(dataset, spec: dict, params: dict, *, fingerprint: str, history: pd.DataFrame,
                  seconds: float, scores: dict) -> dict:
    """Describe a trained network: parameters, dataset, data version, package version, results."""

    extracted = resolve_extracted_dir(dataset.path) / "manifest.json"
    return {
        "network": spec["network"], "recipe": NETWORK_RECIPES[spec["network"]], "package_version": __version__,
        "parameters": select_training_parameters(params),
        "dataset": {"path": str(Path(dataset.path).resolve()), "name": dataset.name, "synthetic": dataset.synthetic,
                    "fingerprint": fingerprint, "n_tracks": len(dataset.tracks),
                    "info": read_dataset_info(dataset.path),
                    "extraction": json.loads(extracted.read_text()).get("recipe") if extracted.is_file() else None},
        "feature_source": dataset.feature_source,
        "inputs": spec, "epochs_run": len(history), "training_seconds": round(seconds, 1), **scores,
    }


def save_network(folder: Path, model, manifest: dict, history: pd.DataFrame) -> Path:
    """Write a trained network, its history and its manifest (the manifest last, atomically)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = manifest["network"]
    _save_keras(model, folder / f"{name}.keras")
    write_atomically(folder / f"{name}.history.csv", history.to_csv().encode())
    write_atomically(folder / f"{name}.manifest.json", (json.dumps(manifest, indent=1) + "\n").encode())
    return folder / f"{name}.keras"


def _save_keras(model, path: Path) -> None:
    """Save a Keras model atomically (Keras insists on the ``.keras`` suffix, so the temporary has it)."""
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.keras")
    try:
        model.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_manifest(path: str | os.PathLike) -> dict:
    """Read a network's manifest, given its ``.keras``, ``.manifest.json`` or ``.history.csv`` path."""
    path = Path(path)
    stem = path.name.split(".")[0]
    return json.loads((path.parent / f"{stem}.manifest.json").read_text())


def load_network(path: str | os.PathLike):
    """Load a saved network and its manifest.

    Returns
    -------
    manifest : dict
    model : keras.Model
    """
    import_tensorflow()
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    path = Path(path)
    keras_path = path.parent / f"{path.name.split('.')[0]}.keras"
    if not keras_path.is_file():
        raise FileNotFoundError(f"no saved network at {keras_path}")
    return read_manifest(keras_path), keras.models.load_model(keras_path)


def load_history(path: str | os.PathLike) -> pd.DataFrame:
    """Read a network's training history (one row per epoch)."""
    path = Path(path)
    return pd.read_csv(path.parent / f"{path.name.split('.')[0]}.history.csv", index_col="epoch")


def is_suitable(manifest: dict, params: dict, fingerprint: str) -> bool:
    """Tell whether a saved network was trained by its current recipe with these parameters on this dataset content."""
    return (manifest.get("recipe") == NETWORK_RECIPES.get(manifest.get("network"))
            and manifest["dataset"]["fingerprint"] == fingerprint
            and manifest["parameters"] == select_training_parameters(params))


def list_saved_models(model_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """List every saved network under the models' root (or in one model folder).

    Returns
    -------
    pd.DataFrame
        One row per network: ``path`` (the ``.keras`` file), ``network``, ``dataset``, ``synthetic``,
        ``fingerprint``, ``n_tracks``, ``image``, ``feature_source``, ``validation_accuracy``,
        ``test_accuracy``; sorted best first (see :func:`rank_models`).
    """
    root = resolve_model_root(model_dir)
    manifests = sorted(root.glob("*.manifest.json")) + sorted(root.glob("*/*.manifest.json"))
    rows = []
    for path in manifests:
        manifest = json.loads(path.read_text())
        keras_path = path.parent / f"{manifest['network']}.keras"
        if not keras_path.is_file():
            continue
        rows.append({"path": str(keras_path), "network": manifest["network"], "dataset": manifest["dataset"]["name"],
                     "synthetic": manifest["dataset"]["synthetic"], "fingerprint": manifest["dataset"]["fingerprint"],
                     "n_tracks": manifest["dataset"]["n_tracks"], "image": manifest["inputs"]["image"],
                     "feature_source": manifest.get("feature_source"),
                     "features": manifest["inputs"]["feature_scaler"] is not None,
                     "validation_accuracy": manifest.get("validation_accuracy", np.nan),
                     "test_accuracy": manifest.get("test_accuracy", np.nan)})
    return rank_models(pd.DataFrame(rows, columns=["path", "network", "dataset", "synthetic", "fingerprint",
                                                   "n_tracks", "image", "feature_source", "features",
                                                   "validation_accuracy", "test_accuracy"]))


def rank_models(models: pd.DataFrame) -> pd.DataFrame:
    """Sort saved networks best first: real data before synthetic, more tracks, higher validation accuracy."""
    if models.empty:
        return models
    order = models.assign(_real=~models["synthetic"].astype(bool))
    order = order.sort_values(["_real", "n_tracks", "validation_accuracy", "path"],
                              ascending=[False, False, False, True], kind="stable")
    return order.drop(columns="_real").reset_index(drop=True)


def find_saved_models(dataset, *, model_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Saved networks trained on exactly this dataset's content, highest validation accuracy first."""
    models = list_saved_models(model_dir)
    if models.empty:
        return models
    matching = models[models["fingerprint"] == fingerprint_dataset(dataset)]
    return matching.sort_values(["validation_accuracy", "path"], ascending=[False, True]).reset_index(drop=True)
