"""Shared fixtures: FMA-shaped files built from the loaders' own column definitions, small audio datasets."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import SHARED_DATA, make_audio_dataset


@pytest.fixture(scope="session", autouse=True)
def isolated_data_home(tmp_path_factory):
    """Keep what tests make (demo datasets, trained networks, caches) out of the user's data home.

    Set in the environment so that papermill kernels started by the tests inherit it.
    """
    import os

    previous = os.environ.get("GENREBOOK_DATA")
    os.environ["GENREBOOK_DATA"] = str(tmp_path_factory.mktemp("data_home"))
    yield Path(os.environ["GENREBOOK_DATA"])
    if previous is None:
        os.environ.pop("GENREBOOK_DATA", None)
    else:
        os.environ["GENREBOOK_DATA"] = previous


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real FMA material beside the repository; tests using it skip where it is absent."""
    if not (SHARED_DATA / "README.md").is_file():
        pytest.skip(f"real FMA material not found at {SHARED_DATA} (../shared/data beside the repository)")
    return SHARED_DATA


@pytest.fixture
def audio_dataset(tmp_path) -> Path:
    """Eight tracks with 6-s mp3 clips."""
    return make_audio_dataset(tmp_path / "ds", [2, 5, 140, 141, 1000, 1001, 20000, 155066])


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory) -> Path:
    """A tiny synthetic demo dataset (5 clips of 8 s per genre), extracted: the chapters' test data."""
    from genrebook.features.prepare import extract_dataset
    from genrebook.fma.demo.dataset import make_demo_dataset

    folder = make_demo_dataset(tmp_path_factory.mktemp("tiny") / "demo", n_per_genre=5, seed=0, duration=8.0,
                               jobs=2, progress=False)
    extract_dataset(folder, jobs=2, progress=False)
    return folder


@pytest.fixture(scope="session")
def genrebook_kernel() -> str:
    """Make sure the chapters' Jupyter kernel is installed in this environment (``make`` does it too)."""
    import subprocess
    import sys

    from jupyter_client.kernelspec import KernelSpecManager

    from genrebook.book.runner import KERNEL_NAME

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", KERNEL_NAME],
                       check=True, capture_output=True)
    return KERNEL_NAME
