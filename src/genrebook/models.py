"""Models of the book, each a scikit-learn pipeline built by one ``make_`` function.

Every pipeline takes the raw feature matrix (NaN allowed): it imputes, scales and classifies, so
that the same call works on the dataset's own ``features.csv`` and on extracted features.

Used in: 02_limitations and later chapters.
"""

from __future__ import annotations

from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

#: Iterations allowed to L-BFGS; on standardised features it converges in a few hundred.
LOGREG_MAX_ITER = 3000


def make_logreg_pipeline(*, seed: int, C: float = 1.0) -> Pipeline:
    """Make the baseline: median imputation, standardisation, multinomial logistic regression.

    Parameters
    ----------
    seed : int
        ``random_state`` of the classifier.
    C : float
        Inverse strength of the L2 penalty.

    Returns
    -------
    Pipeline
        Steps ``impute``, ``scale``, ``classify``; unfitted.

    Examples
    --------
    >>> [name for name, _ in make_logreg_pipeline(seed=0).steps]
    ['impute', 'scale', 'classify']
    """
    return Pipeline([
        ("impute", SimpleImputer(strategy="median")),
        ("scale", StandardScaler()),
        ("classify", LogisticRegression(C=C, max_iter=LOGREG_MAX_ITER, random_state=seed)),
    ])
