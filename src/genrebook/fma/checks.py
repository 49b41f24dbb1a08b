"""Check the layout of FMA's metadata files from their first rows, before any heavy parsing.

A file that is not in FMA's layout gets one clear error naming the file, what was expected and
what was found, instead of a pandas parser message or a crash later in a chapter. The checks
accept the published variants of the files: a ``features.csv`` whose first header cell is
``features`` (the copy in the FMA authors' course material, mdeff/ntds_2017) reads like FMA's own.

Used in: every chapter, through :func:`genrebook.fma.metadata.load_tracks`,
:func:`genrebook.fma.metadata.load_features`, :func:`genrebook.fma.metadata.load_genres`.
"""

from __future__ import annotations

import csv
import itertools
import os
from pathlib import Path

#: The layout of FMA's ``tracks.csv``, as error messages state it.
TRACKS_LAYOUT = ("FMA's tracks.csv layout (a two-row header: album/artist/set/track, then column names, "
                 "then track_id)")

#: The layout of FMA's ``genres.csv``, as error messages state it.
GENRES_LAYOUT = "FMA's genres.csv layout (a header genre_id,#tracks,parent,title,top_level)"

#: The layout of FMA's ``features.csv``, as error messages state it.
FEATURES_LAYOUT = ("FMA's features.csv layout (three header rows named feature, statistics, number, "
                   "then track_id)")

#: Names the first header cell of a ``features.csv`` may have: FMA's, and the ntds_2017 copy's.
FEATURE_LEVEL_NAMES = ("feature", "features")


def read_header_rows(path: str | os.PathLike, n: int) -> list[list[str]]:
    """Read the first ``n`` records of a CSV file (quoted multi-line cells count as one record).

    Parameters
    ----------
    path : path-like
        A CSV file.
    n : int
        How many records to read.

    Returns
    -------
    list of list of str
        At most ``n`` records; fewer when the file is shorter, none when it is empty.
    """
    with open(path, newline="", encoding="utf-8", errors="replace") as file:
        return [row for row in itertools.islice(csv.reader(file), n)]


def describe_rows(rows: list[list[str]], *, width: int = 4) -> str:
    """Say what a file's first rows hold, for an error message.

    Parameters
    ----------
    rows : list of list of str
        Records as :func:`read_header_rows` returns them.
    width : int
        Cells shown per row before ``,...``.

    Returns
    -------
    str

    Examples
    --------
    >>> describe_rows([])
    'an empty file'
    >>> describe_rows([["a", "b"]])
    "only 1 row: 'a,b'"
    >>> describe_rows([["track_id", "genre", "split", "title", "artist"], ["2", "Pop", "test", "x", "y"]])
    "rows starting 'track_id,genre,split,title,...', '2,Pop,test,x,...'"
    """
    if not rows:
        return "an empty file"
    shown = [",".join(row[:width]) + (",..." if len(row) > width else "") for row in rows]
    if len(rows) == 1:
        return f"only 1 row: {shown[0]!r}"
    return "rows starting " + ", ".join(repr(s) for s in shown)


def check_tracks_header(rows: list[list[str]], path: str | os.PathLike, *, require=()) -> None:
    """Raise ``ValueError`` unless the first rows of a ``tracks.csv`` are in FMA's layout.

    Parameters
    ----------
    rows : list of list of str
        The file's first three records.
    path : path-like
        The file, named in the message.
    require : iterable of (str, str)
        Columns the caller needs, as ``(top, name)``; a message lists those missing.

    Examples
    --------
    >>> check_tracks_header([["", "set"], ["", "split"], ["track_id", ""]], "t.csv", require=[("set", "split")])
    >>> check_tracks_header([["track_id", "split"], ["2", "test"]], "t.csv")
    Traceback (most recent call last):
    ...
    ValueError: t.csv: expected FMA's tracks.csv layout (a two-row header: album/artist/set/track, then column names, then track_id); found rows starting 'track_id,split', '2,test'
    """
    layout_ok = (len(rows) == 3 and len(rows[0]) > 1 and len(rows[0]) == len(rows[1])
                 and rows[0][0] == rows[1][0] == "" and rows[2][:1] == ["track_id"])
    if not layout_ok:
        raise ValueError(f"{path}: expected {TRACKS_LAYOUT}; found {describe_rows(rows)}")
    present = set(zip(rows[0][1:], rows[1][1:]))
    missing = [f"{top}/{name}" for top, name in require if (top, name) not in present]
    if missing:
        needed = ", ".join(f"{top}/{name}" for top, name in require)
        hint = " (a dataset without a split: run `genrebook split` on its folder)" if "set/split" in missing else ""
        raise ValueError(f"{path}: the chapters need the tracks.csv columns {needed}; missing: "
                         f"{', '.join(missing)}{hint}")


def check_genres_header(rows: list[list[str]], path: str | os.PathLike) -> None:
    """Raise ``ValueError`` unless the first row of a ``genres.csv`` is FMA's header.

    Examples
    --------
    >>> check_genres_header([["genre_id", "#tracks", "parent", "title", "top_level"]], "g.csv")
    >>> check_genres_header([], "g.csv")
    Traceback (most recent call last):
    ...
    ValueError: g.csv: expected FMA's genres.csv layout (a header genre_id,#tracks,parent,title,top_level); found an empty file
    """
    header = rows[0] if rows else []
    missing = [name for name in ("genre_id", "parent", "title", "top_level") if name not in header]
    if header[:1] != ["genre_id"] or missing:
        found = describe_rows(rows[:2], width=5)
        lacking = f" (missing: {', '.join(missing)})" if rows and missing else ""
        raise ValueError(f"{path}: expected {GENRES_LAYOUT}; found {found}{lacking}")


def check_features_header(rows: list[list[str]], path: str | os.PathLike) -> None:
    """Raise ``ValueError`` unless the first rows of a ``features.csv`` are in FMA's layout.

    The first header cell may be ``feature`` (FMA's file) or ``features`` (the copy in mdeff/ntds_2017).

    Examples
    --------
    >>> check_features_header([["features", "zcr"], ["statistics", "mean"], ["number", "01"], ["track_id", ""]], "f")
    >>> check_features_header([["feature", "zcr"], ["statistics", "mean"], ["track_id", ""], ["2", "0.1"]], "f")
    Traceback (most recent call last):
    ...
    ValueError: f: expected FMA's features.csv layout (three header rows named feature, statistics, number, then track_id); found rows starting 'feature,zcr', 'statistics,mean', 'track_id,', '2,0.1'
    """
    first = [row[0] if row else "" for row in rows]
    if len(rows) < 4 or first[0] not in FEATURE_LEVEL_NAMES or first[1:4] != ["statistics", "number", "track_id"]:
        raise ValueError(f"{path}: expected {FEATURES_LAYOUT}; found {describe_rows(rows)}")


def check_tracks_file(path: str | os.PathLike, *, require=()) -> None:
    """Check a ``tracks.csv`` from its first rows (see :func:`check_tracks_header`)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no tracks.csv at {path}")
    check_tracks_header(read_header_rows(path, 3), path, require=require)


def check_genres_file(path: str | os.PathLike) -> None:
    """Check a ``genres.csv`` from its first rows (see :func:`check_genres_header`)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no genres.csv at {path}")
    check_genres_header(read_header_rows(path, 2), path)


def check_features_file(path: str | os.PathLike) -> None:
    """Check a ``features.csv`` from its first rows (see :func:`check_features_header`)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no features.csv at {path}")
    check_features_header(read_header_rows(path, 4), path)
