"""Models of the book, each a scikit-learn pipeline built by one ``make_`` function.

Every pipeline takes the raw feature matrix (NaN allowed): it imputes, scales and classifies, so
that the same call works on the dataset's own ``features.csv`` and on extracted features.

Used in: 02_limitations, 03_classical_models, 04_featurewise_logreg.
"""

from __future__ import annotations

from sklearn.ensemble import AdaBoostClassifier, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import ParameterGrid
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

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
    return make_classical_pipeline("logreg", seed=seed, C=C)


#: The classical models of chapter 03, in the order the book shows them: key -> display name.
CLASSICAL_MODELS: dict[str, str] = {
    "rf": "random forest",
    "gb": "gradient boosting",
    "ada": "AdaBoost",
    "logreg": "logistic regression",
    "knn": "k nearest neighbours",
    "svm": "RBF SVM",
}


#: Boosted ensembles: the parameter counting their stages. A search reads the validation accuracy
#: after every stage from one fit and keeps the best count, so that count costs no extra fits.
STAGE_PARAMS: dict[str, str] = {"gb": "max_iter", "ada": "n_estimators"}


#: Search spaces of the classify step, per model and search size (grids of every combination).
#: ``gamma_factor`` is the SVM's ``gamma`` times the number of features (1 is scikit-learn's
#: ``'scale'`` on standardised features); ``max_depth`` is the depth of AdaBoost's trees; a stage
#: count (``max_iter``, ``n_estimators``) is the most stages tried.
SEARCH_SPACES: dict[str, dict[str, dict[str, list]]] = {
    "rf": {"quick": {"n_estimators": [100]},
           "full": {"n_estimators": [300], "max_features": ["sqrt", 0.1], "min_samples_leaf": [1, 3]}},
    "gb": {"quick": {"max_iter": [100], "max_leaf_nodes": [15]},
           "full": {"max_iter": [300], "learning_rate": [0.05, 0.1], "max_leaf_nodes": [15, 31]}},
    "ada": {"quick": {"n_estimators": [50]},
            "full": {"n_estimators": [200], "learning_rate": [0.5, 1.0]}},
    "logreg": {"quick": {"C": [1e-3, 1e-2, 1e-1]},
               "full": {"C": [3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0]}},
    "knn": {"quick": {"n_neighbors": [10, 30], "weights": ["distance"]},
            "full": {"n_neighbors": [5, 10, 20, 40, 80], "weights": ["uniform", "distance"]}},
    "svm": {"quick": {"C": [1.0], "gamma_factor": [0.5, 1.0]},
            "full": {"C": [0.3, 1.0, 3.0, 10.0], "gamma_factor": [0.25, 0.5, 1.0, 2.0]}},
}


#: Smallest cap on ensemble sizes for tiny training sets (see :func:`make_search_space`).
MIN_ENSEMBLE_CAP = 20



def make_classifier(name: str, *, seed: int, **params):
    """Make the unfitted classifier of a classical model (the ``classify`` step of its pipeline).

    Parameters
    ----------
    name : str
        A key of :data:`CLASSICAL_MODELS`.
    seed : int
        ``random_state`` of every random choice (bootstrap samples, split candidates).
    **params
        The classifier's own parameters; for ``ada`` also ``max_depth`` of its trees.

    Used in: 03_classical_models, 04_featurewise_logreg.
    """
    if name == "rf":
        return RandomForestClassifier(random_state=seed, n_jobs=1, **params)
    if name == "gb":
        # feature subsampling per split: three times faster than all features, and as accurate
        return HistGradientBoostingClassifier(**{"max_features": 0.3, **params}, early_stopping=False,
                                              random_state=seed)
    if name == "ada":
        depth = params.pop("max_depth", 1)
        return AdaBoostClassifier(DecisionTreeClassifier(max_depth=depth, random_state=seed),
                                  random_state=seed, **params)
    if name == "logreg":
        return LogisticRegression(max_iter=LOGREG_MAX_ITER, random_state=seed, **params)
    if name == "knn":
        return KNeighborsClassifier(**params)
    if name == "svm":
        return SVC(random_state=seed, **params)
    raise ValueError(f"model must be one of {', '.join(CLASSICAL_MODELS)}; got {name!r}")


def make_classical_pipeline(name: str, *, seed: int, **params) -> Pipeline:
    """Make a classical model's pipeline: median imputation, standardisation, the classifier.

    Examples
    --------
    >>> pipe = make_classical_pipeline("svm", seed=0, C=3.0)
    >>> [step for step, _ in pipe.steps], pipe["classify"].C
    (['impute', 'scale', 'classify'], 3.0)

    Used in: 03_classical_models, 04_featurewise_logreg.
    """
    return Pipeline([
        ("impute", SimpleImputer(strategy="median")),
        ("scale", StandardScaler()),
        ("classify", make_classifier(name, seed=seed, **params)),
    ])


def make_search_space(name: str, search: str, *, n_samples: int, n_features: int) -> list[dict]:
    """List the candidate parameters of a model's validation search, adapted to the data's shape.

    The SVM's ``gamma_factor`` becomes ``gamma = gamma_factor / n_features``; neighbour counts
    are capped at ``n_samples`` and ensemble sizes (trees, boosting stages) at twice
    ``n_samples`` (at least :data:`MIN_ENSEMBLE_CAP`), duplicates dropped: a tiny training set
    gets a smaller, faster grid, a real one the grid as written.

    Parameters
    ----------
    name : str
        A key of :data:`CLASSICAL_MODELS`.
    search : {'quick', 'full'}
    n_samples, n_features : int
        Shape of the training matrix.

    Returns
    -------
    list of dict
        Keyword arguments of :func:`make_classifier`, in grid order (simplest first).

    Examples
    --------
    >>> make_search_space("svm", "quick", n_samples=100, n_features=4)
    [{'C': 1.0, 'gamma': 0.125}, {'C': 1.0, 'gamma': 0.25}]
    >>> [p["n_neighbors"] for p in make_search_space("knn", "quick", n_samples=12, n_features=4)]
    [10, 12]
    >>> make_search_space("rf", "quick", n_samples=24, n_features=4)
    [{'n_estimators': 48}]
    """
    if search not in ("quick", "full"):
        raise ValueError(f"search must be 'quick' or 'full'; got {search!r}")
    grid = SEARCH_SPACES[name][search]
    keys = list(grid)  # ParameterGrid sorts keys; keep the grid's own order instead
    space = []
    for combo in ParameterGrid(grid):
        params = {key: combo[key] for key in keys}
        if "gamma_factor" in params:
            params["gamma"] = params.pop("gamma_factor") / max(n_features, 1)
        if "n_neighbors" in params:
            params["n_neighbors"] = max(1, min(params["n_neighbors"], n_samples))
        for key in ("n_estimators", "max_iter"):
            if key in params:
                params[key] = min(params[key], max(MIN_ENSEMBLE_CAP, 2 * n_samples))
        if params not in space:
            space.append(params)
    return space
