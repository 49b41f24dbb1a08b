"""Download FMA's archives, verify them, and unpack them into a ready dataset folder.

``download_fma('small')`` fetches ``fma_metadata.zip`` and ``fma_small.zip`` into
``<data home>/downloads/`` (resuming interrupted transfers), checks both against their published
sha1 before opening either, and unpacks them safely into ``<data home>/fma_small/``::

    fma_small/
        tracks.csv  genres.csv  features.csv  echonest.csv   # from the archive's fma_metadata/
        metadata/      # every other file of fma_metadata/ (raw_*.csv, README.txt, checksums, ...)
        audio/         # the contents of the archive's fma_small/: ddd/dddddd.mp3, checksums, README.txt
        dataset.json   # {"name": "fma_small", "subset": "small", "synthetic": false, "source": <base URL>}

The folder is assembled in a hidden temporary folder beside it and renamed into place once
complete, so it either holds everything or does not exist. ``dataset.json`` marks it complete:
later calls return at once, without network access. The zips stay in ``downloads/`` so that a
rerun (say, after deleting the dataset folder) does not download them again.

Used in: the command-line interface (``genrebook.cli``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import stat
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import NamedTuple

import pooch
import requests
from tqdm import tqdm

from genrebook.config import resolve_data_home, resolve_fma_url

logger = logging.getLogger(__name__)

#: Where FMA's archives are published.
FMA_URL = "https://os.unil.cloud.switch.ch/fma/"


class Archive(NamedTuple):
    """One downloadable archive: its file name and its published sha1 (lower-case hex)."""

    filename: str
    sha1: str


#: FMA's archives and their published sha1, from FMA's README (github.com/mdeff/fma, README.md,
#: "Usage" and "History: 2017-05-09 pre-publication release").
ARCHIVES: Mapping[str, Archive] = MappingProxyType(
    {
        "metadata": Archive("fma_metadata.zip", "f0df49ffe5f2a6008d7dc83c6915b31835dfe733"),
        "small": Archive("fma_small.zip", "ade154f733639d52e35e32f5593efe5be76c6d70"),
        "medium": Archive("fma_medium.zip", "c67b69ea232021025fca9231fc1c7c1a063ab50b"),
        "large": Archive("fma_large.zip", "497109f4dd721066b5ce5e5f250ec604dc78939e"),
        "full": Archive("fma_full.zip", "0f0ace23fbe9ba30ecb7e95f763e435ea802b8ab"),
    }
)

#: The metadata files placed at the top of a dataset folder; the rest go to ``metadata/``.
METADATA_FILES = ("tracks.csv", "genres.csv", "features.csv", "echonest.csv")
#: HTTP timeouts in seconds: (connect, read between two bytes).
TIMEOUT = (10.0, 60.0)
#: Seconds to wait before resuming an interrupted transfer.
RETRY_DELAY = 2.0
#: Bytes per read; a dropped connection loses at most the chunk being read (it is fetched again).
CHUNK_SIZE = 1 << 16
#: Ask for the bytes as stored: ``Range`` offsets must count the same bytes that ``.part`` holds.
HEADERS = {"Accept-Encoding": "identity"}
#: Errors after which a transfer is resumed (the builtin ``ConnectionError`` covers short bodies).
RETRYABLE = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError,
             ConnectionError)


class ChecksumError(ValueError):
    """A downloaded file's sha1 differs from the published one."""

    def __init__(self, path: str | os.PathLike, expected: str, actual: str):
        self.path, self.expected, self.actual = Path(path), expected, actual
        super().__init__(
            f"{self.path.name}: sha1 mismatch, expected {expected}, got {actual}; "
            f"the corrupt file was deleted, run again to download it anew"
        )


class DownloadError(OSError):
    """A transfer that failed after every attempt; the partial file is kept for the next run to resume."""


class UnsafeArchiveError(ValueError):
    """A zip member would land outside the extraction folder (absolute, ``..``, or a link)."""


def check_subset(subset: str, archives: Mapping[str, Archive] = ARCHIVES) -> str:
    """Return ``subset`` if ``archives`` has it, else raise a ``ValueError`` listing the allowed ones."""
    allowed = [name for name in archives if name != "metadata"]
    if "metadata" not in archives:
        raise ValueError(f"archives must hold a 'metadata' entry; got {sorted(archives)}")
    if subset not in allowed:
        raise ValueError(f"subset must be one of {', '.join(map(repr, allowed))}; got {subset!r}")
    return subset


def resolve_base_url(base_url: str | None = None) -> str:
    """Resolve the archives' base URL: argument, then ``$GENREBOOK_FMA_URL``, then :data:`FMA_URL`.

    Returns
    -------
    str
        An ``http(s)://`` URL ending in ``/``.
    """
    url = resolve_fma_url(base_url) or FMA_URL
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"base_url must start with 'http://' or 'https://'; got {url!r}")
    return url if url.endswith("/") else url + "/"


