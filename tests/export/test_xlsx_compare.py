"""One agency's comparison exported to XLSX and read back: the printed form, its values, marks, formats,
page set-up; the hidden 数据 sheet with every row and its key."""
from __future__ import annotations

import copy
import re

import pytest

from tests.export.conftest import (
    FAIL_RGB,
    HEAD_RGB,
    HONGZE,
    KEY_PATTERN,
    WARN_RGB,
    data_rows,
    fill_rgb,
    form_grid,
    hand_report,
    open_wb,
    parsed_sample,
    printed_texts,
    resave,
    rows_by_key,
    shown,
    val,
)
from xxgk.domain import templates as T
from xxgk.exporters import export_agency_xlsx
from xxgk.exporters.xlsx_sheet import lines_needed, row_height
from xxgk.presentation.numbers import percent_text, signed_text, value_text
from xxgk.presentation.times import local_time_text
from xxgk.workflows.comparing import compare

T3 = "三、收到和处理政府信息公开申请情况"
T4 = "四、政府信息公开行政复议、行政诉讼情况"
T2 = "二、主动公开政府信息情况"


@pytest.fixture
def hongze(archive, tmp_path):
    path = export_agency_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "hz.xlsx")
    wb = open_wb(path)
    return wb, wb[HONGZE], compare(archive, HONGZE, 2023, 2024)


def parse_path_one(path):
    from xxgk.importers import parse_path

    (report,) = parse_path(path)
    return report


def _values(archive, year):
    return {v.key: v for v in archive.report_values(archive.current_report(HONGZE, year).id)}


def test_sheets_the_form_and_a_hidden_sheet_for_machines(hongze):
    wb, ws, _comp = hongze
    assert wb.sheetnames == [HONGZE, "趋势", "数据"]  # the agency's trends over every archived year
    assert ws.sheet_state == "visible" and wb["趋势"].sheet_state == "visible" and wb["数据"].sheet_state == "hidden"


def test_table3_is_rows_by_the_seven_applicant_columns_for_both_years_and_the_change(hongze, archive):
    _wb, ws, _comp = hongze
    grid = form_grid(ws)
    values = {y: _values(archive, y) for y in (2023, 2024)}
    rows = [r for r in T.T3_ROWS if f"t3.{r.key}.total" in values[2023]]
    assert len(rows) == 23  # 一 二 (一) (二), 8 不予公开, 3 无法提供, 5 不予处理, (六) as one row, (七), 四
    for row in rows:
        for col in T.T3_COLUMNS:
            key = f"t3.{row.key}.{col.key}"
            a, b = values[2023][key].value, values[2024][key].value
            assert grid[(T3, row.label, "2023年", col.label)].value == a, key
            assert grid[(T3, row.label, "2024年", col.label)].value == b, key
            d = grid[(T3, row.label, "增减", col.label)]
            assert d.value == (None if a is None or b is None else b - a), key
    # typed from the reports: 本年新收 21 → 95, all from natural persons
    new = "一、本年新收政府信息公开申请数量"
    assert grid[(T3, new, "2023年", "总计")].value == 21 and grid[(T3, new, "2024年", "总计")].value == 95
    assert grid[(T3, new, "2024年", "自然人")].value == 95 and grid[(T3, new, "2024年", "商业企业")].value == 0
    assert shown(grid[(T3, new, "增减", "总计")]) == "+74"


def test_table4_is_three_groups_by_five_columns_and_table2_its_blocks(hongze):
    _wb, ws, _comp = hongze
    grid = form_grid(ws)
    assert grid[(T4, "行政复议", "2023年", "结果维持")].value == 10  # typed from the 2023 report
    assert grid[(T4, "行政复议", "2023年", "总计")].value == 0
    assert grid[(T4, "行政复议", "2024年", "总计")].value == 2
    assert {k[1] for k in grid if k[0] == T4} == {g.label for g in T.T4_GROUPS}
    assert {k[3] for k in grid if k[0] == T4} == {c.label for c in T.T4_COLUMNS}
    assert grid[(T2, "行政许可", "2024年", "本年处理决定数量")].value == 9487
    assert grid[(T2, "行政规范性文件", "2023年", "现行有效件数")].value == 5
    assert grid[(T2, "行政规范性文件", "2024年", "现行有效件数")].value == 8
    fees = grid[(T2, "行政事业性收费", "2023年", "本年收费金额(单位:万元)")]
    assert fees.value == pytest.approx(7730.28) and shown(fees) == "7730.28"
    heads = [str(c.value) for row in ws.iter_rows() for c in row if fill_rgb(c) == HEAD_RGB and c.value]
    assert "第二十条第(一)项" in heads and "法人或其他组织" in heads and "社会公益组织" in heads


