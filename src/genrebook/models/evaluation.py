"""Evaluating classifiers: feature matrices per split, random splits that ignore artists and how
many test artists they leak, test predictions, accuracy with a bootstrap interval, the baselines
to beat, confusion matrices, the genre pairs a model mixes up most and per-genre scores.

Used in: 02_limitations, 03_classical_models, 04_featurewise_logreg.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import precision_recall_fscore_support
from threadpoolctl import threadpool_limits

from genrebook.fma.columns import SPLITS


def split_features(features: pd.DataFrame | None, tracks: pd.DataFrame, *,
                   split: pd.Series | None = None) -> dict[str, tuple[pd.DataFrame, pd.Series]]:
    """Cut the feature matrix and the genre labels by split.

    Parameters
    ----------
    features : pd.DataFrame [shape=(n_tracks, n_features)] or None
        Feature columns aligned to ``tracks`` (a :class:`genrebook.fma.dataset.Dataset`'s ``features``).
    tracks : pd.DataFrame
        With columns ``split`` and ``genre``.
    split : pd.Series, optional
        Another assignment of the tracks to ``training``/``validation``/``test`` (indexed like
        ``tracks``); by default the official ``tracks['split']``.

    Returns
    -------
    dict
        ``{split name: (X, y)}`` for the splits of :data:`genrebook.fma.columns.SPLITS`; ``X`` is a
        frame of features, ``y`` a Series of genre names (either may be empty).

    Raises
    ------
    ValueError
        When there are no features, or they are not aligned to the tracks.
    """
    if features is None:
        raise ValueError("this dataset has no features: run `genrebook extract DATASET` or use a dataset "
                         "with a features.csv")
    if not features.index.equals(tracks.index):
        raise ValueError("features and tracks must have the same index (track ids in the same order)")
    split = tracks["split"] if split is None else split.reindex(tracks.index)
    return {name: (features.loc[(split == name).to_numpy()], tracks.loc[(split == name).to_numpy(), "genre"])
            for name in SPLITS}


def fit_and_predict(model, X_train: pd.DataFrame, y_train: pd.Series, X_test: pd.DataFrame) -> np.ndarray:
    """Fit a fresh copy of ``model`` on the training rows and predict the test rows.

    BLAS runs on one thread: for matrices of a few thousand rows that is as fast, and it stays
    fast when other processes share the cores (two BLAS threads fighting for them can be ten
    times slower).

    Returns
    -------
    np.ndarray [shape=(n_test,)]
        Predicted labels.

    Raises
    ------
    ValueError
        When the training rows hold fewer than two classes or there is nothing to predict.
    """
    if pd.Series(y_train).nunique() < 2:
        raise ValueError(f"training needs at least two genres; got {pd.Series(y_train).nunique()} "
                         f"in {len(y_train)} tracks")
    if len(X_test) == 0:
        raise ValueError("there are no test tracks to predict")
    with threadpool_limits(limits=1, user_api="blas"):
        fitted = clone(model).fit(np.asarray(X_train, dtype=float), np.asarray(y_train))
        return fitted.predict(np.asarray(X_test, dtype=float))


def predict_test_split(model, features: pd.DataFrame | None, tracks: pd.DataFrame, *,
                       split: pd.Series | None = None) -> pd.DataFrame:
    """Train on the ``training`` split and predict the ``test`` split.

    Parameters
    ----------
    model : sklearn estimator
        Unfitted; it is cloned, never changed.
    features, tracks, split
        As in :func:`split_features`.

    Returns
    -------
    pd.DataFrame [shape=(n_test, 2)]
        Indexed by test track id; columns ``true`` and ``predicted`` (genre names).
    """
    parts = split_features(features, tracks, split=split)
    (X_train, y_train), (X_test, y_test) = parts["training"], parts["test"]
    predicted = fit_and_predict(model, X_train, y_train, X_test)
    return pd.DataFrame({"true": y_test.to_numpy(), "predicted": predicted}, index=y_test.index)


def make_random_split(tracks: pd.DataFrame, *, seed: int) -> pd.Series:
    """Split the tracks at random, ignoring artists: same split sizes, stratified by genre.

    Each genre's tracks are shuffled and spread evenly over [0, 1); sorting all tracks by that
    position and cutting gives every split about the official share of every genre.

    Parameters
    ----------
    tracks : pd.DataFrame
        With columns ``split`` (the official one, whose sizes are kept) and ``genre``.
    seed : int

    Returns
    -------
    pd.Series
        Categorical ``split`` per track, same index; as many ``test`` and ``validation`` tracks
        as the official split.
    """
    rng = np.random.default_rng(seed)
    genre = tracks["genre"].astype("object").fillna("").to_numpy()
    position = np.empty(len(tracks))
    for name in np.unique(genre):
        members = np.flatnonzero(genre == name)
        position[rng.permutation(members)] = (np.arange(members.size) + rng.random()) / members.size
    order = np.argsort(position, kind="stable")
    sizes = tracks["split"].value_counts().reindex(["test", "validation"], fill_value=0)
    labels = np.full(len(tracks), "training", dtype=object)
    labels[order[:sizes["test"]]] = "test"
    labels[order[sizes["test"]:sizes["test"] + sizes["validation"]]] = "validation"
    return pd.Series(pd.Categorical(labels, categories=SPLITS), index=tracks.index, name="split")


def count_artist_overlap(tracks: pd.DataFrame, split: pd.Series) -> dict:
    """Count test tracks whose artist also has tracks in the training split.

    Tracks without an artist id (``artist_id`` NA) never count as overlapping.

    Parameters
    ----------
    tracks : pd.DataFrame
        With column ``artist_id``.
    split : pd.Series
        ``training``/``validation``/``test`` per track, in the order of ``tracks``.

    Returns
    -------
    dict
        ``test tracks``, ``test tracks with artist``, ``artist in training`` (ints) and ``share
        in training`` (of the test tracks with an artist; NaN when there are none).
    """
    artist = tracks["artist_id"]
    known = artist.notna().to_numpy()
    test = (split == "test").to_numpy()
    training_artists = set(artist[(split == "training").to_numpy() & known])
    overlap = int(artist[test & known].isin(training_artists).sum())
    with_artist = int((test & known).sum())
    return {"test tracks": int(test.sum()), "test tracks with artist": with_artist, "artist in training": overlap,
            "share in training": overlap / with_artist if with_artist else float("nan")}


def compute_accuracy_interval(y_true, y_pred, *, seed: int, n_boot: int = 1000,
                              level: float = 0.95) -> tuple[float, float, float]:
    """Compute accuracy and a percentile-bootstrap confidence interval over test items.

    Resampling ``n`` items with replacement and counting the correct ones draws from
    Binomial(``n``, accuracy), so the bootstrap is drawn from that distribution directly: the
    same distribution as resampling indices, in constant memory.

    Parameters
    ----------
    y_true, y_pred : array-like [shape=(n,)]
        True and predicted labels.
    seed : int
        Seed of the bootstrap.
    n_boot : int
        Bootstrap replicates.
    level : float
        Coverage of the interval, in (0, 1).

    Returns
    -------
    accuracy, low, high : float

    Examples
    --------
    >>> acc, low, high = compute_accuracy_interval([0, 1, 1, 0] * 50, [0, 1, 0, 0] * 50, seed=0)
    >>> acc, low <= acc <= high
    (0.75, True)
    """
    correct = np.asarray(y_true) == np.asarray(y_pred)
    if correct.size == 0:
        raise ValueError("accuracy needs at least one test item; got none")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1); got {level}")
    accuracy = float(correct.mean())
    boots = np.random.default_rng(seed).binomial(correct.size, accuracy, size=n_boot) / correct.size
    low, high = np.quantile(boots, [(1 - level) / 2, (1 + level) / 2])
    return accuracy, float(low), float(high)


def make_confusion(y_true, y_pred, labels) -> pd.DataFrame:
    """Make a confusion matrix normalised by true class (each row sums to 1).

    Parameters
    ----------
    y_true, y_pred : array-like [shape=(n,)]
    labels : list
        Class order of rows and columns; a class without test items gets a row of NaN.

    Returns
    -------
    pd.DataFrame [shape=(n_labels, n_labels)]
        Index ``true genre``, columns ``predicted genre``: the share of each true class predicted
        as each class.

    Examples
    --------
    >>> make_confusion(["a", "a", "b"], ["a", "b", "b"], ["a", "b"]).to_numpy().tolist()
    [[0.5, 0.5], [0.0, 1.0]]
    """
    labels = list(labels)
    counts = pd.crosstab(pd.Series(np.asarray(y_true)), pd.Series(np.asarray(y_pred)))
    counts = counts.reindex(index=labels, columns=labels, fill_value=0).astype(float)
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0)
    shares.index.name, shares.columns.name = "true genre", "predicted genre"
    return shares


def find_confused_pairs(confusion: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Rank the pairs of classes a model mixes up most, in either direction.

    Parameters
    ----------
    confusion : pd.DataFrame [shape=(k, k)]
        Row-normalised confusion matrix (:func:`make_confusion`).
    n : int
        Pairs to return.

    Returns
    -------
    pd.DataFrame [shape=(min(n, k*(k-1)/2), 5)]
        Columns ``genre_a``, ``genre_b`` (in the matrix's order), ``a_as_b`` and ``b_as_a``
        (share of each predicted as the other) and ``rate``, their mean, highest first.

    Examples
    --------
    >>> c = make_confusion(["a", "a", "b", "b", "c"], ["a", "b", "a", "b", "c"], ["a", "b", "c"])
    >>> find_confused_pairs(c, n=1)[["genre_a", "genre_b", "rate"]].to_numpy().tolist()
    [['a', 'b', 0.5]]
    """
    labels = list(confusion.index)
    values = confusion.reindex(columns=labels).fillna(0.0).to_numpy()
    rows = [{"genre_a": labels[i], "genre_b": labels[j], "a_as_b": float(values[i, j]),
             "b_as_a": float(values[j, i]), "rate": float((values[i, j] + values[j, i]) / 2)}
            for i in range(len(labels)) for j in range(i + 1, len(labels))]
    pairs = pd.DataFrame(rows, columns=["genre_a", "genre_b", "a_as_b", "b_as_a", "rate"])
    return pairs.sort_values("rate", ascending=False, kind="stable").head(n).reset_index(drop=True)


def compute_baselines(y_train, y_test) -> dict:
    """Accuracies a classifier must beat, computed from the labels rather than assumed.

    Parameters
    ----------
    y_train, y_test : array-like
        Genres of the training and the test tracks.

    Returns
    -------
    dict
        ``chance``: expected accuracy of guessing uniformly among the training genres (1/k);
        ``stratified``: expected accuracy of guessing with the training genre shares;
        ``majority``: accuracy of always predicting the most frequent training genre (the first
        in sorted order on ties); ``majority_genre``: that genre.

    Examples
    --------
    ``chance_balanced``, ``stratified_balanced``, ``majority_balanced``: their expected balanced
    accuracy (:func:`compute_balanced_scores`), the mean over the test genres of each one's recall.

    Examples
    --------
    >>> b = compute_baselines(["a", "a", "b", "c"], ["a", "b", "c", "c"])
    >>> round(b["chance"], 3), b["stratified"], b["majority"], b["majority_genre"]
    (0.333, 0.3125, 0.25, 'a')
    >>> round(b["chance_balanced"], 3), round(b["stratified_balanced"], 3), round(b["majority_balanced"], 3)
    (0.333, 0.333, 0.333)
    """
    train = pd.Series(np.asarray(y_train)).value_counts(normalize=True).sort_index()
    test = pd.Series(np.asarray(y_test)).value_counts(normalize=True)
    if train.empty or test.empty:
        raise ValueError("baselines need training and test tracks; got none in one of them")
    majority = str(train.idxmax())
    recall = train.reindex(test.index, fill_value=0.0)  # a stratified guess recalls each genre at its training share
    return {"chance": 1 / len(train), "stratified": float((train * test.reindex(train.index, fill_value=0)).sum()),
            "majority": float(test.get(majority, 0.0)), "majority_genre": majority,
            "chance_balanced": float(test.index.isin(train.index).mean() / len(train)),
            "stratified_balanced": float(recall.mean()), "majority_balanced": float((test.index == majority).mean())}


def compute_genre_scores(y_true, y_pred, labels) -> pd.DataFrame:
    """Precision, recall and F1 of each genre, and how many test tracks it has.

    Returns
    -------
    pd.DataFrame [shape=(n_labels, 4)]
        Index ``genre``; columns ``precision``, ``recall``, ``f1`` and ``support``; sorted by F1,
        best first. A genre never predicted has precision 0.

    Examples
    --------
    >>> compute_genre_scores(["a", "a", "b"], ["a", "b", "b"], ["a", "b"])["f1"].round(3).tolist()
    [0.667, 0.667]
    """
    labels = list(labels)
    precision, recall, f1, support = precision_recall_fscore_support(
        np.asarray(y_true), np.asarray(y_pred), labels=labels, zero_division=0)
    table = pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support},
                         index=pd.Index(labels, name="genre"))
    return table.sort_values("f1", ascending=False, kind="stable")

