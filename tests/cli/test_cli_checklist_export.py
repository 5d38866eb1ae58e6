"""The year's checklists as XLSX and CSV (``xxgk checklist --year N -o FILE``), on the real 2024 reports of
淮安市 and 洪泽区: one line per report and item, then the report's indicators — 洪泽区's 公开率 is
(50 予以公开 + 9 部分公开) ÷ 95 = 62.1% (hongze_2024.pdf.txt lines 86–88, 110)."""
from __future__ import annotations

import csv
import shutil

import openpyxl
import pytest

from tests.conftest import SAMPLES
from xxgk.domain.checklist import TITLES

HONGZE, HUAIAN = "淮安市洪泽区人民政府", "淮安市人民政府"


@pytest.fixture
def filed(run, tmp_path):
    for name in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "huaian_2024.pdf.txt"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    code, _, err = run("import", *(tmp_path / n for n in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt",
                                                           "huaian_2024.pdf.txt")))
    assert code == 0, err
    return run


def test_xlsx_one_line_per_report_and_item(filed, tmp_path):
    path = tmp_path / "清单.xlsx"
    code, out, err = filed("checklist", "--year", "2024", "-o", path)
    assert code == 0, err
    ws = openpyxl.load_workbook(path)["评估清单"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = rows.index(["机关", "年度", "报告", "项目", "结论", "说明", "证据"])
    body = rows[head + 1:]
    assert {r[0] for r in body} == {HONGZE, HUAIAN}  # 2023 is not this year's
    hongze = [r for r in body if r[0] == HONGZE]
    items = [TITLES[c] for c in ("timely", "sections", "form", "problems", "other_year", "repetition", "narrative",
                                 "blanks")]
    assert [r[3] for r in hongze] == [*items, "指标"]
    assert "公开率 62.1%" in hongze[-1][5]
    assert all(r[4] in ("符合", "! 不符合", "~ 请核对", "? 无法判断") for r in hongze[:-1])
    assert filed("checklist", "--year", "2024", "-o", path)[0] == 2  # never overwritten without --force


def test_csv_and_what_cannot_be_exported(filed, tmp_path):
    path = tmp_path / "清单.csv"
    assert filed("checklist", "--year", "2024", "--agency", HONGZE, "-o", path)[0] == 0
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["机关", "年度", "报告编号", "项目", "状态", "结论", "说明", "证据"]
    assert {r[0] for r in rows[1:]} == {HONGZE} and len(rows) == 1 + 8 + 1
    code, _, err = filed("checklist", "--year", "1999", "-o", tmp_path / "x.xlsx")
    assert code == 2 and "没有 1999 年的报告" in err and not (tmp_path / "x.xlsx").exists()
