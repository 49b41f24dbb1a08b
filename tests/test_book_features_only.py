"""The book on a dataset of FMA's features alone (two genres, no audio, no images): every page is built,
the chapters that need images explain themselves in one paragraph instead of failing, and the intro
and the execution page say what was not computed. Also: a chapter run directly by papermill stops at
its setup cell with that paragraph and no traceback."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from genrebook.book.build import build_book, list_toc_files
from genrebook.book.needs import NEEDS, MissingNeeds
from genrebook.book.reader import find_reader_defects
from genrebook.book.runner import find_chapters, make_notebook, run_chapters
from tests.helpers import ROOT, make_two_genre_dataset

#: Chapters that need a spectrogram image of every track.
NEED_IMAGES = sorted(c for c, needs in NEEDS.items() if "images" in needs.kinds)


@pytest.fixture(scope="module")
def two_genres(tmp_path_factory) -> Path:
    return make_two_genre_dataset(tmp_path_factory.mktemp("features_only") / "two")


@pytest.fixture(scope="module")
def run(two_genres, genrebook_kernel, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run_features_only")
    run_chapters(dataset=str(two_genres), out=out, overrides={"search": "quick", "map_size": 50})
    return out


@pytest.fixture(scope="module")
def html(run, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bookroot_features_only")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("*.ipynb", "*.json"))
    for notebook in run.glob("*.ipynb"):
        shutil.copy(notebook, root / "book" / notebook.name)
    return build_book(root, run_dir=run)


def test_chapters_that_need_images_are_explained_and_the_others_ran(run):
    runs = json.loads((run / "runs.json").read_text())
    assert set(runs) == set(find_chapters())
    explained = sorted(c for c, r in runs.items() if r["explained"])
    assert explained == NEED_IMAGES and "05_cnn" in explained
    results = json.loads((run / "results.json").read_text())
    assert not any(key.split(".")[0] in explained for key in results), "an explained chapter glued numbers"
    assert results["01_data.n_genres"] == 2 and results["03_classical_models.chance_accuracy"] == 0.5
    notebook = json.loads((run / "05_cnn.ipynb").read_text())
    assert [c["cell_type"] for c in notebook["cells"]] == ["markdown"]
    assert not (run / "05_cnn.failed.ipynb").exists()


def test_every_page_is_built_and_a_reader_meets_nothing_to_stumble_on(html):
    pages = list_toc_files(html.parents[1])
    for page in pages:
        text = (html / f"{page}.html").read_text()
        assert "{glue:" not in text and "Traceback (most recent call last)" not in text, page
    assert find_reader_defects(html, pages) == []


def read_main_text(path: Path) -> str:
    """A page's main text, without tags, in single spaces."""
    main = path.read_text().split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_explained_pages_say_what_they_need_and_how_to_get_it(html):
    for chapter in NEED_IMAGES:
        text = read_main_text(html / "book" / f"{chapter}.html")
        assert "Not computed for this dataset." in text, chapter
        assert "a spectrogram image of every track" in text and "none of its 80 tracks" in text
        assert "genrebook extract DATASET" in text
        assert "<figure" not in (html / "book" / f"{chapter}.html").read_text()


def test_the_intro_and_the_execution_page_say_what_was_not_computed(html):
    intro = read_main_text(html / "book" / "00_intro.html")
    assert "The convolutional networks were not computed: this dataset lacks what they need" in intro
    assert "The classical model chosen on the validation split" in intro
    execution = read_main_text(html / "book" / "99_execution.html")
    assert "explained rather than run, because this dataset lacks what they need" in execution
    assert "explained, not run" in execution


def test_papermill_run_directly_stops_at_the_setup_cell_with_the_paragraph(two_genres, genrebook_kernel, tmp_path):
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = tmp_path / "05_cnn.ipynb"
    nbformat.write(make_notebook(ROOT / "chapters" / "05_cnn.py"), source)
    with pytest.raises(PapermillExecutionError) as caught:
        papermill.execute_notebook(str(source), str(tmp_path / "out.ipynb"), parameters={"dataset": str(two_genres)},
                                   kernel_name=genrebook_kernel, cwd=str(ROOT), progress_bar=False)
    assert caught.value.ename == MissingNeeds.__name__
    assert caught.value.evalue.startswith("**Not computed for this dataset.** This chapter trains")
    errors = [o for c in nbformat.read(tmp_path / "out.ipynb", as_version=4).cells for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert len(errors) == 1 and errors[0]["traceback"] == [caught.value.evalue]
