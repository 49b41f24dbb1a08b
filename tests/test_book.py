"""The book pipeline: chapters executed by papermill on a tiny demo dataset, the built HTML, the CLI."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from genrebook.book.build import build_book, list_toc_files
from genrebook.book.params import PROFILES
from genrebook.book.reader import find_reader_defects
from genrebook.book.runner import find_chapters, run_chapters
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
    assert results["00_intro.dataset_kind"] == "synthetic demo data made by genrebook"
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


def test_the_reader_meets_nothing_to_stumble_on(tiny_html):
    """No machine path, NaN/None/True/False cell, raw float, uncaptioned figure, stderr, traceback or results key."""
    defects = find_reader_defects(tiny_html, list_toc_files(tiny_html.parents[1]))
    assert defects == [], "\n".join(map(str, defects))


def test_the_reader_check_finds_what_it_looks_for(tmp_path):
    page = ('<main><p>/home/someone/data and 03_classical_models.best_test_accuracy</p><table><tr><td>NaN</td>'
            '<td>True</td><td>0.308333</td></tr></table><img src="x.png" alt="x.png">'
            '<div class="output stderr">warn</div><pre>Traceback (most recent call last)</pre></main>')
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "p.html").write_text(page)
    kinds = {d.kind for d in find_reader_defects(tmp_path, ["book/p"])}
    assert kinds == {"machine path", "results key", "raw cell", "raw float", "figure without caption",
                     "image without alt text", "stderr", "traceback"}


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
        for width in (1400, 420):
            page = browser.new_page(viewport={"width": width, "height": 2000})
            for name, min_images, min_tables in (("book/00_intro", 1, 1), ("book/01_data", 5, 4)):
                page.goto((tiny_html / f"{name}.html").as_uri())
                page.wait_for_load_state("load")
                images = page.evaluate("Array.from(document.querySelectorAll('main img'))"
                                       ".map(i => i.complete && i.naturalWidth > 0)")
                assert len(images) >= min_images and all(images), f"{name}: images not rendered: {images}"
                assert page.locator("main table").count() >= min_tables, name
                assert page.locator("main figure figcaption").count() >= min_images, f"{name}: uncaptioned figures"
                assert "SYNTHETIC" in page.inner_text("body")
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{name} at {width} px: the page scrolls sideways by {overflow} px"
                page.screenshot(path=str(ARTEFACTS / f"{name.split('/')[-1]}-{width}.png"), full_page=True)
            page.close()
        browser.close()


def test_a_published_build_has_repository_and_download_buttons_and_sources(tiny_html):
    """`genrebook build --base-url --repository-url` (what the Pages workflow runs) on the same pages."""
    root = tiny_html.parents[1]
    html_dir = build_book(root, run_dir=root / "book", base_url="https://me.github.io/genrebook/",
                          repository_url="https://github.com/me/genrebook")
    page = (html_dir / "book" / "03_classical_models.html").read_text()
    assert "https://github.com/me/genrebook" in page and "btn-download" in page
    assert (html_dir / "_sources" / "chapters" / "03_classical_models.py").is_file()
    assert 'href="https://me.github.io/genrebook/' in (html_dir / "book" / "00_intro.html").read_text()
    with pytest.raises(ValueError, match="--repository-url must start with https://github.com/"):
        build_book(root, repository_url="https://example.org/me/genrebook")
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    assert "genrebook build" in workflow and "--repository-url" in workflow and "deploy-pages" in workflow
