"""Benchmark the classical models of chapter 03: search and fit time per model.

For each model, runs chapter 03's validation search and final fit (``genrebook.models.tuning``) on a
dataset and prints: candidates searched, the seconds their fits took (one thread each), the final
fit's seconds, the wall time of the model's whole search with ``--jobs`` workers, and its
validation and test accuracy. The last line gives the totals, the wall time of everything and
the CPU time the process and its workers used.

Run: ``.venv/bin/python bench/classical.py [--dataset DIR] [--search full] [--models all] [--jobs 2]``
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = ROOT.parent / "shared" / "data" / "fma_small_derived"
HEADER = "{:<22}{:>11}{:>17}{:>15}{:>10}{:>14}{:>8}"
LINE = "{:<22}{:>11}{:>17.1f}{:>15.1f}{:>10.1f}{:>14.1f}{:>8.1f}"


def cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (workers count once they exit)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default=str(DEFAULT_DATASET))
    parser.add_argument("--search", default="full", choices=("quick", "full"))
    parser.add_argument("--models", default="all")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from joblib.externals.loky import get_reusable_executor

    from genrebook.book.params import parse_selection
    from genrebook.fma.dataset import load_dataset
    from genrebook.models.evaluation import split_features
    from genrebook.models.pipelines import CLASSICAL_MODELS
    from genrebook.models.tuning import tune_and_evaluate

    ds = load_dataset(args.dataset)
    parts = split_features(ds.features, ds.tracks)
    print(f"{ds.name}: {ds.features.shape[1]} features, {len(parts['training'][1])} training tracks; "
          f"search={args.search}, jobs={args.jobs}")
    print(HEADER.format("model", "candidates", "search fits (s)", "final fit (s)", "wall (s)", "validation %",
                        "test %"))
    rows = []
    start, cpu_start = time.perf_counter(), cpu_seconds()
    for name in parse_selection(args.models, tuple(CLASSICAL_MODELS)):
        tic = time.perf_counter()
        table, _, _ = tune_and_evaluate([name], parts, search=args.search, seed=args.seed, jobs=args.jobs)
        row = table.loc[name]
        rows.append({"model": CLASSICAL_MODELS[name], "candidates": int(row["n_candidates"]),
                     "search fits (s)": row["search_seconds"], "final fit (s)": row["fit_seconds"],
                     "wall (s)": time.perf_counter() - tic, "validation %": 100 * row["validation_accuracy"],
                     "test %": 100 * row["test_accuracy"]})
        print(LINE.format(*rows[-1].values()), flush=True)
    get_reusable_executor().shutdown(wait=True)  # so that the workers' CPU time is counted
    table = pd.DataFrame(rows).set_index("model")
    print(f"\ntotal: {table['search fits (s)'].sum() + table['final fit (s)'].sum():.0f} s of fits, "
          f"{time.perf_counter() - start:.0f} s wall, {cpu_seconds() - cpu_start:.0f} s CPU")


if __name__ == "__main__":
    main()
