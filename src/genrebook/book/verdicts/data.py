"""Verdicts about a dataset and its limits: artists across splits, the artist effect, multi-genre
tracks, known-bad clips, exclusions, feature sources.

Used in: 01_data, 02_limitations, the intro.
"""

from __future__ import annotations

import numpy as np

from genrebook.book.formatting import format_interval, format_percent
from genrebook.book.verdicts.words import describe_change, join_words


def describe_artist_separation(n_shared: int) -> str:
    """Say whether the split keeps every artist in one split.

    Examples
    --------
    >>> describe_artist_separation(0), describe_artist_separation(1), describe_artist_separation(12)
    ('no artist appears in more than one split', '1 artist appears in more than one split', '12 artists appear in more than one split')
    """
    if n_shared == 0:
        return "no artist appears in more than one split"
    return f"{n_shared:,} artist{'s appear' if n_shared > 1 else ' appears'} in more than one split"


def describe_artist_effect(official: float, random_split: float) -> str:
    """Say what letting artists into both training and test does to accuracy.

    Examples
    --------
    >>> describe_artist_effect(0.55, 0.63)
    'a split that ignores artists scores 63.0% against 55.0% on the official, artist-disjoint split: letting a model hear the test artists in training added 8.0 percentage points'
    >>> describe_artist_effect(0.6, 0.6)
    'a split that ignores artists scores 60.0% against 60.0% on the official, artist-disjoint split: letting a model hear the test artists in training changed nothing (0.0 percentage points)'
    """
    return (f"a split that ignores artists scores {format_percent(random_split)} against {format_percent(official)} "
            f"on the official, artist-disjoint split: letting a model hear the test artists in training "
            f"{describe_change(random_split - official)}")


def describe_top_level_mixing(share: float, pairs: list[tuple[str, str, float]]) -> str:
    """Say whether tracks carry genres under several top-level genres, and which pairing is most frequent.

    Parameters
    ----------
    share : float
        Share of the tracks whose genres hang below more than one top-level genre.
    pairs : list of (label, other top-level genre, share of the label's tracks carrying it)
        Highest share first; every pair tied at the top (to 0.1 %) is named.

    Examples
    --------
    >>> describe_top_level_mixing(0.0, [])
    "No track carries genres under more than one top-level genre: each track's genres hang below its label, so here the single label loses no top-level genre."
    >>> describe_top_level_mixing(0.1, [("Rock", "Pop", 0.25), ("Folk", "Pop", 0.1)])
    '10.0% of the tracks carry genres under more than one top-level genre; most often the Rock tracks, 25.0% of which also carry Pop.'
    >>> describe_top_level_mixing(0.1, [("Rock", "Pop", 0.25), ("Folk", "Pop", 0.2501)])
    '10.0% of the tracks carry genres under more than one top-level genre; most often, tied at 25.0% of their tracks, Rock tracks also carrying Pop and Folk tracks also carrying Pop.'
    """
    if share <= 0 or not pairs:
        return ("No track carries genres under more than one top-level genre: each track's genres hang below its "
                "label, so here the single label loses no top-level genre.")
    top = round(pairs[0][2], 3)
    tied = [p for p in pairs if round(p[2], 3) == top]
    text = f"{format_percent(share)} of the tracks carry genres under more than one top-level genre; most often"
    if len(tied) == 1:
        return f"{text} the {tied[0][0]} tracks, {format_percent(tied[0][2])} of which also carry {tied[0][1]}."
    named = join_words([f"{label} tracks also carrying {other}" for label, other, _ in tied])
    return f"{text}, tied at {format_percent(top)} of their tracks, {named}."


