"""Workbooks: the cell grid they produce, formulas, hidden rows, several reports per workbook, golden values.

Expected values are typed by hand: the real samples' values come from ``tests.importers.golden_values``
(typed from the text reports); the fictional departments' values are typed below.
"""
from __future__ import annotations

import importlib.util
import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border, Side

from tests.conftest import SAMPLES
from tests.importers.golden_values import HONGZE_2024, ROWS_A, SEED004, Z7, t2a, t3, t4
from tests.importers.test_html import grid_rows
from xxgk.importers import parse_bytes, parse_path
from xxgk.importers.xlsx import read_workbook, value_text

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)




def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def put(ws, coord: str, value) -> None:
    ws[coord] = value
    if isinstance(value, str) and value.startswith("="):
        ws[coord].data_type = "s"  # typed text that merely starts with "="


# ------------------------------------------------------------------------------------ a flat report
T3_LABELS = {
    "1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量", "3.1": "（一）予以公开",
    "3.2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "3.3.1": "1.属于国家秘密",
    "3.3.2": "2.其他法律行政法规禁止公开", "3.3.3": "3.危及“三安全一稳定”", "3.3.4": "4.保护第三方合法权益",
    "3.3.5": "5.属于三类内部事务信息", "3.3.6": "6.属于四类过程性信息", "3.3.7": "7.属于行政执法案卷",
    "3.3.8": "8.属于行政查询事项", "3.4.1": "1.本机关不掌握相关政府信息", "3.4.2": "2.没有现成信息需要另行制作",
    "3.4.3": "3.补正后申请内容仍不明确", "3.5.1": "1.信访举报投诉类申请", "3.5.2": "2.重复申请",
    "3.5.3": "3.要求提供公开出版物", "3.5.4": "4.无正当理由大量反复申请",
    "3.5.5": "5.要求行政机关确认或重新出具已获取信息",
    "3.6.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "3.6.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.6.3": "3.其他",
    "3.7": "（七）总计", "4": "四、结转下年度继续办理",
}
GROUPS_BEFORE = {"3.1": "三、本年度办理结果", "3.3.1": "（三）不予公开", "3.4.1": "（四）无法提供",
                 "3.5.1": "（五）不予处理", "3.6.1": "（六）其他处理"}
ONE = {"1": (1, 0, 0, 0, 0, 0, 1), "3.1": (1, 0, 0, 0, 0, 0, 1), "3.7": (1, 0, 0, 0, 0, 0, 1)}


def write_flat_report(ws, title: str | None, t3_values: dict[str, tuple] | None = None, row: int = 1,
                      col: int = 1) -> dict[str, str]:
    """A whole 2021-form report without merged cells, one label column. Returns {t3 key: coordinate}."""
    from openpyxl.utils import get_column_letter

    t3_values = t3_values or ONE
    where: dict[str, str] = {}

    def line(*cells) -> int:
        nonlocal row
        for i, v in enumerate(cells):
            if v is not None:
                ws.cell(row=row, column=col + i, value=v)
        row += 1
        return row - 1

    if title:
        line(title)
        line()
    line("二、主动公开政府信息情况")
    line("第二十条第（一）项")
    line("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    line("规章", 0, 0, 0)
    line("行政规范性文件", 1, 0, 5)
    for head, col_label, rows in (("第二十条第（五）项", "本年处理决定数量", (("行政许可", 7),)),
                                  ("第二十条第（六）项", "本年处理决定数量", (("行政处罚", 2), ("行政强制", 0))),
                                  ("第二十条第（八）项", "本年收费金额（单位：万元）", (("行政事业性收费", 0),))):
        line(head)
        line("信息内容", col_label)
        for label, v in rows:
            line(label, v)
    line("三、收到和处理政府信息公开申请情况")
    line("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况")
    line(None, "自然人", "法人或其他组织", None, None, None, None, "总计")
    line(None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    for key in ROWS_A:
        if key in GROUPS_BEFORE:
            line(GROUPS_BEFORE[key])
        r = line(T3_LABELS[key], *t3_values.get(key, Z7))
        where[key] = f"{get_column_letter(col + 1)}{r}:{get_column_letter(col + 7)}{r}"
    line("四、政府信息公开行政复议、行政诉讼情况")
    line("行政复议", None, None, None, None, "行政诉讼")
    line("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", None, None, None, None, "复议后起诉")
    line(None, None, None, None, None, *(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2))
    line(*((0,) * 15))
    line("五、存在的主要问题及改进情况")
    return where


# --------------------------------------------------------------------------------------------- values
@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (0, "0"), (3, "3"), (3.0, "3"), (12.5, "12.5"), (96171.6, "96171.6"), (0.1 + 0.2, "0.3"),
    (1e20, "100000000000000000000"), (-3, "-3"), ("1,030", "1,030"), ("251000元", "251000元"), ("—", "—"),
    ("   ", ""), ("收入[/]", "收入[/]"), (True, "TRUE"),
])
def test_value_text(value, text) -> None:
    assert value_text(value) == text


