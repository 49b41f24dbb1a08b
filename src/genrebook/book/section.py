"""The result of one chapter section: glued numbers, reader tables and figures, frozen.

Every section of a chapter is one call of a *results builder*: a function decorated with
:func:`builds`, which declares the keys it produces. The chapter glues the result with
``ch.glue_all(result)``, displays ``result.table``, and its prose pastes the numbers
(``{glue:text}``) and the figures (``{glue:figure}``, with a caption and alt text). Declaring the
keys lets a test check, before anything executes, that every key the prose uses is produced.

Used in: every chapter, through the results builders of :mod:`genrebook.book`.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from genrebook.book.formatting import ReaderTable


def to_plain(value: Any) -> Any:
    """Turn NumPy scalars and arrays into plain Python values (they render and serialise cleanly).

    Examples
    --------
    >>> to_plain(np.float64(0.5)), to_plain(np.int64(3)), to_plain(np.array([1, 2]))
    (0.5, 3, [1, 2])
    """
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return value


@dataclass(frozen=True)
class Section:
    """What one section of a chapter shows.

    Attributes
    ----------
    numbers : Mapping[str, object]
        Plain Python values the prose glues (``{glue:text}``) and ``results.json`` keeps.
    tables : Mapping[str, ReaderTable]
        Tables formatted for reading, by name.
    figures : Mapping[str, matplotlib.figure.Figure]
        Figures the prose pastes with ``{glue:figure}``, by glue key.
    """

    numbers: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, ReaderTable] = field(default_factory=dict)
    figures: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        shared = set(self.numbers) & set(self.figures)
        if shared:
            raise ValueError(f"a glue key names one thing only; both a number and a figure: {', '.join(sorted(shared))}")
        object.__setattr__(self, "numbers", MappingProxyType({k: to_plain(v) for k, v in self.numbers.items()}))
        object.__setattr__(self, "tables", MappingProxyType(dict(self.tables)))
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    @property
    def table(self) -> ReaderTable:
        """The section's only table."""
        if len(self.tables) != 1:
            raise ValueError(f"this section has {len(self.tables)} tables ({', '.join(self.tables)}); "
                             "use .tables[name]")
        return next(iter(self.tables.values()))


def builds(*numbers: str, figures: tuple[str, ...] = (), tables: tuple[str, ...] = (),
           optional: tuple[str, ...] = ()) -> Callable:
    """Declare what a results builder produces; the section it returns must match exactly.

    Parameters
    ----------
    *numbers : str
        Keys of :attr:`Section.numbers` every call produces (the prose may use them).
    figures, tables : tuple of str
        Keys of :attr:`Section.figures` and :attr:`Section.tables`.
    optional : tuple of str
        Number keys a call may produce or not (e.g. one per model a parameter selects); they are
        not in ``produces``, so prose that uses them is refused by the chapters test.

    Examples
    --------
    >>> @builds("n", figures=("hist",), optional=("rf_n",))
    ... def count(values, extra=None):
    ...     return Section(numbers={"n": len(values), **({extra: 1} if extra else {})}, figures={"hist": None})
    >>> count([1, 2]).numbers["n"], count([1], "rf_n").numbers["rf_n"], count.produces
    (2, 1, ('n', 'hist'))
    >>> count([1], "svm_n")
    Traceback (most recent call last):
    ...
    RuntimeError: count declares numbers ['n'] (optional ['rf_n']), figures ['hist'], tables []; made numbers ['n', 'svm_n'], figures ['hist'], tables []
    """
    def decorate(func: Callable[..., Section]) -> Callable[..., Section]:
        @functools.wraps(func)
        def build(*args, **kwargs) -> Section:
            section = func(*args, **kwargs)
            made = set(section.numbers)
            if (not set(numbers) <= made or made - set(numbers) - set(optional)
                    or set(section.figures) != set(figures) or set(section.tables) != set(tables)):
                raise RuntimeError(
                    f"{func.__qualname__} declares numbers {sorted(numbers)} (optional {sorted(optional)}), "
                    f"figures {sorted(figures)}, tables {sorted(tables)}; made numbers {sorted(made)}, "
                    f"figures {sorted(section.figures)}, tables {sorted(section.tables)}")
            return section

        build.numbers, build.figures, build.tables = tuple(numbers), tuple(figures), tuple(tables)
        build.optional = tuple(optional)
        build.produces = tuple(numbers) + tuple(figures)
        return build

    return decorate
