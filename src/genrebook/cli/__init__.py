"""The ``genrebook`` command line: datasets (info, demo, download, import-folder, split, extract), the book, predict.

Run ``genrebook COMMAND --help`` for each command's options. Each sub-command has one small
builder of its arguments (``add_<command>_parser``) beside the function that runs it.
"""

from __future__ import annotations

import argparse
import logging

from genrebook.cli.chapters import add_book_parser, add_build_parser, add_grid_parser, add_run_parser
from genrebook.cli.data import (
    add_demo_parser,
    add_download_parser,
    add_extract_parser,
    add_info_parser,
    add_prepare_parser,
)
from genrebook.cli.folders import add_import_folder_parser, add_split_parser
from genrebook.cli.predict import add_predict_parser
from genrebook.runtime import configure

log = logging.getLogger("genrebook")

#: The sub-commands, in the order ``--help`` lists them.
BUILDERS = (add_info_parser, add_demo_parser, add_download_parser, add_import_folder_parser, add_split_parser,
            add_extract_parser, add_prepare_parser, add_run_parser, add_grid_parser, add_predict_parser,
            add_build_parser, add_book_parser)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of every sub-command."""
    parser = argparse.ArgumentParser(prog="genrebook", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in BUILDERS:
        add(sub)
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


__all__ = ["build_parser", "main"]
