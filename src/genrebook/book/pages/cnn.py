"""Results builders of chapter 05 (convolutional networks): one function per section, each returning a
:class:`Section`.

The networks are loaded or trained once (:func:`genrebook.cnn.workflow.run_networks`); each builder
reads that run. A network the ``models`` parameter leaves out is not glued: its
``<network>_accuracy``/``_low``/``_high`` numbers exist only when it ran, so the prose uses the
best network's numbers, and the tables and figures carry every network's.

Used in: 05_cnn.
"""

from __future__ import annotations

import pandas as pd

from genrebook.book.balance import measure_balance, score_balanced
from genrebook.book.comparisons import (
    LOGREG_NAME,
    MULTI_TARGET,
    STRONG_TARGET,
    align_correct,
    find_classical_result,
    make_logreg,
    tabulate_comparison,
)
from genrebook.book.formatting import format_interval, format_percent, make_table
from genrebook.book.listening import make_listening_table
from genrebook.book.networks import (
    NETWORK_NAMES,
    describe_inputs,
    estimate_seconds_per_column,
    find_confident_mistakes,
    pick_image_examples,
    tabulate_networks,
)
from genrebook.book.published import ORIGINAL_CNN_ACCURACY
from genrebook.book.results import load_results
from genrebook.book.section import Section, builds
from genrebook.book.verdicts import (
    check_comparable,
    check_same_input,
    compare_model_with_reported,
    compare_with_targets,
    describe_balanced_scores,
    describe_most_confused,
    describe_paired,
    describe_song_matches,
    describe_training_curve,
    describe_wrong_predictions,
    join_words,
    quote_result,
)
from genrebook.cnn.networks import NETWORKS, RECIPES, WIDTHS
from genrebook.cnn.songs import describe_songs, pick_audio_network, predict_songs
from genrebook.cnn.train import CROP_SHARE, EVAL_CROPS, MASK_SHARE, PATIENCE
from genrebook.models.evaluation import (
    compute_accuracy_interval,
    find_confused_pairs,
    make_confusion,
    predict_test_split,
)
from genrebook.plots.base import plot_note
from genrebook.plots.data import plot_spectrogram_images
from genrebook.plots.models import plot_confusion, plot_training_curves


def name_network(network: str) -> str:
    """The network as a sentence names it: ``'strong'`` -> ``'the residual 2-D CNN'``."""
    return f"the {NETWORK_NAMES[network]}"


def _score(run, network: str):
    """``(accuracy, low, high)`` of a network of the run, or None when it did not run."""
    score = run.scores.get(network)
    return None if score is None else (score["accuracy"], score["low"], score["high"])


@builds("n_training", "n_validation", "n_test", "image_shape", "image_source", "baseline_input", "n_features",
        "device", "seconds_per_column", figures=("example_images",))
def describe_network_inputs(ds, params: dict) -> Section:
    """What the networks read, and one training image per genre."""
    numbers = describe_inputs(ds, params)
    numbers["seconds_per_column"] = round(estimate_seconds_per_column(ds), 3)
    examples = pick_image_examples(ds, seed=params["seed"])
    if len(examples):
        fig, _ = plot_spectrogram_images(list(examples["spectrogram"]), [str(g) for g in examples["genre"]])
    else:
        fig, _ = plot_note("This dataset has no spectrogram images.")
    return Section(numbers=numbers, figures={"example_images": fig})


#: Numbers only the networks that ran produce (the ``models`` parameter may leave some out).
PER_NETWORK = tuple(f"{n}_{k}" for n in NETWORKS for k in ("accuracy", "low", "high", "balanced_accuracy", "macro_f1"))


@builds("n_networks", "networks_run", "max_epochs", "strong_epochs", "patience", "residual_widths", "crop_share",
        "mask_rows", "mask_columns", "eval_crops", "best_network", "best_network_name", "best_accuracy", "best_low",
        "best_high", "best_interval", "best_balanced_accuracy", "best_macro_f1", "balance_note", optional=PER_NETWORK, tables=("networks",))
