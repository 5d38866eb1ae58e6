"""A scrollable, virtual view of pre-rendered lines (the report form) with a cell cursor.

It knows its height at once, so scrolling to a highlighted cell works in the same frame the lines change.
The cursor stands on one value cell (``Spot``): arrows move it cell by cell (↑↓ to the nearest cell of
the line above or below, ←→ along the reading order), PgUp/PgDn a page, Home/End to the first or last
cell; every move posts ``CellChanged`` so the screen can show the cell's raw text and location. The
cursor is drawn ``[ … ]`` by ``xxgk.tui.form.with_cursor``.
"""
from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar  # noqa: F401 - a ScrollView's bars: imported with the screen (warmed
from textual.strip import Strip  # behind the overview's first paint), not in the report's first frame

from xxgk.tui.form import Spot, with_cursor


class FormView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    FormView { scrollbar-size-vertical: 1; scrollbar-size-horizontal: 0; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False), Binding("down", "move(1)", show=False),
        Binding("left", "step(-1)", show=False), Binding("right", "step(1)", show=False),
        Binding("pageup", "page(-1)", show=False), Binding("pagedown", "page(1)", show=False),
        Binding("home", "edge(0)", show=False), Binding("end", "edge(1)", show=False),
    ]

    class CellChanged(Message):
        """The cursor moved to another cell (``key``), by a key or by the screen."""

        def __init__(self, view: FormView, key: str | None) -> None:
            super().__init__()
            self.view = view
            self.key = key

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[Text] = []
        self.spots: list[Spot] = []
        self.cursor: int | None = None
        self._strips: dict[int, Strip] = {}
        self._by_line: dict[int, list[int]] = {}
        self._rows: list[int] = []  # the lines that hold cells, in order

    # -- content ----------------------------------------------------------------------------------------

    def set_lines(self, lines: list[Text], spots: list[Spot] | None = None) -> None:
        """New lines (and cells); the cursor stays on the same key when it is still there."""
        key = self.cursor_key
        self.lines = lines
        self.spots = list(spots or [])
        self._by_line = {}
        for i, spot in enumerate(self.spots):
            self._by_line.setdefault(spot.line, []).append(i)
        self._rows = sorted(self._by_line)
        self._strips.clear()
        width = max((line.cell_len for line in lines), default=1)
        self.virtual_size = Size(width, len(lines))
        self.cursor = None
        if key is not None:
            self.cursor = next((i for i, s in enumerate(self.spots) if s.key == key), None)
        if self.cursor is None and self.spots:
            self.cursor = 0
        self.refresh()

    @property
    def line_width(self) -> int:
        """The width to lay lines out at: the view's, less the vertical scrollbar whether or not it shows yet
        (0 before the first layout). Read from the region the scrollbar may take, not from the one left once
        it shows: the lines themselves decide whether it shows, so the layout is the same however early it
        is made (the form once rendered a column wider when rendered before its scrollbar appeared)."""
        width = self.content_region.width
        return max(0, width - self.styles.scrollbar_size_vertical) if width else 0

    @property
    def cursor_key(self) -> str | None:
        if self.cursor is None or not 0 <= self.cursor < len(self.spots):
            return None
        return self.spots[self.cursor].key

    def _x(self, spot: Spot) -> int:
        return cell_len(self.lines[spot.line].plain[:spot.start]) if spot.line < len(self.lines) else 0

    # -- moving the cursor -----------------------------------------------------------------------------

    def move_to_key(self, key: str, announce: bool = True) -> bool:
        """Put the cursor on ``key``'s cell (scrolled into view); False when the form has no such cell."""
        for i, spot in enumerate(self.spots):
            if spot.key == key:
                self._set(i, announce)
                return True
        return False

    def _set(self, index: int, announce: bool = True) -> None:
        if not self.spots:
            return
        index = max(0, min(index, len(self.spots) - 1))
        old = self.cursor
        self.cursor = index
        for i in (old, index):
            if i is not None and 0 <= i < len(self.spots):
                self._strips.pop(self.spots[i].line, None)
        line = self.spots[index].line
        self.scroll_to_lines(line, line)
        self.refresh()
        if announce:
            self.post_message(self.CellChanged(self, self.cursor_key))

    def _nearest_on(self, line: int, x: int) -> int:
        return min(self._by_line[line], key=lambda i: abs(self._x(self.spots[i]) - x))

    def action_move(self, step: int) -> None:
        """↑/↓: the nearest cell (by column) of the previous or next line that has cells."""
        if self.cursor is None:
            self._set(0)
            return
        spot = self.spots[self.cursor]
        row = self._rows.index(spot.line) + step
        if not 0 <= row < len(self._rows):
            self.scroll_relative(y=step, animate=False)  # past the last cell: the text below (warnings)
            return
        self._set(self._nearest_on(self._rows[row], self._x(spot)))

    def action_step(self, step: int) -> None:
        self._set((self.cursor or 0) + step if self.cursor is not None else 0)

    def action_page(self, step: int) -> None:
        if self.cursor is None:
            return
        spot = self.spots[self.cursor]
        target = spot.line + step * max(1, self.scrollable_content_region.height - 1)
        rows = [r for r in self._rows if (r >= target if step > 0 else r <= target)]
        row = (rows[0] if step > 0 else rows[-1]) if rows else (self._rows[-1] if step > 0 else self._rows[0])
        self._set(self._nearest_on(row, self._x(spot)))

    def action_edge(self, last: int) -> None:
        self._set(len(self.spots) - 1 if last else 0)

    # -- drawing -----------------------------------------------------------------------------------------

    def scroll_to_lines(self, top: int, bottom: int) -> None:
        """Make lines top..bottom visible (with a little context), moving as little as possible."""
        height = max(1, self.scrollable_content_region.height)
        y = self.scroll_offset.y
        if top >= y and bottom < y + height:
            return
        target = top - 2 if bottom - top + 3 > height else max(0, bottom - height + 3)
        self.scroll_to(0, max(0, min(target, top)), animate=False, immediate=True)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self.lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            text = self.lines[index]
            if self.cursor is not None and self.spots and self.spots[self.cursor].line == index:
                text = with_cursor(text, self.spots[self.cursor])
            segments = [Segment(s.text, base + s.style if s.style else base)
                        for s in text.render(self.app.console) if s.text and s.text != "\n"]
            strip = Strip(segments)
            self._strips[index] = strip
        return strip.adjust_cell_length(width, base).crop(0, width)
