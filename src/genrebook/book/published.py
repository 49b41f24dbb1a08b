"""Figures published elsewhere that the book compares with, copied as reported (never recomputed).

Each constant names its source; ``../shared/REFERENCES.md`` says where each was verified.

Used in: 03_classical_models, 04_featurewise_logreg, 05_cnn.
"""

from __future__ import annotations

import pandas as pd

#: Test / train accuracy of the original analysis this book revisits (all 518 FMA features,
#: fma_small, official split), as stated in its report; its RBF SVM row did not exist.
REPORTED_ORIGINAL: dict[str, tuple[float, float]] = {
    "rf": (0.424, 0.448),
    "gb": (0.482, 0.545),
    "ada": (0.423, 0.440),
    "logreg": (0.577, 0.666),
    "knn": (0.468, 0.651),
}


#: Who reported :data:`REPORTED_ORIGINAL`, as a reader table says it (the original analysis'
#: report, its modeling table; ``../shared/ORIGINAL_ANALYSIS.md`` holds it, unchanged).
ORIGINAL_SOURCE = "original analysis"
#: What :data:`REPORTED_ORIGINAL` was measured on.
ORIGINAL_SETTING = "FMA's 518 statistics"


#: Test accuracy of the original analysis' logistic regression on the 140 MFCC statistics alone,
#: as its summary states it; its modeling section gives 57.7 % (train 66.6 %) for the same model,
#: the figures of its all-feature logistic regression. The report disagrees with itself.
REPORTED_ORIGINAL_MFCC_LOGREG = 0.522


#: FMA authors' own fma_small figure: an RBF SVM (scikit-learn defaults) on the 140 MFCC
#: statistics, official split, in the usage notebook of github.com/mdeff/fma (its published
#: output; the value is as quoted in this project's issue, the stored notebook has no outputs).
REPORTED_FMA_SVM_MFCC = 0.4638

#: Who reported :data:`REPORTED_FMA_SVM_MFCC`, as a reader table says it.
FMA_USAGE_SOURCE = "FMA authors' usage notebook"
#: What :data:`REPORTED_FMA_SVM_MFCC` was measured on.
FMA_USAGE_SETTING = "the 140 MFCC statistics only"


#: FMA paper's test accuracy (%) per feature set on **fma_medium** (16 unbalanced genres):
#: logistic regression, kNN, RBF SVM and MLP (Defferrard et al., ISMIR 2017, genre-recognition
#: baselines table, ``tab:mgr``). First copied from a public summary of the paper
#: (github.com/FrescoFlacko/genre_classification, README), then checked against the paper's own
#: LaTeX source (github.com/mdeff/paper-fma-ismir2017, ``fma.tex``): they agree; ``REFERENCES.md``
#: lists them as verified there. Keys: FMA group names, or a tuple of them for a combined set.
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


#: Who reported :data:`REPORTED_FMA_MEDIUM`, as a reader table says it, and on what.
FMA_PAPER_SOURCE = "FMA paper"
FMA_PAPER_SETTING = "fma_medium, FMA's 518 statistics"

#: The FMA paper's four classifiers, in its table's order, by this book's model keys where it has
#: the model (its MLP has none), with the paper's words for each.
FMA_PAPER_MODELS: dict[str, str] = {"logreg": "logistic regression (L2)", "knn": "kNN, k = 200", "svm": "RBF SVM",
                                    "mlp": "MLP, 100 hidden units"}


def tabulate_reported_fma_medium() -> pd.DataFrame:
    """The FMA paper's test accuracies on all 518 statistics of fma_medium, one row per classifier.

    Returns
    -------
    pd.DataFrame
        Index: this book's model keys (``logreg``, ``knn``, ``svm``) and ``mlp``; columns ``test``
        (a fraction) and ``model`` (the paper's classifier, in words).

    Examples
    --------
    >>> tabulate_reported_fma_medium()["test"].tolist()
    [0.61, 0.52, 0.63, 0.58]
    """
    reported = REPORTED_FMA_MEDIUM_COMBINED["all features"]
    return pd.DataFrame({"test": [v / 100 for v in reported], "model": list(FMA_PAPER_MODELS.values())},
                        index=list(FMA_PAPER_MODELS))


#: Test accuracy of the original analysis's CNN, as it reported it (about 35 %).
ORIGINAL_CNN_ACCURACY = 0.35


def tabulate_reported_classical() -> pd.DataFrame:
    """The classical models' reported figures, one row per model key that has one.

    Returns
    -------
    pd.DataFrame
        Index: model keys (``rf``, ..., ``svm``); columns ``test`` and ``train`` (fractions, NaN
        where none was reported), ``source`` (:data:`ORIGINAL_SOURCE` or :data:`FMA_USAGE_SOURCE`) and
        ``setting`` (the features it was measured on; all on fma_small's official split).

    Examples
    --------
    >>> table = tabulate_reported_classical()
    >>> float(table.loc["logreg", "test"]), table.loc["svm", "source"] == FMA_USAGE_SOURCE
    (0.577, True)
    >>> bool(pd.isna(table.loc["svm", "train"]))
    True
    """
    rows = {key: (test, train, ORIGINAL_SOURCE, ORIGINAL_SETTING) for key, (test, train) in REPORTED_ORIGINAL.items()}
    rows["svm"] = (REPORTED_FMA_SVM_MFCC, float("nan"), FMA_USAGE_SOURCE, FMA_USAGE_SETTING)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["test", "train", "source", "setting"])


#: Values per feature set as the FMA paper's table gives them (its "dim." column), in the order of
#: :func:`list_fma_medium_sets` (paper's LaTeX source, github.com/mdeff/paper-fma-ismir2017, ``fma.tex``,
#: table ``tab:mgr``). Its set labelled MFCC + contrast + centroid has 273 values: the size of MFCC +
#: contrast + one chroma group; with the centroid it would have 196.
REPORTED_FMA_MEDIUM_VALUES = (84, 42, 140, 7, 7, 49, 7, 7, 7, 189, 273, 518)
