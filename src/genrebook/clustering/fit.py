"""Clustering tracks without giving the genres to the clustering: the representations clustered
(handcrafted features, computed from the audio alone; chapter 05's CNN embeddings, from a network
trained with the training tracks' genres), and k-means, Gaussian mixtures and Ward trees fitted
over a range of k, with k chosen by silhouette or BIC. :mod:`genrebook.clustering.agreement`
reads the clusters.

Fitting runs with one BLAS/OpenMP thread: on a few thousand rows that is as fast, and it stays
fast when other processes share the cores (a mixture fit was 16 times slower with two threads
fighting for two busy cores).

Used in: 07_clustering.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.impute import SimpleImputer
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from genrebook.cnn.backend import hold_native_stderr
from genrebook.clustering.ward import fit_ward
from genrebook.cnn.embeddings import load_embeddings

log = logging.getLogger(__name__)

#: Clustering methods, by parameter name.
METHODS = {"kmeans": "k-means", "gmm": "Gaussian mixture", "ward": "Ward"}

#: Representations, by parameter name.
REPRESENTATIONS = {"features": "handcrafted features", "cnn": "CNN embeddings"}

#: Whether a representation was made with the genres, said for the prose (only the features are label-free).
LABEL_USE = {"features": "the handcrafted features are computed from the audio alone, so their clusters are found "
                         "without the genres",
             "cnn": "the CNN embeddings come from a network trained with the training tracks' genres, so it saw "
                    "those genres"}

#: Tracks the silhouette is computed on: a fixed seeded subsample, the same for every method and
#: k (the silhouette's cost grows with the square of the tracks).
SILHOUETTE_SAMPLE = 2000

#: k-means restarts (the best of them is kept).
KMEANS_INIT = 4

#: Added to the mixtures' covariance diagonals, so small clusters in many dimensions stay defined.
GMM_REG_COVAR = 1e-3


@dataclass
class Clustering:
    """The clusterings of one representation.

    Attributes
    ----------
    representation : str
        A key of :data:`REPRESENTATIONS`.
    X : pd.DataFrame [shape=(n_tracks, n_components)]
        The clustered matrix, indexed by track id.
    sweep : pd.DataFrame
        One row per method and k: ``method``, ``k``, ``in_range``, ``silhouette``, ``bic``.
    chosen_k : dict
        ``{method: k}`` chosen by silhouette (k-means, Ward) or BIC (mixture).
    labels : dict
        ``{(method, k): np.ndarray [shape=(n_tracks,)]}`` for every k fitted.
    """

    representation: str
    X: pd.DataFrame
    sweep: pd.DataFrame
    chosen_k: dict[str, int]
    labels: dict[tuple[str, int], np.ndarray] = field(repr=False)


def resolve_k_range(k_min: int, k_max: int, n_tracks: int) -> tuple[int, int, str]:
    """Check the range of cluster counts; lower ``k_max`` to ``n_tracks - 1`` where needed.

    Returns
    -------
    k_min, k_max : int
    note : str
        Says how ``k_max`` was lowered; empty when it was not.

    Examples
    --------
    >>> resolve_k_range(2, 16, 8000)
    (2, 16, '')
    >>> resolve_k_range(2, 16, 10)[:2]
    (2, 9)
    """
    if k_min > k_max:
        raise ValueError(f"k_min must be at most k_max; got k_min={k_min}, k_max={k_max}")
    if k_min >= n_tracks:
        raise ValueError(f"k_min must be below the number of tracks ({n_tracks}); got k_min={k_min}")
    if k_max < n_tracks:
        return k_min, k_max, ""
    return k_min, n_tracks - 1, f"k_max={k_max} was lowered to {n_tracks - 1}, one below the {n_tracks} tracks"


def make_representation(matrix: pd.DataFrame, *, n_components: int, seed: int) -> tuple[pd.DataFrame, float]:
    """Impute medians, standardise, and keep the leading principal components.

    Parameters
    ----------
    matrix : pd.DataFrame [shape=(n_tracks, n_values)]
        Features or embeddings, indexed by track id (NaN allowed).
    n_components : int
        Components kept (fewer where the matrix has fewer rows or columns).
    seed : int

    Returns
    -------
    X : pd.DataFrame [shape=(n_tracks, n_kept)]
        Columns ``pc1``, ``pc2``, ...
    explained : float
        Share of the standardised variance the kept components hold.
    """
    with threadpool_limits(limits=1):
        scaled = make_pipeline(SimpleImputer(strategy="median"), StandardScaler()).fit_transform(
            np.asarray(matrix, dtype=float))  # the imputer drops columns without any value
        pca = PCA(min(n_components, *scaled.shape), random_state=seed)
        projected = pca.fit_transform(scaled)
    columns = [f"pc{i + 1}" for i in range(projected.shape[1])]
    return pd.DataFrame(projected, index=matrix.index, columns=columns), float(pca.explained_variance_ratio_.sum())


def describe_representations(matrices: dict[str, pd.DataFrame], reduced: dict[str, tuple[pd.DataFrame, float]],
                             tracks: pd.DataFrame) -> pd.DataFrame:
    """Tabulate each representation: tracks, values per track, components kept, variance they hold,
    and how many of its tracks' genres it was made with (chapter 05's network saw its training tracks').

    Returns
    -------
    pd.DataFrame
        Index representation key; columns ``tracks``, ``values``, ``components``, ``variance``, ``genres_seen``.
    """
    rows = [{"representation": name, "tracks": len(matrix), "values": matrix.shape[1],
             "components": reduced[name][0].shape[1], "variance": reduced[name][1],
             "genres_seen": int((tracks.loc[matrix.index, "split"] == "training").sum()) if name == "cnn" else 0}
            for name, matrix in matrices.items()]
    return pd.DataFrame(rows).set_index("representation")


def name_clustering(representation: str, method: str) -> str:
    """Name a clustering for the prose, e.g. ``'k-means on the handcrafted features'``."""
    return f"{METHODS[method]} on the {REPRESENTATIONS[representation]}"


def load_cnn_embeddings(dataset) -> tuple[pd.DataFrame | None, str]:
    """Load chapter 05's penultimate-layer embeddings of the dataset's tracks, where it saved a model.

    Returns
    -------
    embeddings : pd.DataFrame [shape=(n_tracks, n_units)] or None
        Indexed by track id, restricted to the dataset's tracks; None without a saved model or
        without chapter 05's code.
    note : str
        Says which, for the chapter's prose.
    """
    try:  # what chapter 05's networks need (TensorFlow) may be absent from an installation
        with hold_native_stderr():  # TensorFlow's C++ start-up lines would land on the page
            embeddings = load_embeddings(dataset)
    except ImportError as error:
        log.info("no CNN embeddings: %s", error)
        return None, "chapter 05's code to load embeddings is not available in this build"
    if embeddings is None:
        return None, "chapter 05 saved no network for this dataset"
    network = embeddings.attrs.get("network", "saved")
    embeddings = embeddings.reindex(dataset.tracks.index).dropna(how="all")
    n_seen = int((dataset.tracks.loc[embeddings.index, "split"] == "training").sum())
    note = (f"chapter 05's {network} network (its best saved one by validation accuracy) gives "
            f"{embeddings.shape[1]:,} values per track for {len(embeddings):,} tracks; it was trained to predict "
            f"the genres of the {n_seen:,} training tracks among them, so the network saw those tracks' genres "
            "and clusters of its embeddings are not found without labels")
    if network == "multi":
        note += "; it also reads the feature table, so its embeddings are not from the images alone"
    return embeddings, note


def collect_matrices(dataset, wanted: list[str]) -> tuple[dict[str, pd.DataFrame], str]:
    """Gather the matrices to cluster; the features stand in where CNN embeddings are missing.

    Parameters
    ----------
    dataset : genrebook.fma.dataset.Dataset
    wanted : list of str
        Keys of :data:`REPRESENTATIONS`.

    Returns
    -------
    matrices : dict
        ``{representation: pd.DataFrame indexed by track id}``.
    note : str
        What became of the CNN embeddings, for the prose.
    """
    embeddings, note = load_cnn_embeddings(dataset) if "cnn" in wanted else (None, "they were not asked for")
    matrices = {}
    if "features" in wanted or embeddings is None:
        if dataset.features is None:
            raise ValueError("this dataset has no features: run `genrebook extract DATASET` or use a dataset with "
                             "a features.csv")
        matrices["features"] = dataset.features
    if embeddings is not None:
        matrices["cnn"] = embeddings
    elif "cnn" in wanted:
        note += ", so only the handcrafted features are clustered"
    return matrices, note


def fit_labels(X: np.ndarray, method: str, ks: list[int], *, seed: int) -> dict[int, tuple[np.ndarray, float]]:
    """Cluster ``X`` with one method at every k.

    Ward's tree is built once and cut at every k (on at most
    :data:`~genrebook.clustering.ward.WARD_ROWS` tracks, :func:`~genrebook.clustering.ward.fit_ward`); k-means keeps the best of :data:`KMEANS_INIT` starts; mixtures have full
    covariances.

    Parameters
    ----------
    X : np.ndarray [shape=(n, d)]
    method : {'kmeans', 'gmm', 'ward'}
    ks : list of int
        Each in ``[1, n]``.
    seed : int

    Returns
    -------
    dict
        ``{k: (labels [shape=(n,)], bic)}``; ``bic`` is NaN except for mixtures.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}")
    with threadpool_limits(limits=1):
        if method == "ward":
            return {k: (labels, float("nan")) for k, labels in fit_ward(X, list(ks), seed=seed).items()}
        fitted = {}
        for k in ks:
            if method == "kmeans":
                fitted[k] = (KMeans(k, n_init=KMEANS_INIT, random_state=seed).fit_predict(X), float("nan"))
            else:
                model = GaussianMixture(k, covariance_type="full", reg_covar=GMM_REG_COVAR, random_state=seed).fit(X)
                fitted[k] = (model.predict(X), float(model.bic(X)))
        return fitted


