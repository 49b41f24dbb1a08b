"""What chapter 05 shows: networks loaded or trained, their test scores, curves and comparisons.

Used in: 05_cnn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from genrebook import cnn_store, cnn_train
from genrebook.evaluation import compute_accuracy_interval

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
    from genrebook.data import load_dataset
    from genrebook.datasets import resolve_dataset

    return load_dataset(resolve_dataset(params["dataset"]), feature_source=params["feature_source"],
                        image_source=params["image_source"])


def select_networks(models: str, *, has_features: bool = True) -> list[str]:
    """Turn the ``models`` parameter (``'all'`` or ``'baseline,multi'``) into network names in training order.

    The multi-input network is left out (with a warning) when the dataset has no features.
    """
    from genrebook.cnn import NETWORKS

    picked = NETWORKS if models == "all" else [m.strip() for m in models.split(",")]
    if "multi" in picked and not has_features:
        log.warning("the multi-input network is skipped: this dataset has no features")
        picked = [m for m in picked if m != "multi"]
    return [n for n in NETWORKS if n in picked]


def describe_inputs(dataset, params: dict) -> dict:
    """What the networks read: split sizes, image shape and source, the baseline's input, features, device."""
    import tensorflow as tf

    counts = dataset.tracks["split"].value_counts()
    baseline = cnn_train.choose_image_input(dataset, params["baseline_input"])
    images = dataset.tracks["spectrogram"].dropna()
    own = len(images) > 0 and Path(images.iloc[0]).parents[1] == Path(dataset.path) / "spectrograms"
    return {"n_training": int(counts.get("training", 0)), "n_validation": int(counts.get("validation", 0)),
            "n_test": int(counts.get("test", 0)), "image_shape": f"{params['image_height']} x {params['image_width']}",
            "image_source": "dataset's own" if own else "extracted",
            "baseline_input": "MFCC matrices, as the original did" if baseline == "mfcc" else
            ("the spectrogram images, as the baseline_input parameter asks" if params["baseline_input"] == "spectrogram"
             else "the spectrogram images (this dataset has no MFCC matrix for every track)"),
            "n_features": 0 if dataset.features is None else int(dataset.features.shape[1]),
            "device": "a GPU" if tf.config.list_physical_devices("GPU") else "the CPU"}


def pick_image_examples(dataset, *, seed: int) -> pd.DataFrame:
    """One training track per genre with its spectrogram image."""
    from genrebook.summary import pick_examples

    return pick_examples(dataset.tracks[dataset.tracks["split"] == "training"], "spectrogram", seed=seed)


def score_network(model, raw: dict, spec: dict, dataset, split: str, *, seed: int) -> dict:
    """Accuracy of a network on one split, with a 95 % bootstrap interval and the predictions."""
    rows = np.flatnonzero((dataset.tracks["split"] == split).to_numpy())
    probabilities = cnn_train.predict_probabilities(model, raw, spec, rows)
    predicted = np.asarray(spec["classes"])[probabilities.argmax(axis=1)]
    true = dataset.tracks["genre"].to_numpy()[rows]
    accuracy, low, high = compute_accuracy_interval(true, predicted, seed=seed)
    table = pd.DataFrame({"true": true, "predicted": predicted}, index=dataset.tracks.index[rows])
    return {"accuracy": accuracy, "low": low, "high": high, "predictions": table}


