"""Small vectorised synthesizers and the genre recipes behind the synthetic demo dataset.

The primitives (drums, oscillators, a Karplus-Strong plucked string, a piano-like tone, an
inharmonic bell, echoes) each render one sound as a numpy array. A *style*, drawn per artist by
:func:`make_style`, picks for each layer of a song (drums, bass, chords, melody, texture) one of
the options its genre's recipe in :data:`RECIPES` allows, plus a tempo, key, scale and mix;
:func:`synthesize_track` renders one track with some random variation around that style.
Full-length buffers are float32: half the memory traffic, and under numpy's huge-page threshold
for 30 s clips, which makes synthesis about twice as fast.

Used in: :mod:`genrebook.demo`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import signal

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
RECIPE_VERSION = 2
#: How much classes overlap: chance that an artist takes a layer from the genre's shared options;
#: per track, chances that a layer changes (within the genre's own options) and that a guest layer
#: from another genre joins; spreads (natural log) of the layers' gains per artist and per track
#: and of the timbre's brightness per artist and per track; weight of the genre-free
#: :data:`PRODUCTION` in an artist's noise floor and echo (the genre's recipe has the rest).
#: Small as they look, together they bring a linear model on FMA's 518 features from about 95 %
#: to about 70 % accuracy on the default demo.
OVERLAP = dict(shared=0.1, change=0.15, track_guest=0.1, gain_spread=0.35, track_gain=0.2, brightness=0.1,
               track_brightness=0.05, production=0.15)


def midi_to_hz(midi: float | np.ndarray) -> float | np.ndarray:
    """Convert MIDI note numbers to frequencies in Hz (A4 = 69 = 440 Hz)."""
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=float) - 69.0) / 12.0)


def make_envelope(n: int, sr: int, attack: float = 0.005, decay: float = 4.0, release: float = 0.01) -> np.ndarray:
    """Linear attack (s), exponential decay (``decay`` per second) and linear release (s) over ``n`` samples."""
    env = np.exp(-decay * np.arange(n) / sr)
    a, r = min(n, max(1, int(attack * sr))), min(n, max(1, int(release * sr)))
    env[:a] *= np.linspace(0.0, 1.0, a)
    env[n - r:] *= np.linspace(1.0, 0.0, r)
    return env


def make_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """White float32 noise of unit variance (uniform: several times faster to draw than Gaussian)."""
    return (rng.random(n, dtype=np.float32) - np.float32(0.5)) * np.float32(np.sqrt(12.0))


def filter_band(x: np.ndarray, sr: int, low: float | None = None, high: float | None = None) -> np.ndarray:
    """Second-order Butterworth high-pass (``low``), low-pass (``high``) or band-pass (both); keeps the dtype."""
    nyquist = 0.45 * sr
    if low is not None and high is not None:
        sos = signal.butter(2, [min(low, 0.9 * nyquist), min(high, nyquist)], "bandpass", fs=sr, output="sos")
    elif low is not None:
        sos = signal.butter(2, min(low, nyquist), "highpass", fs=sr, output="sos")
    else:
        sos = signal.butter(2, min(high, nyquist), "lowpass", fs=sr, output="sos")
    return signal.sosfilt(sos.astype(x.dtype), x)


def synthesize_oscillator(freq: float, n: int, sr: int, kind: str = "sine", vibrato: float = 0.0) -> np.ndarray:
    """A ``sine``, ``saw``, ``square`` or ``triangle`` wave, with optional 5 Hz vibrato (relative depth)."""
    t = np.arange(n) / sr
    phase = np.cumsum(freq * (1.0 + vibrato * np.sin(2 * np.pi * 5.0 * t))) / sr if vibrato else freq * t
    frac = phase % 1.0
    if kind == "saw":
        return 2.0 * frac - 1.0
    if kind == "square":
        return np.where(frac < 0.5, 1.0, -1.0)
    if kind == "triangle":
        return 4.0 * np.abs(frac - 0.5) - 1.0
    return np.sin(2 * np.pi * phase)


def synthesize_pluck(freq: float, n: int, sr: int, rng: np.random.Generator, t60: float = 1.5) -> np.ndarray:
    """Karplus-Strong plucked string (decaying to -60 dB in ``t60`` s), computed a period at a time.

    Each period is the previous one through the loop's two-point average, so period ``k`` is the
    initial noise burst filtered ``k`` times: one FFT product for all periods, no sample loop.
    """
    period = max(2, int(round(sr / freq - 0.5)))
    gain = 0.001 ** (period / (t60 * sr))
    spectrum = np.fft.rfft(rng.uniform(-1.0, 1.0, period))
    loop = gain * 0.5 * (1.0 + np.exp(-2j * np.pi * np.arange(spectrum.size) / period))
    powers = loop[None, :] ** np.arange(-(-n // period))[:, None]
    return np.fft.irfft(spectrum[None, :] * powers, n=period, axis=1).ravel()[:n]


def _partials(freqs: np.ndarray, amps: np.ndarray, decays: np.ndarray, n: int, sr: int) -> np.ndarray:
    """Sum of exponentially decaying sines (float32 inside: the (n, partials) products dominate)."""
    t = (np.arange(n, dtype=np.float32) / np.float32(sr))[:, None]
    amps = np.where(freqs < 0.45 * sr, amps, 0.0).astype(np.float32)
    waves = np.sin(np.float32(2 * np.pi) * freqs.astype(np.float32) * t) * np.exp(-decays.astype(np.float32) * t)
    return (waves * amps).sum(axis=1, dtype=float)


def synthesize_piano(freq: float, n: int, sr: int, brightness: float = 0.6) -> np.ndarray:
    """Piano-like tone: slightly stretched harmonics, the higher ones fainter and decaying faster."""
    k = np.arange(1, 7)
    tone = _partials(freq * k * np.sqrt(1.0 + 4e-4 * k**2), brightness ** (k - 1) / k,
                     (1.0 + 0.6 * k) * (freq / 261.6) ** 0.5, n, sr)
    return tone * make_envelope(n, sr, attack=0.002, decay=0.0, release=0.05)


def synthesize_bell(freq: float, n: int, sr: int, rng: np.random.Generator) -> np.ndarray:
    """Inharmonic, metallic tone with randomly detuned partial ratios."""
    ratios = np.array([1.0, 2.76, 5.40, 8.93]) * rng.uniform(0.9, 1.1, 4)
    return _partials(freq * ratios, 1.0 / np.arange(1, 5), 2.0 * ratios**0.5, n, sr)


def synthesize_drum(kind: str, sr: int, rng: np.random.Generator, tone: float = 1.0) -> np.ndarray:
    """One hit of a ``kick``, ``snare``, ``hat``, ``open_hat``, or hand drum ``dum`` (low) or ``tek`` (high).

    ``tone`` (about 1) scales the kit's pitches and cutoffs: below 1 a darker, duller kit.
    """
    n = int({"kick": 0.4, "snare": 0.25, "hat": 0.06, "open_hat": 0.3, "dum": 0.35, "tek": 0.1}[kind] * sr)
    t = np.arange(n) / sr
    if kind in ("kick", "dum"):  # a sine whose pitch falls quickly
        high, low = tone * rng.uniform(120, 180), tone * rng.uniform(40, 60)
        if kind == "dum":
            high, low = 1.5 * high, 2.5 * low
        freq = low + (high - low) * np.exp(-35.0 * t)
        return np.sin(2 * np.pi * np.cumsum(freq) / sr) * make_envelope(n, sr, 0.001, 9.0 if kind == "kick" else 12.0)
    noise = make_noise(rng, n).astype(float)
    if kind == "snare":
        body = np.sin(2 * np.pi * tone * rng.uniform(170, 220) * t) * np.exp(-30.0 * t)
        return 0.5 * body + filter_band(noise, sr, 1000 * tone, 6000 * tone) * make_envelope(n, sr, 0.001, 18.0)
    if kind == "tek":
        return filter_band(noise, sr, 1500 * tone, 4500 * tone) * make_envelope(n, sr, 0.001, 45.0)
    return filter_band(noise, sr, low=min(0.3 * tone, 0.4) * sr) * make_envelope(n, sr, 0.001,
                                                                               70.0 if kind == "hat" else 12.0)


def apply_reverb(x: np.ndarray, sr: int, rng: np.random.Generator, amount: float, time: float = 1.2) -> np.ndarray:
    """Add ``amount`` of a cheap room: eight echoes at random delays, fading to -60 dB over ``time`` s."""
    if amount <= 0:
        return x
    wet = np.zeros_like(x)
    delays = np.sort(rng.integers(int(0.01 * sr), int(0.25 * sr), 8))
    for delay, gain in zip(delays.tolist(), np.exp(-6.9 * delays / (time * sr)).tolist()):
        wet[delay:] += gain * x[:-delay]
    return x + amount * wet * (_rms(x) / max(_rms(wet), 1e-12))


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.dot(x, x) / x.size)) if x.size else 0.0


def place(buffer: np.ndarray, sound: np.ndarray, onsets: np.ndarray, gains: float | np.ndarray = 1.0) -> None:
    """Add ``sound`` into ``buffer`` at each onset (in samples) times its gain; cut at the end.

    One vectorised slice addition per onset: events are looped over, never samples.
    """
    onsets = np.asarray(onsets, dtype=np.int64)
    for start, gain in zip(onsets.tolist(), np.broadcast_to(gains, onsets.shape).tolist()):
        stop = min(buffer.size, start + sound.size)
        if stop > start:
            buffer[start:stop] += gain * sound[: stop - start]


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


def _shelf(freq: float, gain_db: float, sr: int, high: bool) -> np.ndarray:
    """One second-order section of a low or high shelving filter (RBJ's cookbook, slope 1)."""
    a, w = 10 ** (gain_db / 40), 2 * np.pi * freq / sr
    cos, alpha = np.cos(w), np.sin(w) / np.sqrt(2)
    sign, root = (-1 if high else 1), 2 * np.sqrt(a) * alpha
    b = a * np.array([(a + 1) - sign * (a - 1) * cos + root, 2 * sign * ((a - 1) - sign * (a + 1) * cos),
                      (a + 1) - sign * (a - 1) * cos - root])
    den = np.array([(a + 1) + sign * (a - 1) * cos + root, -2 * sign * ((a - 1) + sign * (a + 1) * cos),
                    (a + 1) + sign * (a - 1) * cos - root])
    return np.concatenate([b, den]) / den[0]


def apply_production(x: np.ndarray, sr: int, rng: np.random.Generator, production: dict) -> np.ndarray:
    """Master a mix: compression, saturation, then bass and treble shelves and band limits in one filter.

    Each setting of the artist's ``production`` (see :func:`make_style`) moves a little per track.
    """
    squash = production["squash"] * rng.uniform(0.7, 1.3)
    block = 1024
    if squash > 0.05 and x.size >= 4 * block:  # block-wise gain riding: louder blocks turned down
        m = x.size // block
        level = np.sqrt(np.mean(x[: m * block].reshape(m, block) ** 2, axis=1) + 1e-12)
        level = np.convolve(level, np.ones(4) / 4, mode="same")
        gain = ((level / level.mean() + 0.05) ** -squash).astype(np.float32)
        ramp = np.arange(block, dtype=np.float32) / np.float32(block)  # linear between block gains
        ramps = (gain[:-1, None] + (gain[1:] - gain[:-1])[:, None] * ramp).ravel()
        x = x * np.concatenate([ramps, np.full(x.size - ramps.size, gain[-1], np.float32)])
    if production["drive"]:
        x = np.tanh(production["drive"] * rng.uniform(0.8, 1.25) / max(np.abs(x).max(), 1e-9) * x)
    sections = [_shelf(200, production["bass_db"] + rng.uniform(-2, 2), sr, high=False),
                _shelf(2500, production["treble_db"] + rng.uniform(-2, 2), sr, high=True)]
    if production["lowpass"]:
        cutoff = min(production["lowpass"] * rng.uniform(0.9, 1.1), 0.45 * sr)  # below Nyquist at any rate
        sections.append(signal.butter(2, cutoff, "lowpass", fs=sr, output="sos")[0])
    if production["highpass"]:
        cutoff = min(production["highpass"] * rng.uniform(0.9, 1.1), 0.45 * sr)
        sections.append(signal.butter(2, cutoff, "highpass", fs=sr, output="sos")[0])
    return signal.sosfilt(np.array(sections, dtype=x.dtype), x)


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
