"""The ``genrebook`` command line: info, demo, download, extract, prepare, run, grid, build, book, predict.

Run ``genrebook COMMAND --help`` for each command's options.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import yaml

from genrebook.book.build import build_book
from genrebook.book.grid import run_grid, summarize_grid
from genrebook.book.runner import ChapterFailed, run_chapters
from genrebook.cnn.predict import format_predictions, predict_files
from genrebook.features.prepare import extract_dataset, prepare_dataset
from genrebook.fma.dataset import FEATURE_SOURCES, load_dataset
from genrebook.fma.demo.dataset import make_demo_dataset
from genrebook.fma.download import download_fma
from genrebook.fma.folders import resolve_demo_dir
from genrebook.fma.summary import format_summary
from genrebook.runtime import configure, set_cluster
from genrebook.scale import parse_cluster

log = logging.getLogger("genrebook")


def _emit(text: str) -> None:
    """Write a command's result to standard output (logging carries progress and warnings)."""
    sys.stdout.write(text.rstrip("\n") + "\n")


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be an integer >= 1; got {value}")
    return number


def _jobs(value: str) -> int:
    number = int(value)
    if number == 0 or number < -1:
        raise argparse.ArgumentTypeError(f"jobs must be -1 (all cores) or an integer >= 1; got {value}")
    return number


def cmd_info(args: argparse.Namespace) -> int:
    """Print a dataset's summary."""
    dataset = load_dataset(args.path, feature_source=args.feature_source, image_source=args.image_source)
    _emit(format_summary(dataset))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Synthesize the demo dataset."""
    out = make_demo_dataset(resolve_demo_dir(args.out), n_per_genre=args.n_per_genre, seed=args.seed,
                            duration=args.duration, jobs=args.jobs, progress=not args.no_progress)
    _emit(f"synthetic demo dataset ready: {out}")
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    """Download and unpack an FMA subset."""
    out = download_fma(args.subset, args.data_dir, base_url=args.base_url, progress=not args.no_progress)
    _emit(f"FMA {args.subset} dataset ready: {out}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract features of a dataset's clips."""
    _check_cluster(args.cluster)
    report = extract_dataset(args.path, out=args.out, jobs=args.jobs, retry_failed=args.retry_failed,
                             progress=not args.no_progress, cluster=args.cluster)
    _emit(f"features of {report.n_features:,} clips in {report.out / 'features.csv'} "
          f"({report.computed:,} computed now, {report.reused:,} from earlier runs, "
          f"{len(report.failed):,} skipped, {report.seconds:.1f} s)")
    if report.failed:
        _emit("skipped clips:")
        for track_id, reason in sorted(report.failed.items()):
            _emit(f"  {track_id:06d}  {reason}")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    """Make a dataset ready for the book: make or download it, then extract its clips."""
    path = prepare_dataset(args.dataset, jobs=args.jobs, progress=not args.no_progress)
    _emit(str(path))
    return 0


def cmd_predict(args: argparse.Namespace) -> int:
    """Print genre probabilities of audio files; exit code 1 when any file could not be predicted."""
    predictions, _ = predict_files(args.files, model_path=args.model)
    _emit(format_predictions(predictions, fmt=args.format, top=args.top))
    return 1 if any(p.error for p in predictions) else 0


