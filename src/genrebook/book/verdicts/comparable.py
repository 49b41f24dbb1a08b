"""Whether a dataset is comparable with the one a published figure was measured on, and if not, why.

Used in: every comparison with the original analysis, the FMA paper and the project's targets.
"""

from __future__ import annotations

from dataclasses import dataclass

from genrebook.book.formatting import name_group
from genrebook.book.verdicts.words import join_words
from genrebook.fma.columns import FMA_GROUPS, SMALL_GENRES


@dataclass(frozen=True)
class Comparability:
    """Whether a dataset can be compared with a figure measured elsewhere, and if not, why.

    Attributes
    ----------
    comparable : bool
    reason : str
        Empty when comparable; else a clause such as ``'the data are synthetic'``.
    """

    comparable: bool
    reason: str = ""


def check_comparable(genres, *, synthetic: bool, feature_groups=None, needs_features: bool = False
                     ) -> Comparability:
    """Check a dataset against fma_small as the original analysis and the FMA paper used it.

    Parameters
    ----------
    genres : iterable of str
        The dataset's genres.
    synthetic : bool
        Whether its audio is synthetic.
    feature_groups : iterable of str, optional
        Its feature groups (only checked with ``needs_features``).
    needs_features : bool
        The figure was measured on FMA's 518 statistics (classical models), so the features must
        be FMA's eleven groups too.

    Returns
    -------
    Comparability

    Examples
    --------
    >>> check_comparable(["Rock", "Pop"], synthetic=False).reason
    "this dataset has 2 genres, not fma_small's eight"
    >>> check_comparable(SMALL_GENRES, synthetic=False, feature_groups=["mfcc", "vggish"], needs_features=True).reason
    "its features are MFCC and VGGish, not FMA's 518 statistics in 11 groups"
    """
    genres = sorted(genres)
    if synthetic:
        return Comparability(False, "the data are synthetic")
    if set(genres) != set(SMALL_GENRES):
        return Comparability(False, f"this dataset has {len(genres)} genres, not fma_small's eight"
                             if len(genres) != len(SMALL_GENRES) else "its genres are not fma_small's eight")
    if needs_features and set(feature_groups or ()) != FMA_GROUPS:
        groups = join_words([name_group(g) for g in sorted(feature_groups or ())])
        return Comparability(False, f"its features are {groups}, not FMA's 518 statistics in 11 groups")
    return Comparability(True)


def describe_not_compared(what: str, comparability: Comparability) -> str:
    """Say that a comparison is not made, and why.

    Examples
    --------
    >>> describe_not_compared("the reported figures", Comparability(False, "the data are synthetic"))
    'It is not compared with the reported figures: the data are synthetic.'
    """
    return f"It is not compared with {what}: {comparability.reason}."


def check_comparable_with_medium(genres, *, synthetic: bool, feature_groups) -> Comparability:
    """Check a dataset against fma_medium, where the FMA paper measured its accuracies per feature set.

    Those figures need fma_medium's 16 unbalanced top genres, real audio and FMA's 518 statistics in
    11 groups; every reason that fails is given.

    Parameters
    ----------
    genres : iterable of str
        The dataset's genres.
    synthetic : bool
        Whether its audio is synthetic.
    feature_groups : iterable of str
        Its feature groups (FMA's group keys, named for readers in the reason).

    Returns
    -------
    Comparability

    Examples
    --------
    >>> check_comparable_with_medium(SMALL_GENRES, synthetic=False, feature_groups=FMA_GROUPS).reason
    "they were measured on another subset, fma_medium, with 16 unbalanced genres, and this dataset has fma_small's 8"
    >>> check_comparable_with_medium(MEDIUM_GENRES, synthetic=True, feature_groups=["mfcc", "vggish"]).reason
    "the data are synthetic; its features are MFCC and VGGish, not FMA's 518 statistics in 11 groups"
    >>> check_comparable_with_medium(MEDIUM_GENRES, synthetic=False, feature_groups=FMA_GROUPS).comparable
    True
    """
    genres, groups = set(genres), set(feature_groups or ())
    reasons = []
    if genres != set(MEDIUM_GENRES):
        mine = "fma_small's 8" if genres == set(SMALL_GENRES) else f"{len(genres)} genres"
        reasons.append(f"they were measured on another subset, fma_medium, with 16 unbalanced genres, "
                       f"and this dataset has {mine}")
    if synthetic:
        reasons.append("the data are synthetic")
    if groups != FMA_GROUPS:
        reasons.append(f"its features are {join_words([name_group(g) for g in sorted(groups)])}, "
                       "not FMA's 518 statistics in 11 groups")
    return Comparability(not reasons, "; ".join(reasons))


#: fma_medium's sixteen top-level genres, on which the FMA paper measured its per-feature-set baselines.
MEDIUM_GENRES: tuple[str, ...] = ("Blues", "Classical", "Country", "Easy Listening", "Electronic", "Experimental",
                                  "Folk", "Hip-Hop", "Instrumental", "International", "Jazz", "Old-Time / Historic",
                                  "Pop", "Rock", "Soul-RnB", "Spoken")


def check_same_input(comparability: Comparability, image: str | None, *, reported_input: str = "mfcc"
                     ) -> Comparability:
    """Narrow a dataset's comparability to a network's input: the original CNN read MFCC images.

    Parameters
    ----------
    comparability : Comparability
        The dataset's (:func:`check_comparable`).
    image : str or None
        What the network read here (``'mfcc'`` or ``'spectrogram'``); None when it did not run.
    reported_input : str
        What the reported network read.

    Examples
    --------
    >>> check_same_input(Comparability(True), "spectrogram").reason
    'it read spectrogram images here, not the MFCC images the reported network read'
    >>> check_same_input(Comparability(True), "mfcc").comparable
    True
    >>> check_same_input(Comparability(False, "the data are synthetic"), "spectrogram").reason
    'the data are synthetic'
    """
    names = {"mfcc": "MFCC images", "spectrogram": "spectrogram images"}
    if not comparability.comparable or image is None or image == reported_input:
        return comparability
    return Comparability(False, f"it read {names.get(image, image)} here, not the "
                                f"{names.get(reported_input, reported_input)} the reported network read")
