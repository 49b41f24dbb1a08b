"""Verdicts of chapter 06: which feature group matters, whether permuting and fitting alone agree, and
whether the classical model and the network tell the same story about frequencies and time.

Used in: 06_what_models_hear.
"""

from __future__ import annotations

from genrebook.book.verdicts.words import _as_sentence, join_words


def format_point_range(value: float, low: float, high: float) -> str:
    """Write a drop and its interval, as shares, in percentage points (``'12.0 points (9.0 to 15.0)'``).

    Examples
    --------
    >>> format_point_range(0.12, 0.09, 0.15), format_point_range(0.001, -0.012, 0.01)
    ('12.0 points (9.0 to 15.0)', '0.1 points (−1.2 to 1.0)')
    """
    def write(v: float) -> str:
        text = f"{100 * float(v):.1f}"
        return "0.0" if text in ("-0.0", "0.0") else text.replace("-", "−")

    return f"{write(value)} points ({write(low)} to {write(high)})"


def is_above_zero(share: float) -> bool:
    """Whether a share is above zero as the page shows it (one decimal of a percentage point).

    Examples
    --------
    >>> is_above_zero(0.0004), is_above_zero(0.0006), is_above_zero(-0.01)
    (False, True, False)
    """
    return round(100 * float(share), 1) > 0


#: Smallest difference (a share: one percentage point) the network's time and frequency profiles must
#: show, beyond its interval excluding zero, to be called a difference.
MIN_PROFILE_DIFFERENCE = 0.01


def describe_top_unit(drops: dict[str, tuple[float, float, float]], *, what: str) -> str:
    """Say which unit's shuffling costs the most accuracy, and whether it stands clear of the next.

    Parameters
    ----------
    drops : dict
        ``{name as shown: (drop, low, high)}``, accuracy lost as shares.
    what : str
        What a unit is (``'feature group'``, ``'statistic'``).

    Examples
    --------
    >>> describe_top_unit({"MFCC": (0.12, 0.09, 0.15), "chroma": (0.02, 0.0, 0.04)}, what="feature group")
    'Shuffling MFCC costs the most, 12.0 points (9.0 to 15.0) of accuracy, clearly more than any other feature group.'
    >>> describe_top_unit({"MFCC": (0.05, 0.02, 0.08), "chroma": (0.04, 0.01, 0.07)}, what="feature group")
    'Shuffling MFCC costs the most, 5.0 points (2.0 to 8.0) of accuracy, but not clearly more than chroma: their intervals overlap.'
    >>> describe_top_unit({"MFCC": (0.0, -0.01, 0.01)}, what="feature group")
    'Shuffling no feature group costs accuracy reliably: every interval includes zero.'
    """
    ranked = sorted(drops.items(), key=lambda kv: -kv[1][0])
    if not ranked or not any(is_above_zero(low) for _, (_, low, _) in ranked):
        return f"Shuffling no {what} costs accuracy reliably: every interval includes zero."
    name, (drop, low, high) = ranked[0]
    head = f"Shuffling {name} costs the most, {format_point_range(drop, low, high)} of accuracy"
    close = [other for other, (_, _, other_high) in ranked[1:] if other_high >= low]
    if not close:
        return f"{head}, clearly more than any other {what}." if len(ranked) > 1 else f"{head}."
    return f"{head}, but not clearly more than {join_words(close)}: their intervals overlap."


def describe_sample(n_occluded: int, n_test: int, per_genre: int) -> str:
    """Say which test tracks were occluded.

    Examples
    --------
    >>> describe_sample(24, 24, 25)
    'For every test track (24)'
    >>> describe_sample(200, 800, 25)
    'For a random sample of 25 test tracks per genre (200 tracks, 25% of the test split)'
    """
    if n_occluded >= n_test:
        return f"For every test track ({n_test:,})"
    return (f"For a random sample of {per_genre:,} test tracks per genre ({n_occluded:,} tracks, "
            f"{n_occluded / n_test:.0%} of the test split)")