def test_numbers_show_exactly_the_text_of_the_app(hongze):
    """Every number cell shows what presentation.numbers gives: no thousands separators, the value's own
    decimals, a sign on changes, the mark before a marked cell."""
    _wb, ws, comp = hongze
    grid = form_grid(ws)
    by_key = {r.key: r for r in comp.rows}
    seen = 0
    for (_table, _label, side, _col), cell in grid.items():
        if not isinstance(cell.value, int | float):
            continue
        seen += 1
        text = shown(cell)
        if side == "增减":
            assert text == signed_text(cell.value), (cell.coordinate, cell.number_format)
        else:
            mark = "!" if fill_rgb(cell) == FAIL_RGB else "~" if fill_rgb(cell) == WARN_RGB else ""
            assert text == mark + value_text(cell.value), (cell.coordinate, cell.number_format)
    assert seen > 400
    assert "," not in "".join(shown(c) for c in grid.values())
    licensing = grid[(T2, "行政许可", "2024年", "本年处理决定数量")]
    assert shown(licensing) == "9487" and by_key["t2.licensing.decisions"].value_b == 9487


def test_failing_cells_are_filled_marked_and_commented(hongze):
    _wb, ws, _comp = hongze
    grid = form_grid(ws)
    for label, rule, numbers in (("行政复议", "A4.1", ("10", "11")), ("行政诉讼 复议后起诉", "A4.3", ("5",))):
        cell = grid[(T4, label, "2023年", "总计")]
        assert fill_rgb(cell) == FAIL_RGB and shown(cell).startswith("!")  # survives black-and-white printing
        assert cell.font.bold
        assert cell.comment is not None and rule in cell.comment.text
        assert all(n in cell.comment.text for n in numbers)
        later = grid[(T4, label, "2024年", "总计")]  # 2024 passes these identities
        assert fill_rgb(later) != FAIL_RGB and later.comment is None and not shown(later).startswith("!")
    # a SOFT warning (the narrative's 17 against the table's 95) is marked ~, not !
    warned = grid[(T3, "一、本年新收政府信息公开申请数量", "2024年", "总计")]
    assert fill_rgb(warned) == WARN_RGB and shown(warned) == "~95" and "AX.1" in warned.comment.text
    plain = grid[(T3, "一、本年新收政府信息公开申请数量", "2023年", "总计")]
    assert fill_rgb(plain) is None and plain.comment is None and shown(plain) == "21"


def test_no_internal_key_in_the_printed_sheet_and_every_row_in_the_data_sheet(hongze):
    wb, _ws, comp = hongze
    assert not [t for t in printed_texts(wb) if KEY_PATTERN.match(t[2])]
    rows = data_rows(wb)
    assert [r["代码"].value for r in rows] == [c.key for c in comp.rows]
    assert len(rows) == 186
    for r, c in zip(rows, comp.rows, strict=True):
        assert r["机关"].value == HONGZE and r["项目"].value == c.label
        assert r["2023年"].value == c.value_a and r["2024年"].value == c.value_b and r["增减"].value == c.delta
        assert r["增减%"].value == c.delta_pct, c.key
        if c.delta_pct is not None:
            assert shown(r["增减%"]) == percent_text(c.delta_pct)
    by_key = rows_by_key(wb)
    assert by_key["t4.review.total"]["2023年标记"].value == "!" and by_key["t4.review.total"]["2024年标记"].value is None
    assert by_key["t2.normative.in_force"]["增减%"].value == 60.0  # 5 → 8, in percent


