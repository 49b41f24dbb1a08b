"""What chapter 06 says about its clusterings: which k each method chose, the agreement table
beside its random floor, and which representation agrees best with the genres.

Used in: 06_clustering.
"""

from __future__ import annotations

import pandas as pd

from genrebook.clustering.fit import METHODS, REPRESENTATIONS


def describe_chosen_k(scores: pd.DataFrame) -> str:
    """List the chosen k per method (and representation, where there are several) as a phrase."""
    parts = []
    for representation, rows in scores.groupby(level="representation", sort=False):
        listed = ", ".join(f"{METHODS[m]} {k}" for (_, m), k in rows["chosen_k"].items())
        parts.append(listed + (f" ({REPRESENTATIONS[representation]})" if scores.index.levels[0].size > 1 else ""))
    return "; ".join(parts)


def make_score_table(scores: pd.DataFrame, floor: dict[str, float], *, genre_k: int) -> pd.DataFrame:
    """Arrange :func:`summarize_agreement` for reading, with the random floor as a last row."""
    shown = scores.rename(index={**METHODS, **REPRESENTATIONS})
    shown.loc[("random assignment", "uniform"), :] = {"tracks": scores["tracks"].max(), "chosen_k": genre_k,
                                                      **{f"{k}_genre_k": v for k, v in floor.items()}}
    names = {"tracks": "tracks", "chosen_k": "chosen k"}
    for suffix, at in (("genre_k", f"k={genre_k}"), ("chosen_k", "chosen k")):
        names.update({f"{m}_{suffix}": f"{label} ({at})" for m, label in (("ari", "ARI"), ("nmi", "NMI"),
                                                                         ("purity", "purity"))})
    return shown.astype({"tracks": int, "chosen_k": int}).rename(columns=names)


def compare_representations(scores: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Put the representations side by side (ARI and NMI at the genre k, per method); say which is closer.

    Returns
    -------
    table : pd.DataFrame
        Index method; columns ``(score, representation)``.
    verdict : str
        A sentence for the prose.
    """
    methods = [m for m in METHODS if m in scores.index.get_level_values("method")]
    representations = [r for r in REPRESENTATIONS if r in scores.index.get_level_values("representation")]
    table = (scores[["ari_genre_k", "nmi_genre_k"]].rename(columns={"ari_genre_k": "ARI", "nmi_genre_k": "NMI"})
             .unstack("representation").reindex(index=methods, columns=pd.MultiIndex.from_product(
                 [["ARI", "NMI"], representations], names=[None, "representation"]))
             .rename(index=METHODS, columns=REPRESENTATIONS))
    best = scores.groupby(level="representation")["ari_genre_k"].max().sort_values(ascending=False)
    if len(best) < 2:
        return table, f"Only the {REPRESENTATIONS[best.index[0]]} were clustered, so there is nothing to compare."
    return table, (f"The {REPRESENTATIONS[best.index[0]]} give clusters closer to the genres: their best ARI is "
                   f"{best.iloc[0]:.3f}, against {best.iloc[1]:.3f} for the {REPRESENTATIONS[best.index[1]]}.")
