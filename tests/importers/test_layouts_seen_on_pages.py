"""Text layouts seen on agencies' pages (issue 9, item 4), each on a real report re-laid that way.

The fragments are in tests/fixtures/layouts/ (built by scripts/build_layout_fixtures.py from the real text
reports, the rules are there); the expected values are the hand-typed golden values of the source report.
Every printed cell exact, nothing invented, never a wrong number.
"""
from __future__ import annotations

from pathlib import Path

from tests.importers.golden_values import B_FORM_2019, HONGZE_2024, HUAIAN_2024
from xxgk.importers import parse_bytes, parse_path

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


def _parse(name: str):
    [rep] = parse_path(LAYOUTS / name)
    return rep


def test_lone_pipe_between_cells() -> None:
    """Every cell on its own line, a lone | between cells, a blank cell as two pipes with nothing between."""
    rep = _parse("b_form_lone_pipes.txt")
    assert rep.value_map() == B_FORM_2019
    assert (rep.agency, rep.year, rep.template) == ("示范市人民政府", 2019, "2019")


def test_lone_pipe_still_a_blank_cell_in_f1() -> None:
    """In F1 (every cell `text |`), a lone | is itself a blank cell, as before."""
    text = (Path(__file__).resolve().parents[2] / "sample_reports" / "000_7fa8abd7de6217fc.txt").read_text("utf-8")
    assert "\n|\n" in text
    [rep] = parse_bytes(text.encode(), "000.txt")
    assert rep.value_map()["t3.1.natural"] is None and rep.value_map()["t3.1.total"] == 0


def test_pdf_rows_pasted_into_a_pipe_page() -> None:
    """A page whose 表三 has pipes but whose 表二 (`行政许可 9487`) and 表四 (15 numbers on one line) are the
    PDF's lines: read as rows, not as running text."""
    rep = _parse("hongze_2024_pipe_page.txt")
    assert rep.value_map() == HONGZE_2024
    assert rep.value_map()["t2.licensing.decisions"] == 9487


def test_running_text_ending_in_a_number_is_not_a_row() -> None:
    """In a pipe page, a sentence that happens to end in a number stays running text."""
    text = (LAYOUTS / "hongze_2024_pipe_page.txt").read_text("utf-8").replace(
        "二、主动公开政府信息情况", "全年受理申请。其中行政许可申请 9999\n二、主动公开政府信息情况")
    [rep] = parse_bytes(text.encode(), "sentence.txt")
    assert rep.value_map() == HONGZE_2024


def test_shortened_row_labels() -> None:
    """（二）部分公开, 1.本机关不掌握, 1、申请人无正当理由逾期不补正, 2、申请人逾期未按收费通知要求缴纳费用:
    the start of the form's wording is enough (never a group row instead: （四）无法提供 is not 1.本机关不掌握)."""
    rep = _parse("huaian_2024_short_labels.txt")
    got = rep.value_map()
    assert got == HUAIAN_2024
    assert not any(k.startswith("t3.3.4.") and k.count(".") == 3 for k in got)  # no (四) subtotal invented


def test_flattened_t4_under_stacked_one_character_headers() -> None:
    """表四's heading lost, its header printed one character per line, the 15 numbers on one line."""
    rep = _parse("hongze_2024_t4_stacked.txt")
    assert rep.value_map() == HONGZE_2024


def test_flattened_t4_with_its_heading() -> None:
    text = (LAYOUTS / "hongze_2024_t4_stacked.txt").read_text("utf-8").replace(
        "四、结转下年度继续办理 0 0 0 0 0 0 0\n", "四、结转下年度继续办理 0 0 0 0 0 0 0\n四、政府信息公开行政复议、行政诉讼情况\n")
    [rep] = parse_bytes(text.encode(), "t4.txt")
    assert rep.value_map() == HONGZE_2024


def test_page_fragment_starting_inside_t3() -> None:
    """Page 5 of huaian 2024 alone: it starts at 表三's row 2.没有现成信息需要另行制作, no heading, no headers."""
    rep = _parse("huaian_2024_page5.txt")
    got = rep.value_map()
    rows = ("3.4.2", "3.4.3", "3.5.1", "3.5.2", "3.5.3", "3.5.4", "3.5.5", "3.6.1", "3.6.2", "3.6.3", "3.7", "4")
    expected = {k: v for k, v in HUAIAN_2024.items()
                if k.startswith("t4.") or any(k.startswith(f"t3.{r}.") and k.count(".") == r.count(".") + 2
                                              for r in rows)}
    assert got == expected


def test_t3_rows_without_a_heading_need_an_exact_label() -> None:
    """A fragment whose first row label is misspelt is not opened on a guess: that row is left out."""
    text = (LAYOUTS / "huaian_2024_page5.txt").read_text("utf-8").replace("2.没有现成信息需要另行制作", "2.没现成信息要制作")
    [rep] = parse_bytes(text.encode(), "typo.txt")
    got = rep.value_map()
    assert not any(k.startswith("t3.3.4.2.") for k in got)
    wrong = {k: v for k, v in got.items() if v != HUAIAN_2024.get(k, v)}
    assert not wrong
