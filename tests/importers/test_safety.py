"""Refusing hostile or absurd inputs before parsing: zip bombs, XML bombs, huge pages and sheets."""
from __future__ import annotations

import io
import struct
import time
import zipfile

import openpyxl
import pytest

from tests.conftest import SAMPLES
from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes
from xxgk.importers.html import read_html
from xxgk.importers.safety import MAX_HTML_CELLS, check_xlsx_zip
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
    assert "bomb.xlsx" in str(exc.value) and "zip bomb" in str(exc.value)
    assert "300 MB" in str(exc.value)


def test_crafted_central_directory_refused_without_inflating() -> None:
    data = _declare_size(_workbook_bytes(), "xl/worksheets/sheet1.xml", 2_400_000_000)
    t = time.perf_counter()
    with pytest.raises(BadInput, match=r"declares 2\.\d GB uncompressed.*zip bomb"):
        check_xlsx_zip(data, "crafted.xlsx")
    assert time.perf_counter() - t < 0.05


def test_high_ratio_member_refused() -> None:
    data = _real_bomb(20)  # 20 MB of zeros in ~20 KB: ratio ~1000:1, total under 200 MB
    with pytest.raises(BadInput, match=r"sheet1\.xml declares 20 MB packed into .* \(more than 100:1\)"):
        check_xlsx_zip(data, "ratio.xlsx")


def test_too_many_members_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(2001):
            zf.writestr(f"xl/media/{i}.bin", b"")
    with pytest.raises(BadInput, match=r"holds 2002 parts"):
        check_xlsx_zip(buf.getvalue(), "many.xlsx")


def test_damaged_zip_and_docx_get_clear_messages() -> None:
    with pytest.raises(BadInput, match=r"zip index is damaged"):
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
    with pytest.raises(BadInput, match=r"entities or a DTD"):
        read_workbook(out.getvalue(), "laughs.xlsx")


def test_sheet_with_too_many_cells_refused() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "本年新收政府信息公开申请数量"
    ws["ZZ5000"] = 1  # two cells, but a used rectangle of 5000 × 702 = 3.5 million positions
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(BadInput, match=r"sheet 'Sheet' spans 3,510,000 cells \(limit 2,000,000\)"):
        read_workbook(buf.getvalue(), "wide.xlsx")


def test_huge_html_refused_before_parsing() -> None:
    page = b"<html><body><p>" + b"x" * (21 * MB) + b"</p></body></html>"
    t = time.perf_counter()
    with pytest.raises(BadInput, match=r"million characters"):
        read_html(page, "huge.html")
    assert time.perf_counter() - t < 1.0


def test_html_with_too_many_cells_refused() -> None:
    row = "<tr>" + "<td>1</td>" * 100 + "</tr>"
    page = ("<html><body><table>" + row * (MAX_HTML_CELLS // 100 + 1) + "</table></body></html>").encode()
    with pytest.raises(BadInput, match=r"more than 200,000 table cells"):
        read_html(page, "cells.html")


def test_html_span_explosion_refused() -> None:
    # 300 cells that each claim colspan=1000: 300,000 grid positions from a tiny page
    rows = "".join('<tr><td colspan="1000">标签</td></tr>' for _ in range(300))
    page = f"<html><body><table><tr><td>a</td><td>b</td></tr>{rows}</table></body></html>".encode()
    with pytest.raises(BadInput, match=r"table cells"):
        read_html(page, "spans.html")
