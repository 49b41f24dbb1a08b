"""Chapter parameters: profiles, validation messages, and the chapters' parameters cells."""

from __future__ import annotations

import ast

import jupytext
import pytest

from genrebook.params import PROFILES, ParameterError, validate_parameters
from genrebook.runner import find_chapters


def test_every_chapter_has_a_profile_and_one_parameters_cell_with_its_defaults():
    chapters = find_chapters()
    assert set(chapters) <= set(PROFILES), "every chapter needs a parameter profile"
    for name, source in chapters.items():
        notebook = jupytext.read(source)
        cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, f"{name} must have exactly one cell tagged 'parameters'"
        assert "remove-cell" in cells[0].metadata["tags"], f"{name}: the book shows a parameter table instead"
        values = {}
        for node in ast.parse(cells[0].source).body:
            assert isinstance(node, ast.Assign), f"{name}: the parameters cell holds only assignments"
            values[node.targets[0].id] = ast.literal_eval(node.value)
        assert values == {k: p.default for k, p in PROFILES[name].items()}, name


def test_defaults_validate():
    for name in PROFILES:
        assert validate_parameters(name, {}) == {k: p.default for k, p in PROFILES[name].items()}


@pytest.mark.parametrize("values, message", [
    ({"no_such_param": 1}, "01_data: unknown parameter 'no_such_param'; allowed:\n  dataset: str"),
    ({"seed": "7"}, "01_data: parameter 'seed' must be int in [0, 2.14748e+09]; got '7' (str)"),
    ({"seed": -1}, "parameter 'seed' must be int in [0, "),
    ({"seed": True}, "parameter 'seed' must be int"),
    ({"feature_source": "vggish"}, "parameter 'feature_source' must be one of 'auto', 'own', 'extracted'; got 'vggish'"),
    ({"n_examples": 99}, "parameter 'n_examples' must be int in [0, 16]; got 99"),
])
def test_bad_parameters_are_refused_with_what_is_allowed(values, message):
    with pytest.raises(ParameterError) as error:
        validate_parameters("01_data", values)
    assert message in str(error.value)


def test_notebook_globals_other_than_parameters_are_ignored():
    import math

    namespace = {"seed": 3, "math": math, "_private": 1, "In": [], "get_ipython": print, "validate": validate_parameters}
    assert validate_parameters("01_data", namespace)["seed"] == 3


def test_unknown_chapter():
    with pytest.raises(ParameterError, match="unknown chapter '07_nope'; chapters are 00_intro"):
        validate_parameters("07_nope", {})
