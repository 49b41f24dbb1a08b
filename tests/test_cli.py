"""The ``genrebook`` command line: summaries, clear errors for bad input."""

from __future__ import annotations

import pytest

from genrebook.cli import main


@pytest.mark.shared
def test_info_on_the_real_derived_dataset(shared_data, capsys):
    assert main(["info", str(shared_data / "fma_small_derived")]) == 0
    out = capsys.readouterr().out
    assert "fma_small_derived (real data)" in out
    assert "tracks: 7,994 (training 6,394 / validation 800 / test 800), 8 genres, 2,306 artists" in out
    assert "mfcc" in out and "vggish" in out and "268 columns" in out
    assert "audio: 10 of 7,994 tracks" in out
    assert "spectrogram images: 7,994 of 7,994 tracks (100.0 %)" in out


def test_info_reports_extraction_and_exclusions(audio_dataset, capsys):
    (audio_dataset / "audio" / "000" / "000005.mp3").write_bytes(b"not audio" * 100)
    assert main(["extract", str(audio_dataset), "--jobs", "1", "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "features of 7 clips" in out and "1 skipped" in out
    assert "000005" in out and "cannot decode audio" in out
    assert main(["info", str(audio_dataset)]) == 0
    out = capsys.readouterr().out
    assert "518 columns" in out and "excluded: 1 tracks" in out and "extraction failed" in out


@pytest.mark.parametrize("argv, message", [
    (["info", "/no/such/folder"], "dataset folder /no/such/folder does not exist"),
    (["prepare", "/no/such/folder"], "dataset must be 'demo', 'fma' or a folder"),
    (["download", "--subset", "tiny", "--data-dir", "/tmp/x"], "subset must be one of"),
])
def test_bad_input_exits_2_with_a_clear_message(argv, message, caplog):
    assert main(argv) == 2
    assert message in caplog.text


def test_bad_option_values_are_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "somewhere", "--jobs", "0"])
    assert exit_info.value.code == 2
    assert "jobs must be -1 (all cores) or an integer >= 1; got 0" in capsys.readouterr().err


def test_a_malformed_params_file_is_a_clear_error(tmp_path, caplog):
    from genrebook.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("seed: [1, 2\n")
    assert main(["run", "01_data", "--params", str(bad), "--out", str(tmp_path / "out")]) == 2
    assert "bad.yaml is not valid YAML" in caplog.text
