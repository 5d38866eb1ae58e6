"""One workbook and its sheets as every XLSX export writes them: streamed (openpyxl write-only), in a CJK
font, printable on A4, every text cell inert.

A ``Sheet`` collects its rows first (column widths, row heights, merges and page breaks must be known
before the first row is streamed), then ``finish`` writes them with the page set-up. Looks (font, fill,
alignment, border) are module constants; the workbook registers each look once per number format.

Text cells are always strings (``data_type = "s"``), never formulas; text a spreadsheet program would
read as a formula when a user re-enters it (``= + - @`` …) gets a leading ``'`` as in the CSV exports.
Numbers are numbers, with a number format that shows exactly the text ``presentation.numbers`` gives
(no thousands separators, the value's own decimals, a sign on changes, ``!``/``~`` before marked cells).
"""
from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.writer.excel import ExcelWriter

from xxgk.exporters.files import atomic_target
from xxgk.presentation.numbers import DASH, decimals
from xxgk.presentation.spreadsheet import cell_text, csv_field
from xxgk.presentation.status import FILL
from xxgk.presentation.text import display_width

AUTHOR = "xxgk"

# ---------------------------------------------------------------- fonts and looks
# 等线 (DengXian) is the default of Chinese Office; charset 134 (GB2312) lets Excel fall back to another
# Chinese font where it is missing, LibreOffice finds one through fontconfig.
FONT_NAME = "等线"
FONT_SIZE = 10


def cjk_font(size: float = FONT_SIZE, *, bold: bool = False, color: str | None = None,
             underline: bool = False) -> Font:
    return Font(name=FONT_NAME, charset=134, family=2, size=size, bold=bold, color=color,
                underline="single" if underline else None)


BODY_FONT = cjk_font()
BOLD_FONT = cjk_font(bold=True)
TITLE_FONT = cjk_font(14, bold=True)
SUBTITLE_FONT = cjk_font(12, bold=True)
NOTE_FONT = cjk_font(9, color="595959")
DIM_FONT = cjk_font(color="808080")
FAIL_FONT = cjk_font(bold=True, color="9C0006")
WARN_FONT = cjk_font(color="7F6000")
LINK_FONT = cjk_font(color="0563C1", underline=True)

FAIL_FILL = PatternFill("solid", fgColor=FILL["fail"])
WARN_FILL = PatternFill("solid", fgColor=FILL["warn"])
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="EDEDED")
DELTA_FILL = PatternFill("solid", fgColor="F7F7F7")
ABSENT_FILL = PatternFill("solid", fgColor="E7E6E6")  # the report has no such cell

_THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_INDENTS = [Alignment(horizontal="left", vertical="center", wrap_text=True, indent=i) for i in range(4)]


@dataclass(frozen=True, eq=False)
class Look:
    """How a cell looks; compared by identity (each look is a module constant)."""

    font: Font = BODY_FONT
    fill: PatternFill | None = None
    align: Alignment | None = None
    border: Border | None = None


TEXT = Look(align=LEFT)
PLAIN = Look()  # the machines' sheet: no border, so an empty cell is not written at all
TEXT_TOP = Look(align=TOP_LEFT)
NOTE = Look(font=NOTE_FONT, align=LEFT)
TITLE = Look(font=TITLE_FONT, align=LEFT)
SUBTITLE = Look(font=SUBTITLE_FONT, align=LEFT)
SECTION = Look(font=BOLD_FONT, fill=SECTION_FILL, align=LEFT, border=GRID)
HEAD = Look(font=BOLD_FONT, fill=HEAD_FILL, align=CENTER, border=GRID)
HEAD_LEFT = Look(font=BOLD_FONT, fill=HEAD_FILL, align=LEFT, border=GRID)
LABELS = [Look(align=a, border=GRID) for a in _INDENTS]
LABEL_BOLD = [Look(font=BOLD_FONT, align=a, border=GRID) for a in _INDENTS]
SIDE = Look(align=CENTER, border=GRID)
SIDE_DELTA = Look(align=CENTER, border=GRID, fill=DELTA_FILL)
CELL = Look(align=RIGHT, border=GRID)
CELL_DELTA = Look(align=RIGHT, border=GRID, fill=DELTA_FILL)
CELL_FAIL = Look(font=FAIL_FONT, fill=FAIL_FILL, align=RIGHT, border=GRID)
CELL_WARN = Look(font=WARN_FONT, fill=WARN_FILL, align=RIGHT, border=GRID)
CELL_ABSENT = Look(font=DIM_FONT, fill=ABSENT_FILL, align=RIGHT, border=GRID)
CELL_MISSING = Look(font=DIM_FONT, align=CENTER, border=GRID)  # 缺: no report that year (dim, neutral)
TEXT_CELL = Look(align=LEFT, border=GRID)
TEXT_FAIL = Look(font=FAIL_FONT, fill=FAIL_FILL, align=LEFT, border=GRID)
TEXT_WARN = Look(font=WARN_FONT, fill=WARN_FILL, align=LEFT, border=GRID)
TEXT_DIM = Look(font=DIM_FONT, align=LEFT, border=GRID)
LINK = Look(font=LINK_FONT, align=LEFT, border=GRID)
LINK_NUMBER = Look(font=LINK_FONT, align=Alignment(horizontal="center", vertical="center"), border=GRID)
MARK_LOOK = {"fail": CELL_FAIL, "warn": CELL_WARN}
MARK_TEXT_LOOK = {"fail": TEXT_FAIL, "warn": TEXT_WARN}

