"""Synthesize a small dataset in FMA's layout, so that every chapter runs without downloading FMA.

:func:`make_demo_dataset` writes real MP3 clips of the eight ``fma_small`` genres, each genre
rendered from its own musical recipe (:mod:`genrebook.synth`), with FMA's metadata files around
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
from genrebook.columns import SMALL_GENRES, SPLITS, TRACKS_COLUMNS
from genrebook.fma_io import write_genres, write_tracks
from genrebook.synth import RECIPE_VERSION, make_style, synthesize_track

logger = logging.getLogger(__name__)

#: Name written in ``dataset.json``; also how a previous demo is recognised.
DATASET_NAME = "genrebook-demo (synthetic)"
#: Fewest tracks per genre that put every genre in each of the three splits.
MIN_PER_GENRE = 3
#: Sample rates an MP3 file can have.
MP3_SAMPLE_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)
#: libsndfile's MP3 (LAME VBR) compression level: still a ~10 kHz bandwidth at 22050 Hz, and 15 %
#: less encoding time than the default (encoding is most of the demo's cost).
MP3_COMPRESSION = 0.8
#: Sub-genres used in the ``genres`` lists, with FMA's ids: ``{genre_id: (title, parent_id)}``.
SUB_GENRES: dict[int, tuple[str, int]] = {
    181: ("Techno", 15), 182: ("House", 15), 236: ("IDM", 15),
    1: ("Avant-Garde", 38), 32: ("Noise", 38), 47: ("Drone", 38),
    33: ("Psych-Folk", 17), 103: ("Singer-Songwriter", 17), 180: ("British Folk", 17),
    539: ("Rap", 21), 100: ("Alternative Hip-Hop", 21), 811: ("Hip-Hop Beats", 21),
    18: ("Soundtrack", 1235), 107: ("Ambient", 1235), 267: ("New Age", 1235),
    46: ("Latin America", 2), 102: ("Middle East", 2), 86: ("Indian", 2),
    76: ("Experimental Pop", 10), 362: ("Synth Pop", 10),
    25: ("Punk", 12), 66: ("Indie-Rock", 12), 31: ("Metal", 12),
}
_SYLLABLES = ("ka", "lo", "mi", "ra", "ven", "tor", "sa", "lu", "ne", "dri", "zo", "bel",
              "mar", "tin", "go", "sha", "el", "qui", "pa", "dun", "ro", "vi", "ash", "ko")
_ADJECTIVES = ("Blue", "Silent", "Electric", "Broken", "Golden", "Hollow", "Late", "Wild",
               "Paper", "Distant", "Velvet", "Quiet", "Burning", "Lost", "Northern", "Slow")
_NOUNS = ("River", "Machine", "Garden", "Signal", "Harbor", "Mirror", "Engine", "Lantern",
          "Window", "Desert", "Echo", "Orbit", "Forest", "Static", "Ballad", "Horizon")
_FIRST_DATE = pd.Timestamp("2008-11-26")
_LAST_DATE = pd.Timestamp("2017-03-01")


def make_demo_dataset(out: str | os.PathLike, *, n_per_genre: int = 30, seed: int = 0, duration: float = 30.0,
                      sr: int = 22050, jobs: int = -1, progress: bool = True) -> Path:
    """Synthesize a dataset folder in FMA's layout, or return an identical previous one untouched.

    Parameters
    ----------
    out : path-like
        Destination folder. It must be absent, empty, or a previous demo made with the same
        ``seed``, ``n_per_genre``, ``duration`` and ``sr`` (then nothing is done).
    n_per_genre : int
        Tracks per genre (8 genres), at least :data:`MIN_PER_GENRE`; split about 80/10/10.
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
    replace = _is_older_recipe(out, info)
    if replace:
        logger.warning("%s was made from version %s of the demo recipes (this is %s): making it again",
                       out, _read_info(out).get("recipe", 1), info["recipe"])
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
            "duration": float(duration), "sr": int(sr), "generator": __name__, "recipe": RECIPE_VERSION,
            "version": genrebook.__version__}


def _describe(info: dict) -> str:
    return ", ".join(f"{key}={info[key]!r}" for key in ("seed", "n_per_genre", "duration", "sr"))


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


