"""``genrebook predict``: windows of any audio file, averaged; clear errors for bad files; the default model."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from genrebook.cli import main
from genrebook.cnn import predict
from genrebook.cnn import train as cnn_train
from genrebook.cnn import workflow as cnn_report
from tests.test_cnn import TINY_PARAMS, make_image_dataset

# TensorFlow's tensors lack NumPy 2's copy keyword; Keras converts them anyway
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")


@pytest.fixture(scope="module")
def model_home(tmp_path_factory):
    """A data home holding one tiny trained 'strong' network."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GENREBOOK_DATA", str(home))
        dataset = make_image_dataset(home / "ds")
        net = cnn_report.load_or_train_network(dataset, "strong", {**TINY_PARAMS, "epochs": 1})
    return home, net.path


@pytest.fixture
def data_home(model_home, monkeypatch):
    monkeypatch.setenv("GENREBOOK_DATA", str(model_home[0]))
    return model_home[0]


def write_tone(path, seconds: float, *, sr: int = 22050, freq: float = 330.0):
    """A tone with a little noise and a beat, written as an audio file."""
    t = np.arange(int(seconds * sr)) / sr
    y = 0.3 * np.sin(2 * np.pi * freq * t) * (1 + 0.5 * (t % 0.5 < 0.1)) + 0.01 * np.random.default_rng(0).normal(
        size=t.size)
    sf.write(path, y.astype(np.float32), sr)
    return path


def test_window_starts_cover_the_whole_signal():
    assert predict.make_window_starts(10.0) == [0.0]
    assert predict.make_window_starts(30.0) == [0.0]
    assert predict.make_window_starts(120.0) == [0.0, 30.0, 60.0, 90.0]
    starts = predict.make_window_starts(200.0)
    assert len(starts) == 7 and starts[-1] + 30.0 == 200.0


def test_predicts_a_generated_file(data_home, tmp_path):
    path = write_tone(tmp_path / "tone.wav", 12.0)
    (result,), manifest = predict.predict_files([path])
    assert result.error is None and result.n_windows == 1 and abs(result.seconds - 12.0) < 0.01
    assert abs(sum(result.probabilities.values()) - 1) < 1e-4
    shares = list(result.probabilities.values())
    assert shares == sorted(shares, reverse=True) and set(result.probabilities) == set(manifest["inputs"]["classes"])


def test_a_two_minute_file_averages_its_windows(data_home, model_home, tmp_path):
    path = write_tone(tmp_path / "long.wav", 120.0)
    (result,), manifest = predict.predict_files([path], model_path=model_home[1])
    assert result.n_windows == 4
    from genrebook.cnn.store import load_network
    from genrebook.fma.audio import load_audio

    y, sr = load_audio(path)
    _, model = load_network(model_home[1])
    raw = predict.compute_window_inputs(y, sr, [0.0, 30.0, 60.0, 90.0], manifest["inputs"])
    assert raw["image"].shape == (4, 32, 32)
    expected = cnn_train.predict_probabilities(model, raw, manifest["inputs"]).mean(axis=0)
    got = [result.probabilities[g] for g in manifest["inputs"]["classes"]]
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_bad_files_get_clear_errors_and_the_others_are_still_predicted(data_home, tmp_path, capsys, caplog):
    good = write_tone(tmp_path / "good.wav", 8.0)
    corrupt = tmp_path / "corrupt.mp3"
    corrupt.write_bytes(np.random.default_rng(1).bytes(5000))
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("not audio at all\n")
    code = main(["predict", str(corrupt), str(good), str(empty), str(text), str(tmp_path / "missing.mp3")])
    out = capsys.readouterr().out
    assert code == 1
    lines = out.strip().splitlines()
    assert len(lines) == 5 and lines[1].startswith(f"{good} (8 s, 1 window): ")
    assert "cannot decode audio: corrupt or not an audio file" in lines[0]
    assert "empty file (0 bytes)" in lines[2] and "corrupt or not an audio file" in lines[3]
    assert "no such audio file" in lines[4]


def test_json_output_and_top(data_home, tmp_path, capsys):
    good = write_tone(tmp_path / "good.wav", 8.0)
    assert main(["predict", str(good), "--format", "json", "--top", "2"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["file"] == str(good) and records[0]["error"] is None and len(records[0]["top"]) == 2


def test_no_saved_model_is_a_clear_error(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path / "empty_home"))
    with pytest.raises(predict.NoModelError, match="run chapter 05 first: genrebook run 05_cnn"):
        predict.find_default_model()
    good = write_tone(tmp_path / "good.wav", 8.0)
    assert main(["predict", str(good)]) == 2
    assert "run chapter 05 first: genrebook run 05_cnn" in caplog.text


def test_default_model_prefers_real_data(tmp_path):
    import pandas as pd

    from genrebook.cnn.store import rank_models

    models = pd.DataFrame({"path": ["a", "b", "c"], "synthetic": [True, False, False], "n_tracks": [40, 7994, 7994],
                           "validation_accuracy": [1.0, 0.5, 0.6]})
    assert rank_models(models)["path"].tolist() == ["c", "b", "a"]


def test_quick_window_matrices_equal_the_extractors(tmp_path):
    from genrebook.features.clip import compute_feature_matrices
    from genrebook.fma.audio import load_audio

    y, sr = load_audio(write_tone(tmp_path / "tone.wav", 6.0))
    matrices, mel = predict.compute_window_matrices(y, sr, full=False)
    reference, reference_mel = compute_feature_matrices(y, sr)
    assert np.array_equal(mel, reference_mel) and np.array_equal(matrices["mfcc"], reference["mfcc"])


def test_window_images_match_the_extracted_image_format(tmp_path):
    from genrebook.features.clip import compute_clip_features
    from genrebook.fma.audio import load_audio

    y, sr = load_audio(write_tone(tmp_path / "tone.wav", 20.0))
    spec = {"image": "spectrogram", "shape": [128, 128], "feature_scaler": None}
    raw = predict.compute_window_inputs(y, sr, [0.0], spec)
    assert raw["image"].dtype == np.uint8 and np.array_equal(raw["image"][0], compute_clip_features(y, sr)["image"])
