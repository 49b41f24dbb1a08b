"""What chapter 04 shows of its feature-wise fits: the table of subsets, ours beside the original
analysis' reported per-group figures, and FMA's published fma_medium figures beside ours where
the dataset has FMA's eleven groups.

Used in: 04_featurewise_logreg.
"""

from __future__ import annotations

import pandas as pd

from genrebook.book.classical import FMA_GROUPS, format_intervals, format_params
from genrebook.book.published import (
    REPORTED_FMA_MEDIUM,
    REPORTED_FMA_MEDIUM_COMBINED,
    REPORTED_ORIGINAL,
    REPORTED_ORIGINAL_MFCC_LOGREG,
)
from genrebook.models.featurewise import compare_feature_subsets


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
        :func:`genrebook.models.evaluation.split_features`.
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

    if set(groups) != FMA_GROUPS:
        return None
    combined = {name: sum((groups[g] for g in name.split(" + ")), ())
                for name in REPORTED_FMA_MEDIUM_COMBINED if name not in by_group.index}
    extra = compare_feature_subsets(parts, combined, search=search, seed=seed, jobs=jobs)
    return tabulate_fma_medium(pd.concat([by_group, extra]))


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
