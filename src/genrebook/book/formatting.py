"""How the book writes numbers and tables for readers: one place, one style.

Percentages carry one decimal and a ``%`` (``52.6%``), intervals a dash (``52.6–59.5%``), counts
thousands separators, missing values an em dash (``—``), booleans ``✓`` or ``—``. A
:class:`ReaderTable` has human column headers, no numeric index, never cuts text, and scrolls
inside its own box on a narrow screen instead of clipping.

Used in: every chapter, through the results builders of :mod:`genrebook.book`.
"""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: What a missing value looks like on a page.
MISSING = "—"
#: The check mark of a true boolean.
CHECK = "✓"


def is_missing(value: Any) -> bool:
    """Tell whether a value is missing (None, NaN, pandas' NA).

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("")
    (True, True, False, False)
    """
    if value is None or value is pd.NA:
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isnan(float(value))


def format_percent(value: Any, *, digits: int = 1, signed: bool = False) -> str:
    """Write a share (0.526) as a percentage with one decimal (``'52.6%'``).

    Examples
    --------
    >>> format_percent(0.52631), format_percent(None), format_percent(0.042, signed=True)
    ('52.6%', '—', '+4.2%')
    """
    if is_missing(value):
        return MISSING
    return f"{100 * float(value):{'+' if signed else ''}.{digits}f}%"


def format_points(value: Any, *, digits: int = 1) -> str:
    """Write a difference of two shares in percentage points, with its sign (``'+4.2 points'``).

    Examples
    --------
    >>> format_points(0.042), format_points(-0.0155), format_points(0.0)
    ('+4.2 points', '−1.6 points', '0.0 points')
    """
    if is_missing(value):
        return MISSING
    points = round(100 * float(value), digits)
    if points == 0:
        return f"{0:.{digits}f} points"
    return f"{'+' if points > 0 else '−'}{abs(points):.{digits}f} points"


def format_interval(low: Any, high: Any, *, digits: int = 1) -> str:
    """Write an interval of shares as ``'52.6–59.5%'``.

    Examples
    --------
    >>> format_interval(0.5263, 0.595), format_interval(None, 0.5)
    ('52.6–59.5%', '—')
    """
    if is_missing(low) or is_missing(high):
        return MISSING
    return f"{100 * float(low):.{digits}f}–{100 * float(high):.{digits}f}%"


def format_count(value: Any) -> str:
    """Write a count with thousands separators (``'7,994'``).

    Examples
    --------
    >>> format_count(7994), format_count(None)
    ('7,994', '—')
    """
    return MISSING if is_missing(value) else f"{int(value):,}"


def format_number(value: Any, *, digits: int = 2) -> str:
    """Write a number with a fixed number of decimals (``'0.36'``); integers as counts.

    Examples
    --------
    >>> format_number(0.35561), format_number(12), format_number(float("nan"))
    ('0.36', '12', '—')
    """
    if is_missing(value):
        return MISSING
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return format_count(value)
    return f"{float(value):,.{digits}f}"


def format_seconds(value: Any) -> str:
    """Write a duration: ``'0.4 s'``, ``'12 s'``, ``'3 min 5 s'``.

    Examples
    --------
    >>> format_seconds(0.43), format_seconds(12.2), format_seconds(185)
    ('0.4 s', '12 s', '3 min 5 s')
    """
    if is_missing(value):
        return MISSING
    seconds = float(value)
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def format_bool(value: Any) -> str:
    """Write a boolean as ``'✓'`` or ``'—'``.

    Examples
    --------
    >>> format_bool(True), format_bool(False), format_bool(None)
    ('✓', '—', '—')
    """
    return CHECK if value is True or (not is_missing(value) and bool(value) and value is not False) else MISSING


def format_text(value: Any) -> str:
    """Write any other value as text; missing as ``'—'``.

    Examples
    --------
    >>> format_text("Hip-Hop"), format_text(None)
    ('Hip-Hop', '—')
    """
    if is_missing(value) or value == "":
        return MISSING
    if isinstance(value, bool):
        return format_bool(value)
    if isinstance(value, float):
        return format_number(value)
    return str(value)


#: How people write FMA's feature groups.
GROUP_NAMES = {"mfcc": "MFCC", "chroma_cens": "chroma CENS", "chroma_cqt": "chroma CQT", "chroma_stft": "chroma STFT",
               "rmse": "RMS energy", "zcr": "zero-crossing rate", "tonnetz": "tonnetz", "vggish": "VGGish",
               "spectral_centroid": "spectral centroid", "spectral_bandwidth": "spectral bandwidth",
               "spectral_contrast": "spectral contrast", "spectral_rolloff": "spectral roll-off"}


def name_group(group: str) -> str:
    """Name a feature group as people say it (``'mfcc'`` -> ``'MFCC'``).

    Examples
    --------
    >>> name_group("chroma_cens"), name_group("loudness_range")
    ('chroma CENS', 'loudness range')
    """
    return GROUP_NAMES.get(group, group.replace("_", " "))


def name_feature(column) -> str:
    """Name one feature column as people say it: ``('mfcc', 'mean', '02')`` -> ``'MFCC 2 mean'``.

    Accepts the three-level tuple or its ``'group/statistic/number'`` string.

    Examples
    --------
    >>> name_feature(("mfcc", "mean", "02")), name_feature("zcr/std/01"), name_feature("spectral_contrast/skew/07")
    ('MFCC 2 mean', 'zero-crossing rate std', 'spectral contrast 7 skew')
    """
    group, statistic, number = column.split("/") if isinstance(column, str) else column
    sizes = {"rmse": 1, "zcr": 1, "spectral_centroid": 1, "spectral_bandwidth": 1, "spectral_rolloff": 1}
    coefficient = "" if sizes.get(group) == 1 else f" {int(number) if str(number).isdigit() else number}"
    return f"{name_group(group)}{coefficient} {statistic}"


