"""Clustering tracks without their genres, and how far the clusters agree with the genres.

Submodules imported by name (their functions are not re-exported here):
:mod:`~genrebook.clustering.agreement`, :mod:`~genrebook.clustering.fit`, :mod:`~genrebook.clustering.ward`
(Ward's tree, on a capped subsample of large datasets).
"""


__all__: list[str] = []
