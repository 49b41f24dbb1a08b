"""The tables of chapter 04's feature-wise fits, and the reported figures they sit beside.

One table per set of subsets (groups, statistics) or selection steps, every name as people say it
(``MFCC``, ``spectral contrast``, ``standard deviation``); and the published figures: the
original analysis' logistic regression, and the FMA paper's accuracies per feature set on
fma_medium, always labelled as reported. The results builders of
:mod:`genrebook.book.pages.featurewise` call these.

Used in: 04_featurewise_logreg.
"""

from __future__ import annotations

import pandas as pd

from genrebook.book.formatting import ReaderTable, make_table, name_group
from genrebook.book.published import REPORTED_FMA_MEDIUM, REPORTED_FMA_MEDIUM_COMBINED, REPORTED_FMA_MEDIUM_VALUES
from genrebook.fma.columns import FEATURE_SIZES

#: The label of the model on every feature column in the fitted tables.
ALL_FEATURES = "all features"

#: The FMA paper's chroma row: 84 values, one of FMA's three chroma groups, not saying which.
CHROMA_ROW = "chroma (one of three groups)"


def format_penalty(params: dict) -> str:
    """Write the chosen inverse penalty strength ``C`` of a logistic regression (``'0.003'``).

    Examples
    --------
    >>> format_penalty({"C": 0.003}), format_penalty({"C": 1.0}), format_penalty({})
    ('0.003', '1', '—')
    """
    return f"{params['C']:g}" if "C" in params else "—"


def summarize_subsets(table: pd.DataFrame, *, names: dict[str, str], header: str, caption: str) -> ReaderTable:
    """Arrange :func:`genrebook.models.featurewise.compare_feature_subsets`'s table for reading.

    Subsets come best test accuracy first; the model on all features, where present, last.

    Parameters
    ----------
    table : pd.DataFrame
        One row per subset (its key); columns ``n_columns``, ``test_accuracy``, ``test_low``,
        ``test_high``, ``train_accuracy``, ``validation_accuracy``, ``params``, and optionally
        ``balanced_accuracy`` and ``macro_f1`` (shown after the interval where present).
    names : dict
        ``{subset key: name shown}``.
    header, caption : str
        The first column's header and the table's caption.

    Examples
    --------
    >>> t = pd.DataFrame({"n_columns": [4, 8], "test_accuracy": [0.5, 0.6], "test_low": [0.4, 0.5],
    ...                   "test_high": [0.6, 0.7], "train_accuracy": [0.7, 0.8], "validation_accuracy": [0.5, 0.6],
    ...                   "params": [{"C": 0.1}, {"C": 1.0}]}, index=["mfcc", "all features"])
    >>> table = summarize_subsets(t, names={"mfcc": "MFCC", "all features": "all"}, header="group", caption="")
    >>> table.frame.values[0].tolist()
    ['MFCC', '4', '50.0%', '40.0–60.0%', '70.0%', '50.0%', '0.1']
    """
    ordered = table.drop(index=ALL_FEATURES, errors="ignore").sort_values("test_accuracy", ascending=False,
                                                                         kind="stable")
    if ALL_FEATURES in table.index:
        ordered = pd.concat([ordered, table.loc[[ALL_FEATURES]]])
    shown = pd.DataFrame({
        "n_columns": ordered["n_columns"].to_numpy(),
        "test": ordered["test_accuracy"].to_numpy(),
        "interval": list(zip(ordered["test_low"], ordered["test_high"])),
        "train": ordered["train_accuracy"].to_numpy(),
        "validation": ordered["validation_accuracy"].to_numpy(),
        "C": [format_penalty(p) for p in ordered["params"]],
    }, index=[names[k] for k in ordered.index])
    balanced = {c: h for c, h in (("balanced_accuracy", ("balanced accuracy", "percent")),
                                  ("macro_f1", ("macro-F1", "number"))) if c in ordered}
    shown = shown.assign(**{c: ordered[c].to_numpy() for c in balanced})
    return make_table(shown, {"n_columns": ("columns", "count"), "test": ("test accuracy", "percent"),
                              "interval": ("95% interval", "interval"), **balanced,
                              "train": ("training accuracy", "percent"),
                              "validation": ("validation accuracy", "percent"), "C": ("chosen C", "text")},
                      index=(header, "text"), caption=caption)


