"""The intro's executive summary and the execution page, from results.json and runs.json records."""

from __future__ import annotations

import types

import matplotlib
import pandas as pd

from genrebook.book.pages import execution, intro

matplotlib.use("Agg")

RESULTS = {
    "01_data.n_tracks": 7994, "01_data.n_genres": 8, "01_data.n_artists": 1800,
    "02_limitations.official_accuracy": 0.55, "02_limitations.random_split_accuracy": 0.62,
    "03_classical_models.best_model": "RBF SVM", "03_classical_models.best_test_accuracy": 0.56,
    "03_classical_models.best_test_low": 0.52, "03_classical_models.best_test_high": 0.59,
    "03_classical_models.chance_accuracy": 0.125, "03_classical_models.n_test": 800,
    "03_classical_models.svm_test_accuracy": 0.56, "03_classical_models.svm_test_low": 0.52,
    "03_classical_models.svm_test_high": 0.59,
    "05_cnn.best_network": "multi", "05_cnn.multi_accuracy": 0.58, "05_cnn.multi_low": 0.54,
    "05_cnn.multi_high": 0.61,
}


def _dataset(synthetic=False):
    genres = ["Electronic", "Experimental", "Folk", "Hip-Hop", "Instrumental", "International", "Pop", "Rock"]
    return types.SimpleNamespace(genre_names=genres, synthetic=synthetic, name="fma_small_derived", features=None)


def test_the_summary_answers_from_the_chapters_that_ran_and_skips_the_others():
    section = intro.summarize_findings(RESULTS, _dataset())
    answers = section.numbers
    assert answers["answer_models"].startswith("The classical model chosen on the validation split, the RBF SVM")
    assert "52.0–59.0%" in answers["answer_models"] and "12.5% by chance" in answers["answer_models"]
    assert "added 7.0 percentage points" in answers["answer_artists"]
    assert "intervals overlap, so they are not ranked" in answers["answer_networks"]
    assert answers["answer_clusters"] == "The clustering chapter did not run in this build."
    rows = section.table.frame["finding"].tolist()
    assert len(rows) <= 10 and not any("cluster" in r for r in rows)
    assert section.table.links[0] == "01_data.html"


def test_the_accuracy_figure_marks_reported_figures_only_where_they_exist():
    table = intro.collect_accuracies(RESULTS)
    assert table["model"].tolist() == ["RBF SVM", "multi-input network"]
    assert table["reported"].isna().all()  # the original analysis reported neither
    fig, ax = intro.plot_accuracies(table, chance=0.125)
    assert ax.get_xlabel() == "test accuracy (%)"


def test_the_execution_page_names_the_dataset_and_hides_paths():
    runs = {"01_data": {"dataset_name": "fma_small_derived", "synthetic": False, "seconds": 12.3,
                        "finished": "2026-11-30 06:00:00", "parameters": {"dataset": "/abs/path", "seed": 0},
                        "environment": {"commit": "abc1234", "python": "3.11.7", "cores": 2, "gpu": False,
                                        "packages": {"numpy": "2.4.6"}}}}
    section = execution.summarize_execution(runs, dataset_name="fma_small_derived", version="0.1.0")
    html = section.tables["runs"].to_html() + section.tables["packages"].to_html()
    assert "/abs/path" not in html and "seed 0" in html and "12 s" in html
    assert section.numbers["commit"] == "abc1234" and section.numbers["gpu"] == "no GPU"
    assert isinstance(section.tables["runs"].frame, pd.DataFrame)


def test_the_legend_says_how_the_reported_figures_were_measured():
    assert intro.describe_reported_setting(_dataset(synthetic=True)) == " (on real data, not this one)"
    assert intro.describe_reported_setting(_dataset()) == " (on FMA's 518 features, not these)"


def test_clusters_from_label_trained_embeddings_are_not_called_label_free():
    results = {**RESULTS, "07_clustering.best_label": "Ward on the CNN embeddings", "07_clustering.best_ari_genre_k": 0.3,
               "07_clustering.random_ari_genre_k": 0.0, "07_clustering.genre_k": 8,
               "07_clustering.best_label_note": "the CNN embeddings come from a network trained with the genres"}
    answer = intro.summarize_findings(results, _dataset()).numbers["answer_clusters"]
    assert "without their genres" not in answer and answer.endswith("trained with the genres.")


def test_a_chapter_explained_rather_than_run_is_said_not_computed_and_skipped():
    runs = {"05_cnn": {"explained": "**Not computed for this dataset.** ..."}, "03_classical_models": {"explained": ""}}
    results = {k: v for k, v in RESULTS.items() if not k.startswith("05_cnn.")}
    section = intro.summarize_findings(results, _dataset(), runs)
    assert section.numbers["answer_networks"] == (
        "The convolutional networks were not computed: this dataset lacks what they need (a spectrogram image of "
        "every track, tracks of at least two genres and tracks in the training, validation and test parts of the "
        "split).")
    assert section.numbers["answer_models"].startswith("The classical model chosen on the validation split")
    assert not any("network" in r for r in section.table.frame["finding"])
    assert intro.describe_not_computed("07_clustering", None) is None


def test_with_no_model_computed_the_figure_says_so():
    fig, ax = intro.plot_accuracies(intro.collect_accuracies({}), chance=None)
    assert not ax.axison and "No model was computed" in ax.texts[0].get_text()


def test_on_data_like_fma_medium_the_crosses_are_the_fma_papers():
    medium = intro.collect_accuracies(RESULTS, medium=True)
    assert medium.set_index("model").loc["RBF SVM", "reported"] == 0.63
    assert pd.isna(medium.set_index("model")["reported"].loc["multi-input network"])
    assert intro.REPORTED_CROSSES[True].startswith("the accuracies the FMA paper reported on fma_medium")
    assert intro.summarize_findings(RESULTS, _dataset()).numbers["reported_crosses"] == intro.REPORTED_CROSSES[False]


def test_the_execution_page_says_which_chapters_were_explained_rather_than_run():
    record = {"dataset_name": "two genres", "synthetic": False, "seconds": 3.0, "finished": "2026-11-30 06:00:00",
              "parameters": {"seed": 0}, "environment": {}}
    runs = {"03_classical_models": {**record, "explained": ""}, "05_cnn": {**record, "explained": "Not computed."},
            "07_clustering": record}
    section = execution.summarize_execution(runs, dataset_name="two genres", version="0.1.0")
    assert section.numbers["n_explained"] == 1
    assert section.numbers["explained_note"].startswith("One chapter was explained rather than run")
    assert "5. Convolutional networks" in section.numbers["explained_note"]
    assert section.tables["runs"].frame["outcome"].tolist() == ["ran", "explained, not run", "ran"]
    none = execution.summarize_execution({"07_clustering": record}, dataset_name="x", version="0.1.0")
    assert none.numbers["explained_note"] == "Every chapter ran."
    two = execution.describe_explained(["05_cnn", "07_clustering"])
    assert two.startswith("2 chapters were explained rather than run") and "7. Clustering" in two
