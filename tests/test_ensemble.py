"""Chapter 08's computations: fusion chosen on validation, its tie rules, the stacker, the members of a tiny
dataset, the page builders, the verdicts, and the page a dataset without what the chapter needs gets."""

from __future__ import annotations

import json
import types

import matplotlib
import numpy as np
import pytest

from genrebook.book.chapter import setup_chapter
from genrebook.book.ensemble import (
    ENSEMBLE_TARGET,
    Members,
    align_probabilities,
    choose_way,
    collect_members,
    fit_ensemble,
    load_saved_networks,
)
from genrebook.book.needs import MissingNeeds, find_unmet
from genrebook.book.pages import ensemble as pages
from genrebook.book.pages.intro import _answer_ensemble
from genrebook.book.params import validate_parameters
from genrebook.book.verdicts.ensemble import (
    describe_against_members,
    describe_members,
    describe_other_way,
    describe_rule,
)
from genrebook.fma.columns import SMALL_GENRES
from genrebook.fma.dataset import load_dataset
from genrebook.models.fusion import (
    CrossValidation,
    count_folds,
    cross_validate,
    fuse,
    label_artist_groups,
    make_folds,
    predict_stacker,
    rank_subsets,
    search_subsets,
    stack_inputs,
    to_log_probabilities,
)
from tests.helpers import make_features_dataset, make_two_genre_dataset

matplotlib.use("Agg")


