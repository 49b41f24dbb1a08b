"""Where genrebook keeps its files: the one module that reads environment variables.

Resolution order for every location: explicit argument, then environment variable, then a
default under the project's root (or the current directory when the package is installed
elsewhere).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that overrides the data home (downloads, the demo dataset, caches).
DATA_ENV = "GENREBOOK_DATA"
#: Environment variable that overrides the base URL of the FMA archives (tests use a local server).
FMA_URL_ENV = "GENREBOOK_FMA_URL"
#: Environment variable naming the Dask cluster that chapter kernels send their parallel work to.
CLUSTER_ENV = "GENREBOOK_CLUSTER"
#: numba's own variable for its on-disk cache folder (set by :func:`genrebook.runtime.configure`).
NUMBA_CACHE_ENV = "NUMBA_CACHE_DIR"


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


def resolve_numba_cache_dir(cache_dir: str | os.PathLike | None = None) -> Path:
    """Resolve numba's cache folder: argument, then ``$NUMBA_CACHE_DIR``, then ``<project>/.cache/numba``."""
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get(NUMBA_CACHE_ENV):
        return Path(os.environ[NUMBA_CACHE_ENV])
    return find_project_root() / ".cache" / "numba"
