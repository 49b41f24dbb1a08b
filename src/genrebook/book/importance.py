"""What chapter 06 fits once and its results builders read: the classical model chapter 03 chose, refitted,
with its permutation importances; the logistic regression's coefficients; the network's occlusions.

Used in: 06_what_models_hear (through :mod:`genrebook.book.pages.importance`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import soundfile
from threadpoolctl import threadpool_limits

from genrebook.book.classical import choose_model
from genrebook.book.results import load_results, load_runs
from genrebook.cnn import occlusion
from genrebook.cnn import train as cnn_train
from genrebook.cnn.workflow import TrainedNetwork, load_or_train_networks
from genrebook.fma.audio import FMA_CLIP_SECONDS
from genrebook.fma.dataset import read_dataset_info
from genrebook.models.evaluation import split_features
from genrebook.models.featurewise import compare_feature_subsets, make_feature_subsets
from genrebook.models.importance import (
    Importance,
    compute_grouped_importance,
    tabulate_coefficients,
)
from genrebook.models.pipelines import CLASSICAL_MODELS, make_classical_pipeline
from genrebook.models.tuning import tune_and_evaluate

#: Upper edges (Hz) of the octave bands of FMA's spectral-contrast statistics (librosa's
#: ``spectral_contrast`` with ``fmin=200``, ``n_bands=6``): band 1 is below 200 Hz, band 7 above 6.4 kHz.
CONTRAST_EDGES = (0.0, 200.0, 400.0, 800.0, 1600.0, 3200.0, 6400.0)


#: Half the sample rate of FMA's clips (44.1 kHz): the top of an image whose audio is not at hand.
FMA_FMAX = 22050.0


def find_clip_seconds(ds) -> float:
    """Length of the clips the images span: the dataset's own record (the demo's), else FMA's 30 s."""
    duration = read_dataset_info(ds.path).get("duration")
    return float(duration) if isinstance(duration, (int, float)) and duration > 0 else FMA_CLIP_SECONDS


@dataclass(frozen=True)
class ClassicalImportance:
    """The chosen classical model refitted on training, and what it relies on on the test split.

    Attributes
    ----------
    key : str
        Model key (:data:`genrebook.models.pipelines.CLASSICAL_MODELS`).
    chosen_by : str
        ``'chapter 03'`` when read from this run's chapter 03, else ``'validation'`` (chosen here).
    params : dict
    groups, statistics : Importance
        Permuting one feature group, or one statistic across every group.
    contrast : Importance or None
        Permuting one spectral-contrast band (all its statistics), where the features have them.
    coefficients : pd.DataFrame or None
        The tuned logistic regression's standardised coefficients (genres × features).
    logreg_params : dict
    alone : dict
        ``{group: test accuracy}`` of the logistic regression on each group alone (chapter 04's fits).
    columns : pd.MultiIndex
    n_test : int
    seconds : float
    """

    key: str
    chosen_by: str
    params: dict
    groups: Importance
    statistics: Importance
    contrast: Importance | None
    coefficients: pd.DataFrame
    logreg_params: dict
    alone: dict
    columns: pd.MultiIndex
    n_test: int
    seconds: float


def read_chosen_model(ds, run_dir) -> tuple[str | None, dict]:
    """The model chapter 03 of the same run chose, when it ran on this dataset, and every model's chosen
    parameters it recorded (``(None, {})`` when it did not run here)."""
    results, runs = load_results(run_dir), load_runs(run_dir)
    record = runs.get("03_classical_models", {})
    key = results.get("03_classical_models.best_model_key")
    same = (record.get("dataset_name") == ds.name and not record.get("explained")
            and Path(str(record.get("dataset", ""))).name == Path(ds.path).name)
    if not same or key not in CLASSICAL_MODELS:
        return None, {}
    try:
        chosen = json.loads(results.get("03_classical_models.chosen_params", "{}"))
    except (TypeError, ValueError):  # an older run without the record: the parameters are searched again
        chosen = {}
    return key, chosen if isinstance(chosen, dict) else {}


def _fit(key: str, parts: dict, *, params: dict | None, search: str, seed: int, jobs: int) -> tuple[dict, object]:
    """Fit ``key`` on training with ``params``, or with the parameters its validation search chooses."""
    if params is None:
        table, _, _ = tune_and_evaluate([key], parts, search=search, seed=seed, jobs=jobs)
        params = dict(table.loc[key, "params"])
    model = make_classical_pipeline(key, seed=seed, **params)
    X, y = parts["training"]
    with threadpool_limits(limits=1):
        model.fit(np.asarray(X, dtype=float), np.asarray(y))
    return params, model


