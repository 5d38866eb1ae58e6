"""The virtual table (``tui.widgets.rows.RowTable``) the failures list is drawn with: only the lines on screen
are made, the keys a DataTable answers move its row cursor, Enter and a second click select, untrusted text is
drawn literally."""
from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from tests.tui.conftest import sync
from xxgk.tui.widgets.rows import RowTable


class Table(App[None]):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n
        self.made: list[int] = []
        self.events: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="t")

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        table.styles.height = 10  # the header and 9 rows

        def cells(i: int) -> list[Text]:
            self.made.append(i)
            return [Text(f"r{i}"), Text("[bold]x[/]", style="red"), Text(str(i), justify="right")]

        table.set_columns([Text("行"), Text("名称"), Text("号")], [7, 10, 6])
        table.set_rows(self.n, cells)
        table.focus()

    def on_row_table_row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.events.append(("highlighted", event.cursor_row))

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.events.append(("selected", event.cursor_row))


def lines(table: RowTable) -> list[str]:
    return ["".join(s.text for s in table.render_line(y)) for y in range(table.size.height)]


@sync
async def test_only_the_lines_on_screen_are_made_and_the_keys_move_the_cursor():
    app = Table(100_000)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        assert set(app.made) == set(range(9))  # nine rows on screen: nine rows made, of 100,000
        shown = lines(table)
        assert shown[0].startswith(" 行       名称        号     ")  # each cell padded by a space each side
        assert shown[1].startswith(" r0       [bold]x[/]       0 ")  # markup in a cell is text; right-justified
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and app.events[-1] == ("highlighted", 2)
        await pilot.press("pagedown")
        assert table.cursor_row == 11 and table.scroll_y == 3  # one page of 9 rows; the cursor kept in view
        await pilot.pause()
        assert lines(table)[-1].startswith(" r11 ")
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 99_999 and lines(table)[-1].startswith(" r99999 ")
        assert len(set(app.made)) < 40  # what was on screen since, not the rows passed over
        await pilot.press("home", "enter")
        assert table.cursor_row == 0 and app.events[-1] == ("selected", 0)
        await pilot.click(RowTable, offset=(3, 3))  # the third row: highlighted, then selected by a second click
        assert app.events[-1] == ("highlighted", 2)
        await pilot.click(RowTable, offset=(3, 3))
        assert app.events[-1] == ("selected", 2)
        await pilot.press("up")
        assert table.get_row_at(1)[0].plain == "r1" and table.row_count == 100_000


@sync
async def test_new_rows_keep_the_cursor_within_them_and_none_is_empty():
    app = Table(50)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        table.move_cursor(row=40)
        await pilot.pause()
        table.set_rows(5, lambda i: [Text(f"n{i}")])
        assert table.cursor_row == 4
        await pilot.pause()
        assert lines(table)[1].startswith(" n0 ")  # the new rows drawn, not the lines drawn before
        table.clear()
        await pilot.pause()
        assert table.row_count == 0 and table.cursor_row == 0
        app.events.clear()
        await pilot.press("down", "enter")
        assert app.events == []  # nothing to move to or select
        assert lines(table)[1].strip() == ""


@sync
async def test_columns_wider_than_the_table_scroll_sideways():
    app = Table(3)
    async with app.run_test(size=(20, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(RowTable)
        assert table.virtual_size.width == 7 + 10 + 6 + 6 > table.size.width  # three cells and their padding
        assert lines(table)[1].startswith(" r0       [bold]")
        table.scroll_to(x=9, animate=False, immediate=True)
        await pilot.pause()
        assert lines(table)[0].startswith(" 名称        号")  # the header scrolls with its columns
        assert lines(table)[1].startswith(" [bold]x[/]       0 ")
