"""Extract features for every clip of a dataset: parallel, resumable, never overwriting foreign files.

Layout written under the extraction folder (``<dataset>/extracted`` by default)::
    parts/ddd/dddddd.npy           518 statistics of one clip (the clip's "done" marker)
    parts/ddd/dddddd.failed.json   why a clip could not be used (also a "done" marker)
    spectrograms/ddd/dddddd.png    128 x 128 8-bit log-mel image
    mfcc/ddd/dddddd.npy            MFCC matrix, float32 [shape=(20, n_frames)]
    features.csv                   all clips, FMA's layout (written last, atomically)
    manifest.json                  what was extracted, with which version, and what failed

Every file is written to a temporary name and renamed into place, so a run killed at any
point (even ``kill -9``) leaves only whole files, and the next run continues with the clips
that have no marker yet. Workers only compute; the parent process alone writes.

Used in: ``genrebook extract``, ``make book``.
"""

from __future__ import annotations

import io
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf
from joblib import Parallel, delayed
from PIL import Image
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from genrebook import __version__
from genrebook.features.clip import compute_clip_features, make_feature_frame
from genrebook.files import write_atomically
from genrebook.fma.audio import AudioError, choose_clip_window, load_audio, make_track_stem
from genrebook.fma.metadata import write_features
from genrebook.scale import use_cluster

log = logging.getLogger(__name__)


#: Version of the extraction recipe; a change invalidates earlier parts.
RECIPE = "fma518-v1+logmel128-v1+mfcc20-v1"


@dataclass
class ExtractionReport:
    """What one extraction run did.

    Attributes
    ----------
    out : Path
        The extraction folder.
    computed : int
        Clips computed in this run.
    reused : int
        Clips already done by an earlier run.
    failed : dict
        ``{track_id: reason}`` of every clip that could not be used (this run or earlier).
    n_features : int
        Rows of the written ``features.csv``.
    seconds : float
        Wall time of this run.
    """

    out: Path
    computed: int = 0
    reused: int = 0
    failed: dict[int, str] = field(default_factory=dict)
    n_features: int = 0
    seconds: float = 0.0


