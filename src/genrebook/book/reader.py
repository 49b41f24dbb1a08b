"""What a careful reader must never meet in the built book, found in its HTML.

:func:`find_reader_defects` reads every page of a built book and lists, per page, what a reader
would stumble on: a machine path, a ``NaN``/``None``/``True``/``False`` table cell, a float
printed with five or more decimals, a figure without a caption (or an image without alt text),
stderr or a warning in an output, a traceback, or a raw ``results.json`` key. The build logs
them with each page's weight; the reader test fails on any.

Used in: :func:`genrebook.book.build.build_book`, the reader test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

#: Text that gives a machine away: absolute paths under the usual roots, virtual environments.
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:home|root|tmp|work|Users|var|opt|usr|mnt|srv)/[\w.\-]+"
                          r"|site-packages|\.venv/|[A-Z]:\\\\")
#: Cells a reader should never see.
RAW_CELLS = {"nan", "none", "true", "false", "<na>", "nat", "null"}
#: A float printed without formatting.
#: (not an arXiv number or a DOI prefix, such as ``arXiv:1612.01840`` or ``10.21437/...``)
RAW_FLOAT = re.compile(r"(?<![\w.:/])-?\d+\.\d{5,}(?![\w./])")
#: A glue or results key (``03_classical_models.best_test_accuracy``).
RAW_KEY = re.compile(r"\b\d\d_[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b")


@dataclass(frozen=True)
class Defect:
    """One thing a reader would stumble on."""

    page: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}: {self.detail}"


class _PageParser(HTMLParser):
    """Collect a page's main text, table cells, images, figures and output blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.cells: list[str] = []
        self.images: list[dict] = []
        self.stderr = 0
        self._stack: list[tuple[str, dict]] = []
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("script", "style"):
            self._skip += 1
        if tag in ("td", "th"):
            self._cell = []
        if tag == "img":
            self.images.append({"alt": attrs.get("alt", ""), "src": attrs.get("src", ""),
                                "in_figure": any(t == "figure" for t, _ in self._stack)})
        if "stderr" in classes or "output_stderr" in classes:
            self.stderr += 1
        if tag not in ("img", "br", "hr", "meta", "link", "input"):
            self._stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def check_page(name: str, html: str) -> list[Defect]:
    """List the defects of one page's HTML.

    Examples
    --------
    >>> page = '<main><table><tr><td>NaN</td><td>0.308333</td></tr></table><img src="a.png" alt="a.png"></main>'
    >>> sorted(d.kind for d in check_page("p", page))
    ['figure without caption', 'image without alt text', 'raw cell', 'raw float']
    """
    main = html.split('<main', 1)[-1].split('</main>', 1)[0] if "<main" in html else html
    parser = _PageParser()
    parser.feed(main)
    text = " ".join(parser.text)
    defects = [Defect(name, "machine path", m.group(0)) for m in MACHINE_PATH.finditer(text)]
    defects += [Defect(name, "raw cell", c) for c in parser.cells if c.lower() in RAW_CELLS]
    defects += [Defect(name, "raw float", m.group(0)) for m in RAW_FLOAT.finditer(text)]
    defects += [Defect(name, "results key", m.group(0)) for m in RAW_KEY.finditer(text)]
    if "Traceback (most recent call last)" in text or "output traceback" in main or "output error" in main:
        defects.append(Defect(name, "traceback", "an error output"))
    if parser.stderr:
        defects.append(Defect(name, "stderr", f"{parser.stderr} output block(s) on stderr"))
    for image in parser.images:
        if not image["in_figure"] and not image["src"].startswith("data:image/svg"):
            defects.append(Defect(name, "figure without caption", image["src"][-60:]))
        alt = image["alt"].strip()
        if not alt or alt.endswith((".png", ".jpg", ".svg")) or "/" in alt:
            defects.append(Defect(name, "image without alt text", image["src"][-60:]))
    for warning in re.findall(r"(?:\w+Warning|tqdm|it/s\]|%\|[█▏▎▍▌▋▊▉ ]*\|)", text):
        defects.append(Defect(name, "warning or progress bar", warning))
    return defects


def find_reader_defects(html_dir: str | Path, pages: list[str]) -> list[Defect]:
    """Check every page of a built book.

    Parameters
    ----------
    html_dir : path-like
        ``_build/html``.
    pages : list of str
        Pages of the table of contents (``book/01_data``), without suffix.

    Returns
    -------
    list of Defect
    """
    html_dir = Path(html_dir)
    defects = []
    for page in pages:
        path = html_dir / f"{page}.html"
        if path.is_file():
            defects += check_page(page, path.read_text(errors="replace"))
    return defects


def measure_page_weight(html_dir: str | Path, page: str) -> int:
    """Bytes a reader downloads for one page: its HTML plus the images and media it links locally."""
    html_dir = Path(html_dir)
    path = html_dir / f"{page}.html"
    html = path.read_text(errors="replace")
    total = len(html.encode())
    for src in set(re.findall(r'(?:src|href)="([^"#?]+\.(?:png|jpg|jpeg|svg|mp3|wav|ogg))"', html)):
        target = (path.parent / src).resolve()
        if target.is_file():
            total += target.stat().st_size
    return total
