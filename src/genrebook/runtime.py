"""What genrebook changes in its process: the one module that writes environment variables.

Nothing here runs on import. The command line (:func:`genrebook.cli.main`) and every chapter's
set-up (:func:`genrebook.book.chapter.setup_chapter`) call :func:`configure` first; library code
that needs librosa goes through :func:`import_librosa`, which configures numba's cache itself.

- numba's on-disk cache lives in a persistent folder (``NUMBA_CACHE_DIR``), so fresh processes
  (papermill kernels, joblib workers) load librosa's compiled kernels instead of compiling them
  for ~10 s, and it is guarded by a file lock (:func:`guard_numba_cache`);
- TensorFlow's C++ logging is silenced (``TF_CPP_MIN_LOG_LEVEL``) before TensorFlow loads, and
  tqdm's notice about missing Jupyter widgets is filtered out;
- ``genrebook run --cluster`` hands its cluster to the chapter kernels (:func:`set_cluster`).

Used in: ``genrebook`` (every command), every chapter, :mod:`genrebook.features`, :mod:`genrebook.cnn`.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from pathlib import Path

from genrebook.config import CLUSTER_ENV, NUMBA_CACHE_ENV, resolve_numba_cache_dir

#: TensorFlow's C++ log level that hides everything but fatal errors (set before it is imported).
TF_LOG_ENV = "TF_CPP_MIN_LOG_LEVEL"


def configure() -> Path:
    """Prepare this process for genrebook's work: numba's cache folder and a quiet TensorFlow.

    Returns
    -------
    Path
        numba's cache folder.
    """
    quiet_tensorflow()
    quiet_progress_warnings()
    quiet_worker_restarts()
    return configure_numba_cache()


def configure_numba_cache(cache_dir: str | os.PathLike | None = None) -> Path:
    """Point numba's on-disk cache at a persistent, git-ignored folder unless one is set already.

    librosa's numba-compiled kernels otherwise recompile in every fresh process (each papermill
    kernel, each joblib worker), which costs seconds per process. Must run before numba is first
    imported; child processes inherit the setting.

    Returns
    -------
    Path
        The cache folder in use (created).
    """
    folder = resolve_numba_cache_dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[NUMBA_CACHE_ENV] = str(folder)
    return folder


def quiet_tensorflow() -> None:
    """Silence TensorFlow's C++ log lines (spurious in notebooks); keeps a level set by the user."""
    os.environ.setdefault(TF_LOG_ENV, "3")


def quiet_progress_warnings() -> None:
    """Silence tqdm's notice that Jupyter widgets are missing (librosa imports ``tqdm.auto`` through pooch).

    In a chapter kernel it would land on the page's stderr; genrebook never shows progress bars there.
    """
    warnings.filterwarnings("ignore", message="IProgress not found")


def quiet_worker_restarts() -> None:
    """Silence joblib's notice that it replaced a worker process (loky restarts a worker whose memory grew by
    a few hundred MB, as the final fits on 20,000 tracks of chapter 03 make it; its jobs are run again, the
    results are the same). In a chapter kernel it would land on the page's stderr.
    """
    warnings.filterwarnings("ignore", message="A worker stopped while some jobs were given to the executor")


def set_cluster(spec: str | None) -> None:
    """Name the Dask cluster the chapter kernels started from this process send their work to."""
    if spec:
        os.environ[CLUSTER_ENV] = spec
    else:
        os.environ.pop(CLUSTER_ENV, None)


@contextlib.contextmanager
def _lock_file(path: str, *, exclusive: bool):
    """Hold an advisory ``flock`` on ``path`` (created if missing); a no-op where that fails."""
    import fcntl

    try:
        handle = open(path, "a+b")
    except OSError:  # read-only cache folder: numba itself will not write there either
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def guard_numba_cache() -> None:
    """Make numba's on-disk cache safe for several processes compiling at once.

    numba saves a compiled function by reading the cache index, picking the first free data
    file name, writing the index and then the data file, with no lock. Two processes that
    compile different signatures of one function at the same time (two joblib workers, two
    papermill kernels) can both pick the same name, leaving an index entry whose data file holds
    the other signature's machine code; every later process that loads it crashes with a
    segmentation fault. This wraps numba's save in an exclusive lock and its load in a shared
    lock on a file beside the index, so a save is seen whole or not at all. Idempotent.
    """
    from numba.core import caching  # deferred: numba is imported only when its cache is guarded

    cls = caching.IndexDataCacheFile
    if getattr(cls, "_genrebook_guarded", False):
        return
    save, load = cls.save, cls.load

    def locked_save(self, key, data):
        with _lock_file(self._index_path + ".lock", exclusive=True):
            return save(self, key, data)

    def locked_load(self, key):
        with _lock_file(self._index_path + ".lock", exclusive=False):
            return load(self, key)

    cls.save, cls.load = locked_save, locked_load
    cls._genrebook_guarded = True


def import_librosa():
    """Import librosa with numba's on-disk cache made safe for concurrent processes.

    Every use of librosa in genrebook goes through this, so that joblib workers and papermill
    kernels never corrupt the shared cache (see :func:`guard_numba_cache`).

    Returns
    -------
    module
        ``librosa``.
    """
    configure_numba_cache()  # before numba's first import; a no-op change when already set
    import librosa  # deferred: numba's cache must be configured and guarded before librosa loads

    guard_numba_cache()
    return librosa
