"""The artist effect: how much accuracy a split that ignores artists adds over FMA's artist-disjoint
split, and which feature groups carry it.

Used in: 02_limitations.
"""

from __future__ import annotations

import pandas as pd

from genrebook.models.evaluation import count_artist_overlap, make_random_split, predict_test_split
from genrebook.models.pipelines import make_logreg_pipeline


def compute_artist_effect(features: pd.DataFrame, tracks: pd.DataFrame, *, seed: int, n_random_splits: int,
                          C: float = 1.0) -> pd.DataFrame:
    """Fit the same logistic regression on the official split and on random splits that ignore artists.

    Parameters
    ----------
    features : pd.DataFrame [shape=(n_tracks, n_features)]
    tracks : pd.DataFrame
        With ``split``, ``genre`` and ``artist_id``.
    seed : int
        Seeds the model and, with the split's number, each random split.
    n_random_splits : int
    C : float
        See :func:`genrebook.models.pipelines.make_logreg_pipeline`.

    Returns
    -------
    pd.DataFrame [shape=(1 + n_random_splits, 5)]
        Index ``official``, ``random 1``...; columns ``kind``, ``accuracy`` and the counts of
        :func:`genrebook.models.evaluation.count_artist_overlap`: ``test tracks``, ``artist in training``,
        ``share in training``.
    """
    model = make_logreg_pipeline(seed=seed, C=C)
    splits = {"official": tracks["split"]}
    for i in range(n_random_splits):
        splits[f"random {i + 1}"] = make_random_split(tracks, seed=seed * 1000 + i)
    rows = {}
    for name, split in splits.items():
        predictions = predict_test_split(model, features, tracks, split=split)
        overlap = count_artist_overlap(tracks, split)
        rows[name] = {"kind": name.split()[0], "accuracy": _score(predictions),
                      "test tracks": overlap["test tracks"], "artist in training": overlap["artist in training"],
                      "share in training": overlap["share in training"]}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("split")


def _score(predictions: pd.DataFrame) -> float:
    """Accuracy of a :func:`genrebook.models.evaluation.predict_test_split` table."""
    return float((predictions["true"] == predictions["predicted"]).mean())


def summarize_artist_effect(effect: pd.DataFrame) -> dict:
    """Reduce :func:`compute_artist_effect` to plain numbers.

    Returns
    -------
    dict
        ``official_accuracy``, ``random_mean``, ``random_sd`` (0 for a single random split),
        ``gap`` (random mean minus official), ``official_overlap`` (test tracks whose artist is in
        training) and ``random_overlap_share`` (mean share of such test tracks in the random splits).
    """
    random = effect[effect["kind"] == "random"]
    official = effect.loc["official"]
    sd = float(random["accuracy"].std(ddof=1)) if len(random) > 1 else 0.0
    return {"official_accuracy": float(official["accuracy"]), "random_mean": float(random["accuracy"].mean()),
            "random_sd": sd, "gap": float(random["accuracy"].mean() - official["accuracy"]),
            "official_overlap": int(official["artist in training"]),
            "random_overlap_share": float(random["share in training"].mean())}


def compare_feature_groups(features: pd.DataFrame, tracks: pd.DataFrame, *, seed: int,
                           C: float = 1.0) -> pd.DataFrame:
    """Test accuracy of the logistic regression on each feature group alone (official split).

    Returns
    -------
    pd.DataFrame
        Index ``group``; columns ``columns`` and ``accuracy``, best first.
    """
    model = make_logreg_pipeline(seed=seed, C=C)
    rows = {}
    for group in features.columns.get_level_values(0).unique():
        predictions = predict_test_split(model, features[[group]], tracks)
        rows[group] = {"columns": int(features[group].shape[1]),
                       "accuracy": _score(predictions)}
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")
    return table.sort_values("accuracy", ascending=False, kind="stable")
