"""Every agency: the summary sheet (汇总: one row per agency, headline numbers, Δ, failures, missing years),
a sheet per agency, and the hidden 数据 sheet."""
from __future__ import annotations

import pytest

from tests.export.conftest import (
    FAIL_RGB,
    HONGZE,
    HUAIAN,
    data_rows,
    fill_rgb,
    open_wb,
    parsed_sample,
    resave,
    rows_by_key,
    shown,
)
from xxgk.exporters import ExportError, ExportNotFound, export_all_xlsx, export_summary_csv
from xxgk.store import NotFound

METRICS = ("本年新收", "办理总计", "结转下年", "行政复议", "行政诉讼")


def summary_rows(ws) -> tuple[list[str], dict[str, dict[str, object]]]:
    """The summary's rows by agency: ``{"本年新收 2023": cell, …}`` from its two header rows."""
    rows = list(ws.iter_rows())
    head_i = next(i for i, r in enumerate(rows) if r[1].value == "机关")
    group = ""
    heads = []
    for top, bottom in zip(rows[head_i - 1], rows[head_i], strict=True):
        group = str(top.value) if top.value else group
        b = str(bottom.value)
        heads.append(b if b in ("序号", "机关", "备注") else f"{group} {b}")
    out = {}
    for r in rows[head_i + 1:]:
        if r[1].value is None:
            break
        out[r[1].value] = dict(zip(heads, r, strict=True))
    return heads, out


def _metric(values: dict, name: str):
    if name == "行政诉讼":
        return values["t4.suit_direct.total"] + values["t4.suit_after_review.total"]
    key = {"本年新收": "t3.1.total", "办理总计": "t3.3.7.total", "结转下年": "t3.4.total",
           "行政复议": "t4.review.total"}[name]
    return values[key]


def test_summary_lists_every_agency_with_either_year_and_marks_missing(archive, tmp_path):
    path = export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx")
    wb = open_wb(path)
    # by pinyin, as the overview lists them: 淮安市洪泽区 (huai an shi hong …) before 淮安市人民政府 (… ren …)
    assert wb.sheetnames == ["汇总", HONGZE, HUAIAN, "数据"]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible", "visible", "hidden"]
    _heads, rows = summary_rows(wb["汇总"])
    assert list(rows) == [HONGZE, HUAIAN]  # one row per agency, in pinyin order
    assert [r["序号"].value for r in rows.values()] == [1, 2]
    huaian = rows[HUAIAN]
    for m in METRICS:
        assert huaian[f"{m} 2023"].value == "缺"  # no 2023 report: marked, not blank, not 0
        assert huaian[f"{m} 2023"].font.color.rgb == "00808080"  # dim
        assert huaian[f"{m} 增减"].value is None
    assert huaian["不符 2023"].value == "缺" and "2023 年未报送" in huaian["备注"].value
    assert huaian["本年新收 2024"].value == 3119  # typed from the report
    # the machines' rows of the agency mark the missing year on every row
    by_key = rows_by_key(wb, HUAIAN)
    assert all(r["2023年"].value is None and r["2023年标记"].value == "缺" for r in by_key.values())
    assert by_key["t3.1.total"]["2024年"].value == 3119
    assert {r["机关"].value for r in data_rows(wb)} == {HUAIAN, HONGZE}


def test_summary_numbers_equal_the_archive(archive, tmp_path):
    path = export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx")
    _heads, rows = summary_rows(open_wb(path)["汇总"])
    hz = rows[HONGZE]
    values = {y: {v.key: v.value for v in archive.report_values(archive.current_report(HONGZE, y).id)}
              for y in (2023, 2024)}
    for m in METRICS:
        a, b = _metric(values[2023], m), _metric(values[2024], m)
        assert hz[f"{m} 2023"].value == a and hz[f"{m} 2024"].value == b and hz[f"{m} 增减"].value == b - a, m
    assert hz["本年新收 2023"].value == 21 and hz["本年新收 2024"].value == 95  # typed from the reports
    assert shown(hz["本年新收 增减"]) == "+74"
    grid = archive.list_grid()
    fails = hz["不符 2023"]
    assert fails.value == grid.cell(HONGZE, 2023).n_fail == 2
    assert shown(fails) == "!2" and fill_rgb(fails) == FAIL_RGB
    assert hz["不符 2024"].value == grid.cell(HONGZE, 2024).n_fail == 0 and shown(hz["不符 2024"]) == "0"


