"""Benchmark the classical models of chapter 03: search and fit time per model.

For each model, runs chapter 03's validation search and final fit (``genrebook.models.tuning``) on a
dataset and prints: candidates searched, the seconds their fits took (one thread each), the final
fit's seconds and the training tracks it saw, the wall time of the model's whole search with
``--jobs`` workers, and its validation and test accuracy. Above 8,000 training tracks the
searches run in rounds of successive halving on stratified subsamples and the final fits see at
most 20,000 tracks (the book's rule, ``genrebook.models.sampling``; other limits with
``--limits SEARCH FINAL``); the first line gives the rounds. The last line gives the totals, the
wall time of everything and the CPU time the process and its workers used.

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
HEADER = "{:<22}{:>11}{:>17}{:>15}{:>12}{:>10}{:>14}{:>8}"
LINE = "{:<22}{:>11}{:>17.1f}{:>15.1f}{:>12,}{:>10.1f}{:>14.1f}{:>8.1f}"


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
    parser.add_argument("--limits", type=int, nargs=2, default=None, metavar=("SEARCH", "FINAL"),
                        help="training tracks a search and a final fit see at most (default: the book's)")
    args = parser.parse_args()

    from joblib.externals.loky import get_reusable_executor

    from genrebook.book.params import parse_selection
    from genrebook.fma.dataset import load_dataset
    from genrebook.models.evaluation import split_features
    from genrebook.models.pipelines import CLASSICAL_MODELS
    from genrebook.models.sampling import LIMITS, Limits, plan_rounds
    from genrebook.models.tuning import tune_and_evaluate

    limits = Limits(*args.limits) if args.limits else LIMITS
    ds = load_dataset(args.dataset)
    parts = split_features(ds.features, ds.tracks)
    n_train = len(parts["training"][1])
    rounds = ", ".join(f"{n:,}" for n in plan_rounds(n_train, limits=limits))
    print(f"{ds.name}: {ds.features.shape[1]} features, {n_train:,} training tracks; search={args.search}, "
          f"jobs={args.jobs}; search rounds on {rounds} of them")
    print(HEADER.format("model", "candidates", "search fits (s)", "final fit (s)", "final rows", "wall (s)",
                        "validation %", "test %"))
    rows = []
    start, cpu_start = time.perf_counter(), cpu_seconds()
    for name in parse_selection(args.models, tuple(CLASSICAL_MODELS)):
        tic = time.perf_counter()
        table, _, _ = tune_and_evaluate([name], parts, search=args.search, seed=args.seed, jobs=args.jobs,
                                        limits=limits)
        row = table.loc[name]
        rows.append({"model": CLASSICAL_MODELS[name], "candidates": int(row["n_candidates"]),
                     "search fits (s)": row["search_seconds"], "final fit (s)": row["fit_seconds"],
                     "final rows": int(row["fit_rows"]),
                     "wall (s)": time.perf_counter() - tic, "validation %": 100 * row["validation_accuracy"],
                     "test %": 100 * row["test_accuracy"]})
        print(LINE.format(*rows[-1].values()), flush=True)
    get_reusable_executor().shutdown(wait=True)  # so that the workers' CPU time is counted
    table = pd.DataFrame(rows).set_index("model")
    print(f"\ntotal: {table['search fits (s)'].sum() + table['final fit (s)'].sum():.0f} s of fits, "
          f"{time.perf_counter() - start:.0f} s wall, {cpu_seconds() - cpu_start:.0f} s CPU")


if __name__ == "__main__":
    main()
