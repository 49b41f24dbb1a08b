"""FMA's files: column definitions, reading and writing them, dataset folders and :func:`load_dataset`,
the download of FMA's archives, the synthetic demo, audio clips and their quirks.

Data flow: FMA files -> :mod:`genrebook.features` -> :mod:`genrebook.models` / :mod:`genrebook.cnn` -> :mod:`genrebook.book`.

Submodules imported by name (their functions are not re-exported here):
:mod:`~genrebook.fma.genres`, :mod:`~genrebook.fma.sources`, :mod:`~genrebook.fma.summary`,
:mod:`~genrebook.fma.split` and :mod:`~genrebook.fma.splitfile` (a split for datasets without one),
:mod:`~genrebook.fma.importing` (genre folders of audio to a dataset folder),
:mod:`~genrebook.fma.subsets` (FMA's metadata without the audio), :mod:`~genrebook.fma.demo.tables`
(features-only datasets of any size).
"""

from genrebook.fma import demo
from genrebook.fma.audio import (
    FMA_CLIP_SECONDS,
    KNOWN_BAD_CLIPS,
    MIN_DURATION,
    AudioError,
    load_audio,
    make_audio_path,
    make_track_stem,
)
from genrebook.fma.columns import (
    FEATURE_LEVELS,
    FEATURE_SIZES,
    FMA_GROUPS,
    KINDS,
    SMALL_GENRES,
    SPLITS,
    STATISTICS,
    SUBSETS,
    TRACKS_COLUMNS,
    make_feature_columns,
    tracks_kinds,
)
from genrebook.fma.dataset import (
    EXTRACTED,
    FEATURE_SOURCES,
    Dataset,
    find_audio_clips,
    load_dataset,
    read_dataset_info,
    resolve_extracted_dir,
)
from genrebook.fma.download import (
    ARCHIVES,
    FMA_URL,
    Archive,
    check_subset,
    download_fma,
    fetch_archive,
    resolve_base_url,
)
from genrebook.fma.folders import DATASET_ALIASES, DEMO_DEFAULTS, resolve_dataset, resolve_demo_dir
from genrebook.fma.metadata import (
    load_echonest,
    load_features,
    load_genres,
    load_tracks,
    write_features,
    write_genres,
    write_tracks,
)
from genrebook.fma.transfer import (
    CHUNK_SIZE,
    HEADERS,
    RETRY_DELAY,
    RETRYABLE,
    TIMEOUT,
    ChecksumError,
    DownloadError,
    compute_sha1,
    download_archive,
    verify_archive,
)
from genrebook.fma.unpack import METADATA_FILES, UnsafeArchiveError, extract_archive, make_dataset_folder

__all__ = [
    "AudioError",
    "FMA_CLIP_SECONDS",
    "KNOWN_BAD_CLIPS",
    "MIN_DURATION",
    "load_audio",
    "make_audio_path",
    "make_track_stem",
    "FEATURE_LEVELS",
    "FEATURE_SIZES",
    "FMA_GROUPS",
    "KINDS",
    "SMALL_GENRES",
    "SPLITS",
    "STATISTICS",
    "SUBSETS",
    "TRACKS_COLUMNS",
    "make_feature_columns",
    "tracks_kinds",
    "Dataset",
    "EXTRACTED",
    "FEATURE_SOURCES",
    "find_audio_clips",
    "load_dataset",
    "read_dataset_info",
    "resolve_extracted_dir",
    "ARCHIVES",
    "Archive",
    "FMA_URL",
    "check_subset",
    "download_fma",
    "fetch_archive",
    "resolve_base_url",
    "DATASET_ALIASES",
    "DEMO_DEFAULTS",
    "resolve_dataset",
    "resolve_demo_dir",
    "load_echonest",
    "load_features",
    "load_genres",
    "load_tracks",
    "write_features",
    "write_genres",
    "write_tracks",
    "CHUNK_SIZE",
    "ChecksumError",
    "DownloadError",
    "HEADERS",
    "RETRYABLE",
    "RETRY_DELAY",
    "TIMEOUT",
    "compute_sha1",
    "download_archive",
    "verify_archive",
    "METADATA_FILES",
    "UnsafeArchiveError",
    "extract_archive",
    "make_dataset_folder",
    "demo",
]
