"""Any number of genres, balanced or not: the data and model pages on 2 balanced genres and on 16 unbalanced
genres shaped like fma_medium (FMA's 518 statistics, no audio): readable tables, figures that grow with
the genres, one colour per genre, and the FMA paper's figures compared where the data is like fma_medium."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from genrebook.book.classical import fit_models  # noqa: E402
from genrebook.book.pages import classical, data  # noqa: E402
from genrebook.fma.dataset import load_dataset  # noqa: E402
from genrebook.models.evaluation import make_confusion  # noqa: E402
from genrebook.plots.base import make_palette  # noqa: E402
from genrebook.plots.clustering import plot_cluster_maps  # noqa: E402
from genrebook.plots.models import plot_confusion  # noqa: E402
from tests.helpers import MEDIUM_LIKE_COUNTS, make_features_dataset, make_two_genre_dataset  # noqa: E402

RAW = {"nan", "none", "true", "false", "<na>"}


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    return load_dataset(make_two_genre_dataset(tmp_path_factory.mktemp("genres") / "two"))


@pytest.fixture(scope="module")
def sixteen(tmp_path_factory):
    folder = make_features_dataset(tmp_path_factory.mktemp("genres") / "medium", MEDIUM_LIKE_COUNTS,
                                   name="medium-like", subset="medium")
    return load_dataset(folder)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def readable(table) -> bool:
    return not RAW & {str(v).lower() for v in table.frame.to_numpy().ravel()}


def test_the_data_pages_read_well_with_two_and_sixteen_genres(two, sixteen):
    for ds in (two, sixteen):
        tracks = data.summarize_tracks(ds)
        assert readable(tracks.table) and len(tracks.table) == len(ds.genre_names) + 1
        legend = tracks.figures["split_counts"].axes[0].get_legend()
        assert legend.get_bbox_to_anchor().x0 > tracks.figures["split_counts"].axes[0].get_window_extent().x1 - 1
        listening = data.pick_listening(ds, n=8, seed=0)
        assert listening.numbers["listen_text"].startswith("This dataset has no audio")
        assert listening.tables["listen"].to_html() == ""  # no header over no clip
        assert data.describe_durations(ds).numbers["durations_text"].startswith("None of the tracks has an audio")
        assert data.rank_single_features(ds).numbers["best_feature_text"].startswith("It is ")
    heights = [data.summarize_tracks(ds).figures["split_counts"].get_size_inches()[1] for ds in (two, sixteen)]
    assert heights[1] > heights[0] >= 2.5


def test_sixteen_genres_get_sixteen_colours():
    assert len(set(make_palette(16))) == 16 and len(set(make_palette(24))) == 24
    genres = pd.Series([f"genre {i}" for i in range(16)] * 3)
    coords = pd.DataFrame({"t-SNE 1": range(48), "t-SNE 2": range(48)})
    fig, axes = plot_cluster_maps(coords, genres, pd.Series([1, 2, 3] * 16))
    colours = {tuple(h.get_color()) if hasattr(h, "get_color") else tuple(h.get_facecolor()[0])
               for h in axes[0].get_legend().legend_handles}
    assert len(colours) == 16


def test_the_models_on_sixteen_unbalanced_genres_like_fma_medium(sixteen):
    fits = fit_models(sixteen, models=("logreg", "knn"), search="quick", seed=0, jobs=1)
    assert fits.balance.unbalanced and fits.balance.ratio == 10.0
    baselines = classical.compare_baselines(fits)
    assert baselines.numbers["majority_genre"] == "Electronic" and readable(baselines.table)
    assert "Always answering Electronic" in baselines.numbers["majority_note"]
    tuning = classical.summarize_tuning(fits, sixteen)
    assert "balanced accuracy" in tuning.tables["models"].frame.columns and readable(tuning.tables["models"])
    assert "FMA paper" in tuning.numbers["reported_crosses"]
    paper = classical.compare_with_fma_paper(fits, sixteen)  # 16 genres, FMA's 518 statistics, real: comparable
    assert not paper.numbers["fma_paper_verdict"].startswith("Our accuracies are not compared")
    assert "the reported 61.0%" in paper.numbers["fma_paper_verdict"]
    errors = classical.describe_errors(fits, sixteen)
    assert len(errors.table) == 16 and readable(errors.table)
    confusion = make_confusion(fits.y_test, fits.predictions[fits.best], sixteen.genre_names)
    fig, ax = plot_confusion(confusion)
    assert len(ax.get_yticklabels()) == 16 and fig.get_size_inches()[1] >= 6
