"""Pilot tests at 80×24: the summary screen (汇总: the form, incomplete sums, ranked lists, years, export)
and the report screen's checklist panel (e) and trend view (g), on the archive of the real text samples."""
from __future__ import annotations

from openpyxl import load_workbook

from tests.tui.conftest import grid_goto, make_app, settle, sync

SIZE = (80, 24)
HONGZE = "淮安市洪泽区人民政府"


def plain(lines) -> str:
    return "\n".join(line.plain for line in lines)


async def open_summary(pilot):
    await settle(pilot)
    await pilot.press("h")
    await settle(pilot)
    assert pilot.app.screen.SCREEN_ID == "summary"
    return pilot.app.screen


@sync
async def test_summary_screen_shows_the_form_sums_and_what_is_incomplete(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        s = screen.summary
        assert s.year == 2024  # the latest year of the archive
        title = screen.query_one("#summary-title").content.plain
        assert "2024 年汇总" in title and "报告 2 份" in title and "未报送" in title
        form = plain(screen.query_one("FormView").lines)
        # 本年新收 总计: hongze 95 + huaian 3119, typed from the two reports
        assert "3214" in form.split("一、本年新收政府信息公")[1].split("\n")[0]
        # hongze prints （六）其他处理 as one row: the 2021 sub-rows' sums lack it and say so
        assert "不完整的合计" in form and "1 份无此项（淮安市洪泽区人民政府）" in form.replace("(", "（").replace(")", "）")
        assert "复议纠错率" in form and "!20.6%" in form  # (64 + 1) / (72+64+178 + 1+1+0) = 65/316


@sync
async def test_summary_ranking_years_and_opening_a_report(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_summary(pilot)
        await pilot.press("l")  # the ranked lists
        await pilot.pause()
        table = screen.query_one("#summary-ranking")
        assert table.display and screen.ranked == ["淮安市人民政府", HONGZE]  # 申请量: 3119, then 95
        for _ in range(4):  # 申请量 → 申请量变化 → 公开率 → 不予公开率 → 复议纠错率
            await pilot.press("i")
        await pilot.pause()
        detail = screen.query_one("#summary-detail").content.plain
        assert detail.startswith("复议纠错率")
        first = [c.plain if hasattr(c, "plain") else str(c) for c in table.get_row_at(0)]
        assert first[1] == "淮安市人民政府" and first[2] == "!20.4%"  # 64 / 314, above the default 20 %
        second = [c.plain if hasattr(c, "plain") else str(c) for c in table.get_row_at(1)]
        assert second[0] == "" and second[2] == "(50.0%)"  # hongze 1 of 2: shown, not rated
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "report" and app.screen.detail.report.agency == "淮安市人民政府"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("left_square_bracket")  # the year before
        await settle(pilot)
        assert screen.summary.year == 2023 and [ln.agency for ln in screen.summary.included] == [HONGZE]


@sync
async def test_summary_export_from_the_app(sample_archive, tmp_path):
    app = make_app(sample_archive)
    target = tmp_path / "汇总.xlsx"
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.exists()
        assert [n.message for n in app._notifications][-1] == f"已导出到 {target}"
    wb = load_workbook(target)
    assert wb.sheetnames == ["汇总表", "报告清单", "指标排名", "数据"]


@sync
async def test_checklist_panel_and_trend_view_on_a_report(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        grid_goto(app.screen, HONGZE, 2024)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert screen.SCREEN_ID == "report"
        await pilot.press("e")
        await settle(pilot)
        panel = screen.query_one("ChecklistPanel")
        assert panel.display and not screen.query_one("#form-scroll").display
        assert panel.result.previous.year == 2023
        rows = panel.query_one("#checklist-items")
        assert rows.row_count == 8 and rows.has_focus
        titles = [rows.get_row_at(i)[1].plain for i in range(rows.row_count)]
        assert titles[0] == "按时公开" and "与上年重复不过半" in titles
        assert rows.get_row_at(0)[2].plain == "无法判断"  # hongze 2024 prints no date: never a pass
        for _ in range(titles.index("与上年重复不过半")):
            await pilot.press("down")
        await pilot.pause()
        evidence = panel.query_one("#checklist-evidence").content.plain
        assert "与 2023 年报告重复" in evidence and "一、总体情况" in evidence and "重复段落" in evidence
        await pilot.press("e")  # back to the form and its checks
        await pilot.pause()
        assert not panel.display and screen.query_one("#form-scroll").display
        await pilot.press("g")
        await settle(pilot)
        trend = plain(screen.query_one("FormView").lines)
        assert trend.startswith("历年趋势 2023–2024")
        assert any("本年新收政府信息公开申请数量" in ln and "+74" in ln for ln in trend.splitlines())  # 21 → 95
        await pilot.press("g")
        await pilot.pause()
        assert "三、收到和处理政府信息公开申请情况" in plain(screen.query_one("FormView").lines)
