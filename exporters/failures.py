"""The failures list (``workflows.checking.findings``) as XLSX and CSV: every failing, warning (and, when
asked, incomplete) check of the current reports, with the filters of the failures screen.

The XLSX prints as a list (机关 | 年度 | 状态 | 规则 | 核对项 | 说明 | 差额), one line per check, marks
``!`` (STRICT fails), ``~`` (SOFT warns) and ``?`` (incomplete) before the status so they survive
black-and-white printing; autofilter, print titles, the filters named in the page header. The CSV has
every field, for scripts (JSON field names stay the CLI's ``failures --format json``).
"""
from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xxgk.domain.rules import rule_name
from xxgk.domain.verdicts import VerdictMark
from xxgk.exporters.files import ExportNotFound, atomic_target, check_target, not_found
from xxgk.exporters.xlsx_sheet import (
    CELL,
    HEAD,
    NOTE,
    TEXT,
    TEXT_CELL,
    TEXT_FAIL,
    TEXT_WARN,
    TITLE,
    lines_needed,
    row_height,
    saved_book,
    signed_format,
)
from xxgk.presentation.numbers import number_text
from xxgk.presentation.spreadsheet import csv_field
from xxgk.presentation.status import STATUS_MARK, STATUS_NAME, check_status_text
from xxgk.presentation.times import local_time_text, now_text, zone_label
from xxgk.presentation.verdicts import VERDICT_NAME, verdict_text
from xxgk.workflows.checking import DEFAULT_STATUSES, count_findings, findings
from xxgk.workflows.records import Archive, Failure

SHEET_TITLE = "勾稽关系清单"
ENCODING = "utf-8-sig"


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    agency: str | None = None
    rule: str | None = None
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    open_only: bool = False  # findings a verdict 已排除 applies to are left out
    agency_like: str | None = None  # a part of agencies' names (the app's filter)

    def text(self) -> str:
        """``2024 年；全部机关；全部规则；不符、提示`` (``；只计未排除的问题`` with ``open_only``)."""
        who = self.agency or (f"名称含“{self.agency_like}”的机关" if self.agency_like else "全部机关")
        parts = [f"{self.year} 年" if self.year is not None else "全部年度", who,
                 f"规则 {rule_text(self.rule)}" if self.rule else "全部规则",
                 "、".join(STATUS_NAME.get(s, s) for s in self.statuses)]
        if self.open_only:
            parts.append("只计未排除的问题")
        return "；".join(parts)


def rule_text(rule: str) -> str:
    """``A3.1|B3.1`` (a rule chosen by name in the app) → ``表三 申请数平衡（…）``; a typed id as it is."""
    return rule_name(rule.split("|")[0]) if "|" in rule else rule


def _find(archive: Archive, f: Filters) -> list[Failure]:
    with not_found():
        rows = findings(archive, year=f.year, agency=f.agency, rule=f.rule, statuses=f.statuses,
                        open_only=f.open_only, agency_like=f.agency_like)
    if not rows:
        raise ExportNotFound(f"没有符合条件的核对结果（{f.text()}），未导出")
    return rows


def _filters(archive: Archive, year, agency, rule, statuses, open_only: bool = False,
             agency_like: str | None = None) -> Filters:
    if agency:
        with not_found():
            agency = archive.agency(agency).name  # the archive's spelling, for titles
    return Filters(year, agency, rule or None, tuple(statuses), open_only, agency_like or None)


def year_text(f: Failure) -> str:
    """``2024`` or, for an identity across two years, ``2023→2024``."""
    if f.other_year is not None and f.year is not None:
        return f"{f.other_year}→{f.year}"
    return "" if f.year is None else str(f.year)


def status_text(f: Failure) -> str:
    """``! 不符``, ``~ 提示``, ``? 不完整``: the mark first, so it reads without colour."""
    mark = STATUS_MARK.get(f.status, "")
    return f"{mark} {check_status_text(f.status, f.strict)}".strip()


def message_text(f: Failure) -> str:
    message = f.message or ""
    if f.title and not message.startswith(f.title):
        message = f"{f.title}：{message}" if message else f.title
    return message


def summary_text(rows: Sequence[Failure]) -> str:
    counts = count_findings(rows)
    by = "、".join(f"{STATUS_NAME.get(s, s)} {counts.checks[s]}" for s in ("fail", "warn", "incomplete")
                  if counts.checks[s])
    decided = counts.verdicts_text()
    return (f"共 {len(rows)} 项（{by}），涉及 {len(counts.reports)} 份报告；"
            f"其中 {len(counts.reports_strict)} 份报告有 STRICT 不符。" + (f"{decided}。" if decided else ""))


# ---------------------------------------------------------------- XLSX

WIDTHS = (22, 10, 10, 7, 24, 42, 18, 8)
HEADS = ("机关", "年度", "状态", "规则", "核对项", "说明", "判定", "差额")


