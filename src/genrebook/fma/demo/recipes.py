"""The genre recipes of the demo: which drums, bass, chords, melody and texture each genre may use,
and the per-artist *style* drawn from them (:func:`make_style`), with its mix and production.

Used in: :mod:`genrebook.fma.demo.songs`, :mod:`genrebook.fma.demo.dataset`.
"""

from __future__ import annotations

import numpy as np

#: Scales as semitone offsets from the root.
SCALES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11), "minor": (0, 2, 3, 5, 7, 8, 10), "dorian": (0, 2, 3, 5, 7, 9, 10),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10), "phrygian": (0, 1, 3, 5, 7, 8, 10), "hijaz": (0, 1, 4, 5, 7, 8, 10),
    "pentatonic": (0, 2, 4, 7, 9), "wholetone": (0, 2, 4, 6, 8, 10),
}


#: Drum patterns over one 4/4 bar of sixteenth notes, ``x`` for a hit: (kick, snare, hat).
DRUM_PATTERNS: dict[str, tuple[str, str, str]] = {
    "four": ("x...x...x...x...", "....x.......x...", "..x...x...x...x."),
    "boombap": ("x......x..x.....", "....x.......x...", "x.x.x.x.x.x.x.x."),
    "rock": ("x.....x.x.x...x.", "....x.......x...", "xxxxxxxxxxxxxxxx"),
    "pop": ("x.......x.x.....", "....x.......x...", "x.x.x.x.x.x.x.x."),
    "hand": ("x..x..x...x..x..", "..x..x.x.x..x.xx", ""),
    "shaker": ("", "", "x.xxx.xxx.xxx.xx"),
}


#: The layers of a song, in the order of a recipe's ``gains``.
LAYERS = ("drums", "bass", "chords", "melody", "texture")


