"""Refusing hostile or absurd inputs before parsing: zip bombs, XML bombs, huge pages and sheets."""
from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from tests.conftest import SAMPLES
from tests.hostile.workbooks import MAIN, rows_xml, shared_strings, sheet_xml, workbook
from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes
from xxgk.importers.html import read_html
from xxgk.importers.safety import MAX_HTML_CELLS, check_workbook_xml, check_xlsx_zip
from xxgk.importers.xlsx import XML_DEFUSED, read_workbook

MB = 1024 * 1024


def _workbook_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the uncompressed size a member declares in the zip's central directory (a crafted bomb)."""
    out = bytearray(data)
    pos = 0
    name = member.encode()
    while True:
        pos = out.find(b"PK\x01\x02", pos)
        assert pos >= 0, f"{member} not in the central directory"
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46: pos + 46 + name_len]) == name:
            struct.pack_into("<I", out, pos + 24, size)
            return bytes(out)
        pos += 4


def _real_bomb(total_mb: int, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A workbook whose sheet is really `total_mb` MB of zeros, deflated (about 1/1000 of that on disk)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info.filename, src.read(info))
        with dst.open(member, "w", force_zip64=True) as f:
            chunk = b"\0" * MB
            for _ in range(total_mb):
                f.write(chunk)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb_300mb() -> bytes:
    return _real_bomb(300)


def test_real_zip_bomb_refused_quickly(bomb_300mb: bytes) -> None:
    assert len(bomb_300mb) < 3 * MB  # 300 MB of zeros packs into about 1.3 MB
    t = time.perf_counter()
    with pytest.raises(BadInput) as exc:
        parse_bytes(bomb_300mb, "bomb.xlsx")
    elapsed = time.perf_counter() - t
    assert elapsed < 1.0
    assert "bomb.xlsx" in str(exc.value) and "压缩炸弹" in str(exc.value)
    assert "300 MB" in str(exc.value)


def test_crafted_central_directory_refused_without_inflating() -> None:
    data = _declare_size(_workbook_bytes(), "xl/worksheets/sheet1.xml", 2_400_000_000)
    t = time.perf_counter()
    with pytest.raises(BadInput, match=r"声明解压后共 2\.\d GB.*压缩炸弹"):
        check_xlsx_zip(data, "crafted.xlsx")
    assert time.perf_counter() - t < 0.05


def test_high_ratio_member_refused() -> None:
    data = _real_bomb(20)  # 20 MB of zeros in ~20 KB: ratio ~1000:1, total under 200 MB
    with pytest.raises(BadInput, match=r"sheet1\.xml 声明解压后 20 MB，压缩后仅 .*（超过 100:1）"):
        check_xlsx_zip(data, "ratio.xlsx")


def test_too_many_members_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(2001):
            zf.writestr(f"xl/media/{i}.bin", b"")
    with pytest.raises(BadInput, match=r"声明了 2,002 个部件"):
        check_xlsx_zip(buf.getvalue(), "many.xlsx")


def test_damaged_zip_and_docx_get_clear_messages() -> None:
    with pytest.raises(BadInput, match=r"压缩索引已损坏"):
        parse_bytes(b"PK\x03\x04" + b"\0" * 200, "cut.xlsx")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(BadInput, match=r"Word 文档（\.docx）已损坏或不完整"):  # a .docx is read now: this one is broken
        parse_bytes(buf.getvalue(), "report.docx")


def test_check_is_fast_on_a_real_workbook() -> None:
    data = (SAMPLES / "departments_2022.xlsx").read_bytes()
    check_xlsx_zip(data, "warm-up")
    t = time.perf_counter()
    for _ in range(100):
        check_xlsx_zip(data, "departments_2022.xlsx")
    per_call = (time.perf_counter() - t) / 100
    assert per_call < 0.005  # measured ~0.05 ms


def test_openpyxl_parses_through_defusedxml() -> None:
    assert XML_DEFUSED is True
    assert openpyxl.DEFUSEDXML is True


def test_xml_entity_bomb_refused() -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = laughs.encode() if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, data)
    with pytest.raises(BadInput, match=r"声明了 DTD 或实体"):
        read_workbook(out.getvalue(), "laughs.xlsx")


