"""The book pipeline: chapters executed by papermill on a tiny demo dataset, the built HTML, the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from genrebook.book.build import build_book, list_toc_files
from genrebook.book.params import PROFILES
from genrebook.book.runner import ChapterFailed, find_chapters, run_chapters
from genrebook.cli import main
from tests.helpers import ROOT

ARTEFACTS = ROOT / "tests" / "artefacts"


@pytest.fixture(scope="module")
def tiny_run(tiny_demo, genrebook_kernel, tmp_path_factory) -> Path:
    """Every chapter executed on the tiny demo dataset into a run folder outside book/."""
    out = tmp_path_factory.mktemp("run")
    run_chapters(dataset=str(tiny_demo), out=out, overrides=fast_overrides())
    return out


def fast_overrides() -> dict:
    """Parameters that keep the chapters quick on tiny data (for the chapters that have them)."""
    wanted = {"search": "quick", "epochs": 2, "batch_size": 16, "map_size": 50}
    known = set().union(*(PROFILES[c] for c in find_chapters()))
    return {k: v for k, v in wanted.items() if k in known}


@pytest.fixture(scope="module")
def tiny_html(tiny_run, tmp_path_factory) -> Path:
    """The book built from the tiny run, in a copy of the book's sources (the real book/ is untouched)."""
    root = tmp_path_factory.mktemp("bookroot")
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("*.ipynb", "*.json"))
    for notebook in tiny_run.glob("*.ipynb"):
        shutil.copy(notebook, root / "book" / notebook.name)
    return build_book(root, run_dir=tiny_run)


def test_every_chapter_ran_and_recorded_its_results(tiny_run, tiny_demo):
    runs = json.loads((tiny_run / "runs.json").read_text())
    assert set(runs) == set(find_chapters())
    for record in runs.values():
        assert record["synthetic"] and record["dataset"] == str(tiny_demo.resolve())
        assert record["seconds"] > 0 and record["version"]
    results = json.loads((tiny_run / "results.json").read_text())
    assert results["01_data.n_tracks"] == 40 and results["01_data.n_genres"] == 8
    assert results["00_intro.dataset_kind"] == "synthetic demo data"
    assert all("." in key and key.split(".")[0] in runs for key in results)


def test_injected_parameters_are_hidden(tiny_run):
    notebook = json.loads((tiny_run / "01_data.ipynb").read_text())
    injected = [c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert len(injected) == 1 and "remove-cell" in injected[0]["metadata"]["tags"]


def test_unchanged_chapters_are_not_executed_again(tiny_run, tiny_demo):
    start = time.perf_counter()
    records = run_chapters(dataset=str(tiny_demo), out=tiny_run, overrides=fast_overrides())
    assert all(r.reused for r in records)
    assert time.perf_counter() - start < 20


def test_built_html_has_every_page_no_errors_and_its_images(tiny_html):
    for page in list_toc_files(tiny_html.parents[1]):
        html = (tiny_html / f"{page}.html").read_text()
        assert "Traceback (most recent call last)" not in html, page
        assert 'class="output traceback' not in html and "output error" not in html, page
        assert "{glue:" not in html, f"{page}: a glued value was not resolved"
        assert "SYNTHETIC" in html, f"{page} must say that the data is synthetic"
        for src in re.findall(r'<img[^>]+src="([^"]+)"', html):
            if not src.startswith(("http", "data:")):
                assert (tiny_html / page).parent.joinpath(src).resolve().is_file(), f"{page}: missing image {src}"


def _find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_pages_render_in_headless_chromium(tiny_html):
    chromium = _find_chromium()
    if chromium is None:
        pytest.skip("no Chromium found (install Debian's 'chromium'; .ci/run does)")
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=flags)
        page = browser.new_page(viewport={"width": 1300, "height": 2000})
        for name, min_images, min_tables in (("book/00_intro", 0, 1), ("book/01_data", 3, 3)):
            page.goto((tiny_html / f"{name}.html").as_uri())
            page.wait_for_load_state("load")
            images = page.evaluate("Array.from(document.querySelectorAll('main img'))"
                                   ".map(i => i.complete && i.naturalWidth > 0)")
            assert len(images) >= min_images and all(images), f"{name}: images not rendered: {images}"
            assert page.locator("main table").count() >= min_tables, name
            assert "SYNTHETIC" in page.inner_text("body")
            page.screenshot(path=str(ARTEFACTS / f"{name.split('/')[-1]}.png"), full_page=True)
        browser.close()


def test_a_failing_chapter_names_the_chapter_and_cell(audio_dataset, genrebook_kernel, tmp_path):
    with pytest.raises(ChapterFailed) as error:
        run_chapters(["01_data"], dataset=str(audio_dataset), overrides={"feature_source": "extracted"},
                     out=tmp_path / "run")
    message = str(error.value)
    assert "chapter 01_data failed in cell" in message and "FileNotFoundError" in message
    assert (tmp_path / "run" / "01_data.failed.ipynb").is_file()
    assert not (tmp_path / "run" / "01_data.ipynb").exists()


def test_run_fails_fast_on_an_unknown_parameter(caplog):
    start = time.perf_counter()
    assert main(["run", "01_data", "-p", "no_such_param", "1"]) == 2
    assert time.perf_counter() - start < 5
    assert "unknown parameter 'no_such_param' for 01_data; allowed: 01_data: dataset, feature_source" in caplog.text


def test_run_refuses_a_bad_value_before_executing(caplog):
    assert main(["run", "01_data", "-p", "seed", "-3"]) == 2
    assert "parameter 'seed' must be int in [0, " in caplog.text


def test_papermill_runs_a_chapter_directly(tiny_demo, genrebook_kernel, tmp_path):
    notebook = tmp_path / "01_data.ipynb"
    subprocess.run([sys.executable, "-m", "jupytext", "--to", "ipynb", str(ROOT / "chapters" / "01_data.py"),
                    "-o", str(notebook)], check=True, capture_output=True)
    papermill = [sys.executable, "-m", "papermill", str(notebook)]
    bad = subprocess.run(papermill + [str(tmp_path / "bad.ipynb"), "-p", "dataset", str(tiny_demo),
                                      "-p", "no_such_param", "1", "--cwd", str(ROOT)],
                         capture_output=True, text=True)
    assert bad.returncode != 0 and "unknown parameter 'no_such_param'" in bad.stdout + bad.stderr
    good = subprocess.run(papermill + [str(tmp_path / "out.ipynb"), "-p", "dataset", str(tiny_demo),
                                       "-p", "seed", "3", "--cwd", str(ROOT)],
                          capture_output=True, text=True)
    assert good.returncode == 0, good.stderr[-2000:]


def test_run_says_when_the_dataset_is_not_made_yet(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("GENREBOOK_DATA", str(tmp_path / "empty"))
    assert main(["run", "02_limitations", "--out", str(tmp_path / "run")]) == 2
    assert "dataset 'demo' is not ready" in caplog.text and "genrebook prepare demo" in caplog.text
    assert not (tmp_path / "run").exists()


def test_book_command_prepares_then_refuses_an_unknown_parameter_before_running(tiny_demo, caplog):
    """`genrebook book` (what `make book` runs) goes through preparation into the chapter run's checks."""
    from genrebook.cli import main

    assert main(["book", "--dataset", str(tiny_demo), "--no-progress", "-p", "no_such_parameter", "1"]) == 2
    assert "no_such_parameter" in caplog.text
    assert main(["book", "--dataset", str(tiny_demo), "--cluster", "nowhere"]) == 2
    assert "local:N" in caplog.text
