"""The hierarchy of agencies and the 汇总 check, for the CLI (``xxgk hierarchy``), the app and the checklist.

``set_parent``/``clear_parent`` put an agency under another (or under no one); ``report_kind`` says whether
a report is 本级 or 汇总 — as the reviewer set it (per agency and year: it follows to a new version), else as
the text says (``domain.hierarchy.detect_kind``), else unknown; ``region_item`` is the checklist's item
comparing a 汇总 report with the sum of its children's current reports of the same year (SOFT), or None
when it does not apply (the agency has no children, or the report is not a 汇总 one).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xxgk.domain.checklist import Evidence, Item
from xxgk.domain.hierarchy import KIND_NAMES, Kind, RegionCheck, check_region, detect_kind, kind_value
from xxgk.presentation.numbers import number_text, signed_text
from xxgk.store import AgencyInfo, Archive, ArchiveError, ReportRow
from xxgk.workflows.users import current_user

MAX_LISTED = 12  # differing keys quoted as evidence (the count says how many there are)


@dataclass
class ReportKind:
    kind: Kind | None  # None: neither set nor stated
    source: str  # "reviewer", "text" or ""
    line: int | None = None  # where the text says so
    text: str = ""
    by: str = ""
    at: str = ""

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind] if self.kind else "未确定"

    def describe(self) -> str:
        if self.source == "reviewer":
            return f"{self.name}（由 {self.by} 指定）"
        if self.source == "text":
            return f"{self.name}（报告第 {self.line} 行：{self.text}）"
        return "未确定（报告中没有写明是本级还是汇总；可指定：xxgk hierarchy kind 编号 汇总|本级）"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "source": self.source, "line": self.line, "text": self.text,
                "by": self.by, "at": self.at}


def set_parent(archive: Archive, parent: str, children: list[str], *, by: str | None = None) -> list[AgencyInfo]:
    """Put every agency of ``children`` under ``parent`` (any spelling); returns the children."""
    up = archive.agency(parent)
    infos = [archive.agency(c) for c in children]
    for info in infos:
        if info.id == up.id:
            raise ArchiveError(f"不能把“{up.name}”设为它自己的下级")
    for info in infos:
        archive.set_parent(info.id, up.id, by or current_user())
    return infos


def clear_parent(archive: Archive, children: list[str], *, by: str | None = None) -> list[AgencyInfo]:
    infos = [archive.agency(c) for c in children]
    for info in infos:
        archive.set_parent(info.id, None, by or current_user())
    return infos


@dataclass
class Node:
    agency: AgencyInfo
    parent: str | None
    children: list[str]


def tree(archive: Archive, agency: str | None = None) -> list[Node]:
    """Every agency with a parent or children (or only ``agency``), by name."""
    infos = {a.id: a for a in archive.agencies()}
    parents = archive.parents()
    kids: dict[int, list[str]] = {}
    for child, parent in parents.items():
        kids.setdefault(parent, []).append(infos[child].name)
    chosen = [archive.agency(agency)] if agency else [a for a in infos.values() if a.id in parents or a.id in kids]
    return [Node(a, infos[parents[a.id]].name if a.id in parents else None, sorted(kids.get(a.id, [])))
            for a in chosen]


def report_kind(archive: Archive, report: ReportRow) -> ReportKind:
    if report.agency_id is not None and report.year is not None:
        row = archive.report_kind_set(report.agency_id, report.year)
        if row is not None:
            kind, by, at = row
            return ReportKind(kind if kind in ("own", "region") else None, "reviewer", by=by, at=at)  # type: ignore[arg-type]
    found = detect_kind(archive.report_text(report.id))
    if found is not None:
        return ReportKind(found.kind, "text", found.line, found.text)
    return ReportKind(None, "")


def set_kind(archive: Archive, report_id: int, word: str, *, by: str | None = None) -> ReportKind:
    """Set the kind of the report's agency and year: 汇总, 本级, or 自动 (as the text says)."""
    known, kind = kind_value(word)
    if not known:
        raise ArchiveError(f"“{word}”不是报告类型（可选：汇总、本级，或 自动）")
    report = archive.report(report_id)
    if report.agency_id is None or report.year is None:
        raise ArchiveError(f"报告 #{report.id} 待审核（缺机关或年度）：请先指定机关和年度")
    archive.set_report_kind(report.agency_id, report.year, kind, by or current_user())
    return report_kind(archive, report)


def region_check(archive: Archive, report: ReportRow) -> RegionCheck | None:
    """The 汇总 report against its children's sum (None: the agency has no children)."""
    if report.agency_id is None or report.year is None:
        return None
    children = archive.child_agencies(report.agency_id)
    if not children:
        return None
    values = {v.key: v.value for v in archive.report_values(report.id)}
    pairs: list[tuple[str, dict[str, Any] | None]] = []
    for info in children:
        current = archive.current_report(info.name, report.year)
        pairs.append((info.name, {v.key: v.value for v in archive.report_values(current.id)} if current else None))
    return check_region(values, pairs)


def region_item(archive: Archive, report: ReportRow) -> Item | None:
    """The checklist's 汇总 item, or None when it does not apply."""
    if report.agency_id is None or report.year is None or not archive.children_of(report.agency_id):
        return None
    kind = report_kind(archive, report)
    if kind.kind == "own":
        return None  # a 本级 report covers only its own office: never compared with the children
    if kind.kind is None:
        return Item("region", "incomplete", "该机关有下级机关，但报告没有写明是本级还是汇总报告；如是汇总报告，请指定"
                                            f"（xxgk hierarchy kind {report.id} 汇总），才与下级报告之和比对")
    check = region_check(archive, report)
    assert check is not None
    evidence = [Evidence(kind.text, kind.line, "报告写明为汇总报告")] if kind.source == "text" else [
        Evidence(f"由 {kind.by} 指定为汇总报告", None, "报告类型")]
    for d in check.differences[:MAX_LISTED]:
        evidence.append(Evidence(f"{d.label}：汇总报告 {number_text(d.reported)}，下级之和 {number_text(d.children)}"
                                 f"（差 {signed_text(d.difference)}）", None, "不一致"))
    if check.missing:
        evidence.append(Evidence("、".join(check.missing), None, f"{report.year} 年没有报告的下级机关"))
    n = len(check.children)
    if check.status == "incomplete":
        summary = (f"下级机关都没有 {report.year} 年的报告，无法比对" if not check.children else
                   "没有可比对的数值（下级报告之和有空白）")
    elif check.differences:
        summary = (f"与 {n} 个下级机关报告之和比对 {check.compared} 项，{len(check.differences)} 项不一致"
                   "（汇总报告还含本级和档案外的机关，仅供核对）")
    else:
        summary = f"与 {n} 个下级机关报告之和比对 {check.compared} 项，全部一致"
    if check.missing:
        summary += f"；{len(check.missing)} 个下级机关没有 {report.year} 年报告，合计不全"
    return Item("region", check.status, summary, evidence)
