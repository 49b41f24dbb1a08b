"""Verdicts about what a dataset holds beside its labels: audio, durations, features. A dataset made
from FMA's metadata alone has features and no audio; one made from audio files has audio and,
before ``genrebook extract``, no features. The sentences say which, instead of counting zeros.

Used in: 01_data.
"""

from __future__ import annotations

from genrebook.book.formatting import format_count


def describe_durations(n_clips: int, median: float) -> str:
    """Say how many clips have a readable audio file and how long they last.

    Examples
    --------
    >>> describe_durations(7994, 29.976)
    '7,994 tracks have an audio file that could be read here; their median duration is 29.98 s'
    >>> describe_durations(0, 0.0)
    'None of the tracks has an audio file here, so no clip duration is measured'
    """
    if n_clips == 0:
        return "None of the tracks has an audio file here, so no clip duration is measured"
    return (f"{format_count(n_clips)} track{'s have' if n_clips != 1 else ' has'} an audio file that could be read "
            f"here; their median duration is {median:.2f} s")


def describe_listening(n_clips: int) -> str:
    """Introduce the clips to play, or say there are none.

    Examples
    --------
    >>> describe_listening(8)
    'One clip per genre where the dataset has audio (8 here), with its title, artist and licence, and a player:'
    >>> describe_listening(0)
    'This dataset has no audio, so there is no clip to play or to look at: its tracks are known here by their labels and features only.'
    """
    if n_clips == 0:
        return ("This dataset has no audio, so there is no clip to play or to look at: its tracks are known here by "
                "their labels and features only.")
    return (f"One clip per genre where the dataset has audio ({n_clips} here), with its title, artist and licence, "
            "and a player:")


def describe_clip_views(genre: str | None) -> str:
    """The caption of one clip's four views (the genre of the clip shown, or None without audio).

    Examples
    --------
    >>> describe_clip_views("Rock")
    'One Rock clip, the first in the table: its waveform, log-mel spectrogram, MFCCs and chroma over time.'
    >>> describe_clip_views(None)
    "A clip's waveform, log-mel spectrogram, MFCCs and chroma over time, shown where a dataset has audio; this one has none."
    """
    if genre is None:
        return ("A clip's waveform, log-mel spectrogram, MFCCs and chroma over time, shown where a dataset has audio; "
                "this one has none.")
    return f"One {genre} clip, the first in the table: its waveform, log-mel spectrogram, MFCCs and chroma over time."


def describe_clips_takeaway(has_audio: bool) -> str:
    """The chapter's last takeaway: what the clips show, or that the features stand for them.

    Examples
    --------
    >>> describe_clips_takeaway(False)
    'This dataset has no audio: the feature statistics are all the classical models hear of its tracks.'
    """
    if not has_audio:
        return "This dataset has no audio: the feature statistics are all the classical models hear of its tracks."
    return ("The clips differ visibly in rhythm (vertical stripes), timbre (the spread of energy over mel bands) "
            "and harmony (chroma).")


def describe_feature_table(source: str | None, n_columns: int, n_groups: int) -> str:
    """Say where a dataset's features come from and how many there are, or that it has none.

    Examples
    --------
    >>> describe_feature_table("the dataset's own features.csv", 518, 11)
    "Each track is described by 518 feature values in 11 groups, from the dataset's own features.csv."
    >>> describe_feature_table(None, 0, 0)
    'The tracks have no feature values yet: running genrebook extract on the dataset computes them from its audio.'
    """
    if source is None or n_columns == 0:
        return ("The tracks have no feature values yet: running genrebook extract on the dataset computes them from "
                "its audio.")
    return (f"Each track is described by {format_count(n_columns)} feature value{'s' if n_columns != 1 else ''} in "
            f"{n_groups} group{'s' if n_groups != 1 else ''}, from {source}.")
