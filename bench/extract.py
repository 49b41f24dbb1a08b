"""Benchmark ``genrebook extract`` against a plain one-clip-at-a-time librosa loop.

Uses the real fma_small clips in ``../shared/data/fma_small_derived/audio`` (repeated to a few
dozen), and prints clips per second and peak memory of:

- the plain loop (``bench/plain_loop.py``: FMA's call order, one clip after the other),
- ``genrebook extract`` with 1 worker and with 2 workers,
- with ``--cluster SPEC`` (e.g. ``local:2``), ``genrebook extract`` on that Dask cluster too,

then the ratios, and per 1,000 clips the time one worker core needs. Peak memory is measured at two dataset sizes to show it stays flat.

Run: ``.venv/bin/python bench/extract.py [--clips 36] [--audio DIR] [--cluster local:2]``
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from genrebook.fma.audio import make_audio_path
from genrebook.fma.demo.metadata import make_genres, make_tracks
from genrebook.fma.metadata import write_genres, write_tracks

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_AUDIO = ROOT.parent / "shared" / "data" / "fma_small_derived" / "audio"


def make_bench_dataset(audio: Path, n_clips: int, folder: Path) -> Path:
    """Copy the real clips, repeated under new track ids, into a fresh dataset folder."""
    sources = sorted(audio.rglob("*.mp3"))
    if not sources:
        raise SystemExit(f"no mp3 clips under {audio}")
    ids = list(range(1, n_clips + 1))
    for track_id in ids:
        target = make_audio_path(folder / "audio", track_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources[(track_id - 1) % len(sources)], target)
    tracks = make_tracks(n_per_genre=-(-n_clips // 8), seed=0, duration=30.0).iloc[:n_clips]
    tracks.index = pd.Index(ids, name=tracks.index.name)
    tracks[("set", "split")] = "training"
    write_tracks(tracks, folder / "tracks.csv")
    write_genres(make_genres(tracks), folder / "genres.csv")
    return folder


def run_measured(code: str) -> dict:
    """Run Python code in a fresh process; return its JSON result plus its peak memory (MiB)."""
    wrapper = (
        "import json, resource, sys\n" + code + "\n"
        "self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "result.update(peak_mib=self_kb / 1024, worker_peak_mib=kids_kb / 1024)\n"
        "sys.stdout.write(json.dumps(result))\n"
    )
    output = subprocess.run([sys.executable, "-c", wrapper], check=True, capture_output=True, text=True,
                            cwd=ROOT).stdout  # the repository root, so `bench.plain_loop` imports
    return json.loads(output.strip().splitlines()[-1])


def measure_plain(dataset: Path) -> dict:
    """Time the plain loop over every clip of the dataset (one process, one clip at a time)."""
    code = (
        "import time, pathlib, genrebook\n"
        "from bench.plain_loop import compute_plain_features\n"
        f"paths = sorted(pathlib.Path({str(dataset / 'audio')!r}).rglob('*.mp3'))\n"
        "compute_plain_features(paths[0])  # warm-up: imports and numba\n"
        "start = time.perf_counter()\n"
        "for p in paths: compute_plain_features(p)\n"
        "result = dict(clips=len(paths), seconds=time.perf_counter() - start)\n"
    )
    return run_measured(code)


def measure_extract(dataset: Path, jobs: int, cluster: str | None = None) -> dict:
    """Time ``extract_dataset`` with ``jobs`` workers (or on a cluster) into a fresh folder, after a warm-up clip.

    On a cluster the time includes starting a local cluster's workers, as a user would see it.
    """
    out = dataset.parent / f"out-{dataset.name}-{jobs}-{(cluster or 'none').replace(':', '-')}"
    code = (
        "import time, genrebook\n"
        "from genrebook.fma.audio import load_audio\n"
        "from genrebook.features.clip import compute_clip_features\n"
        "from genrebook.features.prepare import extract_dataset\n"
        f"compute_clip_features(*load_audio({str(next((dataset / 'audio').rglob('*.mp3')))!r}))  # warm-up\n"
        "start = time.perf_counter()\n"
        f"report = extract_dataset({str(dataset)!r}, out={str(out)!r}, jobs={jobs}, progress=False, "
        f"cluster={cluster!r})\n"
        "result = dict(clips=report.computed, seconds=time.perf_counter() - start, failed=len(report.failed))\n"
        "from joblib.externals.loky import get_reusable_executor\n"
        "get_reusable_executor().shutdown(wait=True)  # reap the workers so their peak memory is counted\n"
    )
    return run_measured(code)


def _cores(name: str) -> int:
    """Worker cores a row's run used (from its name)."""
    if "cluster local:" in name:
        return int(name.rsplit(":", 1)[1])
    return 2 if "2 workers" in name else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=36, help="clips in the large run (default 36)")
    parser.add_argument("--audio", type=Path, default=DEFAULT_AUDIO)
    parser.add_argument("--cluster", default=None, help="also measure on this Dask cluster (local:N or an address)")
    args = parser.parse_args()
    if not args.audio.is_dir():
        raise SystemExit(f"real clips not found at {args.audio}: pass --audio DIR")

    with tempfile.TemporaryDirectory(prefix="genrebook-bench-") as tmp:
        small = make_bench_dataset(args.audio, max(args.clips // 3, 4), Path(tmp) / "small")
        large = make_bench_dataset(args.audio, args.clips, Path(tmp) / "large")
        rows = {
            "plain loop": measure_plain(large),
            "extract, 1 worker": measure_extract(large, 1),
            "extract, 2 workers": measure_extract(large, 2),
            "extract, 2 workers (1/3 of the clips)": measure_extract(small, 2),
        }
        if args.cluster:
            rows[f"extract, cluster {args.cluster}"] = measure_extract(large, -1, args.cluster)
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    lines = [f"{'run':40s} {'clips':>6s} {'seconds':>8s} {'clips/s':>8s} {'peak MiB':>9s} {'worker peak MiB':>16s}"]
    for name, r in rows.items():
        lines.append(f"{name:40s} {r['clips']:6d} {r['seconds']:8.1f} {r['clips'] / r['seconds']:8.2f} "
                     f"{r['peak_mib']:9.0f} {r['worker_peak_mib']:16.0f}")
    rate = {name: r["clips"] / r["seconds"] for name, r in rows.items()}
    lines += [
        "",
        f"extract (1 worker) / plain loop, clips per second: {rate['extract, 1 worker'] / rate['plain loop']:.2f}x"
        "  (target >= 1.0)",
        f"2 workers / 1 worker, clips per second:            "
        f"{rate['extract, 2 workers'] / rate['extract, 1 worker']:.2f}x  (target >= 1.8)",
        f"peak memory, {rows['extract, 2 workers']['clips']} clips vs "
        f"{rows['extract, 2 workers (1/3 of the clips)']['clips']} clips (parent, workers): "
        f"{rows['extract, 2 workers']['peak_mib']:.0f} vs {rows['extract, 2 workers (1/3 of the clips)']['peak_mib']:.0f}"
        f" MiB, {rows['extract, 2 workers']['worker_peak_mib']:.0f} vs "
        f"{rows['extract, 2 workers (1/3 of the clips)']['worker_peak_mib']:.0f} MiB  (target: flat)",
        f"(bench process CPU: {cpu.ru_utime:.1f} s user)",
        "",
        "per 1,000 clips and worker core (hours): "
        + ", ".join(f"{name}: {1000 * r['seconds'] / r['clips'] * cores / 3600:.2f}"
                    for name, r, cores in ((n, r, _cores(n)) for n, r in rows.items())),
    ]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
