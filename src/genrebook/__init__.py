"""genrebook: predict the genre of a song from its audio, on the Free Music Archive (FMA).

The package follows the data flow of the book:

- :mod:`genrebook.fma`: FMA's files (columns, reading and writing, dataset folders, download,
  the synthetic demo, audio clips);
- :mod:`genrebook.features`: one clip's statistics, image and MFCC, and batch extraction;
- :mod:`genrebook.models`: classical pipelines, tuning, evaluation, feature-wise fits;
- :mod:`genrebook.cnn`: TensorFlow set-up, networks, inputs, training, saved networks, prediction;
- :mod:`genrebook.clustering`: clusters and their agreement with the genres;
- :mod:`genrebook.book`: chapter parameters and set-up, the runner, the grid, the Jupyter Book build;
- :mod:`genrebook.plots`, :mod:`genrebook.scale` (Dask), :mod:`genrebook.cli`;
- :mod:`genrebook.config` reads the environment, :mod:`genrebook.runtime` writes it.

Importing the package changes nothing outside it: no variable is set, no file is written.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("genrebook")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
