"""A metadata-only dataset folder: one subset's tracks and official features, streamed out of ``fma_metadata.zip``.

``fma_metadata.zip`` describes all 106,574 tracks of fma_large. A metadata-only folder keeps the
tracks of one subset and those nested in it (``set/subset <= subset``: small lies in medium, medium
in large) and needs no audio::

    fma_medium_metadata/
        tracks.csv     # FMA's rows of the subset's tracks, byte for byte, under FMA's three header rows
        genres.csv     # FMA's genre table, as published
        features.csv   # FMA's official 518 statistics of those tracks, under FMA's four header rows
        dataset.json   # name, subset, "synthetic": false, "metadata_only": true, source URL

Only those three members are read, row by row as they are decompressed (``features.csv`` is
about 950 MB: it never sits in memory), and no member's own path is ever written to disk, so
``echonest.csv``, ``raw_*.csv`` and the rest stay in the zip.

Used in: :func:`genrebook.fma.download.download_fma` (``metadata_only=True``),
``genrebook download --metadata-only``, ``make book DATASET=fma-metadata``.
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
import os
import shutil
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from genrebook.fma.checks import check_features_header, check_genres_header, check_tracks_header, read_header_rows
from genrebook.fma.columns import SUBSETS
from genrebook.fma.dataset import REQUIRED_TRACKS_COLUMNS
from genrebook.fma.unpack import stage_folder, write_dataset_json

logger = logging.getLogger(__name__)


#: The archive's members a metadata-only folder holds, by the name they get in the folder.
MEMBERS = {name: f"fma_metadata/{name}" for name in ("tracks.csv", "genres.csv", "features.csv")}


#: The ``tracks.csv`` column that names each track's subset.
SUBSET_COLUMN = ("set", "subset")


def join_records(lines: Iterable[str]) -> Iterator[str]:
    """Join a CSV file's lines into records, each with its own line breaks, as written.

    A quoted cell may hold line breaks (FMA's artist bios do); a record ends at a line break
    outside quotes, that is where the number of ``"`` read so far is even (a quote inside a
    quoted cell is written twice).

    Parameters
    ----------
    lines : iterable of str
        The file's lines with their line endings (a text file opened with ``newline=''``).

    Yields
    ------
    str
        One record: the exact text of its lines, joined.

    Examples
    --------
    >>> list(join_records(['1,"a\\n', 'said ""b""!",c\\n', '2,d\\n']))
    ['1,"a\\nsaid ""b""!",c\\n', '2,d\\n']
    """
    pending: list[str] = []
    quotes = 0
    for line in lines:
        pending.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            yield "".join(pending)
            pending, quotes = [], 0
    if pending:
        yield "".join(pending)


def parse_record(record: str) -> list[str]:
    """Split one CSV record (as :func:`join_records` yields it) into its cells.

    Examples
    --------
    >>> parse_record('2,"Food, and ""more""\\nlines",small\\r\\n')
    ['2', 'Food, and "more"\\nlines', 'small']
    """
    return next(csv.reader(io.StringIO(record, newline="")), [])


def list_nested_subsets(subset: str) -> tuple[str, ...]:
    """Name the subsets whose tracks a subset holds: itself and the smaller ones.

    Examples
    --------
    >>> list_nested_subsets("medium")
    ('small', 'medium')
    """
    if subset not in SUBSETS:
        raise ValueError(f"subset must be one of {', '.join(map(repr, SUBSETS))}; got {subset!r}")
    return SUBSETS[: SUBSETS.index(subset) + 1]


def filter_tracks(source: Iterable[str], dest: TextIO, subset: str, *, name: str = "tracks.csv") -> list[int]:
    """Copy FMA's ``tracks.csv`` header and the records of one subset's tracks, byte for byte.

    Parameters
    ----------
    source : iterable of str
        The lines of a ``tracks.csv`` in FMA's layout (read with ``newline=''``).
    dest : text file
        Where the header and the kept records are written.
    subset : {'small', 'medium', 'large'}
        Keep the tracks whose ``set/subset`` is this subset or a smaller one.
    name : str
        The source's name in error messages.

    Returns
    -------
    list of int
        The kept track ids, in file order.

    Raises
    ------
    ValueError
        The header is not FMA's layout or lacks ``set/subset``, ``set/split`` or
        ``track/genre_top`` (checked before any row is read), or a track id is not an integer.
    """
    allowed = set(list_nested_subsets(subset))
    records = join_records(source)
    header = list(itertools.islice(records, 3))
    rows = [parse_record(record) for record in header]
    check_tracks_header(rows, name, require=(SUBSET_COLUMN, *REQUIRED_TRACKS_COLUMNS))
    column = list(zip(rows[0], rows[1])).index(SUBSET_COLUMN)
    dest.writelines(header)
    kept = []
    for record in records:
        cells = parse_record(record)
        if len(cells) > column and cells[column] in allowed:
            if not cells[0].isdigit():
                raise ValueError(f"{name}: track_id must be an integer; got {cells[0]!r}")
            dest.write(record)
            kept.append(int(cells[0]))
    return kept


def filter_features(source: Iterable[str], dest: TextIO, track_ids: Iterable[int], *,
                    name: str = "features.csv") -> int:
    """Copy FMA's ``features.csv`` header and the rows of some tracks, line by line.

    Parameters
    ----------
    source : iterable of str
        The lines of a ``features.csv`` in FMA's layout (four header rows; no cell is quoted).
    dest : text file
        Where the header and the kept rows are written.
    track_ids : iterable of int
        The tracks to keep; rows of other tracks are skipped without being parsed.
    name : str
        The source's name in error messages.

    Returns
    -------
    int
        How many rows were kept.
    """
    lines = iter(source)
    header = list(itertools.islice(lines, 4))
    check_features_header([parse_record(line) for line in header], name)
    dest.writelines(header)
    wanted = {str(t) for t in track_ids}
    kept = 0
    for line in lines:
        if line[: line.find(",")] in wanted:
            dest.write(line)
            kept += 1
    return kept


def _open_member(archive: zipfile.ZipFile, member: str) -> TextIO:
    """Open a member of the archive as UTF-8 text, line endings as stored, decompressed as it is read."""
    return io.TextIOWrapper(archive.open(member), encoding="utf-8", newline="")


def _check_members(archive: zipfile.ZipFile, path: Path) -> None:
    """Raise a ``ValueError`` naming the members of :data:`MEMBERS` the archive lacks."""
    missing = sorted(set(MEMBERS.values()) - set(archive.namelist()))
    if missing:
        raise ValueError(f"{path.name} lacks {', '.join(missing)}; a metadata-only folder needs "
                         f"{', '.join(MEMBERS.values())}")


def _write_members(archive: zipfile.ZipFile, folder: Path, *, subset: str, source: str, name: str) -> None:
    """Write the subset's tracks.csv, genres.csv, features.csv and dataset.json into ``folder``."""
    where = {key: f"{name}: {member}" for key, member in MEMBERS.items()}
    with _open_member(archive, MEMBERS["tracks.csv"]) as src, \
            open(folder / "tracks.csv", "w", encoding="utf-8", newline="") as dst:
        track_ids = filter_tracks(src, dst, subset, name=where["tracks.csv"])
    with archive.open(MEMBERS["genres.csv"]) as src, open(folder / "genres.csv", "wb") as dst:
        shutil.copyfileobj(src, dst)
    check_genres_header(read_header_rows(folder / "genres.csv", 2), where["genres.csv"])
    with _open_member(archive, MEMBERS["features.csv"]) as src, \
            open(folder / "features.csv", "w", encoding="utf-8", newline="") as dst:
        n_rows = filter_features(src, dst, track_ids, name=where["features.csv"])
    write_dataset_json(folder, make_metadata_info(subset, source))
    logger.info("%d tracks of fma_%s kept, %d of them with a features.csv row", len(track_ids), subset, n_rows)


