"""Dataset folders in FMA's layouts, and what chapters need from them.

A dataset is a folder holding ``tracks.csv`` and ``genres.csv`` (FMA's layouts), optionally
``features.csv``, ``audio/ddd/dddddd.mp3`` (with an optional ``checksums`` file; ``.wav``,
``.flac``, ``.ogg`` and ``.au`` files are found too), ``spectrograms/ddd/dddddd.png``,
``dataset.json`` (name, whether synthetic), ``split.csv`` (the split ``genrebook split`` made,
used where ``tracks.csv`` has no official one) and an ``extracted/`` folder written by
``genrebook extract``.

Used in: every chapter.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from genrebook.config import resolve_data_home
from genrebook.fma.audio import KNOWN_BAD_CLIPS, find_audio_files, make_audio_path
from genrebook.fma.checks import check_features_file, check_genres_file, check_tracks_file
from genrebook.fma.columns import SPLITS, SUBSETS
from genrebook.fma.metadata import load_echonest, load_features, load_genres, load_tracks
from genrebook.fma.splitfile import SPLIT_FILE, apply_split

__all__ = [
    "Dataset", "load_dataset", "load_tracks", "load_genres", "load_features", "load_echonest",
    "read_dataset_info", "find_audio_clips", "resolve_extracted_dir", "EXTRACTED", "FEATURE_SOURCES",
    "REQUIRED_TRACKS_COLUMNS", "EMPTY_FEATURES",
]


#: Name of the folder ``genrebook extract`` writes into, inside the dataset.
EXTRACTED = "extracted"


#: Where a dataset's features and spectrogram images may come from.
FEATURE_SOURCES = ("auto", "own", "extracted")


#: Columns of ``tracks.csv`` the chapters need: the official split and the top-level genre.
REQUIRED_TRACKS_COLUMNS: tuple[tuple[str, str], ...] = (("set", "split"), ("track", "genre_top"))


#: Why a track without a split is left out, by where the dataset's split comes from.
NO_SPLIT_REASONS = {
    "official": "no official split",
    SPLIT_FILE: "not in split.csv (added after `genrebook split` ran)",
    None: "no split (run `genrebook split` on the dataset)",
}


#: Why a track whose ``features.csv`` row is entirely empty is left out (FMA has such tracks).
EMPTY_FEATURES = "no features: its features.csv row is empty"


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset, restricted to the usable tracks.

    Attributes
    ----------
    path : Path
        The dataset folder.
    name : str
        Display name (``dataset.json``'s, else the folder name).
    synthetic : bool
        True for data made by ``genrebook demo``.
    tracks : pd.DataFrame [shape=(n_tracks, 10)]
        Indexed by ``track_id``; columns ``split``, ``genre``, ``genres``, ``genres_all``,
        ``title``, ``artist_id``, ``artist``, ``duration``, ``audio`` and ``spectrogram`` (paths
        as strings, ``None`` where absent).
    features : pd.DataFrame or None [shape=(n_tracks, n_features)]
        Three-level feature columns aligned to ``tracks``; ``None`` when there are none.
    feature_source : str or None
        ``'own'`` (the dataset's ``features.csv``) or ``'extracted'``.
    genres : pd.DataFrame
        The genre table of ``genres.csv``.
    excluded : pd.Series
        ``{track_id: reason}`` of tracks left out.
    fma_tracks : pd.DataFrame
        The usable tracks with all columns of the dataset's ``tracks.csv``.
    split_source : str or None
        ``'official'`` (``tracks.csv``'s ``set/split``), ``'split.csv'`` (made by ``genrebook split``,
        see :func:`genrebook.fma.splitfile.read_split_settings`) or ``None`` (no split: no usable track).
    """

    path: Path
    name: str
    synthetic: bool
    tracks: pd.DataFrame
    features: pd.DataFrame | None
    feature_source: str | None
    genres: pd.DataFrame
    excluded: pd.Series
    fma_tracks: pd.DataFrame
    split_source: str | None = "official"

    @property
    def genre_names(self) -> list[str]:
        """Sorted names of the top-level genres present."""
        return sorted(self.tracks["genre"].dropna().unique())


def read_dataset_info(path: str | os.PathLike) -> dict:
    """Read ``dataset.json`` of a dataset folder (an empty dict when absent)."""
    info_path = Path(path) / "dataset.json"
    return json.loads(info_path.read_text()) if info_path.is_file() else {}


def _get(tracks: pd.DataFrame, top: str, name: str, default=None) -> pd.Series:
    """Return a column of FMA's tracks frame, or a column of ``default`` when the file lacks it."""
    if (top, name) in tracks.columns:
        return tracks[(top, name)]
    return pd.Series(default, index=tracks.index, dtype="object")


