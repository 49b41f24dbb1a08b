"""Chapter 03's tables and the reported figures its plot marks, kept apart from its results builders.

Used in: 03_classical_models (through :mod:`genrebook.book.pages.classical`).
"""

from __future__ import annotations

import pandas as pd

from genrebook.book.classical import ClassicalFits, describe_params
from genrebook.book.formatting import make_table
from genrebook.book.published import (
    FMA_PAPER_SOURCE,
    ORIGINAL_SOURCE,
    REPORTED_ORIGINAL,
    tabulate_reported_fma_medium,
)
from genrebook.book.verdicts import check_comparable_with_medium, describe_paired_short
from genrebook.models.pipelines import CLASSICAL_MODELS

#: Coverage of the bootstrap intervals (:func:`genrebook.models.evaluation.compute_accuracy_interval`).
INTERVAL_LEVEL = 0.95


def _name(key: str) -> str:
    return CLASSICAL_MODELS.get(key, key)


def tabulate_models(fits: ClassicalFits, ranked: list[str], balanced: pd.DataFrame) -> dict:
    """The reader tables of the tuning section: accuracies (balanced ones too where the genres are unbalanced)
    with the paired test, and the chosen parameters."""
    table, best = fits.table.loc[ranked].join(balanced), fits.best
    extra = {"balanced_accuracy": ("balanced accuracy", "percent"), "macro_f1": ("macro-F1", "number")}
    shown = table.assign(
        interval=list(zip(table["test_low"], table["test_high"])),
        chosen=[describe_params(table.loc[k, "name"], table.loc[k, "params"]) for k in ranked],
        paired=["the chosen model" if k == best else describe_paired_short(fits.correct(k), fits.correct(best))
                for k in ranked]).rename(index=_name)
    models = make_table(shown, {
        "test_accuracy": ("test accuracy", "percent"), "interval": (f"{INTERVAL_LEVEL:.0%} interval", "interval"),
        **(extra if fits.balance.unbalanced else {}),
        "validation_accuracy": ("validation accuracy", "percent"), "train_accuracy": ("train accuracy", "percent"),
        "paired": ("against the chosen model (McNemar)", "text")},
        index=("model", "text"), caption="Each model tuned on the validation split, best test accuracy first")
    parameters = make_table(shown, {"n_candidates": ("candidates tried", "count"),
                                    "chosen": ("parameters chosen on validation", "text")},
                            index=("model", "text"), caption="What the validation search chose for each model")
    return {"models": models, "parameters": parameters}



def find_reported_crosses(ds) -> tuple[pd.Series, str, str]:
    """The reported figures the accuracy plot marks, its legend and its caption's words: the FMA paper's
    where the dataset is like fma_medium, else the original analysis' (fma_small)."""
    if ds is not None and check_medium(ds).comparable:
        paper = tabulate_reported_fma_medium()
        return (pd.Series({_name(k): paper.loc[k, "test"] for k in paper.index if k in CLASSICAL_MODELS}, dtype=float),
                f"reported by the {FMA_PAPER_SOURCE} on fma_medium",
                "the test accuracies the FMA paper reported for three of these models on fma_medium with FMA's 518 "
                "statistics")
    return (pd.Series({_name(k): v[0] for k, v in REPORTED_ORIGINAL.items()}, dtype=float),
            f"reported by the {ORIGINAL_SOURCE}",
            "the test accuracies the original analysis reported for its five models on fma_small with FMA's 518 "
            "statistics")


def check_medium(ds):
    """Whether the dataset compares with the FMA paper's fma_medium (:func:`check_comparable_with_medium`)."""
    groups = list(ds.features.columns.get_level_values(0).unique())
    return check_comparable_with_medium(ds.genre_names, synthetic=ds.synthetic, feature_groups=groups)