def _content_range(response: requests.Response) -> tuple[int | None, int | None]:
    """Return (first byte, total size) from a ``Content-Range`` header, ``None`` where unknown."""
    header = response.headers.get("Content-Range", "").strip()
    match = re.fullmatch(r"bytes\s+(?:(\d+)-\d+|\*)/(\d+|\*)", header)
    if match is None:
        return None, None
    start, total = match.groups()
    return (int(start) if start else None), (int(total) if total != "*" else None)


def _open_response(url: str, part: Path, timeout) -> tuple[requests.Response | None, int]:
    """Request ``url`` from the end of ``part``: (response, first byte), or (None, size) if it is whole."""
    offset = part.stat().st_size if part.is_file() else 0
    if offset:
        response = requests.get(url, headers={**HEADERS, "Range": f"bytes={offset}-"}, stream=True,
                                timeout=timeout)
        if response.status_code == 206 and _content_range(response)[0] == offset:
            logger.info("%s: resuming at byte %d", url, offset)
            return response, offset
        if response.status_code == 200:
            logger.info("%s: the server ignored the Range request; downloading from the start", url)
            return response, 0
        response.close()
        if response.status_code == 416 and _content_range(response)[1] == offset:
            return None, offset
        logger.warning("%s: cannot resume at byte %d (HTTP %d); downloading from the start",
                       url, offset, response.status_code)
    return requests.get(url, headers=HEADERS, stream=True, timeout=timeout), 0


def _transfer(url: str, part: Path, *, progress: bool, timeout) -> None:
    """Append the rest of ``url`` to ``part`` in one HTTP request (``200`` rewrites it from the start)."""
    response, offset = _open_response(url, part, timeout)
    if response is None:
        return
    with response:
        response.raise_for_status()
        length = response.headers.get("Content-Length", "")
        total = offset + int(length) if length.isdigit() else None
        with part.open("ab" if offset else "wb") as fh, tqdm(
            total=total, initial=offset, unit="B", unit_scale=True, unit_divisor=1024,
            desc=part.name.removesuffix(".part"), disable=not progress,
        ) as bar:
            for chunk in response.iter_content(CHUNK_SIZE):
                fh.write(chunk)
                bar.update(len(chunk))
    size = part.stat().st_size
    if total is not None and size != total:
        raise ConnectionError(f"{url}: the transfer stopped at byte {size} of {total}; run again to resume")


def download_archive(url: str, dest: str | os.PathLike, *, progress: bool = True, timeout=TIMEOUT,
                     attempts: int = 3) -> Path:
    """Download ``url`` to ``dest`` through ``<dest>.part``, resuming an earlier partial transfer.

    Parameters
    ----------
    url : str
        The file to fetch (``http://`` or ``https://``).
    dest : path-like
        The final file; it appears only once the transfer is complete.
    progress : bool
        Show a tqdm progress bar.
    timeout : float or (float, float)
        Connect and read timeouts in seconds, as :func:`requests.get` takes them.
    attempts : int
        How many requests to try; each one after a dropped connection resumes with ``Range``.

    Returns
    -------
    Path
        ``dest`` (not verified: see :func:`verify_archive`).
    """
    if attempts < 1:
        raise ValueError(f"attempts must be at least 1; got {attempts}")
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    for attempt in range(1, attempts + 1):
        try:
            _transfer(url, part, progress=progress, timeout=timeout)
            break
        except RETRYABLE as error:
            if attempt == attempts:
                kept = f"; {part.stat().st_size:,} bytes kept in {part}, the next run resumes" if part.is_file() else ""
                raise DownloadError(
                    f"could not download {url} after {attempts} attempts ({type(error).__name__}: {error}){kept}. "
                    f"Check the network, or give a mirror with --base-url or ${{GENREBOOK_FMA_URL}}"
                ) from None
            logger.warning("%s: transfer interrupted (%s); resuming, attempt %d of %d",
                           url, error, attempt + 1, attempts)
            time.sleep(RETRY_DELAY)
    os.replace(part, dest)
    return dest


def verify_archive(path: str | os.PathLike, sha1: str) -> Path:
    """Check a file against its expected sha1; delete it if it does not match.

    Parameters
    ----------
    path : path-like
        The downloaded file.
    sha1 : str
        The expected sha1, in hex.

    Returns
    -------
    Path
        ``path``, when its sha1 matches.

    Raises
    ------
    ChecksumError
        The sha1 differs; ``path`` has been deleted.
    """
    path = Path(path)
    actual = pooch.file_hash(str(path), alg="sha1")
    if actual != sha1.lower():
        path.unlink(missing_ok=True)
        raise ChecksumError(path, sha1, actual)
    return path


