"""Kept class probabilities: the key covers what they depend on, files appear whole, a bad file is refitted,
and chapter 08 reads chapter 03's final fits instead of fitting them again, to the same numbers."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from genrebook.book.classical import fit_models, predict_confidence
from genrebook.book.ensemble import collect_members, fit_classical_member
from genrebook.book.params import validate_parameters
from genrebook.fma.dataset import load_dataset
from genrebook.models.evaluation import split_features
from genrebook.models.fusion import to_log_probabilities
from genrebook.models.probabilities import (
    fingerprint_features,
    load_probabilities,
    make_key,
    resolve_probability_dir,
    save_probabilities,
)
from genrebook.models.sampling import LIMITS, Limits
from tests.helpers import make_two_genre_dataset


def test_the_key_changes_with_everything_the_probabilities_depend_on():
    base = make_key("f", "rf", {"n_estimators": 300}, seed=0, limits=LIMITS)
    assert base == make_key("f", "rf", json.loads(json.dumps({"n_estimators": 300})), seed=0, limits=LIMITS)
    assert len({base, make_key("g", "rf", {"n_estimators": 300}, seed=0, limits=LIMITS),
                make_key("f", "gb", {"n_estimators": 300}, seed=0, limits=LIMITS),
                make_key("f", "rf", {"n_estimators": 200}, seed=0, limits=LIMITS),
                make_key("f", "rf", {"n_estimators": 300}, seed=1, limits=LIMITS),
                make_key("f", "rf", {"n_estimators": 300}, seed=0, limits=Limits(100, 200))}) == 6


def test_a_kept_file_reads_back_and_a_broken_one_reads_as_none(tmp_path):
    arrays = {"validation": np.array([[0.25, 0.75]]), "test": np.array([[1.0, 0.0], [0.5, 0.5]])}
    path = save_probabilities("k", arrays, ["Pop", "Rock"], folder=tmp_path)
    classes, back = load_probabilities("k", folder=tmp_path)
    assert classes == ["Pop", "Rock"] and np.array_equal(back["test"], arrays["test"])
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no partial file left behind
    assert load_probabilities("absent", folder=tmp_path) is None
    path.write_bytes(b"not an npz file")
    assert load_probabilities("k", folder=tmp_path) is None
    with pytest.raises(ValueError, match="missing test"):
        save_probabilities("k", {"validation": arrays["validation"]}, ["Pop", "Rock"], folder=tmp_path)


def test_the_fingerprint_reads_content_not_objects():
    tracks = pd.DataFrame({"split": ["training", "test"], "genre": ["Rock", "Pop"]}, index=[2, 5])
    features = pd.DataFrame({"a": [0.5, 1.5]}, index=[2, 5])
    assert fingerprint_features(features, tracks) != fingerprint_features(features, tracks.assign(genre=["Pop", "Pop"]))
    assert fingerprint_features(features, tracks) != fingerprint_features(features.rename(columns={"a": "b"}), tracks)


@pytest.fixture(scope="module")
def two_genres(tmp_path_factory):
    return load_dataset(make_two_genre_dataset(tmp_path_factory.mktemp("kept") / "two"))


def test_chapter_08_reads_chapter_03s_final_fits_and_they_equal_a_refit(two_genres, tmp_path, monkeypatch):
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path / "home"))
    fits = fit_models(two_genres, models=("rf", "logreg", "knn", "svm"), search="quick", seed=0, jobs=1)
    assert fits.table.loc["svm", "probabilities"] is None and fits.table.loc["rf", "probabilities"] is not None
    assert len(list(resolve_probability_dir().glob("*.npz"))) >= 3
    chosen = {k: dict(fits.table.loc[k, "params"]) for k in fits.names}
    (tmp_path / "results.json").write_text(json.dumps({
        "03_classical_models.best_model_key": fits.best,
        "03_classical_models.chosen_params": json.dumps(chosen)}))
    (tmp_path / "runs.json").write_text(json.dumps({"03_classical_models": {
        "dataset_name": two_genres.name, "dataset": str(two_genres.path), "explained": ""}}))
    params = validate_parameters("08_ensemble", {"jobs": 1, "run_dir": str(tmp_path)})
    members = collect_members(two_genres, params, model_dir=tmp_path / "models")
    assert members.refitted == ("svm",) and members.names == ("rf", "logreg", "knn", "svm")
    refit = fit_classical_member("rf", split_features(two_genres.features, two_genres.tracks), chosen["rf"], seed=0)
    for split in ("validation", "test"):
        np.testing.assert_allclose(members.log_probabilities[split]["rf"], to_log_probabilities(refit[split]))
    # chapter 03's confidences read the same probabilities
    confidence = predict_confidence(fits, "rf")
    assert np.allclose(confidence.to_numpy(), refit["test"].max(axis=1))
