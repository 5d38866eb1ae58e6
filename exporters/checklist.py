"""The evaluators' checklists of a year (``workflows.checklist``) as XLSX and CSV: one line per report and
item — 机关 | 年度 | 报告 | 项目 | 结论 | 说明 | 证据 — with each report's indicators on a line of its own,
the status's mark before its name so it reads in black and white, autofilter and print titles. What an
evaluator looks at, for every agency of the year at once.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from xxgk.domain.checklist import Evidence
from xxgk.exporters.files import ExportNotFound, atomic_target, check_target, not_found
from xxgk.exporters.xlsx_sheet import (
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
)
from xxgk.presentation.indicators import CHECKLIST_STATUS, readings_line
from xxgk.presentation.spreadsheet import csv_field
from xxgk.presentation.status import STATUS_MARK
from xxgk.presentation.times import now_text, zone_label
from xxgk.workflows.checklist import ReportChecklist, report_checklist
from xxgk.workflows.records import Archive

SHEET_TITLE = "评估清单"
ENCODING = "utf-8-sig"
WIDTHS = (22, 6, 7, 20, 10, 42, 54)
HEADS = ("机关", "年度", "报告", "项目", "结论", "说明", "证据")
MAX_EVIDENCE = 8  # evidence lines per item in a cell (the app and `xxgk checklist` show them all)
INDICATORS = "指标"


def year_checklists(archive: Archive, year: int, agencies: Sequence[str] = ()) -> list[ReportChecklist]:
    """The checklist of every current report of ``year`` (of ``agencies`` when given), by agency name."""
    with not_found():
        infos = [archive.agency(a) for a in agencies] if agencies else archive.agencies()
    out = []
    for info in sorted({i.id: i for i in infos}.values(), key=lambda i: i.name):
        if year in info.years:
            current = archive.current_report(info.name, year)
            if current is not None:
                out.append(report_checklist(archive, current.id))
    if not out:
        raise ExportNotFound(f"没有 {year} 年的报告，未导出")
    return out


def evidence_text(evidence: Sequence[Evidence]) -> str:
    lines = []
    for e in evidence[:MAX_EVIDENCE]:
        head = "，".join(p for p in (f"第 {e.line} 行" if e.line else "", e.note) if p)
        lines.append(f"{head}：{e.text}" if head else e.text)
    if len(evidence) > MAX_EVIDENCE:
        lines.append(f"……另有 {len(evidence) - MAX_EVIDENCE} 条（xxgk checklist 报告编号 列出全部）")
    return "\n".join(lines)


def status_text(status: str) -> str:
    return f"{STATUS_MARK.get(status, '')} {CHECKLIST_STATUS[status]}".strip()


def rows_of(rc: ReportChecklist) -> Iterator[tuple[str, str | None, str, str, str]]:
    """(项目, status or None, 结论, 说明, 证据) for each item, then the indicators."""
    for item in rc.checklist.items:
        yield item.title, item.status, status_text(item.status), item.summary, evidence_text(item.evidence)
    if rc.indicators:
        yield INDICATORS, None, "", readings_line(rc.indicators), ""


def export_checklist_xlsx(archive: Archive, path: str | Path, year: int, *, agencies: Sequence[str] = (),
                          force: bool = False) -> Path:
    check_target(path, force)
    lists = year_checklists(archive, year, agencies)
    scope = "、".join(agencies) if agencies else "全部机关"
    with saved_book(f"{year} 年{SHEET_TITLE}", path, force) as book:
        sh = book.sheet(SHEET_TITLE, WIDTHS)
        last = len(WIDTHS)

        sh.line(f"{year} 年政府信息公开工作年度报告评估清单", TITLE, 14)
        sh.line(f"{scope}：{len(lists)} 份报告。结论：符合 / ! 不符合 / ~ 请核对 / ? 无法判断（没有找到的从不算符合）。", TEXT)
        sh.line(f"导出于 {now_text()}（{zone_label()}）。证据中的行号与 xxgk search、xxgk text 及界面的原文一致。", NOTE, 9)
        head = sh.add([sh.text(h, HEAD) for h in HEADS], row_height(1))
        sh.setup.freeze = f"A{head + 1}"
        for rc in lists:
            r = rc.report
            for title, status, verdict, summary, evidence in rows_of(rc):
                look = {"fail": TEXT_FAIL, "warn": TEXT_WARN}.get(status or "", TEXT_CELL)
                height = max(lines_needed(summary, WIDTHS[5]), lines_needed(evidence, WIDTHS[6]),
                             lines_needed(r.agency or "", WIDTHS[0]))
                sh.add([sh.text(r.agency or r.agency_name or "", TEXT_CELL), sh.text(str(r.year or ""), TEXT_CELL, own=True),
                        sh.text(f"#{r.id}", TEXT_CELL, own=True), sh.text(title, TEXT_CELL, own=True),
                        sh.text(verdict or None, look, own=True), sh.text(summary, TEXT_CELL),
                        sh.text(evidence or None, TEXT_CELL)], row_height(height))
        s = sh.setup
        s.title_rows = (head, head)
        s.autofilter = (head, 1, sh.last_row, last)
        s.header_left = SHEET_TITLE
        s.header_center = f"{year} 年 · {scope}"
        s.footer_left = f"xxgk 导出于 {now_text()}（{zone_label()}）"
        s.orientation = "landscape"
        sh.finish()
    return Path(path)


CSV_HEADER = ("机关", "年度", "报告编号", "项目", "状态", "结论", "说明", "证据")


def export_checklist_csv(archive: Archive, path: str | Path, year: int, *, agencies: Sequence[str] = (),
                         force: bool = False) -> Path:
    check_target(path, force)
    lists = year_checklists(archive, year, agencies)
    with atomic_target(path, force) as tmp, open(tmp, "w", encoding=ENCODING, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_HEADER)
        for rc in lists:
            r = rc.report
            for title, status, verdict, summary, evidence in rows_of(rc):
                w.writerow([csv_field(r.agency or r.agency_name or ""), str(r.year or ""), str(r.id), title,
                            status or "", verdict, csv_field(summary), csv_field(evidence)])
    return Path(path)
