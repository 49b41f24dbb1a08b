"""Synthesize a small dataset in FMA's layout, so that every chapter runs without downloading FMA.

:func:`make_demo_dataset` writes real MP3 clips of the eight ``fma_small`` genres, each genre
rendered from its own musical recipe (:mod:`genrebook.fma.demo.songs`), with FMA's metadata files around
them: ``tracks.csv``, ``genres.csv``, ``audio/checksums`` and a ``dataset.json`` saying that the
data are synthetic. Artists have their own style, and the training/validation/test split keeps
each artist in one split, as FMA's official split does. Classes overlap on purpose: a model on
spectral features clearly beats chance, but none is perfect.

Used in: the chapters' fallback when FMA is absent, and the tests.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import soundfile as sf
from joblib import Parallel, delayed
from tqdm import tqdm

import genrebook
from genrebook.fma.demo.metadata import make_genres, make_rng, make_tracks
from genrebook.fma.demo.recipes import RECIPE_VERSION, make_style
from genrebook.fma.demo.songs import synthesize_track
from genrebook.fma.metadata import write_genres, write_tracks

logger = logging.getLogger(__name__)


#: Name written in ``dataset.json``; also how a previous demo is recognised.
#: The generator named in every demo's ``dataset.json`` (stable: a demo made before is recognised).
GENERATOR = "genrebook.demo"

DATASET_NAME = "genrebook-demo (synthetic)"


#: Fewest tracks per genre that put every genre in each of the three splits.
MIN_PER_GENRE = 3


#: Sample rates an MP3 file can have.
MP3_SAMPLE_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


#: libsndfile's MP3 (LAME VBR) compression level: still a ~10 kHz bandwidth at 22050 Hz, and 15 %
#: less encoding time than the default (encoding is most of the demo's cost).
MP3_COMPRESSION = 0.8


def make_demo_dataset(out: str | os.PathLike, *, n_per_genre: int = 30, seed: int = 0, duration: float = 30.0,
                      sr: int = 22050, jobs: int = -1, progress: bool = True, replace_other: bool = False) -> Path:
    """Synthesize a dataset folder in FMA's layout, or return an identical previous one untouched.

    Parameters
    ----------
    out : path-like
        Destination folder. It must be absent, empty, or a previous demo made with the same
        ``seed``, ``n_per_genre``, ``duration`` and ``sr`` (then nothing is done).
    n_per_genre : int
        Tracks per genre (8 genres), at least :data:`MIN_PER_GENRE`; a quarter each held out for validation
        and test (:data:`genrebook.fma.demo.metadata.HELD_SHARE`).
    seed : int
        Non-negative seed; the same seed gives byte-identical files, whatever ``jobs``.
    duration : float
        Clip length in seconds (1 to 600).
    sr : int
        Sample rate, one of :data:`MP3_SAMPLE_RATES`.
    jobs : int
        Parallel processes (joblib convention: -1 for all cores, 1 for none).
    progress : bool
        Show a progress bar while rendering the audio.
    replace_other : bool
        Also make again a demo of other parameters found in ``out`` (what ``make book`` does with
        its default folder when the defaults change); otherwise only one of an older recipe version.

    Returns
    -------
    Path
        ``out``, holding ``audio/ddd/dddddd.mp3``, ``audio/checksums``, ``tracks.csv``,
        ``genres.csv`` and ``dataset.json``.

    Examples
    --------
    >>> root = make_demo_dataset("data/demo")  # doctest: +SKIP
    >>> sorted(p.name for p in root.iterdir())  # doctest: +SKIP
    ['audio', 'dataset.json', 'genres.csv', 'tracks.csv']
    """
    _check_arguments(n_per_genre=n_per_genre, seed=seed, duration=duration, sr=sr, jobs=jobs)
    out = Path(out).expanduser()
    info = make_info(n_per_genre=n_per_genre, seed=seed, duration=duration, sr=sr)
    if _is_same_demo(out, info):
        logger.info("%s already holds this demo dataset; nothing to do", out)
        return out
    replace = _is_older_recipe(out, info) or (replace_other and _is_own_demo(out))
    if replace:
        logger.warning("%s holds a demo made with other parameters or recipes (%s): making it again with %s",
                       out, _describe(_read_info(out)), _describe(info))
    elif out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(
            f"{out} exists and is not a demo dataset made with the same parameters ({_describe(info)}); "
            "remove it or choose another folder"
        )
    start = time.perf_counter()
    tracks = make_tracks(n_per_genre=n_per_genre, seed=seed, duration=duration)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        checksums = write_audio(tracks, tmp / "audio", seed=seed, duration=duration, sr=sr, jobs=jobs,
                                progress=progress)
        lines = [f"{sha1}  {name}\n" for name, sha1 in sorted(checksums.items())]  # as sha1sum writes them
        (tmp / "audio" / "checksums").write_text("".join(lines))
        write_tracks(tracks, tmp / "tracks.csv")
        write_genres(make_genres(tracks), tmp / "genres.csv")
        (tmp / "dataset.json").write_text(json.dumps(info, indent=2) + "\n")
        tmp.chmod(0o755)  # mkdtemp makes the folder private
        if replace:  # our own older demo (and what was extracted from it): set aside, then removed
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
            os.replace(out, old / out.name)
        elif out.exists():
            out.rmdir()  # empty, checked above
        os.replace(tmp, out)
        if replace:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    logger.info("synthesized %d tracks into %s in %.1f s", len(tracks), out, time.perf_counter() - start)
    return out


def make_info(*, n_per_genre: int, seed: int, duration: float, sr: int) -> dict:
    """The content of ``dataset.json`` for these parameters."""
    return {"name": DATASET_NAME, "synthetic": True, "seed": int(seed), "n_per_genre": int(n_per_genre),
            "duration": float(duration), "sr": int(sr), "generator": GENERATOR, "recipe": RECIPE_VERSION,
            "version": genrebook.__version__}


def _describe(info: dict) -> str:
    return ", ".join(f"{key}={info.get(key)!r}" for key in ("seed", "n_per_genre", "duration", "sr"))


def _read_info(out: Path) -> dict | None:
    try:
        previous = json.loads((out / "dataset.json").read_text())
    except (OSError, ValueError):
        return None
    return previous if isinstance(previous, dict) else None


def _is_older_recipe(out: Path, info: dict) -> bool:
    """Whether ``out`` holds a demo with these parameters made from an older version of the recipes."""
    previous = _read_info(out)
    keys = ("name", "synthetic", "generator", "seed", "n_per_genre", "duration", "sr")
    return (previous is not None and all(previous.get(key) == info[key] for key in keys)
            and previous.get("recipe", 1) != info["recipe"])


def _is_own_demo(out: Path) -> bool:
    """Whether ``out`` holds a finished demo made by genrebook (whatever its parameters)."""
    previous = _read_info(out)
    return isinstance(previous, dict) and previous.get("generator") == GENERATOR and previous.get("synthetic") is True


def _is_same_demo(out: Path, info: dict) -> bool:
    """Whether ``out`` holds a finished demo made with the same parameters (``dataset.json`` is written last)."""
    previous = _read_info(out)
    if previous is None:
        return False
    keys = ("name", "synthetic", "generator", "seed", "n_per_genre", "duration", "sr", "recipe")
    if not isinstance(previous, dict) or any(previous.get(key) != info[key] for key in keys):
        return False
    if previous.get("version") != info["version"]:
        logger.warning("%s was made by genrebook %s (this is %s); reusing it",
                       out, previous.get("version"), info["version"])
    return True


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _check_arguments(*, n_per_genre, seed, duration, sr, jobs) -> None:
    """Raise ``ValueError`` naming the first bad argument."""
    if not _is_int(n_per_genre) or n_per_genre < MIN_PER_GENRE:
        raise ValueError(f"n_per_genre must be an integer >= {MIN_PER_GENRE} (each genre needs a track in each "
                         f"of the three splits); got {n_per_genre!r}")
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    if isinstance(duration, bool) or not isinstance(duration, (int, float, np.number)) \
            or not math.isfinite(duration) or not 1.0 <= duration <= 600.0:
        raise ValueError(f"duration must be a number of seconds between 1 and 600; got {duration!r}")
    if not _is_int(sr) or sr not in MP3_SAMPLE_RATES:
        raise ValueError(f"sr must be an MP3 sample rate, one of {MP3_SAMPLE_RATES}; got {sr!r}")
    if not _is_int(jobs) or jobs == 0:
        raise ValueError(f"jobs must be a non-zero integer (-1 for all cores); got {jobs!r}")



def audio_path(track_id: int) -> str:
    """Relative path of a track's MP3 in FMA's layout.

    Examples
    --------
    >>> audio_path(2)
    '000/000002.mp3'
    """
    tid = f"{track_id:06d}"
    return f"{tid[:3]}/{tid}.mp3"


def _render_track(folder: Path, track_id: int, artist_id: int, genre: str, seed: int, duration: float,
                  sr: int) -> tuple[str, str]:
    """Synthesize, encode and hash one clip; randomness from (seed, artist) and (seed, track) only."""
    style = make_style(genre, make_rng(seed, 2, artist_id))
    y = synthesize_track(style, make_rng(seed, 1, track_id), duration, sr)
    buffer = io.BytesIO()
    sf.write(buffer, y, sr, format="MP3", compression_level=MP3_COMPRESSION)
    name = audio_path(track_id)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(buffer.getvalue())
    return name, hashlib.sha1(buffer.getvalue()).hexdigest()


def write_audio(tracks: pd.DataFrame, folder: Path, *, seed: int, duration: float, sr: int, jobs: int = -1,
                progress: bool = True) -> dict[str, str]:
    """Render every track of ``tracks`` into ``folder`` (``ddd/dddddd.mp3``), in parallel.

    Returns
    -------
    dict
        ``{relative_path: sha1}`` of the written files.
    """
    tasks = [delayed(_render_track)(folder, int(tid), int(aid), str(genre), seed, duration, sr)
             for tid, aid, genre in zip(tracks.index, tracks["artist", "id"], tracks["track", "genre_top"])]
    results = Parallel(n_jobs=jobs, return_as="generator")(tasks)
    return dict(tqdm(results, total=len(tasks), desc="demo audio", unit="clip", disable=not progress))