def list_redundant(drops: dict[str, tuple[float, float, float]]) -> list[str]:
    """Units whose shuffling costs nothing reliable (interval reaching zero or below), in the given order.

    Examples
    --------
    >>> list_redundant({"a": (0.1, 0.05, 0.2), "b": (0.01, -0.01, 0.03)})
    ['b']
    """
    return [name for name, (_, low, _) in drops.items() if not is_above_zero(low)]


def compare_with_alone(drops: dict[str, tuple[float, float, float]], alone: dict[str, float]) -> str:
    """Set the permutation ranking beside the ranking of groups fitted alone (chapter 04), and say why they differ.

    Parameters
    ----------
    drops : dict
        ``{group: (drop, low, high)}`` from permuting the group in the full model.
    alone : dict
        ``{group: test accuracy of a model on that group alone}``; empty when not measured.

    Examples
    --------
    >>> compare_with_alone({"MFCC": (0.1, 0.07, 0.13), "VGGish": (0.2, 0.16, 0.24)}, {"MFCC": 0.34, "VGGish": 0.56})
    'Both views put VGGish first: alone it is the best group (56.0%), and the full model loses the most without it.'
    >>> compare_with_alone({"MFCC": (0.01, -0.01, 0.03)}, {"MFCC": 0.4})
    'Both views put MFCC first: alone it is the best group (40.0%), and the full model loses the most without it, though not reliably: its interval includes zero.'
    >>> compare_with_alone({"MFCC": (0.0, -0.01, 0.01), "chroma": (0.02, 0.0, 0.04)}, {"MFCC": 0.45, "chroma": 0.3})
    'The two views disagree: alone, MFCC is the best group (45.0%), yet the full model loses most without chroma. A group can predict well alone and still be replaceable in the full model when other groups carry the same information (they are correlated); MFCC is such a group here: shuffling it costs nothing reliable.'
    >>> compare_with_alone({"MFCC": (0.1, 0.07, 0.13)}, {})
    'One feature group at a time was not fitted on this dataset, so the two views are not compared.'
    """
    shared = [g for g in drops if g in alone]
    if len(shared) < 1 or not alone:
        return "One feature group at a time was not fitted on this dataset, so the two views are not compared."
    best_alone = max(shared, key=lambda g: alone[g])
    best_drop = max(shared, key=lambda g: drops[g][0])
    share = f"{100 * alone[best_alone]:.1f}%"
    if best_alone == best_drop:
        sure = "" if drops[best_drop][1] > 0 else ", though not reliably: its interval includes zero"
        return (f"Both views put {best_alone} first: alone it is the best group ({share}), and the full model loses "
                f"the most without it{sure}.")
    replaceable = [g for g in list_redundant({g: drops[g] for g in shared})
                   if g != best_drop and alone[g] >= alone[best_drop]]
    text = (f"The two views disagree: alone, {best_alone} is the best group ({share}), yet the full model loses most "
            f"without {best_drop}. A group can predict well alone and still be replaceable in the full model when "
            "other groups carry the same information (they are correlated)")
    if not replaceable:
        return text + "."
    one = len(replaceable) == 1
    return (f"{text}; {join_words(replaceable)} {'is such a group' if one else 'are such groups'} here: "
            f"shuffling {'it' if one else 'each'} costs nothing reliable.")


def compare_time_and_frequency(difference: tuple[float, float, float]) -> str:
    """Say whether the network's answer depends more on which frequencies or on which moment it hears.

    Parameters
    ----------
    difference : tuple
        ``(mean, low, high)`` of, per track, the mean probability lost over band stripes minus the mean
        lost over time stripes (equal numbers of stripes), with its interval over tracks.

    Examples
    --------
    >>> compare_time_and_frequency((0.05, 0.03, 0.07))
    'Hiding a range of frequencies costs the network more than hiding a stretch of the clip (5.0 points (3.0 to 7.0) more of the true genre’s probability): like the classical models, which read statistics of the whole clip, it relies on what is heard throughout rather than on a moment.'
    >>> compare_time_and_frequency((-0.02, -0.03, -0.01)).startswith("Hiding a stretch")
    True
    >>> compare_time_and_frequency((0.001, -0.01, 0.012)).startswith("Hiding a range of frequencies and hiding")
    True
    >>> compare_time_and_frequency((0.005, 0.001, 0.009)).startswith("Hiding a range of frequencies and hiding")
    True
    """
    mean, low, high = difference
    size = f"{format_point_range(abs(mean), *sorted((abs(low), abs(high))))} more of the true genre’s probability"
    if low > 0 and mean >= MIN_PROFILE_DIFFERENCE:
        return (f"Hiding a range of frequencies costs the network more than hiding a stretch of the clip ({size}): "
                "like the classical models, which read statistics of the whole clip, it relies on what is heard "
                "throughout rather than on a moment.")
    if high < 0 and -mean >= MIN_PROFILE_DIFFERENCE:
        return (f"Hiding a stretch of the clip costs the network more than hiding a range of frequencies ({size}): "
                "unlike the classical models, which read statistics of the whole clip, it relies on moments.")
    return ("Hiding a range of frequencies and hiding a stretch of the clip cost the network about as much "
            f"(the difference, {format_point_range(mean, low, high)}, is below one point or its interval includes "
            "zero).")


