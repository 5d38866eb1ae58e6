"""The summary workbook (汇总) and the trend sheet, read back with openpyxl: the form's cells are the sums
(figures typed from the reports), an incomplete sum is never a plain number, the ranked lists follow the
indicators, and the chart reads the headline table."""
from __future__ import annotations

import re
import zipfile

import pytest

from tests.export.conftest import HONGZE, HUAIAN, form_grid, open_wb, printed_texts, shown
from xxgk.exporters import ExportExists, ExportNotFound
from xxgk.exporters.summary import export_summary_xlsx
from xxgk.exporters.trends import export_trend_xlsx
from xxgk.exporters.xlsx_compare import export_agency_xlsx
from xxgk.presentation.spreadsheet import looks_like_formula


@pytest.fixture
def summary_book(archive, tmp_path):
    path = tmp_path / "汇总.xlsx"
    export_summary_xlsx(archive, 2024, path)
    return open_wb(path)


def test_form_cells_are_the_sums(summary_book):
    ws = summary_book["汇总表"]
    assert ws["A1"].value == "全部机关"
    assert ws["A2"].value == "2024 年政府信息公开工作年度报告汇总（与 2023 年同一批机关对比）"
    grid = form_grid(ws)
    new = grid[("三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", "2024年", "总计")]
    assert new.value == 95 + 3119 and shown(new) == "3214"
    review = grid[("四、政府信息公开行政复议、行政诉讼情况", "行政复议", "2024年", "总计")]
    assert review.value == 2 + 351
    fees = grid[("二、主动公开政府信息情况", "行政事业性收费", "2024年", "本年收费金额(单位:万元)")]
    assert fees.value == pytest.approx(7545 + 96171.6)


def test_an_incomplete_sum_carries_its_mark_and_says_why(summary_book):
    grid = form_grid(summary_book["汇总表"])
    # 2023: only hongze reported, huaian did not — last year's sums of the same agencies are not whole
    last = grid[("三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", "2023年", "总计")]
    assert last.value == 21 and shown(last) == "?21"
    assert "1 份无此项（淮安市人民政府）" in last.comment.text
    # and there is no change computed from a sum that is not whole
    delta = grid[("三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", "增减", "总计")]
    assert delta.value is None


def test_reports_ranking_and_data_sheets(summary_book, archive):
    reports = summary_book["报告清单"]
    states = {r[1].value: r[2].value for r in reports.iter_rows(min_row=3) if r[1].value}
    assert states[HONGZE] == "纳入" and states[HUAIAN] == "纳入" and states["盘锦市"] == "未报送"
    ranking = summary_book["指标排名"]
    texts = [[c.value for c in row] for row in ranking.iter_rows()]
    at = next(i for i, row in enumerate(texts) if str(row[0]).startswith("复议纠错率："))
    assert texts[at + 2][:4] == [1, HUAIAN, "!20.4%", "64/314"]
    assert texts[at + 3][:4] == [None, HONGZE, "(50.0%)", "1/2"]
    data = summary_book["数据"]
    assert data.sheet_state == "hidden"
    by_key = {r[0].value: [c.value for c in r] for r in data.iter_rows(min_row=2)}
    assert by_key["t3.1.total"][2:7] == [3214, "是", 2, 0, 0]
    assert by_key["t3.3.6.1.total"][3] == "否"


def test_no_cell_is_a_formula(summary_book):
    for _sheet, _coord, text in printed_texts(summary_book):
        assert not looks_like_formula(text)


def test_refusals(archive, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"keep")
    with pytest.raises(ExportExists):
        export_summary_xlsx(archive, 2024, path)
    assert path.read_bytes() == b"keep"
    with pytest.raises(ExportNotFound):
        export_summary_xlsx(archive, 2019, tmp_path / "y.xlsx")
    assert not (tmp_path / "y.xlsx").exists()


def chart_refs(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        return re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", z.read(charts[0]).decode("utf-8"))


def test_trend_sheet_with_its_chart(archive, tmp_path):
    path = tmp_path / "趋势.xlsx"
    export_trend_xlsx(archive, HONGZE, path)
    ws = open_wb(path)["趋势"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=5)]
    assert rows[0][:5] == ["年度", "收到申请数（本年新收）", "办理结果总计 / 申请答复数", "行政复议", "行政诉讼"]
    assert rows[1][:5] == [2023, 21, 21, 0, 0]  # hongze 2023 prints 总计 0 for 复议 and for 复议后起诉
    assert rows[2][:5] == [2024, 95, 95, 2, 4]  # 复议 2; 诉讼 1 + 3
    refs = chart_refs(path)
    assert "'趋势'!B3" in refs and "'趋势'!$B$4:$B$5" in refs and "'趋势'!$A$4:$A$5" in refs
    every = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=6) if r[0].value}
    assert every["一、本年新收政府信息公开申请数量 · 总计"][1:4] == ["⣤⣿", 21, 95]


def test_the_agency_comparison_carries_the_trend_sheet(archive, tmp_path):
    path = tmp_path / "对比.xlsx"
    export_agency_xlsx(archive, HONGZE, 2023, 2024, path)
    assert open_wb(path).sheetnames == [HONGZE, "趋势", "数据"]
    assert chart_refs(path)