def test_summary_is_a_printable_list(archive, tmp_path):
    wb = open_wb(export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx"))
    ws = wb["汇总"]
    head_row = next(r[1].row for r in ws.iter_rows() if r[1].value == "机关")
    assert ws.print_title_rows == f"${head_row - 1}:${head_row}"  # both header rows on every page
    assert ws.auto_filter.ref == f"A{head_row}:T{head_row + 2}"  # 序号, 机关, 5 × 3 numbers, 不符 × 2, 备注
    assert ws.freeze_panes == f"C{head_row + 1}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.oddHeader.left.text == "全部机关" and "2023 年与 2024 年" in ws.oddHeader.center.text
    # the group heads are merged over their three columns (no two-line heads overprinting)
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert f"C{head_row - 1}:E{head_row - 1}" in merged
    assert all((ws.row_dimensions[r].height or 0) >= 15 for r in (head_row - 1, head_row))
    link = ws.cell(row=head_row + 1, column=1)  # the number links (LibreOffice does not wrap a linked text)
    assert link.value == 1 and link.hyperlink.location == f"'{HONGZE}'!A1"
    assert ws.cell(row=head_row + 1, column=2).alignment.wrap_text
    for sheet in wb.worksheets[1:3]:  # each agency's sheet names it on every page
        assert sheet.oddHeader.left.text == sheet.title


def test_pre2019_reports_use_the_concept_mapping(hand_archive, tmp_path):
    c_report = parsed_sample("002_b6ce9a87a66a1839.txt")  # 开封 2018, pre-2019 统计表
    resave(hand_archive, c_report, "测试机关", 2018)
    resave(hand_archive, parsed_sample("hongze_2024.pdf.txt"), "测试机关", 2019)
    path = export_all_xlsx(hand_archive, 2018, 2019, tmp_path / "all.xlsx")
    _heads, rows = summary_rows(open_wb(path)["汇总"])
    row = rows["测试机关"]
    c = c_report.value_map()
    assert row["本年新收 2018"].value == c["c.req.received"]
    assert row["办理总计 2018"].value == c["c.ans.total"]
    assert row["行政复议 2018"].value == c["c.review.total"]
    assert row["行政诉讼 2018"].value == c["c.lit.total"]
    assert row["结转下年 2018"].value is None  # the 统计表 has no carry-over row: blank, not 0
    assert row["本年新收 2019"].value == 95 and row["本年新收 增减"].value == 95 - c["c.req.received"]
    assert "统计表" in row["备注"].value and "≈" in row["备注"].value


def test_no_agency_with_either_year_is_an_error(archive, tmp_path):
    with pytest.raises(ExportNotFound) as info:
        export_all_xlsx(archive, 1999, 2000, tmp_path / "none.xlsx")
    assert isinstance(info.value, NotFound) and isinstance(info.value, ExportError)  # one except catches it
    assert "1999" in str(info.value) and "\n" not in str(info.value)
    assert not (tmp_path / "none.xlsx").exists() and not list(tmp_path.iterdir())


def test_summary_csv_one_row_per_agency(archive, tmp_path):
    import csv

    path = export_summary_csv(archive, 2023, 2024, tmp_path / "sum.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = {r["机关"]: r for r in csv.DictReader(fh)}
    assert list(rows) == [HONGZE, HUAIAN]  # pinyin order
    assert rows[HUAIAN]["本年新收2023年"] == "缺" and rows[HUAIAN]["本年新收2024年"] == "3119"
    assert rows[HUAIAN]["本年新收增减"] == "" and rows[HUAIAN]["不符2023年"] == "缺"
    assert rows[HONGZE]["本年新收增减"] == "74" and rows[HONGZE]["不符2023年"] == "2"