def _existing_paths(root: Path, ids, ext: str) -> pd.Series:
    """Map track ids to the path of their file under ``root`` (``None`` where missing)."""
    def find(track_id):
        path = make_audio_path(root, track_id, ext=ext)
        return str(path) if path.is_file() else None
    return pd.Series([find(t) for t in ids], index=ids, dtype="object")


def resolve_extracted_dir(path: str | os.PathLike, *, data_home: str | os.PathLike | None = None) -> Path:
    """Return where ``genrebook extract`` writes a dataset's extracted files.

    ``<dataset>/extracted`` when it exists or the dataset folder is writable; for a read-only
    dataset (a shared or mounted copy), a folder under the data home named after it.

    Parameters
    ----------
    path : path-like
        The dataset folder.
    data_home : path-like, optional
        See :func:`genrebook.config.resolve_data_home`.

    Returns
    -------
    Path
    """
    path = Path(path).resolve()
    inside = path / EXTRACTED
    # permission bits as well as access(): root may write anywhere, but a folder marked read-only
    # (a shared copy of a dataset) is left as it is
    writable = os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    if inside.exists() or writable:
        return inside
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    return resolve_data_home(data_home) / EXTRACTED / f"{path.name}-{digest}"


def _resolve_source(path: Path, source: str, own: str) -> Path | None:
    """Pick the dataset's own file/folder or the extracted one (``auto``: own where present)."""
    if source not in FEATURE_SOURCES:
        raise ValueError(f"feature source must be one of {FEATURE_SOURCES}; got {source!r}")
    candidates = {"own": path / own, "extracted": resolve_extracted_dir(path) / own}
    if source == "auto":
        return next((p for p in candidates.values() if p.exists()), None)
    if not candidates[source].exists():
        hint = " (run `genrebook extract` first)" if source == "extracted" else ""
        raise FileNotFoundError(f"dataset {path} has no {source} {own}: {candidates[source]} is missing{hint}")
    return candidates[source]


def _select_tracks(tracks: pd.DataFrame, subset: str | None, exclude_known_bad: bool,
                   no_split: str | None = NO_SPLIT_REASONS["official"]) -> tuple[pd.Index, dict]:
    """Choose the usable track ids and say why the others are left out (``no_split=None``: a split is not needed)."""
    excluded = {}
    if subset is not None and ("set", "subset") in tracks.columns:
        outside = tracks.index[~(tracks["set", "subset"] <= subset).fillna(False).astype(bool)]
        excluded.update({t: f"not in subset {subset!r}" for t in outside})
    split = _get(tracks, "set", "split")
    genre = _get(tracks, "track", "genre_top")
    for track_id in tracks.index[genre.isna() & ~tracks.index.isin(list(excluded))]:
        excluded[track_id] = "no top-level genre"
    for track_id in tracks.index[split.isna() & ~tracks.index.isin(list(excluded))] if no_split else []:
        excluded[track_id] = no_split
    if exclude_known_bad:
        for track_id in tracks.index.intersection(list(KNOWN_BAD_CLIPS)):
            excluded.setdefault(track_id, KNOWN_BAD_CLIPS[track_id])
    keep = tracks.index[~tracks.index.isin(list(excluded))]
    return keep, excluded


def _flat_tracks(tracks: pd.DataFrame, audio: pd.Series, images: pd.Series) -> pd.DataFrame:
    """Build the flat per-track table chapters work with."""
    flat = pd.DataFrame({
        "split": pd.Categorical(_get(tracks, "set", "split").astype("object"), categories=SPLITS),
        "genre": _get(tracks, "track", "genre_top").astype("object"),
        "genres": _get(tracks, "track", "genres").map(lambda v: v if isinstance(v, list) else []),
        "genres_all": _get(tracks, "track", "genres_all").map(lambda v: v if isinstance(v, list) else []),
        "title": _get(tracks, "track", "title").astype("object"),
        "artist_id": pd.to_numeric(_get(tracks, "artist", "id"), errors="coerce").astype("Int64"),
        "artist": _get(tracks, "artist", "name").astype("object"),
        "duration": pd.to_numeric(_get(tracks, "track", "duration"), errors="coerce"),
    }, index=tracks.index)
    flat["audio"] = audio.reindex(tracks.index)
    flat["spectrogram"] = images.reindex(tracks.index)
    return flat


