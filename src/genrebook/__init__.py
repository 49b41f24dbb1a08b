"""genrebook: predict the genre of a song from its audio, on the Free Music Archive (FMA)."""

from importlib.metadata import PackageNotFoundError, version

from genrebook.config import configure_numba_cache

# librosa's numba kernels are cached on disk; this must happen before numba is first imported.
configure_numba_cache()

try:
    __version__ = version("genrebook")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
