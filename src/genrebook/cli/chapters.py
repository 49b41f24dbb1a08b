"""Sub-commands on chapters and the book: run, grid, build, book.

Used in: :func:`genrebook.cli.main`.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from genrebook.book.build import build_book, check_publishing
from genrebook.book.grid import run_grid, summarize_grid
from genrebook.book.runner import ChapterFailed, run_chapters
from genrebook.cli.options import check_cluster, collect_grid, collect_overrides, emit, hand_cluster, jobs
from genrebook.features.prepare import prepare_dataset
from genrebook.fma.folders import resolve_dataset
from genrebook.fma.splitfile import require_split

log = logging.getLogger("genrebook")


def check_split(dataset) -> None:
    """Stop before any work when a dataset folder has no training/validation/test split.

    A dataset not made yet (``demo``, ``fma`` before ``prepare``) is left to the run to report.
    """
    try:
        path = resolve_dataset(dataset)
    except FileNotFoundError:
        return  # not a dataset folder: the run says so in its own words
    if (path / "tracks.csv").is_file():
        require_split(path)


def cmd_run(args: argparse.Namespace) -> int:
    """Execute chapters with papermill."""
    hand_cluster(args.cluster)
    overrides = collect_overrides(args)
    check_split(overrides.get("dataset", args.dataset))
    try:
        records = run_chapters(args.chapters, dataset=args.dataset, overrides=overrides,
                               out=args.out, force=args.force)
    except ChapterFailed as error:
        log.error("%s", error)
        return 1
    for record in records:
        state = ("unchanged" if record.reused else
                 f"explained, not run ({record.seconds:.1f} s): the dataset lacks what it needs" if record.explained
                 else f"{record.seconds:.1f} s")
        emit(f"{record.chapter}: {state}")
    return 0


def add_run_parser(sub) -> None:
    """Add ``genrebook run``: execute chapters with papermill."""
    run = sub.add_parser("run", help="execute chapters with papermill (default: all, into book/)")
    run.add_argument("chapters", nargs="*", help="chapter names (01_data, 01 or data); default: all")
    run.add_argument("--dataset", default="demo", help="'demo', 'fma[:SUBSET]', 'fma-metadata[:SUBSET]' or a dataset folder")
    run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                     help="set a chapter parameter (repeatable)")
    run.add_argument("--params", type=Path, default=None, help="YAML file of parameter values")
    run.add_argument("--out", type=Path, default=None, help="output folder (default: book/, the published book)")
    run.add_argument("--force", action="store_true", help="execute even when nothing changed")
    run.add_argument("--cluster", default=None, metavar="SPEC",
                     help="chapters send their parallel work to a Dask cluster: tcp://HOST:8786 or local[:N]")
    run.set_defaults(func=cmd_run)


def cmd_grid(args: argparse.Namespace) -> int:
    """Run one chapter over a grid of parameters and print its headline numbers' mean and spread."""
    check_cluster(args.cluster)
    values = collect_grid(args)
    for dataset in values.get("dataset", [args.dataset]):
        check_split(dataset)
    over = args.over if args.over in values else None
    if over is None and args.over != "seed":  # the default may be absent; a name given must be in the grid
        raise ValueError(f"--over must name a parameter of the grid ({', '.join(values) or 'none'}); "
                         f"got {args.over!r}")
    out = args.out or Path("runs") / "grid" / args.chapter
    try:
        table = run_grid(args.chapter, values, dataset=args.dataset, out=out, cluster=args.cluster,
                         force=args.force)
    except ChapterFailed as error:
        log.error("%s", error)
        return 1
    summary = summarize_grid(table, over=over)
    spread = f"mean and spread (sample std) over {over!r}" if over else "one row per run (no seed varied)"
    emit(f"{table['run'].nunique()} runs in {out}; {spread}:")
    emit(summary.to_string(float_format=lambda v: f"{v:.4f}"))
    return 0


