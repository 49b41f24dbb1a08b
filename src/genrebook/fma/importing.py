"""Your own music as a dataset: ``ROOT/<genre>/**/<file>`` turned into a folder in FMA's layout.

Every audio file (mp3, wav, flac, ogg, au; any case) under a genre folder of ``ROOT`` becomes a
track of that genre. Audio is not copied: ``audio/ddd/dddddd.<ext>`` are symbolic links to the
files (absolute paths), so ``ROOT`` must stay where it is. Track ids follow the sorted relative
paths (1, 2, ...), so importing the same folder again gives the same ids; title, artist, album and
licence come from the files' tags where present (the file name is the title otherwise). Files that
cannot be decoded are left out and listed, not fatal. The dataset is then split as
``genrebook split`` does (:mod:`genrebook.fma.split`).

Written into ``OUT``: ``tracks.csv``, ``genres.csv`` (one top-level genre per folder),
``split.csv`` + ``split.json``, ``dataset.json``, ``import.json`` (each track's file, what was
skipped and why) and ``audio/``.

Used in: ``genrebook import-folder``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import soundfile as sf
from joblib import Parallel, delayed
from tqdm import tqdm

from genrebook import __version__
from genrebook.fma.audio import AUDIO_EXTENSIONS, AudioError, load_audio, make_audio_path, read_audio_tags
from genrebook.fma.columns import TRACKS_COLUMNS
from genrebook.fma.metadata import write_genres, write_tracks
from genrebook.fma.split import DEFAULT_FRACTIONS, Split, check_fractions, check_seed, make_groups, make_split
from genrebook.fma.splitfile import write_split

log = logging.getLogger(__name__)

#: Seconds decoded from each file to check that it is usable audio (FMA's clip length).
CHECK_SECONDS = 30.0

#: Characters a genre folder's name may not hold: control characters (newlines, tabs, ...).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

#: A Creative Commons licence inside a copyright tag.
_CC = re.compile(r"creativecommons\.org/(?:licenses/([a-z-]+)/([0-9.]+)|publicdomain/(zero|mark)/([0-9.]+))")


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_folder` made.

    Attributes
    ----------
    out : Path
        The dataset folder.
    tracks : pd.DataFrame
        FMA's two-level tracks frame that was written.
    sources : dict
        ``{track_id: file path relative to ROOT}``.
    skipped : dict
        ``{relative path: reason}`` of the audio files left out (cannot be decoded, too short, silent).
    ignored : int
        Other files left alone: not audio, hidden, or outside a genre folder.
    split : Split
    n_titled : int
        Tracks whose title came from their tags (the others: the file name).
    """

    out: Path
    tracks: pd.DataFrame
    sources: dict[int, str]
    skipped: dict[str, str]
    ignored: int
    split: Split
    n_titled: int = 0


def list_genre_folders(root: Path) -> list[Path]:
    """The genre folders of ``root`` (hidden ones left out), refusing names a dataset cannot carry.

    Raises
    ------
    ValueError
        A name with control characters or surrounding spaces, or two names equal but for case.
    """
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    seen = {}
    for folder in folders:
        name = folder.name
        if _CONTROL.search(name) or name != name.strip():
            raise ValueError(f"{folder}: a genre folder's name must be plain text without control characters or "
                             f"surrounding spaces; got {name!r} (rename the folder)")
        if name.casefold() in seen:
            raise ValueError(f"{root}: genre folders {seen[name.casefold()]!r} and {name!r} differ only by case; "
                             "merge or rename them")
        seen[name.casefold()] = name
    return folders


def list_audio_files(root: Path, folders: list[Path]) -> tuple[list[tuple[str, str]], int]:
    """Every audio file under the genre folders, as ``(genre, path relative to root)`` sorted by path.

    Returns
    -------
    files : list of (str, str)
    ignored : int
        Files that are not audio, hidden, or directly in ``root``. Links to folders are not followed.
    """
    files, ignored = [], sum(1 for p in root.iterdir() if not p.is_dir())
    for folder in folders:
        for parent, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                if name.startswith(".") or Path(name).suffix.lower() not in AUDIO_EXTENSIONS:
                    ignored += 1
                    continue
                files.append((folder.name, (Path(parent) / name).relative_to(root).as_posix()))
    return sorted(files, key=lambda item: item[1]), ignored


