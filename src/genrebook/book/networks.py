"""What chapter 05 shows of its networks: their names, what they read, example images, one row per
network, its most confident mistakes, and how long a spectrogram column takes to compute.

Used in: 05_cnn (through :mod:`genrebook.book.pages.cnn`).
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

#: How the book names each network: by what it is (the keys are the ``models`` parameter's choices).
NETWORK_NAMES = {"baseline": "plain 2-D CNN", "strong": "residual 2-D CNN", "multi": "multi-input network"}


def describe_inputs(dataset, params: dict) -> dict:
    """What the networks read: split sizes, image shape and source, the baseline's input, features, device."""
    import tensorflow as tf  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    counts = dataset.tracks["split"].value_counts()
    baseline = cnn_train.choose_image_input(dataset, params["baseline_input"])
    images = dataset.tracks["spectrogram"].dropna()
    own = len(images) > 0 and Path(images.iloc[0]).parents[1] == Path(dataset.path) / "spectrograms"
    if baseline == "mfcc":
        baseline_input = "MFCC matrices, as the original analysis did"
    elif params["baseline_input"] == "spectrogram":
        baseline_input = "the spectrogram images, as the baseline_input parameter asks"
    else:
        baseline_input = "the spectrogram images (this dataset has no MFCC matrix for every track)"
    return {"n_training": int(counts.get("training", 0)), "n_validation": int(counts.get("validation", 0)),
            "n_test": int(counts.get("test", 0)), "image_shape": f"{params['image_height']} × {params['image_width']}",
            "image_source": "the dataset's own images" if own else "images extracted by genrebook from the audio",
            "baseline_input": baseline_input,
            "n_features": 0 if dataset.features is None else int(dataset.features.shape[1]),
            "device": "a GPU" if tf.config.list_physical_devices("GPU") else "the CPU"}


def pick_image_examples(dataset, *, seed: int) -> pd.DataFrame:
    """One training track per genre with its spectrogram image."""
    return pick_examples(dataset.tracks[dataset.tracks["split"] == "training"], "spectrogram", seed=seed)


def describe_network_input(manifest: dict) -> str:
    """What a saved network reads, in words (``'spectrogram images + 518 features'``).

    Examples
    --------
    >>> describe_network_input({"inputs": {"image": "mfcc", "feature_scaler": None}})
    'MFCC images'
    >>> describe_network_input({"inputs": {"image": "spectrogram", "feature_scaler": {"mean": [0.0] * 3}}})
    'spectrogram images + 3 features'
    """
    spec = manifest["inputs"]
    image = "MFCC images" if spec["image"] == "mfcc" else "spectrogram images"
    scaler = spec["feature_scaler"]
    return image if scaler is None else f"{image} + {len(scaler['mean']):,} features"


def tabulate_networks(networks: dict[str, TrainedNetwork], scores: dict[str, dict]) -> pd.DataFrame:
    """One row per network (index: its name in :data:`NETWORK_NAMES`), raw values for :func:`make_table`.

    Columns: ``input``, ``test accuracy``, ``interval`` (``(low, high)``), ``validation accuracy``,
    ``epochs``, ``best epoch`` (lowest validation loss), ``training seconds``, ``weights``, ``trained now``.
    """
    rows = {}
    for name, net in networks.items():
        rows[NETWORK_NAMES[name]] = {
            "input": describe_network_input(net.manifest), "test accuracy": scores[name]["accuracy"],
            "interval": (scores[name]["low"], scores[name]["high"]),
            "validation accuracy": net.manifest["validation_accuracy"], "epochs": net.manifest["epochs_run"],
            "best epoch": int(net.history["val_loss"].idxmin()), "training seconds": net.manifest["training_seconds"],
            "weights": int(net.model.count_params()), "trained now": net.trained}
    return pd.DataFrame.from_dict(rows, orient="index")


def find_confident_mistakes(predictions: pd.DataFrame, tracks: pd.DataFrame, *, n: int = 4) -> pd.DataFrame:
    """The wrong predictions a network was most sure of, among tracks with audio.

    Parameters
    ----------
    predictions : pd.DataFrame
        Indexed by track id; columns ``true``, ``predicted``, ``confidence``
        (:func:`genrebook.cnn.workflow.score_network`).
    tracks : pd.DataFrame
        The dataset's tracks, with ``audio`` (a path or missing).
    n : int
        Most rows returned.

    Returns
    -------
    pd.DataFrame
        The ``n`` most confident wrong rows with audio, most confident first.

    Examples
    --------
    >>> p = pd.DataFrame({"true": ["a", "b", "c"], "predicted": ["b", "b", "a"], "confidence": [0.6, 0.9, 0.8]},
    ...                  index=[1, 2, 3])
    >>> find_confident_mistakes(p, pd.DataFrame({"audio": ["x.mp3", "y.mp3", None]}, index=[1, 2, 3])).index.tolist()
    [1]
    """
    wrong = predictions[predictions["true"] != predictions["predicted"]]
    audible = wrong[tracks["audio"].reindex(wrong.index).notna().to_numpy()]
    return audible.sort_values("confidence", ascending=False, kind="stable").head(n)


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