def test_dates_print_as_iso() -> None:
    import datetime as dt

    assert value_text(dt.datetime(2025, 1, 15)) == "2025-01-15"
    assert value_text(dt.date(2025, 1, 15)) == "2025-01-15"


# ----------------------------------------------------------------------------------------------- grid
def test_table_anywhere_merges_blanks_and_where() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    put(ws, "F3", "XX局2023年政府信息公开工作年度报告")
    ws.merge_cells("F10:F12")
    put(ws, "F10", "（三）不予公开")
    put(ws, "G10", "1.属于国家秘密")
    put(ws, "H10", 3.0)
    put(ws, "I10", "1,030")
    put(ws, "G11", "2.其他法律行政法规禁止公开")
    put(ws, "H11", None)
    put(ws, "I11", 12.5)
    ws.merge_cells("H12:I12")
    put(ws, "G12", "3.危及“三安全一稳定”")
    put(ws, "H12", "—")
    put(ws, "F20", "注：收入[/]")
    put(ws, "G20", "=SUM(A1)")
    [s] = read_workbook(save(wb), "t.xlsx").sheets
    assert grid_rows(s.cells) == [
        ["XX局2023年政府信息公开工作年度报告"],  # no borders: a row runs to its last non-empty cell
        ["（三）不予公开", "1.属于国家秘密", "3", "1,030"],
        ["（三）不予公开", "2.其他法律行政法规禁止公开", "", "12.5"],
        ["（三）不予公开", "3.危及“三安全一稳定”", "—", "—"],  # a dash is text: carried across its merge
        ["注：收入[/]", "=SUM(A1)"],
    ]
    assert [c.where for c in s.cells if c.row_end] == ["表三!F3", "表三!I10", "表三!I11", "表三!I12", "表三!G20"]
    assert s.cells[1].where == "表三!F10"
    assert s.title_cell == "XX局2023年政府信息公开工作年度报告"
    assert not s.whole_report
    assert not s.warnings


def test_number_merged_over_rows_stays_top_left_with_warning() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, "A1", "甲")
    put(ws, "A2", "乙")
    ws.merge_cells("B1:B2")
    put(ws, "B1", 5)
    ws.merge_cells("C1:E1")
    put(ws, "C1", 447228)  # spanning columns only: the official 表二 layout, no warning
    [s] = read_workbook(save(wb), "t.xlsx").sheets
    assert grid_rows(s.cells) == [["甲", "5", "447228", "", ""], ["乙", ""]]
    [w] = s.warnings
    assert w.message == "number(s) in merged cells kept in the first cell only: Sheet!B1:B2 (5)"


def test_bordered_blank_at_row_end_is_kept_padding_is_not() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, "A1", "信息内容")
    for i, h in enumerate(("本年制发件数", "本年废止件数", "现行有效件数")):
        ws.cell(row=1, column=2 + i, value=h)
    put(ws, "A2", "规章")
    put(ws, "B2", 0)
    put(ws, "C2", 0)
    for r in (1, 2):
        for c in range(1, 5):
            ws.cell(row=r, column=c).border = BOX
    put(ws, "A4", "注：现行有效件数未填报。")
    put(ws, "H4", "")  # stray empty string far right: not data
    [s] = read_workbook(save(wb), "t.xlsx").sheets
    assert grid_rows(s.cells) == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                                  ["规章", "0", "0", ""],  # the blank 现行有效件数 cell is a value: NULL
                                  ["注：现行有效件数未填报。"]]


def test_hidden_rows_and_columns_marked_and_reported() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    for r in range(1, 7):
        put(ws, f"A{r}", f"行{r}")
        put(ws, f"B{r}", r)
        put(ws, f"C{r}", r * 10)
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions[9].hidden = True  # hidden but empty: not worth a warning
    ws.column_dimensions["C"].hidden = True
    [s] = read_workbook(save(wb), "t.xlsx").sheets
    hidden = {c.where for c in s.cells if c.hidden}
    assert {"表三!A3", "表三!B3", "表三!C3", "表三!A4", "表三!C1", "表三!C6"} <= hidden
    assert "表三!A1" not in hidden and "表三!B5" not in hidden
    msgs = [(w.message, w.where) for w in s.warnings]
    assert msgs == [
        ("hidden rows 3–4 hold data on sheet '表三' (kept, marked hidden): check that they belong to the table",
         "表三!3:4"),
        ("hidden column C holds data on sheet '表三' (kept, marked hidden): check that they belong to the table",
         "表三!C:C"),
    ]


