"""Run chapters: Jupytext source -> notebook -> papermill, cached by what the result depends on.

``run_chapters`` executes ``chapters/NN_slug.py`` with parameters into an output folder
(``book/`` for the published book). A chapter is executed again only when its source, its
parameters, its dataset or the package code changed. The output folder records each run in
``runs.json`` (parameters, dataset, package version, run time) and the glued headline numbers
in ``results.json`` (keyed ``chapter.name``). A chapter whose dataset lacks what it needs
(:mod:`genrebook.book.needs`) is not a failure: its page says so in one paragraph, ``runs.json``
records it as *explained*, and the other chapters run.

Used in: ``genrebook run``, ``genrebook book``, ``make book``.
"""

from __future__ import annotations

import ast
import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from genrebook import __version__
from genrebook.book.cache import compute_run_key
from genrebook.book.chapter import GLUE_MIME_PREFIX
from genrebook.book.needs import MissingNeeds, make_explained_notebook
from genrebook.book.params import check_parameters, get_profile
from genrebook.book.results import describe_environment
from genrebook.config import find_project_root
from genrebook.files import write_atomically
from genrebook.fma.dataset import read_dataset_info
from genrebook.fma.folders import parse_fma_name, resolve_dataset

log = logging.getLogger(__name__)


#: Kernel the chapters run in (installed into the virtual environment by ``make``).
KERNEL_NAME = "genrebook"


#: Chapters that summarise the others, run after them.
SUMMARY_CHAPTERS = ("00_intro", "99_execution")


class ChapterFailed(RuntimeError):
    """A chapter whose execution raised: names the chapter, the failing cell and the error."""


@dataclass
class RunRecord:
    """One chapter run (or reuse) in an output folder."""

    chapter: str
    parameters: dict[str, Any]
    dataset: str
    dataset_name: str
    synthetic: bool
    version: str
    seconds: float
    finished: str
    key: str
    environment: dict[str, Any] = field(default_factory=dict)
    reused: bool = False
    explained: str = ""


def find_chapters(root: Path | None = None) -> dict[str, Path]:
    """Map chapter names (``NN_slug``) to their Jupytext sources, in reading order."""
    folder = (root or find_project_root()) / "chapters"
    return {p.stem: p for p in sorted(folder.glob("[0-9][0-9]_*.py"))}


def resolve_chapter_names(names: list[str] | None, chapters: dict[str, Path]) -> list[str]:
    """Resolve names given on the command line (``01_data``, ``01`` or ``data``) to chapter names."""
    if not names:
        body = [c for c in chapters if c not in SUMMARY_CHAPTERS]
        return body + [c for c in SUMMARY_CHAPTERS if c in chapters]
    resolved = []
    for name in names:
        matches = [c for c in chapters if name in (c, c[:2], c[3:])]
        if len(matches) != 1:
            raise ValueError(f"unknown chapter {name!r}; chapters are {', '.join(chapters)}")
        resolved.append(matches[0])
    return resolved


def make_notebook(source: Path):
    """Convert a Jupytext percent source to a notebook, with the kernel set explicitly."""
    import jupytext  # deferred: jupytext is optional (extra 'book')

    notebook = jupytext.read(source)
    notebook.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "genrebook (.venv)",
                                       "language": "python"}
    return notebook


def collect_glued(notebook) -> dict[str, Any]:
    """Read the plain values glued in an executed notebook (``{key: value}``)."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get(GLUE_MIME_PREFIX + "text/plain")
            if name is None or text is None:
                continue
            try:
                values[name] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                continue  # figures and tables are glued too; only literals go to results.json
    return values


def hide_injected_parameters(notebook) -> None:
    """Tag papermill's injected-parameters cell ``remove-cell`` (the chapter shows a table instead)."""
    for cell in notebook.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.is_file() else {}


def _write_json(path: Path, data: dict) -> None:
    write_atomically(path, (json.dumps(data, indent=1, sort_keys=True, default=str) + "\n").encode())