def test_sheet_that_spans_too_many_positions_refused() -> None:
    """Changed on purpose: the used rectangle alone no longer refuses a sheet (two cells A1 and ZZ5000 make
    703 grid positions, not 3.5 million: a row runs to its own last cell); what the rows hand the matcher
    does, before any cell is made."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "本年新收政府信息公开申请数量"
    for r in range(1, 201):  # 400 stored cells, 200 rows that each run to column XFD: 3,276,800 positions
        ws.cell(r, 16384, 1)
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(BadInput, match=r"表格展开后超过 100,000 个位置（到工作表 “Sheet” 已有 3,276,800 个"):
        read_workbook(buf.getvalue(), "wide.xlsx")


def test_huge_html_refused_before_parsing() -> None:
    page = b"<html><body><p>" + b"x" * (21 * MB) + b"</p></body></html>"
    t = time.perf_counter()
    with pytest.raises(BadInput, match=r"网页文件有 21\.0 MB（上限 16\.0 MB）"):
        read_html(page, "huge.html")
    assert time.perf_counter() - t < 1.0


def test_html_with_too_many_cells_refused() -> None:
    row = "<tr>" + "<td>1" * 100  # unclosed, as old pages write them: one "<" a cell
    page = ("<html><body><table>" + row * (MAX_HTML_CELLS // 100 + 1) + "</table></body></html>").encode()
    with pytest.raises(BadInput, match=f"网页的表格超过 {MAX_HTML_CELLS:,} 个单元格"):
        read_html(page, "cells.html")


def test_html_span_explosion_refused() -> None:
    # 60 cells that each claim colspan=1000: 60,000 grid positions from a tiny page
    rows = "".join('<tr><td colspan="1000">标签</td></tr>' for _ in range(60))
    page = f"<html><body><table><tr><td>a</td><td>b</td></tr>{rows}</table></body></html>".encode()
    with pytest.raises(BadInput, match=f"网页的表格超过 {MAX_HTML_CELLS:,} 个单元格"):
        read_html(page, "spans.html")


# -- the streaming scan of a workbook's XML (importers.zipxml), before openpyxl loads anything -------------

T3 = [["本年新收政府信息公开申请数量", 5]]


def _sheet(rows=T3, **kw) -> bytes:
    return sheet_xml("".join(rows_xml(rows)), **kw)


def _refused(data: bytes, pattern: str, name: str = "hostile.xlsx") -> str:
    t = time.perf_counter()
    with pytest.raises(BadInput, match=pattern) as exc:
        parse_bytes(data, name)
    assert time.perf_counter() - t < 2.0  # measured: well under 0.1 s; the bound is for a loaded machine
    assert str(exc.value).startswith(name + ": ") and "\n" not in str(exc.value)
    return str(exc.value)


def test_one_merged_range_over_the_whole_sheet_is_refused_before_loading() -> None:
    data = workbook({"报表": _sheet(merges=["A1:XFD1048576"])})
    assert len(data) < 2000
    _refused(data, r"sheet1\.xml 的合并区域 A1:XFD1048576 覆盖 17,179,869,184 个单元格（整个工作簿上限 20,000）")


def test_merged_areas_add_up_over_every_sheet() -> None:
    sheets = {f"S{i}": _sheet(merges=[f"A{r}:CV{r + 9}" for r in range(10, 30, 10)]) for i in range(12)}  # 2,000 each
    _refused(workbook(sheets), r"工作簿含超过 20,000 个单元格（所有工作表合计")


def test_cells_add_up_over_every_sheet() -> None:
    """The issue's 19 sheets, each under any per-sheet limit: 1,100 rows of 10 cells here (11,000 each)."""
    rows = [[1] * 10 for _ in range(1100)]
    msg = _refused(workbook({f"S{i}": _sheet(rows) for i in range(19)}), r"工作簿含超过 20,000 个单元格")
    assert "已数到 22,0" in msg  # refused during the second sheet: the other 17 are never inflated


def test_many_sheets_refused() -> None:
    _refused(workbook({f"S{i}": _sheet() for i in range(201)}), r"工作簿有 201 个工作表（上限 200）")


def test_too_many_rows_and_elements_refused() -> None:
    rows = "".join(f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(10, 20_100))
    _refused(workbook({"S": sheet_xml("".join(rows_xml(T3)) + rows)}), r"工作簿含超过 20,000 行")
    extra = "<extLst>" + "<x/>" * 61_000 + "</extLst>"
    _refused(workbook({"S": _sheet(extra=extra)}), r"XML 含超过 60,000 个元素（已数到 6\d,\d{3}，在 xl/worksheets/sheet1\.xml）")
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs>' + '<xf numFmtId="0"/>' * 61_000 + "</cellXfs></styleSheet>"
    _refused(workbook({"S": _sheet()}, extra_parts={"xl/styles.xml": styles.encode()}), r"在 xl/styles\.xml")


def test_shared_strings_counted() -> None:
    _refused(workbook({"S": _sheet()}, strings=shared_strings(["x"] * 20_001)), r"共享字符串超过 20,000 个")


def test_deep_nesting_refused_and_comments_cannot_hide_it() -> None:
    deep = "<extLst>" + "<x>" * 200 + "</x>" * 200 + "</extLst>"
    _refused(workbook({"S": _sheet(extra=deep)}), r"sheet1\.xml 的 XML 嵌套超过 100 层")
    hiding = "<extLst>" + "<x><!-- </x> -->" * 200 + "</x>" * 200 + "</extLst>"  # fake end tags in comments
    _refused(workbook({"S": _sheet(extra=hiding)}), r"嵌套超过 100 层")


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/styles.xml", "xl/sharedStrings.xml", "docProps/core.xml"])
def test_a_dtd_in_any_part_is_refused(part: str) -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    extra = {part: xxe} if part != "[Content_Types].xml" else None
    data = workbook({"S": _sheet()}, extra_parts=extra)
    if part == "[Content_Types].xml":  # replace the part itself
        data = _replace_part(data, part, xxe)
    _refused(data, re.escape(part) + r" 声明了 DTD 或实体")


