"""TensorFlow set-up: deterministic, seeded and quiet, imported only when a network is needed.

:func:`configure_tensorflow` must run before any TensorFlow op: it fixes the seeds, makes ops
deterministic and runs independent ops one at a time (``inter_op`` threads = 1), without which
batch-normalised networks differ from run to run on a CPU.

Used in: 05_cnn, ``genrebook predict``, :mod:`genrebook.cnn.store`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile

from genrebook.runtime import quiet_tensorflow

log = logging.getLogger(__name__)


def configure_tensorflow(seed: int, *, threads: int | None = None) -> bool:
    """Make TensorFlow deterministic for a seed on CPU and quiet; return whether a GPU is used.

    Parameters
    ----------
    seed : int
        Seeds Python's, NumPy's and TensorFlow's generators.
    threads : int, optional
        Threads of one op (``intra_op``); by default TensorFlow's choice (all cores).

    Returns
    -------
    bool
        True when TensorFlow sees a GPU (used automatically; never required).
    """
    tf = import_tensorflow(threads=threads)
    if tf.config.threading.get_inter_op_parallelism_threads() != 1:
        raise RuntimeError("configure_tensorflow must run before any TensorFlow op: inter-op threads "
                           "are already set to another value and runs would not be reproducible")
    tf.keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    return bool(tf.config.list_physical_devices("GPU"))


@contextlib.contextmanager
def hold_native_stderr():
    """Hold what native code writes to file descriptor 2 while the block runs, and log it (debug).

    TensorFlow 2.21's C++ start-up lines (absl's "All log messages before absl::InitializeLog()" and
    oneDNN's notice) ignore ``TF_CPP_MIN_LOG_LEVEL``; a Jupyter kernel forwards that descriptor to the
    page's stderr, which a reader must never see. Python's own errors still raise normally.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            text = held.read().decode(errors="replace").strip()
            if text:
                log.debug("native stderr held back: %s", text)


def import_tensorflow(*, threads: int | None = None):
    """Import TensorFlow quietly, asking for one inter-op thread where the runtime has not started yet.

    Returns
    -------
    module
        ``tensorflow``.
    """
    quiet_tensorflow()  # not even spurious C++ errors in the notebooks
    with hold_native_stderr():  # absl and oneDNN notices are written by C++ before any log level applies
        import tensorflow as tf  # deferred: TensorFlow is optional (extra 'cnn') and slow to import

    try:  # only possible before the runtime starts; later calls keep the first setting
        tf.config.threading.set_inter_op_parallelism_threads(1)
        if threads:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
    except RuntimeError:
        pass
    tf.get_logger().setLevel("ERROR")
    return tf
