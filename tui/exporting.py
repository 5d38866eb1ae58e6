"""Exports from the app, one flow for every kind: ask for a path (a sanitised default name in the current
folder, ``.xlsx`` or ``.csv``), confirm before overwriting, write in a worker with the exporters of
``xxgk.exporters`` (one function per kind and format), and say where it went (``Exported``, shown by
``XxgkScreen.on_exported`` as plain text).

The exporters (openpyxl) cost about as much to import as Textual itself (bench_tui.py): they are imported
inside the job, when exporting, never on the way to the first frame.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xxgk.presentation.filenames import all_export_name, export_name, failures_export_name
from xxgk.tui.dialogs import ConfirmModal, PromptModal
from xxgk.tui.loading import JobError, load
from xxgk.tui.messages import Exported
from xxgk.tui.widgets.paths import PathSuggester

if TYPE_CHECKING:
    from textual.screen import Screen

    from xxgk.workflows.records import Archive

FORMATS = (".xlsx", ".csv")
Writer = Callable[["Archive", Path, str], object]  # (archive, path, ".xlsx" | ".csv"), overwriting


@dataclass(frozen=True)
class ExportKind:
    what: str  # 比较 / 全部机关汇总 / 问题清单: the prompt and the notification name it
    default_name: str  # with .xlsx
    write: Writer


def target_path(typed: str, default_name: str) -> Path:
    """The file a typed path means: a folder gets the default name, a name without .xlsx/.csv gets .xlsx."""
    path = Path(os.path.expanduser(typed.strip()))
    if path.is_dir() or typed.endswith(os.sep):
        path = path / default_name
    if path.suffix.lower() not in FORMATS:
        path = path.with_name(path.name + ".xlsx")
    return path


def ask_export(screen: Screen[Any], kind: ExportKind) -> None:
    """The whole flow on ``screen``: prompt, overwrite confirmation, worker; the answer is ``Exported``."""
    if not screen.is_attached:
        return

    def chosen(value: str | None) -> None:
        if not value:
            return
        path = target_path(value, kind.default_name)
        if path.exists():
            screen.app.push_screen(ConfirmModal(f"{path} 已存在，覆盖吗？"),
                                   lambda yes: run_export(screen, kind, path) if yes else None)
        else:
            run_export(screen, kind, path)

    default = str(Path.cwd() / kind.default_name)
    screen.app.push_screen(PromptModal(f"导出{kind.what}到文件（.xlsx 打印用，.csv 给程序）：", default,
                                       suggester=PathSuggester()), chosen)


def run_export(screen: Screen[Any], kind: ExportKind, path: Path) -> None:
    def job(archive: Archive) -> Exported:
        from xxgk.exporters import ExportError

        try:  # overwriting was confirmed already
            kind.write(archive, path, path.suffix.lower())
        except ExportError as exc:
            raise JobError(str(exc)) from None
        return Exported(path, kind.what)

    load(screen, job, group="export", failure=f"导出{kind.what}失败", notify=True, latest_only=False)


# -- the kinds ---------------------------------------------------------------------------------------


def agency_export(agency: str, year_a: int, year_b: int, hide_equal: bool = False) -> ExportKind:
    """One agency's two years (the compare screen)."""

    def write(archive: Archive, path: Path, ext: str) -> object:
        from xxgk.exporters import export_agency_csv, export_agency_xlsx

        writer = export_agency_csv if ext == ".csv" else export_agency_xlsx
        return writer(archive, agency, year_a, year_b, path, force=True, hide_equal=hide_equal)

    return ExportKind(f"{agency} {year_a}-{year_b} 比较", export_name(agency, year_a, year_b), write)


def all_export(year_a: int, year_b: int) -> ExportKind:
    """Every agency's two years: the 汇总 sheet (one row per agency) and a sheet each."""

    def write(archive: Archive, path: Path, ext: str) -> object:
        from xxgk.exporters import export_all_csv, export_all_xlsx

        writer = export_all_csv if ext == ".csv" else export_all_xlsx
        return writer(archive, year_a, year_b, path, force=True)

    return ExportKind(f"全部机关 {year_a}-{year_b} 汇总", all_export_name(year_a, year_b), write)


def failures_export(year: int | None, agency_like: str | None, rule: str | None,
                    statuses: Sequence[str], open_only: bool = False) -> ExportKind:
    """The failures list with the failures screen's filters (every page of it)."""

    def write(archive: Archive, path: Path, ext: str) -> object:
        from xxgk.exporters import export_failures_csv, export_failures_xlsx

        writer = export_failures_csv if ext == ".csv" else export_failures_xlsx
        return writer(archive, path, year=year, agency_like=agency_like, rule=rule, statuses=tuple(statuses),
                      force=True, open_only=open_only)

    return ExportKind("问题清单", failures_export_name(year, agency_like), write)