def compare_band_stories(classical: dict[str, str], network: dict[str, str], *, bands: list[str]) -> str:
    """Per genre, compare the octave band each model relies on most, and say which genres had nothing to compare.

    Examples
    --------
    >>> bands = ["below 200 Hz", "200–400 Hz", "400–800 Hz"]
    >>> compare_band_stories({"Rock": "400–800 Hz"}, {"Rock": "400–800 Hz", "Pop": "below 200 Hz"}, bands=bands)
    'The two models rely most on the same octave for Rock (400–800 Hz). For Pop, shuffling one contrast band costs the classical model no recall, so there is no band of its own to compare.'
    """
    text = _compare_band_genres(classical, network, bands=bands)
    left = [g for g in network if g not in classical]
    if not classical or not left:
        return text
    return (f"{text} For {join_words(left)}, shuffling one contrast band costs the classical model no recall, so "
            "there is no band of its own to compare.")


def _compare_band_genres(classical: dict[str, str], network: dict[str, str], *, bands: list[str]) -> str:
    """Per genre, compare the octave band each model relies on most.

    Parameters
    ----------
    classical : dict
        ``{genre: band label}``: the spectral-contrast band whose shuffling costs the genre the most
        recall (genres where no band costs any recall are left out).
    network : dict
        ``{genre: band label}``: the band whose hiding costs the network the most probability.
    bands : list of str
        Band labels, low to high (neighbours are one octave apart).

    Examples
    --------
    >>> bands = ["below 200 Hz", "200–400 Hz", "400–800 Hz"]
    >>> _compare_band_genres({"Hip-Hop": "below 200 Hz", "Rock": "400–800 Hz"},
    ...                      {"Hip-Hop": "below 200 Hz", "Rock": "below 200 Hz"}, bands=bands)
    'The two models rely most on the same octave for Hip-Hop (below 200 Hz); they do not for Rock (the classical model: 400–800 Hz; the network: below 200 Hz).'
    >>> _compare_band_genres({}, {"Rock": "below 200 Hz"}, bands=bands)
    'The classical model loses no recall in any genre when one contrast band is shuffled, so there is no band story of its own to compare with the network’s.'
    """
    genres = [g for g in network if g in classical]
    if not genres:
        return ("The classical model loses no recall in any genre when one contrast band is shuffled, so there is no "
                "band story of its own to compare with the network’s.")
    same = [g for g in genres if classical[g] == network[g]]
    near = [g for g in genres if g not in same and abs(bands.index(classical[g]) - bands.index(network[g])) == 1]
    other = [g for g in genres if g not in same and g not in near]
    detail = {g: f"the classical model: {classical[g]}; the network: {network[g]}" for g in other}
    if not same and not near:
        listed = join_words([f"{g} ({detail[g]})" for g in other])
        return f"The two models rely most on different octaves for every genre compared: {listed}."
    parts = []
    if same:
        parts.append(f"the same octave for {join_words([f'{g} ({network[g]})' for g in same])}")
    if near:
        parts.append(f"{'' if not same else 'on '}neighbouring octaves for {join_words(near)}")
    text = "The two models rely most on " + "; ".join(parts)
    if other:
        text += f"; they do not for {join_words([f'{g} ({detail[g]})' for g in other])}"
    return _as_sentence(text)
