"""Build the static HTML book from the executed chapters (Jupyter Book 1.x, warnings as errors).

Used in: ``genrebook build``, ``genrebook book``, ``make book``.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from genrebook.book.reader import find_reader_defects, measure_page_weight
from genrebook.config import find_project_root

log = logging.getLogger(__name__)


def list_toc_files(root: Path) -> list[str]:
    """List the pages named in ``_toc.yml`` (paths without suffix, relative to the root)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part.get("chapters", [])]
    return files


def check_pages(root: Path) -> None:
    """Raise a clear error when a page of the table of contents has not been generated."""
    missing = [f for f in list_toc_files(root)
               if not any((root / f).with_suffix(s).is_file() for s in (".ipynb", ".md"))]
    if missing:
        raise FileNotFoundError(
            f"the book cannot be built: {', '.join(missing)} missing; run `genrebook run` first "
            f"(or `make book`), and check that every chapter succeeded"
        )


def make_announcement(runs: dict[str, dict]) -> str:
    """Return the banner shown on every page: the dataset of this build, and whether it is synthetic."""
    names = sorted({r["dataset_name"] for r in runs.values()})
    synthetic = any(r["synthetic"] for r in runs.values())
    shown = html.escape(", ".join(names) or "unknown")
    if synthetic:
        return (f"Built on SYNTHETIC demo data ({shown}): the data are generated, so the numbers show the "
                "pipeline at work and say nothing about real music.")
    return f"Built on {shown} (real FMA data)."


#: Forges whose repository URLs Jupyter Book 1 accepts for its repository button.
FORGES = ("https://github.com/", "https://gitlab.com/", "https://bitbucket.org/")


def check_publishing(base_url: str | None, repository_url: str | None) -> None:
    """Refuse a base URL or repository URL the build could not use, naming what is allowed.

    Examples
    --------
    >>> check_publishing("https://me.github.io/genrebook/", "https://github.com/me/genrebook")
    >>> check_publishing(None, "https://example.org/me/genrebook")
    Traceback (most recent call last):
    ...
    ValueError: --repository-url must start with https://github.com/, https://gitlab.com/, https://bitbucket.org/ and name OWNER/REPO; got 'https://example.org/me/genrebook'
    """
    if base_url is not None and not re.match(r"^https?://[^/\s]+(/[^\s]*)?$", base_url):
        raise ValueError(f"--base-url must be an http(s) URL such as https://OWNER.github.io/REPO/; got {base_url!r}")
    if repository_url is not None and not (repository_url.startswith(FORGES)
                                           and re.match(r"^https://[^/]+/[^/\s]+/[^/\s]+/?$", repository_url)):
        raise ValueError(f"--repository-url must start with {', '.join(FORGES)} and name OWNER/REPO; "
                         f"got {repository_url!r}")


def write_build_config(root: Path, runs: dict[str, dict], *, base_url: str | None = None,
                       repository_url: str | None = None) -> Path:
    """Write the build's config: ``_config.yml`` plus the dataset banner and publishing options, into ``_build/``."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    config.setdefault("html", {})["announcement"] = make_announcement(runs)
    if base_url:
        config["html"]["baseurl"] = base_url
    if repository_url:
        config["repository"] = {"url": repository_url.rstrip("/"), "branch": "main", "path_to_book": ""}
        config["html"].update(use_repository_button=True, use_issues_button=False, use_download_button=True)
    path = root / "_build" / "_config.generated.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def build_book(root: Path | None = None, *, run_dir: Path | None = None, base_url: str | None = None,
               repository_url: str | None = None) -> Path:
    """Run ``jupyter-book build`` with warnings as errors; return the HTML folder.

    With ``repository_url`` the pages get a repository button and a download button (the executed
    ``.ipynb``), and each chapter's Jupytext source is published beside it
    (``_sources/chapters/NN_slug.py``). ``base_url`` is where the book will be served from.

    Raises
    ------
    RuntimeError
        The build failed or warned; the message holds the end of its log.
    """
    root = root or find_project_root()
    run_dir = run_dir or root / "book"
    check_pages(root)
    runs_path = run_dir / "runs.json"
    runs = json.loads(runs_path.read_text()) if runs_path.is_file() else {}
    pages = {Path(f).name for f in list_toc_files(root)}
    runs = {chapter: record for chapter, record in runs.items() if chapter in pages}  # a renamed chapter's old run
    check_publishing(base_url, repository_url)
    config = write_build_config(root, runs, base_url=base_url, repository_url=repository_url)
    executable = Path(sys.executable).parent / "jupyter-book"
    command = [str(executable), "build", str(root), "--builder", "html", "-W", "--keep-going",
               "--config", str(config)]
    log.info("building the book: %s", " ".join(command))
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-40:])
        raise RuntimeError(f"jupyter-book build failed (exit {result.returncode}):\n{tail}")
    html_dir = root / "_build" / "html"
    copy_chapter_sources(root, html_dir)
    for asset in (root / "book" / "_static").glob("*"):  # an incremental build keeps an older copy of a changed one
        shutil.copy2(asset, html_dir / "_static" / asset.name)
    report_pages(html_dir, list_toc_files(root))
    log.info("book built: %s", html_dir / "index.html")
    return html_dir


def copy_chapter_sources(root: Path, html_dir: Path) -> list[Path]:
    """Publish each chapter's Jupytext source beside the HTML (``_sources/chapters/NN_slug.py``)."""
    target = html_dir / "_sources" / "chapters"
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    folder = root / "chapters" if (root / "chapters").is_dir() else find_project_root() / "chapters"
    for source in sorted(folder.glob("[0-9][0-9]_*.py")):
        shutil.copy2(source, target / source.name)
        copied.append(target / source.name)
    return copied


def report_pages(html_dir: Path, pages: list[str]) -> list:
    """Log each page's weight and every reader defect (:mod:`genrebook.book.reader`); return the defects."""
    for page in pages:
        if (html_dir / f"{page}.html").is_file():
            log.info("page %s: %.1f MiB with its images and audio", page, measure_page_weight(html_dir, page) / 2**20)
    defects = find_reader_defects(html_dir, pages)
    for defect in defects:
        log.warning("reader defect: %s", defect)
    return defects
