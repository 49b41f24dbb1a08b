"""What chapter 08 computes once and its results builders read: every member's class probabilities on the
validation and test splits (chapter 03's classical models as their final fits kept them, chapter 05's saved
networks loaded), and the fusion and stacker chosen on validation.

Used in: 08_ensemble (through :mod:`genrebook.book.pages.ensemble`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from genrebook.book.classical import make_probability_model
from genrebook.book.importance import read_chosen_model
from genrebook.cnn import store as cnn_store
from genrebook.cnn import train as cnn_train
from genrebook.cnn.networks import NETWORKS
from genrebook.models.evaluation import split_features
from genrebook.models.fusion import (
    CrossValidation,
    cross_validate,
    fuse,
    label_artist_groups,
    predict_stacker,
    search_subsets,
    to_log_probabilities,
)
from genrebook.models.pipelines import CLASSICAL_MODELS
from genrebook.models.probabilities import (
    fingerprint_features,
    keep_final_probabilities,
    load_probabilities,
    make_key,
)
from genrebook.models.sampling import LIMITS, pick_final_rows, take_rows
from genrebook.models.tuning import tune_and_evaluate

#: The project's target for an ensemble on real fma_small data (issue 12): set on fma_small_derived.
ENSEMBLE_TARGET = 0.62


#: The splits the members predict: validation chooses, test scores once.
HELD_OUT = ("validation", "test")


@dataclass(frozen=True)
class Members:
    """The members' log-probabilities on the validation and test splits, with the true genres.

    Attributes
    ----------
    names : tuple of str
        Member keys in book order: chapter 03's models (:data:`CLASSICAL_MODELS`), then chapter 05's
        networks (:data:`genrebook.cnn.networks.NETWORKS`).
    kinds : dict
        ``{member: 'classical' or 'network'}``.
    classes : tuple of str
        Genres, the columns of every probability matrix.
    y : dict
        ``{split: np.ndarray of class codes}``.
    log_probabilities : dict
        ``{split: {member: np.ndarray [shape=(n_split, n_classes)]}}``
        (:func:`genrebook.models.fusion.to_log_probabilities`).
    chosen_by : str
        ``'chapter 03'`` when the parameters come from this run's chapter 03, else ``'validation'``.
    params : dict
        ``{classical member: parameters}``.
    networks : str
        ``'loaded'``, ``'no images'`` (the dataset has none) or ``'none saved'`` (chapter 05 saved none
        suitable for these parameters).
    seconds : float
    groups : dict
        ``{split: np.ndarray of artist group codes}`` (:func:`genrebook.models.fusion.label_artist_groups`);
        empty when the dataset has no artist ids.
    refitted : tuple of str
        The classical members fitted again here (the RBF SVM, to calibrate its scores, and any model whose
        final fit kept no probabilities); the others are read from their final fits, chapter 03's or this
        chapter's own search's (:mod:`genrebook.models.probabilities`).
    """

    names: tuple[str, ...]
    kinds: dict
    classes: tuple[str, ...]
    y: dict
    log_probabilities: dict
    chosen_by: str
    params: dict
    networks: str
    seconds: float
    groups: dict = field(default_factory=dict)
    refitted: tuple[str, ...] = ()

    def predict(self, split: str, name: str) -> np.ndarray:
        """Class codes a member predicts on a split (its most probable genre)."""
        return self.log_probabilities[split][name].argmax(axis=1)

    def correct(self, split: str, name: str) -> np.ndarray:
        """Whether a member gets each track of a split right (bool array)."""
        return self.predict(split, name) == self.y[split]

    def accuracy(self, split: str, name: str) -> float:
        """A member's accuracy on a split."""
        return float(self.correct(split, name).mean())


def align_probabilities(probabilities, columns, classes) -> np.ndarray:
    """Reorder probability columns from a model's class order to ``classes`` (0 for a class it never saw).

    Examples
    --------
    >>> align_probabilities(np.array([[0.2, 0.8]]), ["b", "a"], ["a", "b", "c"]).tolist()
    [[0.8, 0.2, 0.0]]
    """
    position = {c: i for i, c in enumerate(columns)}
    probabilities = np.asarray(probabilities, dtype=float)
    return np.column_stack([probabilities[:, position[c]] if c in position else np.zeros(len(probabilities))
                            for c in classes])


def fit_classical_member(key: str, parts: dict, params: dict, *, seed: int) -> dict[str, np.ndarray] | None:
    """Fit one classical model on training (the rows chapter 03's final fit sees) and predict class
    probabilities on validation and test (:func:`genrebook.book.classical.make_probability_model`: the RBF
    SVM through a sigmoid calibration of its scores).

    Returns
    -------
    dict or None
        ``{split: np.ndarray [shape=(n_split, n_classes)]}``, columns in sorted genre order; None for the
        SVM when a genre has one training track (nothing to calibrate on).
    """
    X, y = parts["training"]
    X, y = take_rows(X, y, pick_final_rows(key, y, seed=seed))
    model = make_probability_model(key, params, y, seed=seed)
    if model is None:
        return None
    with threadpool_limits(limits=1):
        model.fit(np.asarray(X, dtype=float), np.asarray(y))
        classes = sorted(pd.unique(np.asarray(y)))
        return {split: align_probabilities(model.predict_proba(np.asarray(parts[split][0], dtype=float)),
                                           model.classes_, classes) for split in HELD_OUT}