def test_identity_sections_list_cross_year_and_failing_checks(hongze):
    _wb, ws, comp = hongze
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "跨年度勾稽关系（2023 → 2024）" in texts
    for check in comp.cross_year:
        assert any(check.message in t for t in texts), check.rule_id
    assert "! 不符　A4.1" in texts and "! 不符　A4.3" in texts and "~ 提示　AX.1" in texts
    assert "相符　X1" in texts


def test_header_block_names_agency_years_sources_and_local_import_times(hongze):
    _wb, ws, comp = hongze
    head = "\n".join(str(ws.cell(row=i, column=1).value) for i in range(1, 7))
    assert ws.cell(row=1, column=1).value == HONGZE and "2023 年与 2024 年对比" in head
    assert comp.report_a.source_name in head and comp.report_b.source_name in head
    assert f"导入于 {local_time_text(comp.report_a.imported_at)} 北京时间" in head
    assert "2021 年版格式" in head


def test_page_setup_header_footer_fonts(hongze):
    wb, ws, _comp = hongze
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    for sheet in wb.worksheets:  # every page of every sheet names the agency (or the data) and the years
        head = sheet.oddHeader
        assert "2023 年" in head.center.text and "2024 年" in head.center.text
        assert "&P" in head.right.text and "&N" in head.right.text
        assert "导出于" in sheet.oddFooter.left.text
        assert not sheet.HeaderFooter.differentFirst and not sheet.HeaderFooter.differentOddEven
    assert ws.oddHeader.left.text == HONGZE
    data = wb["数据"]
    assert data.print_title_rows == "$1:$1" and data.auto_filter.ref == f"A1:K{data.max_row}"
    assert wb._fonts[0].name == "等线"  # the workbook's default (empty cells, column widths)
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"等线"}
    assert {c.font.charset for row in ws.iter_rows() for c in row if c.value is not None} == {134}


def test_the_form_fits_the_width_and_pages_break_between_items(hongze):
    _wb, ws, _comp = hongze
    from xxgk.exporters.xlsx_sheet import PAGE_WIDTH, width_points

    widths = [ws.column_dimensions[chr(ord("A") + i)].width for i in range(9)]
    assert sum(width_points(w) for w in widths) < PAGE_WIDTH["landscape"] - 72 * 0.8  # fits at 100 %
    breaks = [b.id for b in ws.row_breaks.brk]
    assert len(breaks) >= 4
    for row in breaks:  # the next page starts with a table's name (and its heads), never inside an item
        first = ws.cell(row=row + 1, column=1)
        assert fill_rgb(first) == "00EDEDED" and first.value, row
        assert ws.cell(row=row, column=2).value not in ("2023年", "2024年"), row  # both years: 增减 ends an item


def test_row_heights_fit_wrapped_labels(hongze):
    _wb, ws, _comp = hongze
    width = ws.column_dimensions["A"].width
    merged = {str(m).split(":")[0]: m for m in ws.merged_cells.ranges}
    long_label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    checked = 0
    for row in ws.iter_rows(min_col=1, max_col=1):
        c = row[0]
        if not isinstance(c.value, str) or fill_rgb(c) is not None:
            continue
        rng = merged.get(c.coordinate)
        rows = range(c.row, (rng.max_row if rng else c.row) + 1)
        total = sum(ws.row_dimensions[r].height or 15 for r in rows)
        span = width if not rng or rng.max_col == 1 else sum(
            ws.column_dimensions[chr(ord("A") + i)].width for i in range(rng.max_col))
        size = c.font.size or 10
        assert total >= row_height(lines_needed(c.value, span, size), size) - 0.5, (c.coordinate, c.value)
        checked += 1
        if c.value == long_label:
            assert lines_needed(c.value, width) >= 2 and total >= row_height(2)
    assert checked > 40


def test_no_formulas_and_no_formula_like_text(hongze):
    wb, _ws, _comp = hongze
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)
                if isinstance(c.value, str):
                    assert c.value == "-" or not c.value.startswith(("=", "+", "-", "@")), (ws.title, c.value)


