"""The networks of chapter 05: building, one training step, determinism, saving, loading, embeddings."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from genrebook.cnn import backend, networks
from genrebook.cnn import embeddings as cnn_embeddings
from genrebook.cnn import inputs as cnn_inputs
from genrebook.cnn import train as cnn_train
from genrebook.cnn import workflow as cnn_report
from genrebook.fma.audio import make_audio_path
from genrebook.fma.columns import SMALL_GENRES, SPLITS
from genrebook.fma.dataset import Dataset

# TensorFlow's tensors lack NumPy 2's copy keyword; Keras converts them anyway
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")

GENRES = sorted(SMALL_GENRES)[:4]
#: Parameters of a tiny training run (the chapter's profile with small images and few epochs).
TINY_PARAMS = {"image_source": "auto", "feature_source": "auto", "baseline_input": "spectrogram",
               "image_height": 32, "image_width": 32, "epochs": 2, "batch_size": 8, "seed": 0, "retrain": False,
               "models": ("baseline", "strong", "multi")}


def make_image_dataset(folder, *, n_per_genre: int = 6, size: int = 40, seed: int = 0) -> Dataset:
    """A small :class:`Dataset` whose spectrogram images carry a genre-dependent brightness band."""
    rng = np.random.default_rng(seed)
    ids = list(range(100, 100 + n_per_genre * len(GENRES)))
    genres = [GENRES[i % len(GENRES)] for i in range(len(ids))]
    splits = [SPLITS[(i // len(GENRES)) % 3] for i in range(len(ids))]
    paths = []
    for track_id, genre in zip(ids, genres):
        image = rng.integers(0, 120, size=(size, size)).astype(np.uint8)
        band = GENRES.index(genre) * size // len(GENRES)
        image[band:band + size // len(GENRES)] += 120
        path = make_audio_path(folder / "spectrograms", track_id, ext=".png")
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image, mode="L").save(path)
        paths.append(str(path))
    index = pd.Index(ids, name="track_id")
    tracks = pd.DataFrame({"split": pd.Categorical(splits, categories=SPLITS), "genre": genres,
                           "spectrogram": paths, "audio": None}, index=index)
    columns = pd.MultiIndex.from_tuples([("mfcc", "mean", f"{i:02d}") for i in range(1, 7)],
                                        names=["feature", "statistics", "number"])
    values = rng.normal(size=(len(ids), 6)) + np.array([GENRES.index(g) for g in genres])[:, None]
    values[0, 0] = np.nan
    return Dataset(path=folder, name="tiny images", synthetic=True, tracks=tracks,
                   features=pd.DataFrame(values, index=index, columns=columns), feature_source="own",
                   genres=pd.DataFrame(), excluded=pd.Series(dtype="object"), fma_tracks=tracks)


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """Keep caches and saved models of the tests out of the project's data folder."""
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path / "data_home"))
    return tmp_path / "data_home"


@pytest.fixture
def image_dataset(tmp_path, data_home) -> Dataset:
    return make_image_dataset(tmp_path / "ds")


@pytest.mark.parametrize("name", networks.NETWORKS)
def test_networks_build_and_train_one_step(name):
    backend.configure_tensorflow(0)
    model = networks.build_network(name, input_shape=(32, 24), n_classes=5, n_features=7)
    rng = np.random.default_rng(0)
    image = rng.random((6, 32, 24, 1), dtype=np.float32)
    inputs = {"image": image, "features": rng.normal(size=(6, 7)).astype(np.float32)} if name == "multi" else image
    loss_and_accuracy = model.train_on_batch(inputs, np.arange(6) % 5)
    assert np.all(np.isfinite(loss_and_accuracy))
    assert model.predict(inputs, verbose=0).shape == (6, 5)
    assert model.get_layer(networks.EMBEDDING_LAYER).output.shape[-1] == 64


def test_strong_networks_predict_clips_of_any_length():
    backend.configure_tensorflow(0)
    model = networks.build_strong_cnn(32, 4)
    for width in (24, 40):
        assert model.predict(np.zeros((2, 32, width, 1), np.float32), verbose=0).shape == (2, 4)


def test_augmentation_crops_and_masks_deterministically():
    images = np.random.default_rng(0).random((5, 16, 20, 1), dtype=np.float32)
    first = cnn_train.augment_batch(images, crop=12, rng=np.random.default_rng(3))
    second = cnn_train.augment_batch(images, crop=12, rng=np.random.default_rng(3))
    assert first.shape == (5, 16, 12, 1) and np.array_equal(first, second)
    assert cnn_train.augment_batch(images, crop=None, rng=np.random.default_rng(3)) is images
    assert images.shape == (5, 16, 20, 1)  # input untouched


