"""Screens reused rather than rebuilt: the report, compare and failures screens opened a second time are the
first ones again, showing what was asked now and nothing of what they showed before."""
from __future__ import annotations

from tests.tui.conftest import grid_goto, make_app, settle, sync

SIZE = (80, 24)
HONGZE = "淮安市洪泽区人民政府"


def title(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@sync
async def test_the_report_screen_is_reused_for_the_next_report(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2023)
        await pilot.press("enter")
        await settle(pilot)
        first = app.screen
        assert first.SCREEN_ID == "report" and first.detail.report.year == 2023
        await pilot.press("z", "e")  # the form alone, then the checklist: a new report starts without either
        await settle(pilot)
        assert first.full_form and first.checklist_on
        for _ in range(3):  # out of the checklist and the screen, whatever Esc closes first
            if app.screen.SCREEN_ID != "overview":
                await pilot.press("escape")
                await settle(pilot)
        assert app.screen.SCREEN_ID == "overview"
        grid_goto(app.screen, "盘锦市", 2015)
        await pilot.press("enter")
        await settle(pilot)
        again = app.screen
        assert again is first  # the same screen, not a new one
        report = again.detail.report
        assert (report.agency, report.year) == ("盘锦市", 2015)
        assert "盘锦市" in title(again, "#report-title") and HONGZE not in title(again, "#report-title")
        assert not again.full_form and not again.checklist_on and not again.has_class("full-form")
        assert again.query_one("#form-scroll").display and not again.query_one("ChecklistPanel").has_class("shown")
        entry = again.entries[again.query_one("#checks").cursor_row]
        assert entry.check.rule == "C3" and entry.status == "fail"  # this report's failing check first
        assert again.query_one("#checks").row_count == len(again.entries)
        assert again.query_one("#checks").has_focus


@sync
async def test_the_compare_screen_is_reused_for_the_next_pair(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2024)
        await pilot.press("c")
        await settle(pilot)
        first = app.screen
        assert first.SCREEN_ID == "compare" and (first.year_a, first.year_b) == (2023, 2024)
        await pilot.press("e")  # hide the equal rows: a new comparison shows them all again
        await settle(pilot)
        assert first.hide_equal
        await pilot.press("escape")
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2023)
        await pilot.press("c")
        await settle(pilot)
        again = app.screen
        assert again is first
        assert (again.year_a, again.year_b) == (2023, 2024) and not again.hide_equal  # 2023 pairs with the next
        table = again.query_one("#compare-table")
        assert table.row_count == len(again.comparison.rows)
        assert "已隐藏" not in title(again, "#compare-title")


@sync
async def test_the_failures_screen_is_reused_without_its_filters(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        first = app.screen
        every = [(f.report_id, f.rule_id) for f in first.shown]
        assert first.SCREEN_ID == "failures" and first.total == len(every)
        await pilot.press("slash", *"2015")  # the year filter
        await settle(pilot)
        assert {f.year for f in first.shown} == {2015} and len(first.shown) < len(every)
        await pilot.press("escape", "escape")  # the table, then back to the overview
        await settle(pilot)
        assert app.screen.SCREEN_ID == "overview"
        await pilot.press("f")
        await settle(pilot)
        again = app.screen
        assert again is first
        assert again.query_one("#f-year").value == "" and again.page_no == 0
        assert [(f.report_id, f.rule_id) for f in again.shown] == every and again.total == len(every)
        assert again.query_one("#failures").row_count == len(every)
