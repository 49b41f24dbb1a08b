"""Benchmark the networks of chapter 05: training and prediction throughput in images per second.

Builds each network at the chapter's input shape, trains it on random images through the
chapter's own batch generator (augmentation included) and predicts whole clips, then prints
images per second of wall time and per second of CPU time (the second is the fairer figure on a
machine shared with other work; on two idle cores, wall throughput is up to twice it).

Run: ``.venv/bin/python bench/cnn.py [--height 128] [--width 128] [--images 640] [--batch-size 64]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def measure(fn) -> tuple[float, float]:
    """Wall and CPU seconds of a call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_network(name: str, *, shape: tuple[int, int], n_images: int, batch_size: int) -> dict:
    """Train one epoch (after a warm-up epoch) and predict once; return images per second."""
    from genrebook import cnn

    classes = [f"g{i}" for i in range(8)]
    rng = np.random.default_rng(0)
    raw = {"image": rng.integers(0, 256, size=(n_images, *shape), dtype=np.uint8),
           "features": rng.normal(size=(n_images, 268)).astype(np.float32) if name == "multi" else None}
    labels = rng.integers(0, 8, size=n_images)
    spec = {"network": name, "image": "spectrogram", "shape": list(shape), "classes": classes,
            "crop": None if name == "baseline" else int(round(shape[1] * cnn.CROP_SHARE)),
            "row_stats": {"mean": [100.0] * shape[0], "scale": [50.0] * shape[0]},
            "feature_columns": None, "feature_scaler": None}
    strong = cnn.build_strong_cnn(shape[0], 8) if name == "multi" else None
    model = cnn.build_network(name, input_shape=shape, n_classes=8, n_features=268, spectrogram_model=strong)
    steps = n_images // batch_size
    batches = cnn.iterate_batches(raw, labels, spec, batch_size=batch_size, seed=0)
    model.fit(batches, steps_per_epoch=steps, epochs=1, verbose=0)  # warm-up: tracing and allocation
    train_wall, train_cpu = measure(lambda: model.fit(batches, steps_per_epoch=steps, epochs=1, verbose=0))
    predict_wall, predict_cpu = measure(lambda: cnn.predict_probabilities(model, raw, spec))
    n_train = steps * batch_size
    return {"network": name, "parameters": model.count_params(),
            "train img/s": n_train / train_wall, "train img/cpu-s": n_train / train_cpu,
            "predict img/s": n_images / predict_wall, "predict img/cpu-s": n_images / predict_cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--height", type=int, default=128)
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--images", type=int, default=640)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    from genrebook.cnn import NETWORKS, configure_tensorflow

    gpu = configure_tensorflow(0)
    print(f"input {args.height} x {args.width}, {args.images} random images, batch {args.batch_size}, "
          f"{'GPU' if gpu else 'CPU'}")
    print(f"{'network':<10}{'weights':>10}{'train img/s':>14}{'img/cpu-s':>11}{'predict img/s':>16}{'img/cpu-s':>11}")
    for name in NETWORKS:
        r = bench_network(name, shape=(args.height, args.width), n_images=args.images, batch_size=args.batch_size)
        print(f"{name:<10}{r['parameters']:>10,}{r['train img/s']:>14.0f}{r['train img/cpu-s']:>11.0f}"
              f"{r['predict img/s']:>16.0f}{r['predict img/cpu-s']:>11.0f}")


if __name__ == "__main__":
    main()
