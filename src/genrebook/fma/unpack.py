"""Unpacking FMA's archives safely into a dataset folder.

Members that would land outside the target folder are refused before anything is written; the
metadata files are arranged where the loaders expect them::

    fma_small/
        tracks.csv  genres.csv  features.csv  echonest.csv   # from the archive's fma_metadata/
        metadata/      # every other file of fma_metadata/ (raw_*.csv, README.txt, checksums, ...)
        audio/         # the contents of the archive's fma_small/: ddd/dddddd.mp3, checksums, README.txt
        dataset.json   # {"name": "fma_small", "subset": "small", "synthetic": false, "source": <base URL>}

Used in: :func:`genrebook.fma.download.download_fma`; :func:`stage_folder` and
:func:`write_dataset_json` also in :mod:`genrebook.fma.subsets` (metadata-only folders).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import stat
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath, PureWindowsPath

logger = logging.getLogger(__name__)


#: The metadata files placed at the top of a dataset folder; the rest go to ``metadata/``.
METADATA_FILES = ("tracks.csv", "genres.csv", "features.csv", "echonest.csv")


class UnsafeArchiveError(ValueError):
    """A zip member would land outside the extraction folder (absolute, ``..``, or a link)."""


def _check_members(archive: zipfile.ZipFile, target: Path) -> None:
    """Raise :class:`UnsafeArchiveError` if a member is absolute, has ``..``, is a link, or escapes."""
    root = target.resolve()
    for info in archive.infolist():
        name = info.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or PureWindowsPath(name).drive:
            reason = "it is an absolute path"
        elif ".." in path.parts:
            reason = "it contains '..'"
        elif stat.S_ISLNK(info.external_attr >> 16):
            reason = "it is a symbolic link"
        elif not (root / path).resolve().is_relative_to(root):
            reason = "it resolves outside the extraction folder"
        else:
            continue
        raise UnsafeArchiveError(
            f"refusing to extract {Path(str(archive.filename)).name}: member {name!r} is unsafe because "
            f"{reason}; only relative paths without '..' and regular files or folders are allowed"
        )


def extract_archive(path: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Extract a zip into ``dest``, refusing it whole if any member could land outside ``dest``.

    Parameters
    ----------
    path : path-like
        The zip file.
    dest : path-like
        The folder to extract into (created); nothing is written, ``dest`` included, if any member
        is absolute, has a ``..`` component, is a symbolic link, or resolves outside ``dest``.

    Returns
    -------
    Path
        ``dest``.

    Raises
    ------
    UnsafeArchiveError
        Names the archive, the member and why it is refused.
    """
    dest = Path(dest)
    with zipfile.ZipFile(path) as archive:
        _check_members(archive, dest)
        dest.mkdir(parents=True, exist_ok=True)
        archive.extractall(dest)
    return dest


def _archive_folder(extracted: Path, folder: str, archive: Path) -> Path:
    """Return ``extracted/folder``, or raise a ``ValueError`` if the archive did not hold it."""
    if not (extracted / folder).is_dir():
        raise ValueError(f"{archive.name} does not hold the expected folder {folder}/")
    return extracted / folder


def _arrange_metadata(source: Path, folder: Path, archive: Path) -> None:
    """Move :data:`METADATA_FILES` from ``source`` to ``folder``, everything else to ``folder/metadata/``."""
    missing = [name for name in METADATA_FILES if not (source / name).is_file()]
    if missing:
        raise ValueError(f"{archive.name} lacks {', '.join(f'{source.name}/{m}' for m in missing)}")
    (folder / "metadata").mkdir()
    for item in source.iterdir():
        os.replace(item, (folder if item.name in METADATA_FILES else folder / "metadata") / item.name)


def make_dataset_info(subset: str, source: str) -> dict:
    """The ``dataset.json`` of a folder unpacked from an FMA audio archive.

    Examples
    --------
    >>> make_dataset_info("small", "https://example.org/fma/")["name"]
    'fma_small'
    """
    return {"name": f"fma_{subset}", "subset": subset, "synthetic": False, "source": source}


def write_dataset_json(folder: str | os.PathLike, info: Mapping) -> Path:
    """Write ``info`` as the ``dataset.json`` of ``folder``: the marker of a complete dataset folder."""
    path = Path(folder) / "dataset.json"
    path.write_text(json.dumps(dict(info), indent=2) + "\n", encoding="utf-8")
    return path


@contextmanager
def stage_folder(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a hidden folder to fill, renamed to ``target`` when the block ends; removed on any error.

    The folder, ``.<name>.<random>.tmp``, lies beside ``target`` (same file system, so the rename
    is atomic); an exception or an interruption (``KeyboardInterrupt`` too) inside the block
    deletes it, so ``target`` is either absent or complete.

    Parameters
    ----------
    target : path-like
        The folder to create; it must not exist.

    Yields
    ------
    Path
        The temporary folder.
    """
    target = Path(target)
    if target.exists():
        raise FileExistsError(f"{target} exists already; move or delete it first")
    staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    staging.mkdir(parents=True)
    try:
        yield staging
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def make_dataset_folder(metadata_zip: str | os.PathLike, audio_zip: str | os.PathLike,
                        target: str | os.PathLike, *, subset: str, source: str) -> Path:
    """Unpack verified archives into the dataset folder ``target``, all or nothing.

    The folder is assembled in a hidden ``.<name>.<random>.tmp`` folder beside ``target`` (same
    file system) and renamed into place at the end; any error removes the temporary folder
    (:func:`stage_folder`).

    Parameters
    ----------
    metadata_zip, audio_zip : path-like
        ``fma_metadata.zip`` and the subset's audio archive (top folder named like the zip).
    target : path-like
        The dataset folder to create; it must not exist.
    subset : str
        The subset's name, recorded in ``dataset.json``.
    source : str
        Where the archives came from, recorded in ``dataset.json``.

    Returns
    -------
    Path
        ``target``.
    """
    metadata_zip, audio_zip, target = Path(metadata_zip), Path(audio_zip), Path(target)
    with stage_folder(target) as staging:
        unpacked = extract_archive(metadata_zip, staging / ".unpack-metadata")
        audio = extract_archive(audio_zip, staging / ".unpack-audio")
        _arrange_metadata(_archive_folder(unpacked, "fma_metadata", metadata_zip), staging, metadata_zip)
        os.replace(_archive_folder(audio, Path(audio_zip.name).stem, audio_zip), staging / "audio")
        shutil.rmtree(unpacked)
        shutil.rmtree(audio)
        write_dataset_json(staging, make_dataset_info(subset, source))
    logger.info("dataset ready at %s", target)
    return target
