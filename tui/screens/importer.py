"""Import files or a folder from inside the app: a path box with completion, a thread worker with a
progress bar, a summary, and the reports needing review assigned right there."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Input, ProgressBar, Static

from xxgk.tui.actions import bindings_for
from xxgk.tui.common import safe, safe_text, style
from xxgk.tui.loading import load
from xxgk.tui.messages import (
    Assigned,
    AssignTargetLoaded,
    ImportFinished,
    ImportProgress,
    ImportStarted,
    LoadFailed,
)
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.paths import PathInput, PathSuggester
from xxgk.workflows.importing import FileOutcome, import_paths

if TYPE_CHECKING:
    from xxgk.workflows.discovery import Discovery
    from xxgk.workflows.importing import ImportSummary
    from xxgk.workflows.records import Archive, SaveResult

# result -> (name, style kind of xxgk.tui.styles)
RESULT_NAMES = {"imported": ("新导入", "pass"), "new_version": ("新版本", "notice"), "unchanged": ("未变", "hint"),
                "needs_review": ("待审核", "review"), "error": ("失败", "error"), "assigned": ("已指定", "pass")}


class ImportScreen(XxgkScreen):
    SCREEN_ID = "import"
    STATUS_ID = "#import-status"
    BINDINGS = bindings_for("import")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, SaveResult | FileOutcome]] = []
        self.counts: Counter[str] = Counter()
        self.total = 0
        self.running = False
        self.agencies: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("导入报告：输入文件或文件夹的路径（Tab 补全，Enter 开始）。文件夹中的 .txt .html .xlsx 都会导入。",
                     id="import-help")
        yield PathInput(value=str(Path.cwd()) + os.sep, id="path",
                        suggester=PathSuggester(), placeholder="/path/to/reports/")
        yield ProgressBar(total=None, show_eta=False, id="progress")
        yield Static("", id="import-status")
        yield DataTable(id="results", cursor_type="row")
        yield Static("", id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False  # shown when an import starts (no idle animation)
        table = self.query_one(DataTable)
        table.add_column("结果", width=6)
        table.add_column("文件", width=max(12, self.app.size.width - 52))
        table.add_column("机关 / 说明", width=22)
        table.add_column("年度", width=4)
        self.query_one("#path", Input).focus()
        if self.read_only:
            self.query_one("#import-status", Static).update(Text("档案以只读方式打开，不能导入。", style=style("notice")))

    @on(Input.Submitted, "#path")
    def start(self, event: Input.Submitted) -> None:
        if self.refuse_if_read_only():
            return
        if self.running:
            self.notify("导入正在进行，请稍候。")
            return
        path = Path(os.path.expanduser(event.value.strip()))
        if not event.value.strip() or not path.exists():
            self.query_one("#import-status", Static).update(Text(f"找不到：{safe(str(path))}", style=style("error")))
            return
        self.running = True
        self.rows.clear()
        self.counts.clear()
        self.query_one(DataTable).clear()
        self.query_one("#summary", Static).update("")
        self.query_one("#import-status", Static).update("正在查找文件…")
        self.run_import([path])

    def run_import(self, paths: list[Path]) -> None:
        """The core's import loop in a worker; it reports each file as it goes (``ImportProgress``)."""

        def started(found: Discovery) -> None:
            self.post_message(ImportStarted(len(found.files)))

        def progressed(outcome: FileOutcome, summary: ImportSummary) -> None:
            self.post_message(ImportProgress(summary.done, outcome))

        def run(archive: Archive) -> ImportFinished:
            summary = import_paths(archive, paths, on_start=started, on_file=progressed)
            return ImportFinished(summary, [a.name for a in archive.agencies()])

        load(self, run, group="import", failure="导入中止")

    def on_import_started(self, message: ImportStarted) -> None:
        self.total = message.total
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(1, message.total), progress=0)
        if not message.total:
            self.query_one("#import-status", Static).update("没有找到可导入的文件（.txt .html .xlsx）。")

    def on_import_progress(self, message: ImportProgress) -> None:
        outcome = message.outcome
        self.query_one(ProgressBar).update(progress=message.done)
        self.query_one("#import-status", Static).update(
            Text(f"{message.done}/{self.total}  {safe(outcome.path.name)}"))
        table = self.query_one(DataTable)
        if outcome.error:
            self.counts["error"] += 1
            self._add_row("error", outcome, outcome.path.name, safe(outcome.error), "")
            return
        for result in outcome.results:
            self.counts[result.status] += 1
            self._add_row(result.status, result, result.source_name or outcome.path.name, result.agency or "",
                          str(result.year or ""))
        table.move_cursor(row=table.row_count - 1)

    def _add_row(self, status: str, item: SaveResult | FileOutcome, name: str, agency: str, year: str) -> None:
        label, kind = RESULT_NAMES[status]
        self.rows.append((status, item))
        self.query_one(DataTable).add_row(Text(label, style=style(kind)), safe_text(name), safe_text(agency),
                                          Text(year), key=str(len(self.rows) - 1))

    def on_import_finished(self, message: ImportFinished) -> None:
        self.running = False
        self.agencies = message.agencies
        status = self.query_one("#import-status", Static)
        if message.summary.stopped:
            status.update(Text(f"导入中止：{safe(message.summary.stopped)}", style=style("error")))
        else:
            status.update(Text(f"导入完成：{self.total} 个文件。", style="bold"))
        self.show_summary()
        table = self.query_one(DataTable)
        for i, (kind, _) in enumerate(self.rows):
            if kind in ("needs_review", "error"):
                table.move_cursor(row=i)
                break
        table.focus()

    def show_summary(self) -> None:
        c = self.counts
        text = Text()
        for key in ("imported", "new_version", "unchanged", "needs_review", "error", "assigned"):
            if key == "assigned" and not c[key]:
                continue
            label, kind = RESULT_NAMES[key]
            text.append(f"{label} {c[key]}", style(kind) if c[key] else "")
            text.append("  ")
        if c["needs_review"]:
            text.append("· 选中待审核行按 a 指定机关和年度", "bold")
        self.query_one("#summary", Static).update(text)

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.group == "import":  # the archive could not be opened: the line is shown by XxgkScreen
            self.running = False
            self.show_summary()

    def _current(self) -> tuple[str, SaveResult | FileOutcome] | None:
        table = self.query_one(DataTable)
        if 0 <= table.cursor_row < len(self.rows):
            return self.rows[table.cursor_row]
        return None

    def action_assign(self) -> None:
        if self.refuse_if_read_only():
            return
        current = self._current()
        if current is None or current[0] != "needs_review" or isinstance(current[1], FileOutcome):
            self.notify("请先选中一行“待审核”的报告。")
            return
        report_id, agencies = current[1].report_id, self.agencies
        load(self, lambda archive: AssignTargetLoaded(archive.report(report_id), agencies), group="assign-load",
             failure="读取报告失败", notify=True)

    def on_assign_target_loaded(self, message: AssignTargetLoaded) -> None:
        self.assign(message.report, message.agencies)

    def on_assigned(self, message: Assigned) -> None:
        """An assignment from this screen succeeded: mark its row (``XxgkScreen`` notifies and reloads)."""
        report_id, result = message.report_id, message.result
        table = self.query_one(DataTable)
        for i, (kind, item) in enumerate(self.rows):
            if kind == "needs_review" and getattr(item, "report_id", None) == report_id:
                self.rows[i] = ("assigned", result)
                self.counts["needs_review"] -= 1
                self.counts["assigned"] += 1
                label, kind = RESULT_NAMES["assigned"]
                columns = list(table.columns)
                table.update_cell(str(i), columns[0], Text(label, style=style(kind)))
                table.update_cell(str(i), columns[2], safe_text(result.agency or ""))
                table.update_cell(str(i), columns[3], Text(str(result.year or "")))
        self.show_summary()

    def action_open_report(self) -> None:
        current = self._current()
        if current is None or isinstance(current[1], FileOutcome):
            return
        self.host.open_report(current[1].report_id)

    def action_back(self) -> None:
        if self.running:
            self.notify("导入仍在进行；完成后再返回。")
            return
        super().action_back()
