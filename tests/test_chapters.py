"""Chapters read before anything executes: every glued key the prose uses is produced by its results
builders, computing cells stay short and free of logic, figures are captioned, pages end with their
parameters."""

from __future__ import annotations

import ast
import importlib
import re

import jupytext
import pytest

from tests.helpers import ROOT

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("[0-9][0-9]_*.py"))
#: Every chapter is written in the results-builder pattern.
CONVERTED = CHAPTERS
#: Most lines of a cell that computes (the results builder call and its glue).
MAX_CELL_LINES = 4
GLUE_ROLE = re.compile(r"\{glue(?::text|:md|:any)?\}`([^`:]+)(?::[^`]*)?`")
GLUE_DIRECTIVE = re.compile(r"```\{glue(?::figure|:md|:any)?\}\s+(\S+)")


def read_cells(chapter: str):
    return jupytext.read(ROOT / "chapters" / f"{chapter}.py").cells


def used_keys(chapter: str) -> set[str]:
    text = "\n".join(c.source for c in read_cells(chapter) if c.cell_type == "markdown")
    keys = set(GLUE_ROLE.findall(text)) | set(GLUE_DIRECTIVE.findall(text))
    return {k.strip() for k in keys}


def imported_names(cells) -> dict[str, object]:
    """Names the chapter imports from genrebook, resolved to modules or functions."""
    names = {}
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("genrebook"):
                module = importlib.import_module(node.module)
                for alias in node.names:
                    target = getattr(module, alias.name, None)
                    if target is None:
                        target = importlib.import_module(f"{node.module}.{alias.name}")
                    names[alias.asname or alias.name] = target
    return names


def produced_keys(chapter: str) -> set[str]:
    """Keys the chapter's builders declare (``@builds``), from the calls inside ``ch.glue_all(...)``."""
    cells = read_cells(chapter)
    names = imported_names(cells)
    keys = set()
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "glue_all"
                    and node.args and isinstance(node.args[0], ast.Call)):
                func = node.args[0].func
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    builder = getattr(names[func.value.id], func.attr)
                else:
                    builder = names[func.id]
                assert hasattr(builder, "produces"), f"{chapter}: {ast.unparse(func)} is not a @builds results builder"
                keys |= {f"{chapter}.{k}" for k in builder.produces}
    return keys


@pytest.mark.parametrize("chapter", CONVERTED)
def test_every_glued_key_in_the_prose_is_produced_by_a_builder(chapter):
    missing = used_keys(chapter) - produced_keys(chapter)
    assert not missing, f"{chapter}: the prose uses keys no builder produces: {sorted(missing)}"


@pytest.mark.parametrize("chapter", CONVERTED)
def test_computing_cells_are_short_and_hold_no_logic(chapter):
    for cell in read_cells(chapter):
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code" or "parameters" in tags:
            continue
        code = "\n".join(line for line in cell.source.splitlines() if line.strip() and not line.startswith("#"))
        tree = ast.parse(code)
        if all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body):
            continue
        body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
        assert len(body) <= MAX_CELL_LINES, f"{chapter}: a cell of {len(body)} statements:\n{code}"
        banned = (ast.If, ast.For, ast.While, ast.FunctionDef, ast.Lambda, ast.ListComp, ast.DictComp,
                  ast.GeneratorExp, ast.IfExp, ast.BinOp, ast.ClassDef, ast.Try)
        for node in ast.walk(tree):
            assert not isinstance(node, banned), f"{chapter}: logic in a cell ({type(node).__name__}):\n{code}"


@pytest.mark.parametrize("chapter", CONVERTED)
def test_figures_are_pasted_with_a_name_alt_text_and_caption(chapter):
    text = "\n".join(c.source for c in read_cells(chapter) if c.cell_type == "markdown")
    blocks = re.findall(r"```\{glue:figure\}[^\n]*\n(.*?)```", text, re.S)
    for block in blocks:
        assert ":name: fig-" in block and ":alt: " in block, block
        caption = [line for line in block.splitlines() if line.strip() and not line.startswith(":")]
        assert caption, f"{chapter}: a figure without caption:\n{block}"


@pytest.mark.parametrize("chapter", CONVERTED)
def test_a_page_ends_with_its_parameters(chapter):
    code = [c for c in read_cells(chapter) if c.cell_type == "code"]
    assert code[-1].source.strip() == "ch.show_parameters()"
