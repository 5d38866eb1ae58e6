"""The overview as issue 10 asks: text an input method commits one character at a time, ``q`` that asks,
a footer that keeps 导入 / 帮助 / 退出 at 80 columns, help and palette in Chinese without internal ids,
blank years before an agency's first report, whole numbers at any width, the first-run hint, pinyin order,
and the overview kept (not rebuilt) when a reviewer comes back to it."""
from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual import events

from tests.tui.conftest import grid_goto, make_app, settle, sync
from xxgk.presentation.collation import by_agency
from xxgk.tui.widgets.grid import REVIEW_ROW, cell_text

SIZE = (80, 24)
HONGZE = "淮安市洪泽区人民政府"


def painted(widget, y: int) -> str:
    return "".join(seg.text for seg in widget.render_line(y))


def footer_text(app) -> str:
    footer = app.screen.query_one("KeyFooter")
    return footer.render().plain


@sync
async def test_filter_keeps_every_character_typed_one_at_a_time_on_the_grid(sample_archive):
    """An IME commits each character as its own key event, the first one while the grid has the focus:
    every character is kept (the input used to select all on focus, so each one replaced the last)."""
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        assert grid.has_focus
        for ch in "盘锦市商":
            await pilot.press(ch)
            await pilot.pause()
        box = app.screen.query_one("#filter")
        assert box.value == "盘锦市商"
        assert [line.agency for line in grid.lines] == ["盘锦市商务局"]