def read_kept_members(ds, chosen: dict, classes, *, seed: int) -> dict[str, dict[str, np.ndarray]]:
    """The class probabilities chapter 03's final fits kept for these parameters (the same models a refit here
    would give: same rows, seed and parameters), columns in ``classes`` order; models with none kept are absent
    (:mod:`genrebook.models.probabilities`)."""
    fingerprint = fingerprint_features(ds.features, ds.tracks)
    found = {}
    for key, params in chosen.items():
        kept = load_probabilities(make_key(fingerprint, key, params, seed=seed, limits=LIMITS))
        if kept is not None:
            columns, arrays = kept
            found[key] = {split: align_probabilities(arrays[split], columns, classes) for split in HELD_OUT}
    return found


def choose_classical_params(ds, parts: dict, *, run_dir, search: str, seed: int, jobs: int) -> tuple[dict, str]:
    """Every classical model's parameters as chapter 03 of this run chose them, or tuned here on validation
    when chapter 03 did not run on this dataset; with ``'chapter 03'`` or ``'validation'``. Tuned here, the
    final fits keep their probabilities as chapter 03's do (:mod:`genrebook.models.probabilities`), so that
    :func:`read_kept_members` finds them instead of fitting the models again."""
    key, chosen = read_chosen_model(ds, run_dir)
    chosen = {k: v for k, v in chosen.items() if k in CLASSICAL_MODELS and isinstance(v, dict)}
    if key is not None and chosen:
        return {k: chosen[k] for k in CLASSICAL_MODELS if k in chosen}, "chapter 03"
    table, _, _ = tune_and_evaluate(list(CLASSICAL_MODELS), parts, search=search, seed=seed, jobs=jobs,
                                    keep_probabilities=True)
    keep_final_probabilities(ds.features, ds.tracks, table["probabilities"], table["params"], seed=seed, limits=LIMITS)
    return {k: dict(table.loc[k, "params"]) for k in CLASSICAL_MODELS if k in table.index}, "validation"


def has_images(ds) -> bool:
    """Whether every track of the dataset has a spectrogram image (the networks' input)."""
    images = ds.tracks.get("spectrogram")
    return images is not None and len(ds.tracks) > 0 and bool(images.notna().all())


def load_saved_networks(ds, params: dict, *, model_dir=None) -> dict[str, tuple[dict, object]]:
    """Chapter 05's saved networks for this dataset and these training parameters, loaded, never trained.

    Returns
    -------
    dict
        ``{network: (manifest, keras.Model)}`` in :data:`NETWORKS` order; those not saved, or saved by
        another recipe or with other parameters, are absent.
    """
    fingerprint = cnn_store.fingerprint_dataset(ds)
    folder = cnn_store.make_model_dir(ds, params, model_dir=model_dir, fingerprint=fingerprint)
    found = {}
    for name in NETWORKS:
        path = folder / f"{name}.keras"
        if path.is_file() and (folder / f"{name}.manifest.json").is_file():
            if cnn_store.is_suitable(cnn_store.read_manifest(path), params, fingerprint):
                found[name] = cnn_store.load_network(path)
    return found


def predict_network_member(ds, manifest: dict, model, classes) -> dict[str, np.ndarray]:
    """A saved network's class probabilities on validation and test, averaged over its evaluation crops as
    chapter 05 scores it (:func:`genrebook.cnn.train.predict_probabilities`)."""
    spec = manifest["inputs"]
    raw = cnn_train.make_raw_inputs(ds, spec)
    split = ds.tracks["split"].to_numpy()
    return {part: align_probabilities(cnn_train.predict_probabilities(model, raw, spec, np.flatnonzero(split == part)),
                                      spec["classes"], classes) for part in HELD_OUT}


