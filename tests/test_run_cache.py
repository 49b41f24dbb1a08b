"""What a chapter's run depends on: a split written by `genrebook split` changes the dataset's fingerprint,
so chapters run again on the new split."""

from __future__ import annotations

from genrebook.book.cache import fingerprint_dataset
from tests.helpers import make_two_genre_dataset


def test_a_split_file_changes_the_fingerprint(tmp_path):
    folder = make_two_genre_dataset(tmp_path / "two")
    before = fingerprint_dataset(folder)
    assert fingerprint_dataset(folder) == before
    (folder / "split.csv").write_text("track_id,split\n2,training\n")
    assert fingerprint_dataset(folder) != before