def test_blanks_stay_empty_and_dashes_print_as_dash(hand_archive, tmp_path):
    for year, natural, legal in ((2023, 5, None), (2024, None, None)):
        hand_archive.save_report(hand_report("某局", year, [
            val("t3.1.natural", natural, raw="" if natural is None else str(natural)),
            val("t3.1.legal", legal, raw="—" if year == 2024 else ""),
            val("t3.1.total", 5)]))
    wb = open_wb(export_agency_xlsx(hand_archive, "某局", 2023, 2024, tmp_path / "x.xlsx"))
    grid = form_grid(wb["某局"])
    new = "一、本年新收政府信息公开申请数量"
    assert grid[(T3, new, "2023年", "自然人")].value == 5
    assert grid[(T3, new, "2024年", "自然人")].value is None  # blank: empty, never 0
    assert grid[(T3, new, "增减", "自然人")].value is None
    assert grid[(T3, new, "2023年", "法律服务机构")].value is None
    assert grid[(T3, new, "2024年", "法律服务机构")].value == "-"  # printed dash: "-", never 0
    assert grid[(T3, new, "2024年", "社会公益组织")].value is None  # the report has no such cell: empty, grey
    assert fill_rgb(grid[(T3, new, "2024年", "社会公益组织")]) == "00E7E6E6"
    by_key = rows_by_key(wb)
    assert by_key["t3.1.natural"]["2024年"].value is None and "2024 年原文“—”" in by_key["t3.1.legal"]["备注"].value


def test_hide_equal_leaves_out_equal_rows_but_never_a_marked_one(archive, tmp_path):
    full = form_grid(open_wb(export_agency_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "a.xlsx"))[HONGZE])
    wb = open_wb(export_agency_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "b.xlsx", hide_equal=True))
    hidden = form_grid(wb[HONGZE])
    labels = {k[1] for k in full} - {k[1] for k in hidden}
    assert "2.其他法律行政法规禁止公开" in labels  # zero in both years
    assert "一、本年新收政府信息公开申请数量" not in labels
    assert "行政诉讼 复议后起诉" not in labels  # 2023's total fails A4.3: kept
    assert "行政复议" not in labels
    note = next(c.value for row in wb[HONGZE].iter_rows(max_row=8) for c in row if "已隐藏" in str(c.value))
    assert re.search(r"已隐藏两年相同或均为零的 \d+ 项", note)
    assert len(data_rows(wb)) == 186  # the data sheet keeps every row


def test_approximate_rows_across_generations_are_marked(hand_archive, tmp_path):
    resave(hand_archive, parsed_sample("002_b6ce9a87a66a1839.txt"), "测试机关", 2018)  # pre-2019 统计表
    resave(hand_archive, parsed_sample("hongze_2024.pdf.txt"), "测试机关", 2019)  # a 2021-form table
    wb = open_wb(export_agency_xlsx(hand_archive, "测试机关", 2018, 2019, tmp_path / "x.xlsx"))
    ws = wb["测试机关"]
    titles = [c.value for row in ws.iter_rows() for c in row if fill_rgb(c) == "00EDEDED" and c.value]
    assert titles[0].startswith("跨格式近似对比")
    labels = [r[0].value for r in ws.iter_rows() if r[0].value and str(r[0].value).startswith("≈ ")]
    assert "≈ 收到申请数（本年新收）" in labels
    row = next(r for r in ws.iter_rows() if r[0].value == "≈ 收到申请数（本年新收）")
    assert [c.value for c in row[1:5]] == ["件", 1, 95, 94]
    assert all(r["近似"].value == "≈" for r in data_rows(wb))
    resave(hand_archive, parsed_sample("hongze_2023.pdf.txt"), "测试机关", 2020)
    wb = open_wb(export_agency_xlsx(hand_archive, "测试机关", 2019, 2020, tmp_path / "y.xlsx"))
    assert not any(r["近似"].value for r in data_rows(wb))


