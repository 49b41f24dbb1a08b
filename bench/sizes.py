"""Benchmark the book at the sizes users bring: features-only datasets of FMA medium and large.

Makes a features-only dataset (FMA's 518 statistics, 16 unbalanced top-level genres in fma_medium's
proportions, no audio: what ``genrebook download --metadata-only`` gives) of each size asked, runs
every chapter on it with the published settings (``genrebook run``), and prints each chapter's
wall time, whether it ran or explained why it could not, and the peak memory of the process tree.
Chapters that need images or audio explain themselves on such data; that is part of the run.

Run: ``.venv/bin/python bench/sizes.py [--sizes 25000 106574] [--chapters ...] [--work DIR]``
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

#: FMA's medium and large subsets (tracks).
SIZES = (25000, 106574)


def peak_memory_mib() -> float:
    """Largest resident set (MiB) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def bench_size(n_tracks: int, work: Path, chapters: list[str] | None, overrides: dict) -> list[tuple]:
    """Make the dataset (timed), run the chapters, and return one row per chapter."""
    from genrebook.book.runner import run_chapters
    from genrebook.fma.demo.tables import make_features_only_dataset

    folder = work / f"features-only-{n_tracks}"
    start = time.perf_counter()
    if not (folder / "tracks.csv").is_file():
        make_features_only_dataset(folder, n_tracks=n_tracks, subset="large" if n_tracks > 25000 else "medium")
    rows = [("(make the dataset)", round(time.perf_counter() - start, 1), "made")]
    out = work / f"run-{n_tracks}"
    run_chapters(chapters, dataset=str(folder), out=out, overrides=overrides, force=True)
    runs = json.loads((out / "runs.json").read_text())
    for name, record in runs.items():
        rows.append((name, record.get("seconds"), record.get("outcome", "ran")))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--chapters", nargs="*", default=None, help="default: every chapter")
    parser.add_argument("--work", type=Path, default=None, help="folder for the datasets and runs (default: temporary)")
    parser.add_argument("--search", default="full", choices=("quick", "full"))
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="genrebook-sizes-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'tracks':>8}  {'chapter':<26}{'seconds':>10}  outcome")
    for n_tracks in args.sizes:
        for chapter, seconds, outcome in bench_size(n_tracks, work, args.chapters, {"search": args.search}):
            shown = "—" if seconds is None else f"{seconds:.1f}"
            print(f"{n_tracks:>8,}  {chapter:<26}{shown:>10}  {outcome}", flush=True)
    print(f"peak memory of one process: {peak_memory_mib():,.0f} MiB; datasets and runs in {work}")


if __name__ == "__main__":
    main()
