"""The clusterings chapter 07 reads: fitted once, then shared by the page's results builders.

Used in: 07_clustering (through :mod:`genrebook.book.pages.clustering`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from genrebook.clustering.agreement import score_random_assignment, summarize_agreement
from genrebook.clustering.fit import (
    Clustering,
    cluster_representation,
    collect_matrices,
    describe_representations,
    make_representation,
    renumber_by_size,
    resolve_k_range,
)


@dataclass(frozen=True)
class ClusteringStudy:
    """Every clustering of the chapter, scored against the genres.

    Attributes
    ----------
    tracks : pd.DataFrame
        The dataset's tracks (``genre``, ``split``, ``title``, ``artist_id``, ``artist``).
    runs : tuple of Clustering
        One per representation clustered.
    sizes : pd.DataFrame
        :func:`genrebook.clustering.fit.describe_representations`.
    scores : pd.DataFrame
        :func:`genrebook.clustering.agreement.summarize_agreement` on all tracks.
    floor : dict
        Mean scores of random assignments to ``genre_k`` clusters (``ari``, ``nmi``, ``purity``).
    genre_k, k_min, k_max : int
        The number of genres (clusters of the direct comparison) and the range of k tried.
    k_note : str
        How ``k_max`` was lowered; empty when it was not.
    cnn_note : str
        What became of chapter 05's embeddings, and that its network saw the training tracks' genres.
    shown : (str, str)
        ``(representation, method)`` of the clustering the page looks into: the highest ARI at
        ``genre_k`` (the first of exact ties).
    seed : int
        Seed of every random choice of the page (fits, floors, map).
    """

    tracks: pd.DataFrame
    runs: tuple[Clustering, ...]
    sizes: pd.DataFrame
    scores: pd.DataFrame
    floor: dict[str, float]
    genre_k: int
    k_min: int
    k_max: int
    k_note: str
    cnn_note: str
    shown: tuple[str, str]
    seed: int

    def run_of(self, representation: str) -> Clustering:
        """The clusterings of one representation."""
        return next(run for run in self.runs if run.representation == representation)

    def shown_labels(self) -> pd.Series:
        """Cluster number (1 = largest) of every track in the shown clustering at ``genre_k``."""
        representation, method = self.shown
        run = self.run_of(representation)
        return pd.Series(renumber_by_size(run.labels[method, self.genre_k]), index=run.X.index, name="cluster")

    def heldout(self) -> pd.Index:
        """Tracks outside the training split: genres no network of chapter 05 was trained with."""
        return self.tracks.index[self.tracks["split"] != "training"]


def fit_study(ds, params: dict[str, Any]) -> ClusteringStudy:
    """Reduce each representation, fit every method over the range of k and score it against the genres.

    Parameters
    ----------
    ds : genrebook.fma.dataset.Dataset
    params : dict
        The chapter's validated parameters (``representations``, ``methods``, ``k_min``, ``k_max``,
        ``n_components``, ``seed``).

    Returns
    -------
    ClusteringStudy
    """
    k_min, k_max, k_note = resolve_k_range(params["k_min"], params["k_max"], len(ds.tracks))
    genre_k = min(len(ds.genre_names), len(ds.tracks) - 1)
    matrices, cnn_note = collect_matrices(ds, list(params["representations"]))
    reduced = {name: make_representation(matrix, n_components=params["n_components"], seed=params["seed"])
               for name, matrix in matrices.items()}
    runs = tuple(cluster_representation(X, name, list(params["methods"]), (k_min, k_max), extra_k=genre_k,
                                        seed=params["seed"]) for name, (X, _) in reduced.items())
    scores = summarize_agreement(list(runs), ds.tracks["genre"], genre_k=genre_k)
    shown = scores["ari_genre_k"].idxmax()
    return ClusteringStudy(
        tracks=ds.tracks, runs=runs, sizes=describe_representations(matrices, reduced, ds.tracks), scores=scores,
        floor=score_random_assignment(ds.tracks["genre"], genre_k, seed=params["seed"]), genre_k=genre_k,
        k_min=k_min, k_max=k_max, k_note=k_note, cnn_note=cnn_note, shown=tuple(shown),
        seed=params["seed"])