def remove_stale_temporaries(out: Path) -> int:
    """Delete temporary files left by a killed run (they never replaced a real file)."""
    stale = list(out.rglob(".*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        log.info("removed %d temporary files left by an interrupted run", len(stale))
    return len(stale)


def _encode_npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _encode_png(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def compute_clip(track_id: int, audio_path: str) -> tuple[int, dict | None, str | None]:
    """Decode and compute one clip in a worker; never raises for a bad clip.

    Returns
    -------
    tuple
        ``(track_id, results or None, error message or None)``.
    """
    try:
        y, sr = load_clip(audio_path)
        # one BLAS thread: the same rounding in the parent and in every worker, and no oversubscription
        with threadpool_limits(limits=1):
            return track_id, compute_clip_features(y, sr), None
    except AudioError as error:
        return track_id, None, str(error)
    except Exception as error:  # a clip that breaks librosa must not stop the batch
        return track_id, None, f"{audio_path}: feature computation failed ({type(error).__name__}: {error})"


def load_clip(audio_path: str) -> tuple[np.ndarray, int]:
    """Decode a file as FMA's clips are cut: a song longer than 35 s gives its middle 30 s."""
    try:
        seconds = sf.info(audio_path).duration
    except Exception:  # unreadable: load_audio reports the cause
        seconds = 0.0
    offset, duration = choose_clip_window(seconds)
    return load_audio(audio_path, offset=offset, duration=duration)


def _part_paths(out: Path, track_id: int) -> dict[str, Path]:
    stem = make_track_stem(track_id)
    return {
        "vector": out / "parts" / f"{stem}.npy",
        "failed": out / "parts" / f"{stem}.failed.json",
        "image": out / "spectrograms" / f"{stem}.png",
        "mfcc": out / "mfcc" / f"{stem}.npy",
    }


def is_clip_done(out: Path, track_id: int) -> bool:
    """Tell whether an earlier run finished a clip (all its files, or its failure record)."""
    paths = _part_paths(out, track_id)
    if paths["failed"].is_file():
        return True
    return all(paths[key].is_file() for key in ("vector", "image", "mfcc"))


def save_clip(out: Path, track_id: int, results: dict | None, error: str | None) -> None:
    """Write one clip's files, the ``parts`` marker last, each atomically."""
    paths = _part_paths(out, track_id)
    if results is None:
        write_atomically(paths["failed"], json.dumps({"track_id": track_id, "error": error}).encode())
        return
    write_atomically(paths["image"], _encode_png(results["image"]))
    write_atomically(paths["mfcc"], _encode_npy(results["mfcc"]))
    write_atomically(paths["vector"], _encode_npy(results["vector"]))


def read_clip_status(out: Path, track_ids) -> tuple[dict[int, np.ndarray], dict[int, str]]:
    """Read the stored vectors and failure reasons of finished clips."""
    vectors, failed = {}, {}
    for track_id in track_ids:
        paths = _part_paths(out, track_id)
        if paths["failed"].is_file():
            failed[track_id] = json.loads(paths["failed"].read_text())["error"]
        elif paths["vector"].is_file():
            vectors[track_id] = np.load(paths["vector"])
    return vectors, failed


def _check_recipe(out: Path) -> None:
    """Refuse to mix parts made by another extraction recipe in one folder."""
    manifest = out / "manifest.json"
    if manifest.is_file():
        recipe = json.loads(manifest.read_text()).get("recipe")
        if recipe != RECIPE:
            raise ValueError(
                f"{out} holds features of extraction recipe {recipe!r}, this version computes {RECIPE!r}; "
                f"remove {out} or choose another --out"
            )


def extract_clips(clips: dict[int, Path], out: str | os.PathLike, *, jobs: int = -1,
                  retry_failed: bool = False, progress: bool = True, cluster=None) -> ExtractionReport:
    """Extract features for clips, resuming where an earlier run stopped.

    Parameters
    ----------
    clips : dict
        ``{track_id: audio path}``.
    out : path-like
        The extraction folder (see the module docstring for its layout).
    jobs : int
        Worker processes (joblib convention: -1 for all cores).
    retry_failed : bool
        Compute again the clips that failed in an earlier run.
    progress : bool
        Show a progress bar.
    cluster : str or distributed.Client, optional
        Compute on a Dask cluster (:mod:`genrebook.scale`): ``'local[:N]'``, a scheduler
        address or a client. Workers read the clips by their absolute paths and send the results
        back; this process alone writes, exactly as on one machine.

    Returns
    -------
    ExtractionReport
    """

    start = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _check_recipe(out)
    remove_stale_temporaries(out)
    if retry_failed:
        for track_id in clips:
            _part_paths(out, track_id)["failed"].unlink(missing_ok=True)
    todo = sorted(tid for tid in clips if not is_clip_done(out, tid))
    report = ExtractionReport(out=out, reused=len(clips) - len(todo))
    if todo:
        log.info("extracting %d clips (%d already done) into %s", len(todo), report.reused, out)
        if jobs != 1 or cluster is not None:
            # numba compiles librosa's kernels on first use and caches them on disk; workers that compile
            # them at the same moment can leave a cache whose parts do not match (a later crash), so one
            # clip is computed here first and the workers load what it compiled
            todo = _warm_up(todo, clips, out, report, progress=progress)
        with use_cluster(cluster):
            # absolute paths: a cluster's workers run elsewhere, and messages should not depend on it
            tasks = (delayed(compute_clip)(tid, str(Path(clips[tid]).absolute())) for tid in todo)
            results = Parallel(n_jobs=-1 if cluster is not None else jobs, return_as="generator_unordered",
                               batch_size=1)(tasks)
            for track_id, features, error in tqdm(results, total=len(todo), desc="extract", unit="clip",
                                                  disable=not progress):
                save_clip(out, track_id, features, error)
                report.computed += 1
    vectors, report.failed = read_clip_status(out, sorted(clips))
    report.n_features = len(vectors)
    write_outputs(out, vectors, report.failed, rewrite=bool(todo))
    report.seconds = time.perf_counter() - start
    for track_id, reason in sorted(report.failed.items()):
        log.warning("skipped track %06d: %s", track_id, reason)
    return report


def _warm_up(todo: list[int], clips: dict[int, Path], out: Path, report: ExtractionReport, *,
             progress: bool) -> list[int]:
    """Compute clips in this process until one succeeds (compiling numba's kernels once); return the rest."""
    for i, track_id in enumerate(todo):
        track_id, features, error = compute_clip(track_id, str(Path(clips[track_id]).absolute()))
        save_clip(out, track_id, features, error)
        report.computed += 1
        if features is not None:
            return todo[i + 1:]
    return []


def write_outputs(out: Path, vectors: dict[int, np.ndarray], failed: dict[int, str], *, rewrite: bool) -> None:
    """Write ``features.csv`` and ``manifest.json`` unless they already describe these clips."""
    manifest_path = out / "manifest.json"
    manifest = {
        "recipe": RECIPE,
        "version": __version__,
        "n_clips": len(vectors) + len(failed),
        "n_features": len(vectors),
        "track_ids": sorted(vectors),
        "failed": {f"{tid:06d}": reason for tid, reason in sorted(failed.items())},
    }
    if not rewrite and manifest_path.is_file() and (out / "features.csv").is_file():
        if json.loads(manifest_path.read_text()) == manifest:
            return
    write_features(make_feature_frame(vectors), out / "features.csv")
    write_atomically(manifest_path, json.dumps(manifest, indent=1).encode())
