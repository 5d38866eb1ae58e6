"""What every xxgk screen shares: registry bindings, read-only refusal, back, reload on archive change,
plain-text notifications, the line of a failed load, and assigning a report (three screens do).

Screens never import each other: they ask the app (``Host``) to open a report, a comparison, the source
text …, and the app knows the screens.

The dialogs, the exports and the hierarchy are imported where first used: every screen imports this module,
the overview before its first frame (bench/bench_tui.py).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from rich.text import Text
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from xxgk.presentation.text import strip_control
from xxgk.tui.actions import writes_action_names
from xxgk.tui.loading import load
from xxgk.tui.messages import Assigned, Exported, ExportYearsLoaded, HierarchyChanged, LoadFailed
from xxgk.tui.styles import style

if TYPE_CHECKING:
    from collections.abc import Iterable
    from concurrent.futures import Future

    from textual.app import App

    from xxgk.domain.model import ParseWarning, Value
    from xxgk.workflows.overview import OverviewStart
    from xxgk.workflows.records import Archive, ReportRow


class Host(Protocol):
    """What a screen asks of the app (``XxgkApp``)."""

    read_only: bool

    def open_archive(self) -> Archive: ...
    def take_early_start(self) -> Future[OverviewStart] | None: ...
    def warm_up(self) -> None: ...
    def settle_heap(self) -> None: ...
    def open_report(self, report_id: int, focus: tuple[str, str | None] | None = None) -> None: ...
    def open_compare(self, agency: str, year_a: int, year_b: int) -> None: ...
    def open_source(self, report: ReportRow, value: Value | None = None,
                    warning: ParseWarning | None = None, line: int | None = None) -> None: ...
    def open_versions(self, versions: list[ReportRow], current_id: int) -> None: ...
    def goto(self, name: str) -> None: ...
    def reload_screens(self) -> None: ...
    def refuse_read_only(self) -> None: ...


def warm_styles(app: App[Any], kinds: Iterable[type[Widget]]) -> None:
    """Parse the default CSS of widget ``kinds`` ahead (behind the overview's first paint): Textual parses a
    widget type's CSS when its first widget is mounted, in the frame of the first screen that shows one (a
    DataTable's, a Select's). Only the parse is cached; the stylesheet's sources are left as they are, so the
    styles are the same. A Textual without these internals leaves the first screen as it was."""
    sheet = app.stylesheet
    try:
        for kind in kinds:
            # what Textual's ``_post_register`` adds, read without building a widget (only its class counts)
            for read_from, css, tie_breaker, scope in object.__new__(kind)._get_default_css():
                sheet._parse_rules(css, read_from=read_from, is_default_rules=True, tie_breaker=tie_breaker,
                                   scope=scope)
    except Exception:  # noqa: BLE001 - a warm-up only
        return


class XxgkScreen(Screen[None]):
    SCREEN_ID: ClassVar[str] = "overview"
    STATUS_ID: ClassVar[str | None] = None  # the Static that shows the line of a failed load
    # widget types the screen mounts that the overview does not (their CSS parsed ahead: ``warm_styles``)
    STYLED: ClassVar[tuple[type[Widget], ...]] = ()
    stale = False

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    @property
    def read_only(self) -> bool:
        return getattr(self.app, "read_only", False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.read_only and action in writes_action_names(self.SCREEN_ID):
            return False  # hidden from the footer; the palette does not offer it either
        return True

    def refuse_if_read_only(self) -> bool:
        if self.read_only:
            self.host.refuse_read_only()
            return True
        return False

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications carry report text (agency names, file names): plain text, never markup."""
        super().notify(strip_control(message), title=title, severity=severity, timeout=timeout, markup=markup)

    def leave(self) -> bool:
        """Back to the screen below; False, and nothing done, when this is the first screen or no longer the
        one shown (an Esc typed twice quickly reaches a screen after it closed: popping then would close the
        screen below it)."""
        if not self.is_current or len(self.app.screen_stack) <= 2:
            return False
        self.app.pop_screen()
        return True

    def action_back(self) -> None:
        self.leave()

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.reload()

    def reload(self) -> None:
        """Load (again) what the screen shows, in a worker (``xxgk.tui.loading.load``)."""

    # -- answers every screen handles the same way --------------------------------------------------

    def on_load_failed(self, message: LoadFailed) -> None:
        """A job failed: its line on the screen's status line, or as a notification (writes)."""
        if message.notify or self.STATUS_ID is None:
            self.notify(message.text, title="出错", severity="error")
        else:
            self.query_one(self.STATUS_ID, Static).update(Text(message.text, style=style("error")))

    # -- assigning an agency and a year to a report waiting for review ------------------------------

    def assign(self, report: ReportRow, agencies: list[str] | None = None) -> None:
        """Ask for the agency and year of ``report``, then save them in a worker (answer: ``Assigned``)."""
        if self.refuse_if_read_only():
            return
        from xxgk.tui.dialogs import AssignModal

        def answered(answer: tuple[str, int] | None) -> None:
            if answer is None:
                return
            agency, year = answer
            load(self, lambda archive: Assigned(report.id, archive.assign(report.id, agency, year)),
                 group="assign", failure="未能指定", notify=True, latest_only=False)

        self.app.push_screen(AssignModal(report, agencies), answered)

    def set_parent_of(self, agency: str) -> None:
        """Ask for ``agency``'s parent (a name; 无 to take it from under its parent), then save it."""
        if self.refuse_if_read_only():
            return
        from xxgk.tui.dialogs import PromptModal
        from xxgk.workflows.hierarchy import clear_parent, set_parent

        def answered(value: str | None) -> None:
            if value is None:
                return

            def job(archive: Archive) -> HierarchyChanged:
                if value in ("无", "-", "—"):
                    clear_parent(archive, [agency])
                    return HierarchyChanged(f"“{agency}”已没有上级机关")
                set_parent(archive, value, [agency])
                return HierarchyChanged(f"“{agency}”已设为“{archive.agency(value).name}”的下级")

            load(self, job, group="hierarchy", failure="未能设置上级", notify=True, latest_only=False)

        self.app.push_screen(PromptModal(f"“{agency}”的上级机关", placeholder="上级机关名称；输入 无 取消上级"),
                             answered)

    def on_hierarchy_changed(self, message: HierarchyChanged) -> None:
        self.notify(message.text, title="上下级")
        self.host.reload_screens()

    # -- exports every screen offers (palette: 导出) --------------------------------------------------

    def export_years(self) -> tuple[int, int] | None:
        """The two years this screen is about (the compare screen's pair), or None: ask."""
        return None

    def action_export_all(self) -> None:
        """The 汇总 of every agency for two years: this screen's years, else asked (default: the last two)."""
        from xxgk.tui.exporting import all_export, ask_export

        years = self.export_years()
        if years is not None:
            ask_export(self, all_export(*years))
            return
        load(self, lambda archive: ExportYearsLoaded(archive.years()), group="export-years",
             failure="读取年度失败", notify=True)

    def on_export_years_loaded(self, message: ExportYearsLoaded) -> None:
        from xxgk.tui.dialogs import PromptModal
        from xxgk.tui.exporting import all_export, ask_export

        years = sorted(set(message.years))
        if len(years) < 2:
            self.notify("档案中不到两个年度的报告，无法做两年比较的汇总。", severity="warning")
            return

        def chosen(value: str | None) -> None:
            found = [int(y) for y in re.findall(r"\d{4}", value or "")]
            if not value:
                return
            if len(found) != 2 or found[0] == found[1]:
                self.notify(f"请输入两个年度，如 {years[-2]} {years[-1]}。", severity="warning")
                return
            ask_export(self, all_export(*sorted(found)))

        self.app.push_screen(PromptModal(f"导出哪两年的全部机关汇总？已有：{'、'.join(map(str, years))}",
                                         f"{years[-2]} {years[-1]}"), chosen)

    def action_export_failures(self) -> None:
        """The failures list (every year, every agency; the failures screen exports its filtered list)."""
        from xxgk.tui.exporting import ask_export, failures_export

        ask_export(self, failures_export(None, None, None, ("fail", "warn")))

    def on_exported(self, message: Exported) -> None:
        text = f"已导出{message.what}：{message.path}" if message.what else f"已导出到 {message.path}"
        self.notify(text, title="导出完成")

    def on_assigned(self, message: Assigned) -> None:
        result = message.result
        text = f"报告 #{message.report_id} 已归入 {result.agency} {result.year}" + (
            f"（第 {result.version} 版）" if result.version > 1 else "")
        self.notify(text, title="已指定")
        self.host.reload_screens()
