"""Scale-out on a real Dask LocalCluster (127.0.0.1, 2 workers): extraction and chapter grids."""

import os
import signal
import threading
import time

import pandas as pd
import pytest

from genrebook.features.prepare import extract_dataset
from genrebook.scale import parse_cluster, start_client, stop_client, use_cluster
from tests.helpers import make_audio_dataset

pytest.importorskip("distributed")


@pytest.mark.parametrize("spec", ["remote", "local:0", "local:x", "tcp://", "http://host:80"])
def test_bad_cluster_specs_are_refused_with_the_accepted_forms(spec):
    with pytest.raises(ValueError, match="local:N"):
        parse_cluster(spec)


def test_extraction_on_a_local_cluster_equals_one_machine(tiny_demo, tmp_path):
    """Same features.csv, byte for byte, and the same images, as the one-machine run of the fixture."""
    report = extract_dataset(tiny_demo, out=tmp_path / "on_cluster", progress=False, cluster="local:2")
    assert report.computed == len(list((tiny_demo / "audio").rglob("*.mp3")))
    local = tiny_demo / "extracted"
    assert (tmp_path / "on_cluster" / "features.csv").read_bytes() == (local / "features.csv").read_bytes()
    for image in sorted((local / "spectrograms").rglob("*.png"))[:5]:
        assert (tmp_path / "on_cluster" / image.relative_to(local)).read_bytes() == image.read_bytes()


def _kill_one_worker_when_started(client, out, killed: list) -> None:
    """Wait until a clip is saved, then kill -9 one worker process (as a crash would)."""
    pids = list(client.run(os.getpid).values())
    deadline = time.time() + 120
    while time.time() < deadline and not list((out / "parts").rglob("*.npy")):
        time.sleep(0.05)
    os.kill(pids[0], signal.SIGKILL)
    killed.append(pids[0])


def test_a_worker_killed_mid_run_loses_nothing_and_the_run_ends_complete(tmp_path):
    ids = list(range(2, 26))
    dataset = make_audio_dataset(tmp_path / "ds", ids, seconds=6.0)
    bad = dataset / "audio" / "000" / "000003.mp3"
    bad.write_bytes(b"not audio at all")  # reported the same way as on one machine
    client = start_client("local:2")
    try:
        killed: list = []
        out = tmp_path / "on_cluster"
        watcher = threading.Thread(target=_kill_one_worker_when_started, args=(client, out, killed))
        watcher.start()
        report = extract_dataset(dataset, out=out, progress=False, cluster=client)
        watcher.join()
    finally:
        stop_client(client)
    assert killed, "no worker was killed: the test did not test anything"
    assert report.computed == len(ids) and set(report.failed) == {3}
    one_machine = extract_dataset(dataset, out=tmp_path / "one_machine", progress=False, jobs=1)
    assert one_machine.failed == report.failed
    assert (out / "features.csv").read_bytes() == (tmp_path / "one_machine" / "features.csv").read_bytes()


def test_use_cluster_routes_joblib_to_dask_and_back():
    from joblib import Parallel, delayed

    with use_cluster("local:2") as client:
        pids = set(Parallel(n_jobs=-1)(delayed(os.getpid)() for _ in range(8)))
        workers = set(client.run(os.getpid).values())
    assert pids <= workers and os.getpid() not in pids


def test_a_three_run_grid_prints_mean_and_spread(tiny_demo, genrebook_kernel, tmp_path, capsys):
    from genrebook.cli import main

    out = tmp_path / "grid"
    code = main(["grid", "04_featurewise_logreg", "--dataset", str(tiny_demo), "-p", "seed", "0,1,2",
                 "-p", "search", "quick", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["seed-0_search-quick", "seed-1_search-quick",
                                                                    "seed-2_search-quick"]
    table = pd.read_csv(out / "grid.csv")
    assert set(table["seed"]) == {0, 1, 2} and "all_features_test_accuracy" in set(table["result"])
    assert "mean" in printed and "std" in printed and "all_features_test_accuracy" in printed
    # a second grid reuses every run
    start = time.perf_counter()
    assert main(["grid", "04", "--dataset", str(tiny_demo), "-p", "seed", "0,1,2", "-p", "search", "quick",
                 "--out", str(out)]) == 0
    assert time.perf_counter() - start < 30


def test_grid_refuses_a_bad_value_before_running_anything(tiny_demo, tmp_path, caplog):
    from genrebook.cli import main

    assert main(["grid", "04", "--dataset", str(tiny_demo), "-p", "seed", "0,-5", "--out", str(tmp_path)]) == 2
    assert not any(p.is_dir() for p in tmp_path.iterdir())


def test_a_chapter_kernel_sends_its_joblib_work_to_the_cluster_named_in_the_environment(monkeypatch):
    """What `genrebook run --cluster` relies on: setup_chapter's hook makes the Dask backend the default."""
    from joblib import Parallel, delayed
    from joblib.parallel import _backend as joblib_state

    from genrebook import scale as cluster

    before = joblib_state.__dict__.get("config")

    monkeypatch.setenv("GENREBOOK_CLUSTER", "local:2")  # (with one worker joblib runs in-process)
    monkeypatch.setattr(cluster, "_CHAPTER_CLIENTS", {})
    client = cluster.connect_for_chapter()
    try:
        assert cluster.connect_for_chapter() is client  # one client per kernel
        pids = set(Parallel(n_jobs=-1)(delayed(os.getpid)() for _ in range(4)))
        assert pids <= set(client.run(os.getpid).values()) and os.getpid() not in pids
    finally:
        if before is None:  # undo the kernel-wide default for the other tests
            joblib_state.__dict__.pop("config", None)
        else:
            joblib_state.config = before
        stop_client(client)


def test_grid_refuses_an_over_that_is_not_a_grid_parameter_before_running(tiny_demo, tmp_path, caplog):
    from genrebook.cli import main

    assert main(["grid", "04", "--dataset", str(tiny_demo), "-p", "seed", "0,1", "--over", "sead",
                 "--out", str(tmp_path)]) == 2
    assert "--over must name a parameter of the grid (seed)" in caplog.text
    assert not any(p.is_dir() for p in tmp_path.iterdir())
