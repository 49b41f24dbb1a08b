"""Lenient on published variants of FMA's files, strict on nonsense: variants load like the canonical
file, tracks without features are reported, and malformed files get one clear error naming them."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from genrebook.fma.columns import TRACKS_COLUMNS, make_feature_columns
from genrebook.fma.dataset import EMPTY_FEATURES, load_dataset
from genrebook.fma.metadata import load_features, load_genres, load_tracks, write_features, write_genres, write_tracks
from genrebook.fma.summary import format_summary
from tests.helpers import make_fma_tracks, make_genre_table

SIZES = {"zcr": 1, "mfcc": 3, "tonnetz": 2}


def make_features(ids, *, seed: int = 0) -> pd.DataFrame:
    """Features with the package's own columns; values with few digits, so every float format is exact."""
    columns = make_feature_columns(SIZES)
    values = np.round(np.random.default_rng(seed).normal(size=(len(ids), len(columns))) * 1e3, 3)
    return pd.DataFrame(values, index=pd.Index(list(ids), name="track_id"), columns=columns)


@pytest.fixture
def canonical(tmp_path):
    path = tmp_path / "features.csv"
    write_features(make_features([5, 2, 9]), path)
    return path


def test_features_named_features_load_like_the_canonical_file(canonical, tmp_path):
    lines = canonical.read_text().splitlines()
    assert lines[0].startswith("feature,")
    variant = tmp_path / "ntds_features.csv"
    variant.write_text("\n".join(["features" + lines[0][len("feature"):], *lines[1:]]) + "\n")
    loaded = load_features(variant)
    pd.testing.assert_frame_equal(loaded, load_features(canonical), check_exact=True)
    assert tuple(loaded.columns.names) == ("feature", "statistics", "number")


@pytest.mark.parametrize("float_format", [None, "%.6f", "%.17g"])
def test_features_in_other_float_formats_load_like_the_canonical_file(canonical, tmp_path, float_format):
    assert "e+" in canonical.read_text().splitlines()[4]  # FMA's %.10e
    variant = tmp_path / "plain.csv"
    make_features([5, 2, 9]).sort_index().to_csv(variant, float_format=float_format)
    assert "e+" not in variant.read_text().splitlines()[4]
    pd.testing.assert_frame_equal(load_features(variant), load_features(canonical), check_exact=True)


def make_folder(folder, features: pd.DataFrame):
    """A dataset folder: tracks (split, genre) for the features' ids, genres.csv, the features."""
    ids = list(features.index)
    columns = [c for c in TRACKS_COLUMNS if c[:2] in {("set", "split"), ("track", "genre_top"), ("track", "genres")}]
    write_tracks(make_fma_tracks(ids, columns=columns, genres=["Rock", "Pop"] * (len(ids) // 2),
                                 splits=["training", "test"] * (len(ids) // 2)), folder / "tracks.csv")
    write_genres(make_genre_table(), folder / "genres.csv")
    write_features(features, folder / "features.csv")
    return folder


def test_tracks_with_an_empty_feature_row_are_excluded_and_counted(tmp_path):
    features = make_features([1, 2, 3, 4, 5, 6])
    features.loc[[2, 5]] = np.nan
    features.loc[3, ("mfcc", "mean", "01")] = np.nan  # a partly empty row stays
    folder = make_folder(tmp_path, features)
    assert (folder / "features.csv").read_text().splitlines()[5] == "2" + "," * features.shape[1]

    dataset = load_dataset(folder)
    assert dataset.features.index.tolist() == [1, 3, 4, 6] == dataset.tracks.index.tolist()
    assert dataset.excluded.to_dict() == {2: EMPTY_FEATURES, 5: EMPTY_FEATURES}
    summary = format_summary(dataset)
    assert "tracks whose feature row is empty (excluded): 2" in summary
    assert "excluded: 2 tracks" in summary and f"2  {EMPTY_FEATURES}" in summary


def test_a_complete_feature_file_excludes_nothing(tmp_path):
    dataset = load_dataset(make_folder(tmp_path, make_features([1, 2, 3, 4])))
    assert len(dataset.excluded) == 0
    assert "tracks whose feature row is empty (excluded): 0" in format_summary(dataset)


TRACKS_EXPECTED = re.escape("expected FMA's tracks.csv layout (a two-row header: album/artist/set/track, "
                            "then column names, then track_id); found ")


@pytest.mark.parametrize("text, found", [
    ("", "an empty file"),
    ("track_id,genre_top,split\n", "only 1 row: 'track_id,genre_top,split'"),
    ("track_id,genre_top,split\n2,Hip-Hop,training\n5,Pop,test\n",
     "rows starting 'track_id,genre_top,split', '2,Hip-Hop,training', '5,Pop,test'"),
    (",set,track\n,split,genre_top\n", "rows starting ',set,track', ',split,genre_top'"),
])
def test_malformed_tracks_name_the_file_and_what_was_found(tmp_path, text, found):
    path = tmp_path / "tracks.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=re.escape(f"{path}: ") + TRACKS_EXPECTED + re.escape(found) + "$"):
        load_tracks(path)


def test_tracks_without_the_columns_chapters_need(tmp_path):
    columns = [c for c in TRACKS_COLUMNS if c[:2] in {("set", "subset"), ("track", "genres")}]
    write_tracks(make_fma_tracks([1, 2], columns=columns), tmp_path / "tracks.csv")
    write_genres(make_genre_table(), tmp_path / "genres.csv")
    assert load_tracks(tmp_path / "tracks.csv").shape == (2, 2)  # a valid file, read as it is
    message = "the chapters need the tracks.csv columns set/split, track/genre_top; missing: set/split, track/genre_top"
    with pytest.raises(ValueError, match=re.escape(f"{tmp_path / 'tracks.csv'}: {message}")):
        load_dataset(tmp_path)


def test_malformed_genres_and_features_name_the_file(tmp_path):
    (tmp_path / "genres.csv").write_text("")
    with pytest.raises(ValueError, match=re.escape(f"{tmp_path / 'genres.csv'}: expected FMA's genres.csv layout "
                                                   "(a header genre_id,#tracks,parent,title,top_level); "
                                                   "found an empty file")):
        load_genres(tmp_path / "genres.csv")
    (tmp_path / "genres.csv").write_text("genre_id,title\n1,Rock\n")
    with pytest.raises(ValueError, match="missing: parent, top_level"):
        load_genres(tmp_path / "genres.csv")

    two_rows = tmp_path / "features.csv"
    make_features([1, 2]).droplevel("number", axis=1).to_csv(two_rows)
    with pytest.raises(ValueError, match=re.escape(
            f"{two_rows}: expected FMA's features.csv layout (three header rows named feature, statistics, number, "
            "then track_id); found rows starting 'feature,mfcc,mfcc,mfcc,...', 'statistics,kurtosis,kurtosis,")):
        load_features(two_rows)


def test_a_malformed_features_file_fails_before_tracks_are_parsed(tmp_path, monkeypatch):
    folder = make_folder(tmp_path, make_features([1, 2]))
    (folder / "features.csv").write_text("")

    def fail(*args, **kwargs):
        raise AssertionError("tracks.csv was parsed before features.csv was checked")

    monkeypatch.setattr("genrebook.fma.dataset.load_tracks", fail)
    with pytest.raises(ValueError, match="features.csv layout .* found an empty file"):
        load_dataset(folder)
