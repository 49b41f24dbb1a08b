"""What genrebook sets in its process (runtime.py): numba's on-disk cache, shared by concurrent processes,
and the variables the CLI and chapter set-up write (never an import)."""

import subprocess
import sys
import textwrap
import time

from tests.helpers import ROOT

#: Types passed to the cached function, one per process: each compiles its own signature.
SIGNATURE_VALUES = ["1", "1.5", "1.5j", "True", "np.int8(1)", "np.float32(1.5)", "np.uint16(3)", "np.complex64(2j)"]

CHILD = textwrap.dedent("""
    import os, sys, time  # racy.py lies beside this script, so it imports as a top-level module
    guard, value, start = sys.argv[2] == "guard", sys.argv[3], float(sys.argv[4])
    import numpy as np
    import numba
    if guard:
        from genrebook.runtime import guard_numba_cache
        guard_numba_cache()
    import racy
    x = eval(value)
    while time.time() < start:
        pass
    got = racy.twice(x)
    assert got == 2 * x, (value, got)
    print(repr(got))
""")

MODULE = textwrap.dedent("""
    import numba

    @numba.njit(cache=True)
    def twice(x):
        total = x
        for _ in range(1):
            total = total + x
        return total
""")


def _compile_at_once(tmp_path, guard: bool) -> list[subprocess.CompletedProcess]:
    """Compile one cached function in 8 processes at the same instant, then load it in 8 more."""
    (tmp_path / "racy.py").write_text(MODULE)
    (tmp_path / "child.py").write_text(CHILD)
    env = {"NUMBA_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")}
    mode = "guard" if guard else "plain"
    start = time.time() + 4
    procs = [subprocess.Popen([sys.executable, str(tmp_path / "child.py"), str(tmp_path), mode, v, str(start)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for v in SIGNATURE_VALUES]
    for p in procs:
        p.communicate(timeout=120)
    # fresh processes now load what the first ones saved
    return [subprocess.run([sys.executable, str(tmp_path / "child.py"), str(tmp_path), mode, v, "0"],
                           env=env, capture_output=True, text=True, timeout=120)
            for v in SIGNATURE_VALUES]


def test_guarded_numba_cache_survives_processes_compiling_at_once(tmp_path):
    """Unguarded, about one run in three leaves a signature loading another's machine code."""
    loads = _compile_at_once(tmp_path, guard=True)
    failed = [(v, r.returncode, r.stderr[-300:]) for v, r in zip(SIGNATURE_VALUES, loads) if r.returncode]
    assert not failed


def test_concurrent_saves_of_different_signatures_keep_index_and_data_matched(tmp_path, monkeypatch):
    """Two saves that overlap (made slow on purpose) must not share a data file."""
    import threading

    from numba.core import caching

    from genrebook.runtime import guard_numba_cache

    guard_numba_cache()
    original = caching.IndexDataCacheFile._save_index

    def slow_save_index(self, overloads):
        time.sleep(0.3)  # widen the window between reading the index and writing the data
        return original(self, overloads)

    monkeypatch.setattr(caching.IndexDataCacheFile, "_save_index", slow_save_index)
    cache = caching.IndexDataCacheFile(str(tmp_path), "racy.twice-1", ("stamp", 1))
    threads = [threading.Thread(target=cache.save, args=(key, f"code for {key}")) for key in ("int64", "float64")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.load("int64") == "code for int64"
    assert cache.load("float64") == "code for float64"


def test_guard_is_installed_by_import_librosa_and_idempotent():
    from numba.core import caching

    from genrebook.runtime import guard_numba_cache, import_librosa

    import_librosa()
    save = caching.IndexDataCacheFile.save
    guard_numba_cache()
    assert caching.IndexDataCacheFile._genrebook_guarded and caching.IndexDataCacheFile.save is save


def test_configure_sets_the_cache_folder_and_a_quiet_tensorflow(tmp_path, monkeypatch):
    from genrebook import runtime

    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "numba"))
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    assert runtime.configure() == tmp_path / "numba" and (tmp_path / "numba").is_dir()
    assert __import__("os").environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")  # a level the user chose is kept
    runtime.quiet_tensorflow()
    assert __import__("os").environ["TF_CPP_MIN_LOG_LEVEL"] == "1"


def test_configure_silences_joblibs_worker_restart_notice_and_nothing_else():
    import warnings

    from genrebook import runtime

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        runtime.configure()
        warnings.warn("A worker stopped while some jobs were given to the executor. This can be caused by a too "
                      "short worker timeout or by a memory leak.", UserWarning)
        warnings.warn("something else", UserWarning)
    assert [str(w.message) for w in caught] == ["something else"]


def test_set_cluster_names_the_chapters_cluster_and_clears_it(monkeypatch):
    import os

    from genrebook import runtime
    from genrebook.config import CLUSTER_ENV, resolve_cluster

    monkeypatch.delenv(CLUSTER_ENV, raising=False)
    runtime.set_cluster("local:2")
    assert os.environ[CLUSTER_ENV] == "local:2" and resolve_cluster() == "local:2"
    runtime.set_cluster(None)
    assert CLUSTER_ENV not in os.environ and resolve_cluster() is None