def summarize_networks(run, params: dict, ds=None) -> Section:
    """One row per network: accuracy with its interval (with unbalanced genres also balanced accuracy and
    macro-F1), validation accuracy, epochs, time, size; and how the networks are built and trained.

    The genres' balance is measured on the dataset's tracks (``ds``), else on the test tracks.
    ``strong_epochs`` is the residual CNN's cosine schedule: its recipe's epochs, or the ``epochs``
    parameter where fewer; ``patience`` the epochs the early-stopping networks wait for a better
    validation accuracy.
    """
    truth = run.scores[run.best]["predictions"]["true"]
    balance = measure_balance(ds.tracks["genre"] if ds is not None else truth)
    balanced = score_balanced({n: s["predictions"]["predicted"] for n, s in run.scores.items()}, truth)
    frame = tabulate_networks(run.networks, run.scores).join(balanced.rename(index=NETWORK_NAMES))
    extra = {"balanced_accuracy": ("balanced accuracy", "percent"), "macro_f1": ("macro-F1", "number")}
    table = make_table(frame, {"input": ("reads", "text"), "test accuracy": ("test accuracy", "percent"),
                               "interval": ("95% interval", "interval"), **(extra if balance.unbalanced else {}),
                               "validation accuracy": ("validation accuracy", "percent"),
                               "training seconds": ("training time", "seconds"), "weights": ("weights", "count"),
                               "trained now": ("trained in this run", "bool")},
                       index=("network", "text"), caption="The networks on the test split")
    best = run.scores[run.best]
    numbers = {"n_networks": len(run.networks),
               "networks_run": join_words([name_network(n) for n in run.networks]),
               "max_epochs": params["epochs"], "strong_epochs": min(params["epochs"], RECIPES["strong"].epochs),
               "patience": PATIENCE, "residual_widths": join_words([str(w) for w in WIDTHS]),
               "crop_share": CROP_SHARE, "mask_rows": MASK_SHARE[0],
               "mask_columns": MASK_SHARE[1], "eval_crops": EVAL_CROPS,
               "best_network": run.best, "best_network_name": NETWORK_NAMES[run.best],
               "best_accuracy": best["accuracy"], "best_low": best["low"], "best_high": best["high"],
               "best_interval": format_interval(best["low"], best["high"]),
               "best_balanced_accuracy": float(balanced.loc[run.best, "balanced_accuracy"]),
               "best_macro_f1": float(balanced.loc[run.best, "macro_f1"]),
               "balance_note": describe_balanced_scores(name_network(run.best), best["accuracy"],
                                                        *balanced.loc[run.best], balance)}
    for network, score in run.scores.items():
        numbers.update({f"{network}_{key}": score[key] for key in ("accuracy", "low", "high")})
        numbers.update({f"{network}_{c}": float(balanced.loc[network, c]) for c in balanced.columns})
    return Section(numbers=numbers, tables={"networks": table})


@builds("overfit_text", figures=("training_curves",))
def describe_training(run) -> Section:
    """Training curves of every network, and where each one's validation loss was lowest."""
    histories = {NETWORK_NAMES[n]: net.history for n, net in run.networks.items()}
    fig, _ = plot_training_curves(histories)
    text = " ".join(describe_training_curve(name_network(n), net.history["val_loss"],
                                            float(net.history["accuracy"].iloc[-1]),
                                            float(net.history["val_accuracy"].iloc[-1]))
                    for n, net in run.networks.items())
    return Section(numbers={"overfit_text": text}, figures={"training_curves": fig})


@builds("confusion_text", figures=("confusion",))
def describe_confusion(ds, run) -> Section:
    """The best network's confusion matrix on the test split, and the genres it mixes up most."""
    predictions = run.scores[run.best]["predictions"]
    confusion = make_confusion(predictions["true"], predictions["predicted"], ds.genre_names)
    pairs = find_confused_pairs(confusion, n=len(confusion) ** 2)
    fig, _ = plot_confusion(confusion)
    text = describe_most_confused(list(pairs[["genre_a", "genre_b", "rate"]].itertuples(index=False, name=None)))
    return Section(numbers={"confusion_text": text}, figures={"confusion": fig})


@builds("wrong_text", "n_wrong", "n_wrong_listen", tables=("wrong",))
def pick_confident_mistakes(ds, run, *, n: int = 4) -> Section:
    """The best network's most confident wrong test predictions that have audio, to play."""
    predictions = run.scores[run.best]["predictions"]
    mistakes = find_confident_mistakes(predictions, ds.tracks, n=n)
    extra = pd.DataFrame({"predicted as": mistakes["predicted"],
                          "confidence": [format_percent(c) for c in mistakes["confidence"]]}, index=mistakes.index)
    table = make_listening_table(ds, list(mistakes.index), extra=extra,
                                 caption=f"The {NETWORK_NAMES[run.best]}'s most confident mistakes on the test split")
    n_wrong = int((predictions["true"] != predictions["predicted"]).sum())
    return Section(numbers={"wrong_text": describe_wrong_predictions(len(table), n_wrong, len(predictions)),
                            "n_wrong": n_wrong, "n_wrong_listen": len(table)}, tables={"wrong": table})


@builds("logreg_accuracy", "logreg_interval", "reported_cnn_accuracy", "baseline_vs_reported_text", "classical_text",
        "strong_vs_baseline_text", "multi_vs_strong_text", "strong_vs_logreg_text", "multi_vs_logreg_text",
        tables=("comparison",))
