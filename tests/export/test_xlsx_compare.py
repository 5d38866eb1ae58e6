"""One comparison exported to XLSX and read back: values, blanks, failing cells, formats, layout."""
from __future__ import annotations

import pytest

from tests.export.conftest import (
    A_COL,
    APPROX_COL,
    B_COL,
    DELTA_COL,
    FLAG_A_COL,
    FLAG_B_COL,
    HONGZE,
    KEY_COL,
    LABEL_COL,
    NOTE_COL,
    PCT_COL,
    hand_report,
    item_rows,
    open_wb,
    parsed_sample,
    resave,
    rows_by_key,
    val,
)
from xxgk.domain.templates import GEN_NAMES
from xxgk.exporters import export_all_xlsx, export_comparison_xlsx
from xxgk.presentation.text import display_width
from xxgk.workflows.comparing import compare

FAIL_RGB = "00FFC7CE"


@pytest.fixture
def hongze(archive, tmp_path):
    path = export_comparison_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "hz.xlsx")
    wb = open_wb(path)
    return wb, wb.worksheets[0], compare(archive, HONGZE, 2023, 2024)


def test_every_value_equals_the_archive_in_official_order(hongze):
    _wb, ws, comp = hongze
    rows = item_rows(ws)
    assert [r[KEY_COL - 1].value for r in rows] == [c.key for c in comp.rows]
    assert len(rows) == 186
    for r, c in zip(rows, comp.rows, strict=True):
        assert r[LABEL_COL - 1].value == c.label
        assert r[A_COL - 1].value == c.value_a, c.key
        assert r[B_COL - 1].value == c.value_b, c.key
        assert r[DELTA_COL - 1].value == c.delta, c.key
        if c.delta_pct is None:
            assert r[PCT_COL - 1].value is None
        else:
            assert r[PCT_COL - 1].value == pytest.approx(c.delta_pct / 100)
    # a few values typed by hand from the reports (so a wrong archive cannot make this pass)
    by_key = rows_by_key(ws)
    assert by_key["t4.review.upheld"][A_COL - 1].value == 10
    assert by_key["t4.review.total"][A_COL - 1].value == 0
    assert by_key["t4.review.total"][B_COL - 1].value == 2
    assert by_key["t2.licensing.decisions"][B_COL - 1].value == 9487


def test_header_block_names_agency_years_sources_import_times_and_templates(hongze):
    _wb, ws, comp = hongze
    head = "\n".join(str(ws.cell(row=i, column=1).value) for i in range(1, 6))
    assert HONGZE in head and "2023" in head and "2024" in head
    assert comp.report_a.source_name in head and comp.report_b.source_name in head
    assert comp.report_a.imported_at[:10] in head
    assert GEN_NAMES["2021"] in head


def test_failing_identity_cells_are_filled_flagged_and_commented(hongze):
    _wb, ws, _comp = hongze
    by_key = rows_by_key(ws)
    for key, rule, numbers in (("t4.review.total", "A4.1", ("10", "11")),
                               ("t4.suit_after_review.total", "A4.3", ("5",))):
        row = by_key[key]
        cell, flag = row[A_COL - 1], row[FLAG_A_COL - 1]
        assert cell.fill.fgColor.rgb == FAIL_RGB
        assert cell.comment is not None and rule in cell.comment.text
        assert all(n in cell.comment.text for n in numbers)
        assert flag.value == "!" and flag.font.bold  # survives black-and-white printing
        # 2024 passes these identities: not filled
        assert row[B_COL - 1].fill.fgColor.rgb != FAIL_RGB and row[B_COL - 1].comment is None
        assert row[FLAG_B_COL - 1].value is None
    # a cell no failing identity reads stays plain
    plain = by_key["t3.1.total"]
    assert plain[A_COL - 1].fill.fgColor.rgb != FAIL_RGB and plain[A_COL - 1].comment is None
    assert plain[FLAG_A_COL - 1].value is None


def test_identity_sections_list_cross_year_and_failing_checks(hongze):
    _wb, ws, comp = hongze
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("跨年度勾稽关系") for t in texts)
    for check in comp.cross_year:
        assert any(t.startswith(check.rule_id) and check.message in t for t in texts), check.rule_id
    assert any(t.startswith("A4.1") for t in texts) and any(t.startswith("A4.3") for t in texts)


