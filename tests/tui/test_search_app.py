"""The search screen at 80×24: Ctrl+F, words typed one character at a time, Enter lists the hits; Enter on a
hit opens the report's text with the cursor on that line (盘锦市 2015, line 639 of 003_5ca275e7fc674769.txt)."""
from __future__ import annotations

from tests.tui.conftest import make_app, settle, sync

SIZE = (80, 24)


@sync
async def test_a_hit_opens_the_text_at_its_line(sample_archive):
    from textual.widgets import TextArea

    from xxgk.tui.screens.report import SourceScreen
    from xxgk.tui.screens.search import SearchScreen

    app = make_app(sample_archive, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        for ch in "依申请 费用[/]":  # an IME commits one character at a time; markup is only text
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.result is not None and app.screen.result.result.hits == []
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press("enter")
        await settle(pilot)
        hits = app.screen.result.result.hits
        assert [(h.agency, h.year, h.line) for h in hits if h.agency == "盘锦市"] == [("盘锦市", 2015, 639)]
        table = app.screen.query_one("#search-hits")
        assert app.focused is table
        table.move_cursor(row=[h.agency for h in hits].index("盘锦市"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        assert area.cursor_location[0] == 638
        assert area.document.get_line(638) == "(四)依申请公开信息收取的费用 |"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
