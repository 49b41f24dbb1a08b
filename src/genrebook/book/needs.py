"""What each chapter needs from its dataset, checked before its heavy work, and what its page says
when the dataset lacks it.

Every chapter that reads a dataset declares its needs in :data:`NEEDS`. Its setup cell
(:func:`genrebook.book.chapter.setup_chapter`) checks them on the loaded dataset
(:func:`find_unmet`) before anything heavy runs; when one is unmet it raises
:class:`MissingNeeds`, whose message is one paragraph for readers: what the chapter needs, what
this dataset lacks and how to get it. ``genrebook run`` and ``genrebook book`` turn that error
into the chapter's page (:func:`make_explained_notebook`: the title and the paragraph, nothing
glued), record the chapter as *explained* in ``runs.json``, and go on with the other chapters.
Papermill run directly stops at the setup cell with the same paragraph and no traceback.

A new chapter adopts this with one entry in :data:`NEEDS`; nothing in the chapter changes.

Used in: every chapter (through its setup cell), :mod:`genrebook.book.runner`, 00_intro, 99_execution.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from genrebook.book.formatting import name_group
from genrebook.book.verdicts.words import join_words
from genrebook.fma.columns import SPLITS
from genrebook.fma.dataset import NO_SPLIT_REASONS

#: Every need a chapter may declare, in the order they are checked and named.
NEED_KINDS: tuple[str, ...] = ("tracks", "features", "groups", "images", "genres") + SPLITS


#: What each need asks of a dataset, as the page words it.
WANTS: dict[str, str] = {
    "tracks": "at least one usable track",
    "features": "a table of feature statistics",
    "groups": "features of at least two groups",
    "images": "a spectrogram image of every track",
    "genres": "tracks of at least two genres",
    "training": "training tracks",
    "validation": "validation tracks",
    "test": "test tracks",
}


@dataclass(frozen=True)
class Needs:
    """What one chapter does and needs.

    Attributes
    ----------
    does : str
        What the chapter does, completing "This chapter ...".
    kinds : tuple of str
        Keys of :data:`WANTS`.
    """

    does: str
    kinds: tuple[str, ...]

    def __post_init__(self):
        unknown = sorted(set(self.kinds) - set(NEED_KINDS))
        if unknown:
            raise ValueError(f"unknown need {', '.join(map(repr, unknown))}; needs are {', '.join(NEED_KINDS)}")


_MODELS = ("features", "genres") + SPLITS

#: What each chapter needs from its dataset; chapters not named here (the summaries) need nothing.
NEEDS: dict[str, Needs] = {
    "01_data": Needs("describes the dataset's tracks, genres, features and clips", ("tracks",)),
    "02_limitations": Needs("measures what limits a genre classifier here, with one logistic regression fitted to "
                            "the features", ("features", "genres", "training", "test")),
    "03_classical_models": Needs("tunes classical classifiers on the tracks' feature statistics", _MODELS),
    "04_featurewise_logreg": Needs("fits a logistic regression to one group of features at a time",
                                   ("features", "groups", "genres") + SPLITS),
    "05_cnn": Needs("trains convolutional networks on the tracks' spectrogram images", ("images", "genres") + SPLITS),
    # the classical half reads the features, the network half the images: the chapter needs both
    "06_what_models_hear": Needs("asks the fitted models which features, and which frequencies and moments of the "
                                 "clip, they rely on", ("features", "images", "genres") + SPLITS),
    "07_clustering": Needs("groups the tracks by their features, without their labels, and compares the groups "
                           "with the genres", ("features", "genres")),
    # the networks are optional members: without images the classical models are combined alone
    "08_ensemble": Needs("combines the classical models and the saved networks, the combination chosen on the "
                         "validation split", _MODELS),
}


@dataclass(frozen=True)
class Unmet:
    """One need a dataset does not meet.

    Attributes
    ----------
    kind : str
        A key of :data:`WANTS`.
    lacks : str
        What the dataset lacks, completing "This dataset ...".
    how : str
        How to get it: one sentence.
    """

    kind: str
    lacks: str
    how: str


class MissingNeeds(RuntimeError):
    """A chapter's dataset lacks what the chapter needs; the message is the paragraph its page shows.

    IPython shows the paragraph alone, without a traceback (``_render_traceback_``).
    """

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


#: How to get a split with tracks in every part.
_SPLIT_HOW = ("For a dataset whose tracks.csv has no split, `genrebook split DATASET` writes one (training, "
              "validation and test, stratified by genre, artists kept together); FMA's official split has all three "
              "parts.")


def _count(ds, column: str) -> int:
    return int(ds.tracks[column].notna().sum()) if column in ds.tracks else 0


def _check_tracks(ds) -> Unmet | None:
    if len(ds.tracks):
        return None
    reasons = pd.Series(ds.excluded, dtype="object").value_counts()
    why = f"; the most common reason: {reasons.index[0]}" if len(reasons) else ""
    how = (_SPLIT_HOW if set(reasons.index) & set(NO_SPLIT_REASONS.values())
           else "`genrebook info DATASET` lists why each track is left out.")
    return Unmet("tracks", f"has no usable track: all {len(ds.excluded):,} tracks of its tracks.csv are "
                           f"left out{why}", how)


def _check_features(ds) -> Unmet | None:
    if ds.features is not None and ds.features.shape[1] > 0:
        return None
    if _count(ds, "audio"):
        how = "`genrebook extract DATASET` computes FMA's 518 statistics from its audio."
    else:
        how = ("It has no audio to compute them from either: use a dataset folder with FMA's features.csv "
               "(`genrebook download --subset small --metadata-only` makes one from FMA's metadata alone), or add "
               "the audio and run `genrebook extract DATASET`.")
    return Unmet("features", "has no feature table", how)


def _check_groups(ds) -> Unmet | None:
    if ds.features is None:
        return None  # said by the features check
    groups = list(ds.features.columns.get_level_values(0).unique())
    if len(groups) >= 2:
        return None
    return Unmet("groups", f"has features of {'one group only, ' + name_group(groups[0]) if groups else 'no group'}",
                 "FMA's features.csv and `genrebook extract` both give eleven groups.")


def _check_images(ds) -> Unmet | None:
    n, images, audio = len(ds.tracks), _count(ds, "spectrogram"), _count(ds, "audio")
    if images == n:
        return None
    lacks = (f"has a spectrogram image of none of its {n:,} tracks" if images == 0
             else f"has a spectrogram image of only {images:,} of its {n:,} tracks")
    if audio:
        how = "`genrebook extract DATASET` renders an image of every clip from its audio."
    else:
        how = ("Images are rendered from the audio, and this dataset has none: add FMA's audio "
               "(`genrebook download --subset small`) or make a dataset of your own audio files "
               "(`genrebook import-folder`), then run `genrebook extract DATASET`.")
    return Unmet("images", lacks, how)


def _check_genres(ds, *, in_training: bool) -> Unmet | None:
    tracks = ds.tracks[ds.tracks["split"] == "training"] if in_training else ds.tracks
    genres = sorted(tracks["genre"].dropna().unique())
    if len(genres) >= 2 or (in_training and len(tracks) == 0):
        return None  # a training part without tracks is said by the split check
    where = " among its training tracks" if in_training else ""
    lacks = f"has tracks of only one genre{where}, {genres[0]}" if genres else f"has no genre{where}"
    return Unmet("genres", lacks, "Telling genres apart needs tracks of at least two: use a dataset with more "
                                  "top-level genres.")


def _check_splits(ds, parts: tuple[str, ...]) -> Unmet | None:
    counts = ds.tracks["split"].value_counts()
    empty = [p for p in parts if int(counts.get(p, 0)) == 0]
    if not empty:
        return None
    return Unmet(empty[0], f"has no {join_words(empty).replace(' and ', ' or ')} tracks", _SPLIT_HOW)


def find_unmet(chapter: str, ds) -> tuple[Unmet, ...]:
    """List what a chapter needs and its dataset lacks (empty when every need is met).

    Parameters
    ----------
    chapter : str
        ``NN_slug``; a chapter not in :data:`NEEDS` needs nothing.
    ds : genrebook.fma.dataset.Dataset
        Loaded as the chapter loads it (its ``feature_source`` and ``image_source``).

    Returns
    -------
    tuple of Unmet
        In the order of :data:`NEED_KINDS`; only ``tracks`` when there is no usable track at all.
    """
    needs = NEEDS.get(chapter)
    if needs is None:
        return ()
    if (missing := _check_tracks(ds)) is not None:
        return (missing,)
    kinds = set(needs.kinds)
    checks = [_check_features(ds) if "features" in kinds else None,
              _check_groups(ds) if "groups" in kinds else None,
              _check_images(ds) if "images" in kinds else None,
              _check_genres(ds, in_training="training" in kinds) if "genres" in kinds else None,
              _check_splits(ds, tuple(p for p in SPLITS if p in kinds))]
    return tuple(c for c in checks if c is not None)


def describe_needs(chapter: str) -> str:
    """Say what a chapter needs, in words.

    Examples
    --------
    >>> describe_needs("07_clustering")
    'a table of feature statistics and tracks of at least two genres'
    >>> describe_needs("02_limitations")
    'a table of feature statistics, tracks of at least two genres and tracks in the training and test parts of the split'
    """
    kinds = NEEDS[chapter].kinds if chapter in NEEDS else ()
    wants = [WANTS[k] for k in kinds if k not in SPLITS]
    parts = [p for p in SPLITS if p in kinds]
    if parts:
        wants.append(f"tracks in the {join_words(parts)} part{'s' if len(parts) > 1 else ''} of the split")
    return join_words(wants)


def explain_unmet(chapter: str, unmet: tuple[Unmet, ...], *, dataset_name: str) -> str:
    """The one paragraph a chapter's page shows instead of its sections: needs, what is lacking, how to get it.

    Examples
    --------
    >>> paragraph = explain_unmet("07_clustering", (Unmet("genres", "has one genre, Rock", "Add genres."),),
    ...                           dataset_name="rock only")
    >>> paragraph.startswith("**Not computed for this dataset.** This chapter groups the tracks by their features")
    True
    >>> paragraph[paragraph.index("This dataset"):]
    'This dataset (rock only) has one genre, Rock. Add genres. The rest of the book is computed without it.'
    """
    hows = list(dict.fromkeys(u.how for u in unmet))
    lacks = join_words([u.lacks for u in unmet]) if len(unmet) < 3 else "; ".join(u.lacks for u in unmet)
    return (f"**Not computed for this dataset.** This chapter {NEEDS[chapter].does}; it needs {describe_needs(chapter)}. "
            f"This dataset ({dataset_name}) {lacks}. {' '.join(hows)} The rest of the book is computed without it.")


def check_needs(chapter: str, ds) -> None:
    """Raise :class:`MissingNeeds` (the page's paragraph) when the dataset lacks what the chapter needs."""
    unmet = find_unmet(chapter, ds)
    if unmet:
        raise MissingNeeds(explain_unmet(chapter, unmet, dataset_name=ds.name))


def read_title(source: Path) -> str:
    """A chapter's title: the first ``# `` heading of its Jupytext source (the file name when it has none)."""
    lines = [line.strip() for line in source.read_text().splitlines()]
    return next((line[4:].strip() for line in lines if line.startswith("# # ")), source.stem)


def make_explained_notebook(source: Path, paragraph: str, *, metadata: dict | None = None):
    """The page of a chapter whose dataset lacks what it needs: its title and one paragraph, nothing glued.

    Parameters
    ----------
    source : Path
        The chapter's Jupytext source (for its title).
    paragraph : str
        :class:`MissingNeeds`' message.
    metadata : dict, optional
        Notebook metadata (the kernel), as the executed chapters carry it.

    Returns
    -------
    nbformat.NotebookNode
    """
    import nbformat  # deferred: nbformat is optional (extra 'book')

    cells = [nbformat.v4.new_markdown_cell(f"# {read_title(source)}\n\n{paragraph}")]
    return nbformat.v4.new_notebook(cells=cells, metadata=dict(metadata or {}))