def inspect_audio_file(path: str) -> tuple[dict | None, str | None]:
    """Decode the start of a file and read its duration and tags; never raises for a bad file.

    Returns
    -------
    tuple
        ``({'duration': seconds, 'tags': {...}}, None)``, or ``(None, reason)``.
    """
    try:
        load_audio(path, duration=CHECK_SECONDS)
        duration = sf.info(path).duration
    except AudioError as error:
        return None, str(error).removeprefix(f"{path}: ")
    except Exception as error:  # a file that breaks the decoder in another way is skipped the same
        return None, f"cannot decode audio ({type(error).__name__}: {error})"
    return {"duration": duration, "tags": read_audio_tags(path)}, None


def describe_licence(text: str | None) -> str | None:
    """A licence's short name from a copyright tag: ``'CC BY-NC-SA 3.0'`` for a Creative Commons URL, else the tag.

    Examples
    --------
    >>> describe_licence("Attribution: http://creativecommons.org/licenses/by-nc-sa/3.0/")
    'CC BY-NC-SA 3.0'
    >>> describe_licence("(c) 2020 Me"), describe_licence(None)
    ('(c) 2020 Me', None)
    """
    match = _CC.search(text or "")
    if match is None:
        return text or None
    if match.group(1):
        return f"CC {match.group(1).upper()} {match.group(2)}"
    return f"public domain (CC0 {match.group(4)})" if match.group(3) == "zero" else "public domain mark"


def _clean(text: str | None) -> str | None:
    """One line of text from a tag: control characters become spaces, runs of spaces one; ``None`` when empty."""
    if not text:
        return None
    return " ".join(_CONTROL.sub(" ", text).split()) or None


def _track_number(text: str | None) -> int | None:
    """``'3'`` or ``'3/12'`` -> 3; anything else -> None."""
    match = re.match(r"\s*(\d+)", text or "")
    return int(match.group(1)) if match else None


def make_tracks_table(found: dict[int, tuple[str, str, dict]], genre_ids: dict[str, int]) -> pd.DataFrame:
    """Build FMA's two-level tracks frame from ``{track_id: (genre, relative path, inspection)}``."""
    artists = {_clean(info["tags"].get("artist")) for _, _, info in found.values()} - {None}
    artist_ids = {name: i + 1 for i, name in enumerate(sorted(artists, key=lambda a: (a.casefold(), a)))}
    rows = {}
    for track_id, (genre, relative, info) in sorted(found.items()):
        tags, artist = info["tags"], _clean(info["tags"].get("artist"))
        rows[track_id] = {
            ("album", "title"): _clean(tags.get("album")),
            ("artist", "id"): artist_ids.get(artist), ("artist", "name"): artist,
            ("track", "duration"): int(round(info["duration"])), ("track", "genre_top"): genre,
            ("track", "genres"): [genre_ids[genre]], ("track", "genres_all"): [genre_ids[genre]],
            ("track", "license"): describe_licence(_clean(tags.get("copyright"))),
            ("track", "number"): _track_number(tags.get("tracknumber")),
            ("track", "title"): _clean(tags.get("title")) or _clean(Path(relative).stem),
        }
    tracks = pd.DataFrame.from_dict(rows, orient="index")
    order = [(top, name) for top, name, _ in TRACKS_COLUMNS if (top, name) in tracks.columns]
    tracks = tracks[order]
    tracks.columns = pd.MultiIndex.from_tuples(order)
    tracks[("artist", "id")] = tracks["artist", "id"].astype("Int64")
    tracks[("track", "number")] = tracks["track", "number"].astype("Int64")
    return tracks.rename_axis("track_id")


def make_genres_table(genre_ids: dict[str, int], counts: pd.Series) -> pd.DataFrame:
    """``genres.csv``: one top-level genre per folder, numbered in name order, with its track count."""
    return pd.DataFrame(
        [{"genre_id": gid, "#tracks": int(counts.get(name, 0)), "parent": 0, "title": name, "top_level": gid}
         for name, gid in genre_ids.items()]
    ).set_index("genre_id")


def check_folders(root: Path, out: Path) -> None:
    """Refuse a ``ROOT`` that is not a folder and an ``OUT`` that is not empty or lies inside ``ROOT``."""
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder; give a folder of genre folders (ROOT/<genre>/<files>)")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not empty; choose a new folder for the dataset")
    if out.resolve() == root.resolve() or root.resolve() in out.resolve().parents:
        raise ValueError(f"--out {out} lies inside {root}: it would be read as a genre folder; choose a folder "
                         "outside it")


