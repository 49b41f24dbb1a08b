"""Per-clip features: FMA's 518 statistics, the spectrogram image, the MFCC matrix."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from scipy import stats

from bench.plain_loop import compute_plain_features  # the plain FMA-order reference
from genrebook.features.clip import compute_clip_features, compute_statistics, make_spectrogram_image
from genrebook.fma.audio import AudioError, load_audio
from genrebook.fma.columns import FEATURE_SIZES, make_feature_columns
from tests.helpers import synthesize_clip


def test_feature_columns_are_fmas_518():
    columns = make_feature_columns()
    assert len(columns) == 518 and columns.is_monotonic_increasing
    assert list(columns.names) == ["feature", "statistics", "number"]
    widths = {g: (columns.get_level_values(0) == g).sum() for g in FEATURE_SIZES}
    assert widths == {g: 7 * n for g, n in FEATURE_SIZES.items()}


def test_statistics_match_scipy_and_numpy():
    values = np.random.default_rng(1).gamma(2.0, size=(3, 500))
    result = compute_statistics(values)
    np.testing.assert_allclose(result["skew"], stats.skew(values, axis=1))
    np.testing.assert_allclose(result["kurtosis"], stats.kurtosis(values, axis=1))
    np.testing.assert_allclose(result["std"], values.std(axis=1, ddof=0))
    np.testing.assert_allclose(result["median"], np.median(values, axis=1))


def test_clip_features_shapes_and_orientation():
    sr = 22050
    t = np.arange(6 * sr) / sr
    low = (0.5 * np.sin(2 * np.pi * 80 * t)).astype(np.float32)
    result = compute_clip_features(low, sr)
    assert result["vector"].shape == (518,)
    # a pure tone leaves some chroma bins constant: only their skew and kurtosis are undefined
    undefined = make_feature_columns()[~np.isfinite(result["vector"])]
    assert set(undefined.get_level_values("statistics")) <= {"skew", "kurtosis"}
    assert result["image"].shape == (128, 128) and result["image"].dtype == np.uint8
    assert result["image"][-30:].max() == 255 and result["image"][:30].max() == 0  # low frequencies at the bottom
    assert result["image"].max() >= 250 and result["image"].min() == 0
    assert result["mfcc"].shape[0] == 20 and result["mfcc"].dtype == np.float32


def test_clip_features_are_deterministic():
    y = synthesize_clip(7)
    a, b = compute_clip_features(y, 22050), compute_clip_features(y, 22050)
    np.testing.assert_array_equal(a["vector"], b["vector"])
    np.testing.assert_array_equal(a["image"], b["image"])


def test_image_time_axis_is_squeezed_to_128_columns():
    mel = np.ones((128, 2600))
    mel[:, :1300] = 1e-12  # quiet first half
    image = make_spectrogram_image(mel)
    assert image[:, :60].max() == 0 and image[:, 68:].min() == 255


def test_values_equal_the_plain_fma_calls(tmp_path):
    path = tmp_path / "clip.mp3"
    import soundfile as sf

    sf.write(path, synthesize_clip(3), 22050, format="MP3")
    y, sr = load_audio(path)
    np.testing.assert_array_equal(compute_clip_features(y, sr)["vector"], compute_plain_features(path).values)


@pytest.mark.shared
def test_real_clip_against_plain_fma_calls_and_shared_image(shared_data):
    folder = shared_data / "fma_small_derived"
    path = folder / "audio" / "000" / "000182.mp3"
    y, sr = load_audio(path)
    assert sr == 44100 and 29.9 < len(y) / sr < 30.1
    result = compute_clip_features(y, sr)
    np.testing.assert_array_equal(result["vector"], compute_plain_features(path).values)
    shared = np.asarray(Image.open(folder / "spectrograms" / "000" / "000182.png"), dtype=float)
    assert np.corrcoef(shared.ravel(), result["image"].ravel().astype(float))[0, 1] > 0.8


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"this is not audio at all" * 100, "cannot decode audio"),
])
def test_load_audio_rejects_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.mp3"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        load_audio(path)


def test_load_audio_rejects_silent_and_truncated(tmp_path):
    import soundfile as sf

    sf.write(tmp_path / "silent.wav", np.zeros(22050 * 8, dtype=np.float32), 22050)
    sf.write(tmp_path / "short.wav", synthesize_clip(1, seconds=1.5), 22050)
    with pytest.raises(AudioError, match="silent"):
        load_audio(tmp_path / "silent.wav")
    with pytest.raises(AudioError, match="truncated audio, 1.50 s"):
        load_audio(tmp_path / "short.wav")
    with pytest.raises(AudioError, match="no such audio file"):
        load_audio(tmp_path / "missing.mp3")