def collect_members(ds, params: dict, *, model_dir=None) -> Members:
    """Every member's log-probabilities on validation and test: chapter 03's classical models with the parameters it
    chose (chosen here on validation when it did not run), read from their final fits where those kept them and
    fitted again otherwise, and chapter 05's saved networks.

    Parameters
    ----------
    ds : genrebook.fma.dataset.Dataset
    params : dict
        The chapter's validated parameters (``run_dir``, ``search``, ``seed``, ``jobs`` and chapter 05's
        training parameters, which locate its saved networks).
    model_dir : path-like, optional
        Root of the saved networks (default ``<data home>/models``).
    """
    start, seed = time.perf_counter(), params["seed"]
    parts = split_features(ds.features, ds.tracks)
    classes = tuple(sorted(pd.unique(parts["training"][1])))
    chosen, chosen_by = choose_classical_params(ds, parts, run_dir=params["run_dir"], search=params["search"],
                                                seed=seed, jobs=params["jobs"])
    kept = read_kept_members(ds, chosen, classes, seed=seed)
    refitted = tuple(k for k in chosen if k not in kept)
    fitted = dict(zip(refitted, Parallel(n_jobs=params["jobs"])(
        delayed(fit_classical_member)(k, parts, chosen[k], seed=seed) for k in refitted)))
    probabilities = {k: kept[k] if k in kept else fitted[k] for k in chosen}
    probabilities = {k: p for k, p in probabilities.items() if p is not None}
    kinds = dict.fromkeys(probabilities, "classical")
    status = "no images" if not has_images(ds) else "none saved"
    if status == "none saved":
        for name, (manifest, model) in load_saved_networks(ds, params, model_dir=model_dir).items():
            probabilities[name] = predict_network_member(ds, manifest, model, classes)
            kinds[name], status = "network", "loaded"
    log_probabilities = {split: {m: to_log_probabilities(p[split]) for m, p in probabilities.items()}
                         for split in HELD_OUT}
    code = {c: i for i, c in enumerate(classes)}
    y = {split: np.array([code.get(g, -1) for g in parts[split][1]]) for split in HELD_OUT}  # -1: a genre no model learnt
    groups = {}
    if "artist_id" in ds.tracks:
        groups = {split: label_artist_groups(ds.tracks.loc[parts[split][0].index, "artist_id"]) for split in HELD_OUT}
    return Members(tuple(probabilities), kinds, classes, y, log_probabilities, chosen_by, chosen, status,
                   time.perf_counter() - start, groups, refitted)


#: The two ways of combining: an equal-weight fusion of a subset, a stacker over every member.
WAYS = ("fusion", "stacker")


@dataclass(frozen=True)
class Ensemble:
    """The fusion and the stacker fitted on validation, the one chosen by the rule, their predictions.

    Attributes
    ----------
    members : Members
    subsets : pd.DataFrame
        :func:`genrebook.models.fusion.search_subsets` on validation, best first.
    fusion : tuple of str
        The subset whose equal-weight fusion is best on validation.
    cv : CrossValidation
        Both ways scored by the same folds of the validation split.
    chosen : str
        ``'fusion'`` or ``'stacker'``: the higher cross-validated accuracy, the fusion on a tie.
    predictions : dict
        ``{way: {split: class codes}}``: the fusion's on validation and test, the stacker's on test
        only (its validation accuracy is the cross-validated one; absent when there were no folds).
    seed : int
        Seed of the folds and the stacker (and of the page's bootstrap intervals).
    seconds : float
    """

    members: Members
    subsets: pd.DataFrame
    fusion: tuple[str, ...]
    cv: CrossValidation
    chosen: str
    predictions: dict
    seed: int
    seconds: float

    def correct(self, way: str) -> np.ndarray:
        """Whether a way of combining gets each test track right."""
        return self.predictions[way]["test"] == self.members.y["test"]


def choose_way(cv: CrossValidation) -> str:
    """The rule, fixed before the test split is read: the stacker only when its cross-validated accuracy is
    higher than the fusion's (the fusion fits no weights, so it wins a tie).

    Examples
    --------
    >>> choose_way(CrossValidation(5, 0.6, {0.1: 0.6})), choose_way(CrossValidation(5, 0.6, {0.1: 0.61}))
    ('fusion', 'stacker')
    """
    if cv.stacker_C is None:
        return "fusion"
    return "stacker" if cv.stacker_accuracy[cv.stacker_C] > cv.fusion_accuracy else "fusion"


def fit_ensemble(members: Members, *, seed: int) -> Ensemble:
    """Choose the fusion's subset and the stacker's C on validation, choose between them by the rule
    (:func:`choose_way`), and predict the test split with both (scored once, by the page)."""
    start = time.perf_counter()
    val, test = members.log_probabilities["validation"], members.log_probabilities["test"]
    subsets = search_subsets(val, members.y["validation"], members.names)
    best = tuple(subsets["members"].iloc[0])
    cv = cross_validate(val, members.y["validation"], members.names, seed=seed, groups=members.groups.get("validation"))
    predictions = {"fusion": {"validation": fuse(val, best).argmax(axis=1), "test": fuse(test, best).argmax(axis=1)}}
    if cv.stacker_C is not None:
        predictions["stacker"] = {"test": predict_stacker(val, members.y["validation"], test, members.names,
                                                          C=cv.stacker_C, seed=seed)}
    return Ensemble(members, subsets, best, cv, choose_way(cv), predictions, seed,
                    time.perf_counter() - start)
