"""What each chapter needs from its dataset: the declared needs, the check on real dataset folders
(features only, no validation tracks, one genre, no features, no usable track), and the paragraph a
page shows instead of its sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from genrebook.book.chapter import setup_chapter
from genrebook.book.needs import (
    NEED_KINDS,
    NEEDS,
    MissingNeeds,
    Needs,
    Unmet,
    describe_needs,
    explain_unmet,
    find_unmet,
    make_explained_notebook,
    read_title,
)
from genrebook.book.runner import SUMMARY_CHAPTERS, find_chapters
from genrebook.fma.dataset import load_dataset
from genrebook.fma.metadata import write_tracks
from tests.helpers import ROOT, FEATURES_ONLY_COLUMNS, make_features_dataset, make_fma_tracks, \
    make_two_genre_dataset


@pytest.fixture(scope="module")
def two_genres(tmp_path_factory) -> Path:
    return make_two_genre_dataset(tmp_path_factory.mktemp("needs") / "two")


def kinds(unmet) -> list[str]:
    return [u.kind for u in unmet]


def test_every_chapter_that_reads_a_dataset_declares_its_needs():
    chapters = set(find_chapters())
    assert set(NEEDS) <= chapters, f"needs declared for chapters that do not exist: {set(NEEDS) - chapters}"
    assert chapters - set(SUMMARY_CHAPTERS) - set(NEEDS) == set(), "declare the new chapter's needs in NEEDS"
    for needs in NEEDS.values():
        assert set(needs.kinds) <= set(NEED_KINDS) and needs.does and not needs.does.endswith(".")


def test_an_unknown_need_is_refused():
    with pytest.raises(ValueError, match="unknown need 'audio'; needs are tracks, features"):
        Needs("listens", ("audio",))


def test_a_features_only_dataset_has_what_the_feature_chapters_need_but_no_images(two_genres):
    ds = load_dataset(two_genres)
    for chapter in ("01_data", "02_limitations", "03_classical_models", "04_featurewise_logreg", "07_clustering"):
        assert find_unmet(chapter, ds) == (), chapter
    unmet = find_unmet("05_cnn", ds)
    assert kinds(unmet) == ["images"]
    assert unmet[0].lacks == "has a spectrogram image of none of its 80 tracks"
    assert "has none" in unmet[0].how and "genrebook extract" in unmet[0].how  # images need audio first
    assert find_unmet("00_intro", ds) == () and find_unmet("99_execution", ds) == ()


def test_an_empty_split_part_is_named_with_how_to_get_a_split(tmp_path):
    ds = load_dataset(make_features_dataset(tmp_path / "noval", {"Rock": 20, "Pop": 20},
                                            feature_sizes={"mfcc": 2, "zcr": 1}, empty_splits=("validation",)))
    assert find_unmet("02_limitations", ds) == ()  # it uses training and test only
    unmet = find_unmet("03_classical_models", ds)
    assert kinds(unmet) == ["validation"] and unmet[0].lacks == "has no validation tracks"
    assert "genrebook split DATASET" in unmet[0].how
    both = find_unmet("05_cnn", ds)
    assert kinds(both) == ["images", "validation"]


def test_one_genre_is_not_enough_to_tell_genres_apart(tmp_path):
    ds = load_dataset(make_features_dataset(tmp_path / "rock", {"Rock": 30}, feature_sizes={"mfcc": 2, "zcr": 1}))
    assert find_unmet("01_data", ds) == ()
    unmet = find_unmet("07_clustering", ds)
    assert kinds(unmet) == ["genres"] and unmet[0].lacks == "has tracks of only one genre, Rock"


def test_one_genre_in_training_is_not_enough_for_the_models(tmp_path):
    folder = make_features_dataset(tmp_path / "mixed", {"Rock": 20, "Pop": 20}, feature_sizes={"mfcc": 2, "zcr": 1})
    ds = load_dataset(folder)
    ds.tracks.loc[ds.tracks["genre"] == "Pop", "split"] = "test"  # a stand-in: Pop only in test
    assert kinds(find_unmet("03_classical_models", ds)) == ["genres"]
    assert "among its training tracks" in find_unmet("03_classical_models", ds)[0].lacks
    assert find_unmet("07_clustering", ds) == ()  # clustering uses every track, whatever its split


def test_audio_without_features_says_to_extract(audio_dataset):
    ds = load_dataset(audio_dataset)
    unmet = find_unmet("03_classical_models", ds)
    assert kinds(unmet)[0] == "features" and unmet[0].how.startswith("`genrebook extract DATASET` computes")
    assert kinds(find_unmet("05_cnn", ds))[0] == "images"
    assert "renders an image of every clip from its audio" in find_unmet("05_cnn", ds)[0].how


def test_one_feature_group_cannot_be_compared_with_others(tmp_path):
    ds = load_dataset(make_features_dataset(tmp_path / "one", {"Rock": 20, "Pop": 20}, feature_sizes={"mfcc": 3}))
    assert kinds(find_unmet("04_featurewise_logreg", ds)) == ["groups"]
    assert find_unmet("04_featurewise_logreg", ds)[0].lacks == "has features of one group only, MFCC"
    assert find_unmet("03_classical_models", ds) == ()


def test_a_dataset_whose_tracks_are_all_left_out_says_only_that(tmp_path):
    folder = make_features_dataset(tmp_path / "nosplit", {"Rock": 6, "Pop": 6}, feature_sizes={"zcr": 1})
    tracks = make_fma_tracks(range(2, 38, 3), columns=FEATURES_ONLY_COLUMNS, genres=["Rock", "Pop"] * 6,
                             splits=[None] * 12)
    write_tracks(tracks, folder / "tracks.csv")
    ds = load_dataset(folder)
    unmet = find_unmet("03_classical_models", ds)
    assert kinds(unmet) == ["tracks"]
    assert unmet[0].lacks.startswith("has no usable track: all 12 tracks of its tracks.csv are left out; the most "
                                     "common reason: no ")
    assert "genrebook split DATASET" in unmet[0].how


def test_the_paragraph_says_what_is_needed_what_is_lacking_and_how_to_get_it():
    unmet = (Unmet("images", "has a spectrogram image of none of its 80 tracks", "Run the extractor."),
             Unmet("validation", "has no validation tracks", "Make a split."),
             Unmet("test", "has no test tracks", "Make a split."))
    paragraph = explain_unmet("05_cnn", unmet, dataset_name="tiny")
    assert paragraph.startswith("**Not computed for this dataset.** This chapter trains convolutional networks")
    assert "it needs a spectrogram image of every track, tracks of at least two genres and tracks in the training, " \
           "validation and test parts of the split." in paragraph
    assert "This dataset (tiny) has a spectrogram image of none of its 80 tracks; has no validation tracks; " in paragraph
    assert paragraph.count("Make a split.") == 1  # one way to get two things is said once
    assert "/" not in paragraph.replace("training/validation/test", "")  # no machine path
    assert describe_needs("00_intro") == "none"


def test_the_setup_cell_raises_the_paragraph_before_any_work(two_genres):
    with pytest.raises(MissingNeeds, match=r"^\*\*Not computed for this dataset.\*\* This chapter trains") as caught:
        setup_chapter("05_cnn", {"dataset": str(two_genres)})
    assert caught.value._render_traceback_() == [str(caught.value)]  # IPython shows it without a traceback
    assert setup_chapter("03_classical_models", {"dataset": str(two_genres)}).dataset.name == "two genres, features only"


def test_the_explained_page_keeps_the_title_and_glues_nothing():
    source = ROOT / "chapters" / "05_cnn.py"
    assert read_title(source) == "Convolutional networks"
    notebook = make_explained_notebook(source, "**Not computed for this dataset.** Because.")
    assert [c.cell_type for c in notebook.cells] == ["markdown"]
    assert notebook.cells[0].source == "# Convolutional networks\n\n**Not computed for this dataset.** Because."
    assert "glue" not in notebook.cells[0].source
