"""Cheap size checks that run before an input is parsed: refuse zip bombs and absurdly large inputs.

A workbook and a Word document (.docx) are zip archives. ``check_xlsx_zip`` reads only the zip's central directory (the index of
members with their declared sizes), never a member's content (``check_docx_zip`` does the same for .docx), so it takes microseconds whatever the
file claims to hold. The declared sizes are trustworthy as an upper bound: Python's ``zipfile`` stops
inflating a member at its declared uncompressed size (and fails the CRC check), so a member that lies
about its size cannot inflate to more than it declared.

Limits are far above any real annual report (a report workbook is tens of kilobytes; the largest real
HTML page seen is well under 1 MB).
"""
from __future__ import annotations

import io
import zipfile

from xxgk.domain.model import BadInput

MB = 1024 * 1024

# XLSX (zip) limits
MAX_ZIP_TOTAL = 200 * MB  # sum of the declared uncompressed sizes of all members
MAX_ZIP_RATIO = 100  # compression ratio above which a large member is suspicious ...
RATIO_MIN_SIZE = 10 * MB  # ... when it also declares more than this
MAX_ZIP_MEMBERS = 2000
MAX_SHEET_XML = 64 * MB  # one worksheet's XML: ~2 million cells' worth; openpyxl would need GBs of memory
MAX_SHEET_CELLS = 2_000_000  # cells stored in one sheet, after loading

# DOCX (zip) limits: the same archive budgets, and the document's main XML part
MAX_DOCX_XML = 64 * MB  # word/document.xml: a real report's is well under 1 MB
MAX_DOCX_TABLE_CELLS = 200_000  # grid positions after spans are expanded

# PDF limits
MAX_PDF_PAGES = 500  # a report runs to a few dozen pages

# HTML limits
MAX_HTML_CHARS = 20 * MB  # decoded characters
MAX_HTML_CELLS = 200_000  # table cells (td/th) in a page, or grid positions after spans are expanded


def _size(n: int) -> str:
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.1f} GB"
    if n >= MB:
        return f"{n / MB:.0f} MB"
    return f"{n / 1024:.0f} KB"


def check_xlsx_zip(data: bytes, name: str) -> list[zipfile.ZipInfo]:
    """Refuse a workbook whose zip index declares too much; return the member list when it is fine.

    Raises BadInput with one clear line. Reads the central directory only.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise BadInput(name, "starts like a zip/xlsx file but its zip index is damaged or missing "
                             "(the download may be incomplete): save it again from Excel/WPS") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise BadInput(name, f"the workbook holds {len(infos)} parts (limit {MAX_ZIP_MEMBERS}): "
                             "refused as a possible zip bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise BadInput(name, f"the workbook declares {_size(total)} uncompressed (limit {_size(MAX_ZIP_TOTAL)}): "
                             "refused as a possible zip bomb")
    for i in infos:
        if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise BadInput(name, f"the workbook part {i.filename} declares {_size(i.file_size)} packed into "
                                 f"{_size(i.compress_size)} (more than {MAX_ZIP_RATIO}:1): "
                                 "refused as a possible zip bomb")
        if i.filename.startswith("xl/worksheets/") and i.file_size > MAX_SHEET_XML:
            raise BadInput(name, f"the worksheet {i.filename} declares {_size(i.file_size)} of cells "
                                 f"(limit {_size(MAX_SHEET_XML)}): far larger than any report, refused")
    names = {i.filename for i in infos}
    if not any(n.lower().startswith("xl/") for n in names):
        if "word/document.xml" in names:
            raise BadInput(name, "is a Word document (.docx), not a workbook: save it as text or HTML first")
        raise BadInput(name, "is a zip archive but not an Excel workbook (nothing under xl/ inside)")
    return infos


def check_docx_zip(data: bytes, name: str) -> None:
    """Refuse a .docx whose zip index declares too much, before python-docx loads it (central directory only)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise BadInput(name, "Word 文档（.docx）的压缩索引已损坏或缺失（下载可能不完整）：请重新下载或用 Word/WPS 另存") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise BadInput(name, f"Word 文档含 {len(infos)} 个部件（上限 {MAX_ZIP_MEMBERS}）：疑似压缩炸弹，已拒绝")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise BadInput(name, f"Word 文档声明解压后 {_size(total)}（上限 {_size(MAX_ZIP_TOTAL)}）：疑似压缩炸弹，已拒绝")
    for i in infos:
        if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise BadInput(name, f"Word 文档部件 {i.filename} 声明 {_size(i.file_size)}，压缩后仅 "
                                 f"{_size(i.compress_size)}（超过 {MAX_ZIP_RATIO}:1）：疑似压缩炸弹，已拒绝")
        if i.filename.startswith("word/") and i.filename.endswith(".xml") and i.file_size > MAX_DOCX_XML:
            raise BadInput(name, f"Word 文档部件 {i.filename} 声明 {_size(i.file_size)}（上限 "
                                 f"{_size(MAX_DOCX_XML)}）：远大于任何年度报告，已拒绝")


def docx_cells_refused(count: int, name: str) -> BadInput:
    return BadInput(name, f"Word 文档的表格超过 {MAX_DOCX_TABLE_CELLS:,} 个单元格（已数到 {count:,}）：远大于任何年度报告，已拒绝")


def pdf_cells_refused(count: int, name: str) -> BadInput:
    return BadInput(name, f"PDF 的表格超过 {count:,} 个单元格：远大于任何年度报告，已拒绝")


def check_html_size(chars: int, name: str) -> None:
    if chars > MAX_HTML_CHARS:
        raise BadInput(name, f"the page decodes to {chars / MB:.0f} million characters (limit "
                             f"{MAX_HTML_CHARS // MB} million): far larger than any report, refused")


def html_cells_refused(count: int, name: str) -> BadInput:
    return BadInput(name, f"the page holds more than {MAX_HTML_CELLS:,} table cells ({count:,} so far): "
                          "far larger than any report, refused")


def check_sheet_cells(stored: int, used_area: int, sheet: str, name: str) -> None:
    """After loading: refuse a sheet with too many cells (stored, or in the used rectangle)."""
    if stored > MAX_SHEET_CELLS or used_area > MAX_SHEET_CELLS:
        n = max(stored, used_area)
        raise BadInput(name, f"sheet {sheet!r} spans {n:,} cells (limit {MAX_SHEET_CELLS:,}): "
                             "far larger than any report, refused")
