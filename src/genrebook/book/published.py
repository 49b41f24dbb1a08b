"""Figures published elsewhere that the book compares with, copied as reported (never recomputed).

Each constant names its source; ``../shared/REFERENCES.md`` says where each was verified.

Used in: 03_classical_models, 04_featurewise_logreg, 05_cnn.
"""

from __future__ import annotations

#: Test / train accuracy of the original analysis this book revisits (all 518 FMA features,
#: fma_small, official split), as stated in its report; its RBF SVM row did not exist.
REPORTED_ORIGINAL: dict[str, tuple[float, float]] = {
    "rf": (0.424, 0.448),
    "gb": (0.482, 0.545),
    "ada": (0.423, 0.440),
    "logreg": (0.577, 0.666),
    "knn": (0.468, 0.651),
}


#: Test accuracy of the original analysis' logistic regression on the 140 MFCC statistics alone.
REPORTED_ORIGINAL_MFCC_LOGREG = 0.522


#: FMA authors' own fma_small figure: an RBF SVM (scikit-learn defaults) on the 140 MFCC
#: statistics, official split, in the usage notebook of github.com/mdeff/fma (its published
#: output; the value is as quoted in this project's issue, the stored notebook has no outputs).
REPORTED_FMA_SVM_MFCC = 0.4638


#: FMA paper's test accuracy (%) per feature set on **fma_medium** (16 unbalanced genres):
#: logistic regression, kNN, RBF SVM and MLP (Defferrard et al., ISMIR 2017, genre-recognition
#: baselines table). Copied as quoted from the paper in a public summary
#: (github.com/FrescoFlacko/genre_classification, README); the paper itself could not be opened
#: offline here to check them. Keys: FMA group names, or a tuple of them for a combined set.
REPORTED_FMA_MEDIUM: dict[tuple[str, ...], tuple[int, int, int, int]] = {
    ("chroma_cens", "chroma_cqt", "chroma_stft"): (44, 44, 48, 49),
    ("tonnetz",): (40, 37, 42, 41),
    ("mfcc",): (58, 55, 61, 53),
    ("spectral_centroid",): (42, 45, 46, 48),
    ("spectral_bandwidth",): (41, 45, 44, 45),
    ("spectral_contrast",): (51, 50, 54, 53),
    ("spectral_rolloff",): (42, 46, 48, 48),
    ("rmse",): (37, 39, 39, 39),
    ("zcr",): (42, 45, 45, 46),
}


#: The same table's combined sets: MFCC + contrast, + centroid, and all nine sets.
REPORTED_FMA_MEDIUM_COMBINED: dict[str, tuple[int, int, int, int]] = {
    "mfcc + spectral_contrast": (60, 55, 63, 54),
    "mfcc + spectral_contrast + spectral_centroid": (60, 55, 63, 53),
    "all features": (61, 52, 63, 58),
}


#: Test accuracy of the original analysis's CNN, as it reported it (about 35 %).
ORIGINAL_CNN_ACCURACY = 0.35