def make_metadata_info(subset: str, source: str) -> dict:
    """The ``dataset.json`` of a metadata-only folder.

    Examples
    --------
    >>> make_metadata_info("medium", "https://example.org/fma/")["name"]
    "fma_medium's official features"
    """
    return {"name": f"fma_{subset}'s official features", "subset": subset, "synthetic": False,
            "metadata_only": True, "source": source}


def make_metadata_folder(metadata_zip: str | os.PathLike, target: str | os.PathLike, *, subset: str,
                         source: str) -> Path:
    """Write a metadata-only dataset folder for one subset from a verified ``fma_metadata.zip``.

    The folder is assembled in a hidden temporary folder beside ``target`` and renamed into place
    at the end (:func:`genrebook.fma.unpack.stage_folder`): an error or an interruption leaves no
    half-written ``target``.

    Parameters
    ----------
    metadata_zip : path-like
        ``fma_metadata.zip``, its sha1 already checked.
    target : path-like
        The folder to create; it must not exist.
    subset : {'small', 'medium', 'large'}
        Whose tracks to keep (with the smaller subsets nested in it).
    source : str
        Where the archive came from, recorded in ``dataset.json``.

    Returns
    -------
    Path
        ``target``.
    """
    list_nested_subsets(subset)  # a bad subset stops here, before the archive is opened
    metadata_zip, target = Path(metadata_zip), Path(target)
    with zipfile.ZipFile(metadata_zip) as archive:
        _check_members(archive, metadata_zip)
        with stage_folder(target) as staging:
            _write_members(archive, staging, subset=subset, source=source, name=metadata_zip.name)
    logger.info("metadata-only dataset of fma_%s ready at %s", subset, target)
    return target