def import_folder(root: str | os.PathLike, out: str | os.PathLike, *, seed: int = 0,
                  fractions=DEFAULT_FRACTIONS, by_artist: bool = True, name: str | None = None,
                  jobs: int = -1, progress: bool = True) -> ImportReport:
    """Turn a folder of genre folders into a dataset folder in FMA's layout, split as ``genrebook split`` does.

    Parameters
    ----------
    root : path-like
        ``ROOT/<genre>/**/<file>``; at least two genre folders holding audio files.
    out : path-like
        The new dataset folder: absent or empty, outside ``root``.
    seed, fractions, by_artist : see :func:`genrebook.fma.splitfile.split_dataset`.
    name : str, optional
        The dataset's name in the book (default: ``out``'s folder name).
    jobs : int
        Processes decoding files (joblib convention: -1 for all cores).
    progress : bool
        Show a progress bar.

    Returns
    -------
    ImportReport

    Raises
    ------
    ValueError, FileExistsError, FileNotFoundError
        Before any decoding: odd genre folder names, fewer than two genre folders with audio,
        an ``out`` that is not empty or lies inside ``root``. After it: fewer than two genres
        with a file that could be decoded.
    """
    root, out = Path(root).expanduser(), Path(out).expanduser()
    fractions, seed = check_fractions(fractions), check_seed(seed)
    check_folders(root, out)
    files, ignored = list_audio_files(root, list_genre_folders(root))
    with_audio = sorted({genre for genre, _ in files})
    if len(with_audio) < 2:
        raise ValueError(f"{root} must hold at least 2 genre folders with audio files "
                         f"({', '.join(AUDIO_EXTENSIONS)}); found {len(with_audio)}"
                         + (f": {with_audio[0]}" if with_audio else ""))
    tasks = (delayed(inspect_audio_file)(str(root / relative)) for _, relative in files)
    results = list(tqdm(Parallel(n_jobs=jobs, return_as="generator")(tasks), total=len(files),
                        desc="check audio", unit="file", disable=not progress))
    found, skipped = {}, {}
    for track_id, ((genre, relative), (info, reason)) in enumerate(zip(files, results), start=1):
        if info is None:
            skipped[relative] = reason
        else:
            found[track_id] = (genre, relative, info)
    genres_found = sorted({genre for genre, _, _ in found.values()})
    if len(genres_found) < 2:
        raise ValueError(f"{root}: fewer than 2 genres have a file that can be decoded "
                         f"({', '.join(genres_found) or 'none'}); {len(skipped)} files could not be used")
    genre_ids = {genre: i + 1 for i, genre in enumerate(genres_found)}
    tracks = make_tracks_table(found, genre_ids)
    sources = {track_id: relative for track_id, (_, relative, _) in found.items()}
    split = write_dataset(root, out, tracks, genre_ids, sources, skipped, name=name, seed=seed, fractions=fractions,
                          by_artist=by_artist)
    n_titled = sum(1 for _, _, info in found.values() if _clean(info["tags"].get("title")))
    return ImportReport(out, tracks, sources, skipped, ignored, split, n_titled)


def write_dataset(root: Path, out: Path, tracks: pd.DataFrame, genre_ids: dict[str, int], sources: dict[int, str],
                  skipped: dict[str, str], *, name, seed, fractions, by_artist) -> Split:
    """Write the dataset into a temporary folder beside ``out``, then move it into place; return its split."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        for track_id, relative in sources.items():
            link = make_audio_path(tmp / "audio", track_id, ext=Path(relative).suffix.lower())
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to((root / relative).resolve())
        genres = tracks["track", "genre_top"].astype("object")
        write_tracks(tracks, tmp / "tracks.csv")
        write_genres(make_genres_table(genre_ids, genres.value_counts()), tmp / "genres.csv")
        groups, grouped_by = make_groups(tracks, by_artist=by_artist)
        split = make_split(genres, groups, seed=seed, fractions=fractions, grouped_by=grouped_by)
        write_split(split, tmp)
        record = {"root": str(root.resolve()), "audio": "symbolic links to the files under root",
                  "tracks": {f"{t:06d}": rel for t, rel in sorted(sources.items())}, "skipped": skipped}
        (tmp / "import.json").write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
        info = {"name": name or out.resolve().name, "synthetic": False, "generator": "genrebook import-folder",
                "version": __version__}
        (tmp / "dataset.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")
        tmp.chmod(0o755)  # mkdtemp makes the folder private
        if out.exists():
            out.rmdir()  # empty, checked before
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.debug("imported %d tracks of %d genres from %s into %s", len(tracks), len(genre_ids), root, out)
    return split
