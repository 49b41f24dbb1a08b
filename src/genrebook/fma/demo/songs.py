"""Rendering one demo track from an artist's style: each layer's notes and sounds, mixed and produced.

Full-length buffers are float32: half the memory traffic, and under numpy's huge-page threshold
for 30 s clips, which makes synthesis about twice as fast.

Used in: :mod:`genrebook.fma.demo.dataset`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from genrebook.fma.demo.recipes import DRUM_PATTERNS, LAYERS, OVERLAP, RECIPES, SCALES, _add_guest
from genrebook.fma.demo.sounds import (
    _rms,
    apply_production,
    apply_reverb,
    filter_band,
    make_envelope,
    make_noise,
    midi_to_hz,
    place,
    synthesize_bell,
    synthesize_drum,
    synthesize_oscillator,
    synthesize_piano,
    synthesize_pluck,
)


@dataclass
class _Song:
    """The frame of one track: length (samples), tempo, key, chord progression, random stream, timbre."""

    sr: int
    n: int
    bpm: float
    root: int
    scale: tuple[int, ...]
    progression: tuple[int, ...]
    rng: np.random.Generator
    bright: float = 1.0

    @property
    def step(self) -> float:
        """Samples per sixteenth note."""
        return 60.0 / self.bpm / 4.0 * self.sr

    def midi(self, degree: int | np.ndarray, octave: int) -> np.ndarray:
        """MIDI numbers of scale degrees (any integers) from the root's octave (C2 = octave 2)."""
        degree, size = np.asarray(degree), len(self.scale)
        return self.root + 12 * (octave + 1 + degree // size) + np.asarray(self.scale)[degree % size]

    def onsets(self, pattern: str, swing: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Sample positions and bar numbers of a 16-step pattern repeated over the track.

        ``swing`` delays the off-beat eighths by that fraction of a sixteenth.
        """
        steps = np.array([i for i, c in enumerate(pattern) if c == "x"], dtype=np.int64)
        bars = np.arange(int(np.ceil(self.n / (16 * self.step))))
        grid = (bars[:, None] * 16 + steps[None, :]).ravel()
        times = (grid + swing * (grid % 4 == 2)) * self.step
        keep = times < self.n
        return times[keep].astype(np.int64), np.repeat(bars, steps.size)[keep]

    def chord(self, bars: np.ndarray) -> np.ndarray:
        """Scale degrees of the triad of each bar, shape (n_bars, 3)."""
        roots = np.asarray(self.progression)[np.asarray(bars) % len(self.progression)]
        return roots[:, None] + np.array([0, 2, 4])[None, :]


#: Note voices: ``(freq, n, sr, rng, bright) -> samples``; ``bright`` (about 1) scales their cutoffs.
_VOICES = {
    "saw_bass": lambda f, n, sr, rng, b: filter_band(synthesize_oscillator(f, n, sr, "saw"), sr, high=700 * b)
    * make_envelope(n, sr, 0.005, 3.0),
    "sub": lambda f, n, sr, rng, b: synthesize_oscillator(f, n, sr) * make_envelope(n, sr, 0.01, 1.0, 0.05),
    "square_bass": lambda f, n, sr, rng, b: filter_band(synthesize_oscillator(f, n, sr, "square"), sr, high=1200 * b)
    * make_envelope(n, sr, 0.005, 2.0),
    "short_pluck": lambda f, n, sr, rng, b: synthesize_pluck(f, n, sr, rng, t60=0.8 * b),
    "pluck": lambda f, n, sr, rng, b: synthesize_pluck(f, n, sr, rng, t60=1.5 * b),
    "pad_saw": lambda f, n, sr, rng, b: synthesize_oscillator(f * rng.uniform(0.995, 1.005), n, sr, "saw")
    * make_envelope(n, sr, 0.08, 0.3, 0.1),
    "pad_square": lambda f, n, sr, rng, b: synthesize_oscillator(f, n, sr, "square")
    * make_envelope(n, sr, 0.05, 0.5, 0.1),
    "strings": lambda f, n, sr, rng, b: synthesize_oscillator(f, n, sr, "triangle", 0.004)
    * make_envelope(n, sr, 0.3, 0.0, 0.3),
    "piano": lambda f, n, sr, rng, b: synthesize_piano(f, n, sr, min(0.85, 0.6 * b)),
    "soft_piano": lambda f, n, sr, rng, b: synthesize_piano(f, n, sr, min(0.8, 0.5 * b)),
    "power": lambda f, n, sr, rng, b: synthesize_oscillator(f, n, sr, "saw") * make_envelope(n, sr, 0.003, 1.5),
    "blip": lambda f, n, sr, rng, b: synthesize_oscillator(f, n, sr, "square") * make_envelope(n, sr, 0.002, 12.0 / b),
    "reed": lambda f, n, sr, rng, b: filter_band(synthesize_oscillator(f, n, sr, "square", 0.01), sr, high=2500 * b)
    * make_envelope(n, sr, 0.04, 0.5, 0.05),
    **{f"lead_{kind}": (lambda f, n, sr, rng, b, kind=kind: synthesize_oscillator(f, n, sr, kind, 0.004)
                        * make_envelope(n, sr, 0.01, 1.0, 0.03)) for kind in ("square", "triangle", "saw")},
}


#: Note layers: (pattern, note length in sixteenths, octave, voice); melodies add the chance of a note.
_BASS = {"saw": ("..x...x...x...x.", 2, 2, "saw_bass"), "sub": ("x......x..x.....", 6, 1, "sub"),
         "square": ("x.x.x.x.x.x.x.x.", 2, 2, "square_bass"), "pluck": ("x.......x.......", 8, 2, "short_pluck")}


_CHORDS = {"pad_saw": ("x...............", 16, 3, "pad_saw"), "pad_square": ("x...............", 16, 3, "pad_square"),
           "strings": ("x...............", 16, 3, "strings"), "piano": ("x.......x.......", 8, 3, "piano"),
           "power": ("x.x.x.x.x.x.x.x.", 2, 2, "power"), "arp": ("x.x.x.x.x.x.x.x.", 4, 3, "pluck"),
           "strum": ("x..x..x.x..x..x.", 6, 3, "pluck")}


_MELODY = {"arp": ("xxxxxxxxxxxxxxxx", 1, 4, "blip", 0.9), "lead": ("x.x.x.x.x.x.x.x.", 2, 5, "lead", 0.6),
           "piano": ("x...x...x...x...", 4, 4, "soft_piano", 0.6), "pluck": ("x.x.x.x.x.x.x.x.", 2, 4, "pluck", 0.7),
           "reed": ("x.x.x.x.x.x.x.x.", 2, 4, "reed", 0.5)}


def _notes(song: _Song, midis: np.ndarray, onsets: np.ndarray, steps: int, voice: str) -> np.ndarray:
    """Render a voice once per distinct pitch (``steps`` sixteenths long) and place it at its onsets."""
    out, n = np.zeros(song.n, np.float32), int(steps * song.step)
    for midi in np.unique(midis):
        sound = _VOICES[voice](float(midi_to_hz(midi)), n, song.sr, song.rng, song.bright)
        place(out, sound, onsets[midis == midi], song.rng.uniform(0.8, 1.0))
    return out


def _scatter(song: _Song, rate: float, make_sound) -> np.ndarray:
    """Six sounds from ``make_sound()``, each struck at random times (``rate`` hits per second in all)."""
    out = np.zeros(song.n, np.float32)
    starts = song.rng.uniform(0, song.n, song.rng.poisson(rate * song.n / song.sr)).astype(np.int64)
    for i in range(6):
        place(out, make_sound(), starts[i::6], song.rng.uniform(0.3, 1.0, starts[i::6].size))
    return out


def _drums(song: _Song, option: str) -> np.ndarray:
    rng, sr, out = song.rng, song.sr, np.zeros(song.n, np.float32)
    if option == "irregular":
        for kind in ("kick", "snare", "hat", "tek"):
            hits = rng.uniform(0, song.n, rng.poisson(rng.uniform(0.3, 2.0) * song.n / sr))
            place(out, synthesize_drum(kind, sr, rng, song.bright), hits, rng.uniform(0.3, 1.0, hits.size))
        return out
    kinds = ("dum", "tek", "hat") if option == "hand" else ("kick", "snare", "open_hat" if option == "four" else "hat")
    swing = rng.uniform(0.2, 0.6) if option == "boombap" else rng.uniform(0.0, 0.3) * (rng.random() < 0.3)
    for pattern, kind, gain in zip(DRUM_PATTERNS[option], kinds, (1.0, 0.8, 0.3)):
        starts, _ = song.onsets(pattern, swing)
        place(out, synthesize_drum(kind, sr, rng, song.bright), starts, gain * rng.uniform(0.8, 1.0, starts.size))
    if option == "rock":  # a snare fill closes every fourth bar, a crash opens the next
        fill, bars = song.onsets("............xxxx")
        place(out, synthesize_drum("snare", sr, rng, song.bright), fill[bars % 4 == 3], 0.6)
        crash, bars = song.onsets("x...............")
        place(out, synthesize_drum("open_hat", sr, rng, song.bright), crash[bars % 4 == 0], 1.5)
    return out


def _bass(song: _Song, option: str) -> np.ndarray:
    pattern, steps, octave, voice = _BASS[option]
    starts, bars = song.onsets(pattern)
    return _notes(song, song.midi(song.chord(bars)[:, 0], octave), starts, steps, voice)


def _chords(song: _Song, option: str) -> np.ndarray:
    rng, sr = song.rng, song.sr
    if option == "drone":  # a one-second loop (whole numbers of cycles: it tiles seamlessly) under a slow swell
        f0 = float(midi_to_hz(song.midi(0, 2)))
        loop = sum(synthesize_oscillator(round(f0 * r), 2 * sr, sr, "saw") for r in (1, 1.5, 2))
        loop = filter_band(loop, sr, high=song.bright * rng.uniform(600, 2000))[sr:].astype(np.float32)
        swell = np.sin(np.float32(2 * np.pi * rng.uniform(0.1, 0.5) / sr) * np.arange(song.n, dtype=np.float32))
        return np.resize(loop, song.n) * (1 + 0.3 * swell)
    pattern, steps, octave, voice = _CHORDS[option]
    starts, bars = song.onsets(pattern)
    degrees = song.chord(bars)
    if option == "arp":  # one chord tone per onset, in a picking order
        degrees = degrees[np.arange(bars.size), np.array([0, 1, 2, 1, 0, 2, 1, 2])[np.arange(bars.size) % 8]][:, None]
    elif option == "power":  # root and fifth
        degrees = degrees[:, [0, 0]] + np.array([0, 4])
    lag = int(0.012 * sr) if option == "strum" else 0
    out = sum(_notes(song, song.midi(degrees[:, i], octave), starts + i * lag, steps, voice)
              for i in range(degrees.shape[1]))
    if option == "power":  # distortion, then a dark cabinet
        drive = rng.uniform(4, 12) / max(np.abs(out).max(), 1e-9)
        out = filter_band(np.tanh(drive * out), sr, high=song.bright * rng.uniform(2000, 5000))
    elif option.startswith("pad"):
        out = filter_band(out, sr, high=song.bright * rng.uniform(600, 4000))
    return out


def _melody(song: _Song, option: str) -> np.ndarray:
    rng, sr = song.rng, song.sr
    if option == "bell":
        return _scatter(song, rng.uniform(0.3, 1.5),
                        lambda: synthesize_bell(rng.uniform(150, 2500), int(rng.uniform(0.3, 2.5) * sr), sr, rng))
    pattern, steps, octave, voice, density = _MELODY[option]
    starts, bars = song.onsets(pattern)
    index = np.arange(bars.size)
    if option == "arp":  # chord tones going up, an octave higher in the second half of each eight
        degrees = song.chord(bars)[index, index % 3] + 7 * (index % 8 >= 4)
    else:  # a bounded random walk around each bar's chord root
        degrees = song.chord(bars)[:, 0] + np.clip(np.cumsum(rng.integers(-2, 3, bars.size)), -3, 7)
    if voice == "lead":
        voice = f"lead_{rng.choice(['square', 'triangle', 'saw'])}"
    keep = rng.random(bars.size) < density
    return _notes(song, song.midi(degrees[keep], octave), starts[keep], steps, voice)


def _texture(song: _Song, option: str) -> np.ndarray:
    rng, sr = song.rng, song.sr
    if option == "hiss":
        return filter_band(make_noise(rng, song.n), sr, low=3000)
    if option == "vinyl":  # clicks over a dull hiss
        out = np.zeros(song.n, np.float32)
        clicks = rng.uniform(0, song.n, rng.poisson(15 * song.n / sr)).astype(np.int64)
        place(out, np.array([1.0, -0.6, 0.3]), clicks, rng.uniform(0.2, 1.0, clicks.size))
        return out + 0.05 * filter_band(make_noise(rng, song.n), sr, high=3000)
    if option == "bursts":  # band-limited noise, fading in or out

        def burst() -> np.ndarray:
            n, low = int(rng.uniform(0.05, 1.0) * sr), rng.uniform(100, 4000)
            ramp = np.linspace(*rng.permutation([0.0, 1.0]), n)
            return filter_band(make_noise(rng, n), sr, low, low * rng.uniform(1.5, 4)) * ramp

        return _scatter(song, rng.uniform(0.5, 2.0), burst)
    return _scatter(song, rng.uniform(0.5, 2.0),
                    lambda: synthesize_bell(rng.uniform(60, 1500), int(rng.uniform(0.05, 1.0) * sr), sr, rng))


_RENDER = {"drums": _drums, "bass": _bass, "chords": _chords, "melody": _melody, "texture": _texture}


def synthesize_track(style: dict, rng: np.random.Generator, duration: float, sr: int) -> np.ndarray:
    """Render one mono track in an artist's ``style`` (see :func:`make_style`).

    Parameters
    ----------
    style : dict
        From :func:`make_style`; each layer may still change, a guest layer from another genre
        may join (chances in :data:`OVERLAP`), and the timbre, mix and production move a little
        per track, so that classes overlap.
    rng : np.random.Generator
        The track's random stream: it alone decides everything not in ``style``.
    duration : float
        Seconds.
    sr : int
        Sample rate.

    Returns
    -------
    np.ndarray [shape=(round(duration * sr),)]
        float32 samples, peak between 0.3 and 0.85.
    """
    recipe, layers = RECIPES[style["genre"]], dict(style["layers"])
    for name in LAYERS:
        if rng.random() < OVERLAP["change"]:
            layers[name] = recipe[name][rng.integers(len(recipe[name]))]
    if rng.random() < OVERLAP["track_guest"]:
        _add_guest(layers, style["genre"], rng)
    if all(option is None for option in layers.values()):
        layers["chords"] = "piano"
    song = _Song(sr=sr, n=int(round(duration * sr)), bpm=style["bpm"] * rng.uniform(0.94, 1.06),
                 root=style["root"] if rng.random() < 0.6 else int(rng.integers(12)), scale=SCALES[style["scale"]],
                 progression=style["progression"], rng=rng,
                 bright=style["brightness"] * float(rng.lognormal(0, OVERLAP["track_brightness"])))
    mix = np.zeros(song.n, np.float32)
    for name, option in layers.items():
        if option is not None:
            layer = _RENDER[name](song, option)
            mix += style["gains"][name] * rng.lognormal(0.0, OVERLAP["track_gain"]) * layer / max(_rms(layer), 1e-9)
    mix += make_noise(rng, song.n) * max(_rms(mix), 0.1) * 10 ** ((style["noise_db"] + rng.uniform(-5, 5)) / 20)
    mix = apply_production(mix, sr, rng, style["production"])
    mix = apply_reverb(mix, sr, rng, style["reverb"] * rng.uniform(0.7, 1.3))
    return (mix * rng.uniform(0.3, 0.85) / max(np.abs(mix).max(), 1e-9)).astype(np.float32)
