"""A trained network's penultimate-layer embeddings of a dataset's tracks.

Used in: 07_clustering (through :func:`genrebook.clustering.fit.load_cnn_embeddings`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genrebook.cnn.networks import EMBEDDING_LAYER
from genrebook.cnn.store import find_saved_models, load_network
from genrebook.cnn.train import make_crop_starts, make_model_inputs, make_raw_inputs


def compute_embeddings(model, raw: dict, spec: dict, *, chunk: int = 512) -> np.ndarray:
    """Return the output of the model's ``embedding`` layer (the one before the classifier) for every row.

    A network that reads time crops is embedded from the same crops it predicts from (spread over the
    whole clip, :func:`genrebook.cnn.train.make_crop_starts`), their embeddings averaged, so that the
    embedding of a track describes the same sound its prediction does.

    Parameters
    ----------
    model : keras.Model
    raw, spec : dict
        Raw inputs and their spec (:func:`genrebook.cnn.train.make_raw_inputs`).

    Returns
    -------
    np.ndarray [shape=(n, embedding_size), dtype=float32]
    """
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    embed = keras.Model(model.inputs, model.get_layer(EMBEDDING_LAYER).output)
    n = len(raw["image"])
    starts = make_crop_starts(raw["image"].shape[2], spec["crop"])
    parts = [np.mean([embed.predict(make_model_inputs(raw, spec, slice(i, i + chunk), start=s), verbose=0,
                                    batch_size=128) for s in starts], axis=0)
             for i in range(0, n, chunk)]
    return np.concatenate(parts).astype(np.float32) if parts else np.empty((0, embed.output.shape[-1]), np.float32)


def load_embeddings(dataset, *, model_dir=None) -> pd.DataFrame | None:
    """Return the penultimate-layer embeddings of every track from the best saved model for a dataset.

    The best model is the saved one (of any of the three networks) with the highest validation
    accuracy among those trained on exactly this dataset's content: tracks, splits, labels,
    features and image files (:func:`genrebook.cnn.store.find_saved_models`). Its inputs are
    rebuilt as in training (same image shape, the training split's feature statistics).

    Parameters
    ----------
    dataset : genrebook.fma.dataset.Dataset
    model_dir : path-like, optional
        The models' root folder (default ``<data home>/models``) or one model folder.

    Returns
    -------
    pd.DataFrame [shape=(n_tracks, 64)] or None
        Indexed by ``track_id`` like ``dataset.tracks``, float32 columns ``emb_00``, ``emb_01``...;
        ``attrs['network']`` names the network; ``None`` when no suitable saved model exists.
    """
    saved = find_saved_models(dataset, model_dir=model_dir)
    if saved.empty:
        return None
    manifest, model = load_network(saved["path"].iloc[0])
    values = compute_embeddings(model, make_raw_inputs(dataset, manifest["inputs"]), manifest["inputs"])
    columns = [f"emb_{i:02d}" for i in range(values.shape[1])]
    embeddings = pd.DataFrame(values, index=dataset.tracks.index.copy(), columns=columns)
    embeddings.attrs["network"] = manifest["network"]  # which network, for the reader
    return embeddings
