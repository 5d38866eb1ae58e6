"""SVG snapshots of every screen at 80×24 and 120×40 (update with ``pytest --snapshot-update``)."""
from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.tui.conftest import grid_goto as goto
from tests.tui.conftest import make_app, settle

SIZES = [(80, 24), (120, 40)]
HONGZE = "淮安市洪泽区人民政府"


def steady(run_before):
    """The focused Input's cursor blinks every 0.5 s: a snapshot taken later than that after the focus
    (a slow or loaded machine) caught it off. Stop the blinking once the screen is set up, so that the
    cursor is always drawn, as in the stored snapshots."""

    async def run(pilot):
        await run_before(pilot)
        if isinstance(pilot.app.focused, Input):
            pilot.app.focused.cursor_blink = False
        await pilot.pause()

    return run


async def _overview(pilot):
    await settle(pilot)


async def _report(pilot):
    await settle(pilot)
    goto(pilot.app.screen, HONGZE, 2023)
    await pilot.press("enter")
    await settle(pilot)


async def _report_c(pilot):
    await settle(pilot)
    goto(pilot.app.screen, "盘锦市", 2015)
    await pilot.press("enter")
    await settle(pilot)


async def _compare(pilot):
    await settle(pilot)
    goto(pilot.app.screen, HONGZE, 2024)
    await pilot.press("c")
    await settle(pilot)


async def _failures(pilot):
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)


async def _import(pilot):
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)
    path = pilot.app.screen.query_one("#path")
    path.value = "/nonexistent/"
    path.cursor_position = len(path.value)  # not left where the checkout's own path ended
    await pilot.pause()


async def _review(pilot):
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)


async def _help(pilot):
    await settle(pilot)
    await pilot.press("f1")
    await pilot.pause()


SCREENS = {"overview": _overview, "report": _report, "report_pre2019": _report_c, "compare": _compare,
           "failures": _failures, "import": _import, "review": _review, "help": _help}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_snapshot(snap_compare, sample_archive, name, size):
    assert snap_compare(make_app(sample_archive), terminal_size=size, run_before=steady(SCREENS[name]))


# The marks in the other two colour modes (issue 10): the screens where marks matter, at 80×24. NO_COLOR
# is set before the app is made, as a terminal would (Textual's own filter then greys its chrome too).
MODE_SCREENS = ("overview", "report", "compare", "failures")


@pytest.mark.parametrize("mode", ["16", "mono"])
@pytest.mark.parametrize("name", MODE_SCREENS)
def test_mode_snapshot(snap_compare, sample_archive, monkeypatch, name, mode):
    if mode == "mono":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    assert snap_compare(make_app(sample_archive, color_mode=mode), terminal_size=(80, 24),
                        run_before=steady(SCREENS[name]))
