"""Chapter parameters: one profile per chapter, validated before any heavy work.

Each chapter ``NN_slug`` has a profile here: every parameter's type, default, and allowed
range or choices. The chapter's ``parameters`` cell repeats the defaults as literals (a test
keeps the two equal); its setup cell calls :func:`validate_parameters` on the notebook's
globals, so a bad value stops the chapter with a message listing what is allowed, whether it
came from ``genrebook run -p``, from ``papermill -p`` or from an edit.

Used in: every chapter, ``genrebook run``.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any

from genrebook.clustering.fit import METHODS, REPRESENTATIONS
from genrebook.cnn.networks import NETWORKS
from genrebook.fma.dataset import FEATURE_SOURCES
from genrebook.models.pipelines import CLASSICAL_MODELS


@dataclass(frozen=True)
class Param:
    """One chapter parameter.

    Attributes
    ----------
    kind : type
        ``int``, ``float``, ``str`` or ``bool``.
    default : object
        The value of the chapter's ``parameters`` cell.
    help : str
        What it does, shown in errors and the chapter's parameter table.
    low, high : float, optional
        Inclusive bounds for numbers.
    choices : tuple, optional
        Allowed values.
    multiple : bool
        With ``choices``: a comma-separated selection of them, or ``'all'``; the chapter receives
        the parsed selection, a tuple in the order of ``choices`` (:func:`parse_selection`).
    """

    kind: type
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    choices: tuple | None = None
    multiple: bool = False

    def describe(self) -> str:
        """Say what is allowed, e.g. ``'int in [0, 2**31-1]'`` or ``"one of 'auto', 'own'"``."""
        if self.choices is not None and self.multiple:
            return "'all' or a comma-separated selection of " + ", ".join(repr(c) for c in self.choices)
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.low is not None or self.high is not None:
            low = "-inf" if self.low is None else f"{self.low:g}"
            high = "inf" if self.high is None else f"{self.high:g}"
            return f"{self.kind.__name__} in [{low}, {high}]"
        return self.kind.__name__


_DATASET = Param(str, "demo", "dataset folder, 'demo' (the synthetic demo), 'fma[:SUBSET]' or 'fma-metadata[:SUBSET]'")


_RUN_DIR = Param(str, "book", "folder of the run whose chapters this page summarises (set by genrebook run)")


_SEED = Param(int, 0, "seed of every random choice", low=0, high=2**31 - 1)


_JOBS = Param(int, -1, "worker processes (-1: all cores)", low=-1, high=256)


_SEARCH = Param(str, "full", "size of the hyperparameter search on the validation split",
                choices=("quick", "full"))


_IMAGE_SOURCE = Param(str, "auto", "spectrogram images: the dataset's own, the extracted ones, or auto",
                      choices=("auto", "own", "extracted"))


_FEATURE_SOURCE = Param(str, "auto", "features: the dataset's own features.csv, the extracted one, or auto",
                        choices=FEATURE_SOURCES)


#: Parameter profiles of the chapters, keyed by chapter name.
PROFILES: dict[str, dict[str, Param]] = {
    "00_intro": {"dataset": _DATASET, "run_dir": _RUN_DIR},
    "01_data": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "seed": _SEED,
        "n_examples": Param(int, 8, "clips shown in 'looking and listening' (one per genre at most)", low=0, high=16),
    },
    "02_limitations": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "seed": _SEED,
        "n_random_splits": Param(int, 5, "random splits that ignore artists, to measure the artist effect",
                                 low=1, high=50),
    },
    "03_classical_models": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "models": Param(str, "all", "classical models to fit", choices=tuple(CLASSICAL_MODELS),
                        multiple=True),
        "search": _SEARCH,
        "seed": _SEED,
        "jobs": _JOBS,
    },
    "04_featurewise_logreg": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "search": _SEARCH,
        "seed": _SEED,
        "jobs": _JOBS,
    },
    "05_cnn": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "image_source": _IMAGE_SOURCE,
        "models": Param(str, "all", "networks to train or load", choices=NETWORKS,
                        multiple=True),
        "baseline_input": Param(str, "auto", "the baseline's images: MFCC matrices as the original used, "
                                             "spectrograms, or auto (MFCC where every track has them)",
                                choices=("auto", "spectrogram", "mfcc")),
        "image_height": Param(int, 128, "rows (mel bands) of the network input", low=16, high=512),
        "image_width": Param(int, 128, "columns (time) of the network input", low=16, high=2048),
        "epochs": Param(int, 40, "most epochs per network (the plain and multi-input networks stop early on "
                                 "validation; the residual CNN trains its own fixed number on a cosine "
                                 "schedule, at most this many)", low=1, high=500),
        "batch_size": Param(int, 64, "images per training step", low=1, high=1024),
        "retrain": Param(bool, False, "train even when a suitable saved model exists"),
        "songs": Param(str, "auto", "folder of full songs to predict at the end ('auto': ../shared/data/songs "
                                    "where present, 'none' to skip)"),
        "seed": _SEED,
        "run_dir": _RUN_DIR,
    },
    "06_what_models_hear": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "image_source": _IMAGE_SOURCE,
        "search": _SEARCH,
        "repeats": Param(int, 5, "shuffles of each feature group or statistic", low=1, high=100),
        "baseline_input": Param(str, "auto", "as chapter 05: the plain CNN's images", choices=("auto", "spectrogram", "mfcc")),
        "image_height": Param(int, 128, "as chapter 05: rows (mel bands) of the network input", low=16, high=512),
        "image_width": Param(int, 128, "as chapter 05: columns (time) of the network input", low=16, high=2048),
        "epochs": Param(int, 40, "as chapter 05: most epochs per network, if one has to be trained", low=1, high=500),
        "batch_size": Param(int, 64, "as chapter 05: images per training step", low=1, high=1024),
        "per_genre": Param(int, 25, "test tracks per genre whose images are occluded", low=1, high=10000),
        "n_bands": Param(int, 16, "stripes of mel bands hidden one at a time", low=2, high=128),
        "n_times": Param(int, 16, "stretches of the clip hidden one at a time", low=2, high=128),
        "n_examples": Param(int, 3, "example clips with an occlusion map", low=0, high=8),
        "seed": _SEED,
        "jobs": _JOBS,
        "run_dir": _RUN_DIR,
    },
    "07_clustering": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "representations": Param(str, "all", "what to cluster", choices=tuple(REPRESENTATIONS),
                                 multiple=True),
        "methods": Param(str, "all", "clustering methods", choices=tuple(METHODS), multiple=True),
        "k_min": Param(int, 2, "smallest number of clusters tried", low=2, high=100),
        "k_max": Param(int, 16, "largest number of clusters tried (lowered to one below the number of tracks)",
                       low=2, high=200),
        "n_components": Param(int, 32, "principal components each representation is reduced to before clustering",
                              low=2, high=1024),
        "map_size": Param(int, 3000, "tracks drawn on the t-SNE map (a random subsample)", low=50, high=100000),
        "seed": _SEED,
    },
    "08_ensemble": {
        "dataset": _DATASET,
        "feature_source": _FEATURE_SOURCE,
        "image_source": _IMAGE_SOURCE,
        "search": Param(str, "full", "the validation search, used only when chapter 03 did not run on this dataset",
                        choices=("quick", "full")),
        "baseline_input": Param(str, "auto", "as chapter 05 (locates its saved networks): the plain CNN's images",
                                choices=("auto", "spectrogram", "mfcc")),
        "image_height": Param(int, 128, "as chapter 05: rows (mel bands) of the network input", low=16, high=512),
        "image_width": Param(int, 128, "as chapter 05: columns (time) of the network input", low=16, high=2048),
        "epochs": Param(int, 40, "as chapter 05: most epochs per network (locates its saved networks; none is "
                                 "trained here)", low=1, high=500),
        "batch_size": Param(int, 64, "as chapter 05: images per training step (locates its saved networks)",
                            low=1, high=1024),
        "seed": _SEED,
        "jobs": _JOBS,
        "run_dir": _RUN_DIR,
    },
    "99_execution": {"dataset": _DATASET, "run_dir": _RUN_DIR},
}


class ParameterError(ValueError):
    """A chapter parameter that is unknown, of the wrong type or out of range."""


def parse_selection(value: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    """Parse a selection parameter: ``'all'`` or a comma-separated subset of ``choices``.

    The one parser of every ``all|a,b`` parameter (models, networks, methods, representations).

    Parameters
    ----------
    value : str
        ``'all'``, or names separated by commas (spaces around them are ignored).
    choices : tuple of str
        The allowed names, in the order the result keeps.

    Returns
    -------
    tuple of str
        The selected names in the order of ``choices``, each once.

    Raises
    ------
    ValueError
        An empty selection or a name that is not one of ``choices``, naming what is allowed.

    Examples
    --------
    >>> parse_selection("svm, rf", ("rf", "gb", "svm"))
    ('rf', 'svm')
    >>> parse_selection("all", ("rf", "gb"))
    ('rf', 'gb')
    """
    if value.strip() == "all":
        return tuple(choices)
    picked = [v.strip() for v in value.split(",")]
    unknown = [v for v in picked if v not in choices]
    if unknown or not any(picked):
        raise ValueError(f"choose 'all' or a comma-separated selection of {', '.join(map(repr, choices))}; "
                         f"got {value!r}")
    return tuple(c for c in choices if c in picked)


def _check_value(chapter: str, name: str, value: Any, param: Param) -> Any:
    """Check one value against its profile; return it converted (int -> float where allowed)."""
    if param.kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if param.kind is not bool and isinstance(value, bool) or not isinstance(value, param.kind):
        raise ParameterError(
            f"{chapter}: parameter {name!r} must be {param.describe()}; got {value!r} "
            f"({type(value).__name__})"
        )
    if param.multiple:
        try:
            parse_selection(value, param.choices)
        except ValueError:
            raise ParameterError(f"{chapter}: parameter {name!r} must be {param.describe()}; got {value!r}") from None
        return value
    if param.choices is not None and value not in param.choices:
        raise ParameterError(f"{chapter}: parameter {name!r} must be {param.describe()}; got {value!r}")
    if (param.low is not None and value < param.low) or (param.high is not None and value > param.high):
        raise ParameterError(f"{chapter}: parameter {name!r} must be {param.describe()}; got {value!r}")
    return value


def get_profile(chapter: str) -> dict[str, Param]:
    """Return a chapter's parameter profile, with a clear error for an unknown chapter."""
    if chapter not in PROFILES:
        raise ParameterError(f"unknown chapter {chapter!r}; chapters are {', '.join(sorted(PROFILES))}")
    return PROFILES[chapter]