def test_an_svg_image_may_carry_a_doctype() -> None:
    svg = b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>'
    [rep] = parse_bytes(_with_table(extra_parts={"xl/media/image1.svg": svg}), "svg.xlsx")
    assert rep.value_map()["t3.1.natural"] == 5


def test_a_utf16_worksheet_is_counted_too() -> None:
    xml = _sheet([[1] * 10 for _ in range(2100)]).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    _refused(workbook({"S": xml.encode("utf-16")}), r"工作簿含超过 20,000 个单元格")


def test_a_worksheet_under_any_name_is_counted() -> None:
    """openpyxl reads the parts the relationships name, whatever their extension: the scan looks at content."""
    data = workbook({"S": _sheet(merges=["A1:Z9999"])})
    data = _rename_part(data, "xl/worksheets/sheet1.xml", "xl/media/image1.png")
    _refused(data, r"image1\.png 的合并区域 A1:Z9999")


def test_central_directory_size_checked_before_zipfile_reads_it() -> None:
    data = bytearray(workbook({"S": _sheet()}))
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HHI", data, end + 8, 60_000, 60_000, 40 * MB)  # entries, and the index size
    _refused(bytes(data), r"压缩索引声明了 60,000 个部件、40 MB")


def test_damaged_member_refused_with_its_name() -> None:
    data = bytearray(workbook({"S": _sheet(T3 * 40)}, compression=zipfile.ZIP_STORED))
    i = data.find("本年".encode())
    data[i] ^= 1  # a CRC error inside the worksheet
    _refused(bytes(data), r"工作簿已损坏（部件 xl/worksheets/sheet1\.xml 无法解压")


def test_encrypted_member_refused() -> None:
    data = bytearray(workbook({"S": _sheet()}, compression=zipfile.ZIP_STORED))
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the "encrypted" bit, local and central
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            data[pos + flag_at] |= 1
            pos += 4
    _refused(bytes(data), r"已加密，无法读取")


def test_a_hidden_column_range_to_two_billion_costs_nothing() -> None:
    cols = b'<cols><col min="1" max="2000000000" hidden="1"/></cols><sheetData>'
    data = _with_table(sheet=lambda xml: xml.replace(b"<sheetData>", cols, 1))
    t = time.perf_counter()
    [rep] = parse_bytes(data, "cols.xlsx")
    assert time.perf_counter() - t < 2.0
    assert any("hidden column" in w.message for w in rep.warnings)


def test_hidden_rows_beside_a_wide_row_cost_nothing() -> None:
    """19,000 hidden rows and a row that runs to column XFD: the warnings no longer look at every
    (row, column) pair (19,000 × 16,384)."""
    wide = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="XFD1"><v>1</v></c></row>'
    hidden = "".join(f'<row r="{r}" hidden="1"/>' for r in range(10, 19_000))
    t = time.perf_counter()
    with pytest.raises(BadInput):
        parse_bytes(workbook({"S": sheet_xml(wide + hidden)}), "rows.xlsx")
    assert time.perf_counter() - t < 3.0


def test_one_long_string_shared_by_many_cells_is_refused_before_matching() -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 12))
    _refused(workbook({"S": sheet_xml(rows)}, strings=shared_strings(["长" * 200_000])),
             r"单元格文字超过 2,000,000 个字符")


def test_real_workbooks_pass_the_scan_quickly() -> None:
    for name in ("departments_2022.xlsx", "hongze_2024.xlsx"):
        data = (SAMPLES / name).read_bytes()
        infos = check_xlsx_zip(data, name)
        t = time.perf_counter()
        tally = check_workbook_xml(data, infos, name)
        assert time.perf_counter() - t < 0.5  # measured: 2-11 ms
        assert 0 < tally.counts["c"] < 2000 and tally.depth < 10


def _with_table(sheet=lambda xml: xml, extra_parts=None) -> bytes:
    rows = [["本年新收政府信息公开申请数量", None], ["（一）自然人", 5]]
    return workbook({"S": sheet(_sheet(rows))}, extra_parts=extra_parts)


def _replace_part(data: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == part else src.read(info))
    return out.getvalue()


def _rename_part(data: bytes, old: str, new: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(old.removeprefix("xl/").encode(), new.removeprefix("xl/").encode())
            dst.writestr(new if info.filename == old else info.filename, body)
    return out.getvalue()


def test_a_workbook_read_without_openpyxl_loads_it_not() -> None:
    # openpyxl is the fallback of read_workbook only: importing it cost every worker of an import pool some
    # 60 ms at its first workbook. Asking for XML_DEFUSED (above) is what imports it.
    code = ("import sys; from xxgk.importers import parse_path; "
            "[r] = parse_path(sys.argv[1]); assert r.values, 'no values'; "
            "assert 'openpyxl' not in sys.modules, 'openpyxl imported'; "
            "from xxgk.importers.xlsx import XML_DEFUSED; assert XML_DEFUSED is True; "
            "assert 'openpyxl' in sys.modules")
    done = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "hongze_2024.xlsx")], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
