"""Classical models: scikit-learn pipelines, tuning on the validation split, evaluation on the test
split (intervals, baselines, confusion), feature-wise fits and the artist effect.

Submodules imported by name (their functions are not re-exported here):
:mod:`~genrebook.models.artist`, :mod:`~genrebook.models.featurewise`, :mod:`~genrebook.models.sampling`
(which training tracks a fit sees when the training split is large).
"""

from genrebook.models.evaluation import (
    compute_accuracy_interval,
    compute_baselines,
    compute_genre_scores,
    count_artist_overlap,
    find_confused_pairs,
    fit_and_predict,
    make_confusion,
    make_random_split,
    predict_test_split,
    split_features,
)
from genrebook.models.pipelines import (
    CLASSICAL_MODELS,
    LOGREG_MAX_ITER,
    MIN_ENSEMBLE_CAP,
    SEARCH_SPACES,
    STAGE_PARAMS,
    make_classical_pipeline,
    make_classifier,
    make_logreg_pipeline,
    make_search_space,
)
from genrebook.models.tuning import (
    LEARNING_FRACTIONS,
    Candidate,
    compute_learning_curve,
    evaluate_candidates,
    make_candidates,
    pick_best,
    sample_training_rows,
    search_validation,
    tune_and_evaluate,
)

__all__ = [
    "compute_accuracy_interval",
    "compute_baselines",
    "compute_genre_scores",
    "count_artist_overlap",
    "find_confused_pairs",
    "fit_and_predict",
    "make_confusion",
    "make_random_split",
    "predict_test_split",
    "split_features",
    "CLASSICAL_MODELS",
    "LOGREG_MAX_ITER",
    "MIN_ENSEMBLE_CAP",
    "SEARCH_SPACES",
    "STAGE_PARAMS",
    "make_classical_pipeline",
    "make_classifier",
    "make_logreg_pipeline",
    "make_search_space",
    "Candidate",
    "LEARNING_FRACTIONS",
    "compute_learning_curve",
    "evaluate_candidates",
    "make_candidates",
    "pick_best",
    "sample_training_rows",
    "search_validation",
    "tune_and_evaluate",
]
