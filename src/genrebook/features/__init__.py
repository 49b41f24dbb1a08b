"""Audio features: one clip's 518 FMA statistics, log-mel image and MFCC (:mod:`~genrebook.features.clip`),
and their resumable, parallel extraction over a dataset (:mod:`~genrebook.features.extract`).
"""

from genrebook.features.clip import (
    HOP_LENGTH,
    IMAGE_SHAPE,
    N_FFT,
    N_MELS,
    N_MFCC,
    TOP_DB,
    compute_clip_features,
    compute_feature_matrices,
    compute_feature_vector,
    compute_statistics,
    make_feature_frame,
    make_spectrogram_image,
)
from genrebook.features.extract import (
    RECIPE,
    ExtractionReport,
    compute_clip,
    extract_clips,
    is_clip_done,
    read_clip_status,
    remove_stale_temporaries,
    save_clip,
    write_outputs,
)
from genrebook.features.prepare import extract_dataset, prepare_dataset

__all__ = [
    "HOP_LENGTH",
    "IMAGE_SHAPE",
    "N_FFT",
    "N_MELS",
    "N_MFCC",
    "TOP_DB",
    "compute_clip_features",
    "compute_feature_matrices",
    "compute_feature_vector",
    "compute_statistics",
    "make_feature_frame",
    "make_spectrogram_image",
    "ExtractionReport",
    "RECIPE",
    "compute_clip",
    "extract_clips",
    "is_clip_done",
    "read_clip_status",
    "remove_stale_temporaries",
    "save_clip",
    "write_outputs",
    "extract_dataset",
    "prepare_dataset",
]
