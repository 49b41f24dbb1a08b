"""Chapter parameters: profiles, validation messages, and the chapters' parameters cells."""

from __future__ import annotations

import ast

import jupytext
import pytest

from genrebook.book.params import PROFILES, ParameterError, check_parameters, parse_selection, validate_parameters
from genrebook.book.runner import find_chapters
from genrebook.clustering.fit import METHODS, REPRESENTATIONS
from genrebook.cnn.networks import NETWORKS
from genrebook.models.pipelines import CLASSICAL_MODELS


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
        assert check_parameters(name, {}) == {k: p.default for k, p in PROFILES[name].items()}


@pytest.mark.parametrize("chapter, name, choices", [
    ("03_classical_models", "models", tuple(CLASSICAL_MODELS)),
    ("05_cnn", "models", NETWORKS),
    ("07_clustering", "methods", tuple(METHODS)),
    ("07_clustering", "representations", tuple(REPRESENTATIONS)),
])
def test_selections_are_parsed_once_from_the_profile_choices(chapter, name, choices):
    """Every `all|a,b` parameter goes through one parser; the chapter receives the parsed tuple."""
    assert PROFILES[chapter][name].choices == choices
    assert validate_parameters(chapter, {})[name] == choices
    picked = f" {choices[-1]},{choices[0]} "
    assert validate_parameters(chapter, {name: picked})[name] == (choices[0], choices[-1])
    assert check_parameters(chapter, {name: picked})[name] == picked  # what papermill and runs.json receive
    with pytest.raises(ParameterError, match=f"parameter '{name}' must be 'all' or a comma-separated selection"):
        validate_parameters(chapter, {name: f"{choices[0]},nope"})
    with pytest.raises(ParameterError):
        validate_parameters(chapter, {name: ""})


def test_parse_selection_keeps_the_order_of_choices_and_names_what_is_allowed():
    assert parse_selection("ward, kmeans,ward", ("kmeans", "gmm", "ward")) == ("kmeans", "ward")
    with pytest.raises(ValueError, match="choose 'all' or a comma-separated selection of 'kmeans', 'gmm'; got 'dbscan'"):
        parse_selection("dbscan", ("kmeans", "gmm"))


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
