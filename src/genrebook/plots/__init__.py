"""Plots of the book. Every function takes ``ax=None`` (or ``axes=None``) and returns ``fig, ax``
(or ``fig, axes``).
"""

from genrebook.plots.base import make_axes
from genrebook.plots.clustering import plot_cluster_maps, plot_contingency, plot_k_sweep
from genrebook.plots.data import (
    plot_artist_effect,
    plot_clip_views,
    plot_durations,
    plot_feature_by_genre,
    plot_feature_correlation,
    plot_genre_cooccurrence,
    plot_spectrogram_images,
    plot_split_counts,
    plot_tracks_per_artist,
)
from genrebook.plots.models import (
    plot_confusion,
    plot_forward_selection,
    plot_learning_curve,
    plot_model_accuracies,
    plot_subset_accuracies,
    plot_training_curves,
)

__all__ = [
    "make_axes",
    "plot_cluster_maps",
    "plot_contingency",
    "plot_k_sweep",
    "plot_artist_effect",
    "plot_clip_views",
    "plot_durations",
    "plot_feature_by_genre",
    "plot_feature_correlation",
    "plot_genre_cooccurrence",
    "plot_spectrogram_images",
    "plot_split_counts",
    "plot_tracks_per_artist",
    "plot_confusion",
    "plot_forward_selection",
    "plot_learning_curve",
    "plot_model_accuracies",
    "plot_subset_accuracies",
    "plot_training_curves",
]
