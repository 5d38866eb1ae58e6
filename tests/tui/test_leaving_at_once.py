"""A screen left at once: Esc typed right after the key that opened it (fast typing, a key repeat, a paste
over SSH) arrives before the screen's widgets finished mounting. The app must keep running.

Before the fix the app ended with ``NoMatches`` from a mount handler (the checklist panel's, Textual's own
Header's) querying children of a screen already taken down."""
from __future__ import annotations

import pytest
from textual import events

from tests.tui.conftest import make_app, settle, sync

KEYS = ["enter", "c", "f", "s", "e", "g", "k", "i", "f1", "w", "t", "x", "o"]


def key(app, name: str) -> None:
    app.post_message(events.Key(name, None))  # no wait for the app to be idle between keys, as a terminal sends them


# Textual's Header leaves its title watcher's coroutine unawaited when its screen is gone before it ran
@pytest.mark.filterwarnings("ignore:coroutine 'Header._on_mount.<locals>.set_title' was never awaited")
@sync
async def test_every_screen_opened_and_left_at_once(sample_archive):
    app = make_app(sample_archive)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name in KEYS:
            for _ in range(3):
                key(app, name)
                key(app, "escape")
                await pilot.pause(0.01)
            for chained in ("enter", "c", "escape", "escape"):  # a report, its comparison, back twice
                key(app, chained)
            await pilot.pause(0)
        await settle(pilot)
        assert app.is_running
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "OverviewScreen"]
