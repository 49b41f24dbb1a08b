"""Sub-commands for datasets that are not FMA's: split (a split where there is none), import-folder.

Used in: :func:`genrebook.cli.main`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from genrebook.cli.options import emit, jobs
from genrebook.fma.audio import AUDIO_EXTENSIONS
from genrebook.fma.importing import import_folder
from genrebook.fma.split import DEFAULT_FRACTIONS, Split
from genrebook.fma.splitfile import SPLIT_FILE, SPLIT_SETTINGS, split_dataset

#: How the split rules read in ``--help``.
SPLIT_RULES = ("Each genre is split on its own (stratified), each held-out part getting at least one track; an "
               "artist's tracks stay in one part (artist/id, else artist/name), so a genre of three artists has "
               "one in each part, of two training and test, of one training only; a genre of 1 or 2 tracks goes "
               "to training. What these rules did is printed and kept in split.json. Never replaces FMA's "
               "official split (set/split in tracks.csv).")


def format_split(split: Split) -> str:
    """The split's settings, its counts per genre and part, and its notes, for the terminal."""
    lines = [f"split: {split.describe()}", split.count().to_string()]
    return "\n".join(lines + [f"note: {note}" for note in split.notes])


def cmd_split(args: argparse.Namespace) -> int:
    """Write a training/validation/test split for a dataset that has none."""
    split = split_dataset(args.path, seed=args.seed, fractions=args.fractions, by_artist=not args.ignore_artists)
    emit(format_split(split))
    emit(f"written: {args.path / SPLIT_FILE} (settings in {SPLIT_SETTINGS})")
    return 0


def add_fractions_options(parser: argparse.ArgumentParser) -> None:
    """``--seed``, ``--fractions`` and ``--ignore-artists``, shared by ``split`` and ``import-folder``."""
    parser.add_argument("--seed", type=int, default=0, help="seed of the split (recorded in split.json)")
    parser.add_argument("--fractions", type=float, nargs=3, default=list(DEFAULT_FRACTIONS),
                        metavar=("TRAINING", "VALIDATION", "TEST"),
                        help="shares of the three parts (default: 0.8 0.1 0.1)")
    parser.add_argument("--ignore-artists", action="store_true",
                        help="split track by track, even where an artist's tracks then land in several parts")


def add_split_parser(sub) -> None:
    """Add ``genrebook split``: write a training/validation/test split for a dataset that has none."""
    split = sub.add_parser("split", help="write a training/validation/test split (split.csv) for a dataset that "
                                         "has none", description=f"Writes split.csv and split.json beside "
                                                                 f"tracks.csv. {SPLIT_RULES}")
    split.add_argument("path", type=Path, help="a dataset folder whose tracks.csv has no set/split values")
    add_fractions_options(split)
    split.set_defaults(func=cmd_split)


def cmd_import_folder(args: argparse.Namespace) -> int:
    """Turn a folder of genre folders into a dataset folder, split; list the files that could not be used."""
    report = import_folder(args.root, args.out, seed=args.seed, fractions=args.fractions,
                           by_artist=not args.ignore_artists, name=args.name, jobs=args.jobs,
                           progress=not args.no_progress)
    tracks = report.tracks
    emit(f"imported {len(tracks):,} tracks of {tracks['track', 'genre_top'].nunique()} genres from {args.root} "
         f"into {report.out}; audio not copied: audio/ holds symbolic links to the files")
    emit(f"tags: {report.n_titled:,} titles, {int(tracks['artist', 'name'].notna().sum()):,} artists named "
         f"({int(tracks['artist', 'id'].nunique()):,} different), {int(tracks['track', 'license'].notna().sum()):,} "
         f"licences; titles otherwise from file names")
    emit(format_split(report.split))
    if report.ignored:
        emit(f"ignored {report.ignored:,} other file{'s' * (report.ignored > 1)} (not {'/'.join(AUDIO_NAMES)}, "
             "hidden, or outside a genre folder)")
    emit(f"next: genrebook book --dataset {report.out}   (extracts the features, runs the chapters, builds the book)")
    if report.skipped:
        emit(f"skipped {len(report.skipped):,} file{'s' * (len(report.skipped) > 1)} that could not be used "
             f"(also listed in {report.out / 'import.json'}):")
        for relative, reason in sorted(report.skipped.items()):
            emit(f"  {relative}: {reason}")
    return 0


#: The formats ``import-folder`` reads, as ``--help`` names them.
AUDIO_NAMES = tuple(ext.lstrip(".") for ext in AUDIO_EXTENSIONS)


def add_import_folder_parser(sub) -> None:
    """Add ``genrebook import-folder``: turn ROOT/<genre>/<files> into a dataset folder in FMA's layout."""
    folder = sub.add_parser(
        "import-folder", help="turn a folder of genre folders (ROOT/<genre>/<files>) into a dataset folder",
        description="Every audio file (" + ", ".join(AUDIO_NAMES) + ") under ROOT/<genre>/ becomes a track of "
                    "that genre, in FMA's layout. Audio is NOT copied: OUT/audio/ddd/dddddd.<ext> are symbolic "
                    "links to the files (absolute paths), so keep ROOT where it is. Track ids follow the sorted "
                    "file paths; title, artist, album and licence come from the files' tags (the file name is "
                    "the title otherwise). Files that cannot be decoded are listed at the end and left out. "
                    f"The dataset is then split as `genrebook split` does: {SPLIT_RULES}")
    folder.add_argument("root", type=Path, help="a folder holding one folder per genre (at least 2)")
    folder.add_argument("--out", type=Path, required=True, help="the new dataset folder (absent or empty)")
    folder.add_argument("--name", default=None, help="the dataset's name in the book (default: OUT's folder name)")
    add_fractions_options(folder)
    folder.add_argument("--jobs", type=jobs, default=-1, help="processes checking the files (-1: all cores)")
    folder.add_argument("--no-progress", action="store_true")
    folder.set_defaults(func=cmd_import_folder)