def _write_notebook(notebook, target: Path, scratch: Path) -> None:
    """Write a notebook to ``target`` through a file beside it (the scratch folder may be on another disk)."""
    import nbformat  # deferred: nbformat is optional (extra 'book')

    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, scratch)
    shutil.move(scratch, target.with_suffix(".ipynb.tmp"))
    os.replace(target.with_suffix(".ipynb.tmp"), target)
    target.with_suffix(".failed.ipynb").unlink(missing_ok=True)


def execute_chapter(chapter: str, source: Path, params: dict, target: Path) -> str:
    """Execute one chapter with papermill into ``target``; raise :class:`ChapterFailed` on error.

    The notebook is executed into a temporary file and moved into place only on success; a
    failed run is kept beside it as ``NN_slug.failed.ipynb`` for inspection. A chapter whose
    setup cell finds that the dataset lacks what it needs (:class:`genrebook.book.needs.MissingNeeds`)
    gets its explaining page instead (its title and that paragraph).

    Returns
    -------
    str
        The explaining paragraph for such a chapter; empty when the chapter ran.
    """
    import nbformat  # deferred: nbformat is optional (extra 'book')
    import papermill  # deferred: papermill is optional (extra 'book')
    from papermill.exceptions import PapermillExecutionError  # deferred: papermill is optional (extra 'book')

    root = find_project_root()
    with tempfile.TemporaryDirectory(prefix=f"genrebook-{chapter}-") as tmp:
        source_nb, output_nb = Path(tmp) / f"{chapter}.ipynb", Path(tmp) / f"{chapter}.out.ipynb"
        nbformat.write(make_notebook(source), source_nb)
        try:
            papermill.execute_notebook(str(source_nb), str(output_nb), parameters=params, kernel_name=KERNEL_NAME,
                                       cwd=str(root), progress_bar=False)
        except PapermillExecutionError as error:
            if error.ename == MissingNeeds.__name__:
                paragraph = error.evalue.strip()
                _write_notebook(make_explained_notebook(source, paragraph, metadata=make_notebook(source).metadata),
                                target, Path(tmp) / "explained.ipynb")
                log.info("%s: explained, not run: the dataset lacks what it needs", chapter)
                return paragraph
            failed = target.with_suffix(".failed.ipynb")
            if output_nb.is_file():
                failed.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(output_nb, failed)
            raise ChapterFailed(
                f"chapter {chapter} failed in cell {error.cell_index} (execution count {error.exec_count}): "
                f"{error.ename}: {error.evalue.strip().splitlines()[-1] if error.evalue.strip() else ''}\n"
                f"executed notebook kept at {failed}"
            ) from None
        notebook = nbformat.read(output_nb, as_version=4)
        noise = find_noisy_outputs(notebook)
        if noise:
            failed = target.with_suffix(".failed.ipynb")
            failed.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, failed)
            raise ChapterFailed(f"chapter {chapter} wrote to a page what a reader must not see: {noise[0]}"
                                f"{f' (and {len(noise) - 1} more)' if len(noise) > 1 else ''}; silence or "
                                f"capture it in the package. Executed notebook kept at {failed}")
        hide_injected_parameters(notebook)
        _write_notebook(notebook, target, output_nb)
        return ""


def find_noisy_outputs(notebook) -> list[str]:
    """Outputs a reader must not see: stderr, warnings and progress bars (by cell index and first line).

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("stream", name="stderr", text="x: 1%|")])
    >>> find_noisy_outputs(nbformat.v4.new_notebook(cells=[cell]))
    ['cell 0 wrote to stderr: x: 1%|']
    """
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                first = (output.get("text") or "").strip().splitlines()[:1]
                found.append(f"cell {index} wrote to stderr: {first[0][:120] if first else ''}")
    return found


def summarize_inputs(out: Path, chapter: str) -> str:
    """What a summary chapter reads from a run folder: the other chapters' results and run records."""
    results = {k: v for k, v in _read_json(out / "results.json").items() if k.split(".")[0] not in SUMMARY_CHAPTERS}
    runs = {k: v for k, v in _read_json(out / "runs.json").items() if k not in (chapter, "99_execution")}
    return json.dumps([results, runs], sort_keys=True)


