"""The results builders of chapter 05 on tiny hand-made runs: no TensorFlow, no training."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from genrebook.book import comparisons, networks
from genrebook.book.pages import cnn
from genrebook.book.section import Section, builds
from genrebook.cnn.networks import NETWORKS
from genrebook.cnn.workflow import NetworkRun, TrainedNetwork
from genrebook.fma.columns import SMALL_GENRES, SPLITS
from genrebook.fma.dataset import Dataset

GENRES = sorted(SMALL_GENRES)
#: What a reader must never see in a table cell.
RAW = {"nan", "none", "true", "false", "<na>"}


class FakeModel:
    """Stands in for a Keras model: the builders only count its weights."""

    def count_params(self) -> int:
        return 1234


def make_dataset(*, synthetic: bool = True, n_per_genre: int = 6, seed: int = 0) -> Dataset:
    """Eight genres, two tracks per genre and split, separable features, audio on some test tracks."""
    rng = np.random.default_rng(seed)
    ids = list(range(1, 1 + n_per_genre * len(GENRES)))
    genres = [GENRES[i % len(GENRES)] for i in range(len(ids))]
    splits = [SPLITS[(i // len(GENRES)) % 3] for i in range(len(ids))]
    index = pd.Index(ids, name="track_id")
    tracks = pd.DataFrame({"split": pd.Categorical(splits, categories=SPLITS), "genre": genres,
                           "title": [f"song {i}" for i in ids], "artist": [f"artist {i}" for i in ids],
                           "audio": [f"/nowhere/{i}.mp3" if i % 2 else None for i in ids],
                           "spectrogram": None}, index=index)
    columns = pd.MultiIndex.from_tuples([("mfcc", "mean", f"{i:02d}") for i in range(1, 5)])
    values = rng.normal(size=(len(ids), 4)) + np.array([GENRES.index(g) for g in genres])[:, None]
    return Dataset(path=Path("/nowhere"), name="tiny", synthetic=synthetic, tracks=tracks,
                   features=pd.DataFrame(values, index=index, columns=columns), feature_source="own",
                   genres=pd.DataFrame(), excluded=pd.Series(dtype="object"), fma_tracks=tracks)


def make_history(n: int, *, best: int) -> pd.DataFrame:
    """A history whose validation loss is lowest at epoch ``best``."""
    epochs = np.arange(1, n + 1)
    return pd.DataFrame({"loss": 2.0 / epochs, "accuracy": np.linspace(0.2, 0.9, n),
                         "val_loss": 1.0 + (epochs - best) ** 2 / 10, "val_accuracy": np.linspace(0.2, 0.6, n)},
                        index=pd.Index(epochs, name="epoch"))


def make_run(ds: Dataset, names=("baseline", "strong"), *, right: dict | None = None) -> NetworkRun:
    """A run of the named networks; ``right[name]`` is how many test tracks it gets right (the first ones)."""
    test = ds.tracks[ds.tracks["split"] == "test"]
    right = right or {}
    nets, scores = {}, {}
    for i, name in enumerate(names):
        n_right = right.get(name, len(test) // 2)
        predicted = [g if k < n_right else GENRES[(GENRES.index(g) + 1) % len(GENRES)]
                     for k, g in enumerate(test["genre"])]
        predictions = pd.DataFrame({"true": test["genre"], "predicted": predicted,
                                    "confidence": np.linspace(0.9, 0.3, len(test))}, index=test.index)
        accuracy = n_right / len(test)
        scores[name] = {"accuracy": accuracy, "low": max(0.0, accuracy - 0.1), "high": min(1.0, accuracy + 0.1),
                        "predictions": predictions}
        scaler = {"mean": [0.0] * 4} if name == "multi" else None
        manifest = {"inputs": {"image": "spectrogram", "feature_scaler": scaler}, "validation_accuracy": 0.5 + i / 10,
                    "epochs_run": 5, "training_seconds": 12.5}
        nets[name] = TrainedNetwork(name, FakeModel(), manifest, make_history(5, best=3), i == 0, Path("x"))
    return NetworkRun(nets, scores, max(nets, key=lambda n: nets[n].manifest["validation_accuracy"]))


def cells(table) -> list[str]:
    frame = table.frame if hasattr(table, "frame") else table.rows.drop(columns="audio")
    return [str(v) for v in frame.to_numpy().ravel()]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_per_network_numbers_exist_only_for_networks_that_ran():
    ds = make_dataset()
    section = cnn.summarize_networks(make_run(ds, ("strong",)), {"epochs": 40})
    assert "strong_accuracy" in section.numbers and "baseline_accuracy" not in section.numbers
    assert section.numbers["best_network"] == "strong"
    assert section.numbers["best_network_name"] == "residual 2-D CNN"
    assert "–" in section.numbers["best_interval"]
    # the prose may use only what every run produces
    assert "strong_accuracy" not in cnn.summarize_networks.produces
    assert "baseline_low" in cnn.summarize_networks.optional


def test_the_network_table_reads_like_a_table():
    ds = make_dataset()
    table = cnn.summarize_networks(make_run(ds, ("baseline", "strong", "multi")), {"epochs": 40}).table
    assert list(table.frame["network"]) == ["plain 2-D CNN", "residual 2-D CNN", "multi-input network"]
    assert not RAW & {c.lower() for c in cells(table)}
    assert table.frame["reads"].iloc[2] == "spectrogram images + 4 features"
    assert set(table.frame["trained in this run"]) == {"✓", "—"}


def test_an_undeclared_number_is_refused():
    @builds("a", optional=tuple(f"{n}_accuracy" for n in NETWORKS))
    def build(extra):
        return Section(numbers={"a": 1, extra: 2})

    assert set(build("strong_accuracy").numbers) == {"a", "strong_accuracy"}
    with pytest.raises(RuntimeError, match="declares"):
        build("something_else")


def test_training_curves_say_where_validation_loss_was_lowest():
    ds = make_dataset()
    section = cnn.describe_training(make_run(ds))
    assert "lowest at epoch 3 of 5" in section.numbers["overfit_text"]
    assert section.numbers["overfit_text"].startswith("The plain 2-D CNN's validation loss")
    assert "training_curves" in section.figures


def test_the_best_networks_confusion_and_mistakes():
    ds = make_dataset()
    run = make_run(ds, ("baseline",), right={"baseline": 10})
    confusion = cnn.describe_confusion(ds, run)
    assert confusion.numbers["confusion_text"].startswith("it mixes up")
    mistakes = cnn.pick_confident_mistakes(ds, run, n=4)
    n_test = int((ds.tracks["split"] == "test").sum())
    assert mistakes.numbers["n_wrong"] == n_test - 10
    assert 0 < mistakes.numbers["n_wrong_listen"] <= 4
    assert list(mistakes.table.rows["confidence"])[0].endswith("%")
    assert mistakes.numbers["wrong_text"].startswith(f"It is wrong on {n_test - 10} of the {n_test} test tracks")


def test_comparisons_are_paired_and_reported_figures_wait_for_real_data(tmp_path):
    ds = make_dataset()
    (tmp_path / "results.json").write_text(json.dumps({"03_classical_models.best_test_accuracy": 0.6,
                                                       "03_classical_models.best_model": "RBF SVM"}))
    n_test = int((ds.tracks["split"] == "test").sum())
    run = make_run(ds, ("baseline", "strong"), right={"baseline": 0, "strong": n_test})
    section = cnn.compare_models(ds, run, seed=0, run_dir=tmp_path)
    numbers = section.numbers
    assert numbers["strong_vs_baseline_text"].startswith("The residual 2-D CNN beats the plain 2-D CNN")
    assert "McNemar" in numbers["strong_vs_baseline_text"]
    assert numbers["multi_vs_strong_text"] == ("The multi-input network was not run here, so it is not compared "
                                               "with the residual 2-D CNN.")
    assert "logistic regression (C = 1, not tuned)" in numbers["strong_vs_logreg_text"]
    assert numbers["baseline_vs_reported_text"].endswith("the data are synthetic.")
    assert numbers["classical_text"].startswith("Chapter 03's best classical model, the RBF SVM, reached 60.0%")
    table = section.table.frame
    assert "CNN on MFCC images of the original analysis (reported)" in set(table["model"])
    assert "RBF SVM, best classical model of chapter 03" in set(table["model"])
    assert not RAW & {c.lower() for c in cells(section.table)}


def test_without_chapter_03_its_model_is_not_quoted(tmp_path):
    ds = make_dataset()
    section = cnn.compare_models(ds, make_run(ds), seed=0, run_dir=tmp_path)
    assert "not quoted" in section.numbers["classical_text"]
    assert not any("chapter 03" in m for m in section.table.frame["model"])


def test_targets_are_checked_only_on_real_fma_small():
    run = make_run(make_dataset(), ("strong", "multi"))
    synthetic = cnn.check_targets(make_dataset(), run).numbers["targets_text"]
    assert "not checked here: the data are synthetic" in synthetic
    real = cnn.check_targets(make_dataset(synthetic=False), run).numbers["targets_text"]
    assert real.startswith("The residual 2-D CNN reaches 50.0%. It ")
    assert "The multi-input network reaches" in real


@pytest.mark.parametrize("meets", [True, False])
def test_the_audio_only_target_is_met_or_missed_as_the_score_says(meets):
    ds = make_dataset(synthetic=False)
    n_test = int((ds.tracks["split"] == "test").sum())
    # the most test tracks right that stay below the target, or all of them
    n_right = n_test if meets else int(np.ceil(comparisons.STRONG_TARGET * n_test)) - 1
    section = cnn.check_targets(ds, make_run(ds, ("strong",), right={"strong": n_right}))
    goal = f"{100 * comparisons.STRONG_TARGET:.1f}% target"
    verdict = f"It meets the {goal}" if meets else f"It misses the {goal}"
    assert section.numbers["targets_text"].startswith(f"The residual 2-D CNN reaches {100 * n_right / n_test:.1f}%")
    assert verdict in section.numbers["targets_text"]
    assert section.numbers["strong_target"] == comparisons.STRONG_TARGET


def test_the_training_numbers_come_from_the_recipes():
    from genrebook.cnn.networks import RECIPES, WIDTHS
    from genrebook.cnn.train import PATIENCE

    run = make_run(make_dataset(), ("baseline", "strong"))
    numbers = cnn.summarize_networks(run, {"epochs": 40}).numbers
    assert numbers["strong_epochs"] == RECIPES["strong"].epochs and numbers["patience"] == PATIENCE
    assert numbers["residual_widths"] == ", ".join(map(str, WIDTHS[:-1])) + f" and {WIDTHS[-1]}"
    assert numbers["crop_share"] == RECIPES["strong"].crop_share
    # a smaller epochs parameter shortens the cosine schedule
    assert cnn.summarize_networks(run, {"epochs": 3}).numbers["strong_epochs"] == 3


def test_songs_are_skipped_with_a_reason():
    section = cnn.predict_song_folder(make_run(make_dataset()), songs="none")
    assert section.numbers["songs_text"] == "No song was predicted: the songs parameter is 'none'."
    assert section.numbers["n_songs"] == 0 and len(section.table) == 0


def test_a_classical_result_is_found_in_the_results_or_absent():
    assert comparisons.find_classical_result({}) is None
    found = comparisons.find_classical_result({"03_classical_models.best_accuracy": 0.5,
                                               "03_classical_models.best_accuracy_low": 0.4})
    assert found.accuracy == 0.5 and found.name is None and found.low is None


def test_confident_mistakes_need_audio():
    predictions = pd.DataFrame({"true": ["a", "a"], "predicted": ["b", "b"], "confidence": [0.9, 0.6]}, index=[1, 2])
    tracks = pd.DataFrame({"audio": [None, "x.mp3"]}, index=[1, 2])
    assert networks.find_confident_mistakes(predictions, tracks).index.tolist() == [2]


def test_unbalanced_genres_add_balanced_accuracy_and_macro_f1_to_the_networks_table():
    ds = make_dataset()
    run = make_run(ds, ("baseline", "strong"))
    balanced = cnn.summarize_networks(run, {"epochs": 40}, ds)
    assert "balanced accuracy" not in balanced.table.frame.columns
    assert balanced.numbers["balance_note"].startswith("The genres are balanced")
    lopsided = ds.tracks.assign(genre=["Rock" if i % 4 else g for i, g in enumerate(ds.tracks["genre"])])
    section = cnn.summarize_networks(run, {"epochs": 40}, SimpleNamespace(tracks=lopsided))
    columns = list(section.table.frame.columns)
    assert columns[columns.index("95% interval") + 1:][:2] == ["balanced accuracy", "macro-F1"]
    assert not RAW & {c.lower() for c in cells(section.table)}
    assert {"baseline_balanced_accuracy", "strong_macro_f1", "best_balanced_accuracy"} <= set(section.numbers)
    assert section.numbers["balance_note"].startswith("The genres are unbalanced")