def test_empty_rows_skipped_and_trailing_columns_trimmed() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, "B2", "a")
    put(ws, "C2", 1)
    put(ws, "B5", "b")
    put(ws, "C5", 2)
    ws["Z9"].border = BOX  # formatting far away without content
    [s] = read_workbook(save(wb), "t.xlsx").sheets
    assert grid_rows(s.cells) == [["a", "1"], ["b", "2"]]
    assert s.lines == ["a | 1", "b | 2"]


def test_formula_without_cached_value_is_blank_with_warning() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, "A1", "合计")
    ws["B1"] = 1
    ws["C1"] = 2
    ws["D1"] = "=B1+C1"  # openpyxl writes formulas without a cached value, like many generators do
    [s] = read_workbook(save(wb), "t.xlsx").sheets
    assert grid_rows(s.cells) == [["合计", "1", "2", ""]]
    [w] = s.warnings
    assert w.message == "formula without a cached value at Sheet!D1: recalculate in Excel/WPS and save"
    assert w.where == "Sheet!D1"


def _with_cached_values(data: bytes, cached: dict[str, tuple[str, str]]) -> bytes:
    """Give formula cells a cached value {coord: (type, value)}, as Excel does when it saves."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                for coord, (typ, value) in cached.items():
                    raw, n = re.subn(rf'<c r="{coord}"><f>([^<]*)</f>(?:<v\s*/>|<v></v>)'.encode(),
                                     f'<c r="{coord}" t="{typ}"><f>\\1</f><v>{value}</v>'.encode(), raw)
                    assert n == 1, coord
            dst.writestr(info.filename, raw)
    return out.getvalue()


def test_formula_with_cached_value_reads_the_value() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    put(ws, "A1", "合计")
    ws["B1"] = 1
    ws["C1"] = 2
    ws["D1"] = "=B1+C1"
    ws["E1"] = "=1/0"
    data = _with_cached_values(save(wb), {"D1": ("n", "3"), "E1": ("e", "#DIV/0!")})
    [s] = read_workbook(data, "t.xlsx").sheets
    assert grid_rows(s.cells) == [["合计", "1", "2", "3", "#DIV/0!"]]
    assert [w.message for w in s.warnings] == ["formula error at Sheet!E1 (#DIV/0!): the cell is not a number"]


# -------------------------------------------------------------------------------- through the matcher
def test_formula_without_cached_value_leaves_the_key_null_and_identities_incomplete() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "报表"
    where = write_flat_report(ws, "示范县卫生健康委员会2023年政府信息公开工作年度报告")
    first, last = where["1"].split(":")  # 自然人 … 总计 of row 一
    sixth = ws[last].offset(column=-1).coordinate
    ws[last] = f"=SUM({first}:{sixth})"  # 总计 as a formula, never calculated
    [rep] = parse_bytes(save(wb), "formula.xlsx")
    got = rep.value_map()
    assert got["t3.1.total"] is None
    assert got["t3.1.natural"] == 1
    assert any(w.message.startswith(f"formula without a cached value at 报表!{last}") for w in rep.warnings)
    using = {(c.rule, c.scope): c.status for c in rep.checks if "t3.1.total" in c.keys and c.rule != "A3.4"}
    assert ("A3.1", "total") in using and ("A3.3", "1") in using  # the balance and the row total read it
    assert set(using.values()) == {"incomplete"}  # neither pass nor fail: the value is unknown
    assert not [c for c in rep.checks if c.status == "fail"]
    assert (rep.agency, rep.year) == ("示范县卫生健康委员会", 2023)


def test_hidden_row_in_a_report_is_reported() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    where = write_flat_report(ws, "示范县人民政府2023年政府信息公开工作年度报告", row=3, col=2)
    r = int(re.sub(r"[A-Z]+", "", where["3.3.1"].split(":")[0]))
    ws.row_dimensions[r].hidden = True
    [rep] = parse_bytes(save(wb), "hidden.xlsx")
    assert rep.value_map()["t3.3.3.1.total"] == 0  # 1.属于国家秘密, in the hidden row
    assert any(w.where == f"Sheet!{r}:{r}" and "hidden row" in w.message for w in rep.warnings)


def test_sheet_without_title_takes_the_agency_from_fill_in_cell_or_sheet_name() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "统计表"
    put(ws, "A1", "2023年度政府信息公开工作年度报告")
    put(ws, "A2", "填报单位（盖章）：示范县水利局")
    write_flat_report(ws, None, row=4)
    ws2 = wb.create_sheet("示范县审计局")
    put(ws2, "A1", "2023年度政府信息公开工作年度报告")
    write_flat_report(ws2, None, row=3)
    reports = parse_bytes(save(wb), "two.xlsx")
    assert [(r.part, r.agency, r.year) for r in reports] == [("统计表", "示范县水利局", 2023),
                                                             ("示范县审计局", "示范县审计局", 2023)]


def test_non_report_sheet_is_skipped_with_a_warning() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    put(ws, "A1", "本工作簿汇编各部门年度报告统计表，单位：件。")
    for name in ("甲局", "乙局"):
        write_flat_report(wb.create_sheet(name), f"示范县{name}2023年政府信息公开工作年度报告")
    reports = parse_bytes(save(wb), "book.xlsx")
    assert [r.part for r in reports] == ["甲局", "乙局"]
    assert any("not imported: '说明'" in w.message for w in reports[0].warnings)


# ------------------------------------------------------------------------------------ golden samples
CAIZHENG = {
    **t2a((0, 0, 0), (4, 1, 23), 0, 0, 0, 12.5),
    **t3({**{r: Z7 for r in ROWS_A},
          "1": (10, 3, 0, 0, 1, 0, 14), "2": (1, 0, 0, 0, 0, 0, 1), "3.1": (5, 1, 0, 0, 0, 0, 7),
          "3.2": (1, 0, 0, 0, 0, 0, 1), "3.3.4": (1, 0, 0, 0, 0, 0, 1), "3.4.1": (2, 1, 0, 0, 1, 0, 4),
          "3.5.1": (1, 0, 0, 0, 0, 0, 1), "3.7": (10, 2, 0, 0, 1, 0, 13), "4": (1, 1, 0, 0, 0, 0, 2)}),
    **t4((1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1)),
}
JIAOYU = {
    **t2a((0, 0, 0), (2, 0, 15), 35, 3, 0, 0),
    **t3({**{r: Z7 for r in ROWS_A},
          "1": (20, 0, 0, 0, 0, 1, 21), "3.1": (12, 0, 0, 0, 0, 1, 13), "3.2": (2, 0, 0, 0, 0, 0, 2),
          "3.3.4": (0, 0, 0, 0, None, 0, 0), "3.3.6": (1, 0, 0, 0, 0, 0, 1), "3.4.1": (3, 0, 0, 0, 0, 0, 3),
          "3.5.2": (1, 0, 0, 0, 0, 0, 1), "3.6.1": (1, 0, 0, 0, 0, 0, 1), "3.7": (20, 0, 0, 0, 0, 1, 21)}),
    **t4((0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None, 0, 0)),
}


def _wrong(expected: dict, got: dict) -> dict:
    return {k: (v, got.get(k, "MISSING")) for k, v in expected.items() if got.get(k, "MISSING") != v}


def test_hongze_workbook_golden() -> None:
    t = time.perf_counter()
    [rep] = parse_path(SAMPLES / "hongze_2024.xlsx")
    assert time.perf_counter() - t < 2.0
    assert rep.format == "xlsx" and rep.part is None
    assert (rep.agency, rep.year, rep.template) == ("淮安市洪泽区人民政府", 2024, "2021")
    assert rep.table_templates["t3"] == "2019"  # （六）其他处理 printed as one row, as in the PDF
    got = rep.value_map()
    assert not _wrong(HONGZE_2024, got)
    assert set(got) == set(HONGZE_2024)
    for k, v in HONGZE_2024.items():
        assert type(got[k]) is type(v), k
    assert {c.status for c in rep.checks} == {"pass"}
    where = {v.key: v.where for v in rep.values}
    assert where["t2.licensing.decisions"] == "表二!C10"
    assert where["t3.1.natural"] == "表三!E7"
    assert where["t4.review.upheld"] == "表四!B7"


def test_hongze_workbook_agrees_with_the_text_version() -> None:
    [x] = parse_path(SAMPLES / "hongze_2024.xlsx")
    [t] = parse_path(SAMPLES / "hongze_2024.pdf.txt")
    assert x.value_map() == t.value_map()
    assert (x.agency, x.year) == (t.agency, t.year)


def test_departments_workbook_is_three_reports() -> None:
    reports = parse_path(SAMPLES / "departments_2022.xlsx")
    assert [(r.part, r.agency, r.year, r.template) for r in reports] == [
        ("市商务局", "盘锦市商务局", 2022, "2021"),
        ("财政局", "示范市财政局", 2022, "2021"),
        ("教育局", "示范市教育局", 2022, "2021"),
    ]
    for rep, expected in zip(reports, (SEED004, CAIZHENG, JIAOYU), strict=True):
        got = rep.value_map()
        assert not _wrong(expected, got), rep.part
        assert set(got) == set(expected), rep.part
        assert all(v.where.startswith(f"{rep.part}!") for v in rep.values)
        assert rep.text.split("\n")[0] == rep.part


def test_departments_checks() -> None:
    shangwu, caizheng, jiaoyu = parse_path(SAMPLES / "departments_2022.xlsx")
    # seed 004's blank 现行有效件数: A2.1 cannot be checked
    assert {(c.rule, c.scope) for c in shangwu.checks if c.status != "pass"} == {("A2.1", "regulations"),
                                                                                 ("A2.1", "normative"),
                                                                                 ("A2.2", "")}
    assert {c.status for c in shangwu.checks if c.status != "pass"} == {"incomplete"}
    # the deliberate error: （一）予以公开 总计 7 but 5 + 1 = 6
    assert {(c.rule, c.scope, c.status) for c in caizheng.checks if c.status != "pass"} == {
        ("A3.3", "3.1", "fail"), ("A3.2", "total", "fail")}
    fail = next(c for c in caizheng.checks if c.rule == "A3.3" and c.status == "fail")
    assert (fail.expected, fail.actual) in ((6, 7), (7, 6))
    # the blank cells: value None, identities incomplete, never fail
    assert caizheng.value_map()["t3.1.natural"] == 10 and type(caizheng.value_map()["t3.1.natural"]) is int
    assert jiaoyu.value_map()["t3.3.3.4.legal"] is None
    assert jiaoyu.value_map()["t4.suit_after_review.other"] is None
    assert {c.status for c in jiaoyu.checks} == {"pass", "incomplete"}
    assert {(c.rule, c.scope) for c in jiaoyu.checks if c.status == "incomplete"} >= {("A3.3", "3.3.4")}


def test_departments_agree_with_seed_004_text() -> None:
    shangwu = parse_path(SAMPLES / "departments_2022.xlsx")[0]
    [seed] = parse_path(SAMPLES / "004_028b26371201af45.txt")
    assert shangwu.value_map() == seed.value_map()


def _build_samples_module():
    spec = importlib.util.spec_from_file_location("build_samples", SAMPLES.parent / "scripts" / "build_samples.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_sample_workbooks_rebuild_identically(tmp_path: Path) -> None:
    mod = _build_samples_module()
    mod.hongze_xlsx(tmp_path / "h.xlsx")
    mod.departments_xlsx(tmp_path / "d.xlsx")
    assert (tmp_path / "h.xlsx").read_bytes() == (SAMPLES / "hongze_2024.xlsx").read_bytes()
    assert (tmp_path / "d.xlsx").read_bytes() == (SAMPLES / "departments_2022.xlsx").read_bytes()


def test_sample_workbooks_are_laid_out_like_the_official_form() -> None:
    """The layout the samples promise: merged header cells, title rows, notes, tables not at A1."""
    wb = openpyxl.load_workbook(SAMPLES / "hongze_2024.xlsx")
    assert wb.sheetnames == ["表二", "表三", "表四"]
    merged = {str(r) for r in wb["表三"].merged_cells.ranges}
    assert {"B4:D6", "E4:K4", "E5:E6", "F5:J5", "K5:K6", "B9:B28"} <= merged  # 三、本年度办理结果 spans 20 rows
    assert wb["表三"]["B9"].value == "三、本年度办理结果"
    assert wb["表二"]["B1"].value == "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"
    assert wb["表四"]["B9"].value.startswith("注：")
    wb = openpyxl.load_workbook(SAMPLES / "departments_2022.xlsx")
    assert wb.sheetnames == ["市商务局", "财政局", "教育局"]
    merged = {str(r) for r in wb["财政局"].merged_cells.ranges}
    rows = [r for r in merged if r.startswith("A") and r.split(":")[1].startswith("A")]
    spans = sorted(int(b[1:]) - int(a[1:]) + 1 for a, b in (r.split(":") for r in rows))
    assert spans[-1] == 22  # 三、本年度办理结果 rowspan 22 in the 2021 form


def test_parse_time_of_the_samples() -> None:
    t = time.perf_counter()
    for name in ("hongze_2024.xlsx", "departments_2022.xlsx"):
        parse_path(SAMPLES / name)
    assert time.perf_counter() - t < 3.0