#: Per genre: tempo range, scales, chord progressions (scale degree of each bar's chord), the
#: options of each layer (``None``: no such layer; repeats weigh an option), the layers' gains,
#: background noise (dB under the mix) and echo amount; ``shared``: options of each layer that the
#: genre has in common with others, which an artist picks with the chance ``OVERLAP["shared"]``.
RECIPES: dict[str, dict] = {
    "Electronic": dict(bpm=(105, 145), scales=("minor", "dorian", "phrygian"), noise=(-60, -35), reverb=(0.1, 0.4),
                       progressions=((0, 5, 2, 6), (0, 0, 5, 6), (0, 3, 0, 4)), gains=(1.0, 0.8, 0.5, 0.4, 0.2),
                       drums=("four", "four", "boombap"), bass=("saw", "saw", "sub"), chords=("pad_saw", "pad_square"),
                       melody=("arp", "arp", "lead", None), texture=(None, None, "hiss"),
                       shared=dict(drums=("pop", None), bass=("square",), chords=("strings", "piano", None),
                                   melody=("bell", "piano"), texture=("inharmonic", "vinyl"))),
    "Experimental": dict(bpm=(60, 170), scales=("wholetone", "phrygian", "hijaz"), noise=(-45, -15), reverb=(0.2, 0.6),
                         progressions=((0, 1, 3, 2), (0, 0, 0, 0)), gains=(0.8, 0.6, 0.6, 0.6, 1.0),
                         drums=("irregular", None, None), bass=(None, None, "sub"), chords=("drone", None),
                         melody=("bell", None, "piano"), texture=("bursts", "inharmonic"),
                         shared=dict(drums=("four", "hand"), bass=("saw",), chords=("pad_saw", "strings"),
                                     melody=("arp", "reed"), texture=("hiss", None))),
    "Folk": dict(bpm=(75, 120), scales=("major", "mixolydian", "pentatonic"), noise=(-60, -40), reverb=(0.1, 0.35),
                 progressions=((0, 3, 4, 0), (0, 4, 3, 0), (0, 3, 0, 4)), gains=(0.4, 0.6, 1.0, 0.6, 0.1),
                 drums=(None, None, "shaker", "hand"), bass=("pluck", None), chords=("arp", "strum", "strum"),
                 melody=("reed", "pluck", None), texture=(None,),
                 shared=dict(drums=("pop",), bass=("sub",), chords=("piano",), melody=("piano", "lead"),
                             texture=("vinyl",))),
    "Hip-Hop": dict(bpm=(75, 100), scales=("minor", "dorian"), noise=(-55, -30), reverb=(0.0, 0.2),
                    progressions=((0, 0, 5, 5), (0, 3, 0, 3), (0, 5, 3, 4)), gains=(1.2, 1.0, 0.35, 0.25, 0.2),
                    drums=("boombap", "boombap", "pop"), bass=("sub",), chords=("piano", "pad_square", "strings", None),
                    melody=(None, None, "piano"), texture=("vinyl", None),
                    shared=dict(drums=("four",), bass=("saw", "pluck"), chords=("strum", "arp"),
                                melody=("lead", "bell"), texture=("hiss",))),
    "Instrumental": dict(bpm=(55, 100), scales=("major", "minor"), noise=(-65, -35), reverb=(0.2, 0.6),
                         progressions=((0, 5, 3, 4), (0, 3, 4, 0), (0, 4, 5, 3)), gains=(0.5, 0.5, 0.8, 1.0, 0.1),
                         drums=(None, None, "shaker", "pop"), bass=(None, None, "sub"),
                         chords=("piano", "strings", "arp"),
                         melody=("piano",), texture=(None,),
                         shared=dict(drums=("hand",), bass=("pluck",), chords=("pad_saw",),
                                     melody=("reed", "pluck"), texture=("hiss",))),
    "International": dict(bpm=(85, 135), scales=("hijaz", "dorian", "phrygian"), noise=(-55, -35), reverb=(0.1, 0.4),
                          progressions=((0, 0, 0, 0), (0, 1, 0, 0), (0, 0, 6, 0)), gains=(0.9, 0.5, 0.6, 0.8, 0.1),
                          drums=("hand", "hand", "pop"), bass=(None, None, "pluck"), chords=("drone", "drone", "strum"),
                          melody=("reed", "pluck"), texture=(None,),
                          shared=dict(drums=("shaker", "four"), bass=("sub",), chords=("arp", "piano"),
                                      melody=("lead",), texture=("vinyl",))),
    "Pop": dict(bpm=(95, 130), scales=("major", "major", "mixolydian"), noise=(-60, -40), reverb=(0.1, 0.3),
                progressions=((0, 4, 5, 3), (5, 3, 0, 4), (0, 5, 3, 4)), gains=(0.9, 0.6, 0.5, 0.8, 0.1),
                drums=("pop", "pop", "four"), bass=("square", "pluck", "sub"),
                chords=("piano", "pad_square", "strum"), melody=("lead",), texture=(None,),
                shared=dict(drums=("boombap",), bass=("saw",), chords=("pad_saw", "power"),
                            melody=("piano", "pluck"), texture=("hiss",))),
    "Rock": dict(bpm=(105, 160), scales=("minor", "mixolydian", "major"), noise=(-50, -30), reverb=(0.05, 0.25),
                 progressions=((0, 6, 3, 0), (0, 5, 2, 6), (0, 3, 4, 3)), gains=(1.0, 0.6, 1.0, 0.4, 0.1),
                 drums=("rock", "rock", "pop"), bass=("square",), chords=("power", "power", "strum"),
                 melody=(None, None, "lead"),
                 texture=(None,),
                 shared=dict(drums=("four",), bass=("pluck", "saw"), chords=("piano", "pad_square"),
                             melody=("reed",), texture=("hiss",))),
}


#: Production of an artist, drawn alike in every genre: noise floor (dB under the mix), echo
#: amount, bass (200 Hz) and treble (2.5 kHz) shelves in dB, chances and ranges of a lo-fi low-pass
#: and a thin high-pass (Hz) and of saturation (drive), and compression (0: none).
PRODUCTION = dict(noise=(-65, -20), reverb=(0.0, 0.6), bass_db=(-2.0, 2.0), treble_db=(-3.0, 1.5),
                  lowpass=(0.05, (2500, 6000)), highpass=(0.05, (100, 300)), drive=(0.05, (1.5, 4.0)),
                  squash=(0.0, 0.15))


