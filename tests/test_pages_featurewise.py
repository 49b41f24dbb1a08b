"""Results builders of chapter 04 on tiny data: keys, reader tables, paired verdicts, reported figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from types import SimpleNamespace  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from genrebook.book.featurewise import ALL_FEATURES, tabulate_fma_medium
from genrebook.book.pages import featurewise as page
from genrebook.book.verdicts.comparable import MEDIUM_GENRES
from genrebook.fma.columns import FEATURE_SIZES, SMALL_GENRES
from genrebook.models.sampling import Limits
from tests.helpers import FEATURE_WORLD_GENRES, make_feature_world


@pytest.fixture(scope="module")
def world():
    features, tracks = make_feature_world()
    ds = SimpleNamespace(features=features, tracks=tracks, feature_source="own", synthetic=False,
                         genre_names=list(FEATURE_WORLD_GENRES))
    return ds, page.fit_feature_groups(ds, search="quick", seed=0, jobs=1)


def assert_readable(table):
    """Every cell is text a reader can read: no NaN, None, booleans or raw floats."""
    for value in table.frame.to_numpy().ravel():
        assert isinstance(value, str) and value not in ("nan", "None", "True", "False"), value
        assert not any(len(part) > 4 for part in value.replace("–", " ").split(".")[1:2] if part.isdigit()), value


def fake_fits(groups, genres_table: dict[str, float]) -> page.GroupFits:
    """Fits with only a table (the reported comparisons read nothing else)."""
    table = pd.DataFrame({"test_accuracy": list(genres_table.values())}, index=list(genres_table))
    table["test_low"], table["test_high"] = table["test_accuracy"] - 0.02, table["test_accuracy"] + 0.02
    return page.GroupFits({}, {g: (0,) for g in groups}, table, {}, "quick", 0, 1)


def test_groups_section_names_the_best_group_and_tests_it_against_all_features(world):
    ds, fits = world
    section = page.describe_groups(ds, fits)
    numbers = section.numbers
    assert numbers["best_group"] == "a" and numbers["n_groups"] == 3 and numbers["n_features"] == 12
    assert numbers["best_group_accuracy"] == numbers["best_group_test_accuracy"] == max(
        float(fits.table.loc[g, "test_accuracy"]) for g in "abc")
    assert "test tracks" in numbers["full_vs_best_group"] and "McNemar" in numbers["full_vs_best_group"]
    assert numbers["gap_over_best_group"].startswith(("added", "cost", "changed nothing"))
    assert "-" not in numbers["gap_over_best_group"]
    table = section.tables["groups"]
    assert list(table.frame.columns)[:3] == ["feature group", "columns", "test accuracy"]
    assert table.frame["feature group"].iloc[-1] == "all features"
    assert_readable(table)
    assert section.figures["group_accuracies"].axes[0].get_xlabel() == "test accuracy (%)"
    plt.close("all")


def test_ties_are_named_together(world):
    ds, fits = world
    tied = fits.table.copy()
    tied.loc[["a", "b"], "test_accuracy"] = 0.9
    section = page.describe_groups(ds, page.GroupFits(fits.parts, fits.groups, tied, fits.correct, "quick", 0, 1,
                                                      fits.predictions))
    assert section.numbers["best_group"] == "a and b (tied)"
    plt.close("all")


def test_statistics_and_forward_selection_sections(world):
    ds, fits = world
    statistics = page.describe_statistics(ds, fits)
    assert statistics.numbers["n_statistics"] == 2
    assert statistics.numbers["statistics"] == "mean and standard deviation"
    assert "the full model" in statistics.numbers["best_statistic_vs_full"]
    assert_readable(statistics.tables["statistics"])
    forward = page.describe_forward_selection(fits)
    numbers = forward.numbers
    assert numbers["forward_first_group"] == "a" and numbers["forward_order"].startswith("a, ")
    assert numbers["forward_peak"].startswith("Adding groups one at a time")
    assert numbers["forward_last_change"].startswith(("added", "cost", "changed nothing"))
    assert "the model without it" in numbers["forward_last_paired"]
    steps = forward.tables["steps"]
    assert steps.frame["change on test"].iloc[0] == "—" and "points" in steps.frame["change on test"].iloc[1]
    assert_readable(steps)
    plt.close("all")


def test_forward_selection_needs_two_groups(world):
    ds, fits = world
    one = page.GroupFits(fits.parts, {"a": fits.groups["a"]}, fits.table, fits.correct, "quick", 0, 1)
    with pytest.raises(ValueError, match="at least two feature groups"):
        page.describe_forward_selection(one)


def test_original_figures_are_shown_but_not_compared_on_other_data(world):
    ds, fits = world
    section = page.compare_with_original(ds, fits)
    assert section.numbers["original_verdict"].startswith("Our accuracies are not compared")
    assert "4 genres" in section.numbers["original_verdict"]
    frame = section.tables["original"].frame
    assert not any(c.startswith("this book") for c in frame.columns)
    assert frame["reported test accuracy"].tolist() == ["52.2%", "57.7%", "57.7%"]
    assert_readable(section.tables["original"])


def test_original_figures_are_compared_on_fma_small_with_fma_features():
    ds = SimpleNamespace(genre_names=list(SMALL_GENRES), synthetic=False)
    fits = fake_fits(FEATURE_SIZES, {"mfcc": 0.55, ALL_FEATURES: 0.60})
    section = page.compare_with_original(ds, fits)
    verdict = section.numbers["original_verdict"]
    assert "MFCC, as its summary reports it: ours, 55.0%, beats the reported 52.2%" in verdict
    assert "falls short of the reported 57.7%" in verdict
    assert section.tables["original"].frame["this book: test accuracy"].tolist() == ["55.0%", "55.0%", "60.0%"]


def test_fma_medium_figures_are_never_compared_on_fma_small():
    ds = SimpleNamespace(genre_names=list(SMALL_GENRES), synthetic=False)
    fits = fake_fits(FEATURE_SIZES, {"mfcc": 0.55, ALL_FEATURES: 0.60})
    section = page.compare_with_fma_paper(ds, fits)
    verdict = section.numbers["fma_medium_verdict"]
    assert verdict.startswith("Our accuracies are not compared") and "fma_medium" in verdict
    assert "fma_small's 8" in verdict
    frame = section.tables["fma_medium"].frame
    assert frame.columns.tolist()[2].startswith("reported") and "this book: logistic regression" not in frame.columns
    assert frame.set_index("feature set").loc["all 518 statistics", "reported: values"] == "518"
    assert_readable(section.tables["fma_medium"])


def test_fma_medium_figures_are_compared_on_fma_medium_with_fma_features():
    ds = SimpleNamespace(genre_names=list(MEDIUM_GENRES), synthetic=False)
    fits = fake_fits(FEATURE_SIZES, {"mfcc": 0.58, ALL_FEATURES: 0.70})
    section = page.compare_with_fma_paper(ds, fits)
    verdict = section.numbers["fma_medium_verdict"]
    assert "MFCC: ours, 58.0%, matches the reported 58.0%" in verdict
    assert "all 518 statistics: ours, 70.0%, beats the reported 61.0%" in verdict
    shown = section.tables["fma_medium"].frame.set_index("feature set")["this book: logistic regression"]
    assert shown["MFCC"] == "58.0%" and shown["chroma (one of three groups)"] == "—"


def test_fma_medium_table_gives_the_papers_values_and_sizes_agree_with_fmas_groups():
    frame = tabulate_fma_medium().frame.set_index("feature set")
    assert frame["reported: values"].tolist() == ["84", "42", "140", "7", "7", "49", "7", "7", "7", "189", "273", "518"]
    assert frame["reported: values"].iloc[-1] == str(7 * sum(FEATURE_SIZES.values()))


def test_correct_marks_and_first_best():
    marks = page.mark_correct({"x": pd.Series(["a", "b", "c"])}, pd.Series(["a", "a", "c"]))
    assert marks["x"].tolist() == [True, False, True] and marks["x"].dtype == np.bool_
    assert page.first_best({"p": 0.5, "q": 0.5004, "r": 0.1}) == "p"


def test_unbalanced_genres_add_balanced_accuracy_and_macro_f1_to_the_groups_table(world):
    ds, fits = world
    assert "balanced accuracy" not in page.describe_groups(ds, fits).tables["groups"].frame.columns
    dropped = ds.tracks.index[(ds.tracks["genre"] == "Pop") & (ds.tracks["split"] == "training")][:10]
    keep = ds.tracks.index.difference(dropped)
    lopsided = SimpleNamespace(features=ds.features.loc[keep], tracks=ds.tracks.loc[keep], feature_source="own",
                               synthetic=False, genre_names=list(FEATURE_WORLD_GENRES))
    lopsided_fits = page.fit_feature_groups(lopsided, search="quick", seed=0, jobs=1)
    section = page.describe_groups(lopsided, lopsided_fits)
    columns = list(section.tables["groups"].frame.columns)
    assert columns[:6] == ["feature group", "columns", "test accuracy", "95% interval", "balanced accuracy", "macro-F1"]
    assert_readable(section.tables["groups"])
    assert section.numbers["balance_note"].startswith("The genres are unbalanced")
    assert 0 < section.numbers["all_features_balanced_accuracy"] <= 1
    plt.close("all")


def test_the_page_says_whether_the_training_tracks_were_subsampled(world):
    ds, fits = world
    n_train = len(fits.parts["training"][1])
    numbers = page.describe_sampling(fits).numbers
    assert numbers["n_train"] == numbers["n_search_tracks"] == n_train
    assert numbers["sampling_note"].startswith(f"Every fit saw all {n_train:,} training tracks")
    capped = page.fit_feature_groups(ds, search="quick", seed=0, jobs=1, limits=Limits(30, 40, first=10))
    note = page.describe_sampling(capped).numbers["sampling_note"]
    assert "the search of C for every set of columns ran in rounds (successive halving)" in note
    assert "every candidate on 10 of them, ending" in note  # the quick search's 3 candidates: one round
    assert "best third" not in note
    assert "another such subsample, of 40" in note and (capped.table["fit_rows"] == 40).all()