def add_grid_parser(sub) -> None:
    """Add ``genrebook grid``: run one chapter over a grid of parameters and print its headline numbers' mean and spread."""
    grid = sub.add_parser("grid", help="run one chapter over a grid of parameters; print the mean and spread "
                                       "of its headline numbers")
    grid.add_argument("chapter", help="chapter name (04_featurewise_logreg, 04 or featurewise_logreg)")
    grid.add_argument("--dataset", default="demo", help="'demo', 'fma[:SUBSET]', 'fma-metadata[:SUBSET]' or a dataset folder (or -p dataset A,B)")
    grid.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUES"),
                      help="comma-separated values of a parameter (repeatable), e.g. -p seed 0,1,2")
    grid.add_argument("--params", type=Path, default=None,
                      help="YAML file of parameter names and lists of values (for values containing commas)")
    grid.add_argument("--over", default="seed", help="parameter the mean and spread are taken over (default: seed)")
    grid.add_argument("--out", type=Path, default=None, help="grid folder (default: runs/grid/CHAPTER)")
    grid.add_argument("--cluster", default=None, metavar="SPEC",
                      help="run the combinations on a Dask cluster: tcp://HOST:8786 or local[:N]")
    grid.add_argument("--force", action="store_true", help="execute even the runs whose inputs did not change")
    grid.set_defaults(func=cmd_grid)


def cmd_build(args: argparse.Namespace) -> int:
    """Build the HTML book from the executed chapters."""
    check_publishing(args.base_url, args.repository_url)
    try:
        html_dir = build_book(base_url=getattr(args, "base_url", None),
                              repository_url=getattr(args, "repository_url", None))
    except RuntimeError as error:
        log.error("%s", error)
        return 1
    emit(f"book: {html_dir / 'index.html'}")
    return 0


def add_build_parser(sub) -> None:
    """Add ``genrebook build``: build the HTML book from the executed chapters."""
    build = sub.add_parser("build", help="build the HTML book from the executed chapters in book/")
    add_publishing_options(build)
    build.set_defaults(func=cmd_build)


def add_publishing_options(parser) -> None:
    """``--base-url`` and ``--repository-url``, for a book published on the web (e.g. GitHub Pages)."""
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help="where the book is published, e.g. https://OWNER.github.io/REPO/")
    parser.add_argument("--repository-url", default=None, metavar="URL",
                        help="the source repository (github.com, gitlab.com or bitbucket.org): adds repository "
                             "and download buttons")


def cmd_book(args: argparse.Namespace) -> int:
    """Prepare the dataset, run every chapter, build the book."""
    check_cluster(args.cluster)
    check_publishing(args.base_url, args.repository_url)  # before hours of work, not after
    check_split(collect_overrides(args).get("dataset", args.dataset))
    prepare_dataset(args.dataset, jobs=args.jobs, progress=not args.no_progress, cluster=args.cluster)
    args.chapters, args.out = None, None
    return cmd_run(args) or cmd_build(args)


def add_book_parser(sub) -> None:
    """Add ``genrebook book``: prepare the dataset, run every chapter, build the book."""
    book = sub.add_parser("book", help="prepare the dataset, run every chapter, build the book")
    book.add_argument("--dataset", default="demo", help="'demo', 'fma[:SUBSET]', 'fma-metadata[:SUBSET]' or a dataset folder")
    book.add_argument("--jobs", type=jobs, default=-1)
    book.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                      help="set a chapter parameter (repeatable)")
    book.add_argument("--params", type=Path, default=None, help="YAML file of parameter values")
    book.add_argument("--force", action="store_true", help="execute every chapter again")
    book.add_argument("--no-progress", action="store_true")
    book.add_argument("--cluster", default=None, metavar="SPEC",
                      help="extraction and chapters send their parallel work to a Dask cluster: "
                           "tcp://HOST:8786 or local[:N]")
    add_publishing_options(book)
    book.set_defaults(func=cmd_book)

