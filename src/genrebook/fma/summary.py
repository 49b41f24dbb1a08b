"""Summaries of a dataset: counts per genre and split, feature groups, file coverage, exclusions.

Used in: ``genrebook info``, 01_data, the book's intro.
"""

from __future__ import annotations

import warnings

import pandas as pd
import soundfile as sf
from sklearn.feature_selection import f_classif

from genrebook.fma.columns import SPLITS
from genrebook.fma.dataset import EMPTY_FEATURES, Dataset
from genrebook.fma.splitfile import SPLIT_FILE, read_split_settings


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
        spectrogram coverage, number of excluded tracks and of those whose feature row is empty.
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
        "n_empty_features": int((dataset.excluded == EMPTY_FEATURES).sum()),
    }


def describe_split(dataset: Dataset) -> list[str]:
    """Say where a dataset's split comes from, with the settings and notes of one made by ``genrebook split``.

    Returns
    -------
    list of str
        Lines of ``genrebook info``'s summary.
    """
    if dataset.split_source == "official":
        return ["split: tracks.csv's own (set/split)"]
    if dataset.split_source is None:
        return [f"split: none; run `genrebook split {dataset.path}` to make one (80/10/10 per genre, "
                "artists kept apart)"]
    settings = read_split_settings(dataset.path)
    shares = "/".join(f"{100 * v:g}" for v in settings.get("fractions", {}).values())
    grouping = settings.get("grouped_by", "track")
    kept = f"artists kept apart ({grouping})" if grouping != "track" else "split by track (no artist known)"
    lines = [f"split: {SPLIT_FILE}, made by `genrebook split`: seed {settings.get('seed', '?')}, {shares} % "
             f"per genre, {kept}"]
    return lines + [f"  note: {note}" for note in settings.get("notes", [])]


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
        *describe_split(dataset),
        "",
        "tracks per genre and split:",
        count_tracks(dataset).to_string(),
        "",
    ]
    groups = describe_feature_groups(dataset.features)
    if len(groups):
        lines += [f"features ({facts['feature_source']} features.csv): {facts['n_feature_columns']} columns",
                  groups.to_string(),
                  f"tracks whose feature row is empty (excluded): {facts['n_empty_features']:,}", ""]
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


def describe_genre_hierarchy(genres: pd.DataFrame, top_genres: list[str]) -> pd.DataFrame:
    """Describe the FMA genre tree below each of the given top-level genres.

    Parameters
    ----------
    genres : pd.DataFrame
        ``genres.csv`` (``parent``, ``title``, ``top_level``, ``#tracks``).
    top_genres : list of str
        Titles of top-level genres to describe.

    Returns
    -------
    pd.DataFrame
        One row per top genre: its id, number of sub-genres at any depth, depth of its tree, and
        its largest sub-genres (by FMA's track count).
    """
    rows = {}
    for title in top_genres:
        matches = genres.index[(genres["title"] == title) & (genres["parent"] == 0)]
        if len(matches) == 0:
            continue
        root = int(matches[0])
        below = genres[(genres["top_level"] == root) & (genres.index != root)]
        depth = 0
        for genre_id in below.index:
            level, parent = 1, genres.loc[genre_id, "parent"]
            while parent not in (root, 0) and parent in genres.index:
                level, parent = level + 1, genres.loc[parent, "parent"]
            depth = max(depth, level)
        largest = below.sort_values("#tracks", ascending=False)["title"].head(4) if "#tracks" in below else below["title"]
        rows[title] = {"genre_id": root, "sub-genres": len(below), "depth": depth,
                       "largest sub-genres": ", ".join(largest)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("genre")


def count_artists(tracks: pd.DataFrame) -> pd.DataFrame:
    """Count artists and tracks per split, and artists that appear in more than one split.

    Returns
    -------
    pd.DataFrame
        Rows: splits; columns ``tracks``, ``artists``, ``tracks per artist (median)``,
        ``artists also in another split``, ``tracks without artist``.
    """
    known = tracks.dropna(subset=["artist_id"])
    splits_per_artist = known.groupby("artist_id", observed=True)["split"].nunique()
    shared = set(splits_per_artist.index[splits_per_artist > 1])
    rows = {}
    for split in SPLITS:
        part = tracks[tracks["split"] == split]
        per_artist = part.dropna(subset=["artist_id"]).groupby("artist_id").size()
        rows[split] = {
            "tracks": len(part),
            "artists": int(per_artist.size),
            "tracks per artist (median)": float(per_artist.median()) if len(per_artist) else 0.0,
            "artists also in another split": int(len(set(per_artist.index) & shared)),
            "tracks without artist": int(part["artist_id"].isna().sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("split")


def read_clip_durations(paths: pd.Series) -> pd.Series:
    """Read the duration in seconds of each audio file from its header (no decoding).

    Parameters
    ----------
    paths : pd.Series
        Audio paths indexed by track id (``None`` where absent).

    Returns
    -------
    pd.Series
        Durations indexed by track id, for the files that could be read.
    """
    durations = {}
    for track_id, path in paths.dropna().items():
        try:
            durations[track_id] = sf.info(path).duration
        except Exception:  # unreadable headers are reported by extraction, not here
            continue
    return pd.Series(durations, dtype=float, name="duration")


def pick_examples(tracks: pd.DataFrame, column: str, *, n: int = 8, seed: int = 0) -> pd.DataFrame:
    """Pick at most one track per genre whose ``column`` (``audio`` or ``spectrogram``) exists.

    Returns
    -------
    pd.DataFrame
        Up to ``n`` rows of ``tracks``, one genre each, in genre order.
    """
    available = tracks[tracks[column].notna()]
    picked = [group.sample(1, random_state=seed) for _, group in available.groupby("genre", sort=True)]
    return pd.concat(picked).head(n) if picked else available.head(0)


def rank_features_by_genre(features: pd.DataFrame, tracks: pd.DataFrame) -> pd.Series:
    """Rank feature columns by how well they separate genres on the training split (ANOVA F).

    Returns
    -------
    pd.Series
        F statistic per column (flattened ``group/statistic/number`` names), highest first.
    """
    train = tracks.index[tracks["split"] == "training"]
    block = features.loc[train]
    values = block.fillna(block.median()).to_numpy()
    with warnings.catch_warnings():  # constant columns (tiny or synthetic data) get no F; they are dropped below
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        scores, _ = f_classif(values, tracks.loc[train, "genre"].to_numpy())
    names = ["/".join(map(str, c)) for c in features.columns]
    return pd.Series(scores, index=names, name="F").dropna().sort_values(ascending=False)