#: Version of the recipes above: a demo made with another version is made again.
RECIPE_VERSION = 3  # 3: a quarter of each genre held out for validation and for test


#: How much classes overlap: chance that an artist takes a layer from the genre's shared options;
#: per track, chances that a layer changes (within the genre's own options) and that a guest layer
#: from another genre joins; spreads (natural log) of the layers' gains per artist and per track
#: and of the timbre's brightness per artist and per track; weight of the genre-free
#: :data:`PRODUCTION` in an artist's noise floor and echo (the genre's recipe has the rest).
#: Small as they look, together they bring a linear model on FMA's 518 features from about 95 %
#: to about 70 % accuracy on the default demo.
OVERLAP = dict(shared=0.1, change=0.15, track_guest=0.1, gain_spread=0.35, track_gain=0.2, brightness=0.1,
               track_brightness=0.05, production=0.15)


def make_style(genre: str, rng: np.random.Generator, guest_probability: float = 0.4) -> dict:
    """Draw an artist's style in a genre: layer options, tempo, key, scale, progression, mix and production.

    Parameters
    ----------
    genre : str
        One of :data:`RECIPES`.
    rng : np.random.Generator
        The artist's random stream.
    guest_probability : float, optional
        Chance that one layer is borrowed from another genre's recipe.

    Returns
    -------
    dict
        Input of :func:`synthesize_track`. The production (``brightness``, ``production`` and
        part of ``noise_db`` and ``reverb``) is drawn from :data:`PRODUCTION`, alike in every genre.
    """
    if genre not in RECIPES:
        raise ValueError(f"unknown genre {genre!r}; expected one of {sorted(RECIPES)}")
    recipe = RECIPES[genre]
    layers = {}
    for name in LAYERS:
        options = recipe["shared"][name] if rng.random() < OVERLAP["shared"] else recipe[name]
        layers[name] = options[rng.integers(len(options))]
    if rng.random() < guest_probability:
        _add_guest(layers, genre, rng)
    weight, spread = OVERLAP["production"], OVERLAP["gain_spread"]
    style = dict(genre=genre, layers=layers, bpm=rng.uniform(*recipe["bpm"]), root=int(rng.integers(12)),
                 scale=recipe["scales"][rng.integers(len(recipe["scales"]))],
                 progression=recipe["progressions"][rng.integers(len(recipe["progressions"]))])
    style["gains"] = dict(zip(LAYERS, np.asarray(recipe["gains"]) * np.exp(rng.uniform(-spread, spread, len(LAYERS)))))
    style["noise_db"] = (1 - weight) * rng.uniform(*recipe["noise"]) + weight * rng.uniform(*PRODUCTION["noise"])
    style["reverb"] = (1 - weight) * rng.uniform(*recipe["reverb"]) + weight * rng.uniform(*PRODUCTION["reverb"])
    style["brightness"] = float(np.exp(rng.uniform(-1, 1) * OVERLAP["brightness"]))
    style["production"] = _make_production(rng)
    return style


def _make_production(rng: np.random.Generator) -> dict:
    """An artist's mastering chain, whatever the genre: EQ shelves, band limits, drive, compression."""
    chances, p = rng.random(3), PRODUCTION
    return dict(bass_db=rng.uniform(*p["bass_db"]), treble_db=rng.uniform(*p["treble_db"]),
                lowpass=_log_uniform(rng, *p["lowpass"][1]) if chances[0] < p["lowpass"][0] else None,
                highpass=_log_uniform(rng, *p["highpass"][1]) if chances[1] < p["highpass"][0] else None,
                drive=rng.uniform(*p["drive"][1]) if chances[2] < p["drive"][0] else 0.0,
                squash=rng.uniform(*p["squash"]))


def _log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def _add_guest(layers: dict, genre: str, rng: np.random.Generator) -> None:
    """Replace one of the four musical layers by a non-empty option of another genre's recipe."""
    others = [g for g in RECIPES if g != genre]
    name = LAYERS[rng.integers(4)]
    options = [o for o in RECIPES[others[rng.integers(len(others))]][name] if o is not None]
    if options:
        layers[name] = options[rng.integers(len(options))]