# ---------------------------------------------------------------- number formats
PERCENT_FORMAT = '+0.0"%";-0.0"%"'  # 60.0 shows +60.0%, as presentation.numbers.percent_text


def _digits(value: float | int) -> str:
    n = decimals(value)
    return "0." + "0" * n if n else "0"


def number_format(value: float | int, mark: str = "") -> str:
    """The format showing ``value`` as ``number_text`` does, after ``mark`` (``!`` ``~``) if given."""
    body = _digits(value)
    if not mark:
        return body
    return f'"{mark}"{body};"{mark}"-{body}'


def signed_format(value: float | int) -> str:
    """The format showing a change as ``signed_text`` does: ``+5``, ``-3``, ``0``."""
    body = _digits(value)
    return f"+{body};-{body};0"


def count_format(value: int, mark: str = "") -> str:
    return number_format(value, mark)


# ---------------------------------------------------------------- the page
# A4 in points; margins in inches (openpyxl's unit). Capacity is what the printable height holds.
PAGE_HEIGHT = {"landscape": 595.3, "portrait": 841.9}
PAGE_WIDTH = {"landscape": 841.9, "portrait": 595.3}
MARGIN = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.6, "header": 0.3, "footer": 0.3}
LINE_HEIGHT = 14.0  # one line of 10-point CJK text (Noto/等线 line spacing) plus a little air
PAGE_SAFETY = 0.97  # printers and LibreOffice round row heights: keep room


def page_capacity(orientation: str = "landscape") -> float:
    """Points of rows one printed page holds (at 100 %: the sheets are laid out to fit the width)."""
    printable = PAGE_HEIGHT[orientation] - 72 * (MARGIN["top"] + MARGIN["bottom"])
    return printable * PAGE_SAFETY


def width_points(width: float) -> float:
    """Points a column of ``width`` characters takes (max digit width 7 px at 96 dpi, 5 px padding)."""
    return (width * 7 + 5) * 0.75


def text_points(text: str, size: float = FONT_SIZE) -> float:
    """Points ``text`` takes in one line: a wide (CJK) character is one em, any other about 0.6 em."""
    if text.isascii():
        return len(text) * size * 0.6
    return sum(size if w == 2 else size * 0.6 * w for w in map(display_width, text))


def lines_needed(text: str, width: float, size: float = FONT_SIZE) -> int:
    """Lines ``text`` wraps to in a span of ``width`` characters (a little slack for word breaks)."""
    room = max(size, width_points(width) - 5)
    return sum(max(1, math.ceil(text_points(part, size) * 1.12 / room)) for part in text.split("\n"))


def row_height(lines: int, size: float = FONT_SIZE) -> float:
    return round(max(1, lines) * LINE_HEIGHT * size / FONT_SIZE + 2, 1)


# ---------------------------------------------------------------- the workbook
@contextmanager
def saved_book(title: str, path: str | Path, force: bool = False) -> Iterator[Book]:
    """A workbook to fill in the block, saved to ``path`` (atomically) when the block ends; on any error
    nothing is written and the streaming sheets are closed (no stray generator errors)."""
    book = Book(title)
    try:
        yield book
        with atomic_target(path, force) as tmp:
            book.save(tmp)
    except BaseException:
        book.discard()
        raise


