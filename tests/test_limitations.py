"""Limitations: multi-genre tracks, genre co-occurrence, the artist effect, excluded clips, feature sources."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from genrebook.fma.genres import (
    compute_top_level_cooccurrence,
    count_genre_pairs,
    count_genres_per_track,
    count_multi_genre,
    derive_genres_all,
    map_to_top_levels,
    rank_cooccurrences,
    select_genres_all,
)
from genrebook.fma.metadata import write_features, write_genres, write_tracks
from genrebook.fma.sources import (
    correlate_feature_sources,
    count_exclusions,
    count_source_columns,
    describe_known_bad_clips,
    load_feature_sources,
)
from genrebook.models.artist import (
    compare_feature_groups,
    compute_artist_effect,
    score_feature_groups,
    summarize_artist_effect,
)
from tests.helpers import make_fma_tracks, make_genre_table, make_world

#: Sub-genres added to the eight top-level genres: Punk and Indie-Rock under Rock, Synth Pop under Pop.
SUB_GENRES = pd.DataFrame({"#tracks": 10, "parent": [12, 12, 10], "title": ["Punk", "Indie-Rock", "Synth Pop"],
                           "top_level": [12, 12, 10]}, index=pd.Index([25, 66, 362], name="genre_id"))


@pytest.fixture
def genres() -> pd.DataFrame:
    return pd.concat([make_genre_table(), SUB_GENRES])


@pytest.fixture
def tracks() -> pd.DataFrame:
    """Three Rock and three Pop tracks; track 3 (Rock) also carries Synth Pop, a Pop genre."""
    lists = [[12], [25, 66], [25, 362], [10], [362], [10, 362]]
    return pd.DataFrame({"genre": ["Rock"] * 3 + ["Pop"] * 3, "genres": lists, "genres_all": [[]] * 6},
                        index=pd.Index(range(1, 7), name="track_id"))


def test_genres_all_is_derived_from_the_tree_when_tracks_csv_lacks_it(tracks, genres):
    derived = derive_genres_all(tracks["genres"], genres)
    assert derived.tolist() == [[12], [12, 25, 66], [10, 12, 25, 362], [10], [10, 362], [10, 362]]
    assert select_genres_all(tracks, genres)[1] == "derived from genres and the genre tree"
    given = tracks.assign(genres_all=[[12]] * 6)
    lists, source = select_genres_all(given, genres)
    assert source == "tracks.csv" and lists.equals(given["genres_all"])


def test_map_to_top_levels_drops_unknown_ids(genres):
    assert map_to_top_levels(pd.Series([[25, 362, 99999], []]), genres).tolist() == [["Pop", "Rock"], []]


def test_multi_genre_counts(tracks, genres):
    table = count_multi_genre(tracks, genres)
    assert list(table.index) == ["genres", "genres_all", "top-level genres"]
    assert table["share with several"].tolist() == pytest.approx([3 / 6, 4 / 6, 1 / 6])
    assert (table["tracks with labels"] == 6).all()


def test_cooccurrence_is_normalised_per_genre_top(tracks, genres):
    shares = compute_top_level_cooccurrence(tracks, genres)
    assert list(shares.index) == ["Pop", "Rock"] and list(shares.columns) == ["Pop", "Rock"]
    assert shares.loc["Rock", "Pop"] == pytest.approx(1 / 3) and shares.loc["Pop", "Rock"] == 0
    assert np.allclose(np.diag(shares), 1)
    top = rank_cooccurrences(shares, n=5)
    assert len(top) == 1 and top.iloc[0].tolist() == ["Rock", "Pop", pytest.approx(1 / 3)]
    alone = rank_cooccurrences(compute_top_level_cooccurrence(tracks.iloc[[0, 1, 3]], genres))
    assert alone.empty


def test_genres_per_track_are_shares_of_each_genre(tracks):
    shares = count_genres_per_track(tracks.assign(genres=[[12], [25, 66], [25, 362, 66], [10], [], [10, 10]]))
    assert list(shares.index) == ["Pop", "Rock"] and list(shares.columns) == [1, 2, 3]
    assert shares.loc["Rock"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3])
    assert shares.loc["Pop"].tolist() == [1.0, 0.0, 0.0]  # a repeated id counts once, an empty list not at all
    assert count_genres_per_track(tracks, most=2).loc["Rock"].tolist() == pytest.approx([1 / 3, 2 / 3])


def test_cooccurrence_lists_top_levels_outside_the_labels(tracks, genres):
    jazz = pd.DataFrame({"#tracks": 1, "parent": 0, "title": "Jazz", "top_level": 4}, index=[4])
    shares = compute_top_level_cooccurrence(tracks.assign(genres=[[12, 4]] + tracks["genres"].tolist()[1:]),
                                            pd.concat([genres, jazz]))
    assert list(shares.columns) == ["Pop", "Rock", "Jazz"] and shares.loc["Rock", "Jazz"] == pytest.approx(1 / 3)


def test_genre_pairs_are_counted_and_named(tracks, genres):
    pairs = count_genre_pairs(tracks.assign(genres=tracks["genres"].tolist()[:5] + [[25, 66]]), genres)
    assert pairs.iloc[0].tolist() == ["Punk", "Indie-Rock", "Rock", 2]
    assert pairs.iloc[1].tolist() == ["Punk", "Synth Pop", "Pop / Rock", 1]
    assert count_genre_pairs(tracks.assign(genres=[[12]] * 6), genres).empty


def test_artist_effect_official_split_is_artist_disjoint_and_random_splits_leak():
    features, tracks = make_world(artist_scale=2.0)
    effect = compute_artist_effect(features, tracks, seed=0, n_random_splits=3)
    assert list(effect.index) == ["official", "random 1", "random 2", "random 3"]
    assert effect.loc["official", "artist in training"] == 0
    assert (effect.loc[effect["kind"] == "random", "share in training"] > 0.5).all()
    assert (effect["test tracks"] == effect.loc["official", "test tracks"]).all()
    facts = summarize_artist_effect(effect)
    assert facts["gap"] == pytest.approx(facts["random_mean"] - facts["official_accuracy"])
    assert facts["gap"] > 0 and facts["official_overlap"] == 0
    assert all(type(v) in (int, float) for v in facts.values())
    assert effect.equals(compute_artist_effect(features, tracks, seed=0, n_random_splits=3))


def test_artist_effect_with_one_random_split_has_zero_spread():
    features, tracks = make_world()
    effect = compute_artist_effect(features, tracks, seed=1, n_random_splits=1)
    assert summarize_artist_effect(effect)["random_sd"] == 0


def test_feature_groups_are_ranked_by_accuracy():
    features, tracks = make_world()
    noise = pd.DataFrame(np.random.default_rng(0).normal(size=(len(tracks), 5)), index=tracks.index,
                         columns=pd.MultiIndex.from_tuples([("noise", "mean", f"{i:02d}") for i in range(5)]))
    both = pd.concat([noise, features], axis=1)
    table = compare_feature_groups(both, tracks, seed=0)
    assert list(table.index) == ["g", "noise"] and table["columns"].tolist() == [12, 5]
    correct = score_feature_groups(both, tracks, seed=0)
    assert list(correct.columns) == ["noise", "g", "all groups"] and len(correct) == (tracks["split"] == "test").sum()
    assert table.loc["g", "accuracy"] == pytest.approx(correct["g"].mean())


def test_known_bad_clips_and_exclusions():
    excluded = pd.Series({99134: "known bad in fma_small: no audio", 7: "no official split"}, name="reason")
    table = describe_known_bad_clips(pd.Index([2, 98565]), excluded)
    assert len(table) == 6 and table.loc[99134, "problem"] == "no audio"
    assert table["in tracks.csv"].sum() == 2 and table["used"].sum() == 1 and table.loc[98565, "used"]
    counts = count_exclusions(excluded)
    assert counts["tracks"].to_dict() == {"known bad in fma_small: no audio": 1, "no official split": 1}
    assert count_exclusions(pd.Series(dtype="object")).empty
    excluded[11] = "known bad in fma_small: far shorter than 30 s"
    grouped = count_exclusions(excluded, detail=False)["tracks"].to_dict()
    assert grouped == {"known bad in fma_small": 2, "no official split": 1}


def _features(ids, groups, rng):
    columns = pd.MultiIndex.from_tuples([(g, "mean", f"{i:02d}") for g in groups for i in range(4)],
                                        names=["feature", "statistics", "number"])
    return pd.DataFrame(rng.normal(size=(len(ids), len(columns))), index=pd.Index(ids, name="track_id"),
                        columns=columns)


def test_feature_sources_are_compared_on_shared_tracks_and_columns():
    rng = np.random.default_rng(0)
    own = _features(range(30), ["a", "b"], rng)
    extracted = _features(range(10, 40), ["a", "b", "c"], rng)
    a = [c for c in own.columns if c[0] == "a"]
    extracted.loc[10:29, a] = 2 * own.loc[10:29, a].to_numpy() + 1  # the same values on another scale
    table = correlate_feature_sources({"own": own, "extracted": extracted})
    assert list(table.index) == ["a", "b"] and (table["tracks"] == 20).all()
    assert (table["shared columns"] == 4).all()
    assert table.loc["a", "median r"] == pytest.approx(1) and abs(table.loc["b", "median r"]) < 0.6
    assert correlate_feature_sources({"own": own}).empty
    counts = count_source_columns({"own": own, "extracted": extracted})
    assert counts.to_dict("index") == {"a": {"own": 4, "extracted": 4, "shared": 4},
                                       "b": {"own": 4, "extracted": 4, "shared": 4},
                                       "c": {"own": 0, "extracted": 4, "shared": 0}}
    assert count_source_columns({"own": own})["shared"].tolist() == [0, 0]


def test_load_feature_sources_finds_own_and_extracted(tmp_path):
    ids = [2, 3, 5, 7]
    write_tracks(make_fma_tracks(ids, genres=["Rock", "Pop"] * 2, splits=["training", "test"] * 2),
                 tmp_path / "tracks.csv")
    write_genres(make_genre_table(), tmp_path / "genres.csv")
    own = _features(ids, ["a"], np.random.default_rng(0))
    write_features(own, tmp_path / "features.csv")
    sources = load_feature_sources(tmp_path)
    assert list(sources) == ["own"]
    (tmp_path / "extracted").mkdir()
    write_features(own.iloc[:3], tmp_path / "extracted" / "features.csv")
    (tmp_path / "extracted" / "manifest.json").write_text(json.dumps({"failed": {}}))
    sources = load_feature_sources(tmp_path)
    assert list(sources) == ["own", "extracted"] and len(sources["extracted"]) == 3
    assert correlate_feature_sources(sources)["median r"].tolist() == [pytest.approx(1)]
