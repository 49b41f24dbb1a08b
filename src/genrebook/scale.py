"""Running genrebook's parallel work on a Dask distributed cluster.

Every fan-out in genrebook (clips in :func:`genrebook.features.extract.extract_clips`, candidates in
:mod:`genrebook.models.tuning`, runs in :mod:`genrebook.book.grid`) goes through joblib's ``Parallel``. On
one machine that is joblib's process pool; inside :func:`use_cluster` the same calls run on a
Dask cluster through joblib's Dask backend, so there is one code path and the same results. The
client (this process) keeps doing all the writing: workers only compute and send results back.

A cluster is named by a spec:

- ``local`` or ``local:N``: a ``LocalCluster`` on 127.0.0.1 with N single-threaded worker
  processes (all cores when N is left out), started for the block and closed after it;
- ``tcp://HOST:PORT`` or ``HOST:PORT``: the scheduler of an existing cluster (its workers must
  see the same file paths as the client, and have genrebook installed).

A cluster of one single-threaded worker counts as one job, and joblib runs one job in the client
process itself: use at least two workers. A worker that dies mid-run loses only the task it was running: the scheduler runs it again on
another worker (a local cluster's nanny also restarts the dead worker).

Used in: ``genrebook extract --cluster``, ``genrebook run --cluster``, ``genrebook grid --cluster``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from typing import Iterator

from joblib import parallel_config

from genrebook.config import resolve_cluster

log = logging.getLogger(__name__)


_LOCAL = re.compile(r"^local(?::(\d+))?$")


_ADDRESS = re.compile(r"^(?:(tcp|tls|inproc|ws|wss)://)?[\w.\-\[\]:]+:\d+$")


#: Clients of :func:`connect_for_chapter`, kept for the life of the process (one per spec).
_CHAPTER_CLIENTS: dict[str, object] = {}


def parse_cluster(spec: str) -> tuple[str, int | str | None]:
    """Read a cluster spec.

    Returns
    -------
    tuple
        ``('local', n_workers or None)`` or ``('address', address)``.

    Raises
    ------
    ValueError
        Naming the spec and the accepted forms.

    Examples
    --------
    >>> parse_cluster("local"), parse_cluster("local:3"), parse_cluster("10.0.0.5:8786")
    (('local', None), ('local', 3), ('address', 'tcp://10.0.0.5:8786'))
    """
    text = str(spec).strip()
    local = _LOCAL.match(text)
    if local:
        n = int(local.group(1)) if local.group(1) else None
        if n is not None and n < 1:
            raise ValueError(f"cluster {spec!r}: a local cluster needs at least 1 worker (local:N, N >= 1)")
        return "local", n
    if _ADDRESS.match(text):
        return "address", text if "://" in text else f"tcp://{text}"
    raise ValueError(f"cluster must be 'local', 'local:N' (N worker processes) or a Dask scheduler address "
                     f"such as tcp://HOST:8786; got {spec!r}")


def start_client(spec: str):
    """Connect a ``distributed.Client`` for a spec (starting a local cluster where asked).

    Returns
    -------
    client : distributed.Client
        Its ``cluster`` attribute is the ``LocalCluster`` it owns, or None.
    """
    from distributed import Client, LocalCluster  # deferred: distributed is optional (extra 'scale')

    kind, value = parse_cluster(spec)
    logging.getLogger("distributed").setLevel(logging.WARNING)  # its per-worker INFO lines drown ours
    if kind == "local":
        n_workers = value or os.cpu_count() or 1
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
        log.info("started a local Dask cluster with %d workers at %s", n_workers, cluster.scheduler_address)
        return client
    try:
        client = Client(value, timeout="20s")
    except OSError as error:
        raise OSError(f"cannot reach the Dask scheduler at {value}: {error}") from error
    log.info("connected to the Dask scheduler at %s (%d workers)", value,
             len(client.scheduler_info().get("workers", {})))
    return client


def stop_client(client) -> None:
    """Close a client and the local cluster it started, if any."""
    cluster = getattr(client, "cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()


@contextlib.contextmanager
def use_cluster(cluster) -> Iterator[object]:
    """Within the block, joblib's ``Parallel`` runs on a Dask cluster; ``None``: on this machine.

    Parameters
    ----------
    cluster : str, distributed.Client or None
        A spec (a client is started for the block and closed after it), a connected client (used
        as it is and left open), or None.

    Yields
    ------
    distributed.Client or None
    """
    if cluster is None:
        yield None
        return

    owned = isinstance(cluster, str)
    client = start_client(cluster) if owned else cluster
    try:
        with parallel_config(backend="dask"):
            yield client
    finally:
        if owned:
            stop_client(client)


def connect_for_chapter() -> object | None:
    """Route a chapter kernel's joblib work to the cluster named in ``$GENREBOOK_CLUSTER``, if any.

    ``genrebook run --cluster`` sets the variable for the kernels it starts. The client lives as
    long as the kernel; joblib's Dask backend becomes the kernel's default.
    """
    spec = resolve_cluster()
    if spec is None:
        return None
    if spec not in _CHAPTER_CLIENTS:
        _CHAPTER_CLIENTS[spec] = start_client(spec)
        parallel_config(backend="dask")  # called without ``with``: the default from now on
    return _CHAPTER_CLIENTS[spec]
