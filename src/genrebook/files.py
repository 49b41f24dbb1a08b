"""Writing files so that no reader ever sees half of one: temporary file, then an atomic rename.

Used in: the FMA writers, the extractor, the chapter runner.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def _default_mode() -> int:
    """The mode a plain ``open()`` would give a new file (0666 less the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def replace_atomically(write: Callable[[str], None], path: str | os.PathLike) -> None:
    """Write through ``write(tmp_path)`` into a temporary file beside ``path``, then rename it over ``path``.

    A crash or ``kill -9`` at any point leaves either the old file or the new one, never a mix;
    a stray ``.<name>.*.tmp`` may remain and is harmless.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _default_mode())  # mkstemp makes files private (0600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`replace_atomically`)."""
    replace_atomically(lambda tmp: Path(tmp).write_bytes(data), path)