def run_chapter(chapter: str, source: Path, params: dict, out: Path, *, force: bool = False) -> RunRecord:
    """Run one chapter into ``out`` unless an identical run is there already; record it."""
    import nbformat  # deferred: nbformat is optional (extra 'book')

    dataset = resolve_dataset(params["dataset"]).resolve()
    named = params["dataset"] == "demo" or parse_fma_name(params["dataset"]) is not None  # kept as a name, not a path
    params = {**params, "dataset": params["dataset"] if named else str(dataset)}
    extra = summarize_inputs(out, chapter) if chapter in SUMMARY_CHAPTERS else ""
    key = compute_run_key(source, params, dataset, extra)
    target = out / f"{chapter}.ipynb"
    runs = _read_json(out / "runs.json")
    if not force and target.is_file() and runs.get(chapter, {}).get("key") == key:
        log.info("%s: unchanged, reusing %s", chapter, target)
        return RunRecord(**{**runs[chapter], "reused": True})
    log.info("%s: executing", chapter)
    start = time.perf_counter()
    explained = execute_chapter(chapter, source, params, target)
    info = read_dataset_info(dataset)
    record = RunRecord(
        chapter=chapter, parameters=params, dataset=str(dataset), dataset_name=info.get("name", dataset.name),
        synthetic=bool(info.get("synthetic", False)), version=__version__,
        seconds=round(time.perf_counter() - start, 1), finished=time.strftime("%Y-%m-%d %H:%M:%S"), key=key,
        environment=describe_environment(), explained=explained,
    )
    known = set(find_chapters())  # records of a chapter that no longer exists (renamed, removed) are dropped
    results = {k: v for k, v in _read_json(out / "results.json").items()
               if not k.startswith(chapter + ".") and k.split(".")[0] in known}
    results.update(collect_glued(nbformat.read(target, as_version=4)))
    _write_json(out / "results.json", results)
    runs = {k: v for k, v in _read_json(out / "runs.json").items() if k in known}
    runs[chapter] = {k: v for k, v in record.__dict__.items() if k != "reused"}
    _write_json(out / "runs.json", runs)
    log.info("%s: %s in %.1f s", chapter, "explained" if explained else "done", record.seconds)
    return record


def run_chapters(names: list[str] | None = None, *, dataset: str = "demo", overrides: dict | None = None,
                 out: str | os.PathLike | None = None, force: bool = False) -> list[RunRecord]:
    """Validate every chapter's parameters, then run the chapters in order.

    Parameters
    ----------
    names : list of str, optional
        Chapters to run (all by default; the summary chapters last).
    dataset : str
        ``'demo'``, ``'fma'`` or a dataset folder.
    overrides : dict, optional
        Parameter values for every chapter that has these parameters (``-p NAME VALUE``);
        a name no selected chapter knows is an error.
    out : path-like, optional
        Output folder; ``book/`` (the published book) by default.
    force : bool
        Execute even when an identical run exists.

    Returns
    -------
    list of RunRecord
    """
    chapters = find_chapters()
    selected = resolve_chapter_names(names, chapters)
    overrides = dict(overrides or {})
    known = set().union(*(get_profile(c) for c in selected))
    unknown = sorted(set(overrides) - known)
    if unknown:
        allowed = "; ".join(f"{c}: {', '.join(get_profile(c))}" for c in selected)
        raise ValueError(f"unknown parameter {', '.join(map(repr, unknown))} for {', '.join(selected)}; "
                         f"allowed: {allowed}")
    out_dir = Path(out) if out is not None else find_project_root() / "book"
    plans = []
    for chapter in selected:
        given = {k: v for k, v in overrides.items() if k in get_profile(chapter)}
        given.setdefault("dataset", dataset)
        if "run_dir" in get_profile(chapter):
            given["run_dir"] = str(out_dir)
        plans.append((chapter, check_parameters(chapter, given)))  # all checked before any work

    for name in dict.fromkeys(str(params["dataset"]) for _, params in plans):  # each dataset a chapter will read
        folder = resolve_dataset(name)
        if not (folder / "tracks.csv").is_file():
            raise FileNotFoundError(f"dataset {name!r} is not ready at {folder}: run `genrebook prepare {name}` "
                                    f"(or `make book`) first")
    return [run_chapter(chapter, chapters[chapter], params, out_dir, force=force) for chapter, params in plans]