def load_or_train_network(dataset, name: str, params: dict, *, model_dir=None, fingerprint: str | None = None,
                          image: str = "spectrogram", strong: TrainedNetwork | None = None) -> TrainedNetwork:
    """Load a suitable saved network, or train one (and save it) when none is or ``retrain`` asks.

    The multi-input network starts from the stronger CNN (its frozen spectrogram branch), which
    is loaded or trained first when not given.

    Parameters
    ----------
    dataset : genrebook.data.Dataset
    name : {'baseline', 'strong', 'multi'}
    params : dict
        The chapter's validated parameters (``retrain``, ``epochs``, ``batch_size``, ``seed``,
        ``image_height``, ``image_width`` ...).
    model_dir : path-like, optional
        Root of the saved networks (default ``<data home>/models``).
    image : {'spectrogram', 'mfcc'}
        The image input (the baseline's may be MFCC, the others always take spectrograms).
    strong : TrainedNetwork, optional
        The stronger CNN, for the multi-input network.

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

    The multi-input network is built on the stronger CNN, so selecting it alone still trains (or
    loads) the stronger CNN, without returning it.
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
    """Name of the network with the highest validation accuracy (the test split plays no part)."""
    return max(networks, key=lambda n: networks[n].manifest["validation_accuracy"])


def describe_overfitting(net: TrainedNetwork | None) -> str:
    """Say at which epoch a network's validation loss was lowest, and how train and validation ended.

    Examples
    --------
    >>> h = pd.DataFrame({"val_loss": [2.0, 1.5, 1.7], "accuracy": [0.3, 0.5, 0.7],
    ...                   "val_accuracy": [0.3, 0.45, 0.44]}, index=pd.Index([1, 2, 3], name="epoch"))
    >>> describe_overfitting(TrainedNetwork("baseline", None, {}, h, True, Path("x")))
    'at epoch 2 of 3; by its last epoch its training accuracy is 26 percentage points above its validation accuracy'
    """
    if net is None:
        return "(not run here)"
    history = net.history
    best, last = int(history["val_loss"].idxmin()), int(history.index[-1])
    if best == last:
        return f"at its last epoch ({last}): it did not start to memorise within the epochs it had"
    gap = float(history["accuracy"].iloc[-1] - history["val_accuracy"].iloc[-1])
    side = "above" if gap >= 0 else "below"
    return (f"at epoch {best} of {last}; by its last epoch its training accuracy is "
            f"{abs(gap) * 100:.0f} percentage points {side} its validation accuracy")


def summarize_networks(networks: dict[str, TrainedNetwork], scores: dict[str, dict]) -> pd.DataFrame:
    """One row per network: test accuracy and interval, validation accuracy, epochs, time, size."""
    rows = []
    for name, net in networks.items():
        rows.append({"network": name, "input": net.manifest["inputs"]["image"]
                     + (" + features" if net.manifest["inputs"]["feature_scaler"] else ""),
                     "test accuracy": scores[name]["accuracy"], "95% low": scores[name]["low"],
                     "95% high": scores[name]["high"], "validation accuracy": net.manifest["validation_accuracy"],
                     "epochs": net.manifest["epochs_run"], "training seconds": net.manifest["training_seconds"],
                     "parameters": int(net.model.count_params()), "trained now": net.trained})
    return pd.DataFrame(rows).set_index("network")


def plot_training_curves(histories: dict[str, pd.DataFrame], *, axes=None):
    """Loss and accuracy per epoch, training (solid) and validation (dashed), one colour per network.

    Parameters
    ----------
    histories : dict
        ``{network: history frame}`` with columns ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``.

    Returns
    -------
    fig, axes
    """
    import matplotlib.pyplot as plt

    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    fig = axes[0].figure
    for i, (name, history) in enumerate(histories.items()):
        for ax, metric in zip(axes, ("loss", "accuracy")):
            ax.plot(history.index, history[metric], color=f"C{i}", label=f"{name} (training)")
            ax.plot(history.index, history[f"val_{metric}"], color=f"C{i}", ls="--", label=f"{name} (validation)")
    axes[0].set(xlabel="epoch", ylabel="cross-entropy loss", title="Loss")
    axes[1].set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    axes[1].legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig, axes


def estimate_seconds_per_column(dataset) -> float:
    """Seconds of audio one column of the dataset's stored spectrogram images averages.

    The clip length is read from the first track's audio where the dataset has audio, else
    taken as FMA's :data:`genrebook.audio.FMA_CLIP_SECONDS`; the width from that track's image.
    """
    import soundfile
    from PIL import Image

    from genrebook.audio import FMA_CLIP_SECONDS

    tracks = dataset.tracks.dropna(subset=["spectrogram"])
    if tracks.empty:
        raise ValueError(f"{dataset.path}: no spectrogram image to measure")
    first = tracks.iloc[0]
    with Image.open(first["spectrogram"]) as image:
        width = image.width
    seconds = FMA_CLIP_SECONDS
    audio = first.get("audio")
    if isinstance(audio, str) and Path(audio).is_file():
        try:
            seconds = soundfile.info(audio).duration
        except RuntimeError:  # undecodable header: keep FMA's clip length
            pass
    return float(seconds / width)
