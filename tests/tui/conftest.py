"""A fresh archive per test session, built from the real sample reports with a fixed clock."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_reports"
FIXED_NOW = "2025-01-15T09:00:00+00:00"


def build_archive(path: Path, files) -> None:
    from xxgk.store import Archive
    from xxgk.store import archive as store_archive
    from xxgk.workflows.importing import import_paths

    saved = store_archive._now
    store_archive._now = lambda: FIXED_NOW
    try:
        with Archive(path) as archive:
            summary = import_paths(archive, files)
            assert not summary.failed and not summary.stopped, [o.error for o in summary.failed]
    finally:
        store_archive._now = saved


@pytest.fixture(scope="session")
def sample_archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "archive.sqlite"
    build_archive(path, sorted(SAMPLES.glob("*.txt")))
    return path


@pytest.fixture
def archive_copy(sample_archive, tmp_path) -> Path:
    """A private copy for tests that write (import, assign)."""
    target = tmp_path / "archive.sqlite"
    shutil.copy(sample_archive, target)
    return target


def grid_goto(screen, agency: str, year: int) -> None:
    """Put the overview grid's cursor on one agency and year."""
    grid = screen.query_one("ReportGrid")
    for i, line in enumerate(grid.lines):
        if line.agency == agency:
            grid.cursor_row = i
    grid.cursor_col = grid.years.index(year)
    grid._moved()


def make_app(path, **kwargs):
    from xxgk.tui.app import XxgkApp

    kwargs.setdefault("poll_seconds", None)
    kwargs.setdefault("color_mode", "full")  # never the test runner's own TERM / NO_COLOR
    return XxgkApp(path, **kwargs)


async def settle(pilot) -> None:
    """Wait until every worker finished and the messages they posted were handled."""
    for _ in range(5):  # workers post messages whose handlers schedule call_after_refresh work: several rounds
        await pilot.app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()


def sync(fn):
    """Run an async test without an asyncio pytest plugin (the project does not depend on one)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
