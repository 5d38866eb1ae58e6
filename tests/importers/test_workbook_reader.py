"""The XML reader of workbooks (``importers.workbook.read_parts``) gives what openpyxl's full model gave.

Each workbook here is read both ways: ``read_parts`` and ``sheets_from_openpyxl`` over ``load_workbook``
(the path every workbook took before, and still takes when ``read_parts`` says ``Unsupported``).
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Border, Side

from tests.hostile.workbooks import MAIN, XML_HEAD, rows_xml, sheet_xml, workbook
from xxgk.importers import workbook as W
from xxgk.importers import xlsx as X

SAMPLES = Path(__file__).resolve().parents[2] / "sample_reports"


def _saved(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _features() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "表三"
    ws["B1"] = "某局2023年政府信息公开工作年度报告"
    ws["B3"], ws["C3"] = "本年新收政府信息公开申请数量", 12
    ws["B4"], ws["C4"], ws["D4"] = dt.datetime(2023, 5, 1), dt.date(2023, 1, 2), dt.time(13, 5)
    ws["B5"], ws["C5"], ws["D5"], ws["E5"] = True, 1.5, 1e20, -0.1
    ws["B6"], ws["C6"] = "=SUM(C3:C5)", "#DIV/0!"
    thin = Side(style="thin")
    ws.merge_cells("B9:D10")
    ws["B9"] = "合并"
    ws["B9"].border = Border(top=thin, left=thin)
    ws["D10"].border = Border(right=thin, bottom=thin)  # the top-left takes these sides
    ws["B12"] = "行尾"
    ws.merge_cells("E12:F13")  # an empty merged range with a right side: bordered at the row's end
    ws["E12"].border = Border(right=thin)
    ws["B14"] = "x"
    ws["G14"].border = Border(bottom=thin)
    ws["B15"] = dt.datetime(2020, 2, 29)
    ws["B15"].number_format = 'yyyy"年"m"月"d"日"'
    ws["B16"] = 45000
    ws["B16"].number_format = "[h]:mm:ss"
    ws.column_dimensions["F"].hidden = True
    ws.row_dimensions[5].hidden = True
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "隐藏的表"
    hidden.sheet_state = "hidden"
    wb.properties.title = "  标题  "
    return _saved(wb)


def _hand_written() -> bytes:
    """Shared strings with runs and phonetic text, cells and rows without references, a repeated cell,
    typed cells (d, e, str, b, an unknown type), a shared formula, hidden columns to the last one."""
    sst = (f'{XML_HEAD}<sst xmlns="{MAIN}"><si><t>本年新收政府信息公开申请数量</t></si>'
           '<si><r><rPr><b/></rPr><t>粗</t></r><r><t xml:space="preserve"> 体 </t></r><rPh sb="0" eb="1"><t>ふ</t>'
           '</rPh></si><si><t>a_x005F_x000D_b</t></si><si><t/></si></sst>').encode()
    rows = ('<row r="2"><c r="B2" t="s"><v>0</v></c><c t="n"><v>1E3</v></c><c><v>7</v></c></row>'
            '<row><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c><c r="D3" t="s"><v>3</v></c></row>'
            '<row r="4" hidden="1"><c r="B4" t="d"><v>2023-04-05T00:00:00</v></c><c r="C4" t="e"><v>#N/A</v></c>'
            '<c r="D4" t="str"><f>A1</f><v>文字</v></c><c r="E4"><f>1+1</f></c><c r="F4" t="b"><v>0</v></c></row>'
            '<row r="5"><c r="B5"><v>1</v></c><c r="B5"><v>2</v></c><c r="C5" t="inlineStr"><is><r><t>内</t></r>'
            '<r><t>联</t></r></is></c></row>'
            '<row r="6" hidden="false"><c r="B6" t="foo"><v>奇</v></c><c r="C6"><v> 12 </v></c></row>'
            '<row r="7" customHeight="1" ht="20"><c r="B7"><f t="shared" ref="B7:B8" si="0">A1*2</f><v>4</v></c></row>'
            '<row r="8"><c r="B8"><f t="shared" si="0"/></c><c r="D8"><v>123456789012345678</v></c></row>')
    cols = '<cols><col min="3" max="3" width="9" hidden="1" customWidth="1"/><col min="5" max="16384" hidden="true"/></cols>'
    xml = (f'{XML_HEAD}<worksheet xmlns="{MAIN}">{cols}<sheetData>{rows}</sheetData>'
           '<mergeCells count="1"><mergeCell ref="D6:E7"/></mergeCells></worksheet>').encode()
    return workbook({"S": xml, "T": sheet_xml(rows_xml([["本年新收政府信息公开申请数量", 5]]))}, strings=sst,
                    states={"T": "veryHidden"})


CASES = {"hongze_2024.xlsx": lambda: (SAMPLES / "hongze_2024.xlsx").read_bytes(),
         "departments_2022.xlsx": lambda: (SAMPLES / "departments_2022.xlsx").read_bytes(),
         "features": _features, "hand-written": _hand_written}


def _both(data: bytes) -> tuple[W.WorkbookData, W.WorkbookData]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        fast = W.read_parts(zf, with_formulas=True)
    full = W.sheets_from_openpyxl(X._load(data, "t.xlsx", data_only=True), X._load(data, "t.xlsx", data_only=False))
    return fast, full


@pytest.mark.parametrize("case", sorted(CASES))
def test_read_parts_gives_what_openpyxl_gave(case: str) -> None:
    fast, full = _both(CASES[case]())
    assert fast.title == full.title
    assert [s.title for s in fast.sheets] == [s.title for s in full.sheets]
    for a, b in zip(fast.sheets, full.sheets, strict=True):
        assert (a.state, a.formulas, a.hidden_rows, sorted(a.hidden_cols), a.bordered) == (
            b.state, b.formulas, b.hidden_rows, sorted(b.hidden_cols), b.bordered), a.title
        assert sorted(a.merged) == sorted(b.merged)
        assert a.cells == b.cells
        assert list(a.cells) == [k for k, (v, _) in b.cells.items() if k in a.cells]  # document order


def test_the_cases_cover_what_they_claim() -> None:
    """Not vacuous: the hand-made workbooks hold dates, errors, borders beyond the text and hidden cells."""
    fast, _ = _both(_features())
    s = fast.sheets[0]
    assert s.cells[(15, 2)] == (dt.datetime(2020, 2, 29), "d") and s.cells[(16, 2)][1] == "d"
    assert (13, 6) in s.bordered and (12, 6) in s.bordered and (10, 4) in s.bordered and (9, 2) in s.bordered
    assert (10, 3) in s.bordered and (9, 3) in s.bordered and (13, 5) not in s.bordered  # the edges only
    assert s.hidden_rows == {5} and s.hidden_cols == [(6, 6)] and fast.title == "标题"
    hand, _ = _both(_hand_written())
    h = hand.sheets[0]
    assert h.cells[(3, 2)] == ("粗 体 ", "s") and h.cells[(3, 3)] == ("a_x000D_b", "s")
    assert h.cells[(5, 2)] == (2, "n") and h.cells[(2, 3)] == (1000.0, "n") and h.cells[(2, 4)] == (7, "n")
    assert h.cells[(4, 3)] == ("#N/A", "e") and h.cells[(6, 2)] == ("奇", "foo") and (7, 5) not in h.cells
    assert h.formulas == {(4, 4), (4, 5), (7, 2), (8, 2)} and hand.sheets[1].state == "veryHidden"


def _links() -> bytes:
    """Links on empty cells (by location, by relationship, on a merged position, over a range with a merged
    range in it) and on a cell that has a value."""
    links = ('<hyperlinks><hyperlink ref="C1" location="表三!A1"/><hyperlink ref="D1" r:id="rId1"/>'
             '<hyperlink ref="F2" location="合并"/><hyperlink ref="B3:D4" location="区"/>'
             '<hyperlink ref="A1" location="不写入"/></hyperlinks>')
    rels = (f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'hyperlink" Target="http://example.com/" TargetMode="External"/></Relationships>').encode()
    sheet = sheet_xml(rows_xml([["本年新收政府信息公开申请数量"], [None, None, None, None, "标签"]]),
                      merges=["E2:F2", "C4:D4"], extra=links)
    sheet = sheet.replace(b"<worksheet ", b'<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                                         b'2006/relationships" ', 1) if b"xmlns:r" not in sheet else sheet
    return workbook({"S": sheet}, extra_parts={"xl/worksheets/_rels/sheet1.xml.rels": rels})


CASES["hyperlinks"] = _links


def test_a_link_fills_the_empty_cells_it_names() -> None:
    fast, _ = _both(_links())
    cells = fast.sheets[0].cells
    assert cells[(1, 1)] == ("本年新收政府信息公开申请数量", "s")  # a value is kept
    assert cells[(1, 3)] == ("表三!A1", "s") and cells[(1, 4)] == ("http://example.com/", "s")
    assert cells[(2, 5)] == ("标签", "s") and (2, 6) not in cells  # merged: the link went to the top-left
    assert cells[(3, 2)] == cells[(4, 3)] == ("区", "s") and (4, 4) not in cells


def test_what_is_not_mirrored_is_read_by_openpyxl() -> None:
    """Two sheets whose titles differ only in case: openpyxl decides what to do with the second; the XML
    reader hands that workbook to openpyxl, so the result is openpyxl's."""
    data = workbook([("表", sheet_xml(rows_xml([["本年新收政府信息公开申请数量", 1]]))),
                     ("A", sheet_xml(rows_xml([["x"]]))), ("a", sheet_xml(rows_xml([["y"]])))])
    with zipfile.ZipFile(io.BytesIO(data)) as zf, pytest.raises(W.Unsupported):
        W.read_parts(zf, with_formulas=False)
    got = X.read_workbook(data, "dup.xlsx")
    want = W.sheets_from_openpyxl(X._load(data, "dup.xlsx", data_only=True), None)
    assert [s.title for s in got.sheets] == [s.title for s in want.sheets]
    assert [[c.text for c in s.cells] for s in got.sheets][1:] == [["x"], ["y"]]
