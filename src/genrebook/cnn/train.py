"""Training the networks: input specifications, augmentation suited to spectrograms, mixup, schedules.

An input *spec* (a plain dict, saved in each model's manifest) says everything needed to turn a
dataset into a network's inputs: the image kind and shape, the genre order, and the imputation
and standardisation statistics learnt from the training split.

Used in: 05_cnn, ``genrebook predict``, :func:`genrebook.cnn.embeddings.load_embeddings`.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from genrebook.cnn import inputs as cnn_inputs
from genrebook.cnn.backend import configure_tensorflow
from genrebook.cnn.networks import (  # noqa: F401 (CROP_SHARE: read from here)
    CROP_SHARE,
    RECIPES,
    build_network,
    choose_bn_momentum,
)

#: Crops, evenly spaced from the first column to the last, whose predictions are averaged in evaluation.
EVAL_CROPS = 5


#: Widest frequency and time masks, as shares of the rows and of the crop's columns.
MASK_SHARE = (0.15, 0.15)


#: Epochs without a better validation accuracy before a network of a ``'plateau'`` recipe stops.
PATIENCE = 6


def choose_image_input(dataset, requested: str = "auto") -> str:
    """Pick the baseline's input: ``'mfcc'`` (the original's) where every track has an MFCC matrix."""
    if requested not in ("auto", "spectrogram", "mfcc"):
        raise ValueError(f"image input must be one of 'auto', 'spectrogram', 'mfcc'; got {requested!r}")
    has_mfcc = bool(cnn_inputs.make_mfcc_paths(dataset).notna().all()) and len(dataset.tracks) > 0
    if requested == "mfcc" and not has_mfcc:
        raise FileNotFoundError(f"dataset {dataset.path} lacks MFCC matrices for some tracks: run "
                                "`genrebook extract` on a dataset with audio, or use 'spectrogram'")
    return "mfcc" if requested == "mfcc" or (requested == "auto" and has_mfcc) else "spectrogram"


def load_raw_images(dataset, spec: dict) -> np.ndarray:
    """Read every track's image (uint8 spectrogram or float32 MFCC), in ``dataset.tracks`` order."""
    shape = tuple(spec["shape"])
    if spec["image"] == "mfcc":
        return cnn_inputs.load_mfcc_array(cnn_inputs.make_mfcc_paths(dataset), shape=shape)
    paths = dataset.tracks["spectrogram"]
    if paths.isna().any():
        missing = paths.index[paths.isna()]
        raise FileNotFoundError(f"{len(missing)} tracks have no spectrogram image (first: {missing[0]:06d}); "
                                "run `genrebook extract` or choose image_source")
    return cnn_inputs.load_image_array(paths, shape=shape)


def make_spec(dataset, network: str, *, image: str, shape: tuple[int, int]) -> dict:
    """Describe a network's inputs for a dataset, with statistics of its training split.

    Parameters
    ----------
    dataset : genrebook.fma.dataset.Dataset
    network : {'baseline', 'strong', 'multi'}
    image : {'spectrogram', 'mfcc'}
    shape : tuple
        ``(rows, columns)`` of the image input (MFCC rows are always the coefficients).

    Returns
    -------
    dict
        ``network``, ``image``, ``shape``, ``classes``, ``crop`` (input width of a network trained
        on crops, None for the whole image), ``row_stats`` (per-row standardisation),
        ``feature_columns`` and ``feature_scaler`` (None where unused).
    """
    training = (dataset.tracks["split"] == "training").to_numpy()
    share = RECIPES[network].crop_share
    spec = {"network": network, "image": image, "shape": list(shape), "classes": dataset.genre_names,
            "crop": None if share is None else max(8, int(round(shape[1] * share))),
            "row_stats": None, "feature_columns": None, "feature_scaler": None}
    if image == "mfcc":
        spec["shape"][0] = int(np.load(cnn_inputs.make_mfcc_paths(dataset).iloc[0]).shape[0])
    stats = cnn_inputs.fit_row_stats(load_raw_images(dataset, spec)[training])
    spec["row_stats"] = {k: v.tolist() for k, v in stats.items()}
    if network == "multi":
        if dataset.features is None:
            raise ValueError("the multi-input network needs features: this dataset has none")
        scaler = cnn_inputs.fit_feature_scaler(dataset.features, training)
        spec["feature_columns"] = ["/".join(map(str, c)) for c in dataset.features.columns]
        spec["feature_scaler"] = {k: v.tolist() for k, v in scaler.items()}
    return spec


