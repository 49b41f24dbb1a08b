"""Time the stages of the clustering chapter on a dataset, and one mixture fit with and without the
one-thread limit that :mod:`genrebook.clustering` applies. Ward's tree is built on at most
``genrebook.clustering.ward.WARD_ROWS`` tracks (the rest join the nearest cluster centre); the
line says on how many.

    .venv/bin/python bench/clustering.py /work/shared/data/fma_small_derived
"""

from __future__ import annotations

import argparse
import time

from sklearn.mixture import GaussianMixture
from threadpoolctl import threadpool_limits

from genrebook.clustering import agreement as clusterviews
from genrebook.clustering import fit as clustering
from genrebook.clustering.ward import WARD_ROWS
from genrebook.fma.dataset import load_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--n-components", type=int, default=32)
    parser.add_argument("--map-size", type=int, default=3000)
    args = parser.parse_args()

    start = time.perf_counter()
    dataset = load_dataset(args.dataset)
    X, _ = clustering.make_representation(dataset.features, n_components=args.n_components, seed=0)
    print(f"load and reduce {len(X):,} tracks: {time.perf_counter() - start:.1f} s")
    ks = list(range(2, 17))
    for method in clustering.METHODS:
        start = time.perf_counter()
        clustering.fit_labels(X.to_numpy(), method, ks, seed=0)
        on = f" (tree on {min(len(X), WARD_ROWS):,} of {len(X):,} tracks)" if method == "ward" else ""
        print(f"{method} at k = 2..16{on}: {time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    clusterviews.compute_map(X, size=args.map_size, seed=0)
    print(f"t-SNE of {min(args.map_size, len(X)):,} tracks: {time.perf_counter() - start:.1f} s")
    for limit in (1, None):
        with threadpool_limits(limits=limit):
            start = time.perf_counter()
            GaussianMixture(8, covariance_type="full", random_state=0).fit(X.to_numpy())
            print(f"one mixture fit, threads limited to {limit}: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
