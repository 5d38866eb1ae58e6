"""The report screen leads to the source: a cell cursor whose raw text and location are shown, ``t``
opening the archived text at that cell's line with ``/`` search and ``n`` next, a key that gives the form
the whole screen, the parse warnings listed in Chinese (each opening its cell), limits worded as limits,
the marks explained, and a wrongly filed version withdrawn with a reason."""
from __future__ import annotations

from tests.tui.conftest import grid_goto, make_app, settle, sync

SIZE = (80, 24)
HONGZE = "淮安市洪泽区人民政府"


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def open_report(pilot, agency: str, year: int):
    grid_goto(pilot.app.screen, agency, year)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.screen.SCREEN_ID == "report"
    return pilot.app.screen


@sync
async def test_the_cursor_cell_shows_its_raw_text_and_opens_the_source_at_its_line(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2023)
        view = screen.query_one("FormView")
        # the first failure (A4.1: 行政复议 总计 printed 0, parts 10 + 1) puts the cursor on its first cell
        assert screen.entries[0].check.rule == "A4.1"
        assert view.cursor_key == "t4.review.total"
        line = view.lines[screen.anchors["t4.review.total"]]
        from xxgk.tui.form import with_cursor

        spot = view.spots[view.cursor]
        assert "[>0]" in with_cursor(line, spot).plain  # drawn [ … ] without colour, beside the > cells
        info = text_of(screen, "#cell-info")
        assert "表四" in info and "= 0" in info and "第 131 行第 5 个数" in info and "!A4.1" in info
        # the arrows move the cursor cell by cell; the line follows
        view.focus()
        await pilot.press("left")
        await pilot.pause()
        assert view.cursor_key == "t4.review.pending"
        await pilot.press("right")
        await pilot.pause()
        assert view.cursor_key == "t4.review.total"
        # t: the archived text at that cell's line, the printed 0 selected
        await pilot.press("t")
        await settle(pilot)
        source = app.screen
        assert source.SCREEN_ID == "source"
        area = source.query_one("TextArea")
        start, end = area.selection
        assert start[0] == 130 and area.document.get_line(130) == "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0"
        assert "第 131 行" in text_of(source, "#source-status")
        # / searches forward from there, n goes on, N comes back
        await pilot.press("slash")
        assert app.focused.id == "source-search"
        await pilot.press(*"结转")
        await pilot.press("enter")
        await pilot.pause()
        lines = area.text.split("\n")
        matches = [(r, c) for r, text in enumerate(lines) for c in range(len(text)) if text.startswith("结转", c)]
        after = [m for m in matches if m >= (130, 0)]
        first = after[0] if after else matches[0]
        assert tuple(area.selection.start) == first
        assert area.selected_text == "结转"
        await pilot.press("n")
        assert tuple(area.selection.start) == matches[(matches.index(first) + 1) % len(matches)]
        await pilot.press("N")
        assert tuple(area.selection.start) == first
        assert f"/{len(matches)} 处" in text_of(source, "#source-status")
        await pilot.press("escape")
        assert app.screen is screen


@sync
async def test_z_gives_the_form_the_whole_screen(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2023)
        view = screen.query_one("FormView")
        small = view.size.height
        assert small <= 8  # at 80×24 the checks share the screen
        await pilot.press("z")
        await settle(pilot)
        assert not screen.query_one("#checks").display and view.has_focus
        # 24 rows less the title (2), the form's top border, the cell line and the footer: 19
        assert view.size.height >= 17 and view.size.height > 2 * small
        await pilot.press("z")
        await settle(pilot)
        assert screen.query_one("#checks").display and view.size.height == small


@sync
async def test_warnings_are_listed_in_chinese_and_open_their_cell(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2023)
        assert "解析提示 1（w）" in text_of(screen, "#report-title")
        await pilot.press("w")
        await pilot.pause()
        dialog = app.screen
        assert type(dialog).__name__ == "WarningsModal"
        assert dialog.query_one("#warning-list").row_count == 1
        assert "（六）其他处理印成一行" in text_of(dialog, "#warning-detail")
        await pilot.press("enter")  # its cell: the first cell of 表三
        await settle(pilot)
        view = screen.query_one("FormView")
        assert app.screen is screen and view.has_focus
        assert view.cursor_key.startswith("t3.")


@sync
async def test_the_marks_are_explained_and_limits_read_as_limits(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2023)
        title = text_of(screen, "#report-title")
        for words in ("!不符 2", "~提示 0", "?不完整 0", ">所选核对的单元格", "[ ]光标"):
            assert words in title
        table = screen.query_one("#checks")
        # A2.1 行政规范性文件: 制发 0 ≤ 现行有效 5 + 废止 5 = 10 holds: no "-10" that reads like a failure
        i = next(i for i, e in enumerate(screen.entries) if e.check.rule_id == "A2.1:normative")
        cells = [str(c) for c in table.get_row_at(i)]
        assert cells[4] == "≤10" and cells[5] == "0" and cells[6] == ""  # (cells[2] is the 判定 column)
        table.move_cursor(row=i)
        await pilot.pause()
        assert "≤ 10，实为 0，相符" in text_of(screen, "#check-detail")


@sync
async def test_a_wrongly_filed_version_is_withdrawn_with_a_reason(archive_copy):
    from xxgk.store import Archive

    app = make_app(archive_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2024)
        report_id = screen.report_id
        await pilot.press("W")
        await pilot.pause()
        prompt = app.screen
        assert "理由" in str(prompt.query_one("Static").render())
        await pilot.press("enter")  # no reason: nothing happens
        await pilot.pause()
        prompt.query_one("#value").value = "误报：这是区政府办的报告"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmModal"
        await pilot.press("y")
        await settle(pilot)
        assert any(n.title == "已撤回" for n in app._notifications)
        assert "已撤回" in text_of(screen, "#report-title")
        await pilot.press("escape")
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        line = next(x for x in grid.lines if x.agency == HONGZE)
        assert 2024 not in line.cells  # out of the overview
    with Archive(archive_copy, read_only=True) as archive:
        row = archive.report(report_id)
        assert row.withdrawn and row.withdrawn_reason == "误报：这是区政府办的报告"


@sync
async def test_read_only_offers_no_withdrawal(sample_archive):
    app = make_app(sample_archive, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, HONGZE, 2024)
        await pilot.press("W")
        await pilot.pause()
        assert app.screen is screen
