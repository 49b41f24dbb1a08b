"""A training/validation/test split for datasets that have none, written beside ``tracks.csv``.

FMA's ``tracks.csv`` carries the official split (``set/split``); a dataset without one (a folder of
your own music, a tracks.csv from elsewhere) gets its split from :func:`make_split`: deterministic
for a seed, about 80/10/10 per genre, and never putting one artist's tracks in two parts. It is
written as ``split.csv`` with its settings in ``split.json`` (:mod:`genrebook.fma.splitfile`); the
loader uses it only where ``tracks.csv`` has no split, and an official split is never replaced.

The rules:

- Each genre is split on its own (stratified): its tracks are apportioned to the parts by the
  fractions, each held-out part getting at least one track.
- Artists are never split: an artist's tracks go to one part, counted in the genre most of them
  have, the largest artists first. A genre's last artists go to the parts it has no track in yet,
  so a genre of three artists has one in each part; of two, training and test; of one, training.
- A genre with fewer tracks than parts (1 or 2) goes entirely to training: it cannot be tested.
- Tracks without an artist are placed one by one; without any artist column, so are all tracks.

Used in: ``genrebook split``, ``genrebook import-folder``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from genrebook.fma.columns import SPLITS

#: Default shares of training, validation and test.
DEFAULT_FRACTIONS: tuple[float, float, float] = (0.8, 0.1, 0.1)


@dataclass(frozen=True)
class Split:
    """A split made by :func:`make_split`.

    Attributes
    ----------
    parts : pd.Series
        ``{track_id: 'training' | 'validation' | 'test'}``, sorted by track id.
    genres : pd.Series
        ``{track_id: genre}`` of the same tracks.
    seed : int
    fractions : tuple of float
        Target shares of training, validation and test.
    grouped_by : str
        ``'artist/id'``, ``'artist/name'`` or ``'track'`` (no artist known).
    notes : tuple of str
        What the rules did to particular genres (tiny ones, ones with too few artists).
    """

    parts: pd.Series
    genres: pd.Series
    seed: int
    fractions: tuple[float, float, float]
    grouped_by: str
    notes: tuple[str, ...] = ()

    def count(self) -> pd.DataFrame:
        """Tracks per genre (rows) and part (columns)."""
        table = pd.crosstab(self.genres.rename("genre"), self.parts)
        return table.reindex(columns=list(SPLITS), fill_value=0).rename_axis(columns=None)

    def describe(self) -> str:
        """One line: the settings and the tracks per part.

        Examples
        --------
        >>> genres = pd.Series(["Pop"] * 10, index=range(10))
        >>> make_split(genres, genres.index.astype(str).to_series(index=genres.index)).describe()
        'seed 0, 80/10/10 % per genre, split by track (no artist known): training 8, validation 1, test 1'
        """
        shares = "/".join(f"{100 * f:g}" for f in self.fractions)
        kept = "split by track (no artist known)" if self.grouped_by == "track" else \
            f"artists kept apart ({self.grouped_by})"
        counts = self.parts.value_counts().reindex(list(SPLITS), fill_value=0)
        return f"seed {self.seed}, {shares} % per genre, {kept}: " + ", ".join(f"{s} {n:,}" for s, n in counts.items())


def check_fractions(fractions) -> tuple[float, float, float]:
    """Return the three shares as floats, or raise ``ValueError`` saying what is allowed.

    Examples
    --------
    >>> check_fractions([0.7, 0.15, 0.15])
    (0.7, 0.15, 0.15)
    >>> check_fractions([0.8, 0.2])
    Traceback (most recent call last):
    ...
    ValueError: fractions must be three positive numbers (training, validation, test) summing to 1; got [0.8, 0.2]
    """
    values = list(fractions)
    message = f"fractions must be three positive numbers (training, validation, test) summing to 1; got {values}"
    if len(values) != 3 or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        raise ValueError(message)
    if not all(math.isfinite(v) and v > 0 for v in values) or abs(sum(values) - 1) > 1e-6:
        raise ValueError(message)
    return tuple(float(v) for v in values)


def check_seed(seed) -> int:
    """Return the seed, or raise ``ValueError`` unless it is a non-negative integer.

    Examples
    --------
    >>> check_seed(7)
    7
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")
    return int(seed)


def apportion(n: int, fractions: tuple[float, float, float]) -> list[int]:
    """Tracks per part for a genre of ``n`` tracks: each held-out part at least one, training the rest.

    Examples
    --------
    >>> apportion(30, (0.8, 0.1, 0.1)), apportion(5, (0.8, 0.1, 0.1)), apportion(2, (0.8, 0.1, 0.1))
    ([24, 3, 3], [3, 1, 1], [2, 0, 0])
    """
    if n < len(fractions):
        return [n] + [0] * (len(fractions) - 1)
    held = [max(1, int(math.floor(f * n + 0.5))) for f in fractions[1:]]
    while n - sum(held) < 1:  # extreme fractions: training keeps at least one track
        held[held.index(max(held))] -= 1
    return [n - sum(held)] + held


