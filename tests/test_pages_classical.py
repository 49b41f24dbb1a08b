"""Chapter 03's results builders on a tiny feature world: declared keys, reader tables, comparisons made
only where comparable, the paired test, the clips of wrong predictions, and the plots."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import soundfile as sf  # noqa: E402

from genrebook.book.balance import compute_balanced_scores  # noqa: E402
from genrebook.book.classical import (  # noqa: E402
    BEST_MODEL_TARGET,
    choose_model,
    describe_params,
    fit_models,
    predict_confidence,
)
from genrebook.book.pages import classical as page  # noqa: E402
from genrebook.book.verdicts import MEDIUM_GENRES  # noqa: E402
from genrebook.fma.columns import FMA_GROUPS, SMALL_GENRES  # noqa: E402
from genrebook.models.sampling import Limits  # noqa: E402
from genrebook.models.tuning import Candidate, compute_learning_curve  # noqa: E402
from genrebook.plots.models import plot_confusion, plot_learning_curve, plot_model_accuracies  # noqa: E402
from tests.helpers import make_feature_world, synthesize_clip  # noqa: E402

MODELS = ("logreg", "knn", "svm")


def make_dataset(features, tracks, *, audio=None, synthetic=False, genres=None):
    """A stand-in for :class:`genrebook.fma.dataset.Dataset` with what the builders read."""
    tracks = tracks.assign(title=[f"track {i}" for i in tracks.index], artist="someone",
                           audio=pd.Series(audio, dtype=object).reindex(tracks.index))
    names = sorted(tracks["genre"].unique()) if genres is None else list(genres)
    return SimpleNamespace(features=features, tracks=tracks, genre_names=names, synthetic=synthetic,
                           fma_tracks=pd.DataFrame(index=tracks.index))


@pytest.fixture(scope="module")
def world():
    features, tracks = make_feature_world()
    ds = make_dataset(features, tracks)
    return ds, fit_models(ds, models=MODELS, search="quick", seed=0)


def cells(table) -> list[str]:
    frame = table.frame if hasattr(table, "frame") else table.rows.drop(columns="audio")
    return [str(v) for v in frame.to_numpy().ravel()] + [str(c) for c in frame.columns]


def test_the_fit_keeps_the_models_asked_for_in_book_order_and_chooses_on_validation(world):
    _, fits = world
    assert fits.names == ("logreg", "knn", "svm")
    assert fits.best == choose_model(fits.table, len(fits.parts["validation"][1]))
    assert fits.top == fits.table["validation_accuracy"].idxmax() or (
        fits.table.loc[fits.top, "validation_accuracy"] == fits.table["validation_accuracy"].max())
    assert fits.correct("svm").dtype == bool and len(fits.correct("svm")) == len(fits.y_test)


def test_per_model_keys_exist_only_for_the_models_fitted(world):
    _, fits = world
    section = page.summarize_tuning(fits)
    assert {"logreg_test_accuracy", "svm_test_low", "knn_test_high"} <= set(section.numbers)
    assert "rf_test_accuracy" not in section.numbers
    assert "logreg_test_accuracy" not in page.summarize_tuning.produces
    assert {"best_model", "best_model_key", "best_test_accuracy", "n_models"} <= set(page.summarize_tuning.produces)
    assert section.numbers["n_models"] == 3 and section.numbers["best_model_key"] in MODELS


def test_tables_are_written_for_readers(world):
    ds, fits = world
    tables = [*page.summarize_tuning(fits).tables.values(), page.compare_baselines(fits).table,
              page.compare_with_published(fits, ds).table, page.describe_errors(fits, ds).table,
              page.summarize_cost(fits).table]
    for table in tables:
        text = cells(table)
        assert not any(v in ("nan", "None", "True", "False", "svm", "logreg", "knn") for v in text), text
        assert not any(re.fullmatch(r"-?\d+\.\d{4,}", c) for c in text), text
    models = page.summarize_tuning(fits).tables["models"].frame
    assert list(models.columns)[:3] == ["model", "test accuracy", "95% interval"]
    assert set(models["model"]) == {"logistic regression", "k nearest neighbours", "RBF SVM"}
    assert all(v.endswith("%") and "–" in v for v in models["95% interval"])
    assert (models["against the chosen model (McNemar)"] == "the chosen model").sum() == 1
    published = page.compare_with_published(fits, ds).table.frame
    assert published.set_index("model").loc["RBF SVM", "reported train accuracy"] == "—"
    assert published.set_index("model").loc["logistic regression", "reported test accuracy"] == "57.7%"


def test_reported_figures_and_the_target_are_not_compared_on_other_genres(world):
    ds, fits = world
    numbers = page.compare_with_published(fits, ds).numbers
    assert "not compared" in numbers["reported_outcomes"] and "4 genres" in numbers["reported_outcomes"]
    assert numbers["chosen_against_reported"] == "is not set against it either, for the same reason"
    target = page.check_target(fits, ds).numbers
    assert target["target_accuracy"] == BEST_MODEL_TARGET and "not checked" in target["target_verdict"]
    synthetic = make_dataset(ds.features, ds.tracks, synthetic=True, genres=list(SMALL_GENRES))
    assert "synthetic" in page.check_target(fits, synthetic).numbers["target_verdict"]


def test_reported_figures_are_compared_on_fma_small_with_fma_features(world):
    ds, fits = world
    columns = pd.MultiIndex.from_tuples([(g, "mean", "01") for g in sorted(FMA_GROUPS)])
    fma_like = SimpleNamespace(features=pd.DataFrame(0.0, index=ds.tracks.index, columns=columns),
                               genre_names=sorted(SMALL_GENRES), synthetic=False)
    numbers = page.compare_with_published(fits, fma_like).numbers
    assert numbers["n_reported"] == 2 and "not compared" not in numbers["reported_outcomes"]
    assert numbers["reported_outcomes"].startswith(("Both models", "Of the two models"))
    assert numbers["chosen_against_reported"].startswith(("beats", "matches", "falls short"))
    assert "not checked" not in page.check_target(fits, fma_like).numbers["target_verdict"]


def test_features_other_than_fmas_are_named_as_readers_say_them(world):
    ds, fits = world
    columns = pd.MultiIndex.from_tuples([("mfcc", "mean", "01"), ("vggish", "mean", "01")])
    derived = SimpleNamespace(features=pd.DataFrame(0.0, index=ds.tracks.index, columns=columns),
                              genre_names=sorted(SMALL_GENRES), synthetic=False)
    text = page.compare_with_published(fits, derived).numbers["reported_outcomes"]
    assert "MFCC and VGGish" in text and "not compared" in text


def test_wrong_predictions_with_audio_are_played_most_confident_first(world, tmp_path):
    ds, fits = world
    predicted = fits.predictions[fits.best]
    wrong = list(predicted.index[(predicted != fits.y_test).to_numpy()])
    assert wrong, "the tiny world should leave the chosen model some mistakes"
    audio = {}
    for track in wrong[:5]:
        path = tmp_path / f"{track}.wav"
        sf.write(path, synthesize_clip(track, seconds=0.2, sr=8000), 8000)
        audio[track] = str(path)
    section = page.pick_wrong_clips(fits, make_dataset(ds.features, ds.tracks, audio=audio))
    rows = section.table.rows
    assert 1 <= len(rows) <= page.N_WRONG_CLIPS and section.numbers["n_wrong_clips"] == len(rows)
    confidence = [float(c.rstrip("%")) for c in rows["confidence"]]
    assert confidence == sorted(confidence, reverse=True) and all(0 <= c <= 100 for c in confidence)
    assert (rows["predicted genre"] != rows["genre"]).all()
    silent = page.pick_wrong_clips(fits, ds)
    assert len(silent.table) == 0 and "none of them has audio" in silent.numbers["wrong_clips_note"]


def test_confidence_is_the_probability_of_the_predicted_genre(world):
    _, fits = world
    for key in ("svm", "knn"):
        confidence = predict_confidence(fits, key)
        assert confidence.index.equals(fits.y_test.index) and confidence.between(0, 1).all()


def test_errors_learning_and_cost_read_as_prose(world):
    ds, fits = world
    errors = page.describe_errors(fits, ds).numbers
    assert errors["easiest_genre_f1"] >= errors["hardest_genre_f1"]
    assert errors["most_confused"].startswith("it mixes up")
    learning = page.compute_learning(fits).numbers
    assert learning["curve_doubling_change"].startswith(("added", "cost", "changed nothing"))
    assert learning["curve_largest_n"] == int((ds.tracks["split"] == "training").sum())
    cost = page.summarize_cost(fits).numbers
    assert all(cost[k].endswith("s") for k in ("slowest_fit_time", "fastest_fit_time", "search_time", "wall_time"))
    baselines = page.compare_baselines(fits)
    assert len(baselines.table) == 3 and baselines.numbers["chance_accuracy"] == 0.25


def test_inputs_count_the_splits_and_name_the_groups(world):
    ds, _ = world
    numbers = page.describe_inputs(ds).numbers
    assert numbers["n_groups"] == 3 and numbers["feature_groups"] == "a, b and c"
    assert numbers["n_train"] + numbers["n_validation"] + numbers["n_test"] == len(ds.tracks)


def test_parameters_read_as_words():
    assert describe_params("gb", {"max_iter": 120, "learning_rate": 0.1, "max_leaf_nodes": 15}) == \
        "120 boosting stages, learning rate 0.1, at most 15 leaves per tree"
    assert describe_params("ada", {"n_estimators": 32, "max_depth": 1}) == "32 stages, trees of depth 1"
    assert describe_params("rf", {"n_estimators": 300, "max_features": 0.1}) == \
        "300 trees, 10% of the features tried per split"


def test_plots_return_figure_and_axes_with_units(world):
    _, fits = world
    table = fits.table.rename(index={"logreg": "logistic regression"})
    fig, ax = plot_model_accuracies(table, reported=pd.Series({"logistic regression": 0.577}),
                                    baselines={"chance": 0.25})
    assert ax.figure is fig and ax.get_xlabel() == "test accuracy (%)" and ax.get_title() == ""
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("ours") and "reported" in labels and "chance (25.0%)" in labels
    curve = compute_learning_curve(Candidate("logreg", "logreg", {"C": 1.0}), fits.parts, seed=0,
                                   fractions=(0.5, 1.0))
    fig, ax = plot_learning_curve(curve)
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "accuracy (%)"
    confusion = pd.DataFrame(np.eye(2), index=pd.Index(["a", "b"], name="true genre"),
                             columns=pd.Index(["a", "b"], name="predicted genre"))
    fig, ax = plot_confusion(confusion)
    assert ax.get_xlabel() == "predicted genre" and ax.get_title() == ""
    plt.close("all")


def unbalance(ds, genre: str, n_dropped: int):
    """The world with ``n_dropped`` training tracks of one genre left out."""
    dropped = ds.tracks.index[(ds.tracks["genre"] == genre) & (ds.tracks["split"] == "training")][:n_dropped]
    keep = ds.tracks.index.difference(dropped)
    return make_dataset(ds.features.loc[keep], ds.tracks.loc[keep].drop(columns=["title", "artist", "audio"]))


def test_balanced_genres_keep_accuracy_alone_in_the_tables(world):
    _, fits = world
    assert not fits.balance.unbalanced
    tuning = page.summarize_tuning(fits)
    assert "balanced accuracy" not in tuning.tables["models"].frame.columns
    assert tuning.numbers["balance_note"].startswith("The genres are balanced, so accuracy weighs them almost equally")
    baselines = page.compare_baselines(fits)
    assert "expected balanced accuracy" not in baselines.table.frame.columns
    assert baselines.numbers["majority_note"].endswith("No genre is a safe guess.")


def test_unbalanced_genres_add_balanced_accuracy_and_macro_f1(world):
    ds, _ = world
    lopsided = unbalance(ds, "Pop", 10)
    fits = fit_models(lopsided, models=MODELS, search="quick", seed=0)
    assert fits.balance.unbalanced and fits.balance.smallest == "Pop"
    tuning = page.summarize_tuning(fits)
    columns = list(tuning.tables["models"].frame.columns)
    assert columns[:5] == ["model", "test accuracy", "95% interval", "balanced accuracy", "macro-F1"]
    best = fits.best
    expected = compute_balanced_scores(fits.y_test, fits.predictions[best])
    assert (tuning.numbers["best_balanced_accuracy"], tuning.numbers["best_macro_f1"]) == pytest.approx(expected)
    assert {f"{m}_balanced_accuracy" for m in MODELS} <= set(tuning.numbers)
    assert tuning.numbers["balance_note"].startswith("The genres are unbalanced, so accuracy favours the large ones")
    baselines = page.compare_baselines(fits)
    assert baselines.table.frame.columns[-1] == "expected balanced accuracy"
    assert "Always answering" in baselines.numbers["majority_note"]
    assert baselines.numbers["majority_balanced_accuracy"] == pytest.approx(0.25)


def fma_medium_like(ds, *, synthetic=False):
    columns = pd.MultiIndex.from_tuples([(g, "mean", "01") for g in sorted(FMA_GROUPS)])
    return SimpleNamespace(features=pd.DataFrame(0.0, index=ds.tracks.index, columns=columns),
                           genre_names=list(MEDIUM_GENRES), synthetic=synthetic)


def test_the_fma_papers_figures_are_shown_as_reported_and_compared_only_on_fma_medium(world):
    ds, fits = world
    elsewhere = page.compare_with_fma_paper(fits, ds)
    assert elsewhere.numbers["fma_paper_verdict"].startswith("Our accuracies are not compared with the FMA paper's")
    frame = elsewhere.table.frame.set_index("model")
    assert frame["reported test accuracy"].tolist() == ["61%", "52%", "63%", "58%"]
    assert (frame["our test accuracy"] == "—").all() and "multilayer perceptron" in frame.index
    medium = page.compare_with_fma_paper(fits, fma_medium_like(ds))
    verdict = medium.numbers["fma_paper_verdict"]
    assert verdict.startswith("The logistic regression: ours,") and "the reported 63.0%" in verdict
    ours = medium.table.frame.set_index("model")["our test accuracy"]
    assert ours["multilayer perceptron"] == "—" and ours["RBF SVM"].endswith("%") and ours["RBF SVM"] != "—"
    synthetic = page.compare_with_fma_paper(fits, fma_medium_like(ds, synthetic=True)).numbers["fma_paper_verdict"]
    assert "synthetic" in synthetic


def test_the_accuracy_figure_marks_the_fma_papers_figures_on_fma_medium(world):
    ds, fits = world
    assert "original analysis" in page.summarize_tuning(fits, ds).numbers["reported_crosses"]
    medium = page.summarize_tuning(fits, fma_medium_like(ds))
    assert medium.numbers["reported_crosses"].startswith("the test accuracies the FMA paper reported")
    legend = [t.get_text() for t in medium.figures["accuracies"].axes[0].get_legend().get_texts()]
    assert any("FMA paper" in t for t in legend)
    plt.close("all")


def test_the_page_says_whether_the_training_tracks_were_subsampled(world):
    ds, fits = world
    n_train = len(fits.parts["training"][1])
    numbers = page.describe_sampling(fits).numbers
    assert numbers["sampling_note"] == f"Every fit saw all {n_train:,} training tracks."
    assert numbers["n_search_tracks"] == n_train
    capped = fit_models(ds, models=MODELS, search="quick", seed=0, limits=Limits(40, 50, first=20))
    numbers = page.describe_sampling(capped).numbers
    assert numbers["n_search_tracks"] == 40 and capped.table.loc["svm", "fit_rows"] == 40
    assert f"This dataset has {n_train:,} training tracks" in numbers["sampling_note"]
    assert "every candidate on 20 of them" in numbers["sampling_note"]
    assert "except the RBF SVM" in numbers["sampling_note"]
    assert "another such subsample, of 50" in numbers["sampling_note"]
    assert "the learning curve, are measured on at most 40" in numbers["sampling_note"]
    assert page.compute_learning(capped).numbers["curve_largest_n"] == 40