def test_pre2019_statistics_table_in_the_reports_order_with_units(hand_archive, tmp_path):
    report = parsed_sample("002_b6ce9a87a66a1839.txt")
    resave(hand_archive, report, "测试机关", 2017)
    resave(hand_archive, report, "测试机关", 2018)
    ws = open_wb(export_agency_xlsx(hand_archive, "测试机关", 2017, 2018, tmp_path / "c.xlsx"))["测试机关"]
    heads = next([c.value for c in r[:6]] for r in ws.iter_rows() if r[0].value == "指标")
    assert heads == ["指标", "单位", "2017年", "2018年", "增减", "增减%"]
    labels = [r[0].value for r in ws.iter_rows() if r[0].value in {v.label for v in report.values}]
    assert labels == [v.label for v in report.values]  # the report's own order, headings included
    row = next(r for r in ws.iter_rows() if r[0].value == "(一)收到申请数")
    assert [c.value for c in row[1:4]] == ["件", 1, 1] and shown(row[4]) == "0"
    trainees = next(r for r in ws.iter_rows() if r[0].value == "(三)接受培训人员数")
    assert trainees[1].value == "人次" and trainees[2].value == 62 and shown(trainees[5]) == percent_text(0.0)


def test_missing_year_prints_only_the_year_there_is(archive, tmp_path):
    from xxgk.exporters import export_all_xlsx

    wb = open_wb(export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx"))
    ws = wb["淮安市人民政府"]
    sides = {k[2] for k in form_grid(ws)}
    assert sides == {"2024年"}  # no empty 2023 lines, no change lines
    head = "\n".join(str(ws.cell(row=i, column=1).value) for i in range(1, 5))
    assert "2023 年（缺）" in head and "2023 年：缺（未报送" in head
    assert "（缺）" in ws.oddHeader.center.text


def test_the_office_time_zone_is_configurable(archive, tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_TZ", "UTC")
    ws = open_wb(export_agency_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "utc.xlsx"))[HONGZE]
    rep = archive.current_report(HONGZE, 2023)
    utc = rep.imported_at.replace("T", " ")[:16]
    assert f"导入于 {utc} UTC" in ws.cell(row=3, column=1).value
    assert "（UTC）" in ws.oddFooter.left.text


def test_2019_and_2021_forms_side_by_side(hand_archive, tmp_path):
    """A 2019-form 表二 next to a 2021 one: each generation's blocks, the cells a year lacks grey; 表三's
    2019 (六) against the 2021 form's three rows as their sum."""
    from xxgk.domain.model import Value

    report = parsed_sample("hongze_2024.pdf.txt")  # 表三 printed the 2019 way: (六) one row
    report.values = [v for v in report.values if not v.key.startswith("t2.")] + [
        Value("t2.regulations.made", "规章", 1, "1"), Value("t2.regulations.published", "规章", 1, "1"),
        Value("t2.regulations.total", "规章", 5, "5"), Value("t2.licensing.prev", "行政许可", 40, "40"),
        Value("t2.licensing.change", "行政许可", -3, "-3"), Value("t2.licensing.decisions", "行政许可", 600, "600")]
    report.table_templates = dict(report.table_templates, t2="2019")
    resave(hand_archive, report, "测试机关", 2023)
    resave(hand_archive, parsed_sample("huaian_2024.pdf.txt"), "测试机关", 2024)  # 2021 form throughout
    ws = open_wb(export_agency_xlsx(hand_archive, "测试机关", 2023, 2024, tmp_path / "m.xlsx"))["测试机关"]
    grid = form_grid(ws)
    t2_2019, t2_2021 = f"{T2}（2019 年试行格式）", f"{T2}（2021 年版格式）"
    assert grid[(t2_2019, "规章", "2023年", "对外公开总数量")].value == 5
    absent = grid[(t2_2019, "规章", "2024年", "对外公开总数量")]
    assert absent.value is None and fill_rgb(absent) == "00E7E6E6"
    assert shown(grid[(t2_2019, "行政许可", "2023年", "本年增/减")]) == "-3"
    assert grid[(t2_2019, "行政许可", "2024年", "处理决定数量")].value == 447228  # the key both forms share
    assert grid[(t2_2021, "规章", "2024年", "现行有效件数")].value == 11
    assert (t2_2021, "行政许可", "2024年", "本年处理决定数量") not in grid  # not twice
    six = "(六)其他处理（2021 年版为三项合计）"
    assert grid[(T3, six, "2024年", "总计")].value == 71 + 6 + 110  # typed: 表三 (六) 1. 2. 3. of 淮安 2024
    assert not any(k[1].startswith(("1.申请人无正当理由", "3.其他")) for k in grid if k[0] == T3)
    for row in ws.row_breaks.brk:  # every page starts with a table's name
        assert fill_rgb(ws.cell(row=row.id + 1, column=1)) == "00EDEDED"


def test_failing_cross_year_identity_marks_both_years_cells(hand_archive, tmp_path):
    hand_archive.save_report(hand_report("某局", 2023, [val("t3.1.total", 5), val("t3.2.total", 0),
                                                       val("t3.4.total", 3)]))
    hand_archive.save_report(hand_report("某局", 2024, [val("t3.1.total", 5), val("t3.2.total", 1),
                                                       val("t3.4.total", 0)]))
    wb = open_wb(export_agency_xlsx(hand_archive, "某局", 2023, 2024, tmp_path / "x1.xlsx"))
    grid = form_grid(wb["某局"])
    carried_in = "二、上年结转政府信息公开申请数量"
    carried_out = "四、结转下年度继续办理"
    # X1: 2024's 上年结转 (1) should equal 2023's 结转下年度 (3)
    cell_in, cell_out = grid[(T3, carried_in, "2024年", "总计")], grid[(T3, carried_out, "2023年", "总计")]
    for cell, value in ((cell_in, 1), (cell_out, 3)):
        assert fill_rgb(cell) == FAIL_RGB and shown(cell) == f"!{value}"
        assert "! 跨年度 X1（不符）" in cell.comment.text and "相差 -2" in cell.comment.text
    # the other year's cell of each row is not what X1 reads
    assert fill_rgb(grid[(T3, carried_in, "2023年", "总计")]) is None
    assert fill_rgb(grid[(T3, carried_out, "2024年", "总计")]) is None
    texts = [str(c.value) for row in wb["某局"].iter_rows() for c in row if c.value is not None]
    assert "! 不符　X1" in texts
    by_key = rows_by_key(wb)
    assert by_key["t3.2.total"]["2024年标记"].value == "!" and by_key["t3.4.total"]["2023年标记"].value == "!"


def test_statistics_table_with_an_all_time_column_keeps_it_beside_the_year(hand_archive, tmp_path):
    """A 统计表 printing 本年 | 历年累计: one line per 指标, the year's four columns then 历年累计's three."""
    from tests.conftest import ROOT

    report = parse_path_one(ROOT / "tests" / "fixtures" / "layouts" / "panjin_2015_cumulative.txt")
    resave(hand_archive, report, "测试机关", 2015)
    later = copy.deepcopy(report)
    for v in later.values:  # 2016 repeats 2015's year: each all-time figure grows by exactly the year's
        if v.key.endswith(".cumulative") and v.value is not None:
            v.value += later.value_map().get(v.key.removesuffix(".cumulative")) or 0
    resave(hand_archive, later, "测试机关", 2016)
    ws = open_wb(export_agency_xlsx(hand_archive, "测试机关", 2015, 2016, tmp_path / "c.xlsx"))["测试机关"]
    rows = {r[0].value: r for r in ws.iter_rows() if isinstance(r[0].value, str)}
    heads = [c.value for c in rows["指标"][:9]]
    assert heads[:3] == ["指标", "单位", "本年"] and heads[6] == "历年累计"
    assert not [label for label in rows if "历年累计" in label and label != "历年累计"]  # folded, not repeated
    line = rows["(一)主动公开政府信息数"]
    # typed from the fixture: 28000 this year, 121000 all-time; 2016 adds its 28000
    assert [c.value for c in line[1:9]] == ["条", 28000, 28000, 0, 0.0, 121000, 149000, 28000]
    assert shown(line[8]) == "+28000" and shown(line[5]) == "+0.0%"
    received = rows["(一)收到申请数"]
    assert [received[i].value for i in (2, 6, 7)] == [103, 655, 758]