def test_number_formats_and_amounts(hongze):
    _wb, ws, _comp = hongze
    by_key = rows_by_key(ws)
    assert by_key["t2.licensing.decisions"][A_COL - 1].number_format == "#,##0"
    fees = by_key["t2.fees.amount"]
    assert fees[A_COL - 1].value == pytest.approx(7730.28)
    assert fees[A_COL - 1].number_format == "#,##0.00"
    assert fees[DELTA_COL - 1].number_format == "#,##0.00"
    assert by_key["t2.normative.in_force"][PCT_COL - 1].number_format == "0.0%"


def test_layout_freeze_print_setup_and_widths(hongze):
    _wb, ws, comp = hongze
    head_row = next(r[0].row for r in ws.iter_rows() if r[0].value == "项目")
    assert ws.freeze_panes == f"B{head_row + 1}"
    assert ws.print_title_rows == f"${head_row}:${head_row}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    longest = max(display_width(r.label) for r in comp.rows)
    assert ws.column_dimensions["A"].width >= min(64, longest)
    assert display_width("规章") == 4 and display_width("ab") == 2


def test_blanks_stay_empty_never_zero(archive, tmp_path):
    # 盘锦检验检测中心 2021 leaves most of 表三's breakdown blank; it has no other year: --all shows it
    path = export_all_xlsx(archive, 2021, 2022, tmp_path / "all.xlsx")
    ws = open_wb(path)["盘锦检验检测中心"]
    values = {v.key: v for v in archive.report_values(archive.current_report("盘锦检验检测中心", 2021).id)}
    blanks = [k for k, v in values.items() if v.value is None]
    assert "t3.1.natural" in blanks
    by_key = rows_by_key(ws)
    for key in blanks:
        assert by_key[key][A_COL - 1].value is None, key
    for key, v in values.items():
        if v.value is not None:
            assert by_key[key][A_COL - 1].value == v.value


def test_approximate_rows_across_generations_are_marked(hand_archive, tmp_path):
    resave(hand_archive, parsed_sample("002_b6ce9a87a66a1839.txt"), "测试机关", 2018)  # pre-2019 统计表
    resave(hand_archive, parsed_sample("hongze_2024.pdf.txt"), "测试机关", 2019)  # a 2021-form table
    path = export_comparison_xlsx(hand_archive, "测试机关", 2018, 2019, tmp_path / "x.xlsx")
    rows = item_rows(open_wb(path).worksheets[0])
    assert rows and all(r[APPROX_COL - 1].value == "≈" for r in rows)
    received = next(r for r in rows if r[KEY_COL - 1].value == "t3.1.total")
    assert received[A_COL - 1].value == 1 and received[B_COL - 1].value == 95
    assert "近似" in received[NOTE_COL - 1].value
    # and the same-generation comparison marks nothing approximate
    resave(hand_archive, parsed_sample("hongze_2023.pdf.txt"), "测试机关", 2020)
    path = export_comparison_xlsx(hand_archive, "测试机关", 2019, 2020, tmp_path / "y.xlsx")
    assert not any(r[APPROX_COL - 1].value for r in item_rows(open_wb(path).worksheets[0]))


def test_failing_cross_year_identity_marks_both_years_cells(hand_archive, tmp_path):
    hand_archive.save_report(hand_report("某局", 2023, [val("t3.1.total", 5), val("t3.2.total", 0),
                                                       val("t3.4.total", 3)]))
    hand_archive.save_report(hand_report("某局", 2024, [val("t3.1.total", 5), val("t3.2.total", 1),
                                                       val("t3.4.total", 0)]))
    path = export_comparison_xlsx(hand_archive, "某局", 2023, 2024, tmp_path / "x1.xlsx")
    ws = open_wb(path).worksheets[0]
    by_key = rows_by_key(ws)
    carried_in, carried_out = by_key["t3.2.total"], by_key["t3.4.total"]
    # X1: 2024's 上年结转 (1) should equal 2023's 结转下年度 (3)
    assert carried_in[B_COL - 1].fill.fgColor.rgb == FAIL_RGB and "X1" in carried_in[B_COL - 1].comment.text
    assert carried_out[A_COL - 1].fill.fgColor.rgb == FAIL_RGB and "X1" in carried_out[A_COL - 1].comment.text
    assert carried_in[FLAG_B_COL - 1].value == "!" and carried_out[FLAG_A_COL - 1].value == "!"
    # the other year's cell of each row is not what X1 reads
    assert carried_in[A_COL - 1].fill.fgColor.rgb != FAIL_RGB
    assert carried_out[B_COL - 1].fill.fgColor.rgb != FAIL_RGB
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(t.startswith("X1:total（不符）") for t in texts)
