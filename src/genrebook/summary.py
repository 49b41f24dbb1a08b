"""Summaries of a dataset: counts per genre and split, feature groups, file coverage, exclusions.

Used in: ``genrebook info``, 01_data, the book's intro.
"""

from __future__ import annotations

import pandas as pd

from genrebook.columns import SPLITS
from genrebook.data import Dataset


def count_tracks(dataset: Dataset) -> pd.DataFrame:
    """Count tracks per genre and split.

    Returns
    -------
    pd.DataFrame [shape=(n_genres + 1, 4)]
        Rows: genres then ``all``; columns: ``training``, ``validation``, ``test``, ``total``.
    """
    table = pd.crosstab(dataset.tracks["genre"], dataset.tracks["split"]).reindex(columns=list(SPLITS), fill_value=0)
    table["total"] = table.sum(axis=1)
    table.loc["all"] = table.sum(axis=0)
    table.index.name = "genre"
    table.columns.name = None
    return table


def describe_feature_groups(features: pd.DataFrame | None) -> pd.DataFrame:
    """List feature groups with their statistics and widths.

    Returns
    -------
    pd.DataFrame
        One row per group: ``statistics`` (comma-separated), ``coefficients``, ``columns``.
    """
    if features is None:
        return pd.DataFrame(columns=["statistics", "coefficients", "columns"])
    rows = {}
    for group in features.columns.get_level_values("feature").unique():
        block = features[group]
        stats = list(block.columns.get_level_values("statistics").unique())
        rows[group] = {
            "statistics": ", ".join(stats),
            "coefficients": block.columns.get_level_values("number").nunique(),
            "columns": block.shape[1],
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")


def summarize_dataset(dataset: Dataset) -> dict:
    """Collect the headline facts of a dataset as plain Python values.

    Returns
    -------
    dict
        Name, kind, counts per split, number of genres and artists, feature width, audio and
        spectrogram coverage, number of excluded tracks.
    """
    tracks = dataset.tracks
    split_counts = tracks["split"].value_counts().reindex(list(SPLITS), fill_value=0)
    return {
        "name": dataset.name,
        "synthetic": dataset.synthetic,
        "path": str(dataset.path),
        "n_tracks": int(len(tracks)),
        "n_training": int(split_counts["training"]),
        "n_validation": int(split_counts["validation"]),
        "n_test": int(split_counts["test"]),
        "n_genres": int(tracks["genre"].nunique()),
        "n_artists": int(tracks["artist_id"].nunique()),
        "n_feature_columns": 0 if dataset.features is None else int(dataset.features.shape[1]),
        "feature_source": dataset.feature_source,
        "n_audio": int(tracks["audio"].notna().sum()),
        "n_spectrograms": int(tracks["spectrogram"].notna().sum()),
        "n_excluded": int(len(dataset.excluded)),
    }


def format_summary(dataset: Dataset) -> str:
    """Render the summary that ``genrebook info`` prints.

    Returns
    -------
    str
        Plain text: kind, counts per genre and split, feature groups, coverage, exclusions.
    """
    facts = summarize_dataset(dataset)
    kind = "SYNTHETIC demo data made by genrebook" if facts["synthetic"] else "real data"
    lines = [
        f"dataset: {facts['name']} ({kind})",
        f"folder: {facts['path']}",
        f"tracks: {facts['n_tracks']:,} (training {facts['n_training']:,} / validation "
        f"{facts['n_validation']:,} / test {facts['n_test']:,}), {facts['n_genres']} genres, "
        f"{facts['n_artists']:,} artists",
        "",
        "tracks per genre and split:",
        count_tracks(dataset).to_string(),
        "",
    ]
    groups = describe_feature_groups(dataset.features)
    if len(groups):
        lines += [f"features ({facts['feature_source']} features.csv): {facts['n_feature_columns']} columns",
                  groups.to_string(), ""]
    else:
        lines += ["features: none (run `genrebook extract` to compute them)", ""]
    n = max(facts["n_tracks"], 1)
    lines += [
        f"audio: {facts['n_audio']:,} of {facts['n_tracks']:,} tracks ({100 * facts['n_audio'] / n:.1f} %)",
        f"spectrogram images: {facts['n_spectrograms']:,} of {facts['n_tracks']:,} tracks "
        f"({100 * facts['n_spectrograms'] / n:.1f} %)",
        f"excluded: {facts['n_excluded']:,} tracks",
    ]
    reasons = dataset.excluded.value_counts()
    lines += [f"  {count:>7,}  {reason}" for reason, count in reasons.items()]
    return "\n".join(lines)