def load_dataset(path: str | os.PathLike, *, feature_source: str = "auto", image_source: str = "auto",
                 subset: str | None = None, exclude_known_bad: bool = True) -> Dataset:
    """Load a dataset folder for the chapters.

    Parameters
    ----------
    path : path-like
        A dataset folder (see the module docstring).
    feature_source : {'auto', 'own', 'extracted'}
        Use the dataset's own ``features.csv``, the one ``genrebook extract`` wrote, or
        (``auto``) the dataset's own where present.
    image_source : {'auto', 'own', 'extracted'}
        The same choice for the spectrogram images.
    subset : {'small', 'medium', 'large'}, optional
        Keep tracks of this FMA subset and the smaller ones nested in it; by default the
        ``subset`` named in ``dataset.json``, else all tracks.
    exclude_known_bad : bool
        Leave out fma_small's six known-bad clips.

    Returns
    -------
    Dataset
    """
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"dataset folder {path} does not exist")
    info = read_dataset_info(path)
    subset = subset or info.get("subset")
    if subset is not None and subset not in SUBSETS:
        raise ValueError(f"subset must be one of {SUBSETS}; got {subset!r}")
    features_path = _resolve_source(path, feature_source, "features.csv")
    # a split.csv stands in for the set/split column; every file's layout is checked from its first rows
    # before any of them is parsed
    require = REQUIRED_TRACKS_COLUMNS[1:] if (path / SPLIT_FILE).is_file() else REQUIRED_TRACKS_COLUMNS
    check_tracks_file(path / "tracks.csv", require=require)
    check_genres_file(path / "genres.csv")
    if features_path is not None:
        check_features_file(features_path)
    fma_tracks, split_source = apply_split(load_tracks(path / "tracks.csv", require=require), path)
    keep, excluded = _select_tracks(fma_tracks, subset, exclude_known_bad, NO_SPLIT_REASONS[split_source])

    features, source = None, None
    if features_path is not None:
        features = load_features(features_path)
        source = "own" if features_path == path / "features.csv" else "extracted"
        if source == "extracted":
            failed = json.loads((features_path.parent / "manifest.json").read_text()).get("failed", {})
            excluded.update({int(t): f"extraction failed: {r}" for t, r in failed.items() if int(t) in keep})
        missing = keep.difference(features.index).difference(list(excluded))
        excluded.update({t: f"no row in {source} features.csv" for t in missing})
        empty_rows = features.index[features.isna().all(axis=1)] if features.shape[1] else features.index[:0]
        empty = keep.intersection(empty_rows).difference(list(excluded))
        excluded.update({t: EMPTY_FEATURES for t in empty})
    keep = keep[~keep.isin(list(excluded))]

    image_root = _resolve_source(path, image_source, "spectrograms")
    images = _existing_paths(image_root, keep, ".png") if image_root else pd.Series(dtype="object")
    found = find_audio_files(path / "audio", keep)
    audio = pd.Series([str(found[t]) if t in found else None for t in keep], index=keep, dtype="object")
    tracks = _flat_tracks(fma_tracks.loc[keep], audio, images)
    return Dataset(
        path=path,
        name=info.get("name", path.resolve().name),
        synthetic=bool(info.get("synthetic", False)),
        tracks=tracks,
        features=None if features is None else features.loc[keep],
        feature_source=source,
        genres=load_genres(path / "genres.csv"),
        excluded=pd.Series(excluded, dtype="object", name="reason").rename_axis("track_id").sort_index(),
        fma_tracks=fma_tracks.loc[keep],
        split_source=split_source,
    )


def find_audio_clips(path: str | os.PathLike, *, subset: str | None = None,
                     exclude_known_bad: bool = True) -> tuple[dict[int, Path], dict[int, str]]:
    """List the audio clips of a dataset's usable tracks.

    Parameters
    ----------
    path : path-like
        A dataset folder with ``tracks.csv`` and ``audio/``.
    subset : str, optional
        As in :func:`load_dataset`.
    exclude_known_bad : bool
        Leave out fma_small's six known-bad clips.

    Returns
    -------
    clips : dict
        ``{track_id: audio path}`` for the tracks whose file exists.
    excluded : dict
        ``{track_id: reason}`` for tracks left out before extraction (known bad, no genre...).
        Tracks without a split are extracted: ``genrebook split`` may come later.
    """
    path = Path(path)
    info = read_dataset_info(path)
    tracks = load_tracks(path / "tracks.csv")  # extraction needs the audio, not the split
    keep, excluded = _select_tracks(tracks, subset or info.get("subset"), exclude_known_bad, no_split=None)
    return find_audio_files(path / "audio", keep), excluded
