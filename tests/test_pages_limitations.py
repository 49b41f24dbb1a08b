"""Results builders of chapter 02 (limitations), on tiny in-memory datasets: declared keys, plain numbers,
reader tables, verdict sentences."""

from __future__ import annotations

import re
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from genrebook.book.pages import limitations as page
from genrebook.fma.columns import SMALL_GENRES
from genrebook.fma.metadata import write_features, write_genres, write_tracks
from tests.helpers import WORLD_GENRES, make_fma_tracks, make_genre_table, make_world

#: Punk, a sub-genre of Rock.
PUNK = pd.DataFrame({"#tracks": 10, "parent": 12, "title": "Punk", "top_level": 12},
                    index=pd.Index([25], name="genre_id"))
#: What a reader must never meet in a table.
RAW = {"nan", "none", "true", "false", "<na>"}


def make_ds(*, path=None, excluded=None) -> SimpleNamespace:
    """Three genres of artists split as FMA does; every third Rock track also tagged Punk."""
    features, tracks = make_world(artist_scale=2.0)
    rng = np.random.default_rng(1)
    noise = pd.DataFrame(rng.normal(size=(len(tracks), 3)), index=tracks.index,
                         columns=pd.MultiIndex.from_tuples([("zcr", "mean", f"{i:02d}") for i in range(3)],
                                                           names=features.columns.names))
    genres = [[SMALL_GENRES[g], 25] if g == "Rock" and i % 3 == 0 else [SMALL_GENRES[g]]
              for i, g in enumerate(tracks["genre"])]
    tracks = tracks.assign(genres=genres, genres_all=[[]] * len(tracks))
    return SimpleNamespace(tracks=tracks, features=pd.concat([features, noise], axis=1),
                           genres=pd.concat([make_genre_table(), PUNK]), genre_names=sorted(WORLD_GENRES),
                           excluded=excluded if excluded is not None else pd.Series(dtype="object", name="reason"),
                           path=path, feature_source="own")


def assert_readable(section):
    """Numbers are plain Python values; table cells and headers are made for readers."""
    for key, value in section.numbers.items():
        assert type(value) in (int, float, str), (key, type(value))
        assert not (isinstance(value, float) and np.isnan(value)), key
    for table in section.tables.values():
        cells = [str(v).lower() for v in table.frame.to_numpy().ravel()]
        assert not RAW & set(cells), table.frame
        assert not any("_" in str(c) for c in table.frame.columns), list(table.frame.columns)
    for fig in section.figures.values():
        plt.close(fig)


@pytest.fixture(scope="module")
def ds():
    return make_ds()


def test_labels_count_tracks_with_several_genres(ds):
    section = page.count_labels(ds)
    assert_readable(section)
    several = ds.tracks["genres"].map(len).gt(1).mean()
    assert 0 < several < 1 and section.numbers["multi_genre_share"] == pytest.approx(several)
    assert section.numbers["multi_root_share"] == 0.0
    assert section.numbers["top_level_mixing"].startswith("No track carries genres under more than one")
    assert section.numbers["genres_all_source"].startswith("derived here")
    assert list(section.table.frame["genres counted"]) == list(page.LABEL_VIEWS.values())


def test_genre_pairs_are_named_in_a_sentence(ds):
    section = page.rank_genre_pairs(ds)
    assert_readable(section)
    assert section.numbers["top_pairs"].startswith("Tracks carry Rock with Punk most often (")
    assert list(section.table.frame.columns) == ["genre", "carried with", "top-level genre", "tracks"]


def test_artist_effect_keeps_the_intro_keys_and_reads_as_prose(ds):
    section = page.measure_artist_effect(ds, seed=0, n_random_splits=2)
    assert_readable(section)
    numbers = section.numbers
    for key in ("official_accuracy", "official_low", "official_high", "random_split_accuracy", "artist_gap",
                "n_test", "n_random_splits"):
        assert key in numbers
    assert numbers["official_low"] <= numbers["official_accuracy"] <= numbers["official_high"]
    assert numbers["artist_gap"] == pytest.approx(numbers["random_split_accuracy"] - numbers["official_accuracy"])
    assert numbers["official_known_artists"].startswith("none of the")
    assert "percentage points" in numbers["artist_effect"] and not re.search(r"[-+−]\d", numbers["artist_effect"])
    assert numbers["artist_verdict"].startswith("The random splits' mean")
    assert list(section.table.frame["split"]) == ["official (artist-filtered)", "random 1", "random 2"]
    assert page.measure_artist_effect(ds, seed=0, n_random_splits=2).numbers == numbers


def test_confusions_list_only_pairs_the_model_mixes_up(ds):
    section = page.find_confusions(ds, seed=0)
    assert_readable(section)
    assert "0.0%" not in set(section.table.frame["mean of both"])
    assert section.numbers["confused_verdict"][0].isupper() and section.numbers["confused_verdict"].endswith(".")


def test_left_out_clips_and_reasons():
    excluded = pd.Series({99134: "known bad in fma_small: no audio", 7: "no official split",
                          8: "no official split"}, name="reason")
    section = page.check_left_out(make_ds(excluded=excluded))
    assert_readable(section)
    assert section.numbers["n_known_bad_in_dataset"] == 1 and section.numbers["n_known_bad_used"] == 0
    assert section.numbers["known_bad_verdict"].endswith("the loader leaves it out.")
    assert section.numbers["exclusions_verdict"] == ("3 tracks were left out: no official split (2) and known bad "
                                                     "in fma_small (1).")
    assert set(section.table.frame["used"]) == {"—"}


def test_feature_groups_are_ranked_against_all_together(ds):
    section = page.rank_feature_groups(ds, seed=0)
    assert_readable(section)
    frame = section.table.frame
    assert list(frame["feature group"]) == ["g", "zero-crossing rate", "all groups together"]
    assert section.numbers["best_group"] == "g" and section.numbers["feature_groups"] == "g and zero-crossing rate"
    assert "the all-groups model" in section.numbers["group_verdict"]
    assert section.numbers["feature_source"] == "the dataset's own features.csv"


def test_sources_with_one_feature_file(tmp_path, ds):
    ids = list(ds.tracks.index[:6])
    write_tracks(make_fma_tracks(ids, genres=["Rock", "Pop"] * 3, splits=["training", "test"] * 3),
                 tmp_path / "tracks.csv")
    write_genres(make_genre_table(), tmp_path / "genres.csv")
    write_features(ds.features.loc[ids], tmp_path / "features.csv")
    section = page.compare_sources(make_ds(path=tmp_path))
    assert_readable(section)
    assert section.numbers["source_agreement"] == "With a single feature source there is nothing to compare."
    assert section.numbers["feature_sources"].startswith("only its own")
    assert set(section.table.frame["median correlation"]) == {"—"}