#: The formatters a column can ask for by name.
FORMATS = {
    "percent": format_percent,
    "points": format_points,
    "count": format_count,
    "number": format_number,
    "number1": lambda v: format_number(v, digits=1),
    "number3": lambda v: format_number(v, digits=3),
    "seconds": format_seconds,
    "bool": format_bool,
    "text": format_text,
}



#: Columns from which a table is set tighter (smaller type, narrower padding), so that chapter 03's table of
#: eight columns (unbalanced genres add balanced accuracy and macro-F1) fits a wide page's text column.
DENSE_COLUMNS = 7

@dataclass(frozen=True)
class ReaderTable:
    """A table made for reading: formatted text cells, human headers, no index, one style.

    Attributes
    ----------
    frame : pd.DataFrame
        Every cell already a string; the column names are the headers shown.
    caption : str
        One sentence above the table saying what it shows.
    align : tuple of str
        ``'left'`` or ``'right'`` per column (numbers right).
    links : tuple of str
        Per row, where the last column's text links to (a page of the book), or empty.
    """

    frame: pd.DataFrame
    caption: str = ""
    align: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    def to_html(self) -> str:
        """The table as HTML, wrapped in a box that scrolls sideways on a narrow screen; nothing when it has
        no row (the prose says why: a header over no row tells a reader nothing)."""
        if self.frame.empty:
            return ""
        align = self.align or tuple("left" for _ in self.frame.columns)
        head = "".join(f'<th class="text-{a}">{html.escape(str(c))}</th>' for c, a in zip(self.frame.columns, align))
        links = self.links or tuple("" for _ in range(len(self.frame)))
        rows = "".join(
            "<tr>" + "".join(f'<td class="text-{a}">{_cell_html(v, link if i == len(row) - 1 else "")}</td>'
                             for i, (v, a) in enumerate(zip(row, align))) + "</tr>"
            for row, link in zip(self.frame.itertuples(index=False), links)
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        dense = " reader-table-dense" if len(self.frame.columns) >= DENSE_COLUMNS else ""
        return (f'<div class="reader-table-box"><table class="reader-table{dense}">{caption}'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __len__(self) -> int:
        return len(self.frame)


def _cell_html(value, link: str) -> str:
    """One cell's HTML: escaped text, wrapped in a link where one is given."""
    text = html.escape(str(value))
    return f'<a href="{html.escape(link)}">{text}</a>' if link else text


def make_table(frame: pd.DataFrame, columns: dict[str, tuple[str, str]], *, caption: str = "",
               index: tuple[str, str] | None = None) -> ReaderTable:
    """Format a frame for readers, keeping and renaming the columns asked for.

    Parameters
    ----------
    frame : pd.DataFrame
        Raw values.
    columns : dict
        ``{source column: (header, format)}`` in the order shown; ``format`` is a key of
        :data:`FORMATS`, or ``'interval'`` for a source column holding ``(low, high)`` pairs.
    caption : str
        What the table shows.
    index : (header, format), optional
        Show the frame's index as the first column under this header.

    Returns
    -------
    ReaderTable

    Examples
    --------
    >>> raw = pd.DataFrame({"acc": [0.5263, None], "ok": [True, False]}, index=["svm", "knn"])
    >>> table = make_table(raw, {"acc": ("test accuracy", "percent"), "ok": ("above chance", "bool")},
    ...                    index=("model", "text"))
    >>> table.frame.values.tolist()
    [['svm', '52.6%', '✓'], ['knn', '—', '—']]
    """
    shown, align = {}, []
    if index is not None:
        header, kind = index
        shown[header] = [_format_cell(v, kind) for v in frame.index]
        align.append("left")
    for source, (header, kind) in columns.items():
        shown[header] = [_format_cell(v, kind) for v in frame[source]]
        align.append("left" if kind in ("text",) else "right")
    return ReaderTable(pd.DataFrame(shown), caption=caption, align=tuple(align))


def _format_cell(value: Any, kind: str) -> str:
    """Format one cell by its column's format name."""
    if kind == "interval":
        return MISSING if value is None or (not isinstance(value, tuple)) else format_interval(*value)
    if kind not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(sorted(FORMATS))} or 'interval'; got {kind!r}")
    return FORMATS[kind](value)


#: How people say FMA's statistics.
STATISTIC_NAMES = {"std": "standard deviation", "min": "minimum", "max": "maximum"}


def name_statistic(statistic: str) -> str:
    """Name a statistic as people say it (``'std'`` -> ``'standard deviation'``).

    Examples
    --------
    >>> name_statistic("std"), name_statistic("skew")
    ('standard deviation', 'skew')
    """
    return STATISTIC_NAMES.get(statistic, statistic.replace("_", " "))


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_significant(value: float, *, digits: int = 3) -> str:
    """Write a parameter value with a few significant digits; very small ones in powers of ten.

    Examples
    --------
    >>> format_significant(0.000933), format_significant(0.003), format_significant(300.0), format_significant(1e-6)
    ('9.33 × 10⁻⁴', '0.003', '300', '1 × 10⁻⁶')
    >>> format_significant(0.00193), format_significant(0.0123), format_significant(2e7)
    ('1.93 × 10⁻³', '0.0123', '2 × 10⁷')
    """
    if is_missing(value):
        return MISSING
    value = float(value)
    fixed = f"{value:.{digits}g}"
    if value == 0 or "e" not in fixed and len(fixed.partition(".")[2]) < 5:
        return fixed
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPTS)}"
