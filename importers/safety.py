"""Budgets checked before an input is parsed: refuse zip bombs, XML bombs and absurdly large inputs in a
fraction of a second and a few megabytes, whatever the file declares.

A workbook and a Word document (.docx) are zip archives. ``check_xlsx_zip`` (``check_docx_zip`` for .docx)
reads the zip's end record and its central directory (the index of members with their declared sizes),
never a member's content. The declared sizes are trustworthy as an upper bound: Python's ``zipfile`` stops
inflating a member at its declared uncompressed size (and fails the CRC check), so a member that lies
about its size cannot inflate to more than it declared. ``check_workbook_xml`` then streams every XML part
of a workbook through ``importers.zipxml`` (chunks, byte patterns, no tree) and refuses as soon as a budget
below is exceeded — before openpyxl allocates anything: openpyxl creates an object for every cell, every
position of a merged range and every element it keeps.

Limits are far above any real annual report: the largest real workbook here holds 1,406 cells in three
sheets (16 KB), the largest real page is 40 KB, the longest real text 20,000 characters.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from xxgk.domain.model import BadInput
from xxgk.importers.zipxml import PackageTally, PartTally, scan_package

MB = 1024 * 1024

# XLSX (zip) limits, from the zip index
MAX_ZIP_TOTAL = 200 * MB  # sum of the declared uncompressed sizes of all members
MAX_ZIP_RATIO = 100  # compression ratio above which a large member is suspicious ...
RATIO_MIN_SIZE = 10 * MB  # ... when it also declares more than this
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_INDEX = 1 * MB  # the central directory zipfile reads into ZipInfo objects (a real one: a few KB)
# XLSX limits, from the streaming scan of its XML parts (the whole workbook, every sheet together)
MAX_XML_BYTES = 32 * MB  # declared uncompressed size of all XML parts (a real workbook: ~100 KB)
MAX_XML_ELEMENTS = 60_000  # elements of all XML parts: openpyxl makes an object of most (~15 µs each)
MAX_XML_DEPTH = 100  # nesting of any part (a real one: under 10)
MAX_WORKBOOK_CELLS = 20_000  # <c> cells plus the area of every merged range, all sheets together
MAX_WORKBOOK_ROWS = 20_000  # <row> elements (each with attributes becomes an object)
MAX_SHEETS = 200
MAX_SHARED_STRINGS = 20_000  # <si> items (a string no cell uses still becomes an object)
# after loading, before the matcher: what the sheets hand it
MAX_GRID_CELLS = 100_000  # grid positions emitted (a row runs to its last cell: blanks inside count)
MAX_CELL_TEXT = 2_000_000  # characters of all cell texts (a merged label is repeated in every position)

# DOCX (zip) limits: the same archive budgets, and from the streaming scan of its XML parts
MAX_DOCX_XML = 32 * MB  # all XML parts, declared (a real report's: ~250 KB)
MAX_DOCX_ELEMENTS = 100_000  # elements of all XML parts (a real report: 8,000; python-docx keeps a tree of all)
MAX_DOCX_CELLS = 20_000  # <w:tc> table cells (a real report: ~500)
MAX_DOCX_TABLE_CELLS = 200_000  # grid positions after spans are expanded

# PDF limits (the real reports here: at most 6 pages, 4,139 characters, 2,995 page objects, 1.9 MB of
# inflated streams)
MAX_PDF_PAGES = 500  # a report runs to a few dozen pages
MAX_PDF_INFLATED = 128 * MB  # all Flate streams inflated, counted with zlib before PDFium opens the file
MAX_PDF_CONTENT = 1 * MB  # of which neither images nor fonts: page content (a real report: 153 KB for 6 pages,
# ~40 pages at most then); PDFium lays out every character of it at ~150 bytes each (1.4 million: 229 MB)
MAX_PDF_CHARS = 100_000  # characters on all pages (each becomes a Python object; 5x the longest real text;
# ~6 µs a character, so a file at the limit is read in ~0.6 s)
MAX_PDF_OBJECTS = 50_000  # page objects on all pages, those inside form XObjects included

# Text limits (the longest real report text is 20,000 characters, 763 cells)
MAX_TEXT_BYTES = 8 * MB  # checked before decoding
MAX_TEXT_CHARS = 2_000_000  # decoded characters; also the visible text of a page or a document
MAX_TEXT_CELLS = 100_000  # cells a text makes (a line of numbers makes one per number)

# HTML limits (the largest real page is 40 KB, 416 cells)
MAX_HTML_BYTES = 16 * MB  # checked before decoding
MAX_HTML_CHARS = 16 * MB  # decoded characters, markup included
MAX_HTML_TAGS = 100_000  # "<" in the decoded page (a real one: 2,000), counted before html.parser (~7 µs a tag)
MAX_HTML_DEPTH = 4096  # open elements; deeper ones are flattened into the deepest (Chromium: at 512; ours are
# iterative, so a report wrapped in 1,000 layout tables of 3 elements each still reads as itself)
MAX_HTML_CELLS = 20_000  # table cells (td/th) in a page, or grid positions after spans are expanded (50x a real
# page; a page at the limit takes some 0.5 s to read, 25–40 µs a cell)

_WORKBOOK_WATCH = frozenset({b"c", b"f", b"row", b"sheet", b"si"})
_FAR = "远大于任何年度报告，已拒绝"


def _size(n: int) -> str:
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.1f} GB"
    if n >= MB:
        return f"{n / MB:.1f} MB" if n < 10 * MB else f"{n / MB:.0f} MB"
    return f"{n / 1024:.0f} KB"


def zip_index_size(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) of the zip's central directory as its end record states them (zip64 too); None when
    there is no end record (``zipfile`` then says the file is damaged). Reads at most the last 64 KB."""
    tail_start = max(0, len(data) - (65535 + 22))
    i = data.rfind(b"PK\x05\x06", tail_start)
    if i < 0 or i + 22 > len(data):
        return None
    entries, cd_size = struct.unpack_from("<HI", data, i + 10)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # zip64: the locator just before points at the real record
        loc = i - 20
        if loc >= 0 and data[loc:loc + 4] == b"PK\x06\x07":
            (offset,) = struct.unpack_from("<Q", data, loc + 8)
            if 0 <= offset <= len(data) - 56 and data[offset:offset + 4] == b"PK\x06\x06":
                entries, cd_size = struct.unpack_from("<QQ", data, offset + 32)
    return entries, cd_size


