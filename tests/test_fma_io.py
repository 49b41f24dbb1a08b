"""Loaders and writers of FMA's metadata files, on fixtures and on the real files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from genrebook.fma.columns import FEATURE_SIZES, TRACKS_COLUMNS, make_feature_columns
from genrebook.fma.metadata import load_features, load_genres, load_tracks, write_features, write_tracks
from tests.helpers import make_fma_tracks


def test_tracks_roundtrip_keeps_every_kind(tmp_path):
    tracks = make_fma_tracks(range(1, 31))
    write_tracks(tracks, tmp_path / "tracks.csv")
    lines = (tmp_path / "tracks.csv").read_text().splitlines()
    assert lines[0].startswith(",album,album") and lines[1].startswith(",comments,date_created")
    assert lines[2].startswith("track_id,,")

    loaded = load_tracks(tmp_path / "tracks.csv")
    assert loaded.shape == (30, 52)
    assert list(loaded.columns) == [c[:2] for c in TRACKS_COLUMNS]
    assert loaded["track", "genres"].tolist() == tracks["track", "genres"].tolist()
    assert all(isinstance(v, list) for v in loaded["album", "tags"])
    assert pd.api.types.is_datetime64_any_dtype(loaded["track", "date_created"])
    assert (loaded["track", "date_created"] == pd.to_datetime(tracks["track", "date_created"])).all()
    assert loaded["track", "information"].tolist() == tracks["track", "information"].tolist()  # multi-line text


def test_subset_is_ordered_so_nested_subsets_select(tmp_path):
    write_tracks(make_fma_tracks(range(1, 10)), tmp_path / "tracks.csv")
    subset = load_tracks(tmp_path / "tracks.csv")["set", "subset"]
    assert subset.cat.ordered
    assert (subset <= "small").sum() == 3
    assert (subset <= "medium").sum() == 6
    assert (subset <= "large").sum() == 9


def test_tracks_with_only_some_columns(tmp_path):
    columns = [c for c in TRACKS_COLUMNS if c[0] == "set" or c[1] == "genres"]
    write_tracks(make_fma_tracks([3, 1, 2], columns=columns), tmp_path / "tracks.csv")
    loaded = load_tracks(tmp_path / "tracks.csv")
    assert loaded.shape == (3, 3)
    assert loaded.index.tolist() == [3, 1, 2]


def test_loaders_reject_other_layouts(tmp_path):
    (tmp_path / "plain.csv").write_text("a,b\n1,2\n3,4\n")
    with pytest.raises(ValueError, match="track_id"):
        load_tracks(tmp_path / "plain.csv")
    with pytest.raises(ValueError, match="genres.csv layout"):
        load_genres(tmp_path / "plain.csv")
    with pytest.raises(FileNotFoundError, match="no tracks.csv"):
        load_tracks(tmp_path / "missing.csv")


def test_features_roundtrip(tmp_path):
    columns = make_feature_columns()
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(4, len(columns))) * 1e3, index=pd.Index([9, 3, 7, 1], name="track_id"),
                         columns=columns)
    write_features(frame, tmp_path / "features.csv")
    header = (tmp_path / "features.csv").read_text().splitlines()[:4]
    assert [h.split(",")[0] for h in header] == ["feature", "statistics", "number", "track_id"]
    loaded = load_features(tmp_path / "features.csv")
    assert loaded.shape == (4, 518)
    assert loaded.index.tolist() == [1, 3, 7, 9]
    np.testing.assert_allclose(loaded.loc[frame.index.sort_values()].values,
                               frame.sort_index().values, rtol=1e-10)
    assert sorted(loaded.columns.get_level_values("feature").unique()) == sorted(FEATURE_SIZES)


@pytest.mark.shared
def test_real_tracks_head(shared_data):
    tracks = load_tracks(shared_data / "fma_metadata_real" / "tracks_head.csv")
    assert tracks.shape == (682, 52)
    assert tracks.index[0] == 2 and tracks.index[-1] == 932
    assert tracks["set", "subset"].value_counts().to_dict() == {"large": 488, "medium": 136, "small": 58}
    assert (tracks["set", "subset"] <= "medium").sum() == 136 + 58
    assert tracks["set", "split"].value_counts().to_dict() == {"training": 563, "test": 71, "validation": 48}
    assert tracks.loc[2, ("track", "genres")] == [21]
    assert all(isinstance(v, list) for v in tracks["track", "genres_all"])
    assert pd.api.types.is_datetime64_any_dtype(tracks["track", "date_created"])
    assert tracks["artist", "bio"].str.contains("\n", na=False).any()  # multi-line quoted fields


@pytest.mark.shared
def test_real_genres(shared_data):
    genres = load_genres(shared_data / "fma_metadata_real" / "genres.csv")
    assert genres.shape == (163, 4)
    assert (genres["parent"] == 0).sum() == 16


@pytest.mark.shared
def test_real_derived_files(shared_data):
    folder = shared_data / "fma_small_derived"
    tracks = load_tracks(folder / "tracks.csv")
    assert tracks.shape == (7994, 7)
    assert tracks["set", "split"].value_counts().to_dict() == {"training": 6394, "validation": 800, "test": 800}
    assert tracks["track", "genres"].map(len).gt(1).sum() == 3739
    features = load_features(folder / "features.csv")
    assert features.shape == (7994, 268)
    assert features["mfcc"].shape[1] == 140 and features["vggish"].shape[1] == 128
    assert int(features.isna().sum().sum()) == 120
