"""What chapters share: validated set-up, glued numbers, the dataset banner, the parameter table.

A chapter's setup cell is one call, ``ch = setup_chapter("01_data", globals())``: it validates the
parameters and, for a chapter that reads a dataset, checks that the dataset has what the chapter
needs (:mod:`genrebook.book.needs`). After that the chapter glues numbers with
``ch.glue("n_tracks", 7994)`` (key ``01_data.n_tracks``) and shows its banner and parameters with
``ch.show_header()``.

Used in: every chapter.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from genrebook.book.formatting import ReaderTable
from genrebook.book.needs import NEEDS, check_needs
from genrebook.book.params import validate_parameters
from genrebook.book.section import Section, to_plain
from genrebook.fma.audio import FMA_CLIP_SECONDS
from genrebook.fma.dataset import load_dataset, read_dataset_info
from genrebook.fma.folders import resolve_dataset
from genrebook.runtime import configure
from genrebook.scale import connect_for_chapter

#: Prefix papermill/myst-nb use for glued values in a notebook's outputs.
GLUE_MIME_PREFIX = "application/papermill.record/"


@dataclass
class Chapter:
    """A running chapter: its name, validated parameters, and (once loaded) its dataset.

    Attributes
    ----------
    name : str
        ``NN_slug``.
    params : dict
        Validated parameters.
    glued : dict
        Values glued so far, keyed without the chapter prefix.
    """

    name: str
    params: dict[str, Any]
    glued: dict[str, Any] = field(default_factory=dict)
    _dataset: Any = None

    @property
    def dataset(self):
        """The chapter's dataset (:class:`genrebook.fma.dataset.Dataset`), loaded on first use with the
        chapter's ``feature_source`` and ``image_source`` where it has them."""
        if self._dataset is None:
            self._dataset = load_dataset(resolve_dataset(self.params["dataset"]),
                                         feature_source=self.params.get("feature_source", "auto"),
                                         image_source=self.params.get("image_source", "auto"))
        return self._dataset

    def glue(self, name: str, value: Any, *, display: bool = False) -> Any:
        """Glue a value under ``<chapter>.<name>`` for the prose and ``results.json``; return it plain."""
        from myst_nb import glue  # deferred: myst-nb is optional (extra 'book')

        value = to_plain(value)
        self.glued[name] = value
        glue(f"{self.name}.{name}", value, display=display)
        return value

    def glue_figure(self, name: str, fig) -> None:
        """Glue a matplotlib figure (shown where the prose pastes it with ``{glue:figure}``)."""
        from myst_nb import glue  # deferred: myst-nb is optional (extra 'book')

        glue(f"{self.name}.{name}", fig, display=False)
        plt.close(fig)

    def glue_all(self, section: Section) -> Section:
        """Glue a section's numbers and figures under ``<chapter>.<key>``; return the section.

        Numbers go to the prose (``{glue:text}``) and ``results.json``; figures are pasted by the
        prose with ``{glue:figure}`` (numbered, captioned) and never shown where they are made.
        """
        for key, value in section.numbers.items():
            self.glue(key, value)
        for key, fig in section.figures.items():
            self.glue_figure(key, fig)
        return section

    def show_header(self) -> None:
        """Display the dataset banner, plainly saying when the data is synthetic."""
        from IPython.display import HTML, display  # deferred: IPython is optional (extra 'book')

        info = read_dataset_info(self.dataset.path)
        display(HTML(make_banner_html(self.dataset.name, self.dataset.synthetic, clip_seconds=info.get("duration"),
                                      generated=info.get("generated", "audio"))))

    def show_parameters(self) -> None:
        """Display, collapsed, the parameters this page ran with (the dataset by name, never a path)."""
        from IPython.display import HTML, display  # deferred: IPython is optional (extra 'book')

        display(HTML(make_parameters_html(self.params, dataset_name=self.dataset.name)))


