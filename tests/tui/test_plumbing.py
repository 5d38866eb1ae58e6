"""The app's plumbing: the load helper's error path and superseded answers, navigation through the
app (report → compare → report, which years ``c`` compares, ``[``/``]``), plain-text notifications."""
from __future__ import annotations

import hashlib
import threading

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tests.tui.conftest import grid_goto, make_app, settle, sync
from xxgk.domain.model import ParsedReport, Value
from xxgk.presentation.status import style_for
from xxgk.tui.loading import load
from xxgk.tui.messages import SourceLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.workflows.records import Archive, NotFound

SIZE = (80, 24)
HONGZE = "淮安市洪泽区人民政府"


def line_of(screen, selector: str) -> str:
    """The text of a status line, which must be a ``Text`` (never parsed as markup)."""
    content = screen.query_one(selector, Static).content
    assert isinstance(content, Text)
    return content.plain


async def open_report(pilot, agency: str, year: int):
    grid_goto(pilot.app.screen, agency, year)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.screen.SCREEN_ID == "report"
    return pilot.app.screen


# -- the load helper --------------------------------------------------------------------------------


@sync
async def test_a_failing_worker_shows_one_line_and_the_app_keeps_running(sample_archive, monkeypatch):
    def broken(self):
        raise RuntimeError("损坏 [bold]x[/]")

    monkeypatch.setattr(Archive, "agency_initials", broken)  # what the overview reads for its first page
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # the line names what failed, in Chinese, and shows the error's text literally (never as markup)
        assert line_of(app.screen, "#status") == "读取档案失败：程序错误（RuntimeError: 损坏 [bold]x[/]），请报告此问题"
        assert app.screen.query_one("#status", Static).content.style == style_for("error", "full")
        # the app is still running: other screens work
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "failures" and app.screen.shown
        assert app.is_running


@sync
async def test_archive_errors_are_shown_with_their_own_message(sample_archive, monkeypatch):
    """The review list (a worker that had no error handler) and the report screen show the archive's line."""

    def missing(self):
        raise NotFound("no such report")

    monkeypatch.setattr(Archive, "reports_needing_review", missing)
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert line_of(app.screen, "#review-title") == "读取待审核报告失败：no such report"
        await pilot.press("escape")
        app.open_report(987654)  # a report that is not in the archive
        await settle(pilot)
        assert line_of(app.screen, "#report-title").startswith("读取报告 #987654 失败：")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "overview"


@sync
async def test_a_failing_write_is_a_notification(archive_copy, monkeypatch):
    def refuse(self, report_id, agency, year):
        raise NotFound(f"report {report_id} is gone")

    monkeypatch.setattr(Archive, "assign", refuse)
    app = make_app(archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#agency").value = "东风区应急管理局"
        app.screen.query_one("#year").value = "2021"
        app.screen.query_one("#year").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        errors = [n for n in app._notifications if n.severity == "error"]
        assert [n.message for n in errors] == [f"未能指定：report {screen.reports[0].id} is gone"]
        assert not errors[0].markup


class Probe(XxgkScreen):
    SCREEN_ID = "probe"
    STATUS_ID = "#line"

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="line")

    def on_source_loaded(self, message: SourceLoaded) -> None:
        self.answers.append(message.text)


@sync
async def test_a_newer_load_supersedes_an_older_one_without_cancelling(sample_archive):
    """The older answer arrives last and is dropped; no worker is cancelled (settle would raise)."""
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        probe = Probe()
        await app.push_screen(probe)
        release = threading.Event()

        def slow(archive):
            release.wait(10)
            return SourceLoaded("older")

        first = load(probe, slow, group="probe", failure="读取失败")
        second = load(probe, lambda archive: SourceLoaded("newer"), group="probe", failure="读取失败")
        await app.workers.wait_for_complete([second])
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert probe.answers == ["newer"]
        assert first.is_finished and not first.is_cancelled
        # writes always answer
        for text in ("one", "two"):
            load(probe, lambda archive, text=text: SourceLoaded(text), group="write", failure="x", latest_only=False)
        await settle(pilot)
        assert sorted(probe.answers[1:]) == ["one", "two"]


