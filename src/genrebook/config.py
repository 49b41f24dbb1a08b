"""Where genrebook keeps its files: the one module that reads environment variables.

Resolution order for every location: explicit argument, then environment variable, then a
default under the project's root (or the current directory when the package is installed
elsewhere).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

#: Environment variable that overrides the data home (downloads, the demo dataset, caches).
DATA_ENV = "GENREBOOK_DATA"
#: Environment variable that overrides the base URL of the FMA archives (tests use a local server).
FMA_URL_ENV = "GENREBOOK_FMA_URL"
#: Environment variable naming the Dask cluster that chapter kernels send their parallel work to.
CLUSTER_ENV = "GENREBOOK_CLUSTER"


def find_project_root() -> Path:
    """Return the repository root (the folder holding ``_toc.yml``), else the current directory."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "_toc.yml").is_file() and (parent / "src" / "genrebook").is_dir():
            return parent
    return Path.cwd()


def resolve_data_home(data_home: str | os.PathLike | None = None) -> Path:
    """Resolve the data home: argument, then ``$GENREBOOK_DATA``, then ``<project>/data``.

    Parameters
    ----------
    data_home : path-like, optional
        An explicit folder; wins over everything else.

    Returns
    -------
    Path
        The folder (not created).
    """
    if data_home is not None:
        return Path(data_home).expanduser()
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    return find_project_root() / "data"


def resolve_fma_url(base_url: str | None = None) -> str | None:
    """Resolve the FMA base URL override: argument, then ``$GENREBOOK_FMA_URL``, else ``None``."""
    return base_url or os.environ.get(FMA_URL_ENV) or None


def resolve_cluster(cluster: str | None = None) -> str | None:
    """Resolve the Dask cluster spec: argument, then ``$GENREBOOK_CLUSTER``, else ``None`` (this machine)."""
    return cluster or os.environ.get(CLUSTER_ENV) or None


def configure_numba_cache(cache_dir: str | os.PathLike | None = None) -> Path:
    """Point numba's on-disk cache at a persistent, git-ignored folder unless one is set already.

    librosa's numba-compiled kernels otherwise recompile in every fresh process (each papermill
    kernel, each joblib worker), which costs seconds per process.

    Returns
    -------
    Path
        The cache folder in use.
    """
    if cache_dir is None and os.environ.get("NUMBA_CACHE_DIR"):
        return Path(os.environ["NUMBA_CACHE_DIR"])
    folder = Path(cache_dir) if cache_dir is not None else find_project_root() / ".cache" / "numba"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    return folder


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
    from numba.core import caching

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
    import librosa

    guard_numba_cache()
    return librosa
