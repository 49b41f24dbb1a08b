"""Benchmark the book at the sizes users bring: features-only datasets of FMA medium and large.

Makes a features-only dataset (FMA's 518 statistics, 16 unbalanced top-level genres in fma_medium's
proportions, no audio: what ``genrebook download --metadata-only`` gives) of each size asked, runs
every chapter on it with the published settings (``genrebook run``), one chapter at a time, and
prints a table: each chapter's wall time, the CPU time of its kernel and worker processes (which
other load on the machine distorts less than the wall time), the load average while it ran,
and whether it ran or explained why it could not. Chapters that need images or audio explain
themselves on such data; that is part of the run. Each chapter's row is kept in
``run-<tracks>/bench.json`` as soon as it finishes (a later run of some chapters replaces only
theirs), and the table of every chapter recorded for the sizes asked is printed at the end and
written as Markdown (``sizes.md`` in the work folder), ready for the README.

Run: ``.venv/bin/python bench/sizes.py [--sizes 25000 106574] [--chapters ...] [--work DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

#: FMA's medium and large subsets (tracks).
SIZES = (25000, 106574)
#: The target: a chapter finishes within this many minutes on two cores.
TARGET_MINUTES = 30


def peak_memory_mib() -> float:
    """Largest resident set (MiB) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def children_cpu_seconds() -> float:
    """CPU seconds of the finished child processes (chapter kernels, and the workers they waited for)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def make_dataset(n_tracks: int, work: Path) -> tuple[Path, float]:
    """The features-only dataset of ``n_tracks`` in ``work`` (made when missing) and the seconds making it took."""
    from genrebook.fma.demo.tables import make_features_only_dataset

    folder = work / f"features-only-{n_tracks}"
    start = time.perf_counter()
    if not (folder / "tracks.csv").is_file():
        make_features_only_dataset(folder, n_tracks=n_tracks, subset="large" if n_tracks > 25000 else "medium")
    return folder, time.perf_counter() - start


def read_rows(out: Path) -> dict[str, dict]:
    """The rows recorded in a run folder, by chapter (in the order recorded)."""
    path = out / "bench.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def bench_size(n_tracks: int, work: Path, chapters: list[str] | None, overrides: dict) -> list[dict]:
    """Run the chapters one at a time on the dataset of ``n_tracks``, recording each row as it finishes;
    return every row recorded for this size (earlier runs' included), in reading order."""
    from genrebook.book.params import get_profile
    from genrebook.book.runner import find_chapters, resolve_chapter_names, run_chapters

    folder, seconds = make_dataset(n_tracks, work)
    out = work / f"run-{n_tracks}"
    out.mkdir(parents=True, exist_ok=True)
    rows = read_rows(out)
    if seconds > 1:
        rows["(make the dataset)"] = {"tracks": n_tracks, "chapter": "(make the dataset)", "wall": seconds,
                                      "cpu": None, "load": None, "outcome": "made"}
    order = resolve_chapter_names(None, find_chapters())
    for chapter in resolve_chapter_names(chapters, find_chapters()):
        start, cpu = time.perf_counter(), children_cpu_seconds()
        given = {k: v for k, v in overrides.items() if k in get_profile(chapter)}
        record = run_chapters([chapter], dataset=str(folder), out=out, overrides=given, force=True)[0]
        rows[chapter] = {"tracks": n_tracks, "chapter": chapter, "wall": time.perf_counter() - start,
                         "cpu": children_cpu_seconds() - cpu, "load": os.getloadavg()[1],
                         "outcome": "explained why not" if record.explained else "ran",
                         "finished": time.strftime("%Y-%m-%d %H:%M")}
        print(format_row(rows[chapter]), flush=True)
        (out / "bench.json").write_text(json.dumps(rows, indent=1))
    return sorted(rows.values(), key=lambda r: order.index(r["chapter"]) if r["chapter"] in order else -1)


def format_row(row: dict) -> str:
    """One line of the printed table."""
    cpu = "—" if row["cpu"] is None else f"{row['cpu']:,.0f}"
    load = "—" if row["load"] is None else f"{row['load']:.1f}"
    return f"{row['tracks']:>9,}  {row['chapter']:<24}{row['wall'] / 60:>9.1f}{cpu:>10}{load:>7}  {row['outcome']}"


def format_markdown(rows: list[dict]) -> str:
    """The table as Markdown: minutes of wall time, CPU minutes, and whether each chapter met the target."""
    lines = ["| tracks | chapter | wall (min) | CPU (min) | load | within 30 min |", "|---|---|---|---|---|---|"]
    for row in rows:
        if row["cpu"] is None:
            continue
        within = "yes" if row["wall"] <= 60 * TARGET_MINUTES else f"no (+{row['wall'] / 60 - TARGET_MINUTES:.0f} min)"
        lines.append(f"| {row['tracks']:,} | {row['chapter']} | {row['wall'] / 60:.1f} | {row['cpu'] / 60:.1f} | "
                     f"{row['load']:.1f} | {within} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--chapters", nargs="*", default=None, help="default: every chapter")
    parser.add_argument("--work", type=Path, default=None, help="folder for the datasets and runs (default: temporary)")
    parser.add_argument("--search", default="full", choices=("quick", "full"))
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="genrebook-sizes-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; wall and CPU time per chapter (CPU: its kernel and the workers it waited for; "
          "load: the 5-minute load average at its end)")
    print(f"{'tracks':>9}  {'chapter':<24}{'wall min':>9}{'CPU s':>10}{'load':>7}  outcome")
    rows = []
    for n_tracks in args.sizes:
        rows += bench_size(n_tracks, work, args.chapters, {"search": args.search})
    table = format_markdown(rows)
    (work / "sizes.md").write_text(table)
    print(f"\n{table}\npeak memory of one process: {peak_memory_mib():,.0f} MiB; datasets, runs and sizes.md in {work}")


if __name__ == "__main__":
    main()
