"""Clustering: known blobs are recovered, k is chosen right, same seed gives the same clusters,
agreement scores, the CNN guard (and its note that the network saw the genres), cluster
descriptions and the map. The page's builders are tested in ``test_pages_clustering``."""

from __future__ import annotations

import doctest
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from genrebook.clustering import agreement
from genrebook.clustering import fit as clustering
from genrebook.plots import clustering as clustering_plots

matplotlib.use("Agg")

METHODS = list(clustering.METHODS)


@pytest.fixture(scope="module")
def blobs() -> tuple[pd.DataFrame, pd.Series]:
    """Four well-separated blobs in six dimensions; the blob is the 'genre'."""
    X, y = make_blobs(n_samples=400, centers=4, n_features=6, cluster_std=0.6, center_box=(-12, 12), random_state=3)
    index = pd.Index(np.arange(100, 500), name="track_id")
    return pd.DataFrame(X, index=index), pd.Series([f"g{v}" for v in y], index=index, name="genre")


@pytest.fixture(scope="module")
def blob_tracks(blobs) -> pd.DataFrame:
    """A tracks frame for the blobs: two artists per blob, a title per track, some unknown."""
    X, genres = blobs
    artist_id = pd.array([2 * int(g[1]) + i % 2 for i, g in enumerate(genres)], dtype="Int64")
    artist_id[:3] = pd.NA
    return pd.DataFrame({"genre": genres, "title": [f"song {t}" for t in X.index], "artist_id": artist_id,
                         "artist": [None if pd.isna(a) else f"artist {a}" for a in artist_id]}, index=X.index)


@pytest.mark.parametrize("module", [clustering, agreement])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("method", METHODS)
def test_every_method_recovers_well_separated_blobs(blobs, method):
    X, genres = blobs
    labels, bic = clustering.fit_labels(X.to_numpy(), method, [4], seed=0)[4]
    assert agreement.score_agreement(genres, labels)["ari"] > 0.99
    assert np.isnan(bic) == (method != "gmm")


def test_the_chosen_k_is_the_true_k(blobs):
    X, _ = blobs
    run = clustering.cluster_representation(X, "features", METHODS, (2, 8), extra_k=10, seed=0)
    assert run.chosen_k == {"kmeans": 4, "gmm": 4, "ward": 4}
    assert set(run.sweep["k"]) == set(range(2, 9)) | {10}
    assert not run.sweep.loc[run.sweep["k"] == 10, "in_range"].any()
    assert {(m, k) for m in METHODS for k in [*range(2, 9), 10]} == set(run.labels)


def test_same_seed_same_clusters(blobs):
    X, _ = blobs
    noisy = X + np.random.default_rng(0).normal(scale=4.0, size=X.shape)  # overlapping: starts matter
    first = clustering.cluster_representation(noisy, "features", METHODS, (3, 6), extra_k=8, seed=7)
    again = clustering.cluster_representation(noisy, "features", METHODS, (3, 6), extra_k=8, seed=7)
    pd.testing.assert_frame_equal(first.sweep, again.sweep)
    assert all(np.array_equal(first.labels[key], again.labels[key]) for key in first.labels)


def test_agreement_scores_and_their_random_floor(blobs):
    _, genres = blobs
    relabelled = genres.map({"g0": 3, "g1": 0, "g2": 1, "g3": 2})
    assert agreement.score_agreement(genres, relabelled) == {"ari": 1.0, "nmi": 1.0, "purity": 1.0}
    floor = agreement.score_random_assignment(genres, 4, seed=0)
    assert abs(floor["ari"]) < 0.02 and floor["nmi"] < 0.05 and 0.25 <= floor["purity"] < 0.4
    assert floor == agreement.score_random_assignment(genres, 4, seed=0)


def test_summarize_agreement_on_all_tracks_and_on_a_subset(blobs):
    X, genres = blobs
    runs = [clustering.cluster_representation(X, name, ["kmeans", "ward"], (2, 6), extra_k=4, seed=0)
            for name in ("features", "cnn")]
    scores = agreement.summarize_agreement(runs, genres, genre_k=4)
    assert list(scores.index) == [(r, m) for r in ("features", "cnn") for m in ("kmeans", "ward")]
    assert (scores["ari_genre_k"] > 0.99).all() and (scores["chosen_k"] == 4).all()
    part = agreement.summarize_agreement(runs, genres, genre_k=4, subset=X.index[::4])
    assert (part["tracks"] == 100).all() and (part["ari_genre_k"] > 0.99).all()


def test_k_range_is_checked_and_clamped():
    assert clustering.resolve_k_range(2, 16, 7994) == (2, 16, "")
    k_min, k_max, note = clustering.resolve_k_range(2, 60, 40)
    assert (k_min, k_max) == (2, 39) and "lowered to 39" in note
    with pytest.raises(ValueError, match="k_min must be at most k_max; got k_min=9, k_max=4"):
        clustering.resolve_k_range(9, 4, 100)
    with pytest.raises(ValueError, match=r"k_min must be below the number of tracks \(5\)"):
        clustering.resolve_k_range(6, 8, 5)


