"""The overview's agency × year grid: virtual (renders only the lines on screen), keyboard driven.

It never builds one widget row per report: ``render_line`` draws the visible rows from plain data, so
a few thousand agencies cost nothing more than a few dozen.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from xxgk.presentation.status import STATUS_MARK, missing_text
from xxgk.tui.common import clip, pad, rich_style, safe

if TYPE_CHECKING:
    from xxgk.workflows.records import GridCell

CELL_W = 6
REVIEW_ROW = -1  # agency_id of the pseudo-row "reports waiting for review"


@dataclass
class GridLine:
    """One row of the grid: an agency (cells: year -> its report's cell) or the review pseudo-row."""

    agency_id: int
    agency: str
    cells: dict[int, GridCell]  # year -> its report's cell
    n_fail: int = 0  # STRICT failures over every year
    n_missing: int = 0  # years without a report since the agency's first one
    first_year: int | None = None  # the agency's first report; earlier years are blank, not missing


def cell_text(cell: GridCell | None, year: int | None = None, first_year: int | None = None) -> tuple[str, str]:
    """(text, style kind) for one grid cell: ``!n`` STRICT failures, ``~n`` SOFT failures and warnings,
    ``?n`` incomplete checks, ``ok``, ``缺`` no report since the agency's first, ``""`` before it."""
    if cell is None:
        missing = missing_text(year, first_year) if year is not None else "缺"
        return missing, "missing" if missing else "none"
    status = cell.status
    if status == "fail":
        return f"{STATUS_MARK['fail']}{cell.n_strict_fail}", "fail"
    if status == "warn":
        return f"{STATUS_MARK['warn']}{cell.n_fail - cell.n_strict_fail + cell.n_warn}", "warn"
    if status == "incomplete":
        return f"{STATUS_MARK['incomplete']}{cell.n_incomplete}", "incomplete"
    return "ok", "ok"


class ReportGrid(Widget, can_focus=True):
    """Rows of agencies, columns of years; the agency column stays put when the years scroll."""

    BINDINGS = [
        Binding("up", "move(-1, 0)", show=False), Binding("down", "move(1, 0)", show=False),
        Binding("left", "move(0, -1)", show=False), Binding("right", "move(0, 1)", show=False),
        Binding("pageup", "page(-1)", show=False), Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(-1)", show=False), Binding("end", "edge(1)", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)
    cursor_col: reactive[int] = reactive(0, always_update=True)

    class CursorMoved(Message):
        def __init__(self, grid: ReportGrid) -> None:
            super().__init__()
            self.grid = grid

    class Opened(Message):
        def __init__(self, line: GridLine, year: int | None) -> None:
            super().__init__()
            self.line = line
            self.year = year

    class Typed(Message):
        """A character typed on the grid that is not a key binding (Chinese via an input method)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[GridLine] = []
        self.years: list[int] = []
        self.row_offset = 0
        self.col_offset = 0
        self._natural_width = 11
        self.empty_text = Text("")  # drawn where the rows would be when there are none (first run, no match)

    # -- data -----------------------------------------------------------------------------------------

    def set_data(self, lines: list[GridLine], years: list[int], keep: tuple[int, int | None] | None = None) -> None:
        self.lines = lines
        self.years = years
        self._natural_width = max([cell_len(safe(line.agency)) for line in lines[:500]
                                   if line.agency_id != REVIEW_ROW] + [8]) + 3
        row, col = 0, max(0, len(years) - 1)  # start on the first agency, latest year
        if lines and lines[0].agency_id == REVIEW_ROW and len(lines) > 1:
            row = 1
        if keep is not None:
            agency_id, year = keep
            for i, line in enumerate(lines):
                if line.agency_id == agency_id:
                    row = i
                    break
            if year in years:
                col = years.index(year)
        self.cursor_row = min(row, max(0, len(lines) - 1))
        self.cursor_col = col
        self._scroll_into_view()
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def extend(self, lines: list[GridLine]) -> None:
        """Rows after the last one (the overview's rest, read behind its first page): the cursor stays."""
        had = len(self.lines)
        self.lines.extend(lines)
        if had < 500:  # the natural width is measured on the first 500 rows
            self._natural_width = max([cell_len(safe(line.agency)) for line in self.lines[:500]
                                       if line.agency_id != REVIEW_ROW] + [8]) + 3
        self.refresh()

    @property
    def current_line(self) -> GridLine | None:
        return self.lines[self.cursor_row] if 0 <= self.cursor_row < len(self.lines) else None

    @property
    def current_year(self) -> int | None:
        return self.years[self.cursor_col] if 0 <= self.cursor_col < len(self.years) else None

    # -- geometry -------------------------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        return max(1, self.size.height - 1)  # one header line

    def _agency_width(self) -> int:
        width = self.size.width
        natural = self._natural_width
        return max(14, min(natural, 33, width - CELL_W * min(len(self.years), 3)))

    def _visible_year_count(self) -> int:
        """Whole year cells only (a number is never cut at the edge), with a column left for ``▸``."""
        return max(1, (self.size.width - self._agency_width() - 1) // CELL_W)

    def _scroll_into_view(self) -> None:
        height = self.body_height
        if self.cursor_row < self.row_offset:
            self.row_offset = self.cursor_row
        elif self.cursor_row >= self.row_offset + height:
            self.row_offset = self.cursor_row - height + 1
        self.row_offset = max(0, min(self.row_offset, max(0, len(self.lines) - height)))
        visible = self._visible_year_count()
        if self.cursor_col < self.col_offset:
            self.col_offset = self.cursor_col
        elif self.cursor_col >= self.col_offset + visible:
            self.col_offset = self.cursor_col - visible + 1
        self.col_offset = max(0, min(self.col_offset, max(0, len(self.years) - visible)))

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_into_view()
        self.refresh()

    # -- keys -----------------------------------------------------------------------------------------

    def _moved(self) -> None:
        self._scroll_into_view()
        self.refresh()
        self.post_message(self.CursorMoved(self))

    def action_move(self, rows: int, cols: int) -> None:
        if not self.lines:
            return
        self.cursor_row = max(0, min(len(self.lines) - 1, self.cursor_row + rows))
        self.cursor_col = max(0, min(max(0, len(self.years) - 1), self.cursor_col + cols))
        self._moved()

    def action_page(self, direction: int) -> None:
        self.action_move(direction * self.body_height, 0)

    def action_edge(self, direction: int) -> None:
        self.action_move(direction * len(self.lines), 0)

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            line = self.current_line
            if line is not None:
                self.post_message(self.Opened(line, self.current_year))
        elif event.character and event.is_printable and not event.character.isascii():
            event.stop()
            self.post_message(self.Typed(event.character))

    def on_paste(self, event: events.Paste) -> None:
        event.stop()  # else the screen hands it on to the filter, which has the focus by then: twice
        if event.text.strip():
            self.post_message(self.Typed(event.text.strip()))

    # -- drawing --------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        agency_w = self._agency_width()
        visible_years = self.years[self.col_offset:self.col_offset + self._visible_year_count()]
        base = self.rich_style
        if y == 0:
            left = "◂" if self.col_offset > 0 else " "
            head = Text(pad("机关", agency_w - 1) + left, style=Style(bold=True))
            for i, year in enumerate(visible_years):
                style = Style(bold=True, reverse=self.col_offset + i == self.cursor_col)
                head.append(pad(str(year), CELL_W, "center"), style)
            if self.col_offset + len(visible_years) < len(self.years):
                head.append("▸", Style(bold=True))
            return self._strip(head, width, base + Style(underline=True))
        index = self.row_offset + y - 1
        if not self.lines and y == 2 and self.empty_text:
            return self._strip(Text("  ") + self.empty_text, width, base)
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        is_cursor_row = index == self.cursor_row
        marker = "> " if is_cursor_row else "  "
        if line.agency_id == REVIEW_ROW:
            text = Text(marker + clip(safe(line.agency), width - 2), style=rich_style("review"))
            if is_cursor_row:
                text.stylize(Style(reverse=True))
            return self._strip(text, width, base)
        name = clip(safe(line.agency), agency_w - 3)
        text = Text(marker, style=Style(bold=is_cursor_row))
        text.append(pad(name, agency_w - 2), Style(bold=is_cursor_row))
        for i, year in enumerate(visible_years):
            label, kind = cell_text(line.cells.get(year), year, line.first_year)
            style = rich_style(kind)
            if is_cursor_row and self.col_offset + i == self.cursor_col:
                # the cursor: brackets (readable without colour) and reverse video; a long label keeps
                # its digits rather than its brackets
                body = "[" + label + "]" if len(label) + 2 <= CELL_W else label
                text.append(pad(body, CELL_W, "center"), style + Style(reverse=True, bold=True))
            else:
                text.append(pad(label, CELL_W, "center"), style)
        return self._strip(text, width, base)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.no_wrap = True
        text.overflow = "crop"
        segments = list(text.render(self.app.console))
        segments = [Segment(s.text, style + s.style if s.style else style) for s in segments
                    if s.text and s.text != "\n"]
        return Strip(segments).adjust_cell_length(width, style).crop(0, width)
