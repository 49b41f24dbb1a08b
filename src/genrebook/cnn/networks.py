"""Convolutional networks of chapter 05: the original's plain stack, a stronger CNN, a multi-input network.

Keras is imported inside the functions (TensorFlow is optional and slow to import), so importing
this module stays fast.

Used in: 05_cnn, ``genrebook predict``.
"""

from __future__ import annotations

#: The networks of the chapter, in the order they are trained.
NETWORKS = ("baseline", "strong", "multi")


#: Name of the layer whose output is a track's embedding (the one before the classifier).
EMBEDDING_LAYER = "embedding"


def build_baseline_cnn(input_shape: tuple[int, int], n_classes: int, *, learning_rate: float = 1e-3):
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


#: Filters of the stronger networks' 1-D convolutions over time (mel bands are their input channels).
WIDTHS = (128, 128, 128)


def _spectrogram_branch(inputs, *, widths=WIDTHS, dropout: float = 0.3):
    """Convolutions over time with the mel bands as channels, batch norm, global average and max pooling.

    Returns a ``2 * widths[-1]`` vector after dropout. Each mel band is a channel, so a filter
    sees the whole spectrum of three neighbouring time steps, as in Dieleman & Schrauwen (2014).
    """
    from keras import layers  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    rows = inputs.shape[1]
    x = layers.Permute((2, 1, 3))(inputs)  # (rows, time, 1) -> (time, rows, 1)
    x = layers.Reshape((-1, rows))(x)
    for i, filters in enumerate(widths):
        x = layers.Conv1D(filters, 3, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization(momentum=0.9)(x)
        x = layers.Activation("relu")(x)
        if i < len(widths) - 1:
            x = layers.MaxPooling1D(2)(x)
    x = layers.Concatenate()([layers.GlobalAveragePooling1D()(x), layers.GlobalMaxPooling1D()(x)])
    return layers.Dropout(dropout)(x)


def build_strong_cnn(input_rows: int, n_classes: int, *, learning_rate: float = 1e-3, dropout: float = 0.3):
    """Build the stronger CNN: batch normalisation, dropout and global pooling over any clip length.

    Its input has ``input_rows`` mel bands and any number of time columns, so it trains on random
    time crops and predicts whole clips.

    Returns
    -------
    keras.Model
        Compiled; inputs ``image`` ``(rows, None, 1)``.
    """
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import
    from keras import layers  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    inputs = keras.Input((input_rows, None, 1), name="image")
    x = _spectrogram_branch(inputs, dropout=dropout)
    x = layers.Dense(64, activation="relu", name=EMBEDDING_LAYER)(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="genre")(layers.Dropout(dropout)(x))
    return _compile(keras.Model(inputs, outputs, name="strong"), learning_rate)


def build_multi_input_net(input_rows: int, n_features: int, n_classes: int, *, spectrogram_model=None,
                          learning_rate: float = 1e-3, dropout: float = 0.3):
    """Build the multi-input network: a spectrogram branch and a feature-vector branch, joined.

    Parameters
    ----------
    input_rows, n_features, n_classes : int
    spectrogram_model : keras.Model, optional
        A trained stronger CNN: a frozen copy of it, up to its embedding, becomes the spectrogram
        branch, so only the feature branch and the joint classifier learn. Without it the branch
        is a fresh :func:`build_strong_cnn` branch trained with the rest.

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
        s = _spectrogram_branch(image, dropout=dropout)
    f = layers.Dropout(0.2)(vector)
    f = layers.Dense(256, activation="relu")(f)
    f = layers.Dropout(0.5)(f)
    x = layers.Concatenate()([s, f])
    x = layers.Dense(64, activation="relu", name=EMBEDDING_LAYER)(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="genre")(layers.Dropout(dropout)(x))
    return _compile(keras.Model({"image": image, "features": vector}, outputs, name="multi"), learning_rate)


def _compile(model, learning_rate: float):
    import keras  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def build_network(name: str, *, input_shape: tuple[int, int], n_classes: int, n_features: int = 0,
                  spectrogram_model=None):
    """Build one of :data:`NETWORKS` by name (what :mod:`genrebook.cnn.train` calls).

    ``spectrogram_model`` (a trained stronger CNN) becomes the multi-input network's frozen branch.
    """
    if name == "baseline":
        return build_baseline_cnn(input_shape, n_classes)
    if name == "strong":
        return build_strong_cnn(input_shape[0], n_classes)
    if name == "multi":
        return build_multi_input_net(input_shape[0], n_features, n_classes, spectrogram_model=spectrogram_model)
    raise ValueError(f"network must be one of {NETWORKS}; got {name!r}")
