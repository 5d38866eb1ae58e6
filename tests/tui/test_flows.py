"""Pilot flows at 80×24 on an archive of the real sample reports."""
from __future__ import annotations

import hashlib

from tests.tui.conftest import SAMPLES, grid_goto, make_app, settle, sync

SIZE = (80, 24)
HONGZE = "淮安市洪泽区人民政府"




def plain(widget) -> str:
    return "\n".join(line.plain for line in widget.lines)


async def open_report(pilot, agency: str, year: int):
    from xxgk.tui.screens.report import ReportScreen

    grid_goto(pilot.app.screen, agency, year)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReportScreen)
    return pilot.app.screen


@sync
async def test_overview_lists_agencies_and_review_row(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        names = [line.agency for line in grid.lines]
        assert HONGZE in names and "盘锦市" in names
        assert names[0].startswith("【待审核】")  # the reports needing review are reachable
        assert 2023 in grid.years and 2015 in grid.years
        line = next(x for x in grid.lines if x.agency == HONGZE)
        assert 2022 not in line.cells  # a missing year
        from xxgk.tui.widgets.grid import cell_text

        assert cell_text(None) == ("缺", "missing")
        assert cell_text(line.cells[2023])[0] == "!2"


@sync
async def test_filter_overview_by_typing(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        for ch in "洪泽":
            await pilot.press(ch)
        await pilot.pause()
        grid = app.screen.query_one("ReportGrid")
        assert [line.agency for line in grid.lines] == [HONGZE]
        await pilot.press("escape")  # back to the grid, the filter stays
        assert grid.has_focus
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert len(grid.lines) > 3


@sync
async def test_sort_and_missing_toggle(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        await pilot.press("s")  # by failures
        assert grid.lines[0].n_fail >= grid.lines[-1].n_fail
        grid_goto(app.screen, HONGZE, 2022)
        await pilot.press("m")  # only agencies without a 2022 report after their first one
        await pilot.pause()
        assert all(2022 not in line.cells for line in grid.lines)
        names = [line.agency for line in grid.lines]
        assert "盘锦市" in names  # reported in 2015, nothing in 2022: missing
        assert HONGZE not in names  # its first report is for 2023: 2022 is blank, not missing


@sync
async def test_open_report_and_failing_check_marks_cells(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2023)
        entry = screen.entries[screen.query_one("#checks").cursor_row]
        assert entry.check.rule == "A4.1" and entry.status == "fail"  # a failing check comes first
        assert "t4.review.total" in screen.selected
        view = screen.query_one("FormView")
        line = plain(view).splitlines()[screen.anchors["t4.review.total"]]
        assert ">10" in line and ">1" in line  # the selected check's cells, marked without colour
        # the other failing identity's cells carry "!"
        line = plain(view).splitlines()[screen.anchors["t4.suit_after_review.total"]]
        assert "!5" in line
        # the failing row is on screen
        top = view.scroll_offset.y
        assert top <= screen.anchors["t4.review.total"] < top + view.size.height
        await pilot.press("n")
        await pilot.pause()
        entry = screen.entries[screen.query_one("#checks").cursor_row]
        assert entry.check.rule == "A4.3"
        assert ">5" in plain(view).splitlines()[screen.anchors["t4.suit_after_review.total"]]
        detail = str(screen.query_one("#check-detail").render())
        assert "5" in detail
        await pilot.press("escape")
        assert app.screen.SCREEN_ID == "overview"


@sync
async def test_pre2019_report_c3_fails(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, "盘锦市", 2015)
        entry = screen.entries[0]
        assert entry.check.rule == "C3" and entry.status == "fail"
        assert entry.check.expected == 203 and entry.check.actual == 103
        text = plain(screen.query_one("FormView"))
        assert ">103" in text.splitlines()[screen.anchors["c.ans.total"]]
        assert "统计指标" in text and "单位" in text


@sync
async def test_source_text_and_warnings(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2023)
        assert "解析提示" in plain(screen.query_one("FormView"))
        await pilot.press("t")
        await settle(pilot)
        area = app.screen.query_one("TextArea")
        assert "洪泽" in area.text
        await pilot.press("escape")
        assert app.screen is screen


@sync
async def test_compare_two_years_and_hide_equal(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2024)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert screen.SCREEN_ID == "compare"
        assert (screen.year_a, screen.year_b) == (2023, 2024)
        table = screen.query_one("#compare-table")
        full = table.row_count
        assert full == len(screen.comparison.rows)
        await pilot.press("end")  # the last row, drawn when it comes on screen (the table is virtual)
        await pilot.pause()
        assert table.cursor_row == full - 1
        bottom = "".join(s.text for s in table.render_line(table.size.height - 1))
        assert table.get_row_at(full - 1)[0].plain in bottom
        await pilot.press("home")
        assert {c.rule for c in screen.comparison.cross_year} >= {"X1"}
        cross = str(screen.query_one("#cross").render())
        assert "X1" in cross
        assert "实为 0，相符" in cross and "相符  相符" not in cross  # a passing line says 相符 once
        title = str(screen.query_one("#compare-title").render())
        assert "重复" in title
        await pilot.press("e")
        await pilot.pause()
        assert 0 < table.row_count < full
        assert len(screen.shown_rows) == table.row_count
        assert all(not screen.comparison.rows[i].equal_or_zero for i in screen.shown_rows)
        await pilot.press("e")
        await pilot.pause()
        assert table.row_count == full


@sync
async def test_failures_filter_and_jump(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert screen.SCREEN_ID == "failures"
        assert {f.rule for f in screen.shown} >= {"A4.1", "C3"}
        await pilot.press("slash")
        assert app.focused.id == "f-year"
        await pilot.press("tab", "tab")  # to the rule list, chosen by its Chinese name (no codes to know)
        assert app.focused.id == "f-rule"
        await pilot.press("enter")  # opens the list
        await pilot.pause()
        await pilot.press(*"统计表 申请答复")  # types ahead to 统计表 申请答复数等于各类答复之和
        await pilot.press("enter")
        await settle(pilot)
        assert {f.rule for f in screen.shown} == {"C3"}
        await pilot.press("escape")  # leaves the filter, back to the table
        await pilot.press("enter")  # opens the report
        await settle(pilot)
        report = app.screen
        assert report.SCREEN_ID == "report"
        entry = report.entries[report.query_one("#checks").cursor_row]
        assert entry.check.rule == "C3"
        assert "c.ans.total" in report.selected


@sync
async def test_failures_filter_by_year_and_agency(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash")
        for ch in "2023":
            await pilot.press(ch)
        await settle(pilot)
        assert screen.shown and {f.year for f in screen.shown} == {2023}
        await pilot.press("tab")
        await pilot.press(*"洪泽")
        await settle(pilot)
        assert screen.shown and {f.agency for f in screen.shown} == {HONGZE}


@sync
async def test_import_folder_from_the_import_screen(tmp_path):
    db = tmp_path / "empty.sqlite"
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("003_5ca275e7fc674769.txt", "hongze_2023.pdf.txt", "001_f2d57d5ded702b88.txt"):
        (folder / name).write_bytes((SAMPLES / name).read_bytes())
    from xxgk.store import Archive

    Archive(db).close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert screen.SCREEN_ID == "import"
        box = screen.query_one("#path")
        box.value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.counts["imported"] == 2 and screen.counts["needs_review"] == 1
        summary = str(screen.query_one("#summary").render())
        assert "新导入 2" in summary and "待审核 1" in summary
        assert screen.query_one("ProgressBar").progress == 3
        # the report needing review (seed 001: no agency) is selected and assigned right there; the focus
        # stayed in the path box, ↓ goes to the results
        table = screen.query_one("#results")
        assert screen.rows[table.cursor_row].kind == "needs_review"
        assert app.focused is box
        await pilot.press("down")
        assert table.has_focus
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#agency").value = "东风区应急管理局"
        dialog.query_one("#year").value = "2021"
        dialog.query_one("#year").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.counts["assigned"] == 1
    with Archive(db) as archive:
        assert archive.current_report("东风区应急管理局", 2021) is not None
        assert not archive.reports_needing_review()


@sync
async def test_path_suggester_completes_folders(tmp_path):
    from xxgk.tui.widgets.paths import PathSuggester

    (tmp_path / "reports_2023").mkdir()
    suggestion = await PathSuggester().get_suggestion(str(tmp_path / "rep"))
    assert suggestion == str(tmp_path / "reports_2023") + "/"


@sync
async def test_assign_needs_review_from_review_screen(archive_copy):
    app = make_app(archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert screen.SCREEN_ID == "review"
        assert [r.source_name for r in screen.reports] == ["001_f2d57d5ded702b88.txt"]
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#agency").value = "东风区应急管理局"
        dialog.query_one("#year").value = "2021"
        dialog.query_one("#year").focus()
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert screen.reports == []
        await pilot.press("escape")
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        assert "东风区应急管理局" in [line.agency for line in grid.lines]
        assert not grid.lines[0].agency.startswith("【待审核】")


@sync
async def test_help_lists_keys_of_current_screen(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        body = str(app.screen.query_one("#help-body").render())
        assert "总览" in body and "排序" in body and "Ctrl+P" in body and "导入" in body
        await pilot.press("escape")
        screen = await open_report(pilot, HONGZE, 2023)
        await pilot.press("question_mark")
        await pilot.pause()
        body = str(app.screen.query_one("#help-body").render())
        assert "下一个不符" in body and "原文" in body and "排序" not in body
        await pilot.press("escape")
        assert app.screen is screen


@sync
async def test_command_palette_reaches_actions(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"问题清单")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "failures"


def test_registry_feeds_bindings_and_palette():
    from xxgk.tui.actions import ACTIONS, actions_for, bindings_for

    keys = {b.key for b in bindings_for("overview")}
    assert {"enter", "slash", "s", "m", "c", "f", "r", "i", "q"} <= keys
    assert all(a.description for a in ACTIONS)
    assert "import" not in {a.id for a in actions_for("overview", read_only=True)}


@sync
async def test_read_only_hides_and_refuses_writes(sample_archive):
    app = make_app(sample_archive, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.SCREEN_ID == "overview"
        app.action_goto("import")
        await pilot.pause()
        assert app.screen.SCREEN_ID == "overview"
        assert any("只读" in str(n.message) or "只读" in str(n.title) for n in app._notifications)


@sync
async def test_picks_up_reports_imported_by_someone_else(archive_copy):
    app = make_app(archive_copy, poll_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)
        grid = app.screen.query_one("ReportGrid")
        before = len(grid.lines)
        from xxgk.store import Archive

        with Archive(archive_copy) as archive:  # another user's import
            from xxgk.domain.model import ParsedReport, Value

            archive.save_report(ParsedReport(
                file="other.txt", sha256=hashlib.sha256(b"other").hexdigest(), format="text",
                agency="淮安市另一个局", year=2024, template="2021",
                values=[Value("t2.licensing.decisions", "行政许可", 3, "3")]))
        for _ in range(20):
            await pilot.pause(0.1)
            await settle(pilot)
            if "淮安市另一个局" in [line.agency for line in grid.lines]:
                break
        assert "淮安市另一个局" in [line.agency for line in grid.lines]
        assert len(grid.lines) > before


@sync
async def test_report_text_with_markup_renders_literally(tmp_path):
    from xxgk.domain.model import CheckResult, ParsedReport, Value
    from xxgk.store import Archive

    db = tmp_path / "markup.sqlite"
    with Archive(db) as archive:
        archive.save_report(ParsedReport(
            file="[bold]evil[/].txt", sha256=hashlib.sha256(b"markup").hexdigest(), format="text",
            agency="[bold]测试[/]局", year=2018, template="pre2019",
            values=[Value("c.x.markup", "[/]奇怪的[bold]标签[red]", 7, "7", unit="件"),
                    Value("c.req.received", "(一)收到申请数“甲”…", 1, "1", unit="件")],
            checks=[CheckResult("C1", "fail", "[bold]不符[/]", ["c.x.markup"], title="[/]标题")],
            text="原文 [bold]不是标记[/] \x1b[31m"))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        assert grid.lines[0].agency == "[bold]测试[/]局"
        painted = "".join(seg.text for seg in grid.render_line(1))
        assert "[bold]测试[/]局" in painted
        await pilot.press("enter")
        await settle(pilot)
        text = plain(app.screen.query_one("FormView"))
        assert "[/]奇怪的[bold]标签[red]" in text
        assert '"甲"...' in text  # ambiguous-width quotes and ellipsis made safe
        assert "[/]标题" in str(app.screen.query_one("#checks").get_row_at(0)[3])  # 判定 is column 2
        await pilot.press("t")
        await settle(pilot)
        source = app.screen.query_one("TextArea").text
        assert "[bold]不是标记[/]" in source and "\x1b" not in source


@sync
async def test_export_comparison_from_the_compare_screen(sample_archive, tmp_path):
    """x → path prompt (default: sanitised agency name) → file written; an existing file asks first."""
    import openpyxl

    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2024)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        prompt = app.screen.query_one("#value")
        assert prompt.value.endswith(f"{HONGZE}_2023-2024_对比.xlsx")
        target = tmp_path / "hongze.xlsx"
        prompt.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.exists()
        ws = openpyxl.load_workbook(target).worksheets[0]
        texts = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
        assert HONGZE in " ".join(texts)
        first = target.read_bytes()
        # a second export to the same path asks before overwriting; "n" keeps the file as it was
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#value").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert "ConfirmModal" in type(app.screen).__name__
        await pilot.press("n")
        await settle(pilot)
        assert target.read_bytes() == first


@sync
async def test_failures_are_paged_not_truncated(sample_archive, monkeypatch):
    """A large archive's failures are read from the store a page at a time; ] and [ reach every row."""
    import xxgk.tui.screens.failures as failures_screen
    from xxgk.workflows.checking import findings
    from xxgk.workflows.records import Archive

    monkeypatch.setattr(failures_screen, "PAGE_SIZE", 2)
    with Archive(sample_archive, read_only=True) as archive:
        every = [(f.report_id, f.rule_id) for f in findings(archive)]
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert screen.total == len(every) >= 3
        seen = []
        for _ in range(-(-len(every) // 2)):
            seen += [(f.report_id, f.rule_id) for f in screen.shown]
            assert len(screen.shown) <= 2
            await pilot.press("right_square_bracket")
            await settle(pilot)
        assert seen == every  # the store's order, every finding once
        assert "页" in str(screen.query_one("#failure-status").render())
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.page_no == -(-len(every) // 2) - 2