@sync
async def test_filter_keeps_every_character_pasted_or_posted_one_at_a_time(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        box = app.screen.query_one("#filter")
        grid.post_message(events.Paste("盘"))  # a paste (or a terminal's IME commit) on the grid
        await pilot.pause()
        assert box.has_focus and box.value == "盘"
        for ch in "锦市":  # the next commits arrive at the focused input, one at a time
            app.post_message(events.Key(ch, ch))
            await pilot.pause()
        box.post_message(events.Paste("商"))
        await pilot.pause()
        assert box.value == "盘锦市商"
        assert [line.agency for line in grid.lines] == ["盘锦市商务局"]
        await pilot.press("escape")  # back to the grid, the filter kept
        assert grid.has_focus and box.value == "盘锦市商"
        await pilot.press("slash")  # focusing again selects nothing: the next character adds
        await pilot.press("务")
        assert box.value == "盘锦市商务"


@sync
async def test_q_asks_before_quitting_and_ctrl_q_does_not(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmModal" and app.is_running
        assert "退出" in app.screen.query_one("Static").render().plain
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.SCREEN_ID == "overview" and app.is_running
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


@sync
async def test_ctrl_c_says_in_chinese_how_to_quit(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.is_running
        notes = [(n.title, n.message) for n in app._notifications]
        assert notes == [("要退出吗？", "按 Ctrl+Q 立即退出；在总览中按 q，确认后退出。")], notes


@sync
async def test_footer_keeps_import_help_and_quit_at_80_columns(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = footer_text(app)
        for item in ("i 导入", "F1 帮助", "q 退出", "Enter 打开", "f 问题清单"):
            assert item in text, text
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        text = footer_text(app)
        assert "i 导入" in text and "F1 帮助" in text and "q 退出" in text, text
        assert "s 排序" not in text  # lower ranks give way first
    app = make_app(sample_archive, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "导入" not in footer_text(app)  # a read-only archive offers no writes


@sync
async def test_help_and_palette_speak_chinese_without_internal_ids(sample_archive):
    from xxgk.tui.actions import ACTIONS

    ids = {a.id for a in ACTIONS if "_" in a.id}
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        body = app.screen.query_one("#help-body").render().plain
        assert "Ctrl+R" in body and "ctrl+r" not in body
        # the palette's own key, and one heading over what only the palette reaches (it was "Ctrl+P 转到：…"
        # on four lines)
        assert body.count("Ctrl+P") == 2 and not re.search(r"Ctrl\+P\s+转到", body)
        assert "转到：问题清单" in body
        assert not any(i in body for i in ids)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        shown = "\n".join(str(w.render()) for w in palette.query("Static, OptionList"))
        assert not any(i in shown for i in ids), shown
        placeholder = palette.query_one("Input").placeholder
        assert "导入" in placeholder and "Search" not in placeholder

        async def found(words: str) -> list[str]:
            box = palette.query_one("Input")
            box.value = words
            await pilot.pause(0.4)
            options = palette.query_one("CommandList")
            return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

        assert any("导入文件" in hit for hit in await found("导入"))
        assert any("比较" in hit for hit in await found("比较"))
        assert any("问题清单" in hit for hit in await found("失败"))  # by its keywords
        by_id = await found("next_fail")  # an internal id finds no action, only the line saying so
        assert len(by_id) == 1 and by_id[0].startswith("没有名称含“next_fail”的操作"), by_id
        await pilot.press("escape")
        await pilot.pause()
        grid_goto(app.screen, HONGZE, 2024)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        assert any("导出" in hit for hit in await found("导出"))


@sync
async def test_help_explains_every_mark_in_its_style_without_wrapping_at_80_columns(sample_archive):
    from xxgk.tui.styles import style

    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        static = app.screen.query_one("#help-body")
        body = static.render()
        lines = body.plain.splitlines()
        start = lines.index("标记") + 2
        section = lines[start:lines.index("", start)]
        marks = dict(line.split(maxsplit=1) for line in section)
        for mark in ("!n", "~n", "?n", "ok", "缺", "空白", "!", "~", "?", ">", "≈"):
            assert mark in marks, (mark, marks)
        assert "STRICT" in marks["!n"] and "SOFT" in marks["~n"] and "空白" in marks["?n"]
        assert "首次报送之后" in marks["缺"] and "首次报送之前" in marks["空白"]
        # each mark drawn as the screens draw it: the failure a block, distinct from 缺 and ~
        def looks(spec) -> tuple:
            st = Style.parse(str(spec))
            return (st.color and st.color.triplet, st.bgcolor and st.bgcolor.triplet, st.bold, st.reverse,
                    st.underline, st.dim)

        drawn = {body.plain[s.start:s.end]: looks(s.style) for s in body.spans}
        assert drawn["!n"] == looks(style("fail")) and drawn["!n"][1] and drawn["!n"][2]  # on a block, bold
        assert drawn["缺"] == looks(style("missing")) and drawn["~n"] == looks(style("warn"))
        assert len({drawn["!n"], drawn["缺"], drawn["~n"]}) == 3
        # one terminal line per text line: nothing wraps in the dialog at 80 columns
        assert static.size.height == body.plain.count("\n") + 1, static.size
        assert app.screen.query_one("#help-body").size.width >= 62


@sync
async def test_palette_says_in_chinese_when_nothing_matches_and_leads_to_help(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        palette.query_one("Input").value = "[/]收入[b]"  # nothing is called that; and it is not markup
        await pilot.pause(0.9)  # past Textual's own "No matches found" countdown (0.5 s)
        options = palette.query_one("CommandList")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(prompts) == 1 and "没有名称含“[/]收入[b]”的操作" in prompts[0], prompts
        assert not any("No matches" in p for p in prompts)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen.SCREEN_ID == "help"  # the line leads to every key of the screen


@sync
async def test_years_before_the_first_report_are_blank_and_the_legend_explains_every_mark(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        line = next(x for x in grid.lines if x.agency == HONGZE)
        assert line.first_year == 2023
        assert cell_text(None, 2019, line.first_year) == ("", "none")  # before its first report: blank
        assert cell_text(line.cells[2023], 2023, 2023) == ("!2", "fail")
        kaifeng = next(x for x in grid.lines if x.agency == "开封市质量技术监督局")
        assert cell_text(None, 2019, kaifeng.first_year) == ("缺", "missing")  # after it: missing
        row = painted(grid, grid.lines.index(line) + 1)
        assert "缺" not in row and "!2" in row
        legend = app.screen.query_one("#legend").render().plain
        for mark in ("!n", "~n", "?n", "ok", "缺", "空白", "◂▸"):
            assert mark in legend


@sync
async def test_numbers_are_never_cut_at_any_width(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid = app.screen.query_one("ReportGrid")
        for width in (40, 47, 53, 61, 66, 72, 79, 80):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            agency_w = grid._agency_width()
            for i, line in enumerate(grid.lines):
                if line.agency_id == REVIEW_ROW or i + 1 >= grid.size.height:
                    continue
                labels = {cell_text(c, y, line.first_year)[0] for y, c in line.cells.items()} | {"缺", "ok"}
                row = painted(grid, i + 1 - grid.row_offset)
                assert len(row) <= width
                numbers = [t.strip("[]") for t in row.split() if re.fullmatch(r"\[?[!~?]\d+\]?", t)]
                assert all(t in labels for t in numbers), (width, row, labels)  # "?4" of "?44" would fail
                assert agency_w + len(numbers) * 6 <= width


@sync
async def test_the_first_run_hint_stays(tmp_path):
    from xxgk.workflows.opening import open_archive

    db = tmp_path / "empty.sqlite"
    open_archive(db, create=True).close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        status = app.screen.query_one("#status").content
        assert isinstance(status, Text) and "按 i 导入" in status.plain
        grid = app.screen.query_one("ReportGrid")
        assert any("按 i 导入" in painted(grid, y) for y in range(grid.size.height))
        await pilot.press("down", "right")  # moving on an empty grid does not overwrite it
        await pilot.pause()
        assert "按 i 导入" in app.screen.query_one("#status").content.plain


@sync
async def test_agencies_are_listed_by_pinyin(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = [x.agency for x in app.screen.query_one("ReportGrid").lines if x.agency_id != REVIEW_ROW]
        assert names == by_agency(names, str)
        # huai an shi … before kai feng … before pan jin …: by code point 开 (U+5F00) came before 淮 (U+6DEE)
        assert names.index(HONGZE) < names.index("开封市质量技术监督局") < names.index("盘锦市")
        assert sorted(names) != names


@sync
async def test_the_overview_is_kept_when_coming_back(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        overview = app.screen
        loads = []
        original = overview.reload
        overview.reload = lambda: (loads.append(1), original())[1]
        grid_goto(overview, HONGZE, 2023)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is overview and not loads  # the same screen, not read again
        grid = overview.query_one("ReportGrid")
        assert grid.current_line.agency == HONGZE and grid.current_year == 2023  # where the reviewer was