def test_feature_scaler_uses_training_rows_only():
    features = np.array([[1.0, 5.0], [3.0, np.nan], [100.0, 7.0]])
    scaler = cnn_inputs.fit_feature_scaler(features, np.array([True, True, False]))
    scaled = cnn_inputs.apply_feature_scaler(features, scaler)
    assert scaled[:2, 0].tolist() == [-1.0, 1.0] and scaled[1, 1] == 0.0
    assert scaled.dtype == np.float32 and not np.isnan(scaled).any()


def test_image_array_is_cached_and_resized(image_dataset, data_home):
    paths = image_dataset.tracks["spectrogram"]
    first = cnn_inputs.load_image_array(paths, shape=(20, 10))
    assert first.shape == (len(paths), 20, 10) and first.dtype == np.uint8
    assert len(list((data_home / "cache" / "cnn").glob("*.npy"))) == 1
    assert np.array_equal(cnn_inputs.load_image_array(paths, shape=(20, 10)), first)


def _weights(model) -> list[np.ndarray]:
    return [w.copy() for w in model.get_weights()]


@pytest.mark.parametrize("name", ["strong", "multi"])
def test_training_twice_gives_identical_weights(image_dataset, name):
    spec = cnn_train.make_spec(image_dataset, name, image="spectrogram", shape=(32, 32))
    runs = [cnn_train.fit_network(image_dataset, spec, epochs=2, batch_size=8, seed=5) for _ in range(2)]
    for a, b in zip(_weights(runs[0][0]), _weights(runs[1][0])):
        assert np.array_equal(a, b)
    pd.testing.assert_frame_equal(runs[0][1], runs[1][1])
    other = cnn_train.fit_network(image_dataset, spec, epochs=1, batch_size=8, seed=6)[0]
    assert not all(np.array_equal(a, b) for a, b in zip(_weights(runs[0][0]), _weights(other)))


def test_networks_are_saved_then_loaded_and_give_embeddings(image_dataset, data_home):
    assert cnn_embeddings.load_embeddings(image_dataset) is None
    params = {**TINY_PARAMS, "models": ("baseline", "strong")}
    trained = cnn_report.load_or_train_networks(image_dataset, params)
    assert list(trained) == ["baseline", "strong"] and all(net.trained for net in trained.values())
    folder = trained["strong"].path.parent
    assert folder.parent == data_home / "models" and folder.name.startswith("tiny-images-")
    manifest = json.loads((folder / "strong.manifest.json").read_text())
    assert manifest["parameters"]["epochs"] == 2 and manifest["dataset"]["fingerprint"]
    assert manifest["package_version"] and 0 <= manifest["test_accuracy"] <= 1
    assert len(pd.read_csv(folder / "strong.history.csv")) == manifest["epochs_run"]

    loaded = cnn_report.load_or_train_networks(image_dataset, params)
    assert not any(net.trained for net in loaded.values())
    for a, b in zip(_weights(trained["strong"].model), _weights(loaded["strong"].model)):
        assert np.array_equal(a, b)
    other_params = cnn_report.load_or_train_network(image_dataset, "baseline", {**params, "epochs": 1})
    assert other_params.trained and other_params.path.parent != folder  # other parameters, other folder

    embeddings = cnn_embeddings.load_embeddings(image_dataset)
    assert embeddings.shape == (len(image_dataset.tracks), 64)
    assert embeddings.index.equals(image_dataset.tracks.index) and np.isfinite(embeddings.to_numpy()).all()
    assert cnn_embeddings.load_embeddings(image_dataset, model_dir=folder).shape == embeddings.shape


def test_embeddings_need_a_model_of_the_same_dataset(image_dataset, tmp_path):
    cnn_report.load_or_train_network(image_dataset, "strong", {**TINY_PARAMS, "epochs": 1})
    changed = make_image_dataset(tmp_path / "other", seed=1)
    assert cnn_embeddings.load_embeddings(changed) is None


