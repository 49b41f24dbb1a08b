"""The artist effect: how much accuracy a split that ignores artists adds over FMA's artist-disjoint
split; and how well each feature group does alone. One fixed model throughout: the logistic
regression with C = 1, not tuned (no split's validation set chooses anything).

Used in: 02_limitations.
"""

from __future__ import annotations

import pandas as pd

from genrebook.models.evaluation import count_artist_overlap, make_random_split, predict_test_split
from genrebook.models.pipelines import make_logreg_pipeline


def compute_artist_effect(features: pd.DataFrame, tracks: pd.DataFrame, *, seed: int, n_random_splits: int,
                          C: float = 1.0) -> pd.DataFrame:
    """Fit one fixed logistic regression (C = 1 by default, not tuned) on the official and on random splits.

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


def score_feature_groups(features: pd.DataFrame, tracks: pd.DataFrame, *, seed: int,
                         C: float = 1.0) -> pd.DataFrame:
    """Whether the logistic regression gets each test track right, fitted on each feature group alone.

    Parameters
    ----------
    features : pd.DataFrame [shape=(n_tracks, n_features)]
        Columns ``(group, statistic, number)``.
    tracks : pd.DataFrame
        With ``split`` and ``genre``.
    seed : int
    C : float
        See :func:`genrebook.models.pipelines.make_logreg_pipeline` (1, not tuned, by default).

    Returns
    -------
    pd.DataFrame [shape=(n_test, n_groups + 1)]
        Booleans indexed by test track id; one column per group (in the features' order), and
        ``all groups`` for the model fitted on every column (official split).
    """
    model = make_logreg_pipeline(seed=seed, C=C)
    blocks = {group: features[[group]] for group in features.columns.get_level_values(0).unique()}
    blocks["all groups"] = features
    correct = {}
    for name, block in blocks.items():
        predictions = predict_test_split(model, block, tracks)
        correct[name] = predictions["true"] == predictions["predicted"]
    return pd.DataFrame(correct)


def compare_feature_groups(features: pd.DataFrame, tracks: pd.DataFrame, *, seed: int,
                           C: float = 1.0) -> pd.DataFrame:
    """Test accuracy of the logistic regression on each feature group alone (official split).

    Returns
    -------
    pd.DataFrame
        Index ``group``; columns ``columns`` and ``accuracy``, best first.
    """
    correct = score_feature_groups(features, tracks, seed=seed, C=C).drop(columns="all groups")
    table = pd.DataFrame({"columns": [int(features[g].shape[1]) for g in correct.columns],
                          "accuracy": correct.mean().to_numpy(dtype=float)}, index=correct.columns)
    return table.rename_axis("group").sort_values("accuracy", ascending=False, kind="stable")