def _parse_value(text: str):
    """Read a ``-p`` value as YAML (``7`` -> int, ``0.5`` -> float, ``true`` -> bool, else str)."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return text if value is None or isinstance(value, (list, dict)) else value


def _read_yaml(path: Path):
    """Read a ``--params`` file; a malformed one is a clear error naming the file."""
    try:
        return yaml.safe_load(Path(path).read_text())
    except yaml.YAMLError as error:
        raise ValueError(f"{path} is not valid YAML: {error}") from error


def _collect_overrides(args: argparse.Namespace) -> dict:
    """Merge ``--params FILE.yaml`` and ``-p NAME VALUE`` (the latter wins)."""
    overrides = {}
    if args.params:
        loaded = _read_yaml(args.params) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{args.params} must hold a mapping of parameter names to values; got {type(loaded).__name__}")
        overrides.update(loaded)
    overrides.update({name: _parse_value(value) for name, value in args.parameter or []})
    return overrides


def _check_cluster(spec: str | None) -> None:
    """Refuse a bad ``--cluster`` spec before any work (None: this machine)."""
    if spec is not None:
        parse_cluster(spec)


def _set_cluster(spec: str | None) -> None:
    """Check a ``--cluster`` spec and hand it to the chapter kernels through the environment."""
    _check_cluster(spec)
    set_cluster(spec)


def cmd_run(args: argparse.Namespace) -> int:
    """Execute chapters with papermill."""
    _set_cluster(args.cluster)
    try:
        records = run_chapters(args.chapters, dataset=args.dataset, overrides=_collect_overrides(args),
                               out=args.out, force=args.force)
    except ChapterFailed as error:
        log.error("%s", error)
        return 1
    for record in records:
        state = "unchanged" if record.reused else f"{record.seconds:.1f} s"
        _emit(f"{record.chapter}: {state}")
    return 0


def _collect_grid(args: argparse.Namespace) -> dict[str, list]:
    """Merge ``--params FILE.yaml`` (lists or single values) and ``-p NAME V1,V2,...`` (the latter wins)."""
    values: dict[str, list] = {}
    if args.params:
        loaded = _read_yaml(args.params) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{args.params} must hold a mapping of parameter names to lists of values")
        values.update({k: v if isinstance(v, list) else [v] for k, v in loaded.items()})
    for name, text in args.parameter or []:
        values[name] = [_parse_value(part.strip()) for part in text.split(",")]
    return values


def cmd_grid(args: argparse.Namespace) -> int:
    """Run one chapter over a grid of parameters and print its headline numbers' mean and spread."""
    _check_cluster(args.cluster)
    values = _collect_grid(args)
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
    _emit(f"{table['run'].nunique()} runs in {out}; {spread}:")
    _emit(summary.to_string(float_format=lambda v: f"{v:.4f}"))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build the HTML book from the executed chapters."""
    try:
        html_dir = build_book()
    except RuntimeError as error:
        log.error("%s", error)
        return 1
    _emit(f"book: {html_dir / 'index.html'}")
    return 0


def cmd_book(args: argparse.Namespace) -> int:
    """Prepare the dataset, run every chapter, build the book."""
    _check_cluster(args.cluster)
    prepare_dataset(args.dataset, jobs=args.jobs, progress=not args.no_progress, cluster=args.cluster)
    args.chapters, args.out = None, None
    return cmd_run(args) or cmd_build(args)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="genrebook", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", required=True)

    info = sub.add_parser("info", help="summarise a dataset folder")
    info.add_argument("path", type=Path)
    info.add_argument("--feature-source", choices=FEATURE_SOURCES, default="auto")
    info.add_argument("--image-source", choices=FEATURE_SOURCES, default="auto")
    info.set_defaults(func=cmd_info)

    demo = sub.add_parser("demo", help="synthesize the demo dataset (synthetic audio in FMA's layout)")
    demo.add_argument("--n-per-genre", type=_positive_int, default=30)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--duration", type=float, default=30.0, help="clip length in seconds")
    demo.add_argument("--out", type=Path, default=None, help="folder (default: <data home>/demo)")
    demo.add_argument("--jobs", type=_jobs, default=-1)
    demo.add_argument("--no-progress", action="store_true")
    demo.set_defaults(func=cmd_demo)

    download = sub.add_parser("download", help="download and unpack an FMA subset")
    download.add_argument("--subset", default="small")
    download.add_argument("--data-dir", type=Path, default=None, help="default: <data home>")
    download.add_argument("--base-url", default=None, help="mirror of the FMA archives")
    download.add_argument("--no-progress", action="store_true")
    download.set_defaults(func=cmd_download)

    extract = sub.add_parser("extract", help="compute features, spectrogram images and MFCCs of every clip")
    extract.add_argument("path", type=Path)
    extract.add_argument("--out", type=Path, default=None, help="default: <dataset>/extracted")
    extract.add_argument("--jobs", type=_jobs, default=-1,
                         help="worker processes (-1: all cores; with --cluster, the cluster's workers are used)")
    extract.add_argument("--retry-failed", action="store_true", help="compute failed clips again")
    extract.add_argument("--no-progress", action="store_true")
    extract.add_argument("--cluster", default=None, metavar="SPEC",
                         help="compute on a Dask cluster: a scheduler address (tcp://HOST:8786) or local[:N]")
    extract.set_defaults(func=cmd_extract)

    prepare = sub.add_parser("prepare", help="make a dataset ready for the book ('demo', 'fma' or a folder)")
    prepare.add_argument("dataset")
    prepare.add_argument("--jobs", type=_jobs, default=-1)
    prepare.add_argument("--no-progress", action="store_true")
    prepare.set_defaults(func=cmd_prepare)

    run = sub.add_parser("run", help="execute chapters with papermill (default: all, into book/)")
    run.add_argument("chapters", nargs="*", help="chapter names (01_data, 01 or data); default: all")
    run.add_argument("--dataset", default="demo", help="'demo', 'fma' or a dataset folder")
    run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                     help="set a chapter parameter (repeatable)")
    run.add_argument("--params", type=Path, default=None, help="YAML file of parameter values")
    run.add_argument("--out", type=Path, default=None, help="output folder (default: book/, the published book)")
    run.add_argument("--force", action="store_true", help="execute even when nothing changed")
    run.add_argument("--cluster", default=None, metavar="SPEC",
                     help="chapters send their parallel work to a Dask cluster: tcp://HOST:8786 or local[:N]")
    run.set_defaults(func=cmd_run)

    grid = sub.add_parser("grid", help="run one chapter over a grid of parameters; print the mean and spread "
                                       "of its headline numbers")
    grid.add_argument("chapter", help="chapter name (04_featurewise_logreg, 04 or featurewise_logreg)")
    grid.add_argument("--dataset", default="demo", help="'demo', 'fma' or a dataset folder (or -p dataset A,B)")
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

    predict = sub.add_parser("predict", help="print the genre probabilities of audio files (songs are cut into "
                                             "30-s windows whose predictions are averaged)")
    predict.add_argument("files", nargs="+", type=Path, metavar="FILE")
    predict.add_argument("--model", type=Path, default=None,
                         help="a saved network (.keras); default: the best saved network usable on audio, "
                              "preferring real data over synthetic, then more tracks, then validation accuracy")
    predict.add_argument("--format", choices=("table", "json"), default="table")
    predict.add_argument("--top", type=_positive_int, default=3, help="genres shown per file")
    predict.set_defaults(func=cmd_predict)

    build = sub.add_parser("build", help="build the HTML book from the executed chapters in book/")
    build.set_defaults(func=cmd_build)

    book = sub.add_parser("book", help="prepare the dataset, run every chapter, build the book")
    book.add_argument("--dataset", default="demo", help="'demo', 'fma' or a dataset folder")
    book.add_argument("--jobs", type=_jobs, default=-1)
    book.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                      help="set a chapter parameter (repeatable)")
    book.add_argument("--params", type=Path, default=None, help="YAML file of parameter values")
    book.add_argument("--force", action="store_true", help="execute every chapter again")
    book.add_argument("--no-progress", action="store_true")
    book.add_argument("--cluster", default=None, metavar="SPEC",
                      help="extraction and chapters send their parallel work to a Dask cluster: "
                           "tcp://HOST:8786 or local[:N]")
    book.set_defaults(func=cmd_book)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; errors about inputs end with a one-line message and exit code 2."""
    args = build_parser().parse_args(argv)
    configure()  # numba's cache folder, a quiet TensorFlow: inherited by kernels and workers
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except (ValueError, OSError) as error:  # bad input, missing files, failed downloads: one clear line
        log.error("%s", error)
        return 2
    except KeyboardInterrupt:
        log.error("interrupted; finished work is kept and the next run continues from it")
        return 130


if __name__ == "__main__":
    sys.exit(main())
