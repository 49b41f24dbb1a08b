"""Benchmark the networks of chapter 05: training time and the accuracy it buys, or raw throughput.

By default, trains every network as chapter 05 does (its parameters, each network's recipe) on a
dataset (``fma_small_derived`` beside the repository unless ``--dataset``), into a temporary model
folder so the book's saved networks are untouched, and prints per network: epochs run, training
seconds, wall seconds (loading the inputs, training, scoring), CPU seconds, weights, validation and
test accuracy (the multi-input network's time includes the residual CNN's when that is not
selected). The first line says whether TensorFlow uses a GPU and the load average, since the
wall time of a shared machine says little without it.

With ``--throughput``, builds each network at the chapter's input shape, trains it on random images
through the chapter's own batch generator (augmentation included) and predicts whole clips, then
prints images per second of wall time and per second of CPU time (the second is the fairer figure on
a machine shared with other work; on two idle cores, wall throughput is up to twice it).

Run: ``.venv/bin/python bench/cnn.py [--dataset DIR] [--models all] [--epochs 40] [--seed 0]``
or ``.venv/bin/python bench/cnn.py --throughput [--height 128] [--width 128] [--images 640] [--batch-size 64]``
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = ROOT.parent / "shared" / "data" / "fma_small_derived"
HEADER = "{:<12}{:>8}{:>12}{:>10}{:>10}{:>10}{:>14}{:>8}"
LINE = "{:<12}{:>8}{:>12.1f}{:>10.1f}{:>10.1f}{:>10,}{:>14.1f}{:>8.1f}"


def measure(fn) -> tuple[float, float]:
    """Wall and CPU seconds of a call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_training(args) -> None:
    """Train the chapter's networks on a dataset and print their time and accuracy."""
    from genrebook.book.params import validate_parameters
    from genrebook.cnn import choose_image_input, configure_tensorflow
    from genrebook.cnn import workflow as cnn_workflow

    gpu = configure_tensorflow(args.seed)
    params = validate_parameters("05_cnn", {"dataset": args.dataset, "models": args.models, "epochs": args.epochs,
                                            "batch_size": args.batch_size, "seed": args.seed, "retrain": True})
    ds = cnn_workflow.load_network_dataset(params)
    image = choose_image_input(ds, params["baseline_input"])
    print(f"{ds.name}: {len(ds.tracks):,} tracks, input {params['image_height']} x {params['image_width']}, "
          f"at most {params['epochs']} epochs, batch {params['batch_size']}, {'GPU' if gpu else 'CPU'}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(HEADER.format("network", "epochs", "training s", "wall s", "CPU s", "weights", "validation %", "test %"))
    networks = {}
    with tempfile.TemporaryDirectory() as model_dir:
        for name in cnn_workflow.select_networks(params["models"], has_features=ds.features is not None):
            def train(name=name):
                networks[name] = cnn_workflow.load_or_train_network(
                    ds, name, params, model_dir=model_dir, strong=networks.get("strong"),
                    image=image if name == "baseline" else "spectrogram")
            wall, cpu = measure(train)
            manifest = networks[name].manifest
            print(LINE.format(name, manifest["epochs_run"], manifest["training_seconds"], wall, cpu,
                              networks[name].model.count_params(), 100 * manifest["validation_accuracy"],
                              100 * manifest["test_accuracy"]), flush=True)
    print(f"load average now {os.getloadavg()[0]:.1f}")


def bench_network(name: str, *, shape: tuple[int, int], n_images: int, batch_size: int) -> dict:
    """Train one epoch (after a warm-up epoch) and predict once; return images per second."""
    from genrebook import cnn
    from genrebook.cnn.networks import RECIPES
    from genrebook.cnn.train import make_targets

    classes = [f"g{i}" for i in range(8)]
    rng = np.random.default_rng(0)
    raw = {"image": rng.integers(0, 256, size=(n_images, *shape), dtype=np.uint8),
           "features": rng.normal(size=(n_images, 268)).astype(np.float32) if name == "multi" else None}
    recipe = RECIPES[name]
    targets = make_targets(rng.integers(0, 8, size=n_images), 8, one_hot=recipe.one_hot)
    spec = {"network": name, "image": "spectrogram", "shape": list(shape), "classes": classes,
            "crop": None if recipe.crop_share is None else int(round(shape[1] * recipe.crop_share)),
            "row_stats": {"mean": [100.0] * shape[0], "scale": [50.0] * shape[0]},
            "feature_columns": None, "feature_scaler": None}
    strong = cnn.build_network("strong", input_shape=shape, n_classes=8) if name == "multi" else None
    model = cnn.build_network(name, input_shape=shape, n_classes=8, n_features=268, spectrogram_model=strong)
    steps = n_images // batch_size
    batches = cnn.iterate_batches(raw, targets, spec, batch_size=batch_size, seed=0, mixup=recipe.mixup)
    model.fit(batches, steps_per_epoch=steps, epochs=1, verbose=0)  # warm-up: tracing and allocation
    train_wall, train_cpu = measure(lambda: model.fit(batches, steps_per_epoch=steps, epochs=1, verbose=0))
    predict_wall, predict_cpu = measure(lambda: cnn.predict_probabilities(model, raw, spec))
    n_train = steps * batch_size
    return {"network": name, "parameters": model.count_params(),
            "train img/s": n_train / train_wall, "train img/cpu-s": n_train / train_cpu,
            "predict img/s": n_images / predict_wall, "predict img/cpu-s": n_images / predict_cpu}


def bench_throughput(args) -> None:
    """Print training and prediction throughput of every network on random images."""
    from genrebook.cnn import NETWORKS, configure_tensorflow

    gpu = configure_tensorflow(0)
    print(f"input {args.height} x {args.width}, {args.images} random images, batch {args.batch_size}, "
          f"{'GPU' if gpu else 'CPU'}")
    print(f"{'network':<10}{'weights':>10}{'train img/s':>14}{'img/cpu-s':>11}{'predict img/s':>16}{'img/cpu-s':>11}")
    for name in NETWORKS:
        r = bench_network(name, shape=(args.height, args.width), n_images=args.images, batch_size=args.batch_size)
        print(f"{name:<10}{r['parameters']:>10,}{r['train img/s']:>14.0f}{r['train img/cpu-s']:>11.0f}"
              f"{r['predict img/s']:>16.0f}{r['predict img/cpu-s']:>11.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", default=str(DEFAULT_DATASET))
    parser.add_argument("--models", default="all")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--throughput", action="store_true", help="random images: images per second instead")
    parser.add_argument("--height", type=int, default=128)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--images", type=int, default=640)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    bench_throughput(args) if args.throughput else bench_training(args)


if __name__ == "__main__":
    main()
