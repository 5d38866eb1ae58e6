"""The xxgk Textual app: ``run(db_path, read_only)`` is what ``xxgk`` with no arguments calls.

Start-up stays lean: screens, the store and the domain are imported lazily (the overview screen on
mount, the store in the first worker thread). Every database call runs in a thread worker that opens
its own ``Archive`` (SQLite connections are per thread) and posts a message back.
"""
from __future__ import annotations

import sys
from pathlib import Path

from textual import work
from textual.app import App
from textual.message import Message

from xxgk.tui.actions import BY_ID, app_bindings
from xxgk.tui.palette import XxgkCommands

POLL_SECONDS = 2.0


class DataChanged(Message):
    """Someone (this app or another process) committed a change to the archive."""

    def __init__(self, version: int) -> None:
        super().__init__()
        self.version = version


class XxgkApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "xxgk 政府信息公开年报审核"
    BINDINGS = app_bindings()
    COMMANDS = {XxgkCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_path: str | Path, read_only: bool = False, poll_seconds: float | None = POLL_SECONDS,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.db_path = Path(db_path)
        self.read_only = read_only
        self.poll_seconds = poll_seconds
        self.data_version: int | None = None
        self.sub_title = self.db_path.name + ("（只读）" if read_only else "")

    # -- archive access (call from worker threads only) ---------------------------------------------

    def open_archive(self):
        from xxgk.workflows.opening import open_archive

        return open_archive(self.db_path, read_only=self.read_only, create=not self.read_only)

    # -- lifecycle ------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        from xxgk.tui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen())
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.poll_data_version)

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_data_version(self) -> None:
        try:
            with self.open_archive() as archive:
                version = archive.data_version()
        except Exception:  # a busy or vanished archive: try again at the next tick
            return
        self.post_message(DataChanged(version))

    def on_data_changed(self, message: DataChanged) -> None:
        if self.data_version is None:
            self.data_version = message.version
            return
        if message.version != self.data_version:
            self.data_version = message.version
            self.reload_screens()

    def reload_screens(self) -> None:
        """The archive changed: the visible screen reloads now, the others when they are shown again."""
        for screen in self.screen_stack:
            if hasattr(screen, "reload"):
                screen.stale = True
        top = self.screen
        if hasattr(top, "reload"):
            top.stale = False
            top.reload()

    # -- actions --------------------------------------------------------------------------------------

    def action_help(self) -> None:
        from xxgk.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(getattr(self.screen, "SCREEN_ID", "overview")))

    def action_refresh_screen(self) -> None:
        self.reload_screens()

    def action_goto(self, name: str) -> None:
        if name == "import" and self.read_only:
            self.refuse_read_only()
            return
        from xxgk.tui.screens import make_screen

        # going "to" a screen already on the stack returns to it instead of stacking another copy
        for screen in reversed(self.screen_stack):
            if getattr(screen, "SCREEN_ID", None) == name:
                while self.screen is not screen:
                    self.pop_screen()
                return
        self.push_screen(make_screen(name))

    def refuse_read_only(self) -> None:
        self.notify("档案以只读方式打开（--read-only），不能导入或修改。", title="只读", severity="warning")

    def key_text(self, action_id: str) -> str:
        return BY_ID[action_id].key_text()


def run(db_path: str, read_only: bool = False) -> None:
    """Open the app on ``db_path``. Problems with the archive print one line and exit 2."""
    from xxgk.workflows.opening import open_archive
    from xxgk.workflows.records import ArchiveError

    try:
        open_archive(db_path, read_only=read_only, create=not read_only).close()  # create / check the schema before the screen opens
    except ArchiveError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    XxgkApp(db_path, read_only=read_only).run()
