"""A model on parts of the features: one feature group or one statistic at a time, and feature
groups added one by one (greedy forward selection on the validation split).

Each part is tuned like a whole model (:mod:`genrebook.tuning`): its own search on the validation
split, then one fit on the training split, scored on the test split.

Used in: 04_featurewise_logreg.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from genrebook.classical import format_intervals, format_params
from genrebook.columns import STATISTICS
from genrebook.models import REPORTED_ORIGINAL, REPORTED_ORIGINAL_MFCC_LOGREG
from genrebook.models import make_classical_pipeline
from genrebook.tuning import Factory, evaluate_candidates, make_candidates, pick_best, search_validation


def make_feature_subsets(columns: pd.MultiIndex, *, level: str) -> dict[str, tuple[int, ...]]:
    """Group the positions of the feature columns by one level of their header.

    Parameters
    ----------
    columns : pd.MultiIndex
        Three-level feature columns (``feature``, ``statistics``, ``number``).
    level : {'feature', 'statistics'}
        ``feature``: one subset per feature group, in column order; ``statistics``: one subset per
        statistic across all groups, in FMA's order (mean, std, skew, kurtosis, median, min, max),
        others after them.

    Returns
    -------
    dict
        ``{name: positions}``.

    Examples
    --------
    >>> cols = pd.MultiIndex.from_tuples([("a", "mean", "01"), ("a", "std", "01"), ("b", "mean", "01")],
    ...                                  names=["feature", "statistics", "number"])
    >>> make_feature_subsets(cols, level="feature"), make_feature_subsets(cols, level="statistics")
    ({'a': (0, 1), 'b': (2,)}, {'mean': (0, 2), 'std': (1,)})
    """
    if level not in ("feature", "statistics"):
        raise ValueError(f"level must be 'feature' or 'statistics'; got {level!r}")
    values = np.asarray(columns.get_level_values(level))
    names = list(pd.unique(values))
    if level == "statistics":
        names = [s for s in STATISTICS if s in names] + [s for s in names if s not in STATISTICS]
    return {str(name): tuple(int(i) for i in np.flatnonzero(values == name)) for name in names}


def compare_feature_subsets(parts: dict, subsets: dict[str, tuple[int, ...]], *, search: str, seed: int,
                            jobs: int = 1, model: str = "logreg",
                            factory: Factory = make_classical_pipeline) -> pd.DataFrame:
    """Tune and score one model per feature subset.

    Parameters
    ----------
    parts : dict
        :func:`genrebook.evaluation.split_features` output.
    subsets : dict
        ``{name: column positions}`` (:func:`make_feature_subsets`).
    search : {'quick', 'full'}
    seed, jobs : int
    model : str
        Model key (logistic regression by default).
    factory : callable
        Builds the pipelines (:func:`genrebook.models.make_classical_pipeline`).

    Returns
    -------
    pd.DataFrame [shape=(n_subsets, 10)]
        Index ``subset`` in the order given; :func:`genrebook.tuning.evaluate_candidates`'s
        columns plus ``n_columns``.
    """
    X_train = parts["training"][0]
    candidates = [c for name, columns in subsets.items()
                  for c in make_candidates(model, X_train, search=search, label=name, columns=columns)]
    searched = search_validation(candidates, parts, seed=seed, jobs=jobs, factory=factory)
    table, _ = evaluate_candidates(pick_best(searched), parts, seed=seed, jobs=jobs, factory=factory)
    table.insert(0, "n_columns", [len(subsets[name]) for name in table.index])
    return table.rename_axis("subset")


def select_groups_forward(parts: dict, groups: dict[str, tuple[int, ...]], *, search: str, seed: int,
                          jobs: int = 1, model: str = "logreg",
                          factory: Factory = make_classical_pipeline) -> pd.DataFrame:
    """Add feature groups one at a time, each time the one whose addition scores best on validation.

    At every step each remaining group is tried with the groups chosen so far, each try tuned by
    its own validation search; the best validation accuracy (first in column order on ties)
    picks the group. Only then is each step's model scored on the test split, which chooses
    nothing. The last step uses all groups.

    Returns
    -------
    pd.DataFrame [shape=(n_groups, 9)]
        Index ``step`` (1, 2, ...); columns ``added``, ``groups`` (``'a + b'``), ``n_columns``,
        ``params``, ``validation_accuracy``, ``test_accuracy``, ``test_low``, ``test_high``,
        ``test_gain`` (test accuracy minus the previous step's; the first step's own accuracy).
    """
    X_train = parts["training"][0]
    chosen: list[str] = []
    steps = []
    while len(chosen) < len(groups):
        remaining = [g for g in groups if g not in chosen]
        tries = {g: tuple(sorted(i for name in chosen + [g] for i in groups[name])) for g in remaining}
        candidates = [c for g, columns in tries.items()
                      for c in make_candidates(model, X_train, search=search, label=g, columns=columns)]
        searched = search_validation(candidates, parts, seed=seed, jobs=jobs, factory=factory)
        best = {c.label: c for c in pick_best(searched)}
        scores = searched.groupby("label", sort=False)["validation_accuracy"].max()
        added = str(scores.index[int(np.argmax(scores.to_numpy()))])
        chosen.append(added)
        steps.append(best[added])
    table, _ = evaluate_candidates(steps, parts, seed=seed, jobs=jobs, factory=factory)
    validation = [float(table.loc[c.label, "validation_accuracy"]) for c in steps]
    result = pd.DataFrame({
        "added": chosen, "groups": [" + ".join(chosen[:i + 1]) for i in range(len(chosen))],
        "n_columns": [len(c.columns) for c in steps], "params": [c.params for c in steps],
        "validation_accuracy": validation,
        "test_accuracy": table["test_accuracy"].to_numpy(), "test_low": table["test_low"].to_numpy(),
        "test_high": table["test_high"].to_numpy()}, index=pd.RangeIndex(1, len(steps) + 1, name="step"))
    result["test_gain"] = result["test_accuracy"].diff().fillna(result["test_accuracy"])
    return result


def summarize_subsets(table: pd.DataFrame) -> pd.DataFrame:
    """Arrange :func:`compare_feature_subsets`'s table for reading, best test accuracy first.

    Returns
    -------
    pd.DataFrame
        Index ``subset``; columns ``columns``, ``test %``, ``95 % interval``, ``train %``,
        ``validation %`` and ``chosen parameters``.
    """
    table = table.sort_values("test_accuracy", ascending=False, kind="stable")
    out = pd.DataFrame({
        "columns": table["n_columns"],
        "test %": 100 * table["test_accuracy"],
        "95 % interval": format_intervals(table["test_low"], table["test_high"]),
        "train %": 100 * table["train_accuracy"],
        "validation %": 100 * table["validation_accuracy"],
        "chosen parameters": [format_params(p) for p in table["params"]],
    }, index=table.index)
    return out.round(1)


def compare_with_reported(table: pd.DataFrame, *, all_label: str = "all features") -> pd.DataFrame:
    """Put the logistic regression's test accuracy beside the original analysis' reported figures.

    Rows: ``mfcc`` (reported on the 140 MFCC statistics alone) and ``all_label`` (reported on all
    518 FMA statistics), each where ``table`` has it.

    Returns
    -------
    pd.DataFrame
        Index ``subset``; columns ``ours: test %``, ``ours: 95 % interval``, ``reported: test %``,
        ``difference (points)``.
    """
    reported = {"mfcc": REPORTED_ORIGINAL_MFCC_LOGREG, all_label: REPORTED_ORIGINAL["logreg"][0]}
    rows = [name for name in reported if name in table.index]
    ours = table.loc[rows]
    out = pd.DataFrame({
        "ours: test %": 100 * ours["test_accuracy"].to_numpy(),
        "ours: 95 % interval": format_intervals(ours["test_low"], ours["test_high"]),
        "reported: test %": [100 * reported[name] for name in rows],
    }, index=pd.Index(rows, name="subset"))
    out["difference (points)"] = out["ours: test %"] - out["reported: test %"]
    return out.round(1)


#: FMA paper's test accuracy (%) per feature set on **fma_medium** (16 unbalanced genres):
#: logistic regression, kNN, RBF SVM and MLP (Defferrard et al., ISMIR 2017, genre-recognition
#: baselines table). Copied as quoted from the paper in a public summary
#: (github.com/FrescoFlacko/genre_classification, README); the paper itself could not be opened
#: offline here to check them. Keys: FMA group names, or a tuple of them for a combined set.
REPORTED_FMA_MEDIUM: dict[tuple[str, ...], tuple[int, int, int, int]] = {
    ("chroma_cens", "chroma_cqt", "chroma_stft"): (44, 44, 48, 49),
    ("tonnetz",): (40, 37, 42, 41),
    ("mfcc",): (58, 55, 61, 53),
    ("spectral_centroid",): (42, 45, 46, 48),
    ("spectral_bandwidth",): (41, 45, 44, 45),
    ("spectral_contrast",): (51, 50, 54, 53),
    ("spectral_rolloff",): (42, 46, 48, 48),
    ("rmse",): (37, 39, 39, 39),
    ("zcr",): (42, 45, 45, 46),
}
#: The same table's combined sets: MFCC + contrast, + centroid, and all nine sets.
REPORTED_FMA_MEDIUM_COMBINED: dict[str, tuple[int, int, int, int]] = {
    "mfcc + spectral_contrast": (60, 55, 63, 54),
    "mfcc + spectral_contrast + spectral_centroid": (60, 55, 63, 53),
    "all features": (61, 52, 63, 58),
}


def tabulate_fma_medium(table: pd.DataFrame) -> pd.DataFrame:
    """FMA's published per-feature accuracies on fma_medium beside our logistic regression per group.

    Parameters
    ----------
    table : pd.DataFrame
        :func:`compare_feature_subsets` by group (with ``all features``).

    Returns
    -------
    pd.DataFrame
        Index ``feature set``; ``ours (fma_small-like data): LR test %`` where we have that set
        (a chroma row only where all three chroma groups are present: ours is their mean), then
        the four reported columns ``FMA medium, reported: LR %``, ``kNN %``, ``SVM %``, ``MLP %``.

    Examples
    --------
    >>> t = pd.DataFrame({"test_accuracy": [0.5, 0.6]}, index=["mfcc", "all features"])
    >>> tabulate_fma_medium(t).loc["mfcc"].tolist()
    [50.0, 58.0, 55.0, 61.0, 53.0]
    """
    rows, ours = [], []
    for groups, reported in REPORTED_FMA_MEDIUM.items():
        name = groups[0] if len(groups) == 1 else "chroma (3 groups)"
        present = [g for g in groups if g in table.index]
        ours.append(100 * float(table.loc[present, "test_accuracy"].mean()) if len(present) == len(groups)
                    else float("nan"))
        rows.append((name, *reported))
    for name, reported in REPORTED_FMA_MEDIUM_COMBINED.items():
        ours.append(100 * float(table.loc[name, "test_accuracy"]) if name in table.index else float("nan"))
        rows.append((name, *reported))
    columns = ["FMA medium, reported: LR %", "kNN %", "SVM %", "MLP %"]
    out = pd.DataFrame([r[1:] for r in rows], columns=columns, index=pd.Index([r[0] for r in rows],
                                                                               name="feature set"))
    out.insert(0, "ours: LR test %", ours)
    return out.round(1)


def compare_with_fma_medium(parts: dict, groups: dict[str, tuple[int, ...]], by_group: pd.DataFrame, *,
                            search: str, seed: int, jobs: int = -1) -> pd.DataFrame | None:
    """Fit the paper's combined feature sets too and tabulate everything beside its figures.

    Parameters
    ----------
    parts : dict
        :func:`genrebook.evaluation.split_features`.
    groups : dict
        Feature groups and their column positions (:func:`make_feature_subsets` by ``feature``).
    by_group : pd.DataFrame
        :func:`compare_feature_subsets` on ``groups`` plus ``all features``.
    search, seed, jobs
        As for :func:`compare_feature_subsets`.

    Returns
    -------
    pd.DataFrame or None
        :func:`tabulate_fma_medium`; None where the dataset does not have FMA's 11 groups.
    """
    from genrebook.classical import FMA_GROUPS

    if set(groups) != FMA_GROUPS:
        return None
    combined = {name: sum((groups[g] for g in name.split(" + ")), ())
                for name in REPORTED_FMA_MEDIUM_COMBINED if name not in by_group.index}
    extra = compare_feature_subsets(parts, combined, search=search, seed=seed, jobs=jobs)
    return tabulate_fma_medium(pd.concat([by_group, extra]))