def fetch_archive(name: str, downloads: str | os.PathLike, base_url: str, *,
                  archives: Mapping[str, Archive] = ARCHIVES, progress: bool = True) -> Path:
    """Return the verified archive ``name`` in ``downloads``, reusing a good copy there.

    Parameters
    ----------
    name : str
        A key of ``archives`` (``'metadata'``, ``'small'``, ...).
    downloads : path-like
        Where archives are kept.
    base_url : str
        The folder URL the archive's file name is appended to.
    archives : mapping
        ``{name: (filename, sha1)}``.
    progress : bool
        Show a progress bar while downloading.

    Returns
    -------
    Path
        The archive, its sha1 checked.
    """
    filename, sha1 = archives[name]
    dest = Path(downloads) / filename
    if dest.is_file():
        try:
            return verify_archive(dest, sha1)
        except ChecksumError as error:
            logger.warning("%s: sha1 mismatch (got %s); downloading it again", filename, error.actual)
    download_archive(base_url.rstrip("/") + "/" + filename, dest, progress=progress)
    return verify_archive(dest, sha1)


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


def _write_dataset_json(folder: Path, subset: str, source: str) -> Path:
    """Write ``dataset.json`` (name, subset, ``synthetic: false``, source URL) into ``folder``."""
    info = {"name": f"fma_{subset}", "subset": subset, "synthetic": False, "source": source}
    path = folder / "dataset.json"
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return path


def make_dataset_folder(metadata_zip: str | os.PathLike, audio_zip: str | os.PathLike,
                        target: str | os.PathLike, *, subset: str, source: str) -> Path:
    """Unpack verified archives into the dataset folder ``target``, all or nothing.

    The folder is assembled in a hidden ``.<name>.<random>.tmp`` folder beside ``target`` (same
    file system) and renamed into place at the end; any error removes the temporary folder.

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
    if target.exists():
        raise FileExistsError(f"{target} exists already; move or delete it first")
    staging = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    staging.mkdir(parents=True)
    try:
        unpacked = extract_archive(metadata_zip, staging / ".unpack-metadata")
        audio = extract_archive(audio_zip, staging / ".unpack-audio")
        _arrange_metadata(_archive_folder(unpacked, "fma_metadata", metadata_zip), staging, metadata_zip)
        os.replace(_archive_folder(audio, Path(audio_zip.name).stem, audio_zip), staging / "audio")
        shutil.rmtree(unpacked)
        shutil.rmtree(audio)
        _write_dataset_json(staging, subset, source)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    logger.info("dataset ready at %s", target)
    return target


def download_fma(subset: str = "small", data_dir: str | os.PathLike | None = None, *,
                 base_url: str | None = None, progress: bool = True,
                 archives: Mapping[str, Archive] | None = None) -> Path:
    """Download, verify and unpack an FMA subset into ``<data_dir>/fma_<subset>/``.

    Parameters
    ----------
    subset : {'small', 'medium', 'large', 'full'}
        Which audio archive to fetch, alongside ``fma_metadata.zip``.
    data_dir : path-like, optional
        The data home (see :func:`genrebook.config.resolve_data_home`); zips go to its
        ``downloads/`` folder.
    base_url : str, optional
        Where the archives are: argument, then ``$GENREBOOK_FMA_URL``, then :data:`FMA_URL`.
    progress : bool
        Show tqdm progress bars while downloading.
    archives : mapping, optional
        ``{name: (filename, sha1)}`` replacing :data:`ARCHIVES` (must hold ``'metadata'``); for tests.

    Returns
    -------
    Path
        The dataset folder. If it already holds ``dataset.json`` it is returned at once, without
        network access.

    Raises
    ------
    ChecksumError
        A downloaded archive does not match its sha1 (it is deleted; nothing is extracted).
    UnsafeArchiveError
        An archive holds a member that would be written outside the dataset folder.
    """
    archives = ARCHIVES if archives is None else archives
    check_subset(subset, archives)
    home = resolve_data_home(data_dir)
    target = home / f"fma_{subset}"
    if (target / "dataset.json").is_file():
        logger.info("%s is ready; nothing to download", target)
        return target
    if target.exists():
        raise FileExistsError(f"{target} exists but holds no dataset.json, so it is not a complete "
                              f"dataset; move or delete it and run again")
    source = resolve_base_url(base_url)
    downloads = home / "downloads"
    metadata_zip = fetch_archive("metadata", downloads, source, archives=archives, progress=progress)
    audio_zip = fetch_archive(subset, downloads, source, archives=archives, progress=progress)
    return make_dataset_folder(metadata_zip, audio_zip, target, subset=subset, source=source)
