"""A scrollable, virtual view of pre-rendered lines (the report form): knows its height at once, so
scrolling to a highlighted cell works in the same frame the lines change."""
from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class FormView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    FormView { scrollbar-size-vertical: 1; scrollbar-size-horizontal: 0; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[Text] = []
        self._strips: dict[int, Strip] = {}

    def set_lines(self, lines: list[Text]) -> None:
        self.lines = lines
        self._strips.clear()
        width = max((line.cell_len for line in lines), default=1)
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    @property
    def line_width(self) -> int:
        """The width to lay lines out at: the view's, less the vertical scrollbar whether or not it shows yet
        (0 before the first layout). Read from the region the scrollbar may take, not from the one left once
        it shows: the lines themselves decide whether it shows, so the layout is the same however early it
        is made (the form once rendered a column wider when rendered before its scrollbar appeared)."""
        width = self.content_region.width
        return max(0, width - self.styles.scrollbar_size_vertical) if width else 0

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
            segments = [Segment(s.text, base + s.style if s.style else base)
                        for s in text.render(self.app.console) if s.text and s.text != "\n"]
            strip = Strip(segments)
            self._strips[index] = strip
        return strip.adjust_cell_length(width, base).crop(0, width)