class Book:
    """A streaming workbook with the CJK font as its default and a style cache."""

    def __init__(self, title: str) -> None:
        wb = Workbook(write_only=True)
        wb.properties.creator = AUTHOR
        wb.properties.title = cell_text(title)
        # the "Normal" style (empty cells, column-width arithmetic) uses the first font
        wb._fonts = IndexedList([cjk_font()])  # type: ignore[attr-defined]  # openpyxl's private font list
        self.wb = wb
        self.sheets: list[Sheet] = []
        self._styles: dict[tuple, tuple] = {}

    def sheet(self, title: str, widths: Iterable[float]) -> Sheet:
        sh = Sheet(self, title, list(widths))
        self.sheets.append(sh)
        return sh

    def style(self, ws, look: Look, fmt: str | None) -> StyleArray:
        key = (id(look), fmt)
        found = self._styles.get(key)
        if found is None:
            probe = WriteOnlyCell(ws)
            probe.font = look.font
            if fmt:
                probe.number_format = fmt
            if look.fill:
                probe.fill = look.fill
            if look.align:
                probe.alignment = look.align
            if look.border:
                probe.border = look.border
            # openpyxl's private style array (the stubs leave it out); the look is kept alive with it, so
            # that its id stays unique
            found = self._styles[key] = (probe._style, look)  # type: ignore[attr-defined]
        return found[0]

    def move_to_end(self, sheet: Sheet) -> None:
        """Put ``sheet`` last in the workbook (sheet ids and print titles are assigned on save)."""
        sheets = self.wb._sheets  # type: ignore[attr-defined]  # the workbook's own order
        sheets.append(sheets.pop(sheets.index(sheet.ws)))

    def discard(self) -> None:
        """Close the streaming sheets of a workbook that will not be saved (no stray generator errors)."""
        for ws in self.wb.worksheets:
            try:
                if not ws.closed:
                    ws.close()
            except Exception:  # best effort on an error path
                pass

    def save(self, path: str) -> None:
        for sh in self.sheets:
            if not sh.finished:
                sh.finish()
        # openpyxl's save_workbook, except that a failed save (a full disk) closes its ZipFile: left open,
        # the ZipFile would write again when it is collected and print a traceback after the one line
        archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
        self.wb.properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        try:
            ExcelWriter(self.wb, archive).save()
        except BaseException:
            fp, archive.fp = archive.fp, None  # a ZipFile whose fp is None is closed: it writes nothing more
            if fp is not None:
                try:
                    fp.close()
                except OSError:
                    pass  # the error being raised says it already
            raise


@dataclass
class PageSetup:
    header_left: str = ""
    header_center: str = ""
    footer_left: str = ""
    orientation: str = "landscape"
    title_rows: tuple[int, int] | None = None  # print titles (repeated on every page)
    autofilter: tuple[int, int, int, int] | None = None  # first row, first col, last row, last col
    freeze: str | None = None
    hidden: bool = False