def test_multi_input_network_builds_on_the_strong_one_and_reloads(image_dataset):
    params = {**TINY_PARAMS, "epochs": 1, "models": ("multi",)}
    trained = cnn_report.load_or_train_networks(image_dataset, params)
    assert list(trained) == ["multi"] and trained["multi"].trained
    assert (trained["multi"].path.parent / "strong.keras").is_file()  # its spectrogram branch
    loaded = cnn_report.load_or_train_networks(image_dataset, params)["multi"]
    assert not loaded.trained
    spec = loaded.manifest["inputs"]
    raw = cnn_train.make_raw_inputs(image_dataset, spec)
    np.testing.assert_allclose(cnn_train.predict_probabilities(trained["multi"].model, raw, spec),
                               cnn_train.predict_probabilities(loaded.model, raw, spec), rtol=1e-5, atol=1e-6)
    scores = cnn_report.score_networks(image_dataset, {"multi": loaded}, seed=0)
    assert scores["multi"]["low"] <= scores["multi"]["accuracy"] <= scores["multi"]["high"]
    assert len(scores["multi"]["predictions"]) == (image_dataset.tracks["split"] == "test").sum()
    assert scores["multi"]["predictions"]["confidence"].between(0, 1).all()


def test_select_networks_keeps_order_and_skips_multi_without_features():
    assert cnn_report.select_networks(("baseline", "strong", "multi")) == ["baseline", "strong", "multi"]
    assert cnn_report.select_networks(("multi", "baseline")) == ["baseline", "multi"]
    assert cnn_report.select_networks(("baseline", "strong", "multi"), has_features=False) == ["baseline", "strong"]


def test_a_network_saved_without_its_manifest_is_trained_again(image_dataset, data_home):
    """A run killed between the .keras file and the manifest (written last) leaves an unfinished save."""
    params = {**TINY_PARAMS, "models": ("baseline",)}
    first = cnn_report.load_or_train_network(image_dataset, "baseline", params)
    (first.path.parent / "baseline.manifest.json").unlink()
    again = cnn_report.load_or_train_network(image_dataset, "baseline", params)
    assert again.trained and (first.path.parent / "baseline.manifest.json").is_file()


def test_no_network_left_to_train_is_a_clear_error(image_dataset, data_home):
    without_features = dataclasses.replace(image_dataset, features=None)
    with pytest.raises(ValueError, match="leaves no network"):
        cnn_report.load_or_train_networks(without_features, {**TINY_PARAMS, "models": ("multi",)})


def test_residual_cnn_reads_any_crop_width_and_keeps_a_64_wide_embedding():
    backend.configure_tensorflow(0)
    model = networks.build_residual_cnn(128, 8)
    for width in (8, 64, 128):
        assert model.predict(np.zeros((2, 128, width, 1), np.float32), verbose=0).shape == (2, 8)
    assert model.get_layer(networks.EMBEDDING_LAYER).output.shape[-1] == 64
    assert any(layer.__class__.__name__ == "Add" for layer in model.layers)  # residual connections


