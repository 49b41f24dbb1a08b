"""Audio files: FMA's folder layout, loading with clear errors, and the known-bad clips of fma_small.

Used in: 01_data, 05_cnn, and the feature extractor.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import soundfile as sf

from genrebook.runtime import import_librosa

#: Length of an FMA clip in seconds (fma_small, fma_medium, fma_large).
FMA_CLIP_SECONDS = 30.0


#: fma_small clips known to be broken in the FMA release, with the reason they are excluded.
KNOWN_BAD_CLIPS: dict[int, str] = {
    98565: "known bad in fma_small: far shorter than 30 s",
    98567: "known bad in fma_small: far shorter than 30 s",
    98569: "known bad in fma_small: far shorter than 30 s",
    99134: "known bad in fma_small: no audio",
    108925: "known bad in fma_small: no audio",
    133297: "known bad in fma_small: no audio",
}


#: Clips shorter than this (seconds) are rejected as truncated.
MIN_DURATION = 5.0


#: Audio files a dataset folder may hold in FMA's layout (``audio/ddd/dddddd.<ext>``), in the order
#: they are looked for: FMA's own MP3 first, then those ``genrebook import-folder`` links to.
AUDIO_EXTENSIONS: tuple[str, ...] = (".mp3", ".wav", ".flac", ".ogg", ".au")


class AudioError(ValueError):
    """An audio file that cannot be used: unreadable, empty, silent, truncated or not audio."""


def make_track_stem(track_id: int) -> str:
    """Return FMA's relative path stem of a track: ``'ddd/dddddd'``.

    Examples
    --------
    >>> make_track_stem(2)
    '000/000002'
    >>> make_track_stem(155066)
    '155/155066'
    """
    tid = f"{int(track_id):06d}"
    return f"{tid[:3]}/{tid}"


def make_audio_path(root: str | os.PathLike, track_id: int, *, ext: str = ".mp3") -> Path:
    """Return where FMA keeps a track's file under ``root`` (``root/ddd/dddddd.mp3``)."""
    return Path(root) / f"{make_track_stem(track_id)}{ext}"


def find_audio_files(root: str | os.PathLike, track_ids) -> dict[int, Path]:
    """Find the audio file of each track under ``root`` in FMA's layout, whatever its extension.

    Parameters
    ----------
    root : path-like
        A dataset's ``audio/`` folder.
    track_ids : iterable of int

    Returns
    -------
    dict
        ``{track_id: path}`` for the tracks that have a file (``ddd/dddddd`` plus one of
        :data:`AUDIO_EXTENSIONS`, the first found); a broken link counts as no file.
    """
    root, listings, found = Path(root), {}, {}
    for track_id in track_ids:
        folder, name = make_track_stem(track_id).split("/")
        if folder not in listings:  # one directory listing per folder instead of one stat per extension
            listings[folder] = set(os.listdir(root / folder)) if (root / folder).is_dir() else set()
        for ext in AUDIO_EXTENSIONS:
            if name + ext in listings[folder] and (root / folder / (name + ext)).is_file():
                found[int(track_id)] = root / folder / (name + ext)
                break
    return found


def read_audio_tags(path: str | os.PathLike) -> dict[str, str]:
    """Read the text tags of an audio file (title, artist, album, copyright, ...), as libsndfile gives them.

    Returns
    -------
    dict
        Non-empty tags, stripped; empty when the file has none or cannot be opened.
    """
    try:
        with sf.SoundFile(path) as handle:
            tags = handle.copy_metadata()
    except Exception:  # an unreadable file has no tags; decoding reports it
        return {}
    return {key: value.strip() for key, value in tags.items() if isinstance(value, str) and value.strip()}


def choose_clip_window(seconds: float, *, clip: float = FMA_CLIP_SECONDS, slack: float = 5.0
                       ) -> tuple[float, float | None]:
    """Where to read a clip like FMA's from a file of ``seconds``: its middle ``clip`` seconds when it is
    longer than ``clip + slack``, else all of it.

    Returns
    -------
    tuple
        ``(offset, duration)`` for :func:`load_audio` (``duration`` None: to the end).

    Examples
    --------
    >>> choose_clip_window(29.98), choose_clip_window(240.0)
    ((0.0, None), (105.0, 30.0))
    """
    if seconds <= clip + slack:
        return 0.0, None
    return round((seconds - clip) / 2, 3), clip


def load_audio(path: str | os.PathLike, *, sr: int | None = None, offset: float = 0.0,
               duration: float | None = None, min_duration: float = MIN_DURATION) -> tuple[np.ndarray, int]:
    """Decode an audio file to a mono float32 signal, rejecting unusable files with a clear error.

    Parameters
    ----------
    path : path-like
        Any format libsndfile reads (mp3, wav, flac, ogg, ...).
    sr : int, optional
        Target sample rate; ``None`` keeps the file's native rate (as FMA's features do).
    offset, duration : float
        Read only part of the file, in seconds.
    min_duration : float
        Shorter signals are rejected as truncated.

    Returns
    -------
    y : np.ndarray [shape=(n,), dtype=float32]
    sr : int

    Raises
    ------
    AudioError
        Missing, empty, undecodable, truncated or silent file, with the path and the cause.
    """

    path = Path(path)
    if not path.is_file():
        raise AudioError(f"{path}: no such audio file")
    if path.stat().st_size == 0:
        raise AudioError(f"{path}: empty file (0 bytes)")
    try:
        with sf.SoundFile(path) as handle:
            rate = handle.samplerate
            if offset:  # seeking re-primes the mp3 decoder, so only seek when asked to (as librosa does)
                handle.seek(min(int(round(offset * rate)), handle.frames))
            frames = -1 if duration is None else int(round(duration * rate))
            data = handle.read(frames=frames, dtype="float32", always_2d=True)
    except Exception as error:  # libsndfile reports undecodable data as several error types
        detail = getattr(error, "error_string", None) or f"{type(error).__name__}: {error}"
        raise AudioError(f"{path}: cannot decode audio: corrupt or not an audio file ({detail})") from error
    y = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    if sr is not None and sr != rate:
        librosa = import_librosa()

        y, rate = librosa.resample(y, orig_sr=rate, target_sr=sr), sr
    length = len(y) / rate if rate else 0.0
    if length < min_duration:
        raise AudioError(f"{path}: truncated audio, {length:.2f} s long (at least {min_duration:g} s needed)")
    if not np.all(np.isfinite(y)):
        raise AudioError(f"{path}: decoded audio contains NaN or infinite samples")
    if float(np.max(np.abs(y))) < 1e-4:
        raise AudioError(f"{path}: silent audio (peak amplitude below -80 dBFS)")
    return y, int(rate)
