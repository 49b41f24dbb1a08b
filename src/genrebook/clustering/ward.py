"""Ward's agglomerative clustering at any size: one tree, cut at every k, built on a capped subsample.

Ward's linkage holds every pairwise distance, so its memory and time grow with the square of the
tracks: 10,000 tracks need 0.4 GB, fma_large's 106,574 would need 45 GB. Up to :data:`WARD_ROWS`
tracks the tree is built on all of them, as before; above, on a seeded random subsample, and every
other track joins, at every k, the cluster whose centre (the mean of its subsampled tracks) is
nearest.

Used in: 07_clustering.
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import cut_tree, linkage
from sklearn.metrics import pairwise_distances_argmin

#: Tracks Ward's tree is built on at most (fma_small has 8,000).
WARD_ROWS = 10_000


def pick_tree_rows(n: int, *, seed: int, limit: int = WARD_ROWS) -> np.ndarray:
    """The rows Ward's tree is built on: all of them up to ``limit``, else a seeded random ``limit`` of them.

    Examples
    --------
    >>> pick_tree_rows(5, seed=0, limit=10).tolist()
    [0, 1, 2, 3, 4]
    >>> len(pick_tree_rows(50, seed=0, limit=10)), pick_tree_rows(50, seed=1, limit=10).tolist() == sorted(
    ...     pick_tree_rows(50, seed=1, limit=10).tolist())
    (10, True)
    """
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, limit, replace=False))


def fit_ward(X: np.ndarray, ks: list[int], *, seed: int, limit: int = WARD_ROWS) -> dict[int, np.ndarray]:
    """Build Ward's tree once and cut it at every k; above ``limit`` rows, on a subsample (:func:`pick_tree_rows`).

    Parameters
    ----------
    X : np.ndarray [shape=(n, d)]
    ks : list of int
        Each in ``[1, min(n, limit)]``.
    seed : int
    limit : int

    Returns
    -------
    dict
        ``{k: labels [shape=(n,)]}``, clusters numbered from 0.

    Examples
    --------
    >>> X = np.r_[np.zeros((6, 2)), np.ones((6, 2)) * 10] + np.arange(12)[:, None] * 0.01
    >>> [labels.tolist() for labels in fit_ward(X, [2], seed=0, limit=4).values()]
    [[0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]]
    """
    sample = pick_tree_rows(len(X), seed=seed, limit=limit)
    cuts = cut_tree(linkage(X[sample], method="ward"), n_clusters=list(ks))
    rest = np.setdiff1d(np.arange(len(X)), sample)
    fitted = {}
    for i, k in enumerate(ks):
        labels = np.empty(len(X), dtype=int)
        labels[sample] = cuts[:, i]
        if len(rest):
            centres = np.stack([X[sample][cuts[:, i] == c].mean(axis=0) for c in range(k)])
            labels[rest] = pairwise_distances_argmin(X[rest], centres)
        fitted[k] = labels
    return fitted