def make_contrast_units(columns: pd.MultiIndex) -> dict[str, tuple[int, ...]]:
    """Positions of each spectral-contrast band's statistics (``{'1': (...), ...}``; empty without them)."""
    feature, number = columns.get_level_values("feature"), columns.get_level_values("number")
    units = {}
    for position in np.flatnonzero(np.asarray(feature) == "spectral_contrast"):
        units.setdefault(str(int(number[position])), []).append(int(position))
    return {band: tuple(units[band]) for band in sorted(units, key=int)}


def fit_importance(ds, *, run_dir, search: str, repeats: int, seed: int, jobs: int) -> ClassicalImportance:
    """Refit chapter 03's chosen model (choosing it here on validation when chapter 03 did not run) and the
    tuned logistic regression; permute each unit of the test features.

    Parameters
    ----------
    ds : genrebook.fma.dataset.Dataset
    run_dir : path-like
        The run folder whose ``results.json`` holds chapter 03's choice.
    search : {'quick', 'full'}
        The hyperparameter search (chapter 03's, for the same choice of parameters).
    repeats : int
        Shuffles per unit.
    seed, jobs : int
    """
    start = time.perf_counter()
    parts = split_features(ds.features, ds.tracks)
    key, chosen = read_chosen_model(ds, run_dir)
    chosen_by = "chapter 03"
    if key is None:
        table, _, _ = tune_and_evaluate(list(CLASSICAL_MODELS), parts, search=search, seed=seed, jobs=jobs)
        key, chosen_by = choose_model(table, len(parts["validation"][1])), "validation"
        chosen = {k: dict(table.loc[k, "params"]) for k in table.index}
    fit = {"search": search, "seed": seed, "jobs": jobs}
    params, model = _fit(key, parts, params=chosen.get(key), **fit)
    logreg_params, logreg = (params, model) if key == "logreg" else _fit("logreg", parts, params=chosen.get("logreg"),
                                                                         **fit)
    X, y = np.asarray(parts["test"][0], dtype=float), parts["test"][1].to_numpy()
    columns = ds.features.columns
    permute = {"repeats": repeats, "seed": seed}
    contrast_units = make_contrast_units(columns)
    groups = make_feature_subsets(columns, level="feature")
    alone, _ = compare_feature_subsets(parts, groups, search=search, seed=seed, jobs=jobs)
    return ClassicalImportance(
        key, chosen_by, params,
        compute_grouped_importance(model, X, y, groups, **permute),
        compute_grouped_importance(model, X, y, make_feature_subsets(columns, level="statistics"), **permute),
        compute_grouped_importance(model, X, y, contrast_units, **permute) if contrast_units else None,
        tabulate_coefficients(logreg, columns), logreg_params, alone["test_accuracy"].astype(float).to_dict(), columns,
        len(y), time.perf_counter() - start)


@dataclass(frozen=True)
class NetworkHearing:
    """Occlusion of the best audio-only spectrogram network on a per-genre sample of test tracks.

    Attributes
    ----------
    network : TrainedNetwork or None
        None when no audio-only network reads spectrogram images here.
    rows : np.ndarray
        Positions (in ``ds.tracks``) of the tracks occluded.
    genres : np.ndarray
        Their true genres.
    frequencies : np.ndarray
        Centre frequency of each image row, bottom row first (Hz).
    fmax : float
        The images' top frequency (Hz); ``fmax_known`` says whether the audio told it.
    bands, times : list of tuple
        The stripes hidden.
    band, time, contrast : dict
        :func:`genrebook.cnn.occlusion.compute_occlusion` over the mel stripes, the time stripes and
        the spectral-contrast octaves (None without contrast features).
    contrast_bands : tuple of int
        Which octaves of :data:`CONTRAST_EDGES` ``contrast``'s columns are (those holding image rows).
    examples : dict
        ``{track id: occlusion map}`` of a few tracks the network gets right.
    example_images : dict
        ``{track id: raw image}`` of the same tracks.
    seconds : float
    """

    network: TrainedNetwork | None
    rows: np.ndarray
    genres: np.ndarray
    frequencies: np.ndarray
    fmax: float
    fmax_known: bool
    bands: list
    times: list
    band: dict | None
    time: dict | None
    contrast: dict | None
    contrast_bands: tuple
    examples: dict
    example_images: dict
    seconds: float


def find_image_fmax(ds) -> tuple[float, bool]:
    """Top frequency of the dataset's mel images: half the sample rate its record or first readable clip
    gives, else FMA's 22,050 Hz (returned with ``False``: assumed, not read)."""
    rate = read_dataset_info(ds.path).get("sr")
    if isinstance(rate, (int, float)) and rate > 0:
        return rate / 2.0, True
    for path in ds.tracks.get("audio", pd.Series(dtype=object)).dropna():
        try:
            return soundfile.info(path).samplerate / 2.0, True
        except (RuntimeError, OSError):  # mp3 support varies with libsndfile: try the next clip
            continue
    return FMA_FMAX, False


