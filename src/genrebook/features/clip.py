"""Audio features of one clip: FMA's 518 statistics, a log-mel spectrogram image, the MFCC matrix.

The 518 statistics follow FMA's definitions (Defferrard et al., ISMIR 2017, ``features.py`` of
github.com/mdeff/fma): native sample rate, mono, ``n_fft=2048``, ``hop_length=512``, a CQT of
7 octaves x 12 bins; one CQT and one STFT per clip, shared by every feature that uses them;
tonnetz computed from the CENS chroma; seven statistics over time of every coefficient.

Used in: the extractor (:mod:`genrebook.features.extract`), 01_data, 03_classical_models.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from PIL import Image
from scipy import stats

from genrebook.fma.columns import FEATURE_SIZES, STATISTICS, make_feature_columns
from genrebook.runtime import import_librosa

N_FFT = 2048


HOP_LENGTH = 512


N_MELS = 128


N_MFCC = 20


#: Size (rows = mel bands, columns = time) of the spectrogram images, as in fma_small_derived.
IMAGE_SHAPE = (128, 128)


#: Dynamic range of the spectrogram images: dB below the clip's loudest bin mapped to 0.
TOP_DB = 80.0


def compute_statistics(values: np.ndarray) -> dict[str, np.ndarray]:
    """Compute FMA's seven statistics over time of each coefficient.

    Parameters
    ----------
    values : np.ndarray [shape=(n_coefficients, n_frames)]

    Returns
    -------
    dict
        ``{statistic: np.ndarray [shape=(n_coefficients,)]}`` for mean, std (population),
        skew and kurtosis (scipy defaults: biased, Fisher), median, min, max.

    Examples
    --------
    >>> s = compute_statistics(np.array([[1.0, 2.0, 3.0, 6.0]]))
    >>> float(s["mean"][0]), float(s["median"][0]), float(s["max"][0])
    (3.0, 2.5, 6.0)
    """
    values = np.asarray(values)  # statistics in the matrices' own dtype, as FMA computed them
    return {
        "mean": np.mean(values, axis=1),
        "std": np.std(values, axis=1),
        "skew": stats.skew(values, axis=1),
        "kurtosis": stats.kurtosis(values, axis=1),
        "median": np.median(values, axis=1),
        "min": np.min(values, axis=1),
        "max": np.max(values, axis=1),
    }


def compute_feature_matrices(y: np.ndarray, sr: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Compute the 11 frame-wise feature matrices of FMA and the mel power spectrogram.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)]
        Mono signal at its native rate.
    sr : int
        Sample rate.

    Returns
    -------
    matrices : dict
        ``{group: np.ndarray [shape=(n_coefficients, n_frames)]}`` for FMA's 11 groups.
    mel : np.ndarray [shape=(128, n_frames)]
        Mel power spectrogram from the same STFT (reused for MFCC and the image).
    """
    librosa = import_librosa()

    matrices = {"zcr": librosa.feature.zero_crossing_rate(y, frame_length=N_FFT, hop_length=HOP_LENGTH)}
    cqt = np.abs(librosa.cqt(y, sr=sr, hop_length=HOP_LENGTH, bins_per_octave=12, n_bins=7 * 12, tuning=None))
    matrices["chroma_cqt"] = librosa.feature.chroma_cqt(C=cqt, n_chroma=12, n_octaves=7)
    matrices["chroma_cens"] = librosa.feature.chroma_cens(C=cqt, n_chroma=12, n_octaves=7)
    matrices["tonnetz"] = librosa.feature.tonnetz(chroma=matrices["chroma_cens"])
    del cqt
    stft = np.abs(librosa.stft(y, n_fft=N_FFT, hop_length=HOP_LENGTH))
    power = stft**2
    matrices["chroma_stft"] = librosa.feature.chroma_stft(S=power, n_chroma=12)
    matrices["rmse"] = librosa.feature.rms(S=stft)
    matrices["spectral_centroid"] = librosa.feature.spectral_centroid(S=stft)
    matrices["spectral_bandwidth"] = librosa.feature.spectral_bandwidth(S=stft)
    matrices["spectral_contrast"] = librosa.feature.spectral_contrast(S=stft, n_bands=6)
    matrices["spectral_rolloff"] = librosa.feature.spectral_rolloff(S=stft)
    mel = librosa.feature.melspectrogram(sr=sr, S=power, n_mels=N_MELS)
    matrices["mfcc"] = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=N_MFCC)
    return matrices, mel


