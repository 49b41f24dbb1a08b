"""Getting a dataset ready: the demo made or FMA downloaded when missing, then its clips extracted.

Used in: ``genrebook prepare`` / ``make book``, ``genrebook extract``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from genrebook.features.extract import ExtractionReport, extract_clips
from genrebook.fma.dataset import find_audio_clips, resolve_extracted_dir
from genrebook.fma.demo.dataset import make_demo_dataset
from genrebook.fma.download import download_fma
from genrebook.fma.folders import DEMO_DEFAULTS, parse_fma_name, resolve_dataset

log = logging.getLogger(__name__)


def extract_dataset(path: str | os.PathLike, *, out: str | os.PathLike | None = None, jobs: int = -1,
                    retry_failed: bool = False, progress: bool = True, cluster=None) -> ExtractionReport:
    """Extract features, spectrogram images and MFCCs of every usable clip of a dataset.

    Parameters
    ----------
    path : path-like
        Dataset folder with ``tracks.csv`` and ``audio/``.
    out : path-like, optional
        Extraction folder; by default :func:`genrebook.fma.dataset.resolve_extracted_dir`. Files the
        dataset already has (an official ``features.csv``, its ``spectrograms/``) are never
        touched: the extracted ones live beside them.
    jobs : int
        Worker processes (-1: all cores).
    retry_failed : bool
        Compute again the clips that failed before.
    progress : bool
        Show a progress bar.
    cluster : str or distributed.Client, optional
        Compute on a Dask cluster (see :func:`genrebook.features.extract.extract_clips`).

    Returns
    -------
    ExtractionReport
    """
    path = Path(path)
    if not (path / "audio").is_dir():
        raise FileNotFoundError(f"dataset {path} has no audio/ folder: there is nothing to extract")
    clips, excluded = find_audio_clips(path)
    for track_id, reason in sorted(excluded.items()):
        log.debug("not extracted: %06d (%s)", track_id, reason)
    known_bad = {t: r for t, r in excluded.items() if r.startswith("known bad")}
    if known_bad:
        log.info("left out %d known-bad clips: %s", len(known_bad),
                 ", ".join(f"{t:06d} ({r})" for t, r in sorted(known_bad.items())))
    out = Path(out) if out is not None else resolve_extracted_dir(path)
    if out.resolve() == path.resolve():
        raise ValueError(f"extraction folder must not be the dataset folder itself ({path}); choose another --out")
    return extract_clips(clips, out, jobs=jobs, retry_failed=retry_failed, progress=progress,
                         cluster=cluster)


def prepare_dataset(spec: str | os.PathLike, *, jobs: int = -1, progress: bool = True, cluster=None) -> Path:
    """Make a dataset ready for the chapters and return its folder.

    ``'demo'`` synthesizes the demo dataset when missing; ``'fma'`` downloads fma_small when
    missing, ``'fma-metadata'`` its official features without the audio (both take another subset
    as ``'fma:medium'``, ``'fma-metadata:large'``; see :func:`genrebook.fma.folders.parse_fma_name`);
    a folder is used as it is. Clips with audio are then extracted (resuming, and doing nothing
    when everything is extracted already), on a Dask cluster when ``cluster`` names one; a
    dataset without audio is returned as it is.
    """
    path = resolve_dataset(spec)
    fma = parse_fma_name(spec)
    if str(spec) == "demo":
        make_demo_dataset(path, **DEMO_DEFAULTS, jobs=jobs, progress=progress, replace_other=True)
    elif fma is not None and not (path / "dataset.json").is_file():
        download_fma(fma.subset, path.parent, metadata_only=fma.metadata_only, progress=progress)
    if (path / "audio").is_dir():
        extract_dataset(path, jobs=jobs, progress=progress, cluster=cluster)
    return path
