"""Run one chapter over a grid of parameters and summarise its headline numbers.

``genrebook grid 04_featurewise_logreg -p seed 0,1,2 -p dataset demo,../shared/data/fma_small_derived``
runs the chapter once per combination (papermill, as ``genrebook run`` does), each into its own
run folder with its ``results.json``, then tabulates the chapter's headline numbers: a mean and
a spread (sample standard deviation) over the varied parameter (the seed by default) for every
setting of the others. Runs go one after another on this machine (each chapter uses every core
itself) or, with a cluster, side by side as tasks on its workers. A run whose inputs did not
change is not executed again, so an interrupted grid continues where it stopped.

Used in: ``genrebook grid``.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
from pathlib import Path

import pandas as pd
from joblib import Parallel, delayed

from genrebook.book.params import check_parameters
from genrebook.book.results import _is_headline
from genrebook.book.runner import find_chapters, resolve_chapter_names, run_chapters
from genrebook.scale import use_cluster

log = logging.getLogger(__name__)


def expand_grid(values: dict[str, list]) -> list[dict]:
    """Every combination of the values, the first parameter varying slowest.

    Examples
    --------
    >>> expand_grid({"search": ["quick"], "seed": [0, 1]})
    [{'search': 'quick', 'seed': 0}, {'search': 'quick', 'seed': 1}]
    """
    if not values:
        return [{}]
    for name, options in values.items():
        if not isinstance(options, list) or not options:
            raise ValueError(f"grid parameter {name!r} needs a non-empty list of values; got {options!r}")
    names = list(values)
    return [dict(zip(names, combo)) for combo in itertools.product(*(values[n] for n in names))]


def make_setting_name(setting: dict) -> str:
    """A folder name for one combination (safe characters only).

    Examples
    --------
    >>> make_setting_name({"seed": 1, "dataset": "../shared/data/fma_small_derived"})
    'seed-1_dataset-shared-data-fma_small_derived'
    >>> make_setting_name({"C": 0.5})
    'C-0.5'
    """
    if not setting:
        return "default"
    parts = [f"{k}-{v}" for k, v in setting.items()]
    name = re.sub(r"[^A-Za-z0-9_.=-]+", "-", "_".join(parts))
    return re.sub(r"-[-.]*", "-", name).strip("-.") or "default"


def _run_one(chapter: str, setting: dict, dataset: str, folder: str, force: bool) -> str:
    """Execute one combination (in this process or on a cluster worker); return its folder."""
    overrides = {k: v for k, v in setting.items() if k != "dataset"}
    run_chapters([chapter], dataset=str(setting.get("dataset", dataset)), overrides=overrides, out=folder,
                 force=force)
    return folder


def run_grid(chapter: str, values: dict[str, list], *, dataset: str = "demo", out: str | os.PathLike,
             cluster=None, force: bool = False) -> pd.DataFrame:
    """Run a chapter for every combination of parameter values.

    Parameters
    ----------
    chapter : str
        One chapter (``04_featurewise_logreg``, ``04`` or ``featurewise_logreg``).
    values : dict
        ``{parameter: [values]}``; ``dataset`` may be among them.
    dataset : str
        The dataset of combinations that do not set one.
    out : path-like
        Grid folder: one run folder per combination, plus ``grid.csv``.
    cluster : str or distributed.Client, optional
        Run the combinations as tasks on a Dask cluster.
    force : bool
        Execute even the runs whose inputs did not change.

    Returns
    -------
    pd.DataFrame
        One row per combination and headline number: the parameters, ``result``, ``value``
        (see :func:`collect_results`).

    Raises
    ------
    ValueError, genrebook.book.params.ParameterError
        Before anything runs: not exactly one chapter, an empty value list, or a value the
        chapter does not accept (every combination is checked).
    """

    names = resolve_chapter_names([chapter], find_chapters())
    if len(names) != 1:
        raise ValueError(f"grid runs one chapter; {chapter!r} names {len(names)}")
    chapter = names[0]
    settings = expand_grid(values)
    for setting in settings:  # every combination checked before the first run
        check_parameters(chapter, {"dataset": dataset, **setting})
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    folders = [str((out / make_setting_name(s)).absolute()) for s in settings]
    if len(set(folders)) != len(folders):
        raise ValueError("two combinations map to the same run folder; give values that differ in their "
                         "letters and digits")
    log.info("grid of %s: %d runs into %s", chapter, len(settings), out)
    with use_cluster(cluster):
        done = Parallel(n_jobs=1 if cluster is None else -1, batch_size=1)(
            delayed(_run_one)(chapter, s, dataset, f, force) for s, f in zip(settings, folders))
    table = collect_results(chapter, settings, done)
    table.to_csv(out / "grid.csv", index=False)
    return table


def collect_results(chapter: str, settings: list[dict], folders: list[str]) -> pd.DataFrame:
    """Read the headline numbers of each run folder into one long table.

    Only numbers the intro would show (:data:`genrebook.book.results.HEADLINES`) are kept.
    """
    rows = []
    for setting, folder in zip(settings, folders):
        results = json.loads((Path(folder) / "results.json").read_text())
        for key, value in sorted(results.items()):
            owner, _, name = key.partition(".")
            if owner != chapter or isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if _is_headline(chapter, name):
                rows.append({**{k: str(v) for k, v in setting.items()}, "result": name, "value": float(value),
                             "run": Path(folder).name})
    return pd.DataFrame(rows)


def summarize_grid(table: pd.DataFrame, *, over: str | None = "seed") -> pd.DataFrame:
    """Mean and spread of every headline number over one parameter, per setting of the others.

    Parameters
    ----------
    table : pd.DataFrame
        From :func:`run_grid` or :func:`collect_results`.
    over : str or None
        The grid parameter averaged over; None: every run is its own setting.

    Returns
    -------
    pd.DataFrame
        Index: the other parameters and ``result``; columns ``mean``, ``std`` (sample standard
        deviation, NaN for a single run), ``min``, ``max``, ``n``.

    Examples
    --------
    >>> t = pd.DataFrame({"seed": ["0", "1"], "result": ["acc", "acc"], "value": [0.5, 0.7], "run": ["a", "b"]})
    >>> summarize_grid(t).round(3).to_dict("records")
    [{'mean': 0.6, 'std': 0.141, 'min': 0.5, 'max': 0.7, 'n': 2}]
    """
    if table.empty:
        raise ValueError("the grid's runs recorded no headline numbers")
    parameters = [c for c in table.columns if c not in ("result", "value", "run")]
    if over is not None and over not in parameters:
        raise ValueError(f"--over must name a parameter of the grid ({', '.join(parameters) or 'none'}); "
                         f"got {over!r}")
    keys = [c for c in table.columns if c not in ("result", "value", "run", over)] + ["result"]
    grouped = table.groupby(keys, sort=False)["value"]
    return pd.DataFrame({"mean": grouped.mean(), "std": grouped.std(ddof=1), "min": grouped.min(),
                         "max": grouped.max(), "n": grouped.size()})