def prepare_images(raw: np.ndarray, spec: dict) -> np.ndarray:
    """Turn raw images into network input ``(n, rows, columns, 1)`` float32, each row standardised."""
    return cnn_inputs.standardize_rows(raw, spec["row_stats"])


def prepare_features(features, spec: dict) -> np.ndarray | None:
    """Impute and standardise feature rows as the network was trained (None for image-only networks)."""
    if spec["feature_scaler"] is None:
        return None
    scaler = {k: np.asarray(v) for k, v in spec["feature_scaler"].items()}
    return cnn_inputs.apply_feature_scaler(features, scaler)


def make_raw_inputs(dataset, spec: dict) -> dict:
    """Every track's raw image and prepared feature vector: ``{'image': raw, 'features': array or None}``."""
    features = None if spec["feature_scaler"] is None else prepare_features(dataset.features, spec)
    return {"image": load_raw_images(dataset, spec), "features": features}


def make_crop_starts(columns: int, crop: int | None, n: int = EVAL_CROPS) -> list[int]:
    """First columns of ``n`` evaluation crops spread evenly over an image (one full-width crop for None).

    Examples
    --------
    >>> make_crop_starts(128, 32), make_crop_starts(64, 48, 3), make_crop_starts(64, None), make_crop_starts(40, 48)
    ([0, 24, 48, 72, 96], [0, 8, 16], [0], [0])
    """
    if crop is None or crop >= columns:
        return [0]
    return sorted({int(round(s)) for s in np.linspace(0, columns - crop, n)})


def make_model_inputs(raw: dict, spec: dict, rows=slice(None), *, start: int = 0):
    """Network input for some rows of raw inputs, cropped at ``start`` for networks trained on crops.

    Returns
    -------
    np.ndarray or dict
        An image array ``(n, rows, width, 1)``, or ``{'image', 'features'}`` for the multi-input network.
    """
    image = raw["image"][rows]
    if spec["crop"] is not None:
        image = image[:, :, start:start + spec["crop"]]
    image = prepare_images(image, spec)
    return image if raw["features"] is None else {"image": image, "features": raw["features"][rows]}


def augment_batch(images: np.ndarray, *, crop: int | None, rng: np.random.Generator) -> np.ndarray:
    """Random time crop, then one frequency mask and one time mask per image (SpecAugment-style).

    Parameters
    ----------
    images : np.ndarray [shape=(n, rows, columns, 1)]
        Standardised images (masked cells are set to 0, the mean of every row).
    crop : int or None
        Columns kept (a random window); ``None`` keeps all and applies no masks.
    rng : np.random.Generator

    Returns
    -------
    np.ndarray [shape=(n, rows, crop, 1)]
        A new array.
    """
    if crop is None:
        return images
    n, rows, columns = images.shape[:3]
    crop = min(crop, columns)
    starts = rng.integers(0, columns - crop + 1, size=n)
    out = np.stack([images[i, :, s:s + crop] for i, s in enumerate(starts)])
    max_f, max_t = int(rows * MASK_SHARE[0]), int(crop * MASK_SHARE[1])
    for i in range(n):
        f, t = rng.integers(0, max_f + 1), rng.integers(0, max_t + 1)
        f0, t0 = rng.integers(0, rows - f + 1), rng.integers(0, crop - t + 1)
        out[i, f0:f0 + f] = 0.0
        out[i, :, t0:t0 + t] = 0.0
    return out