def make_groups(tracks: pd.DataFrame, *, by_artist: bool = True) -> tuple[pd.Series, str]:
    """The group of each track that must stay in one part: its artist, else the track itself.

    Parameters
    ----------
    tracks : pd.DataFrame
        FMA's two-level tracks frame (see :func:`genrebook.fma.metadata.load_tracks`).
    by_artist : bool
        Group by ``artist/id`` where it has values, else ``artist/name``; ``False``: by track.

    Returns
    -------
    groups : pd.Series
        A string key per track.
    grouped_by : str
        ``'artist/id'``, ``'artist/name'`` or ``'track'``.
    """
    own = pd.Series([f"track {t}" for t in tracks.index], index=tracks.index)
    for name in ("id", "name"):
        column = ("artist", name)
        if by_artist and column in tracks.columns and tracks[column].notna().any():
            values = tracks[column].map(lambda v: None if pd.isna(v) else str(v).strip().casefold() or None)
            return values.map(lambda v: f"artist {v}", na_action="ignore").fillna(own), f"artist/{name}"
    return own, "track"


def make_split(genres: pd.Series, groups: pd.Series, *, seed: int = 0,
               fractions=DEFAULT_FRACTIONS, grouped_by: str = "track") -> Split:
    """Split tracks into training, validation and test, by genre, never splitting a group.

    Parameters
    ----------
    genres : pd.Series
        Top-level genre per track id; tracks without one are left out of the split.
    groups : pd.Series
        Group key per track id (see :func:`make_groups`).
    seed : int
        Seed of the order in which groups of equal size are placed.
    fractions : sequence of 3 floats
        Target shares of training, validation and test.
    grouped_by : str
        What ``groups`` are, recorded in the result.

    Returns
    -------
    Split
        The same for the same tracks and seed, whatever their order.

    Examples
    --------
    >>> genres = pd.Series(["Rock"] * 5 + ["Pop"] * 10, index=range(1, 16))
    >>> split = make_split(genres, pd.Series([f"t{i}" for i in range(1, 16)], index=genres.index))
    >>> split.count().loc[["Pop", "Rock"]].to_numpy().tolist()
    [[8, 1, 1], [3, 1, 1]]
    """
    fractions, seed = check_fractions(fractions), check_seed(seed)
    genres = genres.dropna().sort_index()
    own = pd.Series([f"track {t}" for t in genres.index], index=genres.index)
    groups = groups.reindex(genres.index).astype("object").fillna(own).astype(str)  # a track without one: its own
    targets = {g: apportion(int(n), fractions) for g, n in genres.value_counts().sort_index().items()}
    counts = {g: [0] * len(SPLITS) for g in targets}
    members = {key: list(ids) for key, ids in genres.groupby(groups, sort=True).groups.items()}
    order = np.random.default_rng(seed).permutation(sorted(members)).tolist()
    order.sort(key=lambda key: -len(members[key]))  # stable: equal sizes keep the seeded order
    # the genre most of a group's tracks have is the one whose targets it counts against
    homes = {key: genres[members[key]].value_counts().sort_index().idxmax() for key in order}
    left = pd.Series(homes).value_counts().to_dict()  # groups not yet placed, per genre
    parts = {}
    for key in order:
        ids, home = sorted(members[key]), homes[key]
        deficit = [t - c for t, c in zip(targets[home], counts[home])]
        empty = [i for i, (t, c) in enumerate(zip(targets[home], counts[home])) if t > 0 and c == 0]
        # as many groups left as empty parts: each fills one; otherwise the part furthest below its target.
        # Ties go to the later part (test before validation before training).
        candidates = empty if 0 < left[home] <= len(empty) else range(len(SPLITS))
        part = max(candidates, key=lambda i: (deficit[i], i))
        left[home] -= 1
        for track_id in ids:
            parts[track_id] = SPLITS[part]
            counts[genres[track_id]][part] += 1
    result = pd.Series(parts, name="split").sort_index().rename_axis("track_id")
    return Split(result, genres, seed, fractions, grouped_by, describe_shortfalls(genres, groups, result))


def describe_shortfalls(genres: pd.Series, groups: pd.Series, parts: pd.Series) -> tuple[str, ...]:
    """Say, per genre, which parts it could not reach and why (too few tracks, too few artists)."""
    notes = []
    for genre, ids in genres.groupby(genres, sort=True).groups.items():
        missing = [s for s in SPLITS if s not in set(parts[ids])]
        if not missing:
            continue
        n, n_groups = len(ids), groups[ids].nunique()
        if n < len(SPLITS):
            notes.append(f"genre {genre!r} has {n} track{'s' * (n > 1)}, fewer than the {len(SPLITS)} parts: "
                         "all are in training, so it is never validated or tested")
        else:
            notes.append(f"genre {genre!r} has its {n} tracks by {n_groups} artist{'s' * (n_groups > 1)}, and an "
                         f"artist's tracks stay in one part: none are in {' or '.join(missing)}")
    return tuple(notes)
