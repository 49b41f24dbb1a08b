"""Predicting the songs of a folder (one sub-folder per genre) at the end of chapter 05.

Used in: 05_cnn.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from genrebook.cnn.predict import predict_file
from genrebook.config import find_project_root

#: Audio files listed in a songs folder.
AUDIO_SUFFIXES = (".mp3", ".wav", ".flac", ".ogg", ".m4a", ".aiff", ".aif")


def resolve_songs_dir(songs: str) -> Path | None:
    """Resolve the ``songs`` parameter to a folder, or None.

    ``'none'``: None; ``'auto'``: ``../shared/data/songs`` beside the repository where present,
    else None; anything else: that folder, which must exist.
    """
    if songs == "none":
        return None
    if songs == "auto":
        folder = find_project_root().parent / "shared" / "data" / "songs"
        return folder if folder.is_dir() else None
    folder = Path(songs).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(f"songs must be 'auto', 'none' or a folder of audio files; {folder} is not a folder")
    return folder


def list_songs(folder: str | os.PathLike) -> pd.DataFrame:
    """List the audio files under a folder, each with its parent folder's name as its genre.

    Returns
    -------
    pd.DataFrame
        Columns ``path``, ``song`` (file name) and ``folder genre``, sorted by path.
    """
    paths = sorted(p for p in Path(folder).rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES and p.is_file())
    return pd.DataFrame({"path": [str(p) for p in paths], "song": [p.name for p in paths],
                         "folder genre": [p.parent.name for p in paths]})


def tabulate_song_predictions(songs: pd.DataFrame, predictions, *, top: int = 3) -> pd.DataFrame:
    """Put song predictions beside their folder genre: the most probable genres and their probabilities.

    Returns
    -------
    pd.DataFrame
        Index ``song``; columns ``folder genre``, ``predicted`` (empty when the file could not be
        read), ``probability``, ``others`` (the next ``top - 1`` genres as ``(genre, probability)``
        pairs), ``windows``, ``match`` and ``error`` (empty when none).
    """
    rows = []
    for (_, song), prediction in zip(songs.iterrows(), predictions):
        best = prediction.top(top)
        rows.append({"song": song["song"], "folder genre": song["folder genre"],
                     "predicted": best[0][0] if best else "", "probability": best[0][1] if best else np.nan,
                     "others": list(best[1:]), "windows": prediction.n_windows,
                     "match": bool(best) and best[0][0] == song["folder genre"], "error": prediction.error or ""})
    columns = ["song", "folder genre", "predicted", "probability", "others", "windows", "match", "error"]
    return pd.DataFrame(rows, columns=columns).set_index("song")


def pick_audio_network(networks: dict) -> str | None:
    """Name of the image-only network (no feature vector) with the highest validation accuracy.

    Image-only networks need nothing but the audio, and their window images are quick to compute.
    """
    usable = {n: net.manifest["validation_accuracy"] for n, net in networks.items()
              if net.manifest["inputs"]["feature_scaler"] is None}
    return max(usable, key=usable.get) if usable else None


def predict_songs(songs: str, networks: dict) -> pd.DataFrame:
    """Predict every song of the ``songs`` parameter's folder with the best audio-only network.

    Returns
    -------
    pd.DataFrame
        :func:`tabulate_song_predictions` output; empty when there is no folder or no network.
    """
    folder = resolve_songs_dir(songs)
    name = pick_audio_network(networks)
    listed = list_songs(folder) if folder is not None else list_songs_empty()
    if name is None or listed.empty:
        return tabulate_song_predictions(listed.head(0), [])
    net = networks[name]
    predictions = [predict_file(path, net.model, net.manifest) for path in listed["path"]]
    return tabulate_song_predictions(listed, predictions)


def list_songs_empty() -> pd.DataFrame:
    """An empty song list (no folder)."""
    return pd.DataFrame(columns=["path", "song", "folder genre"])


def describe_songs(songs: str, networks: dict) -> str:
    """Say why no song is predicted (empty when songs are): the parameter, a missing folder, no usable network."""
    if songs == "none":
        return "the songs parameter is 'none'"
    folder = resolve_songs_dir(songs)
    if folder is None:
        return "no songs folder was found beside the repository"
    if pick_audio_network(networks) is None:
        return "no network of this run reads images alone"
    return "" if not list_songs(folder).empty else "the songs folder holds no audio file"
