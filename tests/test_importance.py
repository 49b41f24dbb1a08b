"""Chapter 06's computations: grouped permutation importance, coefficients, occlusion, and its verdicts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from genrebook.book.importance import (
    make_contrast_units,
    pick_audio_network,
    sample_test_rows,
)
from genrebook.book.pages.importance import name_octave
from genrebook.book.verdicts.importance import (
    compare_band_stories,
    compare_time_and_frequency,
    compare_with_alone,
    describe_sample,
    describe_top_unit,
)
from genrebook.cnn import occlusion
from genrebook.models.importance import (
    compute_grouped_importance,
    pick_top_coefficients,
    tabulate_coefficients,
)


def make_grouped_data(n: int = 400, seed: int = 0):
    """Two genres told apart by group 'signal' (columns 0-1); group 'noise' (columns 2-3) is random."""
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(n) < 0.5, "Rock", "Pop")
    signal = (y == "Rock")[:, None] * 2.0 + rng.normal(size=(n, 2))
    X = np.hstack([signal, rng.normal(size=(n, 2))])
    return X, y


def test_shuffling_the_informative_group_costs_accuracy_and_noise_costs_nothing():
    X, y = make_grouped_data()
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[:200], y[:200])
    result = compute_grouped_importance(model, X[200:], y[200:], {"signal": (0, 1), "noise": (2, 3)}, repeats=5, seed=0)
    assert result.drops.loc["signal", "low"] > 0.2
    assert result.drops.loc["noise", "low"] <= 0 <= result.drops.loc["noise", "high"]
    assert list(result.genre_drops.columns) == ["Pop", "Rock"]
    assert (result.genre_drops.loc["signal"] > 0).all()
    again = compute_grouped_importance(model, X[200:], y[200:], {"signal": (0, 1), "noise": (2, 3)}, repeats=5, seed=0)
    pd.testing.assert_frame_equal(result.drops, again.drops)


def test_importance_refuses_no_repeats_and_no_units():
    X, y = make_grouped_data(40)
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="repeats"):
        compute_grouped_importance(model, X, y, {"a": (0,)}, repeats=0, seed=0)
    with pytest.raises(ValueError, match="units"):
        compute_grouped_importance(model, X, y, {}, repeats=1, seed=0)


def test_coefficients_binary_and_multiclass():
    X, y = make_grouped_data()
    columns = pd.MultiIndex.from_tuples([("mfcc", "mean", f"{i:02d}") for i in range(1, 5)],
                                        names=["feature", "statistics", "number"])
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y)
    coef = tabulate_coefficients(model, columns)
    assert coef.shape == (2, 4) and list(coef.index) == ["Pop", "Rock"]
    assert coef.loc["Rock"].iloc[0] > 0 > coef.loc["Pop"].iloc[0]
    top = pick_top_coefficients(coef, n=1)
    assert top["Rock"][0][0] in (("mfcc", "mean", "01"), ("mfcc", "mean", "02"))
    y3 = np.array(["a", "b", "c"] * 40)
    X3 = np.eye(3)[np.arange(120) % 3] + np.random.default_rng(0).normal(scale=0.1, size=(120, 3))
    three = make_pipeline(StandardScaler(), LogisticRegression()).fit(X3, y3)
    assert tabulate_coefficients(three, pd.Index(["x", "y", "z"])).shape == (3, 3)


def test_contrast_units_group_each_band_across_statistics():
    columns = pd.MultiIndex.from_tuples(
        [("spectral_contrast", s, f"{b:02d}") for s in ("mean", "std") for b in (1, 2)] + [("mfcc", "mean", "01")],
        names=["feature", "statistics", "number"])
    assert make_contrast_units(columns) == {"1": (0, 2), "2": (1, 3)}
    assert make_contrast_units(columns[4:]) == {}


class LowBandModel:
    """A fake image-only network: class 0's score is the mean of the bottom quarter of the image."""

    def predict(self, x, verbose=0, batch_size=None):
        x = np.asarray(x)[..., 0]
        low = x[:, -x.shape[1] // 4:, :].mean(axis=(1, 2))
        logits = np.stack([low, -low], axis=1)
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


def make_spec(rows: int = 16, columns: int = 12) -> dict:
    return {"crop": None, "classes": ["loud", "quiet"], "feature_scaler": None,
            "row_stats": {"mean": [0.0] * rows, "scale": [1.0] * rows}}


def test_occlusion_finds_the_band_the_model_listens_to():
    rng = np.random.default_rng(0)
    images = rng.normal(size=(6, 16, 12))
    images[:, 12:, :] += 3.0  # loud low bands: class 0
    stripes = occlusion.make_stripes(16, 4)
    result = occlusion.compute_occlusion(LowBandModel(), images, make_spec(), np.zeros(6, int), stripes, axis="band")
    assert result["drop"].shape == (6, 4)
    assert int(np.argmax(result["drop"].mean(axis=0))) == 3  # the last stripe: the bottom rows, lowest frequencies
    assert np.allclose(result["drop"][:, :3], 0, atol=1e-6)
    over_time = occlusion.compute_occlusion(LowBandModel(), images, make_spec(), np.zeros(6, int),
                                            occlusion.make_stripes(12, 3), axis="time")
    assert np.allclose(over_time["drop"].mean(axis=0), over_time["drop"].mean(), atol=0.05)
    grid = occlusion.compute_occlusion_map(LowBandModel(), images[0], make_spec(), 0, n_bands=4, n_times=3)
    assert grid.shape == (4, 3) and grid[3].min() > grid[:3].max()


def test_occlusion_refuses_a_network_that_reads_features():
    spec = {**make_spec(), "feature_scaler": {"mean": [0.0]}}
    with pytest.raises(ValueError, match="image-only"):
        occlusion.compute_occlusion(LowBandModel(), np.zeros((1, 16, 12)), spec, np.zeros(1, int), [(0, 4)], axis="band")


def test_mel_rows_and_octave_stripes():
    frequencies = occlusion.compute_mel_frequencies(128, fmax=11025.0)
    assert np.all(np.diff(frequencies) > 0)
    stripes = occlusion.make_band_stripes(frequencies, [0.0, 200.0, 400.0, 800.0, 1600.0, 3200.0, 6400.0])
    assert list(stripes) == list(range(7))
    assert stripes[0][1] == 128 and stripes[6][0] == 0  # lowest octave at the bottom rows, highest at the top
    assert name_octave(0) == "below 200 Hz" and name_octave(6) == "above 6.4 kHz"


class FakeNetwork:
    def __init__(self, name, image, features, accuracy):
        self.name = name
        self.manifest = {"inputs": {"image": image, "feature_scaler": features}, "validation_accuracy": accuracy}


def test_the_network_questioned_is_audio_only_and_reads_spectrograms():
    networks = {"baseline": FakeNetwork("baseline", "mfcc", None, 0.9),
                "strong": FakeNetwork("strong", "spectrogram", None, 0.5),
                "multi": FakeNetwork("multi", "spectrogram", {"mean": [0.0]}, 0.95)}
    assert pick_audio_network(networks).name == "strong"
    assert pick_audio_network({"baseline": networks["baseline"]}) is None


def test_sample_takes_up_to_n_test_tracks_per_genre():
    tracks = pd.DataFrame({"split": ["test"] * 6 + ["training"] * 4, "genre": ["a"] * 4 + ["b"] * 2 + ["a"] * 4},
                          index=range(100, 110))
    ds = type("D", (), {"tracks": tracks})()
    rows = sample_test_rows(ds, per_genre=3, seed=0)
    assert len(rows) == 5 and set(tracks.iloc[rows]["split"]) == {"test"}
    assert (sample_test_rows(ds, per_genre=3, seed=0) == rows).all()


def test_verdicts_know_ties_intervals_and_nothing_to_compare():
    assert "every interval includes zero" in describe_top_unit({"a": (0.0, -0.01, 0.01), "b": (0.0, 0.0, 0.0)},
                                                               what="group")
    tie = describe_top_unit({"a": (0.05, 0.01, 0.09), "b": (0.05, 0.01, 0.09)}, what="group")
    assert "not clearly more than b" in tie
    assert "not compared" in compare_with_alone({"a": (0.1, 0.05, 0.15)}, {})
    assert "disagree" in compare_with_alone({"a": (0.0, -0.01, 0.01), "b": (0.1, 0.05, 0.15)}, {"a": 0.6, "b": 0.4})
    assert compare_time_and_frequency((0.0, 0.0, 0.0)).startswith("Hiding a range of frequencies and hiding")
    assert "different octaves for every genre" in compare_band_stories({"x": "a"}, {"x": "c"}, bands=["a", "b", "c"])
    assert "neighbouring" in compare_band_stories({"x": "a"}, {"x": "b"}, bands=["a", "b", "c"])
    assert "no recall in any genre" in compare_band_stories({}, {"x": "b"}, bands=["a", "b", "c"])
    assert describe_sample(5, 5, 10) == "For every test track (5)"


def test_the_intro_sentence_reads_the_chapter_headlines_or_says_it_did_not_run():
    from genrebook.book.pages.intro import _answer_listening

    assert "did not run" in _answer_listening({})
    results = {"06_what_models_hear." + k: v for k, v in {
        "model_name": "RBF SVM", "top_group": "MFCC", "top_group_drop": 0.1, "top_group_low": 0.05,
        "top_group_high": 0.15, "network_name": "time-convolution CNN", "lowest_genre": "Rock",
        "highest_genre": "Pop"}.items()}
    sentence = _answer_listening(results)
    assert "RBF SVM" in sentence and "10.0 points (5.0 to 15.0)" in sentence and "lowest for Rock" in sentence