# -- navigation through the app ---------------------------------------------------------------------


def add_years(path, agency: str, years: list[int]) -> None:
    with Archive(path) as archive:
        for year in years:
            archive.save_report(ParsedReport(
                file=f"{year}.txt", sha256=hashlib.sha256(f"{agency}{year}".encode()).hexdigest(), format="text",
                agency=agency, year=year, template="2021",
                values=[Value("t2.licensing.decisions", "行政许可", year - 2000, str(year - 2000))]))


@sync
async def test_report_compare_report(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        report = await open_report(pilot, HONGZE, 2024)
        await pilot.press("c")
        await settle(pilot)
        compare = app.screen
        assert compare.SCREEN_ID == "compare" and (compare.year_a, compare.year_b) == (2023, 2024)
        assert compare.comparison.report_b.id == report.report_id
        await pilot.press("enter")  # opens the B year's report
        await settle(pilot)
        assert app.screen.SCREEN_ID == "report" and app.screen.report_id == report.report_id
        assert app.screen.detail is not None
        await pilot.press("escape")
        assert app.screen is compare
        await pilot.press("escape")
        assert app.screen is report
        await pilot.press("escape")
        assert app.screen.SCREEN_ID == "overview"


@sync
async def test_c_on_the_first_year_compares_with_the_next(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_report(pilot, HONGZE, 2023)  # Hongze's first year
        await pilot.press("c")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "compare"
        assert (app.screen.year_a, app.screen.year_b) == (2023, 2024)


@sync
async def test_c_on_a_later_year_compares_with_the_year_before(archive_copy):
    add_years(archive_copy, HONGZE, [2021, 2022])  # Hongze: 2021 2022 2023 2024
    app = make_app(archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_report(pilot, HONGZE, 2023)
        await pilot.press("c")
        await settle(pilot)
        compare = app.screen
        assert (compare.year_a, compare.year_b) == (2022, 2023)  # the year before, not the next one
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert (compare.year_a, compare.year_b) == (2023, 2024)
        await pilot.press("right_square_bracket")  # no later pair: stays, says so
        await settle(pilot)
        assert (compare.year_a, compare.year_b) == (2023, 2024)
        assert any("没有更晚的年度" in n.message for n in app._notifications)
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert (compare.year_a, compare.year_b) == (2021, 2022)
        assert compare.comparison.year_a == 2021
        await pilot.press("escape", "escape")
        await settle(pilot)
        # c on the overview chooses the same way: on 2022, 2021 and 2022
        grid_goto(app.screen, HONGZE, 2022)
        await pilot.press("c")
        await settle(pilot)
        assert (app.screen.year_a, app.screen.year_b) == (2021, 2022)


@sync
async def test_notifications_are_plain_text(tmp_path):
    db = tmp_path / "markup.sqlite"
    add_years(db, "[bold]测试[/]局", [2018])
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, "[bold]测试[/]局", 2018)
        await pilot.press("c")  # one year only: a warning naming the agency
        await pilot.pause()
        warning = [n for n in app._notifications if n.severity == "warning"][-1]
        assert warning.message == "[bold]测试[/]局 只有一个年度的报告，无法比较。"
        assert not warning.markup


@sync
async def test_the_read_overview_is_kept_out_of_the_cycle_collector(sample_archive):
    """Once every page of the overview is read, its objects are frozen (a full collection walked them all,
    90 ms at 100,000 reports, in the middle of a key); a reload frees and freezes again."""
    import gc

    gc.unfreeze()
    app = make_app(sample_archive)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.pause()
            grid = app.screen.query_one("ReportGrid")
            frozen = gc.get_freeze_count()
            assert grid.lines and frozen > len(grid.lines)
            await pilot.press("ctrl+r")  # read the archive again: the old overview is let go, the new one frozen
            await settle(pilot)
            await pilot.pause()
            assert 0 < gc.get_freeze_count() < 2 * frozen
    finally:
        gc.unfreeze()
