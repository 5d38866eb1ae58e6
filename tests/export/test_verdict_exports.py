"""The reviewers' verdicts in the exports: a 判定 column in the failures list (XLSX and CSV, ``open_only``
leaves out what is 已排除) and the verdict beside each identity of a comparison (its line and the comment of
every cell it marks)."""
from __future__ import annotations

import csv
import shutil

import pytest

from tests.export.conftest import HONGZE, form_grid, open_wb
from xxgk.exporters import export_agency_csv, export_agency_xlsx, export_failures_csv, export_failures_xlsx
from xxgk.store import Archive
from xxgk.workflows.verdicts import decide

T4 = "四、政府信息公开行政复议、行政诉讼情况"


@pytest.fixture
def decided(sample_db, tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_USER", "张审核")
    path = tmp_path / "a.sqlite"
    shutil.copy(sample_db, path)
    with Archive(path) as a:
        rid = a.current_report(HONGZE, 2023).id
        decide(a, rid, "A4.1", "已排除", reason="口径不同", note="复议数另表统计")
        decide(a, rid, "A4.3", "确认有误")
        yield a


def test_failures_xlsx_has_the_verdict_of_each_finding(decided, tmp_path):
    ws = open_wb(export_failures_xlsx(decided, tmp_path / "f.xlsx", agency=HONGZE)).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "机关")
    assert rows[head] == ("机关", "年度", "状态", "规则", "核对项", "说明", "判定", "差额")
    verdicts = {r[3]: r[6] for r in rows[head + 1:] if r[0]}
    assert verdicts["A4.1"].startswith("已排除（口径不同）：复议数另表统计 · 张审核")
    assert verdicts["A4.3"].startswith("确认有误 · 张审核") and verdicts["AX.1"] is None
    assert any("判定：确认有误 1、已排除 1" in str(r[0]) for r in rows[:head])
    ws = open_wb(export_failures_xlsx(decided, tmp_path / "open.xlsx", agency=HONGZE, open_only=True)).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "机关")
    assert sorted(r[3] for r in rows[head + 1:] if r[0]) == ["A4.3", "AX.1"]
    assert any("只计未排除的问题" in str(r[0]) for r in rows[:head])


def test_failures_csv_has_the_verdict_columns(decided, tmp_path):
    path = export_failures_csv(decided, tmp_path / "f.csv", agency=HONGZE)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = {r["规则"]: r for r in csv.DictReader(fh)}
    assert (rows["A4.1"]["判定"], rows["A4.1"]["判定已过期"], rows["A4.1"]["判定理由"], rows["A4.1"]["判定备注"],
            rows["A4.1"]["判定人"]) == ("已排除", "否", "口径不同", "复议数另表统计", "张审核")
    assert rows["A4.3"]["判定"] == "确认有误" and rows["AX.1"]["判定"] == ""


def test_comparison_shows_each_verdict_beside_its_identity(decided, tmp_path):
    wb = open_wb(export_agency_xlsx(decided, HONGZE, 2023, 2024, tmp_path / "c.xlsx"))
    ws = wb[HONGZE]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("行政复议总计等于各项之和" in t and "【判定：已排除（口径不同）：复议数另表统计 · 张审核" in t for t in texts)
    assert any("2023 年 2 项不符、0 项提示（其中已排除 1 项）" in t for t in texts)
    cell = form_grid(ws)[(T4, "行政复议", "2023年", "总计")]
    assert cell.comment is not None and "A4.1" in cell.comment.text and "【判定：已排除（口径不同）" in cell.comment.text
    path = export_agency_csv(decided, HONGZE, 2023, 2024, tmp_path / "c.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = {r["代码"]: r for r in csv.DictReader(fh)}
    assert "判定：2023 年 A4.1:review 已排除（口径不同）：复议数另表统计" in rows["t4.review.total"]["备注"]
    assert "判定：2023 年 A4.3:suit_after_review 确认有误" in rows["t4.suit_after_review.total"]["备注"]
