"""Import files or a folder from inside the app: a path box with completion, a thread worker with a
progress bar, a summary, and the reports needing review assigned right there."""
from __future__ import annotations

import itertools
import os
from collections import Counter
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import DataTable, Footer, Header, Input, ProgressBar, Static

from xxgk.tui.actions import bindings_for
from xxgk.tui.common import safe, safe_text
from xxgk.tui.screens.base import XxgkScreen

RESULT_NAMES = {"imported": ("新导入", "green"), "new_version": ("新版本", "cyan"), "unchanged": ("未变", "dim"),
                "needs_review": ("待审核", "bold magenta"), "error": ("失败", "bold red"),
                "assigned": ("已指定", "green")}


class PathSuggester(Suggester):
    """Completes the last path component from the file system (folders get a trailing separator)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            with os.scandir(folder or ".") as entries:
                names = sorted(e.name + (os.sep if e.is_dir() else "") for e in itertools.islice(entries, 5000)
                               if e.name.startswith(prefix) and not (e.name.startswith(".") and not prefix))
        except OSError:
            return None
        names = [n for n in names if n != prefix]
        if not names:
            return None
        return value + names[0][len(prefix):]


class PathInput(Input):
    BINDINGS = [Binding("tab", "complete", "补全", show=False)]

    def action_complete(self) -> None:
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()


class ImportScreen(XxgkScreen):
    SCREEN_ID = "import"
    BINDINGS = bindings_for("import")

    class Started(Message):
        def __init__(self, total: int) -> None:
            super().__init__()
            self.total = total

    class Progress(Message):
        def __init__(self, done: int, outcome) -> None:
            super().__init__()
            self.done = done
            self.outcome = outcome

    class Finished(Message):
        def __init__(self, error: str | None = None) -> None:
            super().__init__()
            self.error = error

    def __init__(self, start_path: str | None = None) -> None:
        super().__init__()
        self.start_path = start_path
        self.rows: list[tuple[str, object]] = []  # (status, SaveResult | FileOutcome)
        self.counts: Counter = Counter()
        self.total = 0
        self.running = False
        self.agencies: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("导入报告：输入文件或文件夹的路径（Tab 补全，Enter 开始）。文件夹中的 .txt .html .xlsx 都会导入。",
                     id="import-help")
        yield PathInput(value=self.start_path or (str(Path.cwd()) + os.sep), id="path",
                        suggester=PathSuggester(), placeholder="/path/to/reports/")
        yield ProgressBar(total=None, show_eta=False, id="progress")
        yield Static("", id="import-status")
        yield DataTable(id="results", cursor_type="row")
        yield Static("", id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False  # shown when an import starts (no idle animation)
        table = self.query_one(DataTable)
        table.add_column("结果", width=6)
        table.add_column("文件", width=max(12, self.app.size.width - 52))
        table.add_column("机关 / 说明", width=22)
        table.add_column("年度", width=4)
        self.query_one("#path", Input).focus()
        if self.read_only:
            self.query_one("#import-status", Static).update(Text("档案以只读方式打开，不能导入。", style="bold yellow"))

    @on(Input.Submitted, "#path")
    def start(self, event: Input.Submitted) -> None:
        if self.refuse_if_read_only():
            return
        if self.running:
            self.notify("导入正在进行，请稍候。")
            return
        path = Path(os.path.expanduser(event.value.strip()))
        if not event.value.strip() or not path.exists():
            self.query_one("#import-status", Static).update(Text(f"找不到：{safe(str(path))}", style="bold red"))
            return
        self.running = True
        self.rows.clear()
        self.counts.clear()
        self.query_one(DataTable).clear()
        self.query_one("#summary", Static).update("")
        self.query_one("#import-status", Static).update("正在查找文件…")
        self.run_import([path])

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self, paths: list[Path]) -> None:
        from xxgk.workflows.importing import import_paths
        from xxgk.workflows.records import ArchiveError

        try:
            with self.app.open_archive() as archive:
                summary = import_paths(
                    archive, paths, on_start=lambda found: self.post_message(self.Started(len(found.files))),
                    on_file=lambda outcome, summary: self.post_message(self.Progress(summary.done, outcome)))
                self.agencies = [a.name for a in archive.agencies()]
        except ArchiveError as exc:
            self.post_message(self.Finished(str(exc)))
            return
        except Exception as exc:  # the archive could not be opened at all
            self.post_message(self.Finished(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.Finished(summary.stopped))

    def on_import_screen_started(self, message: Started) -> None:
        self.total = message.total
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(1, message.total), progress=0)
        if not message.total:
            self.query_one("#import-status", Static).update("没有找到可导入的文件（.txt .html .xlsx）。")

    def on_import_screen_progress(self, message: Progress) -> None:
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

    def _add_row(self, status: str, item, name: str, agency: str, year: str) -> None:
        label, style = RESULT_NAMES[status]
        self.rows.append((status, item))
        self.query_one(DataTable).add_row(Text(label, style=style), safe_text(name), safe_text(agency),
                                          Text(year), key=str(len(self.rows) - 1))

    def on_import_screen_finished(self, message: Finished) -> None:
        self.running = False
        status = self.query_one("#import-status", Static)
        if message.error:
            status.update(Text(f"导入中止：{message.error}", style="bold red"))
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
            label, style = RESULT_NAMES[key]
            text.append(f"{label} {c[key]}", style if c[key] else "")
            text.append("  ")
        if c["needs_review"]:
            text.append("· 选中待审核行按 a 指定机关和年度", "bold")
        self.query_one("#summary", Static).update(text)

    def _current(self):
        table = self.query_one(DataTable)
        if 0 <= table.cursor_row < len(self.rows):
            return self.rows[table.cursor_row]
        return None

    def action_assign(self) -> None:
        if self.refuse_if_read_only():
            return
        current = self._current()
        if current is None or current[0] != "needs_review":
            self.notify("请先选中一行“待审核”的报告。")
            return
        result = current[1]
        from xxgk.tui.screens.modals import AssignModal, run_assign

        def load_and_ask() -> None:
            with self.app.open_archive() as archive:
                report = archive.report(result.report_id)
            self.app.call_from_thread(self.app.push_screen, AssignModal(report, self.agencies),
                                      lambda answer: run_assign(self, report.id, *answer) if answer else None)

        self.run_worker(load_and_ask, thread=True, group="assign-load", exit_on_error=False)

    def after_assign(self, report_id: int, result) -> None:
        """An assignment from this screen succeeded: mark its row."""
        table = self.query_one(DataTable)
        for i, (kind, item) in enumerate(self.rows):
            if kind == "needs_review" and getattr(item, "report_id", None) == report_id:
                self.rows[i] = ("assigned", result)
                self.counts["needs_review"] -= 1
                self.counts["assigned"] += 1
                label, style = RESULT_NAMES["assigned"]
                columns = list(table.columns)
                table.update_cell(str(i), columns[0], Text(label, style=style))
                table.update_cell(str(i), columns[2], safe_text(result.agency or ""))
                table.update_cell(str(i), columns[3], Text(str(result.year or "")))
        self.show_summary()

    def action_open_report(self) -> None:
        current = self._current()
        if current is None or not hasattr(current[1], "report_id"):
            return
        from xxgk.tui.screens.report import ReportScreen

        self.app.push_screen(ReportScreen(current[1].report_id))

    def action_back(self) -> None:
        if self.running:
            self.notify("导入仍在进行；完成后再返回。")
            return
        super().action_back()