def make_member_world(n: int = 240, n_classes: int = 4, seed: int = 0):
    """Log-probabilities of three members on validation-like rows: two informative ones that err on different
    rows, and one that is noise."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % n_classes

    def informative(accuracy: float) -> np.ndarray:
        right = rng.random(n) < accuracy
        guess = np.where(right, y, (y + rng.integers(1, n_classes, n)) % n_classes)
        p = np.full((n, n_classes), 0.1)
        p[np.arange(n), guess] = 0.6
        p[np.arange(n), y] += 0.25  # wrong, a member still finds the true genre likelier than the rest
        return to_log_probabilities(p + rng.random((n, n_classes)) * 0.05)

    return y, {"good": informative(0.75), "also": informative(0.7),
               "noise": to_log_probabilities(rng.dirichlet(np.ones(n_classes), n))}


def make_members(seed: int = 0) -> Members:
    y_val, val = make_member_world(seed=seed)
    y_test, test = make_member_world(seed=seed + 1)
    return Members(("good", "also", "noise"), {"good": "classical", "also": "classical", "noise": "network"},
                   ("a", "b", "c", "d"), {"validation": y_val, "test": y_test},
                   {"validation": val, "test": test}, "chapter 03", {}, "loaded", 1.0)


def test_the_fusion_chosen_on_validation_leaves_the_noise_out():
    y, log_p = make_member_world()
    table = search_subsets(log_p, y, ["good", "also", "noise"])
    assert table["members"].iloc[0] == ("good", "also")
    assert table["accuracy"].iloc[0] > max((log_p[m].argmax(1) == y).mean() for m in ("good", "also"))
    assert len(table) == 4 and table["accuracy"].is_monotonic_decreasing
    cv = cross_validate(log_p, y, ["good", "also", "noise"], seed=0)
    assert cv.folds == 5 and cv.fusion_accuracy > 0.75


def test_ties_go_to_fewer_members_then_to_book_order():
    correct = np.ones((4, 3), dtype=bool)
    subsets = [("b", "c"), ("a", "b", "c"), ("a", "c"), ("a", "b")]
    assert [subsets[i] for i in rank_subsets(correct, subsets, ["a", "b", "c"])] == [
        ("a", "b"), ("a", "c"), ("b", "c"), ("a", "b", "c")]
    twins = {"x": np.log([[0.6, 0.4], [0.3, 0.7]]), "y": np.log([[0.6, 0.4], [0.3, 0.7]]),
             "z": np.log([[0.6, 0.4], [0.3, 0.7]])}
    assert search_subsets(twins, [0, 1], ["z", "y", "x"])["members"].iloc[0] == ("z", "y")  # book order, not names
    assert CrossValidation(5, 0.5, {0.3: 0.6, 0.1: 0.6, 1.0: 0.4}).stacker_C == 0.1  # the stronger penalty
    assert choose_way(CrossValidation(5, 0.6, {0.1: 0.6})) == "fusion"  # the fusion fits nothing: it wins ties
    assert choose_way(CrossValidation(0, float("nan"), {})) == "fusion"


def test_fusion_and_floor_are_what_they_say():
    log_p = to_log_probabilities([[1.0, 0.0, 0.0]])
    assert np.isfinite(log_p).all() and np.allclose(np.exp(log_p).sum(1), 1)
    assert fuse({"a": np.log([[0.9, 0.1]]), "b": np.log([[0.4, 0.6]])}, ["a", "b"]).argmax() == 0
    with pytest.raises(ValueError, match="at least two members"):
        search_subsets({"a": log_p}, [0], ["a"])
    assert align_probabilities(np.array([[0.3, 0.7]]), ["Rock", "Pop"], ["Pop", "Rock"]).tolist() == [[0.7, 0.3]]


def test_the_stacker_reads_every_members_log_probabilities():
    y, log_p = make_member_world()
    names = ["good", "also", "noise"]
    assert stack_inputs(log_p, names).shape == (len(y), 3 * 4)
    codes = predict_stacker(log_p, y, {m: v[:10] for m, v in log_p.items()}, names, C=1.0, seed=0)
    assert codes.shape == (10,) and codes.dtype.kind == "i" and set(codes) <= {0, 1, 2, 3}
    assert count_folds([0] * 10 + [1] * 3) == 3 and count_folds([0] * 10 + [1]) == 0
    assert cross_validate(log_p, np.r_[y[:-1], 4], names, seed=0).folds == 0  # a class with one row: no folds


def make_artist_world(n_artists: int = 24, per_artist: int = 8, n_classes: int = 4, seed: int = 0):
    """Members whose log-probabilities carry an artist's signature and nothing about the genre: each artist has one
    genre and its own random leaning, which its tracks share."""
    rng = np.random.default_rng(seed)
    artist = np.repeat(np.arange(n_artists), per_artist)
    y = (np.arange(n_artists) % n_classes)[artist]
    names = ["m1", "m2", "m3"]
    log_p = {m: to_log_probabilities(np.exp(rng.normal(size=(n_artists, n_classes))[artist]
                                            + 0.05 * rng.normal(size=(len(y), n_classes)))) for m in names}
    return y, log_p, names, artist


def test_folds_keep_artists_apart_so_a_stacker_cannot_learn_an_artist():
    y, log_p, names, artist = make_artist_world()
    groups = label_artist_groups(artist)
    for fitted, held in make_folds(y, groups, folds=4, seed=0):
        assert set(groups[fitted]).isdisjoint(groups[held])
    mixed = cross_validate(log_p, y, names, seed=0)
    apart = cross_validate(log_p, y, names, seed=0, groups=groups)
    assert not mixed.grouped and apart.grouped and apart.folds == 5
    # ungrouped folds reward learning each artist's leaning; grouped ones see that it says nothing of the genre
    assert max(mixed.stacker_accuracy.values()) > 0.8
    assert max(apart.stacker_accuracy.values()) < 0.5
    assert label_artist_groups(np.array([5, 5, 9])).tolist() == [0, 0, 1]


def test_members_carry_artist_groups_and_the_ensemble_uses_them():
    members = make_members()
    n = len(members.y["validation"])
    grouped = Members(*[getattr(members, f) for f in ("names", "kinds", "classes", "y", "log_probabilities",
                                                      "chosen_by", "params", "networks", "seconds")],
                      {"validation": np.arange(n) // 4, "test": np.arange(n) // 4})
    assert fit_ensemble(grouped, seed=0).cv.grouped and not fit_ensemble(members, seed=0).cv.grouped


def test_same_seed_same_ensemble():
    first, again = fit_ensemble(make_members(), seed=3), fit_ensemble(make_members(), seed=3)
    assert first.fusion == again.fusion and first.cv == again.cv and first.chosen == again.chosen
    for way in first.predictions:
        np.testing.assert_array_equal(first.predictions[way]["test"], again.predictions[way]["test"])


def test_the_page_builders_on_a_world_of_three_members():
    ens = fit_ensemble(make_members(), seed=0)
    members = pages.describe_members_table(ens.members)
    frame = members.table.frame
    assert list(frame.columns) == ["member", "kind", "validation accuracy", "test accuracy"]
    assert frame["validation accuracy"].str.endswith("%").all() and "network" in set(frame["kind"])
    combination = pages.choose_combination(ens)
    assert combination.numbers["fusion_members"] == "good, also" and combination.numbers["n_subsets"] == 4
    assert combination.table.frame["rank"].tolist() == ["1", "2", "3", "4"]
    test = pages.score_on_test(ens)
    n = test.numbers
    assert n["ensemble_low"] <= n["ensemble_accuracy"] <= n["ensemble_high"]
    assert "McNemar" in n["versus_members"] and n["gain_text"].endswith(("above", "below", "level with"))
    ax = test.figures["validation_vs_test"].axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert ax.get_xlabel() == "accuracy (%)" and labels[0].startswith("the ensemble") and labels[-1] == "noise"
    assert len(labels) == 3 + len(ens.predictions)
    assert pages.summarize_cost(ens).numbers["members_seconds"] == 1.0


def test_the_target_is_checked_on_real_fma_small_only():
    ens = fit_ensemble(make_members(), seed=0)
    synthetic = types.SimpleNamespace(genre_names=list(SMALL_GENRES), synthetic=True)
    real = types.SimpleNamespace(genre_names=list(SMALL_GENRES), synthetic=False)
    assert "not checked here" in pages.check_target(ens, synthetic).numbers["target_verdict"]
    verdict = pages.check_target(ens, real).numbers["target_verdict"]
    assert verdict.startswith(("It meets the 62.0% target", "It misses the 62.0% target"))
    assert pages.check_target(ens, real).numbers["target_accuracy"] == ENSEMBLE_TARGET


def test_verdicts_name_members_rules_and_paired_tests():
    assert "chapter 05's three saved networks" in describe_members(6, 3, chosen_by="chapter 03", networks="loaded")
    assert "no spectrogram images" in describe_members(6, 0, chosen_by="chapter 03", networks="no images")
    assert "tuned here on the validation split" in describe_members(2, 0, chosen_by="validation",
                                                                    networks="none saved")
    assert "none is trained here" in describe_members(2, 0, chosen_by="validation", networks="none saved")
    assert "no stacker is fitted" in describe_rule("fusion", folds=0, fusion=float("nan"), stacker=None, C=None)
    assert describe_rule("stacker", folds=5, fusion=0.6, stacker=0.62, C=0.3).endswith("the ensemble is the stacker.")
    better, worse = [1] * 30 + [0] * 5, [0] * 30 + [1] * 5
    same = describe_against_members(better, ("the SVM", worse), ("the SVM", worse))
    assert same.count("McNemar") == 1 and "The ensemble beats the SVM" in same
    two = describe_against_members(better, ("the SVM", worse), ("the CNN", better))
    assert two.count("McNemar") == 2 and "not reliably different" in two
    assert describe_other_way("stacker", 0.5).startswith("The equal-weight fusion, not chosen, gets 50.0%")


def test_the_intro_sentence_reads_the_chapter_or_says_it_did_not_run():
    assert "did not run" in _answer_ensemble({})
    results = {f"08_ensemble.{k}": v for k, v in {
        "ensemble_name": "a stacker over all nine members", "ensemble_accuracy": 0.581, "ensemble_low": 0.55,
        "ensemble_high": 0.61, "best_member": "the multi-input network", "gain_text": "1.6 percentage points above"}.items()}
    sentence = _answer_ensemble(results)
    assert "58.1% of the test tracks (55.0–61.0%)" in sentence and sentence.endswith("1.6 percentage points above its best member on validation, the multi-input network.")


@pytest.fixture(scope="module")
def two_genres(tmp_path_factory):
    return load_dataset(make_two_genre_dataset(tmp_path_factory.mktemp("ensemble") / "two"))


def test_members_of_a_features_only_dataset_are_the_classical_models_tuned_here(two_genres, tmp_path):
    params = validate_parameters("08_ensemble", {"search": "quick", "jobs": 1, "run_dir": str(tmp_path)})
    members = collect_members(two_genres, params, model_dir=tmp_path / "models")
    assert members.networks == "no images" and members.chosen_by == "validation"
    assert members.names == ("rf", "gb", "ada", "logreg", "knn", "svm")
    assert members.refitted == ("svm",)  # the search's final fits kept the others' probabilities: no second fit
    assert members.log_probabilities["test"]["svm"].shape == (len(members.y["test"]), 2)
    section = pages.describe_members_table(members)
    assert "no spectrogram images" in section.numbers["members_text"]
    assert "logreg" not in section.table.frame.to_string()  # names for readers, never keys
    assert pages.score_on_test(fit_ensemble(members, seed=0)).numbers["ensemble_accuracy"] > 0.5


def test_members_use_the_parameters_chapter_03_chose_in_the_same_run(two_genres, tmp_path):
    (tmp_path / "results.json").write_text(json.dumps({
        "03_classical_models.best_model_key": "logreg",
        "03_classical_models.chosen_params": json.dumps({"logreg": {"C": 0.1}, "knn": {"n_neighbors": 5}})}))
    (tmp_path / "runs.json").write_text(json.dumps({"03_classical_models": {
        "dataset_name": two_genres.name, "dataset": str(two_genres.path), "explained": ""}}))
    params = validate_parameters("08_ensemble", {"jobs": 1, "run_dir": str(tmp_path)})
    members = collect_members(two_genres, params, model_dir=tmp_path / "models")
    assert members.chosen_by == "chapter 03" and members.names == ("logreg", "knn")
    assert members.params["logreg"] == {"C": 0.1}


def test_no_saved_network_is_no_network(two_genres, tmp_path, monkeypatch):
    monkeypatch.setattr("genrebook.cnn.store.fingerprint_dataset", lambda ds: "0" * 64)
    params = validate_parameters("08_ensemble", {})
    assert load_saved_networks(two_genres, params, model_dir=tmp_path) == {}


def test_the_chapter_needs_features_two_genres_and_every_split_but_not_images(two_genres, tmp_path):
    assert find_unmet("08_ensemble", two_genres) == ()
    one = make_features_dataset(tmp_path / "rock", {"Rock": 30}, feature_sizes={"mfcc": 2, "zcr": 1})
    with pytest.raises(MissingNeeds) as raised:
        setup_chapter("08_ensemble", {"dataset": str(one)})
    paragraph = str(raised.value)
    assert paragraph.startswith("**Not computed for this dataset.** This chapter combines the classical models")
    assert "only one genre" in paragraph
