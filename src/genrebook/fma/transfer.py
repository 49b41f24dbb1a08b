"""Transferring one archive over HTTP: resumed where a partial file was left, retried on dropped
connections, and checked against its published sha1 before anyone opens it.

Used in: :func:`genrebook.fma.download.download_fma`.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from pathlib import Path

import requests
from tqdm import tqdm

logger = logging.getLogger(__name__)


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
    actual = compute_sha1(path)
    if actual != sha1.lower():
        path.unlink(missing_ok=True)
        raise ChecksumError(path, sha1, actual)
    return path


def compute_sha1(path: str | os.PathLike, *, chunk: int = CHUNK_SIZE) -> str:
    """The sha1 of a file, read in chunks (an archive of gigabytes never sits in memory).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as f:
    ...     _ = f.write(b"fma"); f.flush(); compute_sha1(f.name)
    'f51b71376517116b66ed3f5812566e1bc535c44a'
    """
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()
