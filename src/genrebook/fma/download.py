"""Download FMA's archives, verify them, and unpack them into a ready dataset folder.

``download_fma('small')`` fetches ``fma_metadata.zip`` and ``fma_small.zip`` into
``<data home>/downloads/`` (:mod:`genrebook.fma.transfer`: resumed, sha1-checked before either is
opened) and unpacks them safely into ``<data home>/fma_small/`` (:mod:`genrebook.fma.unpack`).
``download_fma('medium', metadata_only=True)`` fetches ``fma_metadata.zip`` alone and writes
``<data home>/fma_medium_metadata/``: the subset's tracks, genres and official features, no audio
(:mod:`genrebook.fma.subsets`).

Used in: ``genrebook download [--metadata-only]``, ``make book DATASET=fma`` and ``DATASET=fma-metadata``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from genrebook.config import resolve_data_home, resolve_fma_url
from genrebook.fma.columns import SUBSETS
from genrebook.fma.subsets import make_metadata_folder
from genrebook.fma.transfer import ChecksumError, download_archive, verify_archive
from genrebook.fma.unpack import make_dataset_folder

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


#: Why ``full`` has no metadata-only folder: its tracks and features are fma_large's.
FULL_IS_LARGE = "fma_full holds the same tracks and features as fma_large, only longer audio: use 'large'"


def check_subset(subset: str, archives: Mapping[str, Archive] = ARCHIVES, *, metadata_only: bool = False) -> str:
    """Return ``subset`` if it can be downloaded, else raise a ``ValueError`` listing the allowed ones.

    Parameters
    ----------
    subset : str
        An audio archive of ``archives`` (``'small'``, ..., ``'full'``); with ``metadata_only``,
        one of FMA's nested subsets (``'small'``, ``'medium'``, ``'large'``).
    archives : mapping
        ``{name: (filename, sha1)}``; it must hold ``'metadata'``.
    metadata_only : bool
        Check a metadata-only download (``'full'`` is refused: it would be ``'large'`` again).

    Examples
    --------
    >>> check_subset("medium", metadata_only=True)
    'medium'
    >>> check_subset("full", metadata_only=True)
    Traceback (most recent call last):
    ...
    ValueError: subset must be one of 'small', 'medium', 'large' for a metadata-only download; got 'full' (fma_full holds the same tracks and features as fma_large, only longer audio: use 'large')
    """
    if "metadata" not in archives:
        raise ValueError(f"archives must hold a 'metadata' entry; got {sorted(archives)}")
    if metadata_only:
        if subset not in SUBSETS:
            why = f" ({FULL_IS_LARGE})" if subset == "full" else ""
            raise ValueError(f"subset must be one of {', '.join(map(repr, SUBSETS))} for a metadata-only "
                             f"download; got {subset!r}{why}")
        return subset
    allowed = [name for name in archives if name != "metadata"]
    if subset not in allowed:
        raise ValueError(f"subset must be one of {', '.join(map(repr, allowed))}; got {subset!r}")
    return subset


def name_fma_folder(subset: str, *, metadata_only: bool = False) -> str:
    """Name the dataset folder a download of ``subset`` makes in the data home.

    Examples
    --------
    >>> name_fma_folder("small"), name_fma_folder("medium", metadata_only=True)
    ('fma_small', 'fma_medium_metadata')
    """
    return f"fma_{subset}_metadata" if metadata_only else f"fma_{subset}"


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


def download_fma(subset: str = "small", data_dir: str | os.PathLike | None = None, *,
                 metadata_only: bool = False, base_url: str | None = None, progress: bool = True,
                 archives: Mapping[str, Archive] | None = None) -> Path:
    """Download, verify and unpack an FMA subset into ``<data_dir>/fma_<subset>/``.

    Parameters
    ----------
    subset : {'small', 'medium', 'large', 'full'}
        Which audio archive to fetch, alongside ``fma_metadata.zip``; with ``metadata_only``,
        whose tracks to keep (``'full'`` is refused there: its tracks are ``'large'``'s).
    data_dir : path-like, optional
        The data home (see :func:`genrebook.config.resolve_data_home`); zips go to its
        ``downloads/`` folder.
    metadata_only : bool
        Fetch ``fma_metadata.zip`` alone and write ``<data_dir>/fma_<subset>_metadata/``: the
        subset's rows of ``tracks.csv`` and of the official ``features.csv``, and ``genres.csv``
        (:func:`genrebook.fma.subsets.make_metadata_folder`); no audio.
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
    check_subset(subset, archives, metadata_only=metadata_only)
    home = resolve_data_home(data_dir)
    target = home / name_fma_folder(subset, metadata_only=metadata_only)
    if (target / "dataset.json").is_file():
        logger.info("%s is ready; nothing to download", target)
        return target
    if target.exists():
        raise FileExistsError(f"{target} exists but holds no dataset.json, so it is not a complete "
                              f"dataset; move or delete it and run again")
    source = resolve_base_url(base_url)
    downloads = home / "downloads"
    metadata_zip = fetch_archive("metadata", downloads, source, archives=archives, progress=progress)
    if metadata_only:
        return make_metadata_folder(metadata_zip, target, subset=subset, source=source)
    audio_zip = fetch_archive(subset, downloads, source, archives=archives, progress=progress)
    return make_dataset_folder(metadata_zip, audio_zip, target, subset=subset, source=source)