def make_banner_html(name: str, synthetic: bool, *, clip_seconds: float | None = None,
                     generated: str = "audio") -> str:
    """Return the HTML admonition naming the dataset, and warning when it is synthetic.

    A synthetic dataset whose clips are shorter than FMA's 30 s (``clip_seconds``) says so; one whose
    feature values were generated without audio (``generated='features'``, as ``bench/sizes.py``
    makes them) says that instead.

    Examples
    --------
    >>> "clips last 10 s" in make_banner_html("demo", True, clip_seconds=10.0)
    True
    >>> "clips last" in make_banner_html("demo", True, clip_seconds=30.0)
    False
    >>> banner = make_banner_html("features-only", True, generated="features")
    >>> "no audio" in banner and "musical recipes" not in banner
    True
    """
    name = html.escape(name)
    if synthetic and generated == "features":
        return (
            '<div class="admonition warning"><p class="admonition-title">Synthetic data</p>'
            f"<p>This page was computed on <b>{name}</b>, a <b>synthetic</b> dataset generated by genrebook: its "
            "feature values are drawn at random, genre by genre, and it has no audio. The numbers here show that "
            "the pipeline works at this size; they say nothing about real songs. Build the book with "
            "<code>make book DATASET=...</code> for real data.</p></div>"
        )
    if synthetic:
        short = (f" Its clips last {clip_seconds:g} s, shorter than FMA's {FMA_CLIP_SECONDS:g} s, so that the demo "
                 "builds in minutes with a test split large enough to compare models."
                 if isinstance(clip_seconds, (int, float)) and clip_seconds < FMA_CLIP_SECONDS else "")
        return (
            '<div class="admonition warning"><p class="admonition-title">Synthetic data</p>'
            f"<p>This page was computed on <b>{name}</b>, a <b>synthetic</b> demo dataset generated by "
            "genrebook: its audio is made by simple musical recipes, not recorded music. The numbers "
            f"here show that the pipeline works; they say nothing about real songs.{short} Build the book "
            "with <code>make book DATASET=...</code> for real data.</p></div>"
        )
    return (
        '<div class="admonition note"><p class="admonition-title">Dataset</p>'
        f"<p>This page was computed on <b>{name}</b> (real FMA data).</p></div>"
    )


def make_parameter_table(params: dict[str, Any], *, dataset_name: str) -> ReaderTable:
    """Return the parameters a chapter ran with as a reader table: the dataset by name, no run folder.

    Examples
    --------
    >>> make_parameter_table({"dataset": "/data/x", "models": ("rf", "svm"), "seed": 0, "run_dir": "/tmp"},
    ...                      dataset_name="fma_small").frame.values.tolist()
    [['dataset', 'fma_small'], ['models', 'rf, svm'], ['seed', '0']]
    """
    rows = []
    for name, value in params.items():
        if name == "run_dir":  # where the run writes: a machine path, not a setting of the page
            continue
        if name == "dataset":
            value = dataset_name
        elif isinstance(value, tuple):
            value = ", ".join(value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        rows.append([name, str(value)])
    return ReaderTable(pd.DataFrame(rows, columns=["parameter", "value"]), align=("left", "left"))


def make_parameters_html(params: dict[str, Any], *, dataset_name: str) -> str:
    """The collapsed dropdown at the end of a page: the parameters it ran with."""
    table = make_parameter_table(params, dataset_name=dataset_name).to_html()
    return (f'<details class="page-parameters"><summary>Parameters this page ran with</summary>{table}'
            "<p>Run it again with others: <code>genrebook run CHAPTER -p NAME VALUE</code>.</p></details>")


def setup_chapter(name: str, namespace: dict[str, Any]) -> Chapter:
    """Validate a chapter's parameters and prepare plotting; the first call of every chapter.

    Parameters
    ----------
    name : str
        ``NN_slug``.
    namespace : dict
        The notebook's ``globals()`` after the parameters cell (and papermill's injected cell).

    Returns
    -------
    Chapter

    Raises
    ------
    genrebook.book.params.ParameterError
        Unknown name, wrong type or out-of-range value, listing what is allowed.
    genrebook.book.needs.MissingNeeds
        The dataset lacks what the chapter needs (:data:`genrebook.book.needs.NEEDS`); the message is
        the paragraph its page shows instead (``genrebook run`` writes that page).
    """
    params = validate_parameters(name, namespace)
    configure()  # numba's cache folder and a quiet TensorFlow, before either loads
    chapter = Chapter(name=name, params=params)
    if name in NEEDS:
        check_needs(name, chapter.dataset)
    set_plot_style()
    connect_for_chapter()  # `genrebook run --cluster`: this kernel's parallel work goes to the cluster
    return chapter


def set_plot_style() -> None:
    """Apply the book's plotting style (seaborn, readable sizes, crisp inline figures)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="colorblind")
    # a page's text column is ~750 px wide: 7.5 in at 100 dpi, so 11-12 pt type stays 11-12 px on screen
    mpl.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "figure.figsize": (7.5, 4.2),
                         "font.size": 12, "axes.labelsize": 12, "axes.titlesize": 12, "xtick.labelsize": 11,
                         "ytick.labelsize": 11, "legend.fontsize": 11, "legend.frameon": False})
