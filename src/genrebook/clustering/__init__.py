"""Clustering tracks without their genres, and how far the clusters agree with the genres.

Submodules imported by name (their functions are not re-exported here):
:mod:`~genrebook.clustering.agreement`, :mod:`~genrebook.clustering.fit`.
"""


__all__: list[str] = []