def test_recipes_are_checked_and_name_their_targets():
    assert networks.RECIPES["baseline"] == networks.Recipe() and not networks.RECIPES["baseline"].one_hot
    assert networks.Recipe(label_smoothing=0.1).one_hot and networks.Recipe(mixup=0.2).one_hot
    for bad in ({"schedule": "step"}, {"crop_share": 0.0}, {"label_smoothing": 1.0}, {"mixup": -1.0}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            networks.Recipe(**bad)


def test_mixup_blends_images_and_targets_by_the_same_weight():
    rng = np.random.default_rng(0)
    images = rng.random((6, 4, 5, 1), dtype=np.float32)
    targets = cnn_train.make_targets(np.array([0, 1, 2, 0, 1, 2]), 3, one_hot=True)
    kept = images.copy(), targets.copy()
    mixed, blend = cnn_train.mix_batch(images, targets, alpha=0.4, rng=np.random.default_rng(1))
    again = cnn_train.mix_batch(images, targets, alpha=0.4, rng=np.random.default_rng(1))
    assert np.array_equal(mixed, again[0]) and np.array_equal(blend, again[1])
    np.testing.assert_allclose(blend.sum(axis=1), 1.0, rtol=1e-6)
    draw = np.random.default_rng(1)  # the same draws as mix_batch: weights, then partners
    weight, partner = draw.beta(0.4, 0.4, size=6).astype(np.float32), draw.permutation(6)
    np.testing.assert_allclose(mixed, weight[:, None, None, None] * images
                               + (1 - weight[:, None, None, None]) * images[partner], rtol=1e-6)
    np.testing.assert_allclose(blend, weight[:, None] * targets + (1 - weight[:, None]) * targets[partner], rtol=1e-6)
    assert np.array_equal(images, kept[0]) and np.array_equal(targets, kept[1])  # inputs untouched
    with pytest.raises(ValueError, match="probability-vector targets"):
        cnn_train.mix_batch(images, np.arange(6), alpha=0.4, rng=rng)


def test_label_smoothing_spreads_a_share_of_each_target_over_the_genres():
    backend.configure_tensorflow(0)
    model = networks.build_residual_cnn(16, 4, one_hot=True, label_smoothing=0.2)
    predicted = np.array([[0.7, 0.1, 0.1, 0.1]], np.float32)
    expected = -np.sum((0.8 * np.array([1.0, 0, 0, 0]) + 0.2 / 4) * np.log(predicted))
    assert float(model.loss(np.array([[1.0, 0, 0, 0]], np.float32), predicted)) == pytest.approx(expected, rel=1e-5)


def test_cosine_schedule_decays_from_the_recipes_rate_to_zero():
    backend.configure_tensorflow(0)
    rate = cnn_train.make_learning_rate(networks.Recipe(schedule="cosine", learning_rate=0.5), steps=10)
    assert [round(float(rate(step)), 6) for step in (0, 5, 10)] == [0.5, 0.25, 0.0]
    assert cnn_train.make_learning_rate(networks.Recipe(learning_rate=0.3), steps=10) == 0.3


def test_mixed_batches_are_deterministic_for_a_seed():
    raw = {"image": np.random.default_rng(0).integers(0, 255, size=(10, 8, 16), dtype=np.uint8), "features": None}
    spec = {"crop": 8, "row_stats": {"mean": [100.0] * 8, "scale": [50.0] * 8}}
    targets = cnn_train.make_targets(np.arange(10) % 3, 3, one_hot=True)
    first, second = (cnn_train.iterate_batches(raw, targets, spec, batch_size=4, seed=2, mixup=0.2) for _ in range(2))
    for _ in range(3):
        (x1, y1), (x2, y2) = next(first), next(second)
        assert x1.shape == (4, 8, 8, 1) and y1.shape == (4, 3)
        assert np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert not np.all(np.isin(y1, (0.0, 1.0)))  # targets are blended
    with_features = {**raw, "features": np.zeros((10, 3), np.float32)}
    with pytest.raises(ValueError, match="mixup blends images only"):
        next(cnn_train.iterate_batches(with_features, targets, spec, batch_size=4, seed=2, mixup=0.2))


def test_a_cosine_recipe_runs_its_own_epochs_and_logs_the_decaying_rate(image_dataset, monkeypatch):
    monkeypatch.setitem(networks.RECIPES, "strong", networks.Recipe(crop_share=0.5, schedule="cosine", epochs=2,
                                                                     label_smoothing=0.1, mixup=0.2))
    spec = cnn_train.make_spec(image_dataset, "strong", image="spectrogram", shape=(32, 32))
    assert spec["crop"] == 16
    model, history, _ = cnn_train.fit_network(image_dataset, spec, epochs=5, batch_size=8, seed=0)
    assert len(history) == 2 and history["learning_rate"].is_monotonic_decreasing
    assert model.output.shape[-1] == len(spec["classes"])


def test_a_short_training_gets_batch_norm_statistics_that_forget_their_start(image_dataset):
    # with Keras's 0.99 a few hundred steps leave the moving averages near their initial 0 and 1, and the
    # network predicts with those: the demo's residual CNN scored near chance on validation while it learnt
    assert networks.choose_bn_momentum(150) == 0.9 and networks.choose_bn_momentum(3366) == networks.BN_MOMENTUM
    spec = cnn_train.make_spec(image_dataset, "strong", image="spectrogram", shape=(32, 32))
    model, _, _ = cnn_train.fit_network(image_dataset, spec, epochs=2, batch_size=8, seed=0)
    momenta = {layer.momentum for layer in model.layers if type(layer).__name__ == "BatchNormalization"}
    assert momenta == {networks.choose_bn_momentum(2 * (int((image_dataset.tracks["split"] == "training").sum()) // 8))}
    built = networks.build_network("strong", input_shape=(32, 32), n_classes=3)
    assert {layer.momentum for layer in built.layers if type(layer).__name__ == "BatchNormalization"} == {0.99}


def test_a_network_whose_recipe_changed_is_trained_again_and_the_others_are_kept(image_dataset, monkeypatch):
    from genrebook.cnn import store as cnn_store

    params = {**TINY_PARAMS, "epochs": 1, "models": ("baseline", "strong")}
    first = cnn_report.load_or_train_networks(image_dataset, params)
    monkeypatch.setitem(cnn_store.NETWORK_RECIPES, "strong", "cnn-test")
    again = cnn_report.load_or_train_networks(image_dataset, params)
    assert not again["baseline"].trained and again["strong"].trained
    assert again["strong"].path == first["strong"].path and again["strong"].manifest["recipe"] == "cnn-test"
