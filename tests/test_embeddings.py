"""Embeddings come from the same crops the network predicts from (chapter 07 clusters them)."""

from __future__ import annotations

import numpy as np

from genrebook.cnn.backend import configure_tensorflow


def test_a_cropping_network_is_embedded_from_its_evaluation_crops():
    configure_tensorflow(0)
    import keras

    from genrebook.cnn.embeddings import compute_embeddings
    from genrebook.cnn.networks import EMBEDDING_LAYER, build_network
    from genrebook.cnn.train import make_crop_starts, make_model_inputs

    model = build_network("strong", input_shape=(8, 16), n_classes=3)
    spec = {"crop": 12, "row_stats": {"mean": [0.0] * 8, "scale": [1.0] * 8}, "feature_scaler": None}
    raw = {"image": np.random.default_rng(0).integers(0, 255, size=(5, 8, 16)).astype(np.uint8), "features": None}
    embed = keras.Model(model.inputs, model.get_layer(EMBEDDING_LAYER).output)
    starts = make_crop_starts(16, 12)
    assert len(starts) > 1
    expected = np.mean([embed.predict(make_model_inputs(raw, spec, start=s), verbose=0) for s in starts], axis=0)
    first_crop_only = embed.predict(make_model_inputs(raw, spec, start=0), verbose=0)
    got = compute_embeddings(model, raw, spec)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    assert not np.allclose(got, first_crop_only)
