"""What a network hears: occlusion sensitivity over mel bands and over time.

Occlusion {Zeiler & Fergus 2014} hides one stripe of the input (a range of mel bands, or a stretch
of the clip) and measures how the network's answer changes. Here a hidden stripe is set to the
training images' mean level of each of its rows, which the network's standardisation turns into
zero, "an average sound", rather than to silence, which no training clip ever had.

Used in: 06_what_models_hear.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from genrebook.cnn import train as cnn_train
from genrebook.runtime import import_librosa


def make_stripes(size: int, n: int) -> list[tuple[int, int]]:
    """Split ``range(size)`` into ``n`` consecutive stripes as equal as possible.

    Examples
    --------
    >>> make_stripes(10, 3)
    [(0, 3), (3, 7), (7, 10)]
    """
    if not 1 <= n <= size:
        raise ValueError(f"stripes must number between 1 and {size}; got {n}")
    edges = np.linspace(0, size, n + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in pairwise(edges)]


def make_band_stripes(frequencies: np.ndarray, edges) -> dict[int, tuple[int, int]]:
    """Rows of a spectrogram image (row 0 = highest band) whose centre frequency lies in each range.

    Parameters
    ----------
    frequencies : np.ndarray [shape=(rows,)]
        Centre frequency of each row, bottom row first (ascending).
    edges : sequence of float
        Range edges in Hz, ascending; the last range is open above.

    Returns
    -------
    dict
        ``{range index: (first row, stop row)}``, low range first; ranges that hold no row are left out.

    Examples
    --------
    >>> make_band_stripes(np.array([50.0, 150, 300, 700]), [0, 200, 400, 1000])
    {0: (2, 4), 1: (1, 2), 2: (0, 1)}
    """
    frequencies = np.asarray(frequencies, dtype=float)
    rows = len(frequencies)
    bounds = list(edges[1:]) + [np.inf]
    stripes = {}
    for i, (low, high) in enumerate(zip(edges, bounds)):
        inside = np.flatnonzero((frequencies >= low) & (frequencies < high))
        if inside.size:
            stripes[i] = (int(rows - 1 - inside.max()), int(rows - inside.min()))
    return stripes


def occlude(images: np.ndarray, stripe: tuple[int, int], *, axis: str, fill: np.ndarray) -> np.ndarray:
    """Return float copies of raw images with one stripe set to each row's ``fill`` level.

    Parameters
    ----------
    images : np.ndarray [shape=(n, rows, columns)]
    stripe : tuple
        ``(start, stop)`` rows (``axis='band'``) or columns (``axis='time'``).
    axis : {'band', 'time'}
    fill : np.ndarray [shape=(rows,)]
        Level of each row, the training mean.

    Examples
    --------
    >>> out = occlude(np.zeros((1, 2, 3)), (1, 3), axis="time", fill=np.array([5.0, 7.0]))
    >>> out[0].tolist()
    [[0.0, 5.0, 5.0], [0.0, 7.0, 7.0]]
    """
    if axis not in ("band", "time"):
        raise ValueError(f"axis must be 'band' or 'time'; got {axis!r}")
    out = np.array(images, dtype=np.float32, copy=True)
    fill = np.asarray(fill, dtype=np.float32)
    start, stop = stripe
    if axis == "band":
        out[:, start:stop, :] = fill[start:stop, None]
    else:
        out[:, :, start:stop] = fill[None, :, None]
    return out


def compute_occlusion(model, images: np.ndarray, spec: dict, labels: np.ndarray, stripes, *,
                      axis: str) -> dict[str, np.ndarray]:
    """How much hiding each stripe lowers the probability of the true genre, per image.

    Parameters
    ----------
    model : keras.Model
        An image-only network.
    images : np.ndarray [shape=(n, rows, columns)]
        Raw images (as :func:`genrebook.cnn.train.load_raw_images` reads them).
    spec : dict
        The network's input spec (its manifest's ``inputs``).
    labels : np.ndarray [shape=(n,)]
        Index of each image's true genre in ``spec['classes']``.
    stripes : list of tuple
        From :func:`make_stripes` or :func:`make_band_stripes`.
    axis : {'band', 'time'}

    Returns
    -------
    dict
        ``drop`` [shape=(n, n_stripes)]: true-genre probability lost; ``changed`` [same shape]:
        whether the predicted genre changed; ``base`` [shape=(n,)]: the true genre's probability
        with nothing hidden.
    """
    if spec.get("feature_scaler") is not None:
        raise ValueError("occlusion needs an image-only network; this one also reads features")
    fill = np.asarray(spec["row_stats"]["mean"], dtype=np.float32)
    labels = np.asarray(labels)
    rows = np.arange(len(labels))
    base = cnn_train.predict_probabilities(model, {"image": images, "features": None}, spec)
    drops, changed = [], []
    for stripe in stripes:
        hidden = occlude(images, stripe, axis=axis, fill=fill)
        probs = cnn_train.predict_probabilities(model, {"image": hidden, "features": None}, spec)
        drops.append(base[rows, labels] - probs[rows, labels])
        changed.append(probs.argmax(axis=1) != base.argmax(axis=1))
    return {"drop": np.stack(drops, axis=1).astype(float), "changed": np.stack(changed, axis=1),
            "base": base[rows, labels].astype(float)}


def compute_occlusion_map(model, image: np.ndarray, spec: dict, label: int, *, n_bands: int,
                          n_times: int) -> np.ndarray:
    """True-genre probability lost when each patch of a band-by-time grid of one image is hidden.

    Returns
    -------
    np.ndarray [shape=(n_bands, n_times)]
        Row 0 is the highest band, as in the image.
    """
    fill = np.asarray(spec["row_stats"]["mean"], dtype=np.float32)
    bands, times = make_stripes(image.shape[0], n_bands), make_stripes(image.shape[1], n_times)
    batch = [np.asarray(image, dtype=np.float32)]
    for b0, b1 in bands:
        for t0, t1 in times:
            hidden = np.array(image, dtype=np.float32, copy=True)
            hidden[b0:b1, t0:t1] = fill[b0:b1, None]
            batch.append(hidden)
    probs = cnn_train.predict_probabilities(model, {"image": np.stack(batch), "features": None}, spec)
    return (probs[0, label] - probs[1:, label]).reshape(n_bands, n_times).astype(float)


def compute_mel_frequencies(rows: int, *, fmax: float) -> np.ndarray:
    """Centre frequency (Hz) of each row of a mel image, bottom row first, on librosa's mel scale.

    The images span 0 Hz to ``fmax`` (half the clip's sample rate) in equal mel steps.

    Examples
    --------
    >>> f = compute_mel_frequencies(128, fmax=11025.0)
    >>> f.shape, bool(f[0] < 100 < f[-1] < 11025)
    ((128,), True)
    """
    librosa = import_librosa()
    return np.asarray(librosa.mel_frequencies(n_mels=rows + 2, fmin=0.0, fmax=fmax)[1:-1], dtype=float)
