"""The demo dataset's metadata: artists with names and sub-genres, track titles and dates, and an
artist-disjoint training/validation/test split, written in FMA's ``tracks.csv`` layout.

Used in: :func:`genrebook.fma.demo.dataset.make_demo_dataset`, ``bench/extract.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genrebook.fma.columns import SMALL_GENRES, SPLITS, TRACKS_COLUMNS

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


#: Share of each genre's tracks in the validation split, and again in the test split. FMA's official split
#: holds out 10 % each; the demo holds out a quarter each, so that its default 80 tracks per genre give 160
#: test tracks: intervals of about ±7 points instead of ±20.
HELD_SHARE = 0.25


def split_sizes(n_per_genre: int) -> dict[str, int]:
    """Tracks per genre in each split: :data:`HELD_SHARE` in validation and in test, at least one in each.

    Examples
    --------
    >>> split_sizes(80), split_sizes(5)
    ({'training': 40, 'validation': 20, 'test': 20}, {'training': 3, 'validation': 1, 'test': 1})
    """
    n_held = max(1, int(HELD_SHARE * n_per_genre + 0.5))
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
        the order of :data:`genrebook.fma.columns.TRACKS_COLUMNS`. Each artist has 1 to 6 tracks of
        one genre, all in one split.
    """
    rng = make_rng(seed, 0)
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


def make_rng(seed: int, *key: int) -> np.random.Generator:
    """Independent random stream for a purpose (0: metadata, 1: a track, 2: an artist) and an id."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))

