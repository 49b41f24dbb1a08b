"""A plain, one-clip-at-a-time librosa loop computing FMA's 518 statistics.

It restates, call by call, the order of FMA's published extraction (github.com/mdeff/fma,
``features.py``): the reference that genrebook's extractor is checked against (tests) and
measured against (``bench/extract.py``). It fills a labelled pandas Series per clip, as FMA's
script does, instead of genrebook's vectorised layout.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from genrebook.fma.columns import make_feature_columns


def compute_plain_features(path) -> pd.Series:
    """Return the 518 statistics of one audio file, computed the plain way."""
    from genrebook.runtime import import_librosa

    librosa = import_librosa()

    result = pd.Series(index=make_feature_columns(), dtype=np.float64)

    def put(name, values):
        for stat, func in (("mean", np.mean), ("std", np.std), ("skew", stats.skew),
                           ("kurtosis", stats.kurtosis), ("median", np.median), ("min", np.min),
                           ("max", np.max)):
            result[name, stat] = func(values, axis=1)

    x, sr = librosa.load(path, sr=None, mono=True)
    put("zcr", librosa.feature.zero_crossing_rate(x, frame_length=2048, hop_length=512))
    cqt = np.abs(librosa.cqt(x, sr=sr, hop_length=512, bins_per_octave=12, n_bins=84, tuning=None))
    put("chroma_cqt", librosa.feature.chroma_cqt(C=cqt, n_chroma=12, n_octaves=7))
    cens = librosa.feature.chroma_cens(C=cqt, n_chroma=12, n_octaves=7)
    put("chroma_cens", cens)
    put("tonnetz", librosa.feature.tonnetz(chroma=cens))
    stft = np.abs(librosa.stft(x, n_fft=2048, hop_length=512))
    put("chroma_stft", librosa.feature.chroma_stft(S=stft**2, n_chroma=12))
    put("rmse", librosa.feature.rms(S=stft))
    put("spectral_centroid", librosa.feature.spectral_centroid(S=stft))
    put("spectral_bandwidth", librosa.feature.spectral_bandwidth(S=stft))
    put("spectral_contrast", librosa.feature.spectral_contrast(S=stft, n_bands=6))
    put("spectral_rolloff", librosa.feature.spectral_rolloff(S=stft))
    mel = librosa.feature.melspectrogram(sr=sr, S=stft**2)
    put("mfcc", librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=20))
    return result
