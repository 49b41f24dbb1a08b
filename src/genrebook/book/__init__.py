"""The book: everything between the models and the reader's page.

- :mod:`~genrebook.book.params` (parameter profiles, one selection parser) and
  :mod:`~genrebook.book.chapter` (a chapter's set-up, glue, banner, parameters dropdown);
- :mod:`~genrebook.book.pages`: one module of *results builders* per page, each returning a frozen
  :class:`~genrebook.book.section.Section` (numbers, reader tables, figures);
- :mod:`~genrebook.book.verdicts`: every sentence whose wording depends on the numbers;
- :mod:`~genrebook.book.formatting` (numbers and tables for readers), :mod:`~genrebook.book.listening`
  (playable clips), :mod:`~genrebook.book.published` (figures reported elsewhere, with provenance);
- what the model chapters share: :mod:`~genrebook.book.classical`, :mod:`~genrebook.book.featurewise`,
  :mod:`~genrebook.book.networks`, :mod:`~genrebook.book.comparisons`, :mod:`~genrebook.book.clustering`;
- running and building: :mod:`~genrebook.book.runner`, :mod:`~genrebook.book.cache`,
  :mod:`~genrebook.book.results`, :mod:`~genrebook.book.grid`, :mod:`~genrebook.book.build`,
  :mod:`~genrebook.book.reader` (the reader's check of the built pages).

Submodules are imported by name; nothing is re-exported here.
"""

__all__: list[str] = []