def describe_top_pairs(pairs: list[tuple[str, str, int]]) -> str:
    """Name the pair of genres tracks carry together most often (every pair tied at the top).

    Parameters
    ----------
    pairs : list of (genre, other genre, tracks)
        Most frequent first.

    Examples
    --------
    >>> describe_top_pairs([("Hip-Hop", "Rap", 9), ("Pop", "Synth Pop", 8)])
    'Tracks carry Hip-Hop with Rap most often (9 tracks).'
    >>> describe_top_pairs([("Avant-Garde", "Experimental", 7), ("International", "Indian", 7)])
    'Tracks carry Avant-Garde with Experimental and International with Indian most often, tied (7 tracks each).'
    >>> describe_top_pairs([])
    'No track carries two genres.'
    """
    if not pairs or pairs[0][2] <= 0:
        return "No track carries two genres."
    top = pairs[0][2]
    tied = [f"{a} with {b}" for a, b, n in pairs if n == top]
    tracks = f"{top:,} track{'s' if top != 1 else ''}"
    if len(tied) == 1:
        return f"Tracks carry {tied[0]} most often ({tracks})."
    return f"Tracks carry {join_words(tied)} most often, tied ({tracks} each)."


def describe_known_bad(n_known: int, n_listed: int, n_used: int) -> str:
    """Say how many of fma_small's known-bad clips a dataset lists, and whether any is used.

    Examples
    --------
    >>> describe_known_bad(6, 0, 0)
    "None of fma_small's 6 known-bad clips is listed in this dataset's tracks.csv."
    >>> describe_known_bad(6, 6, 0)
    "All 6 of fma_small's known-bad clips are listed in this dataset's tracks.csv; the loader leaves every one out."
    >>> describe_known_bad(6, 1, 1)
    "1 of fma_small's 6 known-bad clips is listed in this dataset's tracks.csv, and it is used."
    >>> describe_known_bad(6, 3, 2)
    "3 of fma_small's 6 known-bad clips are listed in this dataset's tracks.csv; 2 of them are used."
    """
    where = "listed in this dataset's tracks.csv"
    if n_listed == 0:
        return f"None of fma_small's {n_known} known-bad clips is {where}."
    if n_listed == n_known:
        listed = f"All {n_known} of fma_small's known-bad clips are {where}"
    else:
        listed = f"{n_listed} of fma_small's {n_known} known-bad clips {'is' if n_listed == 1 else 'are'} {where}"
    if n_used == 0:
        return f"{listed}; the loader leaves {'it' if n_listed == 1 else 'every one'} out."
    if n_used == n_listed:
        return f"{listed}, and {'it is' if n_listed == 1 else 'all are'} used."
    return f"{listed}; {n_used} of them {'is' if n_used == 1 else 'are'} used."


def describe_exclusions(counts: list[tuple[str, int]]) -> str:
    """Say how many tracks were left out, and why.

    Parameters
    ----------
    counts : list of (reason, tracks)
        Most frequent first.

    Examples
    --------
    >>> describe_exclusions([])
    'No track was left out.'
    >>> describe_exclusions([("no official split", 1)])
    'One track was left out: no official split.'
    >>> describe_exclusions([("known bad in fma_small", 6), ("no official split", 4)])
    '10 tracks were left out: known bad in fma_small (6) and no official split (4).'
    """
    total = sum(n for _, n in counts)
    if total == 0:
        return "No track was left out."
    if total == 1:
        return f"One track was left out: {counts[0][0]}."
    if len(counts) == 1:
        return f"{total:,} tracks were left out, all for one reason: {counts[0][0]}."
    return f"{total:,} tracks were left out: {join_words([f'{reason} ({n:,})' for reason, n in counts])}."


def describe_feature_sources(has_own: bool, has_extracted: bool) -> str:
    """Say in words which feature sources a dataset has.

    Examples
    --------
    >>> describe_feature_sources(True, False), describe_feature_sources(True, True)
    ('only its own features.csv (no extracted features)', 'both its own features.csv and features extracted from its audio')
    """
    return {(True, True): "both its own features.csv and features extracted from its audio",
            (True, False): "only its own features.csv (no extracted features)",
            (False, True): "only features extracted from its audio (no features.csv of its own)",
            (False, False): "no features at all"}[(bool(has_own), bool(has_extracted))]


