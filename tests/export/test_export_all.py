"""``--all``: the summary sheet (headline numbers, Δ, failures, missing years) and one sheet per agency."""
from __future__ import annotations

import pytest

from tests.export.conftest import (
    A_COL,
    B_COL,
    FLAG_A_COL,
    HONGZE,
    HUAIAN,
    open_wb,
    parsed_sample,
    resave,
    rows_by_key,
)
from xxgk.exporters import export_all_xlsx
from xxgk.store import NotFound

METRICS = ("本年新收", "办理总计", "结转下年", "行政复议", "行政诉讼")


def summary_rows(ws) -> tuple[list[str], dict[str, dict[str, object]]]:
    rows = list(ws.iter_rows(values_only=True))
    head_i = next(i for i, r in enumerate(rows) if r[0] == "机关")
    heads = [str(h).replace("\n", " ") for h in rows[head_i]]
    out = {}
    for r in rows[head_i + 1:]:
        if r[0] is None:
            break
        out[r[0]] = dict(zip(heads, r, strict=True))
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
    assert wb.sheetnames == ["汇总", HUAIAN, HONGZE]
    _heads, rows = summary_rows(wb["汇总"])
    assert set(rows) == {HUAIAN, HONGZE}
    huaian = rows[HUAIAN]
    for m in METRICS:
        assert huaian[f"{m} 2023"] == "缺"  # no 2023 report: marked, not blank, not 0
        assert huaian[f"{m} 增减"] is None
    assert huaian["不符项 2023"] == "缺" and "2023 年未报送" in huaian["备注"]
    assert huaian["本年新收 2024"] == 3119
    # the agency's own sheet marks the missing year on every row
    by_key = rows_by_key(wb[HUAIAN])
    assert all(r[A_COL - 1].value is None and r[FLAG_A_COL - 1].value == "缺" for r in by_key.values())
    assert by_key["t3.1.total"][B_COL - 1].value == 3119


def test_summary_numbers_equal_the_archive(archive, tmp_path):
    path = export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx")
    _heads, rows = summary_rows(open_wb(path)["汇总"])
    hz = rows[HONGZE]
    values = {y: {v.key: v.value for v in archive.report_values(archive.current_report(HONGZE, y).id)}
              for y in (2023, 2024)}
    for m in METRICS:
        a, b = _metric(values[2023], m), _metric(values[2024], m)
        assert hz[f"{m} 2023"] == a and hz[f"{m} 2024"] == b and hz[f"{m} 增减"] == b - a, m
    assert hz["本年新收 2023"] == 21 and hz["本年新收 2024"] == 95  # typed from the reports
    grid = archive.list_grid()
    assert hz["不符项 2023"] == grid.cell(HONGZE, 2023).n_fail == 2
    assert hz["不符项 2024"] == grid.cell(HONGZE, 2024).n_fail


def test_pre2019_reports_use_the_concept_mapping(hand_archive, tmp_path):
    c_report = parsed_sample("002_b6ce9a87a66a1839.txt")  # 开封 2018, pre-2019 统计表
    resave(hand_archive, c_report, "测试机关", 2018)
    resave(hand_archive, parsed_sample("hongze_2024.pdf.txt"), "测试机关", 2019)
    path = export_all_xlsx(hand_archive, 2018, 2019, tmp_path / "all.xlsx")
    _heads, rows = summary_rows(open_wb(path)["汇总"])
    row = rows["测试机关"]
    c = c_report.value_map()
    assert row["本年新收 2018"] == c["c.req.received"]
    assert row["办理总计 2018"] == c["c.ans.total"]
    assert row["行政复议 2018"] == c["c.review.total"]
    assert row["行政诉讼 2018"] == c["c.lit.total"]
    assert row["结转下年 2018"] is None  # the 统计表 has no carry-over row: blank, not 0
    assert row["本年新收 2019"] == 95 and row["本年新收 增减"] == 95 - c["c.req.received"]
    assert "统计表" in row["备注"] and "≈" in row["备注"]


def test_no_agency_with_either_year_is_an_error(archive, tmp_path):
    with pytest.raises(NotFound):
        export_all_xlsx(archive, 1999, 2000, tmp_path / "none.xlsx")
    assert not (tmp_path / "none.xlsx").exists()