def mix_batch(images: np.ndarray, targets: np.ndarray, *, alpha: float, rng: np.random.Generator):
    """Mixup: blend each example and its target with another of the batch, by a Beta(alpha, alpha) weight.

    Parameters
    ----------
    images : np.ndarray [shape=(n, ...)]
    targets : np.ndarray [shape=(n, n_classes)]
        Probability vectors.
    alpha : float
        Positive; small values keep most mixes close to one of the two examples.
    rng : np.random.Generator

    Returns
    -------
    images, targets : np.ndarray
        New float32 arrays of the same shapes; each target row still sums to 1.
    """
    if targets.ndim != 2:
        raise ValueError(f"mixup needs probability-vector targets of shape (n, n_classes); got shape {targets.shape}")
    weight = rng.beta(alpha, alpha, size=len(images)).astype(np.float32)
    partner = rng.permutation(len(images))
    w = weight.reshape(-1, *[1] * (images.ndim - 1))
    mixed = w * images + (1 - w) * images[partner]
    blend = weight[:, None] * targets + (1 - weight[:, None]) * targets[partner]
    return mixed.astype(np.float32), blend.astype(np.float32)


def iterate_batches(raw: dict, targets: np.ndarray, spec: dict, *, batch_size: int, seed: int, mixup: float = 0.0):
    """Yield shuffled, augmented training batches forever (full batches only; deterministic for a seed).

    ``targets`` are genre codes ``(n,)`` or probability vectors ``(n, n_classes)`` (needed by
    ``mixup``, the Beta parameter of :func:`mix_batch`; 0 for none, on image-only inputs).
    """
    if mixup > 0 and raw["features"] is not None:
        raise ValueError(f"mixup blends images only: it needs inputs without features; got mixup={mixup} "
                         "with a feature vector per track")
    rng = np.random.default_rng(seed)
    n = len(targets)
    size = min(batch_size, n)
    while True:
        order = rng.permutation(n)
        for start in range(0, n - size + 1, size):
            rows = np.sort(order[start:start + size])
            inputs = make_model_inputs(raw, {**spec, "crop": None}, rows)
            if isinstance(inputs, dict):
                yield {**inputs, "image": augment_batch(inputs["image"], crop=spec["crop"], rng=rng)}, targets[rows]
            elif mixup > 0:
                yield mix_batch(augment_batch(inputs, crop=spec["crop"], rng=rng), targets[rows], alpha=mixup, rng=rng)
            else:
                yield augment_batch(inputs, crop=spec["crop"], rng=rng), targets[rows]


def make_targets(codes: np.ndarray, n_classes: int, *, one_hot: bool) -> np.ndarray:
    """Genre codes as training targets: unchanged, or as one-hot float32 rows when ``one_hot``.

    Examples
    --------
    >>> make_targets(np.array([2, 0]), 3, one_hot=True).tolist()
    [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    """
    return np.eye(n_classes, dtype=np.float32)[codes] if one_hot else codes


def encode_labels(genres: pd.Series, classes: list[str]) -> np.ndarray:
    """Genre names to integer codes in the order of ``classes``."""
    return pd.Categorical(genres, categories=classes).codes.astype(np.int64)


def make_learning_rate(recipe, *, steps: int):
    """A recipe's learning rate: a constant, or a cosine decay to 0 over ``steps`` training steps."""
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    if recipe.schedule == "cosine":
        return keras.optimizers.schedules.CosineDecay(recipe.learning_rate, decay_steps=max(1, steps))
    return recipe.learning_rate