def _zip_members(data: bytes, name: str, what: str, broken: str) -> list[zipfile.ZipInfo]:
    """The member list of a zip (a workbook or a Word document, ``what``) whose index declares no more than
    the budgets allow: members, index size, total and per-member uncompressed size, compression ratio.
    Reads the end record and the central directory only; ``broken`` is the line for an unreadable index."""
    index = zip_index_size(data)
    if index is not None:
        entries, cd_size = index
        if entries > MAX_ZIP_MEMBERS or cd_size > MAX_ZIP_INDEX:
            raise BadInput(name, f"{what}的压缩索引声明了 {entries:,} 个部件、{_size(cd_size)}（上限 {MAX_ZIP_MEMBERS} 个、"
                                 f"{_size(MAX_ZIP_INDEX)}）：疑似压缩炸弹，已拒绝")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise BadInput(name, broken) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise BadInput(name, f"{what}含 {len(infos)} 个部件（上限 {MAX_ZIP_MEMBERS}）：疑似压缩炸弹，已拒绝")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_TOTAL:
        raise BadInput(name, f"{what}声明解压后共 {_size(total)}（上限 {_size(MAX_ZIP_TOTAL)}）：疑似压缩炸弹，已拒绝")
    for i in infos:
        if i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise BadInput(name, f"{what}部件 {i.filename} 声明解压后 {_size(i.file_size)}，压缩后仅 "
                                 f"{_size(i.compress_size)}（超过 {MAX_ZIP_RATIO}:1）：疑似压缩炸弹，已拒绝")
    return infos