def tabulate_steps(steps: pd.DataFrame) -> ReaderTable:
    """The steps of a forward selection for reading: group added, columns, accuracies, change on test.

    Parameters
    ----------
    steps : pd.DataFrame
        :func:`genrebook.models.featurewise.select_groups_forward`'s steps (group keys in ``added``).

    Examples
    --------
    >>> s = pd.DataFrame({"added": ["mfcc", "zcr"], "n_columns": [140, 147], "params": [{"C": 0.1}, {"C": 0.1}],
    ...                   "validation_accuracy": [0.5, 0.52], "test_accuracy": [0.5, 0.49], "test_low": [0.45, 0.44],
    ...                   "test_high": [0.55, 0.54], "test_gain": [0.5, -0.01]}, index=pd.RangeIndex(1, 3, name="step"))
    >>> tabulate_steps(s).frame.values[1].tolist()
    ['2', 'zero-crossing rate', '147', '0.1', '52.0%', '49.0%', '44.0–54.0%', '−1.0 points']
    """
    shown = pd.DataFrame({
        "added": [name_group(g) for g in steps["added"]],
        "n_columns": steps["n_columns"].to_numpy(),
        "C": [format_penalty(p) for p in steps["params"]],
        "validation": steps["validation_accuracy"].to_numpy(),
        "test": steps["test_accuracy"].to_numpy(),
        "interval": list(zip(steps["test_low"], steps["test_high"])),
        "change": [None] + list(steps["test_gain"].iloc[1:]),
    }, index=steps.index)
    return make_table(shown, {"added": ("group added", "text"), "n_columns": ("columns", "count"),
                              "C": ("chosen C", "text"), "validation": ("validation accuracy", "percent"),
                              "test": ("test accuracy", "percent"), "interval": ("95% interval", "interval"),
                              "change": ("change on test", "points")},
                      index=("step", "count"),
                      caption="Greedy forward selection: the group each step adds, chosen on the validation split")


def tabulate_original(reported: list[tuple[str, float, float | None]], ours: dict[str, tuple] | None) -> ReaderTable:
    """The original analysis' reported logistic regression, with ours beside it where comparable.

    Parameters
    ----------
    reported : list of (label, test accuracy, training accuracy or None)
        As reported, one row each.
    ours : dict or None
        ``{label: (test accuracy, low, high)}``; None when the figures are not comparable (no
        column of ours then).

    Examples
    --------
    >>> tabulate_original([("MFCC", 0.522, None)], None).frame.values.tolist()
    [['MFCC', '52.2%', '—']]
    >>> tabulate_original([("MFCC", 0.522, None)], {"MFCC": (0.5, 0.45, 0.55)}).frame.columns[-1]
    'this book: 95% interval'
    """
    frame = pd.DataFrame({"test": [r[1] for r in reported], "train": [r[2] for r in reported]},
                         index=[r[0] for r in reported])
    columns = {"test": ("reported test accuracy", "percent"), "train": ("reported training accuracy", "percent")}
    if ours is not None:
        frame["ours"] = [ours[r[0]][0] for r in reported]
        frame["interval"] = [tuple(ours[r[0]][1:]) for r in reported]
        columns.update(ours=("this book: test accuracy", "percent"), interval=("this book: 95% interval", "interval"))
    return make_table(frame, columns, index=("logistic regression on", "text"),
                      caption="Logistic regression as the original analysis reported it (fma_small)")


