"""The hierarchy from the keyboard at 80×24: ``p`` on the overview gives the agency under the cursor a parent;
``k`` on the report screen cycles its kind 汇总 → 本级 → 自动 (the text's own)."""
from __future__ import annotations

from tests.tui.conftest import grid_goto, make_app, settle, sync
from xxgk.store import Archive

SIZE = (80, 24)
HUAIAN, HONGZE = "淮安市人民政府", "淮安市洪泽区人民政府"


@sync
async def test_parent_and_kind_from_the_keyboard(archive_copy, monkeypatch):
    from xxgk.tui.dialogs import PromptModal
    from xxgk.tui.screens.report import ReportScreen

    monkeypatch.setenv("XXGK_USER", "李审核")
    app = make_app(archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2024)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        for ch in "淮安市人民政府":  # an IME commits one character at a time
            await pilot.press(ch)
        await pilot.press("enter")
        await settle(pilot)
        with Archive(archive_copy, read_only=True) as a:
            assert a.parent_of(a.agency(HONGZE).id) == a.agency(HUAIAN).id

        grid_goto(app.screen, HUAIAN, 2024)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("k")
        await settle(pilot)
        with Archive(archive_copy, read_only=True) as a:
            assert a.report_kind_set(a.agency(HUAIAN).id, 2024)[:2] == ("region", "李审核")
        await pilot.press("k")
        await settle(pilot)
        with Archive(archive_copy, read_only=True) as a:
            assert a.report_kind_set(a.agency(HUAIAN).id, 2024)[0] == "own"
        await pilot.press("k")
        await settle(pilot)
        with Archive(archive_copy, read_only=True) as a:
            assert a.report_kind_set(a.agency(HUAIAN).id, 2024) is None  # back to what the text says
