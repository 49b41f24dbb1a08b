"""Convolutional networks of chapter 05: the original's plain stack, a residual 2-D CNN, a multi-input network.

Each network comes with its training :class:`Recipe` (:data:`RECIPES`). Keras is imported inside
the functions (TensorFlow is optional and slow to import), so importing this module stays fast.

Used in: 05_cnn, ``genrebook predict``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The networks of the chapter, in the order they are trained.
NETWORKS = ("baseline", "strong", "multi")


#: Name of the layer whose output is a track's embedding (the one before the classifier).
EMBEDDING_LAYER = "embedding"


@dataclass(frozen=True)
class Recipe:
    """How a network is trained and evaluated.

    Attributes
    ----------
    crop_share : float or None
        Share of the time columns in a training crop (its input width; a clip's prediction averages
        :data:`genrebook.cnn.train.EVAL_CROPS` crops spread over it); None: the whole image, without
        masks.
    schedule : {'plateau', 'cosine'}
        ``'plateau'``: early stopping on validation accuracy, learning rate halved on a plateau of
        the validation loss. ``'cosine'``: a fixed number of epochs (``epochs``, or the ``epochs``
        parameter where smaller) with cosine decay of the learning rate, last weights kept.
    epochs : int or None
        Epochs of a cosine schedule.
    learning_rate : float
        Starting learning rate of Adam.
    label_smoothing : float
        Share of each target spread evenly over the genres.
    mixup : float
        ``a`` of the Beta(a, a) mixing weight of mixup (0: no mixup).
    """

    crop_share: float | None = None
    schedule: str = "plateau"
    epochs: int | None = None
    learning_rate: float = 1e-3
    label_smoothing: float = 0.0
    mixup: float = 0.0

    def __post_init__(self):
        if self.schedule not in ("plateau", "cosine"):
            raise ValueError(f"schedule must be 'plateau' or 'cosine'; got {self.schedule!r}")
        if self.crop_share is not None and not 0 < self.crop_share <= 1:
            raise ValueError(f"crop_share must be in (0, 1] or None; got {self.crop_share!r}")
        if self.mixup < 0 or not 0 <= self.label_smoothing < 1:
            raise ValueError(f"mixup must be >= 0 and label_smoothing in [0, 1); got {self.mixup} and "
                             f"{self.label_smoothing}")

    @property
    def one_hot(self) -> bool:
        """Whether the targets are probability vectors (label smoothing or mixup) rather than codes."""
        return self.label_smoothing > 0 or self.mixup > 0


#: Share of the time columns in a training crop of the residual and multi-input networks (7.5 s of a 30-s clip).
CROP_SHARE = 0.25


#: The training recipe of each network (a change retrains it: see :data:`genrebook.cnn.store.NETWORK_RECIPES`).
RECIPES = {
    "baseline": Recipe(),
    "strong": Recipe(crop_share=CROP_SHARE, schedule="cosine", epochs=34, learning_rate=2e-3),
    "multi": Recipe(crop_share=CROP_SHARE),
}


def build_baseline_cnn(input_shape: tuple[int, int], n_classes: int, *, learning_rate=1e-3):
    """Build the original analysis's network: a plain Sequential stack of Conv2D and pooling layers.

    Three Conv2D/MaxPooling2D pairs (the first pooling 4 x 4, to keep it cheap on a CPU), a dense
    layer and a softmax; no normalisation, no dropout, no augmentation.

    Parameters
    ----------
    input_shape : tuple
        ``(rows, columns)`` of the input image.
    n_classes : int

    Returns
    -------
    keras.Sequential
        Compiled (Adam, sparse categorical cross-entropy, accuracy).
    """
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import
    from keras import layers  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    model = keras.Sequential([
        keras.Input((*input_shape, 1), name="image"),
        layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(4),
        layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(64, activation="relu", name=EMBEDDING_LAYER),
        layers.Dense(n_classes, activation="softmax", name="genre"),
    ], name="baseline")
    return _compile(model, learning_rate)


#: Filters of the residual CNN's four stages (two plain convolutions, then two residual blocks).
WIDTHS = (16, 32, 64, 128)


#: Pooling (mel bands, time) after each stage: 128 x 32 crops become 4 x 2 maps.
POOLS = ((4, 2), (2, 2), (2, 2), (2, 2))


#: Keras's momentum of the batch-norm moving averages (a window of about 100 training steps).
BN_MOMENTUM = 0.99


def choose_bn_momentum(steps: int) -> float:
    """Momentum of the batch-norm moving averages for a training of ``steps`` steps.

    The moving means and variances are what the network predicts with. They start at 0 and 1 and
    forget that start over about ``1 / (1 - momentum)`` steps, so a short training (the demo's 150
    steps) would keep much of it and predict near chance. The window is therefore at most a
    twentieth of the training: Keras's :data:`BN_MOMENTUM` for a long one (fma_small's 3,400 steps),
    less for a short one, never under 0.9.

    Examples
    --------
    >>> choose_bn_momentum(3366), choose_bn_momentum(150), choose_bn_momentum(1000)
    (0.99, 0.9, 0.98)
    """
    return float(np.clip(round(1 - 20 / max(int(steps), 1), 4), 0.9, BN_MOMENTUM))


def _residual_block(x, filters: int, *, momentum: float = BN_MOMENTUM):
    """Two 3 x 3 convolutions with batch norm, added to the input (through a 1 x 1 convolution when widths differ)."""
    from keras import layers  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    y = layers.Activation("relu")(layers.BatchNormalization(momentum=momentum)(y))
    y = layers.BatchNormalization(momentum=momentum)(layers.Conv2D(filters, 3, padding="same", use_bias=False)(y))
    if x.shape[-1] != filters:
        x = layers.BatchNormalization(momentum=momentum)(layers.Conv2D(filters, 1, use_bias=False)(x))
    return layers.Activation("relu")(layers.Add()([x, y]))


def _spectrogram_branch(inputs, *, widths=WIDTHS, dropout: float = 0.3, momentum: float = BN_MOMENTUM):
    """The residual CNN up to its pooled features: a ``2 * widths[-1]`` vector after dropout.

    The first two stages are a 3 x 3 convolution, max pooling, then batch norm and ReLU (normalising
    the pooled map is 4 to 8 times cheaper than normalising the full-resolution one); the last two are
    residual blocks followed by pooling. Global average and max pooling over mel bands and time
    make the output independent of the crop's width.
    """
    from keras import layers  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    x = inputs
    for i, (filters, pool) in enumerate(zip(widths, POOLS)):
        if i < 2:
            x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
            x = layers.MaxPooling2D(pool, padding="same")(x)
            x = layers.Activation("relu")(layers.BatchNormalization(momentum=momentum)(x))
        else:
            x = layers.MaxPooling2D(pool, padding="same")(_residual_block(x, filters, momentum=momentum))
    x = layers.Concatenate()([layers.GlobalAveragePooling2D()(x), layers.GlobalMaxPooling2D()(x)])
    return layers.Dropout(dropout)(x)


def build_residual_cnn(input_rows: int, n_classes: int, *, learning_rate=2e-3, one_hot: bool = False,
                       label_smoothing: float = 0.0, dropout: float = 0.3, bn_momentum: float = BN_MOMENTUM):
    """Build the residual 2-D CNN: VGG-style stages of 3 x 3 convolutions, residual blocks, global pooling.

    Its input has ``input_rows`` mel bands and any number of time columns, so it trains on short
    random time crops and predicts a clip from several crops.

    Parameters
    ----------
    input_rows, n_classes : int
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule
    one_hot : bool
        Train on probability vectors (categorical cross-entropy, with ``label_smoothing``) rather
        than genre codes.
    label_smoothing : float
    bn_momentum : float
        Of the batch-norm moving averages (:func:`choose_bn_momentum`).

    Returns
    -------
    keras.Model
        Compiled; input ``image`` ``(rows, None, 1)``.
    """
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import
    from keras import layers  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    inputs = keras.Input((input_rows, None, 1), name="image")
    x = _spectrogram_branch(inputs, dropout=dropout, momentum=bn_momentum)
    x = layers.Dense(64, activation="relu", name=EMBEDDING_LAYER)(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="genre")(layers.Dropout(dropout)(x))
    return _compile(keras.Model(inputs, outputs, name="strong"), learning_rate, one_hot=one_hot,
                    label_smoothing=label_smoothing)


#: The network of key ``'strong'`` (the name :mod:`genrebook.cnn` exports).
build_strong_cnn = build_residual_cnn


def build_multi_input_net(input_rows: int, n_features: int, n_classes: int, *, spectrogram_model=None,
                          learning_rate=1e-3, dropout: float = 0.3, bn_momentum: float = BN_MOMENTUM):
    """Build the multi-input network: a spectrogram branch and a feature-vector branch, joined.

    Parameters
    ----------
    input_rows, n_features, n_classes : int
    spectrogram_model : keras.Model, optional
        A trained residual CNN: a frozen copy of it, up to its embedding, becomes the spectrogram
        branch, so only the feature branch and the joint classifier learn. Without it the branch
        is a fresh residual CNN branch trained with the rest.

    Returns
    -------
    keras.Model
        Compiled; inputs ``image`` ``(rows, None, 1)`` and ``features`` ``(n_features,)``.
    """
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import
    from keras import layers  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    image = keras.Input((input_rows, None, 1), name="image")
    vector = keras.Input((n_features,), name="features")
    if spectrogram_model is not None:
        copy = keras.models.clone_model(spectrogram_model)
        copy.set_weights(spectrogram_model.get_weights())
        branch = keras.Model(copy.inputs, copy.get_layer(EMBEDDING_LAYER).output, name="spectrogram_branch")
        branch.trainable = False
        s = layers.Dropout(0.5)(branch(image))  # the branch's embeddings fit its own training tracks too well
    else:
        s = _spectrogram_branch(image, dropout=dropout, momentum=bn_momentum)
    f = layers.Dropout(0.2)(vector)
    f = layers.Dense(256, activation="relu")(f)
    f = layers.Dropout(0.5)(f)
    x = layers.Concatenate()([s, f])
    x = layers.Dense(64, activation="relu", name=EMBEDDING_LAYER)(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="genre")(layers.Dropout(dropout)(x))
    return _compile(keras.Model({"image": image, "features": vector}, outputs, name="multi"), learning_rate)


def _compile(model, learning_rate, *, one_hot: bool = False, label_smoothing: float = 0.0):
    """Compile with Adam and cross-entropy: on genre codes, or on probability vectors when ``one_hot``."""
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    loss = (keras.losses.CategoricalCrossentropy(label_smoothing=label_smoothing) if one_hot
            else "sparse_categorical_crossentropy")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss=loss, metrics=["accuracy"])
    return model


def build_network(name: str, *, input_shape: tuple[int, int], n_classes: int, n_features: int = 0,
                  spectrogram_model=None, learning_rate=None, bn_momentum: float = BN_MOMENTUM):
    """Build one of :data:`NETWORKS` by name, compiled as its :data:`RECIPES` entry says.

    ``spectrogram_model`` (a trained residual CNN) becomes the multi-input network's frozen branch;
    ``learning_rate`` (a float or a Keras schedule) replaces the recipe's constant rate; ``bn_momentum``
    is that of the batch-norm layers (:func:`choose_bn_momentum`; the plain CNN has none).
    """
    if name not in NETWORKS:
        raise ValueError(f"network must be one of {NETWORKS}; got {name!r}")
    recipe = RECIPES[name]
    rate = recipe.learning_rate if learning_rate is None else learning_rate
    if name == "baseline":
        return build_baseline_cnn(input_shape, n_classes, learning_rate=rate)
    if name == "strong":
        return build_residual_cnn(input_shape[0], n_classes, learning_rate=rate, one_hot=recipe.one_hot,
                                  label_smoothing=recipe.label_smoothing, bn_momentum=bn_momentum)
    return build_multi_input_net(input_shape[0], n_features, n_classes, spectrogram_model=spectrogram_model,
                                 learning_rate=rate, bn_momentum=bn_momentum)