def list_fma_medium_sets() -> list[tuple[str, tuple[str, ...], tuple[int, int, int, int]]]:
    """The FMA paper's feature sets, named for readers, with their groups and reported accuracies (%).

    The paper's chroma row has 84 values, one chroma group, without saying which of FMA's three.

    Examples
    --------
    >>> [name for name, _, _ in list_fma_medium_sets()][:3]
    ['chroma (one of three groups)', 'tonnetz', 'MFCC']
    >>> list_fma_medium_sets()[-1][1] == tuple(FEATURE_SIZES)
    True
    """
    rows = []
    for groups, reported in REPORTED_FMA_MEDIUM.items():
        rows.append((CHROMA_ROW if len(groups) > 1 else name_group(groups[0]), groups, reported))
    for key, reported in REPORTED_FMA_MEDIUM_COMBINED.items():
        groups = tuple(FEATURE_SIZES) if key == ALL_FEATURES else tuple(key.split(" + "))
        name = "all 518 statistics" if key == ALL_FEATURES else " + ".join(name_group(g) for g in groups)
        rows.append((name, groups, reported))
    return rows


def tabulate_fma_medium(ours: dict[str, tuple] | None = None) -> ReaderTable:
    """FMA's published accuracies per feature set on fma_medium, as reported; ours beside them where comparable.

    Parameters
    ----------
    ours : dict, optional
        ``{FMA group key or 'all features': test accuracy}`` of our logistic regression; only given
        when the dataset is comparable with fma_medium. The chroma row and the combined sets stay
        empty (the paper's chroma group is not named; the combined sets are not fitted here).

    Examples
    --------
    >>> table = tabulate_fma_medium()
    >>> table.frame.iloc[2].tolist()
    ['MFCC', '140', '58%', '55%', '61%', '53%']
    >>> tabulate_fma_medium({"mfcc": 0.6}).frame.iloc[2].tolist()[-1]
    '60.0%'
    """
    sets = list_fma_medium_sets()
    frame = pd.DataFrame({
        "values": list(REPORTED_FMA_MEDIUM_VALUES),
        **{key: [f"{reported[i]}%" for _, _, reported in sets] for i, key in enumerate(("lr", "knn", "svm", "mlp"))},
    }, index=[name for name, _, _ in sets])
    columns = {"values": ("reported: values", "count"), "lr": ("reported: logistic regression", "text"),
               "knn": ("reported: kNN", "text"), "svm": ("reported: SVM", "text"), "mlp": ("reported: MLP", "text")}
    if ours is not None:
        frame["ours"] = [ours.get(_fitted_key(groups)) for _, groups, _ in sets]
        columns["ours"] = ("this book: logistic regression", "percent")
    return make_table(frame, columns, index=("feature set", "text"),
                      caption="Accuracy per feature set on fma_medium (16 genres) as the FMA paper reported it")


def find_fma_medium_counterparts(table: pd.DataFrame) -> list[tuple[str, float, float, float, float]]:
    """Our logistic regressions that have a counterpart among the FMA paper's single sets and all 518 statistics.

    Parameters
    ----------
    table : pd.DataFrame
        The fits by group (with ``all features``), FMA group keys as index.

    Returns
    -------
    list of (label, value, low, high, reported)
        Ready for :func:`genrebook.book.verdicts.describe_reported_comparisons` (reported as a share).

    Examples
    --------
    >>> t = pd.DataFrame({"test_accuracy": [0.6], "test_low": [0.55], "test_high": [0.65]}, index=["mfcc"])
    >>> find_fma_medium_counterparts(t)
    [('MFCC', 0.6, 0.55, 0.65, 0.58)]
    """
    rows = []
    for name, groups, reported in list_fma_medium_sets():
        key = _fitted_key(groups)
        if key in table.index:
            row = table.loc[key]
            rows.append((name, float(row["test_accuracy"]), float(row["test_low"]), float(row["test_high"]),
                         reported[0] / 100))
    return rows


def _fitted_key(groups: tuple[str, ...]) -> str:
    """The row of the fits by group that stands for one of the paper's sets ('' for none: chroma, combined sets)."""
    if set(groups) == set(FEATURE_SIZES):
        return ALL_FEATURES
    return groups[0] if len(groups) == 1 else ""