def compare_models(ds, run, *, seed: int, run_dir) -> Section:
    """The networks against each other, a logistic regression (C = 1, not tuned), chapter 03 and the original.

    Networks and the logistic regression answer the same test tracks, so they are compared by McNemar's
    test; chapter 03's best model is quoted from ``results.json`` only; the original analysis' CNN only
    where the data are comparable with fma_small.
    """
    logreg_predictions = predict_test_split(make_logreg(seed), ds.features, ds.tracks)
    logreg = compute_accuracy_interval(logreg_predictions["true"], logreg_predictions["predicted"], seed=seed)
    classical = find_classical_result(load_results(run_dir))
    frame = tabulate_comparison(tabulate_networks(run.networks, run.scores), logreg=logreg, classical=classical,
                                reported=ORIGINAL_CNN_ACCURACY)
    table = make_table(frame, {"accuracy": ("test accuracy", "percent"), "interval": ("95% interval", "interval"),
                               "source": ("source", "text")},
                       index=("model", "text"), caption="The networks beside the models they are compared with")
    index = logreg_predictions.index
    correct = {n: align_correct(s["predictions"], index) for n, s in run.scores.items()}
    correct["logreg"] = align_correct(logreg_predictions, index)
    names = {**{n: name_network(n) for n in NETWORKS}, "logreg": f"the {LOGREG_NAME}"}

    def paired(a: str, b: str) -> str:
        return describe_paired(names[a], correct.get(a), names[b], correct.get(b))

    comparability = check_comparable(ds.genre_names, synthetic=ds.synthetic)
    numbers = {"logreg_accuracy": logreg[0], "logreg_interval": format_interval(logreg[1], logreg[2]),
               "reported_cnn_accuracy": ORIGINAL_CNN_ACCURACY,
               "baseline_vs_reported_text": compare_model_with_reported(
                   name_network("baseline"), _score(run, "baseline"), ORIGINAL_CNN_ACCURACY,
                   comparability=check_same_input(comparability, _read_input(run, "baseline"))),
               "classical_text": quote_result("chapter 03's best classical model", getattr(classical, "name", None),
                                              getattr(classical, "accuracy", None)),
               "strong_vs_baseline_text": paired("strong", "baseline"),
               "multi_vs_strong_text": paired("multi", "strong"),
               "strong_vs_logreg_text": paired("strong", "logreg"), "multi_vs_logreg_text": paired("multi", "logreg")}
    return Section(numbers=numbers, tables={"comparison": table})


@builds("strong_target", "multi_target", "targets_text")
def check_targets(ds, run) -> Section:
    """The project's targets for the residual 2-D CNN and the multi-input network, checked only on real fma_small."""
    comparability = check_comparable(ds.genre_names, synthetic=ds.synthetic)
    rows = [(name_network("strong"), _score(run, "strong"), STRONG_TARGET),
            (name_network("multi"), _score(run, "multi"), MULTI_TARGET)]
    return Section(numbers={"strong_target": STRONG_TARGET, "multi_target": MULTI_TARGET,
                            "targets_text": compare_with_targets(rows, comparability=comparability)})


@builds("songs_text", "song_network_name", "n_songs", tables=("songs",))
def predict_song_folder(run, *, songs: str) -> Section:
    """Predict the songs of the songs folder with the best image-only network (the songs are listed, not embedded)."""
    predicted = predict_songs(songs, run.networks)
    network = pick_audio_network(run.networks)
    frame = predicted.rename(index=lambda song: song.rsplit(".", 1)[0]).assign(
        predicted=[p or "could not be read" for p in predicted["predicted"]],
        others=[", ".join(f"{g} {format_percent(s)}" for g, s in others) for others in predicted["others"]])
    table = make_table(frame, {"folder genre": ("folder genre", "text"), "predicted": ("predicted genre", "text"),
                               "probability": ("its probability", "percent"), "others": ("next genres", "text"),
                               "match": ("matches its folder", "bool")},
                       index=("song", "text"), caption="Genre probabilities of the songs, averaged over their windows")
    text = describe_song_matches(int(predicted["match"].sum()), len(predicted),
                                 reason=describe_songs(songs, run.networks))
    name = NETWORK_NAMES[network] if network else "none of them does"
    return Section(numbers={"songs_text": text, "song_network_name": name, "n_songs": len(predicted)},
                   tables={"songs": table})


def _read_input(run, name: str) -> str | None:
    """What a network of the run read (``'mfcc'`` or ``'spectrogram'``), or None when it did not run."""
    network = run.networks.get(name)
    return None if network is None else network.manifest.get("inputs", {}).get("image")
