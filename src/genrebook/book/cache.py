"""What a chapter's output depends on, hashed: a chapter runs again only when one of these changed.

The key of a run covers the chapter's source, its parameters, the dataset's files (sizes and
modification times, the split ``genrebook split`` writes included) and the code of every package
module the chapter imports, transitively.

Used in: :mod:`genrebook.book.runner`.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from genrebook import __version__
from genrebook.fma.dataset import resolve_extracted_dir
from genrebook.fma.splitfile import SPLIT_FILE, SPLIT_SETTINGS


def find_imported_modules(source: str) -> set[str]:
    r"""Names of the ``genrebook`` modules a piece of Python source imports (at any depth of its code).

    Examples
    --------
    >>> sorted(find_imported_modules("from genrebook import plots\nimport genrebook.fma.dataset as d"))
    ['genrebook', 'genrebook.fma.dataset', 'genrebook.plots']
    """
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.split(".")[0] == "genrebook"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "genrebook":
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def find_module_path(name: str) -> Path | None:
    """Return the file of a ``genrebook`` module or package (its ``__init__``), or None when it is not one.

    Examples
    --------
    >>> find_module_path("genrebook.fma").name, find_module_path("genrebook.fma.columns").name
    ('__init__.py', 'columns.py')
    >>> find_module_path("genrebook.fma.columns.SPLITS") is None
    True
    """
    root = Path(__file__).resolve().parents[1]
    base = root.joinpath(*name.split(".")[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def hash_package_code(source: str) -> str:
    """Hash the package modules a chapter depends on: those it imports, and theirs, transitively.

    Importing ``genrebook.a.b`` also runs ``genrebook.a``'s ``__init__``, so parent packages count.
    A change to a module the chapter never reaches does not make it run again.
    """
    todo, seen = find_imported_modules(source) | {"genrebook"}, {}
    while todo:
        name = todo.pop()
        path = find_module_path(name)
        if name in seen or path is None:
            continue  # an attribute imported from a module, not a module itself
        seen[name] = path
        parts = name.split(".")
        todo |= {".".join(parts[:i]) for i in range(1, len(parts))}
        todo |= find_imported_modules(path.read_text())
    digest = hashlib.sha256()
    for name in sorted(seen):
        digest.update(name.encode() + seen[name].read_bytes())
    return digest.hexdigest()


def fingerprint_dataset(path: Path) -> str:
    """Fingerprint the files of a dataset folder chapters read (sizes and modification times)."""
    names = ["tracks.csv", "genres.csv", "features.csv", "dataset.json", SPLIT_FILE, SPLIT_SETTINGS]
    files = [path / n for n in names] + [resolve_extracted_dir(path) / "manifest.json"]
    stats = [(str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file()]
    return hashlib.sha256(json.dumps(stats).encode()).hexdigest()


def compute_run_key(source: Path, params: dict, dataset: Path, extra: str = "") -> str:
    """Key of everything a chapter's output depends on."""
    text = source.read_text()
    parts = [text, json.dumps(params, sort_keys=True), fingerprint_dataset(dataset), hash_package_code(text),
             __version__, extra]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
