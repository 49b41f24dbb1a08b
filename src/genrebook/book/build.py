"""Build the static HTML book from the executed chapters (Jupyter Book 1.x, warnings as errors).

Used in: ``genrebook build``, ``genrebook book``, ``make book``.
"""

from __future__ import annotations

import html
import json
import logging
import subprocess
import sys
from pathlib import Path

import yaml

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
        return (f"Built on SYNTHETIC demo data ({shown}): the audio is generated, so the numbers show the "
                "pipeline at work and say nothing about real music.")
    return f"Built on {shown} (real FMA data)."


def write_build_config(root: Path, runs: dict[str, dict]) -> Path:
    """Write the build's config: ``_config.yml`` plus the dataset banner, into ``_build/``."""
    config = yaml.safe_load((root / "_config.yml").read_text())
    config.setdefault("html", {})["announcement"] = make_announcement(runs)
    path = root / "_build" / "_config.generated.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def build_book(root: Path | None = None, *, run_dir: Path | None = None) -> Path:
    """Run ``jupyter-book build`` with warnings as errors; return the HTML folder.

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
    config = write_build_config(root, runs)
    executable = Path(sys.executable).parent / "jupyter-book"
    command = [str(executable), "build", str(root), "--builder", "html", "-W", "--keep-going",
               "--config", str(config)]
    log.info("building the book: %s", " ".join(command))
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-40:])
        raise RuntimeError(f"jupyter-book build failed (exit {result.returncode}):\n{tail}")
    html_dir = root / "_build" / "html"
    log.info("book built: %s", html_dir / "index.html")
    return html_dir
