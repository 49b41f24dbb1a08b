"""Sub-commands on datasets: info, demo, download, extract, prepare.

Used in: :func:`genrebook.cli.main`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from genrebook.cli.options import check_cluster, emit, jobs, positive_int
from genrebook.features.prepare import extract_dataset, prepare_dataset
from genrebook.fma.dataset import FEATURE_SOURCES, load_dataset
from genrebook.fma.demo.dataset import make_demo_dataset
from genrebook.fma.download import download_fma
from genrebook.fma.folders import DEMO_DEFAULTS, resolve_demo_dir
from genrebook.fma.summary import format_summary


def cmd_info(args: argparse.Namespace) -> int:
    """Print a dataset's summary."""
    dataset = load_dataset(args.path, feature_source=args.feature_source, image_source=args.image_source)
    emit(format_summary(dataset))
    return 0


def add_info_parser(sub) -> None:
    """Add ``genrebook info``: print a dataset's summary."""
    info = sub.add_parser("info", help="summarise a dataset folder")
    info.add_argument("path", type=Path)
    info.add_argument("--feature-source", choices=FEATURE_SOURCES, default="auto")
    info.add_argument("--image-source", choices=FEATURE_SOURCES, default="auto")
    info.set_defaults(func=cmd_info)


def cmd_demo(args: argparse.Namespace) -> int:
    """Synthesize the demo dataset."""
    out = make_demo_dataset(resolve_demo_dir(args.out), n_per_genre=args.n_per_genre, seed=args.seed,
                            duration=args.duration, jobs=args.jobs, progress=not args.no_progress)
    emit(f"synthetic demo dataset ready: {out}")
    return 0


def add_demo_parser(sub) -> None:
    """Add ``genrebook demo``: synthesize the demo dataset."""
    demo = sub.add_parser("demo", help="synthesize the demo dataset (synthetic audio in FMA's layout)")
    demo.add_argument("--n-per-genre", type=positive_int, default=DEMO_DEFAULTS["n_per_genre"])
    demo.add_argument("--seed", type=int, default=DEMO_DEFAULTS["seed"])
    demo.add_argument("--duration", type=float, default=DEMO_DEFAULTS["duration"], help="clip length in seconds")
    demo.add_argument("--out", type=Path, default=None, help="folder (default: <data home>/demo)")
    demo.add_argument("--jobs", type=jobs, default=-1)
    demo.add_argument("--no-progress", action="store_true")
    demo.set_defaults(func=cmd_demo)


def cmd_download(args: argparse.Namespace) -> int:
    """Download and unpack an FMA subset (or, with ``--metadata-only``, its official features alone)."""
    out = download_fma(args.subset, args.data_dir, metadata_only=args.metadata_only, base_url=args.base_url,
                       progress=not args.no_progress)
    what = "metadata-only dataset (tracks, genres, official features; no audio)" if args.metadata_only else "dataset"
    emit(f"FMA {args.subset} {what} ready: {out}")
    return 0


def add_download_parser(sub) -> None:
    """Add ``genrebook download``: download and unpack an FMA subset."""
    download = sub.add_parser("download", help="download and unpack an FMA subset")
    download.add_argument("--subset", default="small",
                          help="small, medium, large or full (default: small; with --metadata-only: small, "
                               "medium or large)")
    download.add_argument("--metadata-only", action="store_true",
                          help="fetch fma_metadata.zip alone: the subset's tracks, genres and official features, "
                               "no audio, into <data home>/fma_<subset>_metadata")
    download.add_argument("--data-dir", type=Path, default=None, help="default: <data home>")
    download.add_argument("--base-url", default=None, help="mirror of the FMA archives")
    download.add_argument("--no-progress", action="store_true")
    download.set_defaults(func=cmd_download)


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract features of a dataset's clips."""
    check_cluster(args.cluster)
    report = extract_dataset(args.path, out=args.out, jobs=args.jobs, retry_failed=args.retry_failed,
                             progress=not args.no_progress, cluster=args.cluster)
    emit(f"features of {report.n_features:,} clips in {report.out / 'features.csv'} "
          f"({report.computed:,} computed now, {report.reused:,} from earlier runs, "
          f"{len(report.failed):,} skipped, {report.seconds:.1f} s)")
    if report.failed:
        emit("skipped clips:")
        for track_id, reason in sorted(report.failed.items()):
            emit(f"  {track_id:06d}  {reason}")
    return 0


def add_extract_parser(sub) -> None:
    """Add ``genrebook extract``: extract features of a dataset's clips."""
    extract = sub.add_parser("extract", help="compute features, spectrogram images and MFCCs of every clip")
    extract.add_argument("path", type=Path)
    extract.add_argument("--out", type=Path, default=None, help="default: <dataset>/extracted")
    extract.add_argument("--jobs", type=jobs, default=-1,
                         help="worker processes (-1: all cores; with --cluster, the cluster's workers are used)")
    extract.add_argument("--retry-failed", action="store_true", help="compute failed clips again")
    extract.add_argument("--no-progress", action="store_true")
    extract.add_argument("--cluster", default=None, metavar="SPEC",
                         help="compute on a Dask cluster: a scheduler address (tcp://HOST:8786) or local[:N]")
    extract.set_defaults(func=cmd_extract)


def cmd_prepare(args: argparse.Namespace) -> int:
    """Make a dataset ready for the book: make or download it, then extract its clips."""
    path = prepare_dataset(args.dataset, jobs=args.jobs, progress=not args.no_progress)
    emit(str(path))
    return 0


def add_prepare_parser(sub) -> None:
    """Add ``genrebook prepare``: make or download a dataset when missing, then extract its clips."""
    prepare = sub.add_parser("prepare", help="make a dataset ready for the book ('demo', 'fma', 'fma-metadata', "
                                             "'fma:SUBSET', 'fma-metadata:SUBSET' or a folder)")
    prepare.add_argument("dataset")
    prepare.add_argument("--jobs", type=jobs, default=-1)
    prepare.add_argument("--no-progress", action="store_true")
    prepare.set_defaults(func=cmd_prepare)

