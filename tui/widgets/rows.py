"""A virtual table of rows: draws only the lines on screen, each cell made when its line is drawn.

``DataTable`` measures every cell it is given before its next frame and renders each cell through its
own console call: a page of 200 findings cost about half of the failures screen's first open at
100,000 reports. Here a screen hands over how many rows there are and a function that makes one row's
cells (``Text``, never markup); the widths are the screen's (it sizes its columns to what they hold), and
a row's cells are made, and kept, the first time its line is drawn.

The parts of ``DataTable``'s API the screens use are kept (``cursor_row``, ``move_cursor``, ``row_count``,
``get_row_at``, ``RowHighlighted`` / ``RowSelected`` with ``cursor_row``), and its look: a bold header
on ``$panel``, the cursor row in the block cursor's colours, a cell padding of one space each side.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cells = Callable[[int], Sequence[Text]]


def _fit(cell: Text, width: int) -> Text:
    """``cell`` as exactly ``width`` cells: cut, then padded on the side its ``justify`` says. As Rich pads
    a cell for ``DataTable``: a right or centred cell's padding takes its style, a left one's does not."""
    if cell.justify in ("right", "center"):
        cell = cell.copy()
    else:
        plain = Text(end="")
        plain.append_text(cell)  # the cell's own style as a span: the padding is left without it
        cell = plain
    cell.truncate(width, overflow="crop")
    gap = width - cell.cell_len
    if gap > 0:
        if cell.justify == "right":
            cell.pad_left(gap)
        elif cell.justify == "center":
            cell.pad_left(gap // 2)
            cell.pad_right(gap - gap // 2)
        else:
            cell.pad_right(gap)
    return cell


class RowTable(ScrollView, can_focus=True):
    """Rows under a header line, a row cursor; only the visible lines are drawn."""

    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .rowtable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .rowtable--header {
                background-tint: $foreground 5%;
            }
        }
        & > .rowtable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .rowtable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .rowtable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowtable--header", "rowtable--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", show=False),
        Binding("up", "move(-1)", show=False), Binding("down", "move(1)", show=False),
        Binding("pageup", "page(-1)", show=False), Binding("pagedown", "page(1)", show=False),
        Binding("home,ctrl+home", "edge(-1)", show=False), Binding("end,ctrl+end", "edge(1)", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class RowHighlighted(Message):
        def __init__(self, table: RowTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> RowTable:
            return self.table

    class RowSelected(RowHighlighted):
        pass

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.labels: list[Text] = []
        self.widths: list[int] = []
        self._count = 0
        self._cells: Cells = lambda i: ()
        self._made: dict[int, Sequence[Text]] = {}
        self._lines: dict[tuple[object, ...], Strip] = {}  # drawn lines: a cursor move redraws two of them

    # -- data -------------------------------------------------------------------------------------------

    def set_columns(self, labels: Sequence[Text], widths: Sequence[int]) -> None:
        """The header's labels and each column's width in cells (without its padding)."""
        self.labels = list(labels)
        self.widths = list(widths)
        self._lines = {}
        self._resize()
        self.refresh()

    def set_rows(self, count: int, cells: Cells, widths: Sequence[int] | None = None) -> None:
        """``count`` rows, row ``i``'s cells made by ``cells(i)`` when it is first drawn; the cursor stays
        where it was (within the rows)."""
        if widths is not None:
            self.widths = list(widths)
        self._count = count
        self._cells = cells
        self._made = {}
        self._lines = {}
        self._resize()
        self.move_cursor(row=min(self.cursor_row, max(0, count - 1)))
        self.refresh()

    def clear(self) -> None:
        self.set_rows(0, lambda i: ())

    @property
    def row_count(self) -> int:
        return self._count

    def get_row_at(self, index: int) -> Sequence[Text]:
        if not 0 <= index < self._count:
            raise IndexError(index)
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = self._cells(index)
        return made

    def _resize(self) -> None:
        width = sum(self.widths) + 2 * len(self.widths)
        self.virtual_size = Size(width, self._count + 1)  # the header's line and one per row

    # -- the cursor -------------------------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        return max(1, self.size.height - 1)  # under the header

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        self.cursor_row = max(0, min(row, self._count - 1)) if self._count else 0
        if scroll:
            self._scroll_to_cursor()

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh()
        if self._count and old != new:  # as DataTable: announced when it moves
            self.post_message(self.RowHighlighted(self, new))

    def _scroll_to_cursor(self) -> None:
        top, height = round(self.scroll_y), self.body_height
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if self._count:
            self.move_cursor(row=self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.action_move(step * self.body_height)

    def action_edge(self, step: int) -> None:
        self.action_move(step * self._count)

    def action_select_cursor(self) -> None:
        if self._count:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to its row; a click on the cursor's row selects it (as ``DataTable``)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = round(self.scroll_y) + offset.y - 1
        if 0 <= row < self._count:
            event.stop()
            if row == self.cursor_row:
                self.action_select_cursor()
            else:
                self.move_cursor(row=row)

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()

    # -- drawing ----------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        left = round(self.scroll_x)  # columns wider than the table scroll sideways, as a DataTable's
        base = self.rich_style
        over: Style | None
        if y == 0:
            index, over = -1, self.get_component_rich_style("rowtable--header")
        else:
            index = round(self.scroll_y) + y - 1
            if index >= self._count:
                return Strip.blank(width, base)
            over = self.get_component_rich_style("rowtable--cursor") if index == self.cursor_row else None
        key = (index, base, over, left, width)  # the styles change with the focus and the theme
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > 1000:
                self._lines.clear()
            if index < 0:
                strip = self._strip(self.labels, base + (over or Style()), left + width, row=-1)
            else:
                strip = self._strip(self.get_row_at(index), base, left + width, index, over)
            strip = self._lines[key] = strip.crop(left, left + width) if left else strip
        return strip

    def _strip(self, cells: Sequence[Text], style: Style, width: int, row: int, over: Style | None = None) -> Strip:
        """One line: each cell padded by a space each side, its segments joined where their styles are equal,
        each cell's style carrying its row and column (as ``DataTable`` draws a cell: the same segments, the
        same screen; the compositor joins no two cells). On the cursor's row (``over``) the cursor's colours
        are under the cells' own and its foreground over them (``DataTable``'s default priorities)."""
        console = self.app.console
        if over is not None:
            style = style + over
        post = Style.from_color(color=over.color) if over is not None else None
        segments: list[Segment] = []
        for column, (cell, w) in enumerate(zip(cells, self.widths, strict=False)):
            cell_style = style + Style.from_meta({"row": row, "column": column})
            padded = Text(" ", end="")
            padded.append_text(_fit(cell, w))
            padded.append(" ")
            own = []
            for s in padded.render(console):
                if s.text:
                    own_style = cell_style + s.style if s.style else cell_style
                    own.append(Segment(s.text, own_style + post if post is not None else own_style))
            segments.extend(Segment.simplify(own))
        strip = Strip(segments)
        if strip.cell_length < width:
            strip = Strip([*segments, Segment(" " * (width - strip.cell_length), style)])
        return strip.crop(0, width)
