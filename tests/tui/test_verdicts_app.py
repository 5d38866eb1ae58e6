"""Verdicts in the app at 80×24, from the keyboard: ``d`` on the report screen's check list and on the failures
list opens the 判定 dialog; the row then shows the verdict; ``o`` counts or lists open findings only."""
from __future__ import annotations

from tests.tui.conftest import grid_goto, make_app, settle, sync
from xxgk.store import Archive
from xxgk.workflows.verdicts import decide

SIZE = (80, 24)
HONGZE = "淮安市洪泽区人民政府"


def row_texts(table, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


async def type_text(pilot, text: str) -> None:
    for ch in text:  # an IME commits one character at a time
        await pilot.press(ch)


@sync
async def test_deciding_on_the_report_screen(archive_copy, monkeypatch):
    from xxgk.tui.screens.report import ReportScreen
    from xxgk.tui.verdict_dialog import VerdictModal

    monkeypatch.setenv("XXGK_USER", "张审核")
    app = make_app(archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2023)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        table = screen.query_one("#checks")
        assert screen.entries[table.cursor_row].check.rule_id == "A4.1:review"
        assert row_texts(table, 0)[2] == ""  # no verdict yet
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, VerdictModal)
        await pilot.press("2")  # 已排除: the reason box takes the focus
        assert app.screen.focused.id == "verdict-reason"
        await pilot.press("enter", "enter")  # no reason: refused, nothing saved
        await pilot.pause()
        assert isinstance(app.screen, VerdictModal)
        assert "须写明理由" in str(app.screen.query_one("#verdict-error").render())
        await type_text(pilot, "口径不同")
        await pilot.press("enter")  # to the note
        await type_text(pilot, "另表统计")
        await pilot.press("enter")  # saved
        await settle(pilot)
        assert app.screen is screen
        assert row_texts(table, 0)[2] == "已排除"
        assert "判定：已排除(口径不同):另表统计 · 张审核" in str(screen.query_one("#check-detail").render())  # terminal-safe: NFKC
        assert "已排除 1" in str(screen.query_one("#report-title").render())
    with Archive(archive_copy) as a:
        (v,) = a.current_verdicts()
        assert (v.rule, v.scope, v.status, v.reason, v.note, v.by) == ("A4.1", "review", "excluded", "口径不同",
                                                                       "另表统计", "张审核")


@sync
async def test_deciding_on_the_failures_list_and_open_only(archive_copy):
    from xxgk.tui.screens.failures import FailuresScreen
    from xxgk.tui.verdict_dialog import VerdictModal

    with Archive(archive_copy) as a:
        decide(a, a.current_report(HONGZE, 2023).id, "A4.1", "已排除", reason="口径不同")
    app = make_app(archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        await pilot.press("o")  # the overview counts open findings only
        await settle(pilot)
        line = next(x for x in grid.lines if x.agency == HONGZE)
        assert line.cells[2023].n_strict_fail == 1 and line.cells[2023].n_excluded == 1
        assert "只计未排除" in str(app.screen.query_one("#status").render())
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FailuresScreen)
        table = screen.query_one("#failures")
        rules = [f.rule_id for f in screen.shown]
        excluded_row = rules.index("A4.1:review")
        assert row_texts(table, excluded_row)[4] == "已排除"
        table.move_cursor(row=rules.index("A4.3:suit_after_review"))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, VerdictModal)
        await pilot.press("1")  # 确认有误: the note takes the focus
        assert app.screen.focused.id == "verdict-note"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        row = [f.rule_id for f in screen.shown].index("A4.3:suit_after_review")
        assert row_texts(table, row)[4] == "确认"
        assert "判定：确认有误 1、已排除 1" in str(screen.query_one("#failure-status").render())
        await pilot.press("o")  # open findings only: the excluded one leaves the list
        await settle(pilot)
        assert "A4.1:review" not in [f.rule_id for f in screen.shown]
        assert "A4.3:suit_after_review" in [f.rule_id for f in screen.shown]
        assert "只看未排除" in str(screen.query_one("#failure-status").render())
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")  # the palette offers the verdict in Chinese
        await pilot.pause()
        await type_text(pilot, "只计未排除")
        await pilot.pause()
        assert "只计未排除" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)


@sync
async def test_read_only_refuses_to_decide(sample_archive):
    app = make_app(sample_archive, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2023)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "ReportScreen"