def list_allowed(chapter: str) -> str:
    """Describe every parameter of a chapter, one per line, for error messages and ``--help``."""
    return "\n".join(f"  {name}: {p.describe()} (default {p.default!r}) - {p.help}"
                     for name, p in get_profile(chapter).items())


def check_parameters(chapter: str, values: dict[str, Any], *, strict: bool = True) -> dict[str, Any]:
    """Check parameter values against a chapter's profile; return them as given (for papermill and records).

    Parameters
    ----------
    chapter : str
        ``NN_slug``.
    values : dict
        Names and values; in a notebook, ``globals()`` (modules, functions, upper-case constants
        and names starting with ``_`` are ignored, so only the parameter cells' assignments count).
    strict : bool
        Reject names the profile does not define.

    Returns
    -------
    dict
        Every parameter of the profile: the given values, checked, and the defaults.

    Raises
    ------
    ParameterError
        Unknown name, wrong type or out-of-range value, listing what is allowed.

    Examples
    --------
    >>> check_parameters("03_classical_models", {"models": "svm,rf"})["models"]
    'svm,rf'
    """
    profile = get_profile(chapter)
    given = {k: v for k, v in values.items() if not _is_ambient(k, v)}
    unknown = sorted(set(given) - set(profile))
    if unknown and strict:
        raise ParameterError(
            f"{chapter}: unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"allowed:\n{list_allowed(chapter)}"
        )
    return {name: _check_value(chapter, name, given.get(name, p.default), p) for name, p in profile.items()}


def validate_parameters(chapter: str, values: dict[str, Any], *, strict: bool = True) -> dict[str, Any]:
    """Check parameter values (:func:`check_parameters`) and parse them into what the chapter uses.

    Selection parameters (``'all'`` or ``'a,b'``) become tuples of names (:func:`parse_selection`);
    the others are returned as checked.

    Examples
    --------
    >>> validate_parameters("01_data", {"seed": 3})["seed"]
    3
    >>> validate_parameters("03_classical_models", {"models": "svm,rf"})["models"]
    ('rf', 'svm')
    """
    profile = get_profile(chapter)
    checked = check_parameters(chapter, values, strict=strict)
    return {name: parse_selection(value, profile[name].choices) if profile[name].multiple else value
            for name, value in checked.items()}


def _is_ambient(name: str, value: Any) -> bool:
    """Tell whether a notebook global is not a parameter (IPython's names, modules, functions, CONSTANTS)."""
    ipython_names = {"In", "Out", "get_ipython", "exit", "quit", "open"}
    return (name.startswith("_") or name.isupper() or name in ipython_names
            or isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)))
