"""Report text is data on every screen (issue 13, item 1): agency names, labels, file names, messages and
source text holding Rich markup (``[/]``, ``[bold]``, ``[link=…]``), terminal escapes (ESC/OSC/C1) and
formula prefixes are drawn literally — never parsed as markup, never an escape reaching the terminal — on
the overview, report, compare, failures, import results, review, help, palette, versions and source
screens, and in every notification. A property test: hypothesis builds the archive (few examples, each
drives the whole app with Pilot)."""
from __future__ import annotations

import hashlib
import shutil

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.geometry import Region
from textual.widgets import DataTable

from tests.tui.conftest import SAMPLES, grid_goto, make_app, settle, sync
from xxgk.domain.model import CheckResult, ParsedReport, Value
from xxgk.presentation.text import terminal_text
from xxgk.tui.widgets.rows import RowTable
from xxgk.workflows.records import Archive

MARKUP = ["[/]", "[bold]", "[link=https://x.invalid]", "[/link]", "[red on blue]", "[@click=app.quit]", "[b]"]
ESCAPES = ["\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b31m", "\x1b]0;t\x1b\\", "\x07", "\x1b[31m"]
FORMULA = ["=1+2", "+cmd", "-2", "@SUM(A1)", ""]
CJK = st.text(alphabet="淮安市洪泽区盘锦开封人民政府局", min_size=1, max_size=4)


@st.composite
def hostile(draw, markup: list[str] = MARKUP) -> tuple[str, str]:
    """(text, the markup token it must show literally)."""
    token = draw(st.sampled_from(markup))
    text = draw(st.sampled_from(FORMULA)) + draw(CJK) + token + draw(st.sampled_from(ESCAPES)) + draw(CJK) + "局"
    return text, token


def screen_text(app) -> str:
    """Everything the current screen draws (every visible widget's lines)."""
    out = []
    for widget in [app.screen, *app.screen.walk_children()]:
        if not widget.display or not widget.region:
            continue
        region = Region(0, 0, widget.size.width, widget.size.height)
        try:
            lines = widget.render_lines(region)
        except Exception:  # a container without lines of its own
            continue
        out.extend("".join(seg.text for seg in line) for line in lines)
    return "\n".join(out)


def no_escape(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and not any("\x80" <= ch <= "\x9f" for ch in text)


def table_plain(app) -> str:
    parts = []
    for table in app.screen.query(DataTable):
        for row_key in table.rows:
            for cell in table.get_row(row_key):
                assert not isinstance(cell, str) or cell == "", f"a str cell is parsed as markup: {cell!r}"
                parts.append(getattr(cell, "plain", str(cell)))
    for rows in app.screen.query(RowTable):  # the virtual tables (the failures list): every row's cells
        for i in range(rows.row_count):
            for cell in rows.get_row_at(i):
                assert isinstance(cell, Text), f"a cell that is not Text: {cell!r}"
                parts.append(cell.plain)
    return "\n".join(parts)


def notifications_ok(app) -> None:
    for n in app._notifications:
        assert not n.markup, n.message
        no_escape(n.message)


def build(db, agency: str, label: str, file: str, text: str) -> None:
    def report(year: int, n: int, version: str = "") -> ParsedReport:
        sha = hashlib.sha256(f"{agency}{year}{n}{version}".encode()).hexdigest()
        return ParsedReport(
            file=f"{file}{version}.txt", sha256=sha, format="text", agency=agency, year=year, template="pre2019",
            values=[Value("c.req.received", label, n, str(n), unit="件"), Value("c.x.hostile", label, 7, "7", unit="件")],
            checks=[CheckResult("C1", "fail", f"{label} 不符", ["c.req.received"], title=label, expected=n + 1,
                                actual=n, difference=-1)],
            text=f"{text} {year} {n}")

    with Archive(db) as archive:
        archive.save_report(report(2016, 2))  # 2017 missing: Enter there says so, naming the agency
        archive.save_report(report(2018, 3))
        archive.save_report(report(2019, 5))
        archive.save_report(report(2019, 6, version="v2"))  # a second version: the versions screen
        archive.save_report(ParsedReport(file=f"{file}_review.txt", sha256=hashlib.sha256(file.encode()).hexdigest(),
                                         format="text", agency=None, year=None, text=f"{text} 待审核"))


@settings(max_examples=3, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=hostile(), label=hostile(), file=hostile([m for m in MARKUP if "/" not in m]), source=hostile())
def test_hostile_text_is_shown_literally_everywhere(tmp_path_factory, name, label, file, source):
    run(tmp_path_factory.mktemp("hostile"), name, label, file, source)


@sync
async def run(tmp, name, label, file, source):
    db = tmp / "hostile.sqlite"
    file_name = file[0]
    build(db, name[0], label[0], file_name, f"原文 {source[0]} 结束")
    with Archive(db) as archive:
        stored = next(a.name for a in archive.agencies())
    shown = terminal_text(stored)
    folder = tmp / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "hongze_2023.pdf.txt", folder / f"{file_name}.txt")

    app = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        text = screen_text(app)
        no_escape(text)
        assert shown[:10] in text and name[1] in text  # the agency, markup and all

        grid_goto(screen, stored, 2019)  # a report: the form, the checks, the title
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "report"
        text = screen_text(app) + table_plain(app)
        no_escape(text)
        assert name[1] in text and label[1] in text

        await pilot.press("v")  # the versions of 2019
        await settle(pilot)
        assert app.screen.SCREEN_ID == "versions"
        no_escape(screen_text(app) + table_plain(app))
        assert file[1] in table_plain(app)
        await pilot.press("escape")
        await pilot.press("t")  # the source text
        await settle(pilot)
        assert app.screen.SCREEN_ID == "source"
        area = app.screen.query_one("TextArea")
        no_escape(area.text)
        assert source[1] in area.text
        await pilot.press("escape")
        await pilot.press("c")  # compare with the year before
        await settle(pilot)
        assert app.screen.SCREEN_ID == "compare"
        text = screen_text(app) + table_plain(app)
        no_escape(text)
        assert name[1] in text
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "overview"

        grid_goto(app.screen, stored, 2017)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.SCREEN_ID == "overview"
        assert any(shown[:6] in n.message for n in app._notifications)
        notifications_ok(app)

        await pilot.press("f")  # failures: agency and rule title in the table
        await settle(pilot)
        assert app.screen.SCREEN_ID == "failures"
        plain = table_plain(app)
        no_escape(screen_text(app) + plain)
        assert label[1] in plain or name[1] in plain
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("r")  # the review list: the source file's name
        await settle(pilot)
        assert app.screen.SCREEN_ID == "review"
        plain = table_plain(app)
        no_escape(screen_text(app) + plain)
        assert file[1] in plain
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("f1")  # help
        await pilot.pause()
        no_escape(screen_text(app))
        await pilot.press("escape")

        await pilot.press("ctrl+p")  # the palette, searched with markup
        await pilot.pause()
        for ch in name[1][:3]:
            await pilot.press(ch)
        await pilot.pause(0.2)
        no_escape(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("i")  # import a file whose name holds markup and escapes
        await settle(pilot)
        assert app.screen.SCREEN_ID == "import"
        box = app.screen.query_one("#path")
        box.value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        plain = table_plain(app)
        no_escape(screen_text(app) + plain)
        assert file[1] in plain
        notifications_ok(app)
        assert app.is_running
