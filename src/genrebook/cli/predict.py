"""Sub-command ``genrebook predict``: the genre probabilities of audio files.

Used in: :func:`genrebook.cli.main`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from genrebook.cli.options import emit, positive_int
from genrebook.cnn.predict import format_predictions, predict_files


def cmd_predict(args: argparse.Namespace) -> int:
    """Print genre probabilities of audio files; exit code 1 when any file could not be predicted."""
    predictions, _ = predict_files(args.files, model_path=args.model)
    emit(format_predictions(predictions, fmt=args.format, top=args.top))
    return 1 if any(p.error for p in predictions) else 0


def add_predict_parser(sub) -> None:
    """Add ``genrebook predict``: print genre probabilities of audio files; exit code 1 when any file could not be predicted."""
    predict = sub.add_parser("predict", help="print the genre probabilities of audio files (songs are cut into "
                                             "30-s windows whose predictions are averaged)")
    predict.add_argument("files", nargs="+", type=Path, metavar="FILE")
    predict.add_argument("--model", type=Path, default=None,
                         help="a saved network (.keras); default: the best saved network usable on audio, "
                              "preferring real data over synthetic, then more tracks, then validation accuracy")
    predict.add_argument("--format", choices=("table", "json"), default="table")
    predict.add_argument("--top", type=positive_int, default=3, help="genres shown per file")
    predict.set_defaults(func=cmd_predict)