def describe_source_agreement(n_tracks: int, medians: dict[str, float]) -> str:
    """Say how well two feature sources agree: the range of their groups' median correlations.

    Parameters
    ----------
    n_tracks : int
        Tracks both sources hold.
    medians : dict
        ``{group name: median correlation of its shared columns}`` (NaN where none could be
        computed); empty when there is a single source.

    Examples
    --------
    >>> describe_source_agreement(0, {})
    'With a single feature source there is nothing to compare.'
    >>> describe_source_agreement(800, {"MFCC": 0.991, "tonnetz": 0.12, "zero-crossing rate": 0.5})
    'Over the 800 tracks both sources hold, the median correlation of a shared column ranges from 0.12 (tonnetz) to 0.99 (MFCC).'
    >>> describe_source_agreement(800, {"MFCC": 0.99, "chroma CENS": 0.99})
    'Over the 800 tracks both sources hold, the median correlation of a shared column is 0.99 in every group.'
    """
    if not medians:
        return "With a single feature source there is nothing to compare."
    values = {g: round(float(v), 2) for g, v in medians.items() if not np.isnan(v)}
    start = f"Over the {n_tracks:,} tracks both sources hold, the median correlation of a shared column"
    if not values:
        return f"{start} cannot be computed: no shared column varies on both sides."
    low, high = min(values.values()), max(values.values())
    if low == high:
        return f"{start} is {low:.2f} in {'every group' if len(values) > 1 else 'its one group'}."
    lows = join_words([g for g, v in values.items() if v == low])
    highs = join_words([g for g, v in values.items() if v == high])
    return f"{start} ranges from {low:.2f} ({lows}) to {high:.2f} ({highs})."


def describe_known_artists(n_known: int, n_test: int) -> str:
    """Say how many test tracks have their artist in the training split.

    Examples
    --------
    >>> describe_known_artists(0, 24), describe_known_artists(1, 24), describe_known_artists(20, 24)
    ('none of the 24 test tracks has its artist in training', '1 of the 24 test tracks has its artist in training', '20 of the 24 test tracks have their artist in training')
    >>> describe_known_artists(24, 24)
    'every one of the 24 test tracks has its artist in training'
    """
    if n_known == 0:
        return f"none of the {n_test:,} test tracks has its artist in training"
    if n_known == n_test:
        return f"every one of the {n_test:,} test tracks has its artist in training"
    verb = "has its" if n_known == 1 else "have their"
    return f"{n_known:,} of the {n_test:,} test tracks {verb} artist in training"


def judge_artist_gap(low: float, high: float, random_mean: float) -> str:
    """Say whether random splits score beyond the official accuracy's interval, and what that means.

    Parameters
    ----------
    low, high : float
        The official (artist-filtered) test accuracy's bootstrap interval.
    random_mean : float
        Mean accuracy of the random splits that ignore artists.

    Examples
    --------
    >>> judge_artist_gap(0.49, 0.56, 0.62).split(":")[0]
    "The random splits' mean, 62.0%, lies above the official accuracy's whole interval (49.0–56.0%)"
    >>> judge_artist_gap(0.62, 0.96, 0.88).split(":")[0]
    "The random splits' mean, 88.0%, lies inside the official accuracy's interval (62.0–96.0%)"
    >>> judge_artist_gap(0.6, 0.7, 0.5).split(":")[0]
    "The random splits' mean, 50.0%, lies below the official accuracy's whole interval (60.0–70.0%)"
    """
    start = f"The random splits' mean, {format_percent(random_mean)}"
    interval = format_interval(low, high)
    if random_mean > high:
        return (f"{start}, lies above the official accuracy's whole interval ({interval}): part of what a model "
                "learns on a split that ignores artists is the artist (voice, production, recording chain), not the "
                "genre, and such a split overstates how well a model handles new artists.")
    if random_mean < low:
        return (f"{start}, lies below the official accuracy's whole interval ({interval}): here, meeting known "
                "artists again did not help the model.")
    return (f"{start}, lies inside the official accuracy's interval ({interval}): on a test split this small the "
            "difference is within the uncertainty of one test accuracy, so it is no clear evidence of an artist "
            "effect here.")
