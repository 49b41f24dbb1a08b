"""Dataset extraction: bad clips reported, resumable after kill -9, no work twice, foreign files untouched."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf
from PIL import Image

from genrebook.features.prepare import extract_dataset
from genrebook.fma.audio import make_audio_path
from genrebook.fma.dataset import load_dataset
from genrebook.fma.metadata import load_features
from tests.helpers import make_audio_dataset, synthesize_clip


def _plant_bad_clips(dataset: Path) -> dict[int, str]:
    """Replace some clips with broken files; return the expected reason per track id."""
    make_audio_path(dataset / "audio", 140).write_bytes(b"ID3 definitely not an mp3 frame" * 200)
    make_audio_path(dataset / "audio", 141).write_bytes(b"")
    sf.write(make_audio_path(dataset / "audio", 1000), synthesize_clip(1000, seconds=1.0), 22050, format="MP3")
    sf.write(make_audio_path(dataset / "audio", 1001), np.zeros(22050 * 6, dtype=np.float32), 22050, format="MP3")
    return {140: "cannot decode audio", 141: "empty file", 1000: "truncated audio", 1001: "silent audio"}


def test_extract_writes_features_images_and_mfcc(audio_dataset):
    report = extract_dataset(audio_dataset, jobs=1, progress=False)
    out = audio_dataset / "extracted"
    assert report.out == out and report.computed == 8 and not report.failed
    features = load_features(out / "features.csv")
    assert features.shape == (8, 518)
    # simple test tones leave a few chroma bins constant: only their skew/kurtosis may be undefined
    undefined = features.columns[features.isna().any()]
    assert set(undefined.get_level_values("statistics")) <= {"skew", "kurtosis"}
    assert features.notna().mean(axis=1).min() > 0.9
    for track_id in features.index:
        image = Image.open(make_audio_path(out / "spectrograms", track_id, ext=".png"))
        assert image.size == (128, 128) and image.mode == "L"
        assert np.load(make_audio_path(out / "mfcc", track_id, ext=".npy")).shape[0] == 20
    dataset = load_dataset(audio_dataset)
    assert dataset.feature_source == "extracted" and dataset.features.shape == (8, 518)
    assert dataset.tracks["spectrogram"].notna().all() and dataset.tracks["audio"].notna().all()


def test_bad_clips_are_skipped_and_reported(audio_dataset):
    expected = _plant_bad_clips(audio_dataset)
    report = extract_dataset(audio_dataset, jobs=2, progress=False)
    assert set(report.failed) == set(expected)
    for track_id, reason in expected.items():
        assert reason in report.failed[track_id] and f"{track_id:06d}.mp3" in report.failed[track_id]
    features = load_features(audio_dataset / "extracted" / "features.csv")
    assert sorted(features.index) == [2, 5, 20000, 155066]  # no NaN rows for the bad clips
    manifest = json.loads((audio_dataset / "extracted" / "manifest.json").read_text())
    assert set(manifest["failed"]) == {f"{t:06d}" for t in expected}
    excluded = load_dataset(audio_dataset).excluded
    assert all(excluded[t].startswith("extraction failed") for t in expected)


def test_second_run_does_no_work_and_parallel_equals_serial(audio_dataset, tmp_path):
    serial = extract_dataset(audio_dataset, out=tmp_path / "serial", jobs=1, progress=False)
    parallel = extract_dataset(audio_dataset, out=tmp_path / "parallel", jobs=2, progress=False)
    a, b = (p.out / "features.csv" for p in (serial, parallel))
    assert a.read_bytes() == b.read_bytes()
    before = a.stat().st_mtime_ns
    again = extract_dataset(audio_dataset, out=tmp_path / "serial", jobs=1, progress=False)
    assert again.computed == 0 and again.reused == 8
    assert a.stat().st_mtime_ns == before


def test_known_bad_fma_clips_are_excluded_with_reason(tmp_path):
    dataset = make_audio_dataset(tmp_path / "ds", [2, 5, 99134, 98565], seconds=6)
    report = extract_dataset(dataset, jobs=1, progress=False)
    assert report.computed == 2
    excluded = load_dataset(dataset).excluded
    assert excluded[99134] == "known bad in fma_small: no audio"
    assert excluded[98565] == "known bad in fma_small: far shorter than 30 s"


def test_own_files_are_never_overwritten(audio_dataset):
    own = audio_dataset / "features.csv"
    own.write_text("feature,mfcc\nstatistics,mean\nnumber,01\ntrack_id,\n2,1.0\n5,2.0\n")
    digest = hashlib.sha1(own.read_bytes()).hexdigest()
    extract_dataset(audio_dataset, jobs=1, progress=False)
    assert hashlib.sha1(own.read_bytes()).hexdigest() == digest
    assert load_dataset(audio_dataset, feature_source="own").features.shape[1] == 1
    assert load_dataset(audio_dataset, feature_source="extracted").features.shape[1] == 518
    assert load_dataset(audio_dataset).feature_source == "own"  # the dataset's own by default


def test_missing_extraction_and_bad_source_are_clear(audio_dataset):
    with pytest.raises(FileNotFoundError, match="run `genrebook extract` first"):
        load_dataset(audio_dataset, feature_source="extracted")
    with pytest.raises(ValueError, match=r"one of \('auto', 'own', 'extracted'\); got 'vggish'"):
        load_dataset(audio_dataset, feature_source="vggish")


def _run_extract(dataset: Path, out: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "genrebook.cli", "extract", str(dataset), "--out", str(out), "--jobs", "1",
         "--no-progress"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )


def test_kill_9_then_rerun_gives_the_uninterrupted_result(tmp_path):
    ids = list(range(1, 17))
    dataset = make_audio_dataset(tmp_path / "ds", ids, seconds=8)
    reference = extract_dataset(dataset, out=tmp_path / "reference", jobs=1, progress=False)

    out = tmp_path / "killed"
    process = _run_extract(dataset, out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "parts").rglob("*.npy"))) < 4:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done = len(list((out / "parts").rglob("*.npy")))
    assert 4 <= done < len(ids), "the kill must land mid-run"
    assert not (out / "features.csv").exists()

    rerun = _run_extract(dataset, out)
    output = rerun.communicate(timeout=300)[0].decode()
    assert rerun.returncode == 0, output
    assert f"{len(ids) - done} computed now, {done} from earlier runs" in output
    assert (out / "features.csv").read_bytes() == (reference.out / "features.csv").read_bytes()
    assert not list(out.rglob("*.tmp")), "temporary files of the killed run are cleaned up"
    features = pd.read_csv(out / "features.csv", index_col=0, header=[0, 1, 2])
    assert features.index.is_unique and len(features) == len(ids)


def test_a_long_song_is_read_from_its_middle_30_seconds(tmp_path):
    import soundfile

    from genrebook.features.extract import load_clip

    sr = 8000
    t = np.arange(50 * sr) / sr
    y = (0.1 * np.sin(2 * np.pi * 220 * t) * (t >= 10)).astype(np.float32)  # silent first 10 s
    soundfile.write(tmp_path / "song.wav", y, sr)
    clip, rate = load_clip(str(tmp_path / "song.wav"))
    assert rate == sr and len(clip) == 30 * sr
    assert np.abs(clip[: sr]).max() > 0.05  # starts at 10 s: not in the silent opening
    soundfile.write(tmp_path / "clip.wav", y[: 31 * sr] + 0.01, sr)
    assert len(load_clip(str(tmp_path / "clip.wav"))[0]) == 31 * sr


def test_parallel_extraction_first_compiles_in_this_process(tmp_path, monkeypatch):
    """numba's kernels are compiled once here (until a clip succeeds) before workers start."""
    from genrebook.features import extract

    calls = []

    def fake_compute(track_id, path):
        calls.append(track_id)
        return (track_id, None, "corrupt") if track_id == 1 else (track_id, {"vector": np.zeros(3)}, None)

    monkeypatch.setattr(extract, "compute_clip", fake_compute)
    monkeypatch.setattr(extract, "save_clip", lambda *args: None)
    report = extract.ExtractionReport(out=tmp_path)
    rest = extract._warm_up([1, 2, 3, 4], {t: tmp_path / f"{t}.mp3" for t in range(1, 5)}, tmp_path, report,
                            progress=False)
    assert calls == [1, 2] and rest == [3, 4] and report.computed == 2