def make_callbacks(recipe, model, *, patience: int) -> list:
    """Early stopping and plateau halving (``'plateau'``), or a log of the decaying rate (``'cosine'``)."""
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    if recipe.schedule == "cosine":
        def log_rate(epoch, logs):
            logs["learning_rate"] = float(keras.ops.convert_to_numpy(model.optimizer.learning_rate))
        return [keras.callbacks.LambdaCallback(on_epoch_end=log_rate)]
    return [keras.callbacks.EarlyStopping("val_accuracy", mode="max", patience=patience, restore_best_weights=True),
            keras.callbacks.ReduceLROnPlateau("val_loss", factor=0.5, patience=max(2, patience // 2), min_lr=1e-5)]


def fit_network(dataset, spec: dict, *, epochs: int, batch_size: int, seed: int, patience: int = PATIENCE,
                raw: dict | None = None, spectrogram_model=None, verbose: int = 0):
    """Train a network on the training split as its recipe (:data:`~genrebook.cnn.networks.RECIPES`) says.

    A ``'plateau'`` recipe stops early on validation accuracy (best weights kept); a ``'cosine'``
    one trains its own number of epochs (at most ``epochs``) and keeps the last weights.

    Parameters
    ----------
    dataset : genrebook.fma.dataset.Dataset
    spec : dict
        From :func:`make_spec`.
    epochs, batch_size, seed : int
        ``epochs`` is the most epochs run.
    patience : int
        Epochs without a better validation accuracy before a ``'plateau'`` recipe stops.
    raw : dict, optional
        :func:`make_raw_inputs` output, when already loaded.
    spectrogram_model : keras.Model, optional
        For the multi-input network: the trained residual CNN that becomes its frozen branch.

    Returns
    -------
    model : keras.Model
    history : pd.DataFrame
        One row per epoch: ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy``, ``learning_rate``.
    seconds : float
        Training wall time.
    """
    configure_tensorflow(seed)
    raw = make_raw_inputs(dataset, spec) if raw is None else raw
    split = dataset.tracks["split"].to_numpy()
    recipe = RECIPES[spec["network"]]
    targets = make_targets(encode_labels(dataset.tracks["genre"], spec["classes"]), len(spec["classes"]),
                           one_hot=recipe.one_hot)
    train, valid = np.flatnonzero(split == "training"), np.flatnonzero(split == "validation")
    if len(train) == 0 or len(valid) == 0:
        raise ValueError(f"training needs tracks in the training and validation splits; got {len(train)} "
                         f"and {len(valid)}")
    steps = max(1, len(train) // min(batch_size, len(train)))
    epochs = min(epochs, recipe.epochs) if recipe.schedule == "cosine" and recipe.epochs else epochs
    n_features = 0 if raw["features"] is None else raw["features"].shape[1]
    model = build_network(spec["network"], input_shape=tuple(spec["shape"]), n_classes=len(spec["classes"]),
                          n_features=n_features, spectrogram_model=spectrogram_model,
                          learning_rate=make_learning_rate(recipe, steps=steps * epochs),
                          bn_momentum=choose_bn_momentum(steps * epochs))
    train_raw = {k: None if v is None else v[train] for k, v in raw.items()}
    batches = iterate_batches(train_raw, targets[train], spec, batch_size=batch_size, seed=seed, mixup=recipe.mixup)
    centre = max(0, raw["image"].shape[2] - spec["crop"]) // 2 if spec["crop"] else 0  # validation: the middle crop
    validation = (make_model_inputs(raw, spec, valid, start=centre), targets[valid])
    start = time.perf_counter()
    fitted = model.fit(batches, steps_per_epoch=steps, epochs=epochs, validation_data=validation,
                       callbacks=make_callbacks(recipe, model, patience=patience), shuffle=False, verbose=verbose)
    history = pd.DataFrame(fitted.history).rename_axis("epoch")
    history.index = history.index + 1
    return model, history, time.perf_counter() - start


def predict_probabilities(model, raw: dict, spec: dict, rows=None, *, chunk: int = 512) -> np.ndarray:
    """Predict genre probabilities of some rows (all by default), averaged over evaluation crops.

    A network trained on crops sees :data:`EVAL_CROPS` crops of its input width spread over each
    image; the baseline sees the whole image. Rows are processed in chunks to bound memory.

    Returns
    -------
    np.ndarray [shape=(n_rows, n_classes), dtype=float32]
    """
    rows = np.arange(len(raw["image"])) if rows is None else np.asarray(rows)
    starts = make_crop_starts(raw["image"].shape[2], spec["crop"])
    parts = []
    for i in range(0, len(rows), chunk):
        crops = [model.predict(make_model_inputs(raw, spec, rows[i:i + chunk], start=s), verbose=0, batch_size=128)
                 for s in starts]
        parts.append(np.mean(crops, axis=0))
    return np.concatenate(parts).astype(np.float32) if parts else np.empty((0, len(spec["classes"])), np.float32)
