"""The xxgk Textual app: ``run(db_path, read_only)`` is what ``xxgk`` with no arguments calls.

The app knows the screens and navigates between them (``open_report``, ``open_compare``, ``goto`` …);
screens ask it and never import each other. Every database call runs in a thread worker with its own
archive (SQLite connections are per thread), through ``xxgk.tui.loading.load``.
"""
from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.notifications import SeverityLevel

from xxgk.presentation.text import strip_control, terminal_text
from xxgk.tui.actions import app_bindings
from xxgk.tui.loading import read_early
from xxgk.tui.messages import DataChanged
from xxgk.tui.palette import XxgkCommands
from xxgk.tui.screens.base import XxgkScreen, warm_styles
from xxgk.tui.screens.help import HelpScreen
from xxgk.tui.screens.overview import OverviewScreen
from xxgk.tui.styles import detect_mode, set_mode
from xxgk.workflows.opening import open_archive
from xxgk.workflows.overview import overview_start
from xxgk.workflows.records import ArchiveError

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future

    from xxgk.domain.model import ParseWarning, Value
    from xxgk.workflows.overview import OverviewStart
    from xxgk.workflows.records import Archive, ReportRow

POLL_SECONDS = 2.0
S = TypeVar("S", bound=XxgkScreen)

# Only the overview (and help) is imported with the app: the other screens (the report screen alone pulls in
# the checklist, indicators and trends) cost as much to import as Textual itself, so each is imported the
# first time it is opened (bench/bench_tui.py).
GOTO = ("overview", "failures", "review", "import", "summary", "search")  # the screens ``goto`` reaches by name


def screen_class(name: str) -> type[XxgkScreen]:
    """The screen ``goto`` opens for ``name`` (one of ``GOTO``), its module imported now if not yet."""
    if name == "failures":
        from xxgk.tui.screens.failures import FailuresScreen

        return FailuresScreen
    if name == "review":
        from xxgk.tui.screens.review import ReviewScreen

        return ReviewScreen
    if name == "import":
        from xxgk.tui.screens.importer import ImportScreen

        return ImportScreen
    if name == "summary":
        from xxgk.tui.screens.summary import SummaryScreen

        return SummaryScreen
    if name == "search":
        from xxgk.tui.screens.search import SearchScreen

        return SearchScreen
    if name == "overview":
        return OverviewScreen
    raise KeyError(name)


def _raised_off_screen(app: App[Any], error: Exception) -> bool:
    """Whether ``error`` came from a handler of a node that is on no screen of ``app``'s stack."""
    stack = set(app.screen_stack)
    tb = error.__traceback__
    while tb is not None:
        node = tb.tb_frame.f_locals.get("self")
        if isinstance(node, DOMNode) and not isinstance(node, App):
            try:
                return node.screen not in stack
            except Exception:  # no screen at all: detached
                return True
        tb = tb.tb_next
    return False


class XxgkApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "xxgk 政府信息公开年报审核"
    BINDINGS = app_bindings()
    COMMANDS = {XxgkCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_path: str | Path, read_only: bool = False, poll_seconds: float | None = POLL_SECONDS,
                 color_mode: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # once, at start-up: full colours, 16 colours or NO_COLOR (xxgk.presentation.status.STYLES)
        self.color_mode = set_mode(color_mode) if color_mode else detect_mode()
        self.db_path = Path(db_path)
        self.read_only = read_only
        self.poll_seconds = poll_seconds
        self.data_version: int | None = None
        self._polling = False
        self._early_start: Future[OverviewStart] | None = None
        self._warmed = False
        self._kept: dict[type[XxgkScreen], XxgkScreen] = {}
        self.sub_title = terminal_text(self.db_path.name) + ("（只读）" if read_only else "")

    def _handle_exception(self, error: Exception) -> None:
        """A screen left at once (Esc typed right after the key that opened it) is taken down while its
        widgets still mount: their mount handlers, and Textual's own Header's, then find no children to
        query. That ``NoMatches`` is about a screen nobody sees any more; it must not end the app."""
        if isinstance(error, NoMatches) and _raised_off_screen(self, error):
            return
        super()._handle_exception(error)

    # -- archive access (call from worker threads only) ---------------------------------------------

    def open_archive(self) -> Archive:
        """This thread's own archive. ``run`` created or checked it before the app started: a path
        that no longer holds an archive is an error here, never a new empty archive."""
        return open_archive(self.db_path, read_only=self.read_only)

    def take_early_start(self) -> Future[OverviewStart] | None:
        """The overview's first page, read since the app loaded (once; None after)."""
        future, self._early_start = self._early_start, None
        return future

    # -- lifecycle ------------------------------------------------------------------------------------

    def on_load(self) -> None:
        # the overview's first page is read while Textual parses the styles and builds the first screen
        self._early_start = read_early(self, overview_start)

    def on_mount(self) -> None:
        self.push_screen(OverviewScreen())
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.poll_data_version)

    def poll_data_version(self) -> None:
        """Ask the archive for its data version, unless the previous poll is still running (a slow or
        busy archive): ticks never pile up threads, and a poll is never cancelled halfway."""
        if self._polling:
            return
        self._polling = True
        self.run_worker(self._poll, thread=True, group="poll", exit_on_error=False)

    def _poll(self) -> None:
        try:
            try:
                with self.open_archive() as archive:
                    version = archive.data_version()
            except Exception:  # a busy or vanished archive: try again at the next tick
                return
            self.post_message(DataChanged(version))
        finally:
            self._polling = False

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
            if isinstance(screen, XxgkScreen):
                screen.stale = True
        top = self.screen
        if isinstance(top, XxgkScreen):
            top.stale = False
            top.reload()

    # -- navigation: what screens ask for -------------------------------------------------------------

    def kept(self, kind: type[S]) -> S | None:
        """The screen of ``kind`` kept from its first opening, when it is free (not on the stack): a screen
        opened again is reused rather than built, composed and styled again (``keep``)."""
        screen = self._kept.get(kind)
        return screen if isinstance(screen, kind) and screen not in self.screen_stack else None

    def keep(self, screen: S) -> S:
        """Keep the first screen of its kind for the next opening (installed: closing it does not remove it)."""
        if type(screen) not in self._kept:
            self._kept[type(screen)] = screen
            self.install_screen(screen, name=f"kept-{type(screen).__name__}")
        return screen

    def open_report(self, report_id: int, focus: tuple[str, str | None] | None = None) -> None:
        """One report; ``focus`` = (rule, scope) of the check to select first."""
        from xxgk.tui.screens.report import ReportScreen

        screen = self.kept(ReportScreen)
        if screen is not None:
            screen.open(report_id, focus=focus)
        else:
            screen = self.keep(ReportScreen.reading(self, report_id, focus=focus))
        self.push_screen(screen)

    def open_compare(self, agency: str, year_a: int, year_b: int) -> None:
        from xxgk.tui.screens.compare import CompareScreen

        screen = self.kept(CompareScreen)
        if screen is not None:
            screen.open(agency, year_a, year_b)
        else:
            screen = self.keep(CompareScreen.reading(self, agency, year_a, year_b))
        self.push_screen(screen)

    def warm_up(self) -> None:
        """The overview is read: import the screens a reviewer opens from it (a report, a comparison, the
        failures), one per turn of the event loop, so that the first Enter does not wait for their modules
        (the report screen's cost about a fifth of Textual's own)."""
        if self._warmed:
            return
        self._warmed = True
        steps: list[Callable[[], object]] = [self._import_report, self._import_compare,
                                             lambda: screen_class("failures"), self._warm_styles]

        def step() -> None:
            if steps:
                steps.pop(0)()
                self.set_timer(0.01, step)

        self.set_timer(0.01, step)

    def settle_heap(self) -> None:
        """The overview has read every page: what it holds lives until its next reload (at 100,000 reports
        some 200,000 objects). Once its frame is drawn: one full collection, then every object alive is kept
        out of the cycle collector's sight (``gc.freeze``), else each later full collection walked them all
        again, 90 ms of CPU landing on whatever key or screen came then. Reference counting still frees
        them; the next settling unfreezes and collects what was frozen before, so nothing is kept for good."""
        def settle() -> None:
            gc.unfreeze()
            gc.collect()
            gc.freeze()

        self.call_after_refresh(settle)

    def _warm_styles(self) -> None:
        from xxgk.tui.screens.compare import CompareScreen
        from xxgk.tui.screens.failures import FailuresScreen
        from xxgk.tui.screens.report import ReportScreen

        screens: tuple[type[XxgkScreen], ...] = (ReportScreen, CompareScreen, FailuresScreen)
        warm_styles(self, [*screens, *{kind: None for screen in screens for kind in screen.STYLED}])

    @staticmethod
    def _import_report() -> None:
        from xxgk.tui.screens.report import ReportScreen  # noqa: F401

    @staticmethod
    def _import_compare() -> None:
        from xxgk.tui.screens.compare import CompareScreen  # noqa: F401

    def open_source(self, report: ReportRow, value: Value | None = None, warning: ParseWarning | None = None,
                    line: int | None = None) -> None:
        """The report's text, at the line ``value`` (a cell) or ``warning`` came from, or at ``line``."""
        from xxgk.tui.screens.report import SourceScreen

        self.push_screen(SourceScreen(report, value=value, warning=warning, line=line))

    def open_versions(self, versions: list[ReportRow], current_id: int) -> None:
        from xxgk.tui.screens.report import VersionsScreen

        self.push_screen(VersionsScreen(versions, current_id))

    def goto(self, name: str) -> None:
        """One of ``GOTO``; a screen already on the stack is returned to instead of stacked again."""
        if name == "import" and self.read_only:
            self.refuse_read_only()
            return
        for screen in reversed(self.screen_stack):
            if getattr(screen, "SCREEN_ID", None) == name:
                while self.screen is not screen:
                    self.pop_screen()
                return
        if name == "failures":
            self.open_failures()
            return
        self.push_screen(screen_class(name)())

    def open_failures(self) -> None:
        from xxgk.tui.screens.failures import FailuresScreen

        screen = self.kept(FailuresScreen)
        if screen is not None:
            screen.open()
        else:
            screen = self.keep(FailuresScreen.reading(self))
        self.push_screen(screen)

    # -- actions --------------------------------------------------------------------------------------

    def action_goto(self, name: str) -> None:
        self.goto(name)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(getattr(self.screen, "SCREEN_ID", "overview")))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder="输入要做的事，如 导入、比较、导出、问题清单…"))

    def action_help_quit(self) -> None:
        """Ctrl+C out of habit: say in Chinese how to quit (Textual's own line is English, and markup)."""
        self.notify("按 Ctrl+Q 立即退出；在总览中按 q，确认后退出。", title="要退出吗？")

    def action_refresh_screen(self) -> None:
        self.reload_screens()

    def refuse_read_only(self) -> None:
        self.notify("档案以只读方式打开（--read-only），不能导入或修改。", title="只读", severity="warning")

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications may carry report text: plain text unless asked otherwise."""
        super().notify(strip_control(message), title=title, severity=severity, timeout=timeout, markup=markup)


# -- start-up -------------------------------------------------------------------------------------------

NO_TERMINAL = ("xxgk：应用界面需要在终端中运行（标准输入、标准输出和标准错误都须是终端，不能重定向）；"
               "脚本请用命令行：xxgk --help")


def _is_terminal(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # a closed stream
        return False


def refuse_without_terminal() -> None:
    """Exit 2 with one line unless stdin, stdout and stderr are all terminals: Textual would wait for
    a terminal that never answers, drawing escape codes into the redirected stream. The line goes
    where a person will see it (stderr; if that is redirected, a terminal on stdout) and holds no
    escape codes."""
    if all(_is_terminal(s) for s in (sys.stdin, sys.stdout, sys.stderr)):
        return
    out = sys.stdout if not _is_terminal(sys.stderr) and _is_terminal(sys.stdout) else sys.stderr
    if out is not None:
        print(NO_TERMINAL, file=out, flush=True)
    raise SystemExit(2)


def run(db_path: str | Path, read_only: bool = False) -> None:
    """Open the app on ``db_path``. No terminal, or a problem with the archive: one line, exit 2."""
    refuse_without_terminal()
    try:  # create / check the schema before the screen opens
        open_archive(db_path, read_only=read_only, create=not read_only).close()
    except ArchiveError as exc:
        print(f"xxgk: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    XxgkApp(db_path, read_only=read_only).run()