def check_xlsx_zip(data: bytes, name: str) -> list[zipfile.ZipInfo]:
    """Refuse a workbook whose zip index declares too much; return the member list when it is fine.

    Raises BadInput with one clear line. Reads the end record and the central directory only."""
    infos = _zip_members(data, name, "工作簿", "以 zip/xlsx 文件开头，但压缩索引已损坏或缺失（下载可能不完整）：请用 Excel/WPS 重新另存")
    names = {i.filename for i in infos}
    if not any(n.lower().startswith("xl/") for n in names):
        if "word/document.xml" in names:
            raise BadInput(name, "是 Word 文档（.docx），不是工作簿：请先另存为文本或网页")
        raise BadInput(name, "是 zip 压缩包，但不是 Excel 工作簿（其中没有 xl/ 部件）")
    return infos


def check_docx_zip(data: bytes, name: str) -> None:
    """Refuse a .docx whose zip index declares too much, before python-docx loads it (end record and central
    directory only); then ``check_docx_xml``."""
    infos = _zip_members(data, name, "Word 文档",
                         "Word 文档（.docx）的压缩索引已损坏或缺失（下载可能不完整）：请重新下载或用 Word/WPS 另存")
    check_docx_xml(data, infos, name)


def check_docx_xml(data: bytes, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Stream every XML part of a .docx (``importers.zipxml``) and refuse it as soon as a budget is exceeded:
    XML size, elements, nesting (tables in tables), DTDs and entities, table cells."""

    def check(total: PackageTally, part: PartTally) -> None:
        if total.xml_bytes > MAX_DOCX_XML:
            raise BadInput(name, f"Word 文档的 XML 部件声明解压后共 {_size(total.xml_bytes)}（上限 {_size(MAX_DOCX_XML)}）："
                                 + _FAR)
        if total.tags > MAX_DOCX_ELEMENTS:
            raise BadInput(name, f"Word 文档的 XML 含超过 {MAX_DOCX_ELEMENTS:,} 个元素（已数到 {total.tags:,}，"
                                 f"在 {part.name}）：" + _FAR)
        if total.counts["tc"] > MAX_DOCX_CELLS:
            raise BadInput(name, f"Word 文档的表格含超过 {MAX_DOCX_CELLS:,} 个单元格（已数到 {total.counts['tc']:,}）："
                                 + _FAR)

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        scan_package(zf, infos, name, what="Word 文档", watch=frozenset({b"tc"}), max_depth=MAX_XML_DEPTH,
                     declarations_allowed=lambda part: part.startswith("word/media/"), check=check)


def docx_cells_refused(count: int, name: str) -> BadInput:
    return BadInput(name, f"Word 文档的表格超过 {MAX_DOCX_TABLE_CELLS:,} 个单元格（已数到 {count:,}）：远大于任何年度报告，已拒绝")


def pdf_cells_refused(count: int, name: str) -> BadInput:
    return BadInput(name, f"PDF 的表格超过 {count:,} 个单元格：远大于任何年度报告，已拒绝")


def check_workbook_xml(data: bytes, infos: list[zipfile.ZipInfo], name: str) -> PackageTally:
    """Stream every XML part of a workbook (``importers.zipxml``) and refuse it as soon as a budget is
    exceeded: XML size, elements, nesting, DTDs and entities, sheets, shared strings, and cells plus the
    area of every merged range over all sheets together. Returns what was counted (``counts["f"]``:
    formulas)."""

    def check(total: PackageTally, part: PartTally) -> None:
        if total.xml_bytes > MAX_XML_BYTES:
            raise BadInput(name, f"工作簿的 XML 部件声明解压后共 {_size(total.xml_bytes)}（上限 {_size(MAX_XML_BYTES)}）："
                                 + _FAR)
        if total.tags > MAX_XML_ELEMENTS:
            raise BadInput(name, f"工作簿的 XML 含超过 {MAX_XML_ELEMENTS:,} 个元素（已数到 {total.tags:,}，"
                                 f"在 {part.name}）：" + _FAR)
        ref, area = part.largest_merge
        if area > MAX_WORKBOOK_CELLS:
            raise BadInput(name, f"{part.name} 的合并区域 {ref} 覆盖 {area:,} 个单元格（整个工作簿上限 "
                                 f"{MAX_WORKBOOK_CELLS:,}）：" + _FAR)
        cells = total.counts["c"] + total.merged_area
        if cells > MAX_WORKBOOK_CELLS:
            raise BadInput(name, f"工作簿含超过 {MAX_WORKBOOK_CELLS:,} 个单元格（所有工作表合计，合并区域按覆盖的单元格计，"
                                 f"已数到 {cells:,}）：远大于任何年度报告（一份报告约 500 个），已拒绝；"
                                 "确实需要时请把工作簿拆成几个文件")
        if total.counts["row"] > MAX_WORKBOOK_ROWS:
            raise BadInput(name, f"工作簿含超过 {MAX_WORKBOOK_ROWS:,} 行（所有工作表合计，已数到 {total.counts['row']:,}）：" + _FAR)
        if total.counts["sheet"] > MAX_SHEETS:
            raise BadInput(name, f"工作簿有 {total.counts['sheet']:,} 个工作表（上限 {MAX_SHEETS}）：" + _FAR
                           + "；确实需要时请把工作簿拆成几个文件")
        if total.counts["si"] > MAX_SHARED_STRINGS:
            raise BadInput(name, f"工作簿的共享字符串超过 {MAX_SHARED_STRINGS:,} 个（已数到 {total.counts['si']:,}）："
                                 + _FAR)

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return scan_package(zf, infos, name, what="工作簿", watch=_WORKBOOK_WATCH, max_depth=MAX_XML_DEPTH,
                            declarations_allowed=lambda part: part.startswith("xl/media/"), check=check)


def check_grid(positions: int, chars: int, sheet: str, name: str) -> None:
    """After loading, before the matcher: refuse sheets that would hand it too many positions or too much
    text (a few stored cells can span a huge rectangle; one long string can be shared by every cell).
    ``positions`` and ``chars`` are the totals up to and including ``sheet``."""
    if positions > MAX_GRID_CELLS:
        raise BadInput(name, f"工作簿的表格展开后超过 {MAX_GRID_CELLS:,} 个位置（到工作表 “{sheet}” 已有 "
                             f"{positions:,} 个；一行排到它最后一个单元格）：" + _FAR)
    if chars > MAX_CELL_TEXT:
        raise BadInput(name, f"工作簿的单元格文字超过 {MAX_CELL_TEXT:,} 个字符（到工作表 “{sheet}” 已有 {chars:,} 个，"
                             "合并单元格的文字按覆盖的位置计）：" + _FAR)


def _mb(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n / 1024:.0f} KB"


def check_bytes(size: int, limit: int, what: str, name: str) -> None:
    """Refuse an input of this kind (``what``: 文本, 网页) larger than ``limit`` bytes, before decoding it."""
    if size > limit:
        raise BadInput(name, f"{what}文件有 {_mb(size)}（上限 {_mb(limit)}）：远大于任何年度报告（真实报告的文字不到 1 MB），"
                             "已拒绝")


def check_text_chars(chars: int, name: str, what: str = "文本") -> None:
    if chars > MAX_TEXT_CHARS:
        raise BadInput(name, f"{what}有 {chars:,} 个字符（上限 {MAX_TEXT_CHARS:,}）：远大于任何年度报告（真实报告约 2 万字），已拒绝")


def text_cells_refused(count: int, name: str) -> BadInput:
    return BadInput(name, f"文本拆出超过 {MAX_TEXT_CELLS:,} 个单元格（已数到 {count:,}，一个数字算一个）：远大于任何年度报告，已拒绝")


def check_html_size(chars: int, name: str) -> None:
    if chars > MAX_HTML_CHARS:
        raise BadInput(name, f"网页解码后有 {chars:,} 个字符（上限 {MAX_HTML_CHARS:,}）：远大于任何年度报告，已拒绝")


def check_html_tags(tags: int, name: str) -> None:
    if tags > MAX_HTML_TAGS:
        raise BadInput(name, f"网页含 {tags:,} 个标记（“<”，上限 {MAX_HTML_TAGS:,}）：远大于任何年度报告，已拒绝")


def html_cells_refused(count: int, name: str) -> BadInput:
    return BadInput(name, f"网页的表格超过 {MAX_HTML_CELLS:,} 个单元格（已数到 {count:,}，合并单元格按覆盖的位置计）："
                          "远大于任何年度报告，已拒绝")


_STREAM = re.compile(rb"stream\r?\n")
_IMAGE_OR_FONT = re.compile(rb"/Subtype\s*/(?:Image|Type1C|CIDFontType0C|OpenType)\b|/Length[123]\b")
_ZLIB_CMF = frozenset(b"\x08\x18\x28\x38\x48\x58\x68\x78")  # deflate, any window size


def check_pdf_streams(data: bytes, name: str) -> None:
    """Inflate every Flate stream of a PDF with zlib, a megabyte at a time, before PDFium opens the file, and
    refuse it once the total passes ``MAX_PDF_INFLATED``, or the streams that are neither images nor fonts
    (page content, forms: every character PDFium will lay out comes from them, at least a byte each) pass
    ``MAX_PDF_CONTENT``. A 400 KB file whose page inflates to 400 MB made PDFium hold 831 MB; a page of 2
    million characters, 238 MB. A ``stream`` keyword not followed by zlib data (another filter, or the
    word inside binary data) costs one byte's look."""
    total = content = 0
    for m in _STREAM.finditer(data):
        pos = m.end()
        head = data[max(0, m.start() - 4096):m.start()]
        is_content = _IMAGE_OR_FONT.search(head[head.rfind(b"obj") + 1:]) is None
        if pos >= len(data) or data[pos] not in _ZLIB_CMF:  # stored as it is (or another filter): as long as it is
            if is_content:
                end = data.find(b"endstream", pos)
                content += (end if end >= 0 else len(data)) - pos
                if content > MAX_PDF_CONTENT:
                    raise BadInput(name, f"PDF 的页面内容超过 {_size(MAX_PDF_CONTENT)}（图片和字体除外；真实报告约 "
                                         "150 KB）：远大于任何年度报告，已拒绝")
            continue
        d = zlib.decompressobj()
        try:
            while pos < len(data) and not d.eof:
                n = len(d.decompress(data[pos:pos + 65536], MB))
                while d.unconsumed_tail and not d.eof and n < MAX_PDF_INFLATED:  # output capped: the rest
                    n += len(d.decompress(d.unconsumed_tail, MB))
                total += n
                content += n if is_content else 0
                if total > MAX_PDF_INFLATED:
                    raise BadInput(name, f"PDF 的数据流解压后超过 {_size(MAX_PDF_INFLATED)}（真实报告不到 2 MB）：疑似压缩炸弹，"
                                         "已拒绝")
                if content > MAX_PDF_CONTENT:
                    raise BadInput(name, f"PDF 的页面内容解压后超过 {_size(MAX_PDF_CONTENT)}（图片和字体除外；真实报告约 "
                                         "150 KB）：远大于任何年度报告，已拒绝")
                pos += 65536
        except zlib.error:
            continue


class PdfBudget:
    """Characters and page objects of a PDF, counted page by page before Python objects are made for them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.n_chars = 0
        self.n_objects = 0

    def chars(self, n: int, page: int) -> None:
        self.n_chars += max(n, 0)
        if self.n_chars > MAX_PDF_CHARS:
            raise BadInput(self.name, f"PDF 到第 {page} 页已有 {self.n_chars:,} 个字符（上限 {MAX_PDF_CHARS:,}）：" + _FAR)

    def objects(self, n: int, page: int) -> None:
        self.n_objects += max(n, 0)
        if self.n_objects > MAX_PDF_OBJECTS:
            raise BadInput(self.name, f"PDF 到第 {page} 页已有 {self.n_objects:,} 个页面对象（线条、图片等，上限 "
                                      f"{MAX_PDF_OBJECTS:,}）：" + _FAR)
