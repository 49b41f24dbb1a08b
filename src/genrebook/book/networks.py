"""What chapter 05 shows of its networks: their inputs, example images, the summary table, how far
each overfits, and how long a spectrogram column takes to compute.

Used in: 05_cnn.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import soundfile
from PIL import Image

from genrebook.cnn import train as cnn_train
from genrebook.cnn.workflow import TrainedNetwork
from genrebook.fma.audio import FMA_CLIP_SECONDS
from genrebook.fma.summary import pick_examples


def describe_inputs(dataset, params: dict) -> dict:
    """What the networks read: split sizes, image shape and source, the baseline's input, features, device."""
    import tensorflow as tf  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

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
    return pick_examples(dataset.tracks[dataset.tracks["split"] == "training"], "spectrogram", seed=seed)


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


def estimate_seconds_per_column(dataset) -> float:
    """Seconds of audio one column of the dataset's stored spectrogram images averages.

    The clip length is read from the first track's audio where the dataset has audio, else
    taken as FMA's :data:`genrebook.fma.audio.FMA_CLIP_SECONDS`; the width from that track's image.
    """

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
