"""``xxgk check`` (exit 1 when a STRICT identity fails) and ``xxgk failures``: findings across the
archive's current reports, cross-year identities included, streamed from the store."""
from __future__ import annotations

import argparse
import json
import re
from operator import add, attrgetter
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
    FailureLine,
    FindingCounts,
    iter_finding_flat,
    iter_finding_lines,
    iter_findings,
    reports_in_scope,
)
from xxgk.workflows.records import Archive, Failure

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


def _table_row(f: Failure) -> tuple[object, ...]:
    """The cells ``COLUMNS`` give, in one call (a check of 100,000 reports lists ~200,000 findings)."""
    # the year as text (the cell number_text gives it): a column of text is made and padded once per value
    return (f.agency or "—", f"{f.other_year}→{f.year}" if f.other_year else (str(f.year) if f.year else "—"),
            f"#{f.report_id}",
            f"{f.rule}:{f.scope}" if f.scope else f.rule, check_status_text(f.status, f.strict),
            "" if f.verdict is None else verdict_label(f.verdict), f.message)


_HEAD = attrgetter(*FAILURE_FIELDS[:14])
_NO_VERDICT = ("", "", "", "", "", "")


def _csv_row(f: Failure) -> list[object]:
    v = f.verdict
    head = _HEAD(f)
    if v is None:
        return [*head, *_NO_VERDICT]
    return [*head, v.status, v.stale, v.verdict.reason, v.verdict.note, v.verdict.by, v.verdict.at]


# A stored year-keyed inputs object (``{"2021:t2.x":0,"2022:t2.y":null}``, compact JSON) that the generic
# path (json.loads, then json_text) would write back unchanged but for the spaces after ":" and ",": keys of
# printable ASCII without quote or backslash, values integers (not -0) or null. Anything else (a float, an
# escape, a duplicate key) takes the generic path.
_PAIR = r'"[ !#-\[\]-~]*":(?:0|-?[1-9][0-9]*|null)'
_PLAIN_OBJECT = re.compile(rf"\{{(?:{_PAIR}(?:,{_PAIR})*)?\}}")
_KEY = re.compile(r'"([^"]*)":')


class FailureJson:
    """``json_text(failure.to_json(), indent=None)``, the same text about 3x faster: a finding's line is
    mostly its rule's title, keys and formula, encoded here once per rule instead of once per finding, and
    its report's part once per report (its findings come one after the other); its inputs (stored as
    JSON in the order of the rule's keys) are put beside those keys as they are, not decoded and encoded
    again."""

    def __init__(self) -> None:
        self.rules: dict[tuple[Any, ...], tuple[str, str, str, list[str] | None]] = {}
        self.report: tuple[Any, ...] | None = None
        self.report_part = ""

    def _rule(self, f: Failure) -> tuple[str, str, str, list[str] | None]:
        j = output.json_scalar
        keys = f.keys
        return (f'"rule": {j(f.rule)}, "scope": {j(f.scope)}, ', f'"strict": {j(f.strict)}, "title": {j(f.title)}, ',
                f'"keys": {output.json_text(keys, None)}, "formula": {j(f.formula)}, ',
                [j(k) + ": " for k in keys] if len(set(keys)) == len(keys) else None)

    def _inputs(self, f: Failure, names: list[str] | None) -> str:
        stored = f.inputs_json
        if names is not None and stored[:1] == "[" and not any(c in stored[1:] for c in '"[{ '):
            values = stored[1:-1].split(",") if stored != "[]" else []
            if len(values) == len(names):  # numbers and nulls, as json writes them
                return "{" + ", ".join(map(add, names, values)) + "}"
        if stored[:1] == "{":  # keyed by name (a cross-year identity's keys carry their year)
            if _PLAIN_OBJECT.fullmatch(stored):
                keys = _KEY.findall(stored)
                if len(set(keys)) == len(keys):
                    return stored.replace('":', '": ').replace(',"', ', "')
            return output.json_text(json.loads(stored), None)
        return output.json_text(f.inputs, None)

    def __call__(self, f: Failure) -> str:
        j = output.json_scalar
        report = (f.report_id, f.agency_id, f.agency, f.year, f.source_name)
        if report != self.report:
            self.report = report
            self.report_part = (f'{{"report_id": {j(f.report_id)}, "agency_id": {j(f.agency_id)}, '
                                f'"agency": {j(f.agency)}, "year": {j(f.year)}, "source_name": {j(f.source_name)}, ')
        spec = (f.rule, f.scope, f.strict, f.title, f.formula, f.keys_json)
        parts = self.rules.get(spec)
        if parts is None:
            parts = self.rules[spec] = self._rule(f)
        rule, title, formula, names = parts
        verdict = "null" if f.verdict is None else output.json_text(f.verdict.to_json(), None)
        return (f'{self.report_part}{rule}"status": {j(f.status)}, {title}'
                f'"message": {j(f.message)}, {formula}"inputs": {self._inputs(f, names)}, '
                f'"expected": {j(f.expected)}, "actual": {j(f.actual)}, "difference": {j(f.difference)}, '
                f'"other_report_id": {j(f.other_report_id)}, "other_year": {j(f.other_year)}, "verdict": {verdict}}}')


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