def export_failures_xlsx(archive: Archive, path: str | Path, *, year: int | None = None, agency: str | None = None,
                         rule: str | None = None, statuses: Sequence[str] = DEFAULT_STATUSES,
                         force: bool = False, open_only: bool = False, agency_like: str | None = None) -> Path:
    """Write the failures list with these filters to ``path`` (.xlsx), each finding with the reviewer's
    verdict (``open_only``: without the findings a verdict 已排除 applies to; ``agency_like``: agencies whose
    name holds that text, the app's filter).

    Raises ``ExportExists``, ``ExportNotFound`` (unknown agency, or nothing matches) or ``ExportError``.
    """
    check_target(path, force)
    filters = _filters(archive, year, agency, rule, statuses, open_only, agency_like)
    rows = _find(archive, filters)
    with saved_book(f"{SHEET_TITLE} {filters.text()}", path, force) as book:
        sh = book.sheet(SHEET_TITLE, WIDTHS)
        last = len(WIDTHS)

        sh.line("勾稽关系核对清单（不符 / 提示）", TITLE, 14)
        sh.line(f"筛选：{filters.text()}。{summary_text(rows)}", TEXT)
        sh.line("! = STRICT 勾稽关系不符；~ = SOFT 提示；? = 有空白，无法核对。年度 2023→2024 为跨年度核对。"
             f"导出于 {now_text()}（{zone_label()}）。", NOTE, 9)
        head = sh.add([sh.text(h, HEAD) for h in HEADS], row_height(1))
        sh.setup.freeze = f"A{head + 1}"  # before the first row is streamed (at finish)
        for f in rows:
            look = {"fail": TEXT_FAIL, "warn": TEXT_WARN}.get(f.status, TEXT_CELL)
            message = message_text(f)
            agency_name = f.agency or "（待确认机关）"
            decided = verdict_text(f.verdict)
            lines = max(lines_needed(message, WIDTHS[5]), lines_needed(agency_name, WIDTHS[0]),
                        lines_needed(f.title or "", WIDTHS[4]), lines_needed(decided, WIDTHS[6]))
            diff = f.difference if isinstance(f.difference, int | float) else None
            sh.add([sh.text(agency_name, TEXT_CELL), sh.text(year_text(f), TEXT_CELL, own=True),
                    sh.text(status_text(f), look, own=True), sh.text(f.rule, TEXT_CELL),
                    sh.text(f.title or None, TEXT_CELL), sh.text(message, TEXT_CELL),
                    sh.text(decided or None, TEXT_CELL),
                    sh.number(diff, CELL, signed_format(diff)) if diff is not None else sh.empty(CELL)],
                   row_height(lines))
        s = sh.setup
        s.title_rows = (head, head)
        s.autofilter = (head, 1, sh.last_row, last)
        s.header_left = SHEET_TITLE
        s.header_center = filters.text()
        s.footer_left = f"xxgk 导出于 {now_text()}（{zone_label()}）"
        sh.finish()
    return Path(path)


# ---------------------------------------------------------------- CSV

CSV_HEADER = ("机关", "年度", "对照年度", "标记", "状态", "严格", "规则", "范围", "核对项", "说明", "公式", "实际", "应为",
              "差额", "文件", "报告编号", "对照报告编号", "判定", "判定已过期", "判定理由", "判定备注", "判定人", "判定时间")


def _num(value) -> str:
    return number_text(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""


def failure_fields(f: Failure) -> list[str]:
    return [csv_field(f.agency or ""), "" if f.year is None else str(f.year),
            "" if f.other_year is None else str(f.other_year), STATUS_MARK.get(f.status, ""),
            STATUS_NAME.get(f.status, f.status), "是" if f.strict else "否", csv_field(f.rule), csv_field(f.scope),
            csv_field(f.title), csv_field(f.message), csv_field(f.formula), _num(f.actual), _num(f.expected),
            _num(f.difference), csv_field(f.source_name), str(f.report_id),
            "" if f.other_report_id is None else str(f.other_report_id), *verdict_fields(f.verdict)]


def verdict_fields(mark: VerdictMark | None) -> list[str]:
    """判定, 判定已过期, 判定理由, 判定备注, 判定人, 判定时间 (local time) of a finding; empty without a verdict."""
    if mark is None:
        return [""] * 6
    v = mark.verdict
    return [VERDICT_NAME.get(v.status, v.status), "是" if mark.stale else "否", csv_field(v.reason),
            csv_field(v.note), csv_field(v.by), local_time_text(v.at)]


def export_failures_csv(archive: Archive, path: str | Path, *, year: int | None = None, agency: str | None = None,
                        rule: str | None = None, statuses: Sequence[str] = DEFAULT_STATUSES,
                        force: bool = False, open_only: bool = False, agency_like: str | None = None) -> Path:
    """The failures list with these filters as CSV (UTF-8 with BOM), one row per check, with its verdict."""
    check_target(path, force)
    filters = _filters(archive, year, agency, rule, statuses, open_only, agency_like)
    rows = _find(archive, filters)
    with atomic_target(path, force) as tmp, open(tmp, "w", encoding=ENCODING, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_HEADER)
        for f in rows:
            w.writerow(failure_fields(f))
    return Path(path)
