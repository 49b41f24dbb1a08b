"""A split for datasets without one: `genrebook split`, its rules, and the loader reading it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from genrebook.cli import main
from genrebook.fma.columns import SPLITS, TRACKS_COLUMNS
from genrebook.fma.dataset import load_dataset
from genrebook.fma.metadata import load_tracks, write_genres, write_tracks
from genrebook.fma.split import apportion, check_fractions, make_groups, make_split
from genrebook.fma.splitfile import (
    SPLIT_FILE,
    apply_split,
    has_official_split,
    read_split,
    require_split,
    split_dataset,
)
from tests.helpers import make_fma_tracks, make_genre_table

#: Columns of the folders made here: no set/split unless a test adds it.
COLUMNS = [c for c in TRACKS_COLUMNS if c[:2] in {("track", "genre_top"), ("track", "genres"), ("track", "title"),
                                                   ("artist", "id"), ("artist", "name")}]


def make_world(n: int = 300, n_artists: int = 60, *, seed: int = 0) -> tuple[pd.Series, pd.Series]:
    """Genres (unbalanced, four) and artists (each artist one genre, 1 to many tracks) of ``n`` tracks."""
    rng = np.random.default_rng(seed)
    artist_genre = rng.choice(["Folk", "Pop", "Rock", "Hip-Hop"], n_artists, p=[0.4, 0.3, 0.2, 0.1])
    artist = rng.integers(0, n_artists, n)
    index = pd.Index(np.arange(n) * 3 + 2, name="track_id")
    return (pd.Series(artist_genre[artist], index=index), pd.Series([f"artist {a}" for a in artist], index=index))


def make_folder(tmp_path, ids, genres, *, artists=None, splits=None):
    """A dataset folder with tracks.csv (no split unless given), genres.csv."""
    columns = COLUMNS + ([c for c in TRACKS_COLUMNS if c[:2] == ("set", "split")] if splits is not None else [])
    tracks = make_fma_tracks(ids, columns=columns, genres=genres, splits=splits)
    if artists is not None:
        tracks[("artist", "name")] = list(artists)
        tracks[("artist", "id")] = pd.array([None if a is None else int(a.split()[-1]) + 1 for a in artists],
                                            dtype="Int64")
    folder = tmp_path / "ds"
    folder.mkdir()
    write_tracks(tracks, folder / "tracks.csv")
    write_genres(make_genre_table(), folder / "genres.csv")
    return folder


def test_the_same_seed_gives_the_same_split_whatever_the_order_of_the_tracks():
    genres, artists = make_world()
    first = make_split(genres, artists, seed=3)
    shuffled = genres.sample(frac=1, random_state=1)
    again = make_split(shuffled, artists.loc[shuffled.index], seed=3)
    pd.testing.assert_series_equal(first.parts, again.parts)
    other = make_split(genres, artists, seed=4)
    assert (other.parts != first.parts).sum() > 20  # another seed: another split


def test_each_genre_is_split_about_80_10_10_with_every_part_filled():
    genres, _ = make_world()
    singles = pd.Series(genres.index.astype(str), index=genres.index)  # no artist: track by track
    split = make_split(genres, singles, seed=0)
    table = split.count()
    for genre, n in genres.value_counts().items():
        assert table.loc[genre].tolist() == apportion(n, (0.8, 0.1, 0.1)), genre
    assert split.notes == ()
    unknown = make_split(genres, pd.Series(dtype=object), seed=0)  # no group known: each track its own
    pd.testing.assert_frame_equal(unknown.count(), table)


def test_an_artist_never_lands_in_two_parts_and_the_shares_stay_close():
    genres, artists = make_world()
    split = make_split(genres, artists, seed=0)
    assert pd.DataFrame({"a": artists, "s": split.parts}).groupby("a")["s"].nunique().max() == 1
    shares = split.parts.value_counts(normalize=True)
    assert abs(shares["training"] - 0.8) < 0.06 and min(shares["validation"], shares["test"]) > 0.05
    assert (split.count() > 0).all().all()  # every genre in every part


def test_tiny_genres_and_one_artist_genres_follow_the_stated_rule():
    genres = pd.Series(["Folk"] * 2 + ["Pop"] * 9 + ["Rock"] * 20, index=range(1, 32))
    artists = pd.Series(["a1", "a2"] + ["solo"] * 9 + [f"r{i}" for i in range(20)], index=genres.index)
    split = make_split(genres, artists)
    table = split.count()
    assert table.loc["Folk"].tolist() == [2, 0, 0]
    assert table.loc["Pop"].tolist() == [9, 0, 0]
    assert table.loc["Rock"].tolist() == [16, 2, 2]
    assert split.notes == (
        "genre 'Folk' has 2 tracks, fewer than the 3 parts: all are in training, so it is never validated or tested",
        "genre 'Pop' has its 9 tracks by 1 artist, and an artist's tracks stay in one part: none are in validation "
        "or test",
    )


def test_a_genre_of_few_artists_puts_one_in_each_part_test_before_validation():
    genres = pd.Series(["Pop"] * 10, index=range(10))
    split = make_split(genres, pd.Series(["a"] * 6 + ["b"] * 4, index=genres.index))
    assert split.count().loc["Pop"].tolist() == [6, 0, 4]
    assert split.notes == ("genre 'Pop' has its 10 tracks by 2 artists, and an artist's tracks stay in one part: "
                           "none are in validation",)
    split = make_split(genres, pd.Series(["a"] * 5 + ["b"] * 3 + ["c"] * 2, index=genres.index))
    assert split.count().loc["Pop"].tolist() == [5, 2, 3] and split.notes == ()


@pytest.mark.parametrize("fractions", [(0.8, 0.2), (0.8, 0.1, 0.2), (1.0, 0.0, 0.0), (0.8, 0.1, float("nan"))])
def test_bad_fractions_are_refused(fractions):
    with pytest.raises(ValueError, match="fractions must be three positive numbers"):
        check_fractions(fractions)


def test_groups_use_the_artist_id_then_the_name_then_the_track():
    tracks = make_fma_tracks([1, 2, 3], columns=COLUMNS)
    tracks[("artist", "id")] = pd.array([5, 5, None], dtype="Int64")
    groups, by = make_groups(tracks)
    assert by == "artist/id" and groups[1] == groups[2] != groups[3]
    tracks[("artist", "id")] = pd.array([None] * 3, dtype="Int64")
    tracks[("artist", "name")] = ["The Band", " the band", None]
    groups, by = make_groups(tracks)
    assert by == "artist/name" and groups[1] == groups[2] != groups[3]
    assert make_groups(tracks, by_artist=False)[1] == "track"


def test_split_command_writes_the_split_and_its_settings(tmp_path, capsys):
    genres, artists = make_world(60, 20)
    folder = make_folder(tmp_path, genres.index, genres, artists=artists)
    before = (folder / "tracks.csv").read_bytes()
    assert main(["split", str(folder), "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "split: seed 5, 80/10/10 % per genre, artists kept apart (artist/id)" in out
    assert f"written: {folder / SPLIT_FILE}" in out
    parts = read_split(folder)
    assert parts.index.tolist() == sorted(genres.index) and set(parts) == set(SPLITS)
    settings = json.loads((folder / "split.json").read_text())
    assert settings["seed"] == 5 and settings["fractions"] == {"training": 0.8, "validation": 0.1, "test": 0.1}
    assert settings["grouped_by"] == "artist/id" and sum(settings["counts"].values()) == 60
    assert (folder / "tracks.csv").read_bytes() == before  # the dataset's own file is never touched
    assert main(["split", str(folder), "--seed", "5"]) == 0  # again: the same file
    pd.testing.assert_series_equal(read_split(folder), parts)


def test_an_official_split_is_never_replaced(tmp_path, caplog):
    folder = make_folder(tmp_path, [1, 2, 3], ["Pop", "Rock", "Pop"], splits=["training", "test", "validation"])
    assert has_official_split(folder)
    before = (folder / "tracks.csv").read_bytes()
    with pytest.raises(ValueError, match="has FMA's official split .* never replaced"):
        split_dataset(folder)
    assert main(["split", str(folder)]) == 2 and "never replaced" in caplog.text
    assert not (folder / SPLIT_FILE).exists() and (folder / "tracks.csv").read_bytes() == before


def test_the_loader_reads_split_csv_where_tracks_csv_has_no_split(tmp_path, capsys):
    genres, artists = make_world(60, 20)
    folder = make_folder(tmp_path, genres.index, genres, artists=artists)
    split = split_dataset(folder, seed=1)
    dataset = load_dataset(folder)
    assert dataset.split_source == SPLIT_FILE and len(dataset.excluded) == 0
    assert dataset.tracks["split"].astype(str).to_dict() == split.parts.to_dict()
    assert main(["info", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "tracks: 60 (training" in out
    assert "split: split.csv, made by `genrebook split`: seed 1, 80/10/10 % per genre" in out


def test_tracks_added_after_the_split_are_left_out_with_the_reason(tmp_path):
    folder = make_folder(tmp_path, range(1, 21), ["Pop", "Rock"] * 10)
    split_dataset(folder)
    parts = read_split(folder)
    parts.drop(index=[4, 7]).to_frame().to_csv(folder / SPLIT_FILE)
    dataset = load_dataset(folder)
    assert dataset.excluded.to_dict() == {4: "not in split.csv (added after `genrebook split` ran)",
                                          7: "not in split.csv (added after `genrebook split` ran)"}


def test_an_official_split_wins_over_a_split_csv(tmp_path):
    folder = make_folder(tmp_path, [1, 2, 3], ["Pop", "Rock", "Pop"], splits=["training", "test", "validation"])
    pd.Series({1: "test", 2: "test", 3: "test"}, name="split").rename_axis("track_id").to_frame().to_csv(
        folder / SPLIT_FILE)
    dataset = load_dataset(folder)
    assert dataset.split_source == "official"
    assert dataset.tracks["split"].astype(str).tolist() == ["training", "test", "validation"]
    tracks, source = apply_split(load_tracks(folder / "tracks.csv"), folder)
    assert source == "official"


def test_a_dataset_without_a_split_column_loads_from_split_csv(tmp_path):
    folder = make_folder(tmp_path, range(1, 11), ["Pop", "Rock"] * 5)
    assert ("set", "split") not in load_tracks(folder / "tracks.csv").columns
    with pytest.raises(ValueError, match=r"missing: set/split \(a dataset without a split: run `genrebook split`"):
        load_dataset(folder)
    split_dataset(folder)
    assert len(load_dataset(folder).tracks) == 10


def test_an_empty_split_column_leaves_every_track_out_with_the_command_to_run(tmp_path, capsys):
    folder = make_folder(tmp_path, [1, 2, 3], ["Pop", "Rock", "Pop"], splits=[None, None, None])
    assert not has_official_split(folder)
    dataset = load_dataset(folder)
    assert dataset.split_source is None and set(dataset.excluded) == {"no split (run `genrebook split` on the dataset)"}
    assert main(["info", str(folder)]) == 0
    assert f"split: none; run `genrebook split {folder}`" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["run", "book"])
def test_run_and_book_stop_before_any_work_on_a_dataset_without_a_split(tmp_path, caplog, command):
    folder = make_folder(tmp_path, [1, 2, 3], ["Pop", "Rock", "Pop"], splits=[None, None, None])
    out = tmp_path / "out"
    argv = [command, "--dataset", str(folder)] + (["01_data", "--out", str(out)] if command == "run" else [])
    assert main(argv) == 2
    assert f"run `genrebook split {folder}` first" in caplog.text
    assert not out.exists() and sorted(p.name for p in folder.iterdir()) == ["genres.csv", "tracks.csv"]
    with pytest.raises(ValueError, match="has no training/validation/test split"):
        require_split(folder)


def test_a_malformed_split_csv_names_the_file(tmp_path):
    folder = make_folder(tmp_path, [1, 2], ["Pop", "Rock"])
    (folder / SPLIT_FILE).write_text("track_id,split\n1,train\n2,test\n")
    with pytest.raises(ValueError, match=f"{folder / SPLIT_FILE}: expected columns track_id,split with splits "
                                         "training, validation, test; found columns .* and splits \\['train'\\]"):
        load_dataset(folder)