def pick_audio_network(networks: dict[str, TrainedNetwork]) -> TrainedNetwork | None:
    """The image-only network reading spectrograms with the best validation accuracy (None if none)."""
    audio = [n for n in networks.values()
             if n.manifest["inputs"]["feature_scaler"] is None and n.manifest["inputs"]["image"] == "spectrogram"]
    return max(audio, key=lambda n: n.manifest["validation_accuracy"], default=None)


def sample_test_rows(ds, *, per_genre: int, seed: int) -> np.ndarray:
    """Up to ``per_genre`` test tracks of each genre, drawn with the seed, as positions in ``ds.tracks``."""
    tracks = ds.tracks.reset_index(drop=True)
    test = tracks[tracks["split"] == "test"]
    picked = [group.sample(min(per_genre, len(group)), random_state=seed).index
              for _, group in test.groupby("genre", sort=True)]
    return np.sort(np.concatenate(picked)) if picked else np.array([], dtype=int)


def choose_examples(ds, net: TrainedNetwork, spec: dict, images: np.ndarray, *,
                    sampled: tuple[np.ndarray, np.ndarray], n: int) -> list[tuple[int, int]]:
    """Up to ``n`` test tracks the network gets right with confidence, one per genre, those with audio first.

    Parameters
    ----------
    images : np.ndarray [shape=(n_tracks, rows, columns)]
        Every track's raw image, in ``ds.tracks`` order.
    sampled : tuple
        Positions of the occluded sample and the probability the network gives each its true genre.

    Returns
    -------
    list of tuple
        ``(position in ds.tracks, track id)``.
    """
    tracks = ds.tracks.reset_index(drop=True)
    audio = np.flatnonzero(((tracks["split"] == "test") & tracks.get("audio", pd.Series(index=tracks.index, dtype=object)).notna())
                           .to_numpy())
    candidates = []
    if audio.size:
        probs = cnn_train.predict_probabilities(net.model, {"image": images[audio], "features": None}, spec)
        labels = [spec["classes"].index(g) for g in tracks["genre"].iloc[audio]]
        candidates += sorted(zip(-probs[np.arange(len(audio)), labels], audio.tolist()))
    rows, base = sampled
    candidates += sorted(zip(-base, rows.tolist()))
    picked, seen = [], set()
    for negative, position in candidates:
        genre = tracks["genre"].iloc[position]
        if -negative >= 0.5 and genre not in seen and position not in {p for p, _ in picked} and len(picked) < n:
            seen.add(genre)
            picked.append((int(position), int(ds.tracks.index[position])))
    return picked


def run_occlusion(ds, params: dict, *, per_genre: int, n_bands: int, n_times: int, n_examples: int,
                  with_contrast: bool) -> NetworkHearing:
    """Load (or train, as chapter 05 would) the networks, pick the best audio-only one, occlude its test images."""
    start = time.perf_counter()
    networks = load_or_train_networks(ds, {**params, "models": ("baseline", "strong")})
    net = pick_audio_network(networks)
    fmax, known = find_image_fmax(ds)
    if net is None:
        return NetworkHearing(None, np.array([], int), np.array([]), np.array([]), fmax, known, [], [], None, None,
                              None, (), {}, {}, time.perf_counter() - start)
    spec = net.manifest["inputs"]
    rows = sample_test_rows(ds, per_genre=per_genre, seed=params["seed"])
    everything = cnn_train.load_raw_images(ds, spec)
    images = everything[rows]
    genres = ds.tracks["genre"].to_numpy()[rows]
    labels = np.array([spec["classes"].index(g) for g in genres])
    frequencies = occlusion.compute_mel_frequencies(images.shape[1], fmax=fmax)
    bands = occlusion.make_stripes(images.shape[1], n_bands)
    times = occlusion.make_stripes(images.shape[2], n_times)
    band = occlusion.compute_occlusion(net.model, images, spec, labels, bands, axis="band")
    time_ = occlusion.compute_occlusion(net.model, images, spec, labels, times, axis="time")
    contrast, octaves = None, {}
    if with_contrast:
        octaves = occlusion.make_band_stripes(frequencies, CONTRAST_EDGES)
        contrast = occlusion.compute_occlusion(net.model, images, spec, labels, list(octaves.values()), axis="band")
    picks = choose_examples(ds, net, spec, everything, sampled=(rows, band["base"]), n=n_examples)
    examples, example_images = {}, {}
    for position, track in picks:
        image = everything[position]
        label = spec["classes"].index(ds.tracks["genre"].iloc[position])
        example_images[track] = image
        examples[track] = occlusion.compute_occlusion_map(net.model, image, spec, label, n_bands=n_bands,
                                                          n_times=n_times)
    return NetworkHearing(net, rows, genres, frequencies, fmax, known, bands, times, band, time_, contrast,
                          tuple(octaves), examples, example_images, time.perf_counter() - start)
