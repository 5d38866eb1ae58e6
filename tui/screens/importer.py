"""Import files or a folder from inside the app: a path box with completion, a thread worker with a
progress bar, one row per report (and per file that failed or was skipped), the selected row's reason in
full, and the reports needing review assigned right there.

The focus stays in the path box during and after an import, so the next path typed is a path, never a
run of shortcuts; ↓ goes to the results (where ``a`` and ``o`` act on the selected row), and typing a
path character there (``/``, ``~``, ``.``) comes back to the box.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, ProgressBar, Static
from textual.widgets.data_table import ColumnKey

from xxgk.presentation.reports import skip_kind_name
from xxgk.presentation.text import display_width, plain_line
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
from xxgk.tui.widgets.header import Header
from xxgk.tui.widgets.paths import PathInput, PathSuggester
from xxgk.workflows.discovery import supported_text
from xxgk.workflows.importing import import_paths

if TYPE_CHECKING:
    from xxgk.workflows.discovery import Discovery, Skipped
    from xxgk.workflows.importing import FileOutcome, ImportSummary
    from xxgk.workflows.records import Archive, SaveResult

# kind -> (the result column's word, its style kind of xxgk.tui.styles); "duplicate" is an unchanged file
# archived under another name
RESULT_NAMES = {"imported": ("新导入", "pass"), "new_version": ("新版本", "notice"), "unchanged": ("未变", "hint"),
                "duplicate": ("重复", "warn"), "needs_review": ("待审核", "review"), "error": ("失败", "error"),
                "skipped": ("跳过", "hint"), "assigned": ("已指定", "pass")}
SUMMARY_ORDER = ("imported", "new_version", "unchanged", "duplicate", "needs_review", "error", "skipped", "assigned")
PATH_START = "/~."  # typed on the results: the start of a new path, back to the box


@dataclass
class ResultRow:
    """One line of the results: a report of an imported file, a file that failed, or one that was skipped."""

    kind: str  # a key of RESULT_NAMES
    name: str  # the file's name as the user gave it (never the archived copy's)
    what: str  # agency, or what kind of file was skipped
    year: str
    detail: str  # the whole reason, for the detail line
    report_id: int | None = None


def result_row(outcome: FileOutcome, result: SaveResult) -> ResultRow:
    """A saved report as a row: named by the NEW file, saying what an unchanged one matches."""
    name = outcome.path.name + (f" [{result.part}]" if result.part else "")
    kind: str = result.status
    where = f"{result.agency or '（机关未知）'} {result.year or '（年度未知）'}"
    if result.status == "imported":
        detail = f"新导入为报告 #{result.report_id}：{where}"
    elif result.status == "new_version":
        detail = f"报告 #{result.report_id} 是 {where} 的{result.message}"
    elif result.status == "needs_review":
        missing = "和".join(w for w, v in (("机关", result.agency), ("年度", result.year)) if not v) or "机关或年度"
        detail = f"报告 #{result.report_id}：文中没有找到{missing}，已存入待审核。按 a 指定机关和年度，o 打开查看"
    else:  # unchanged: the bytes (or the text) are already archived
        archived = result.source_name
        if archived and archived != outcome.path.name:
            kind = "duplicate"
            detail = f"与已存档的文件 {archived} 内容相同，未重复导入：{result.message}"
        else:
            detail = f"此文件已导入过，未作改动：{result.message}"
    return ResultRow(kind, name, result.agency or "", str(result.year or ""), plain_line(detail), result.report_id)


def error_row(outcome: FileOutcome) -> ResultRow:
    return ResultRow("error", outcome.path.name, "", "", plain_line(f"未导入：{outcome.error}"))


def skipped_row(item: Skipped) -> ResultRow:
    return ResultRow("skipped", item.path.name, skip_kind_name(item.kind), "",
                     plain_line(f"已跳过 {item.path}：{item.reason}"))


def skipped_text(skipped: list[Skipped]) -> str:
    """``跳过 3 个：图片 1、旧版 Word/WPS 1、其他文件 1``."""
    by_kind = Counter(s.kind for s in skipped)
    return f"跳过 {len(skipped)} 个：" + "、".join(f"{skip_kind_name(k)} {n}" for k, n in by_kind.most_common())


class ImportScreen(XxgkScreen):
    SCREEN_ID = "import"
    STATUS_ID = "#import-status"
    BINDINGS = bindings_for("import")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ResultRow] = []
        self.counts: Counter[str] = Counter()
        self.skipped: list[Skipped] = []
        self.total = 0
        self.running = False
        self.agencies: list[str] = []
        self.typing_path = False  # a path was begun on the results: every character typed goes to the box

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"导入报告：输入文件或文件夹的路径（Tab 补全，Enter 开始；↓ 查看结果）。文件夹中的 {supported_text()} 都会导入。",
                     id="import-help")
        yield PathInput(value=str(Path.cwd()) + os.sep, id="path",
                        suggester=PathSuggester(), placeholder="/path/to/reports/")
        yield ProgressBar(total=None, show_eta=False, id="progress")
        yield Static("", id="import-status")
        yield DataTable(id="results", cursor_type="row")
        yield Static("", id="import-detail")
        yield Static("", id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False  # shown when an import starts (no idle animation)
        self._columns()
        self.query_one("#path", Input).focus()
        if self.read_only:
            self.query_one("#import-status", Static).update(Text("档案以只读方式打开，不能导入。", style=style("notice")))

    def _columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("结果", width=6, key="result")
        table.add_column("文件", width=12, key="file")
        table.add_column("机关 / 说明", width=12, key="what")
        table.add_column("年度", width=4, key="year")
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The file names as wide as they are (up to half the room), the rest to the agency."""
        table = self.query_one(DataTable)
        room = max(24, self.app.size.width - 6 - 4 - 2 * 4 - 2)  # result, year, cell padding, scrollbar
        names = max((display_width(safe(r.name)) for r in self.rows), default=12)
        whats = max((display_width(safe(r.what)) for r in self.rows), default=12)
        file_w = max(12, min(names, room - min(whats, room // 2)))
        for key, w in (("file", file_w), ("what", max(8, room - file_w))):
            column = table.columns.get(ColumnKey(key))
            if column is not None and column.width != w:
                column.width = w
                column.auto_width = False
        table.refresh()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_columns)

    # -- starting -------------------------------------------------------------------------------------

    def clear_results(self) -> None:
        """A new path: nothing of the previous import stays on screen."""
        self.rows.clear()
        self.counts.clear()
        self.skipped = []
        self.total = 0
        self.query_one(DataTable).clear()
        for selector in ("#import-detail", "#summary", "#import-status"):
            self.query_one(selector, Static).update("")
        self.query_one(ProgressBar).display = False

    @on(Input.Submitted, "#path")
    def start(self, event: Input.Submitted) -> None:
        if self.refuse_if_read_only():
            return
        if self.running:
            self.notify("导入正在进行，请稍候。")
            return
        self.clear_results()
        typed = event.value.strip()
        path = Path(os.path.expanduser(typed))
        if not typed or not path.exists():
            self.query_one("#import-status", Static).update(
                Text(f"找不到：{safe(str(path)) if typed else '（没有输入路径）'}", style=style("error")))
            return
        if path.is_dir() and path.resolve() == Path(path.resolve().anchor):
            # a stray "/" and Enter would walk the whole disk (and the worker cannot be stopped)
            self.query_one("#import-status", Static).update(
                Text(f"不导入整个磁盘（{safe(str(path))}）：请输入存放报告的文件夹。", style=style("error")))
            return
        self.running = True
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

    # -- following the import -------------------------------------------------------------------------

    def on_import_started(self, message: ImportStarted) -> None:
        self.total = message.total
        bar = self.query_one(ProgressBar)
        bar.display = bool(message.total)
        bar.update(total=max(1, message.total), progress=0)

    def on_import_progress(self, message: ImportProgress) -> None:
        outcome = message.outcome
        self.query_one(ProgressBar).update(progress=message.done)
        self.query_one("#import-status", Static).update(
            Text(f"正在导入 {message.done}/{self.total}  {safe(outcome.path.name)}"))
        if outcome.error:
            self._add(error_row(outcome))
        for result in outcome.results:
            self._add(result_row(outcome, result))
        table = self.query_one(DataTable)
        self._fit_columns()
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def _add(self, row: ResultRow) -> None:
        label, kind = RESULT_NAMES[row.kind]
        self.rows.append(row)
        self.counts[row.kind] += 1
        self.query_one(DataTable).add_row(Text(label, style=style(kind)), safe_text(row.name), safe_text(row.what),
                                          Text(row.year), key=str(len(self.rows) - 1))

    def on_import_finished(self, message: ImportFinished) -> None:
        self.running = False
        self.agencies = message.agencies
        summary = message.summary
        self.skipped = list(summary.skipped)
        for item in self.skipped:
            self._add(skipped_row(item))
        self._fit_columns()
        status = self.query_one("#import-status", Static)
        if summary.stopped:
            status.update(Text(f"导入中止：{safe(summary.stopped)}", style=style("error")))
        elif not self.total:
            status.update(Text(f"没有找到可导入的文件（{supported_text()}）"
                               + (f"；{skipped_text(self.skipped)}，选中一行看原因。" if self.skipped else "。"),
                               style="bold"))
        else:
            status.update(Text(f"导入完成：{self.total} 个文件" + (f"，另{skipped_text(self.skipped)}"
                                                                   if self.skipped else "") + "。", style="bold"))
        self.show_summary()
        table = self.query_one(DataTable)
        target = next((i for i, r in enumerate(self.rows) if r.kind in ("error", "needs_review")), 0)
        if self.rows:
            table.move_cursor(row=target)
            self.show_detail(target)
        # the focus stays where the user types paths (it never moved)

    def show_summary(self) -> None:
        c = self.counts
        text = Text()
        for key in SUMMARY_ORDER:
            if not c[key] and key not in ("imported", "error"):
                continue
            label, kind = RESULT_NAMES[key]
            text.append(f"{label} {c[key]}", style(kind) if c[key] else "")
            text.append("  ")
        if self.rows:
            text.append("· ↓ 选中一行看原因" + ("，待审核行按 a 指定" if c["needs_review"] else ""), "dim")
        self.query_one("#summary", Static).update(text)

    def show_detail(self, index: int) -> None:
        detail = self.query_one("#import-detail", Static)
        if not 0 <= index < len(self.rows):
            detail.update("")
            return
        row = self.rows[index]
        label, kind = RESULT_NAMES[row.kind]
        text = Text()
        text.append(f"{label} ", style(kind))
        text.append(safe(row.name), "bold")
        text.append("：" + row.detail)  # plain_line: no control characters, its punctuation kept
        detail.update(text)

    @on(DataTable.RowHighlighted, "#results")
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.group == "import":  # the archive could not be opened: the line is shown by XxgkScreen
            self.running = False
            self.show_summary()

    # -- keys -------------------------------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        box = self.query_one("#path", Input)
        table = self.query_one(DataTable)
        if box.has_focus and event.key == "down" and table.row_count:
            table.focus()
            event.stop()
        elif (event.character and event.character.isprintable()
              and (self.typing_path or (table.has_focus and event.character in PATH_START))):
            # The keys typed after "/" are already queued for the table before the focus moves: they go on
            # into the box, never to the table's shortcuts ("/tmp/…" typed fast would run t, m, p). A key
            # the box received never gets here (the Input stops every printable key).
            if not self.typing_path:
                box.value = ""
            self.typing_path = True
            box.value += event.character
            box.cursor_position = len(box.value)
            self.set_focus(box)
            event.stop()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.query_one(DataTable):
            self.typing_path = False  # the results chosen again (↓): their keys are shortcuts again

    def action_focus_results(self) -> None:
        self.query_one(DataTable).focus()

    def _current(self) -> ResultRow | None:
        table = self.query_one(DataTable)
        if 0 <= table.cursor_row < len(self.rows):
            return self.rows[table.cursor_row]
        return None

    def action_assign(self) -> None:
        if self.refuse_if_read_only():
            return
        current = self._current()
        if current is None or current.kind != "needs_review" or current.report_id is None:
            self.notify("请先选中一行“待审核”的报告。")
            return
        report_id, agencies = current.report_id, self.agencies
        load(self, lambda archive: AssignTargetLoaded(archive.report(report_id), agencies), group="assign-load",
             failure="读取报告失败", notify=True)

    def on_assign_target_loaded(self, message: AssignTargetLoaded) -> None:
        self.assign(message.report, message.agencies)

    def on_assigned(self, message: Assigned) -> None:
        """An assignment from this screen succeeded: mark its row (``XxgkScreen.on_assigned`` also runs:
        Textual calls the handlers of every class of the screen, it notifies and reloads)."""
        report_id, result = message.report_id, message.result
        table = self.query_one(DataTable)
        columns = list(table.columns)
        for i, row in enumerate(self.rows):
            if row.kind == "needs_review" and row.report_id == report_id:
                row.kind, row.what, row.year = "assigned", result.agency or "", str(result.year or "")
                row.detail = plain_line(f"报告 #{report_id} 已归入 {result.agency} {result.year}（{result.message}）")
                self.counts["needs_review"] -= 1
                self.counts["assigned"] += 1
                label, kind = RESULT_NAMES["assigned"]
                table.update_cell(str(i), columns[0], Text(label, style=style(kind)))
                table.update_cell(str(i), columns[2], safe_text(row.what))
                table.update_cell(str(i), columns[3], Text(row.year))
        self.show_summary()
        self.show_detail(table.cursor_row)

    def action_open_report(self) -> None:
        current = self._current()
        if current is None or current.report_id is None:
            self.notify("这一行没有存档的报告可打开。")
            return
        self.host.open_report(current.report_id)

    def action_back(self) -> None:
        """Esc on the results goes back to the path box; in the box it leaves the screen."""
        if self.query_one(DataTable).has_focus:
            self.query_one("#path", Input).focus()
            return
        if self.running:
            self.notify("导入仍在进行；完成后再返回。")
            return
        super().action_back()
