"""The source screen opens at the line a cell came from: exact for text, found from the label and the raw
text for PDF, Word, XLSX and HTML (whose locations name table cells, not lines of the archived text)."""
from __future__ import annotations

from pathlib import Path

import pytest

from xxgk.domain.model import ParseWarning, Value
from xxgk.importers import parse_path
from xxgk.workflows.locating import locate_value, locate_warning, nearest_value, text_line, warning_value

SAMPLES = Path(__file__).resolve().parents[2] / "sample_reports"


def lines_of(name: str):
    [rep] = parse_path(SAMPLES / name)
    return rep, rep.text.replace("\r\n", "\n").split("\n")


def test_a_text_location_is_its_line():
    rep, lines = lines_of("hongze_2023.pdf.txt")
    v = next(v for v in rep.values if v.key == "t4.review.upheld")
    loc = locate_value(lines, v)
    assert loc is not None and loc.exact and loc.line == text_line(v.where)
    assert v.raw == "10" and "10" in lines[loc.line - 1].split()


# (file, key, the raw value typed from the report, words of its row label on the same line)
CASES = [
    ("hongze_2024.docx", "t3.1.total", "95", "一、本年新收政府信息公开申请数量"),
    ("hongze_2024.pdf", "t3.3.4.1.natural", "31", "本机关不掌握相关政府信息"),
    ("hongze_2024.xlsx", "t3.3.1.natural", "50", "予以公开"),
    ("huaian_2024.html", "t3.2.total", "34", "二、上年结转政府信息公开申请数量"),
    ("kaifeng_zhijian_2018.htm", "c.ch.weibo", "32", "政务微博公开政府信息数"),
]


@pytest.mark.parametrize(("name", "key", "raw", "label"), CASES, ids=[c[0] for c in CASES])
def test_a_table_cell_is_found_on_the_line_of_its_row(name, key, raw, label):
    rep, lines = lines_of(name)
    v = next(v for v in rep.values if v.key == key)
    assert v.raw == raw and not v.where.startswith("line ")
    loc = locate_value(lines, v)
    assert loc is not None and not loc.exact
    line = lines[loc.line - 1]
    assert label in line and raw in [c.strip() for c in line.split("|")]


def test_a_row_of_numbers_under_its_headers_is_found_after_them():
    """表四 prints its numbers on a line of their own, under two header lines (no label on that line)."""
    rep, lines = lines_of("hongze_2024.docx")
    v = next(v for v in rep.values if v.key == "t4.review.total")
    loc = locate_value(lines, v)
    assert loc is not None
    assert "行政复议" not in lines[loc.line - 1] and v.raw in lines[loc.line - 1].split(" | ")
    assert any("行政复议" in line for line in lines[max(0, loc.line - 5):loc.line - 1])


def test_warnings_point_at_their_cell():
    values = [Value("t3.3.3.6.natural", "6.属于四类过程性信息", 0, "0", where="line 150"),
              Value("t3.3.3.6.commercial", "6.属于四类过程性信息", 0, "0", where="line 151"),
              Value("t3.1.total", "一、本年新收", 95, "95", where="line 20 word 8")]
    # a warning about a row names where the row starts: its first cell (at, or nearest after)
    assert nearest_value(values, "line 149").key == "t3.3.3.6.natural"
    assert warning_value(values, ParseWarning("t3.1.total 印了两次：第二次的（“9”）未采用", "line 99")).key == "t3.1.total"
    assert warning_value(values, ParseWarning("表三（六）其他处理印成一行", "表三")).key == "t3.3.3.6.natural"
    assert warning_value(values, ParseWarning("文中没有写明机关：待审核", "001.txt")) is None
    lines = [f"line {i}" for i in range(1, 200)]
    loc = locate_warning(lines, ParseWarning("…", "line 150"), values)
    assert loc is not None and loc.line == 150 and loc.exact