def test_representation_is_standardised_pca_and_tolerates_missing_values(blobs):
    X, _ = blobs
    holey = X.copy()
    holey.iloc[::7, 2] = np.nan
    reduced, explained = clustering.make_representation(holey, n_components=32, seed=0)
    assert reduced.shape == (400, 6) and reduced.index.equals(X.index) and np.isfinite(reduced.to_numpy()).all()
    assert explained == pytest.approx(1.0)
    two, part = clustering.make_representation(X, n_components=2, seed=0)
    assert two.shape == (400, 2) and 0 < part < 1
    tracks = pd.DataFrame({"split": ["training"] * 300 + ["test"] * 100}, index=X.index)
    table = clustering.describe_representations({"features": holey, "cnn": X}, {"features": (two, part),
                                                "cnn": (two, part)}, tracks)
    assert table.loc["features"].tolist() == [400, 6, 2, part, 0]
    assert table.loc["cnn", "genres_seen"] == 300  # chapter 05's network saw the training tracks' genres


def _fake_dataset(blobs):
    X, genres = blobs
    split = ["training"] * 250 + ["validation"] * 150
    return SimpleNamespace(features=X, tracks=pd.DataFrame({"genre": genres, "split": split}, index=X.index))


@pytest.fixture
def fake_cnn(monkeypatch):
    """Replace chapter 05's embedding loader by one that returns what the test sets."""
    fake = SimpleNamespace(result=None)
    monkeypatch.setattr(clustering, "load_embeddings", lambda dataset, *, model_dir=None: fake.result)
    return fake


def test_features_stand_in_when_there_are_no_embeddings(blobs, fake_cnn):
    dataset = _fake_dataset(blobs)
    matrices, note = clustering.collect_matrices(dataset, ["cnn"])
    assert list(matrices) == ["features"] and note == ("chapter 05 saved no network for this dataset, "
                                                       "so only the handcrafted features are clustered")
    fake_cnn.result = pd.DataFrame(np.ones((300, 3)), index=dataset.features.index[:300])
    matrices, note = clustering.collect_matrices(dataset, ["features", "cnn"])
    assert list(matrices) == ["features", "cnn"] and matrices["cnn"].shape == (300, 3)
    assert "3 values per track for 300 tracks" in note
    assert "genres of the 250 training tracks" in note and "saw those tracks' genres" in note


def test_missing_cnn_code_is_said_not_raised(blobs, monkeypatch):
    def load_embeddings(dataset, *, model_dir=None):
        raise ImportError("No module named 'tensorflow'")

    monkeypatch.setattr(clustering, "load_embeddings", load_embeddings)  # as without TensorFlow
    matrices, note = clustering.collect_matrices(_fake_dataset(blobs), ["features", "cnn"])
    assert list(matrices) == ["features"] and "not available" in note


def test_cluster_descriptions_and_pair_rates(blobs, blob_tracks):
    X, genres = blobs
    labels = clustering.fit_labels(X.to_numpy(), "kmeans", [4], seed=0)[4][0]
    described = agreement.describe_clusters(X, labels, blob_tracks)
    assert list(described.index) == [1, 2, 3, 4] and described["tracks"].sum() == 400
    assert (described["top genre share"] == 1.0).all() and (described["artists"] == 2).all()
    assert described["nearest the centre"].str.count("song ").eq(3).all()
    assert described["nearest the centre"].str.contains(" — ").all()
    rates = agreement.compute_pair_rates(labels, blob_tracks)["same cluster"]
    assert rates["same artist"] == 1.0 and rates["same genre, other artist"] == 1.0
    assert rates["any two tracks"] == pytest.approx(0.25, abs=0.01)
    contingency = agreement.make_contingency(genres, labels)
    assert contingency.to_numpy().sum() == 400 and contingency.shape == (4, 4)


def test_map_is_a_seeded_subsample(blobs):
    X, _ = blobs
    coords = agreement.compute_map(X, size=120, seed=1)
    assert coords.shape == (120, 2) and coords.index.isin(X.index).all()
    pd.testing.assert_frame_equal(coords, agreement.compute_map(X, size=120, seed=1))
    assert len(agreement.compute_map(X.iloc[:30], size=3000, seed=1)) == 30


def test_plots_return_figure_and_axes(blobs, blob_tracks):
    import matplotlib.pyplot as plt

    X, genres = blobs
    run = clustering.cluster_representation(X, "features", METHODS, (2, 5), extra_k=4, seed=0)
    fig, axes = clustering_plots.plot_k_sweep({"blobs": run.sweep, "again": run.sweep},
                                              {"blobs": run.chosen_k, "again": run.chosen_k})
    assert axes.shape == (2, 2) and axes[0, 1].get_ylabel().startswith("BIC")
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["k-means", "Gaussian mixture", "Ward", "chosen k"]
    no_mixture = run.sweep[run.sweep["method"] != "gmm"]
    _, axes = clustering_plots.plot_k_sweep({"blobs": no_mixture}, {"blobs": run.chosen_k})
    assert not axes[0, 1].axison  # no BIC to draw
    labels = pd.Series(clustering.renumber_by_size(run.labels["kmeans", 4]), index=X.index)
    fig, ax = clustering_plots.plot_contingency(agreement.make_contingency(genres, labels))
    assert ax.get_ylabel() == "genre"
    fig, axes = clustering_plots.plot_cluster_maps(agreement.compute_map(X, size=80, seed=0), genres, labels)
    assert len(axes) == 2 and axes[0].get_legend().get_title().get_text() == "genre"
    plt.close("all")