def _line_cells(line: FailureLine) -> tuple[object, ...]:
    """``_table_row`` of a ``FailureLine`` (no verdict: the archive has none)."""
    report_id, agency, year, other_year, rule, scope, strict, status, message = line
    return (agency or "—", f"{other_year}→{year}" if other_year else (str(year) if year else "—"), f"#{report_id}",
            f"{rule}:{scope}" if scope else rule, check_status_text(status, strict), "", message)


def _emit(args: argparse.Namespace, archive: Archive, counts: FindingCounts, **query: Any) -> None:
    lines = iter_finding_lines(archive, **query) if args.format == "table" and not args.open else None
    if lines is not None:  # the table straight from the store's narrow rows (the same cells, fewer steps)
        output.write_table([c.header for c in COLUMNS], map(_line_cells, counts.counting_lines(lines)),
                           right=[i for i, c in enumerate(COLUMNS) if c.right], header_alone=False)
        return
    flat = iter_finding_flat(archive, **query) if args.format == "csv" and not args.open else None
    if flat is not None:  # CSV straight from the store's flat rows; no verdict to write
        output.csv_rows(FAILURE_FIELDS, (row + _NO_VERDICT for row in counts.counting_lines(
            flat, report=2, strict_at=6, status_at=5)))
        return
    rows = iter_findings(archive, **query)
    output.records(args.format, counts.counting(rows, open_only=args.open), columns=COLUMNS, to_json=Failure.to_json,
                   csv_fields=FAILURE_FIELDS, csv_row=_csv_row, json_line=FailureJson(), table_row=_table_row)


def run_check(args: argparse.Namespace) -> int:
    counts = FindingCounts()
    with open_archive(args) as archive:
        _emit(args, archive, counts, year=args.year, agency=args.agency,
              statuses=ALL_STATUSES if args.all else DEFAULT_STATUSES)
        n_reports = reports_in_scope(archive, year=args.year, agency=args.agency)
    if args.format == "table":
        output.say(("\n" if counts.reports else "") + counts.summary(n_reports))
    return EXIT_FINDINGS if counts.has_strict_failure else EXIT_OK


def run_failures(args: argparse.Namespace) -> int:
    counts = FindingCounts()
    with open_archive(args) as archive:
        _emit(args, archive, counts, year=args.year, agency=args.agency, rule=args.rule,
              statuses=tuple(args.status or DEFAULT_STATUSES))
    if args.format == "table":
        output.say(("\n" if counts.reports else "") + counts.summary())
    return EXIT_OK
