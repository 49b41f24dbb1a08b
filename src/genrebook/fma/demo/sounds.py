"""Small vectorised synthesizers: drums, oscillators, a Karplus-Strong plucked string, a piano-like
tone, an inharmonic bell, filters, reverb and production (each renders one sound as a numpy array).

Used in: :mod:`genrebook.fma.demo.songs`.
"""

from __future__ import annotations

import numpy as np
from scipy import signal


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
