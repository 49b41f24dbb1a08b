"""The results builders of chapter 07 on a tiny dataset: declared keys, reader-clean tables, the
prose that says what used the genres, ties, edges of the k range, and the artist comparison."""

from __future__ import annotations

import functools
import re
from types import SimpleNamespace

import matplotlib
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from genrebook.book.pages import clustering as page
from genrebook.clustering import fit, ward

matplotlib.use("Agg")

PARAMS = {"representations": ("features", "cnn"), "methods": ("kmeans", "gmm", "ward"), "k_min": 2, "k_max": 6,
          "n_components": 4, "seed": 0}
BUILDERS = ["describe_representations", "sweep_k", "score_against_genres", "mix_genres", "describe_clusters",
            "follow_artists", "weigh_representations"]


def make_dataset(n: int = 120) -> SimpleNamespace:
    """Four genres as four blobs in six dimensions; three artists per genre; 80 training tracks."""
    X, y = make_blobs(n_samples=n, centers=4, n_features=6, cluster_std=2.5, center_box=(-6, 6), random_state=1)
    index = pd.Index(np.arange(1000, 1000 + n), name="track_id")
    artist_id = [3 * int(g) + i % 3 for i, g in enumerate(y)]
    tracks = pd.DataFrame({"genre": [f"genre {g}" for g in y], "split": ["training"] * (2 * n // 3) +
                           ["validation"] * (n // 6) + ["test"] * (n - 2 * n // 3 - n // 6),
                           "title": [f"song {i}" for i in range(n)], "artist_id": artist_id,
                           "artist": [f"artist {a}" for a in artist_id]}, index=index)
    return SimpleNamespace(features=pd.DataFrame(X, index=index), tracks=tracks,
                           genre_names=sorted(tracks["genre"].unique()))


@pytest.fixture
def cnn(monkeypatch):
    """Chapter 05's embeddings as the test sets them (None: no saved network)."""
    fake = SimpleNamespace(result=None)
    monkeypatch.setattr(fit, "load_embeddings", lambda dataset, *, model_dir=None: fake.result)
    return fake


@pytest.fixture
def ds():
    return make_dataset()


def embed(ds) -> pd.DataFrame:
    """An 'embedding' the network made: the features, bent and blurred (not an affine copy)."""
    noise = np.random.default_rng(5).normal(scale=1.5, size=ds.features.shape)
    return np.tanh(ds.features / 4) * 3 + noise


def build_all(study) -> dict:
    sections = {name: getattr(page, name)(study) for name in BUILDERS}
    sections["map_tracks"] = page.map_tracks(study, size=60, seed=0)
    return sections


def test_every_builder_makes_what_it_declares_and_clean_tables(ds, cnn):
    cnn.result = embed(ds)
    sections = build_all(page.fit_study(ds, PARAMS))
    for name, section in sections.items():
        builder = getattr(page, name)
        assert set(section.numbers) == set(builder.numbers) and set(section.tables) == set(builder.tables)
        for table in section.tables.values():
            text = " ".join(table.frame.astype(str).to_numpy().ravel()) + " " + " ".join(table.frame.columns)
            assert not re.search(r"\b(nan|None|True|False|kmeans|gmm|features_|-0\.00)\b", text), (name, text)
            assert not re.search(r"\d\.\d{4,}", text), (name, text)
    numbers = {k: v for s in sections.values() for k, v in s.numbers.items()}
    for key in ("best_label", "best_ari_genre_k", "best_nmi_genre_k", "random_ari_genre_k", "genre_k"):
        assert key in numbers  # the intro and `genrebook grid` read them
    assert numbers["genre_k"] == 4 and numbers["map_tracks"] == 60


def test_the_page_says_which_representation_saw_the_genres(ds, cnn):
    cnn.result = embed(ds)
    study = page.fit_study(ds, PARAMS)
    section = page.describe_representations(study)
    assert section.numbers["n_genres_seen"] == 80
    assert "saw those tracks' genres" in section.numbers["cnn_note"]
    assert section.table.frame.iloc[:, -1].tolist() == ["0", "80"]
    note = page.score_against_genres(study).numbers["best_label_note"]
    assert note.startswith(fit.LABEL_USE[study.shown[0]]) or note.endswith(fit.LABEL_USE[study.shown[0]])
    assert "without the genres" in fit.LABEL_USE["features"] and "without" not in fit.LABEL_USE["cnn"]


def test_without_embeddings_only_the_features_are_clustered_and_said_so(ds, cnn):
    study = page.fit_study(ds, PARAMS)
    assert [run.representation for run in study.runs] == ["features"]
    numbers = page.describe_representations(study).numbers
    assert numbers["n_genres_seen"] == 0 and "saved no network" in numbers["cnn_note"]
    assert "without the genres" in page.score_against_genres(study).numbers["best_label_note"]
    verdict = page.weigh_representations(study).numbers["representation_verdict"]
    assert verdict.startswith("ARI ") and "the only one scored" in verdict


def test_ties_between_representations_are_named(ds, cnn):
    cnn.result = ds.features.copy()  # the same matrix twice: every score ties
    study = page.fit_study(ds, PARAMS)
    assert "(tied)" in page.weigh_representations(study).numbers["representation_verdict"]
    numbers = page.score_against_genres(study).numbers
    assert "(tied)" in numbers["best_label"]
    assert numbers["best_label_note"] == f"{fit.LABEL_USE['features']}; {fit.LABEL_USE['cnn']}"  # each tied one's


def test_k_choices_the_bic_trend_and_the_floor(ds, cnn):
    study = page.fit_study(ds, {**PARAMS, "k_min": 4, "k_max": 4})
    numbers = page.sweep_k(study).numbers
    assert numbers["k_edge_verdict"] == "the range tried holds one k (4), so k was not chosen"
    assert numbers["bic_trend"] == "The Gaussian mixture's BIC (lower is better): on the handcrafted features it stays flat."
    study = page.fit_study(ds, {**PARAMS, "methods": ("kmeans",)})
    numbers = page.sweep_k(study).numbers
    assert numbers["bic_trend"] == "No Gaussian mixture was fitted, so there is no BIC."
    assert numbers["k_note"] == "The range is used as given." and numbers["silhouette_sample"] == 120
    scores = page.score_against_genres(study)
    assert scores.table.frame.iloc[-1, 1] == "random assignment"
    assert numbers["k_min"] == 2 and numbers["k_max"] == 6


def test_the_artist_comparison_and_the_purest_clusters(ds, cnn):
    study = page.fit_study(ds, PARAMS)
    numbers = page.follow_artists(study).numbers
    assert numbers["artist_verdict"].startswith("Two tracks by one artist share a cluster ")
    assert re.search(r"(more|less) often than|as often as", numbers["artist_verdict"])
    assert 0 <= numbers["any_pair_rate"] <= 1
    mix = page.mix_genres(study).numbers
    assert mix["purest_clusters"].startswith("cluster ") and 0 < mix["purest_share"] <= 1
    assert mix["shown_label"] == fit.name_clustering(*study.shown)


def test_the_page_says_where_wards_tree_was_built(ds, cnn, monkeypatch):
    study = page.fit_study(ds, PARAMS)
    assert page.sweep_k(study).numbers["ward_note"] == "Ward's tree was built on all 120 tracks."
    monkeypatch.setattr(fit, "fit_ward", functools.partial(ward.fit_ward, limit=50))
    monkeypatch.setattr(page, "WARD_ROWS", 50)
    study = page.fit_study(ds, PARAMS)
    note = page.sweep_k(study).numbers["ward_note"]
    assert "subsample of 50 of the 120 tracks (seed 0)" in note and "nearest" in note
    labels = study.run_of("features").labels["ward", 4]
    assert len(labels) == 120 and set(labels) == {0, 1, 2, 3}
    kmeans_only = page.fit_study(ds, {**PARAMS, "methods": ("kmeans",)})
    assert "not among the methods" in page.sweep_k(kmeans_only).numbers["ward_note"]
