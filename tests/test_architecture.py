"""The package's structure: no import cycles between modules, no side effects on import, small modules."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "genrebook"
MAX_MODULE_LINES = 350


def list_modules() -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its ``__init__``)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("genrebook",) + path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def find_imported(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules a module imports anywhere in it (top level or inside functions).

    ``from genrebook.a import b`` counts as importing ``genrebook.a.b`` when that is a module, else
    ``genrebook.a``; importing ``genrebook.a.b`` also runs the ``__init__`` of ``genrebook.a``,
    which counts unless the importer lives inside ``genrebook.a`` (Python has started it then).
    """
    me = next(name for name, p in modules.items() if p == path)
    own_packages = {".".join(me.split(".")[:i]) for i in range(1, me.count(".") + 1)}
    if path.name == "__init__.py":
        own_packages.add(me)
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names]
            found.update(n for n in names if n in modules)
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    targets = set()
    for name in found:
        if not name.startswith("genrebook"):
            continue
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in modules and prefix not in own_packages and prefix != me:
                targets.add(prefix)
    return targets


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one cycle of a directed graph as a list of nodes, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycles_between_modules():
    modules = list_modules()
    graph = {name: find_imported(path, modules) for name, path in modules.items()}
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph))}"


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    """Imports inside functions count: they were how the old cnn modules hid their cycle."""
    root = tmp_path / "genrebook"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "a.py").write_text("from genrebook.b import f\n")
    (root / "b.py").write_text("def f():\n    from genrebook.a import g\n")
    modules = {"genrebook": root / "__init__.py", "genrebook.a": root / "a.py", "genrebook.b": root / "b.py"}
    graph = {name: find_imported(path, modules) for name, path in modules.items()}
    assert find_cycle(graph) == ["genrebook.a", "genrebook.b", "genrebook.a"]


def test_no_module_is_over_the_size_limit():
    sizes = {name: len(path.read_text().splitlines()) for name, path in list_modules().items()}
    assert {n: s for n, s in sizes.items() if s > MAX_MODULE_LINES} == {}


_PROBE = textwrap.dedent("""
    import json, os, sys
    sys.dont_write_bytecode = True
    # the third-party libraries first: their own first-import caches are not genrebook's doing
    import numpy, pandas, scipy, sklearn, matplotlib, seaborn, joblib, requests, yaml, tqdm, PIL
    events = []

    def hook(event, args):
        if event == "open" and len(args) > 1 and args[1] is not None:
            mode, flags = args[1], args[2] if len(args) > 2 else 0
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if writing:
                events.append([event, str(args[0])])
        elif event in ("os.mkdir", "os.putenv", "os.unsetenv", "os.rename", "os.remove", "shutil.rmtree"):
            events.append([event, str(args[0])])

    before = dict(os.environ)
    sys.addaudithook(hook)
    import importlib, pkgutil, genrebook
    names = [m.name for m in pkgutil.walk_packages(genrebook.__path__, "genrebook.") if not m.name.endswith("__main__")]
    for name in ({sys.argv[1]!r} == "all" and names or []):
        importlib.import_module(name)
    changed = sorted(k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k))
    print(json.dumps({"events": events, "environment": changed, "modules": len(names)}))
""")


@pytest.mark.parametrize("what", ["package", "all"])
def test_importing_changes_nothing_outside_the_package(what, tmp_path):
    """`import genrebook` (and every one of its modules) sets no variable and writes no file."""
    env = {k: v for k, v in __import__("os").environ.items() if k != "NUMBA_CACHE_DIR"}
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    probe = _PROBE.replace("{sys.argv[1]!r}", "sys.argv[1]")
    done = subprocess.run([sys.executable, "-c", probe, what], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["environment"] == [] and report["events"] == []
    assert list(tmp_path.iterdir()) in ([], [tmp_path / "mpl"])