def _make_rng(seed: int, *key: int) -> np.random.Generator:
    """Independent random stream for a purpose (0: metadata, 1: a track, 2: an artist) and an id."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def split_sizes(n_per_genre: int) -> dict[str, int]:
    """Tracks per genre in each split: about 80/10/10, at least one in each.

    Examples
    --------
    >>> split_sizes(30)
    {'training': 24, 'validation': 3, 'test': 3}
    """
    n_held = max(1, round(0.1 * n_per_genre))
    return dict(zip(SPLITS, (n_per_genre - 2 * n_held, n_held, n_held)))


def _partition(total: int, rng: np.random.Generator) -> list[int]:
    """Random artist sizes (tracks per artist, 2 to 6, 1 only if ``total`` is 1) summing to ``total``."""
    sizes = []
    while total > 0:
        size = min(int(rng.integers(2, 7)), total)
        if total - size == 1:
            size = size + 1 if size < 6 else size - 1
        sizes.append(size)
        total -= size
    return sizes


def _make_name(rng: np.random.Generator, used: set[str]) -> str:
    """A new artist name built from syllables, e.g. ``'Kalomi'``, ``'The Venrators'``."""
    while True:
        words = ["".join(rng.choice(_SYLLABLES, size=int(rng.integers(2, 4)))).capitalize() for _ in range(2)]
        form = ("{0}", "{0} {1}", "The {0}s", "{0} & the {1}s", "DJ {0}")[int(rng.integers(5))]
        name = form.format(*words)
        if name not in used:
            used.add(name)
            return name


def _make_title(rng: np.random.Generator) -> str:
    """A track or album title such as ``'Velvet Harbor'`` or ``'Echo of the River'``."""
    adjective, noun, other = rng.choice(_ADJECTIVES), rng.choice(_NOUNS), rng.choice(_NOUNS)
    return (f"{adjective} {noun}", f"{noun} of the {other}", f"{noun}", f"{adjective} {noun} II")[int(rng.integers(4))]


def make_tracks(*, n_per_genre: int, seed: int, duration: float) -> pd.DataFrame:
    """Make the demo's ``tracks.csv`` table: artists, albums, titles, genres and the split.

    Parameters
    ----------
    n_per_genre : int
        Tracks per genre.
    seed : int
        Seed of the metadata's random stream.
    duration : float
        Clip length in seconds (written rounded, as FMA's integer durations).

    Returns
    -------
    pd.DataFrame
        Indexed by ``track_id`` (unique, increasing, with gaps as FMA's), two-level columns, in
        the order of :data:`genrebook.columns.TRACKS_COLUMNS`. Each artist has 1 to 6 tracks of
        one genre, all in one split.
    """
    rng = _make_rng(seed, 0)
    artists = [(genre, split, size) for genre in SMALL_GENRES for split, total in split_sizes(n_per_genre).items()
               for size in _partition(total, rng)]
    subs = {top: [gid for gid, (_, parent) in SUB_GENRES.items() if parent == top] for top in SMALL_GENRES.values()}
    rows, used = [], set()
    track_id, artist_id, album_id = 0, 0, 0
    span = (_LAST_DATE - _FIRST_DATE).total_seconds()
    for index in rng.permutation(len(artists)).tolist():
        genre, split, size = artists[index]
        top = SMALL_GENRES[genre]
        sub = subs[top][int(rng.integers(len(subs[top])))]
        artist_id += int(rng.integers(1, 60))
        name = _make_name(rng, used)
        first = _FIRST_DATE + pd.Timedelta(seconds=int(rng.uniform(0, 0.9) * span))
        n_albums = 1 + int(size >= 4 and rng.random() < 0.5)
        album_ids = np.cumsum(rng.integers(1, 30, n_albums)) + album_id
        album_id = int(album_ids[-1])
        album_titles = [_make_title(rng) for _ in range(n_albums)]
        offsets = np.sort(rng.uniform(0, 200 * 86400, size)).astype(int)
        track_id += int(rng.integers(1, 200))
        albums = [number * n_albums // size for number in range(size)]
        for number, album in enumerate(albums):
            track_id += int(rng.integers(1, 25))
            draw = rng.random()
            genres = [top] if draw < 0.55 else [top, sub] if draw < 0.85 else [sub]
            rows.append({
                ("album", "id"): int(album_ids[album]), ("album", "title"): album_titles[album],
                ("artist", "id"): artist_id, ("artist", "name"): name,
                ("set", "split"): split, ("set", "subset"): "small",
                ("track", "date_created"): first + pd.Timedelta(seconds=int(offsets[number])),
                ("track", "duration"): int(round(duration)), ("track", "genre_top"): genre,
                ("track", "genres"): genres, ("track", "genres_all"): sorted({top, *genres}),
                ("track", "number"): number - albums.index(album) + 1,
                ("track", "title"): _make_title(rng), "track_id": track_id,
            })
    tracks = pd.DataFrame(rows).set_index("track_id")
    order = [(top, name) for top, name, _ in TRACKS_COLUMNS if (top, name) in tracks.columns]
    tracks = tracks[order]
    tracks.columns = pd.MultiIndex.from_tuples(order)
    return tracks


def make_genres(tracks: pd.DataFrame) -> pd.DataFrame:
    """Make the demo's ``genres.csv`` table: the 8 top-level genres and :data:`SUB_GENRES`.

    ``#tracks`` counts the tracks whose ``genres_all`` holds the genre, as FMA's does.
    """
    titles = {gid: (title, 0) for title, gid in SMALL_GENRES.items()} | SUB_GENRES
    counts = pd.Series([g for genres in tracks["track", "genres_all"] for g in genres]).value_counts()
    genres = pd.DataFrame(
        [{"genre_id": gid, "#tracks": int(counts.get(gid, 0)), "parent": parent, "title": title,
          "top_level": parent or gid} for gid, (title, parent) in titles.items()]
    ).set_index("genre_id").sort_index()
    return genres


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
    style = make_style(genre, _make_rng(seed, 2, artist_id))
    y = synthesize_track(style, _make_rng(seed, 1, track_id), duration, sr)
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