def header_text(text: str, limit: int = 80) -> str:
    """Report text for a page header: ``&`` doubled (it starts a code), one line, at most ``limit`` characters."""
    text = " ".join((cell_text(text) or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("&", "&&")


class Sheet:
    """Rows collected, then streamed with widths, heights, merges, breaks and the page set-up.

    ``flush`` streams the rows collected so far (a long sheet need not stay in memory): everything
    openpyxl writes before the first row (column widths, frozen panes, fit-to-page) is applied then, so
    set ``setup.freeze`` before the first flush. ``finish`` flushes the rest and closes the sheet.
    """

    def __init__(self, book: Book, title: str, widths: list[float]) -> None:
        self.book = book
        self.ws = book.wb.create_sheet(title)
        # every value appended is already a cell (or None): skip openpyxl's per-value conversion attempt
        self.ws._values_to_row = _cells_to_row
        self.title = title
        self.widths = widths
        self.rows: list[list[Cell | None]] = []  # rows not yet streamed
        self.flushed = 0  # rows already streamed
        self.heights: dict[int, float] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.breaks: list[int] = []
        self.setup = PageSetup()
        self.finished = False

    # -- cells
    def text(self, value: str | None, look: Look = TEXT, *, comment: str | None = None,
             link: str | None = None, own: bool = False) -> Cell | None:
        """A text cell; ``own`` marks fixed text of ours (``-``, ``!``) that needs no defusing."""
        if value is None or value == "":
            return self.empty(look) if look.border or look.fill else None
        shown = (cell_text(value) or "") if own else csv_field(value)
        c = Cell(self.ws, row=1, column=1, value=shown, style_array=copy(self.book.style(self.ws, look, None)))
        c.data_type = "s"  # never a formula, whatever the text is
        if comment:
            self._comment(c, comment)
        if link:
            c.hyperlink = Hyperlink(ref="", location=link, display=shown)
        return c

    def number(self, value: float | int | None, look: Look = CELL, fmt: str | None = None, *,
               comment: str | None = None, link: str | None = None) -> Cell | None:
        if value is None:
            return self.empty(look) if look.border or look.fill else None
        c = Cell(self.ws, row=1, column=1, value=value,
                 style_array=copy(self.book.style(self.ws, look, fmt or number_format(value))))
        if comment:
            self._comment(c, comment)
        if link:
            c.hyperlink = Hyperlink(ref="", location=link, display=str(value))
        return c

    def empty(self, look: Look) -> Cell:
        return Cell(self.ws, row=1, column=1, value=None, style_array=copy(self.book.style(self.ws, look, None)))

    @staticmethod
    def _comment(c: Cell, text: str) -> None:
        lines = sum(1 + display_width(part) // 44 for part in text.split("\n"))
        c.comment = Comment(cell_text(text), AUTHOR, height=min(480, 30 + 16 * lines), width=380)

    # -- rows
    def add(self, cells: list[Cell | None], height: float | None = None) -> int:
        """Append a row (``height`` in points, None: the default). Returns its number (1-based)."""
        self.rows.append(cells)
        n = self.flushed + len(self.rows)
        if height is not None:
            self.heights[n] = height
        return n

    def blank(self, height: float | None = None) -> int:
        return self.add([], height)

    @property
    def last_row(self) -> int:
        return self.flushed + len(self.rows)

    def merge(self, row: int, col: int, last_row: int, last_col: int) -> None:
        if (row, col) != (last_row, last_col):
            self.merges.append((row, col, last_row, last_col))

    def break_after(self, row: int) -> None:
        if row and (not self.breaks or self.breaks[-1] != row):
            self.breaks.append(row)

    def span_width(self, col: int, last_col: int) -> float:
        return sum(self.widths[col - 1:last_col])

    def line(self, text: str, look: Look, size: float = 10) -> int:
        """A line of text across every column (a title, a note above the table), as high as it wraps."""
        last = len(self.widths)
        n = self.add([self.text(text, look)], row_height(lines_needed(text, self.span_width(1, last), size), size))
        self.merge(n, 1, n, last)
        return n

    # -- out
    def _top(self) -> None:
        ws = self.ws
        for i, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if self.setup.freeze:
            ws.freeze_panes = self.setup.freeze
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def flush(self) -> None:
        if not self.flushed and not self.finished:
            self._top()
        ws = self.ws
        for row in self.rows:
            self.flushed += 1
            height = self.heights.pop(self.flushed, None)
            if height is not None:
                ws.row_dimensions[self.flushed].height = height
            ws.append(row)
            if height is not None:  # written: drop it (a dimension kept would be written again at the end)
                del ws.row_dimensions[self.flushed]
        self.rows = []

    def finish(self) -> None:
        if self.finished:
            return
        if not self.flushed:
            self._top()
        self.flush()
        ws, s = self.ws, self.setup
        for r1, c1, r2, c2 in self.merges:
            ws.merged_cells.add(f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
        for row in self.breaks:
            ws.row_breaks.append(Break(id=row))
        if s.title_rows:
            ws.print_title_rows = f"{s.title_rows[0]}:{s.title_rows[1]}"
        if s.autofilter:
            r1, c1, r2, c2 = s.autofilter
            ws.auto_filter.ref = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{max(r1, r2)}"
        if s.hidden:
            ws.sheet_state = "hidden"
        ps = ws.page_setup
        ps.orientation = s.orientation
        ps.paperSize = "9"  # A4
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        for side, inches in MARGIN.items():
            setattr(ws.page_margins, side, inches)
        font = f"{FONT_NAME},Regular"
        head, foot = ws.oddHeader, ws.oddFooter
        head.left.text, head.left.font, head.left.size = header_text(s.header_left, 40), font, 9
        head.center.text, head.center.font, head.center.size = header_text(s.header_center, 60), font, 9
        head.right.text, head.right.font, head.right.size = "第 &P 页，共 &N 页", font, 9
        foot.left.text, foot.left.font, foot.left.size = header_text(s.footer_left, 60), font, 8
        foot.right.text, foot.right.font, foot.right.size = "&A", font, 8
        ws.close()
        self.finished = True
        self.rows = []


def _cells_to_row(cells, row_idx: int):
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
        yield cell


def sheet_ref(title: str, cell: str = "A1") -> str:
    """An in-workbook reference to ``cell`` of sheet ``title`` (quotes doubled)."""
    return "'" + title.replace("'", "''") + f"'!{cell}"


def dash_or_blank(text: str) -> bool:
    """Whether ``text`` is our own printed-dash mark (written as is, not defused)."""
    return text == DASH