def compute_silhouette(X: np.ndarray, labels: np.ndarray, sample: np.ndarray) -> float:
    """Mean silhouette of the tracks in ``sample`` (row positions); NaN where it is undefined."""
    n_labels = len(np.unique(labels[sample]))
    if not 2 <= n_labels <= len(sample) - 1:
        return float("nan")
    with threadpool_limits(limits=1):
        return float(silhouette_score(X[sample], labels[sample]))


def choose_k(sweep: pd.DataFrame, method: str) -> int:
    """Pick k for a method from its sweep: lowest BIC for mixtures, highest silhouette otherwise.

    Only rows with ``in_range`` count.
    """
    rows = sweep[(sweep["method"] == method) & sweep["in_range"]]
    score = -rows["bic"] if method == "gmm" else rows["silhouette"]
    return int(rows.loc[score.idxmax(), "k"]) if score.notna().any() else int(rows["k"].min())


def cluster_representation(X: pd.DataFrame, representation: str, methods: list[str], k_range: tuple[int, int], *,
                           extra_k: int, seed: int) -> Clustering:
    """Fit every method at every k of ``k_range`` and at ``extra_k``, and choose k per method.

    The silhouette is computed on :data:`SILHOUETTE_SAMPLE` tracks drawn with ``seed``.

    Parameters
    ----------
    X : pd.DataFrame [shape=(n_tracks, d)]
        From :func:`make_representation`.
    representation : str
    methods : list of str
    k_range : (int, int)
        Inclusive; ``k_max < n_tracks``.
    extra_k : int
        Also fitted (the number of genres), chosen only when inside the range.
    seed : int

    Returns
    -------
    Clustering
    """
    values = X.to_numpy()
    ks = sorted(set(range(k_range[0], k_range[1] + 1)) | {extra_k})
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(len(values), min(SILHOUETTE_SAMPLE, len(values)), replace=False))
    rows, labels = [], {}
    for method in methods:
        for k, (found, bic) in fit_labels(values, method, ks, seed=seed).items():
            labels[method, k] = found
            rows.append({"method": method, "k": k, "in_range": k_range[0] <= k <= k_range[1],
                         "silhouette": compute_silhouette(values, found, sample), "bic": bic})
    sweep = pd.DataFrame(rows, columns=["method", "k", "in_range", "silhouette", "bic"])
    chosen = {method: choose_k(sweep, method) for method in methods}
    return Clustering(representation, X, sweep, chosen, labels)


def renumber_by_size(labels) -> np.ndarray:
    """Number clusters 1, 2, ... from the largest (ties: in the order of the old labels).

    Examples
    --------
    >>> renumber_by_size([7, 3, 3, 7, 3]).tolist()
    [2, 1, 1, 2, 1]
    """
    values, inverse, counts = np.unique(np.asarray(labels), return_inverse=True, return_counts=True)
    rank = np.empty(len(values), dtype=int)
    rank[np.argsort(-counts, kind="stable")] = np.arange(1, len(values) + 1)
    return rank[inverse]
