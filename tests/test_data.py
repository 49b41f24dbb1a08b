"""Dataset folders: what load_dataset returns, exclusions, read-only datasets, the real derived folder."""

from __future__ import annotations

import os
import stat

import pytest

from genrebook.features.prepare import extract_dataset
from genrebook.fma.dataset import load_dataset, resolve_extracted_dir
from genrebook.fma.folders import resolve_dataset


def test_load_dataset_gives_flat_tracks_aligned_with_features(audio_dataset):
    extract_dataset(audio_dataset, jobs=1, progress=False)
    dataset = load_dataset(audio_dataset)
    assert dataset.name == "test set" and dataset.synthetic
    assert list(dataset.tracks.columns) == ["split", "genre", "genres", "genres_all", "title", "artist_id",
                                            "artist", "duration", "audio", "spectrogram"]
    assert dataset.tracks.index.equals(dataset.features.index)
    assert set(dataset.tracks["split"]) == {"training", "validation", "test"}
    assert dataset.genre_names == sorted(dataset.tracks["genre"].unique())


def test_read_only_dataset_is_extracted_under_the_data_home(audio_dataset, tmp_path, monkeypatch):
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path / "home"))
    mode = audio_dataset.stat().st_mode
    os.chmod(audio_dataset, mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        out = resolve_extracted_dir(audio_dataset)
        assert out.parent == tmp_path / "home" / "extracted" and out.name.startswith("ds-")
        report = extract_dataset(audio_dataset, jobs=1, progress=False)
        assert report.out == out and not (audio_dataset / "extracted").exists()
        assert load_dataset(audio_dataset, feature_source="extracted").features.shape == (8, 518)
    finally:
        os.chmod(audio_dataset, mode)


def test_subset_selects_nested_subsets(tmp_path):
    from genrebook.fma.metadata import write_genres, write_tracks
    from tests.helpers import make_fma_tracks, make_genre_table

    tracks = make_fma_tracks(range(1, 10), genres=["Rock"] * 9, splits=["training"] * 9)
    tracks["set", "subset"] = ["small", "medium", "large"] * 3
    write_tracks(tracks, tmp_path / "tracks.csv")
    write_genres(make_genre_table(), tmp_path / "genres.csv")
    assert len(load_dataset(tmp_path, subset="medium").tracks) == 6
    dataset = load_dataset(tmp_path, subset="small")
    assert len(dataset.tracks) == 3 and (dataset.excluded == "not in subset 'small'").sum() == 6
    with pytest.raises(ValueError, match=r"subset must be one of \('small', 'medium', 'large'\); got 'tiny'"):
        load_dataset(tmp_path, subset="tiny")


def test_resolve_dataset_names_what_is_allowed(tmp_path):
    with pytest.raises(FileNotFoundError, match="'demo', 'fma' or a folder holding tracks.csv"):
        resolve_dataset(tmp_path)


@pytest.mark.shared
def test_real_derived_dataset(shared_data):
    dataset = load_dataset(shared_data / "fma_small_derived")
    assert dataset.name == "fma_small_derived" and not dataset.synthetic
    assert len(dataset.tracks) == 7994 and dataset.feature_source == "own"
    assert dataset.tracks["split"].value_counts().to_dict() == {"training": 6394, "validation": 800, "test": 800}
    assert dataset.features.shape == (7994, 268)
    assert dataset.tracks["audio"].notna().sum() == 10
    assert dataset.tracks["spectrogram"].notna().all()
    assert dataset.tracks["artist_id"].isna().sum() == 90
    assert len(dataset.excluded) == 0
