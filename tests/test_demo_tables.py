"""Generated features-only datasets (what bench/sizes.py measures the chapters on): layout, genres, and a banner
that says what was generated."""

from __future__ import annotations

import json

import pytest

from genrebook.book.chapter import make_banner_html
from genrebook.fma.dataset import load_dataset, read_dataset_info
from genrebook.fma.demo.tables import make_features_only_dataset


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_features_only_dataset(tmp_path_factory.mktemp("sizes") / "fo", n_tracks=600, n_genres=4, seed=1)


def test_the_folder_is_features_only_and_says_it_was_generated(folder):
    assert sorted(p.name for p in folder.iterdir()) == ["dataset.json", "features.csv", "genres.csv", "tracks.csv"]
    info = json.loads((folder / "dataset.json").read_text())
    assert info["synthetic"] is True and info["generated"] == "features"
    assert read_dataset_info(folder)["generated"] == "features"


def test_it_loads_with_its_genres_and_the_518_statistics(folder):
    ds = load_dataset(folder)
    assert len(ds.tracks) == 600 and ds.features.shape == (600, 518)
    assert len(ds.genre_names) == 4 and ds.synthetic


def test_its_banner_names_no_audio_and_a_generated_demo_keeps_its_own(folder):
    banner = make_banner_html("features-only", True, generated=read_dataset_info(folder)["generated"])
    assert "no audio" in banner and "musical recipes" not in banner
    assert "musical recipes" in make_banner_html("demo", True)
    assert "real FMA data" in make_banner_html("fma_small", False, generated="features")


def test_an_existing_folder_is_not_overwritten(folder):
    with pytest.raises(FileExistsError, match="already holds a tracks.csv"):
        make_features_only_dataset(folder, n_tracks=100)
