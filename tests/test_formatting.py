"""The one place that formats for readers: percentages, intervals, counts, missing values, reader tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from genrebook.book import formatting
from genrebook.book.formatting import ReaderTable, make_table


def test_numbers_are_written_once_and_the_same_way():
    assert formatting.format_percent(0.5) == "50.0%"
    assert formatting.format_interval(0.526, 0.595) == "52.6–59.5%"
    assert formatting.format_points(-0.0004) == "0.0 points"  # rounds to zero: no sign
    assert formatting.format_count(1234567) == "1,234,567"
    assert formatting.format_seconds(59.6) == "60 s" and formatting.format_seconds(60) == "1 min 0 s"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA])
def test_missing_values_are_a_dash_everywhere(missing):
    for name in ("format_percent", "format_count", "format_number", "format_seconds", "format_text"):
        assert getattr(formatting, name)(missing) == "—", name
    assert formatting.format_interval(missing, 0.5) == "—"


def test_booleans_are_marks_not_words():
    assert [formatting.format_bool(v) for v in (True, False, None)] == ["✓", "—", "—"]
    assert formatting.format_text(True) == "✓"


def test_a_reader_table_has_headers_no_index_and_scrolls_in_its_box():
    raw = pd.DataFrame({"acc": [0.5, float("nan")], "ok": [True, False], "ci": [(0.4, 0.6), None]},
                       index=pd.Index(["svm", "knn"], name="key"))
    table = make_table(raw, {"acc": ("test accuracy", "percent"), "ci": ("95% interval", "interval"),
                             "ok": ("above chance", "bool")}, index=("model", "text"), caption="Models")
    html = table.to_html()
    assert list(table.frame.columns) == ["model", "test accuracy", "95% interval", "above chance"]
    assert table.frame.values.tolist() == [["svm", "50.0%", "40.0–60.0%", "✓"], ["knn", "—", "—", "—"]]
    assert html.startswith('<div class="reader-table-box">') and "<caption>Models</caption>" in html
    for raw_word in ("NaN", "True", "False", "None", ">key<"):
        assert raw_word not in html
    with pytest.raises(ValueError, match="format must be one of"):
        make_table(raw, {"acc": ("x", "percentage")})


def test_a_table_of_many_columns_is_set_tighter():
    narrow = ReaderTable(pd.DataFrame({f"c{i}": [i] for i in range(formatting.DENSE_COLUMNS - 1)}))
    wide = ReaderTable(pd.DataFrame({f"c{i}": [i] for i in range(formatting.DENSE_COLUMNS)}))
    assert 'class="reader-table"' in narrow.to_html() and 'class="reader-table reader-table-dense"' in wide.to_html()
    css = (Path(__file__).resolve().parents[1] / "book" / "_static" / "genrebook.css").read_text()
    assert "table.reader-table-dense" in css


def test_links_and_escaping():
    table = ReaderTable(pd.DataFrame({"finding": ["<b>x</b>"], "chapter": ["Data"]}), links=("01_data.html",))
    html = table.to_html()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and '<a href="01_data.html">Data</a>' in html


def test_features_are_named_as_people_say_them():
    assert formatting.name_feature("mfcc/mean/02") == "MFCC 2 mean"
    assert formatting.name_feature(("chroma_cens", "std", "12")) == "chroma CENS 12 std"
    assert formatting.name_group("unknown_group") == "unknown group"