def compute_feature_vector(matrices: dict[str, np.ndarray]) -> np.ndarray:
    """Flatten the statistics of FMA's 11 groups in the sorted column order of ``features.csv``.

    Parameters
    ----------
    matrices : dict
        Output of :func:`compute_feature_matrices`.

    Returns
    -------
    np.ndarray [shape=(518,), dtype=float64]
        Aligned with :func:`genrebook.fma.columns.make_feature_columns`.
    """
    values = {}
    for group in FEATURE_SIZES:
        group_stats = compute_statistics(matrices[group])
        for stat in STATISTICS:
            for i, value in enumerate(group_stats[stat]):
                values[(group, stat, f"{i + 1:02d}")] = value
    return np.array([values[column] for column in make_feature_columns()], dtype=np.float64)


def make_spectrogram_image(mel: np.ndarray, *, shape: tuple[int, int] = IMAGE_SHAPE) -> np.ndarray:
    """Render a mel power spectrogram as an 8-bit grayscale image.

    The format of ``fma_small_derived/spectrograms``: dB relative to the clip's loudest bin,
    floored at -80 dB and mapped linearly to 0..255, lowest frequencies in the bottom row, the
    whole clip squeezed (box-averaged) into ``shape[1]`` columns.

    Parameters
    ----------
    mel : np.ndarray [shape=(n_mels, n_frames)]
    shape : tuple
        ``(rows, columns)`` of the image.

    Returns
    -------
    np.ndarray [shape=shape, dtype=uint8]

    Examples
    --------
    >>> img = make_spectrogram_image(np.outer(np.arange(128, 0, -1), np.ones(300)) ** 4)
    >>> img.shape, img.dtype.name, bool(img[-1].mean() > img[0].mean())
    ((128, 128), 'uint8', True)
    """
    librosa = import_librosa()

    db = librosa.power_to_db(mel, ref=np.max, top_db=TOP_DB)
    scaled = (db + TOP_DB) * (255.0 / TOP_DB)
    image = Image.fromarray(scaled[::-1].astype(np.float32), mode="F")
    resized = np.asarray(image.resize((shape[1], shape[0]), Image.Resampling.BOX))
    return np.clip(np.rint(resized), 0, 255).astype(np.uint8)


def compute_clip_features(y: np.ndarray, sr: int) -> dict[str, np.ndarray]:
    """Compute everything the extractor stores for one clip.

    Parameters
    ----------
    y : np.ndarray [shape=(n,)]
        Mono signal at its native rate.
    sr : int

    Returns
    -------
    dict
        ``vector`` (518 float64 statistics), ``image`` (128 x 128 uint8 log-mel image),
        ``mfcc`` (float32 [shape=(20, n_frames)]).
    """
    with warnings.catch_warnings():
        # near-constant coefficients (silence, pure tones) make skew/kurtosis imprecise and leave
        # librosa no pitches to estimate tuning from; both are expected for some clips
        warnings.filterwarnings("ignore", message="Precision loss occurred in moment calculation")
        warnings.filterwarnings("ignore", message="Trying to estimate tuning from empty frequency set")
        matrices, mel = compute_feature_matrices(y, sr)
        vector = compute_feature_vector(matrices)
    return {"vector": vector, "image": make_spectrogram_image(mel), "mfcc": matrices["mfcc"].astype(np.float32)}


def make_feature_frame(vectors: dict[int, np.ndarray]) -> pd.DataFrame:
    """Assemble per-track 518-vectors into a ``features.csv``-shaped frame sorted by track id.

    Parameters
    ----------
    vectors : dict
        ``{track_id: np.ndarray [shape=(518,)]}``.

    Returns
    -------
    pd.DataFrame [shape=(n_tracks, 518)]
    """
    ids = sorted(vectors)
    data = np.vstack([vectors[i] for i in ids]) if ids else np.empty((0, len(make_feature_columns())))
    frame = pd.DataFrame(data, index=pd.Index(ids, name="track_id"), columns=make_feature_columns())
    return frame
