"""Workbooks written by hand (a zip of a few XML parts), so that a hostile part costs nothing to build:
openpyxl would itself run out of memory writing a merged range ``A1:XFD1048576``."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = f"{REL}/worksheet"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_xml(ref: str, value: object, formula: str | None = None) -> str:
    f = f"<f>{formula}</f>" if formula is not None else ""
    if value is None:
        return f'<c r="{ref}">{f}</c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}">{f}<v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if formula is not None:
        return f'<c r="{ref}" t="str">{f}<v>{text}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def rows_xml(rows: Iterable[Iterable[object]], start: int = 1) -> Iterator[str]:
    for r, row in enumerate(rows, start):
        cells = "".join(cell_xml(f"{col_letter(c)}{r}", v) for c, v in enumerate(row, 1) if v is not None)
        yield f'<row r="{r}">{cells}</row>'


def sheet_xml(body: str | Iterable[str] = "", *, merges: Iterable[str] = (), extra: str = "",
              head: str = "") -> bytes:
    """A worksheet part: ``body`` is the content of <sheetData> (a string or an iterable of row strings)."""
    data = body if isinstance(body, str) else "".join(body)
    merge_list = list(merges)
    m = (f'<mergeCells count="{len(merge_list)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in merge_list)
         + "</mergeCells>") if merge_list else ""
    return (f'{XML_HEAD}{head}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>{data}</sheetData>{m}{extra}'
            "</worksheet>").encode()


def shared_strings(strings: Iterable[str]) -> bytes:
    items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
    return f'{XML_HEAD}<sst xmlns="{MAIN}">{items}</sst>'.encode()


def workbook(sheets: Mapping[str, bytes] | Iterable[tuple[str, bytes]], *, states: Mapping[str, str] | None = None,
             extra_parts: Mapping[str, bytes] | None = None, compression: int = zipfile.ZIP_DEFLATED,
             strings: bytes | None = None) -> bytes:
    """A workbook whose sheets are the given worksheet parts (name → XML bytes), in order; ``strings``: its
    shared strings part (cells refer to it with ``t="s"``)."""
    items = list(sheets.items()) if isinstance(sheets, Mapping) else list(sheets)
    states = states or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(items) + 1))
        if strings is not None:
            overrides += ('<Override PartName="/xl/sharedStrings.xml" '
                          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        zf.writestr("[Content_Types].xml", (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"))
        zf.writestr("_rels/.rels", (
            f'{XML_HEAD}<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        sheets_xml = "".join(
            f'<sheet name="{title}" sheetId="{i}" r:id="rId{i}"'
            + (f' state="{states[title]}"' if title in states else "") + "/>"
            for i, (title, _) in enumerate(items, 1))
        zf.writestr("xl/workbook.xml", (
            f'{XML_HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets_xml}</sheets></workbook>'))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{SHEET_TYPE}" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(items) + 1))
        zf.writestr("xl/_rels/workbook.xml.rels", f'{XML_HEAD}<Relationships xmlns="{PKG}">{rels}</Relationships>')
        for i, (_, xml) in enumerate(items, 1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if strings is not None:
            zf.writestr("xl/sharedStrings.xml", strings)
        for part, data in (extra_parts or {}).items():
            zf.writestr(part, data)
    return buf.getvalue()
