"""``xxgk check`` (exit 1 when a STRICT identity fails) and ``xxgk failures``: findings across the
archive's current reports, cross-year identities included, streamed from the store."""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive, year_arg
from xxgk.cli.errors import EXIT_FINDINGS, EXIT_OK
from xxgk.cli.output import Column
from xxgk.presentation.status import check_status_text
from xxgk.presentation.verdicts import verdict_label
from xxgk.workflows.checking import (
    ALL_STATUSES,
    DEFAULT_STATUSES,
    FindingCounts,
    iter_findings,
    reports_in_scope,
)
from xxgk.workflows.records import Failure

FAILURE_FIELDS = ("agency", "year", "report_id", "rule", "scope", "status", "strict", "title", "message",
                  "expected", "actual", "difference", "other_year", "source_name", "verdict", "verdict_stale",
                  "verdict_reason", "verdict_note", "verdict_by", "verdict_at")
COLUMNS = [
    Column("机关", lambda f: f.agency or "—"),
    Column("年度", lambda f: f"{f.other_year}→{f.year}" if f.other_year else (f.year or "—")),
    Column("报告", lambda f: f"#{f.report_id}"),
    Column("规则", lambda f: f.rule_id),
    Column("状态", lambda f: check_status_text(f.status, f.strict)),
    Column("判定", lambda f: verdict_label(f.verdict)),
    Column("说明", lambda f: f.message),
]


def _csv_row(f: Failure) -> list[object]:
    v = f.verdict
    head = [getattr(f, k) for k in FAILURE_FIELDS[:14]]
    if v is None:
        return [*head, "", "", "", "", "", ""]
    return [*head, v.status, v.stale, v.verdict.reason, v.verdict.note, v.verdict.by, v.verdict.at]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "check", help="档案中不符的勾稽关系；有 STRICT 不符时退出状态为 1",
                    description="列出档案现行报告中不符的勾稽关系（以及提示），含跨年度的勾稽关系。"
                                "有 STRICT 勾稽关系不符时退出状态为 1。")
    p.add_argument("--agency", help="只查这个机关（任何一种写法）")
    p.add_argument("--year", type=year_arg, help="只查这一年度")
    format_arg(p)
    p.add_argument("--all", action="store_true", help="也列出相符和不完整的勾稽关系")
    p.add_argument("--open", action="store_true",
                   help="只计未排除的问题：判定为已排除（且数值未变）的不列出、不计入，也不影响退出状态")
    p.set_defaults(func=run_check)

    p = add_command(sub, common, "failures", help="档案中所有不符或提示的勾稽关系",
                    description="档案现行报告中不符（和提示）的勾稽关系，含跨年度的勾稽关系。")
    p.add_argument("--agency", help="只列这个机关（任何一种写法）")
    p.add_argument("--year", type=year_arg, help="只列这一年度")
    p.add_argument("--rule", help="规则（A3.1）、规则族（A3）或带范围的规则（A3.1:natural）")
    p.add_argument("--status", action="append", choices=ALL_STATUSES,
                   help="要列出的状态（可重复；默认 fail 和 warn）")
    p.add_argument("--open", action="store_true", help="只列未排除的问题（判定为已排除且数值未变的不列出）")
    format_arg(p)
    p.set_defaults(func=run_failures)


def _emit(args: argparse.Namespace, rows: Any, counts: FindingCounts) -> None:
    output.records(args.format, counts.counting(rows, open_only=args.open), columns=COLUMNS, to_json=Failure.to_json,
                   csv_fields=FAILURE_FIELDS, csv_row=_csv_row)


def run_check(args: argparse.Namespace) -> int:
    counts = FindingCounts()
    with open_archive(args) as archive:
        rows = iter_findings(archive, year=args.year, agency=args.agency,
                             statuses=ALL_STATUSES if args.all else DEFAULT_STATUSES)
        _emit(args, rows, counts)
        n_reports = reports_in_scope(archive, year=args.year, agency=args.agency)
    if args.format == "table":
        output.say(("\n" if counts.reports else "") + counts.summary(n_reports))
    return EXIT_FINDINGS if counts.has_strict_failure else EXIT_OK


def run_failures(args: argparse.Namespace) -> int:
    counts = FindingCounts()
    with open_archive(args) as archive:
        rows = iter_findings(archive, year=args.year, agency=args.agency, rule=args.rule,
                             statuses=tuple(args.status or DEFAULT_STATUSES))
        _emit(args, rows, counts)
    if args.format == "table":
        output.say(("\n" if counts.reports else "") + counts.summary())
    return EXIT_OK
