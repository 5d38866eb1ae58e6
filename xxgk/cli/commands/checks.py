"""``xxgk check`` (exit 1 when a STRICT identity fails) and ``xxgk failures``: findings across the
archive's current reports, cross-year identities included, streamed from the store."""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from operator import add, attrgetter
from typing import Any, TypeVar

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
    FindingPages,
    PageKind,
    finding_pages,
    iter_findings,
    reports_in_scope,
)
from xxgk.workflows.records import Archive, Failure

T = TypeVar("T")
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


def inputs_text(stored: str, names: list[str] | None, keys: Sequence[str]) -> str:
    """A finding's stored inputs as its JSON line writes them: ``json_text`` of the inputs by key (``names``:
    the rule's keys as JSON, each followed by ": ", None when a key repeats)."""
    if names is not None and stored[:1] == "[" and _NOT_NUMBERS.search(stored, 1) is None:
        values = stored[1:-1].split(",") if stored != "[]" else []
        if len(values) == len(names):  # numbers and nulls, as json writes them
            return "{" + ", ".join(map(add, names, values)) + "}"
    if stored[:1] == "{":  # keyed by name (a cross-year identity's keys carry their year)
        if _PLAIN_OBJECT.fullmatch(stored):
            found = _KEY.findall(stored)
            if len(set(found)) == len(found):
                return stored.replace('":', '": ').replace(',"', ', "')
        return output.json_text(json.loads(stored), None)
    decoded = json.loads(stored)  # as Failure.inputs decodes it
    return output.json_text(dict(zip(keys, decoded, strict=True)) if isinstance(decoded, list) else dict(decoded),
                            None)


_NOT_NUMBERS = re.compile('["\\[{ ]')


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
        return inputs_text(f.inputs_json, names, f.keys)

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


class _Rules:
    """What a page writer needs of each rule id, made once per rule (a check of 100,000 reports lists ~200,000
    findings of a few dozen rules)."""

    def __init__(self, rule: Callable[[int], tuple[str, str, bool, str, str, str]]) -> None:
        self.rule = rule
        self.specs: dict[int, tuple[str, str, bool, str, str, str]] = {}
        self.strict: dict[int, bool] = {}
        self.names: dict[int, str] = {}  # the table's rule cell: ``A3.1:total``
        self.statuses: dict[tuple[int, str], str] = {}  # the table's status cell of a rule's finding

    def page(self, rule_ids: Sequence[int]) -> list[bool]:
        """Learn the page's new rules; returns each finding's STRICT flag."""
        for rule_id in set(rule_ids).difference(self.specs):
            spec = self.specs[rule_id] = self.rule(rule_id)
            self.strict[rule_id] = spec[2]
            self.names[rule_id] = f"{spec[0]}:{spec[1]}" if spec[1] else spec[0]
        return list(map(self.strict.__getitem__, rule_ids))

    def status_cells(self, rule_ids: Sequence[int], statuses: Sequence[str]) -> list[str]:
        return _looked_up(list(zip(rule_ids, statuses, strict=True)), self.statuses,
                          lambda key: check_status_text(key[1], self.strict[key[0]]))


def _looked_up(values: Sequence[T], cache: dict[T, str], make: Callable[[T], str]) -> list[str]:
    """``make`` of each value, made once per distinct value."""
    for value in set(values).difference(cache):
        cache[value] = make(value)
    return list(map(cache.__getitem__, values))


def _year_cell(years: tuple[int | None, int | None]) -> str:
    other_year, year = years
    return f"{other_year}→{year}" if other_year else (str(year) if year else "—")


def _table_pages(found: FindingPages, counts: FindingCounts) -> Iterator[list[Sequence[object]]]:
    """The columns of ``_table_row`` a page at a time, from the rows ``PAGE_COLUMNS["lines"]`` names."""
    rules = _Rules(found.rule)
    years: dict[tuple[int | None, int | None], str] = {}
    for page in found.pages:
        report_ids, agencies, year, other_year, rule_ids, statuses, messages = zip(*page, strict=True)
        counts.add_columns(report_ids, statuses, rules.page(rule_ids))
        if None in agencies or "" in agencies:
            agencies = tuple(a or "—" for a in agencies)
        yield [agencies, _looked_up(list(zip(other_year, year, strict=True)), years, _year_cell),
               list(map("#{}".format, report_ids)), list(map(rules.names.__getitem__, rule_ids)),
               rules.status_cells(rule_ids, statuses), [""] * len(page), messages]


def _csv_pages(found: FindingPages, counts: FindingCounts) -> Iterator[list[Sequence[object]]]:
    """The columns of ``_csv_row`` (no verdict) a page at a time, from ``PAGE_COLUMNS["flat"]``."""
    rules = _Rules(found.rule)
    for page in found.pages:
        (agencies, year, report_ids, rule_ids, statuses, messages, expected, actual, difference, other_year,
         source_names) = zip(*page, strict=True)
        strict = rules.page(rule_ids)
        counts.add_columns(report_ids, statuses, strict)
        specs = list(map(rules.specs.__getitem__, rule_ids))
        rule, scope, _, title, _, _ = zip(*specs, strict=True)
        empty = ("",) * len(page)
        yield [agencies, year, report_ids, rule, scope, statuses, strict, title, messages, expected, actual,
               difference, other_year, source_names, *([empty] * len(_NO_VERDICT))]


def _json_numbers(values: Sequence[object]) -> Sequence[str]:
    """``json_scalar`` of each value; a column of integers and nulls in one pass."""
    if _INT_OR_NONE.issuperset(map(type, values)):
        if None not in values:
            return list(map(str, values))  # str of an int is its JSON
        if values.count(None) == len(values):
            return ("null",) * len(values)
        return ["null" if v is None else str(v) for v in values]
    return list(map(output.json_scalar, values))


_INT_OR_NONE = frozenset({int, type(None)})


def _json_texts(values: Sequence[object]) -> Sequence[str]:
    """``json_scalar`` of each text (or None) of a column."""
    if None in values:
        return list(map(output.json_scalar, values))
    return output.json_strings(values)  # type: ignore[arg-type]  # every value is text


def _json_pages(found: FindingPages, counts: FindingCounts) -> Iterator[bytes]:
    """``FailureJson`` of each finding (verdict null) a page at a time, from ``PAGE_COLUMNS["json"]``, each
    line after ``output.JSON_GAP`` (``output.json_chunks``), as UTF-8: the report's part made once per
    report, the rule's and the status' once per rule (and encoded once), the rest a column at a time, and
    the page's text then joined from its pieces at once (about 1 KB a finding). The messages, UTF-8 bytes
    from the store, are copied as they are when none holds anything JSON escapes (``output.json_as_is``)."""
    rules = _Rules(found.rule)
    heads: dict[tuple[int, str], bytes] = {}  # rule id and status: the line from "rule" to "message"
    tails: dict[int, bytes] = {}  # rule id: the line from "keys" to "inputs"
    opened: dict[tuple[int, str], bytes] = {}  # heads and tails with the quotes of a message copied as it is
    closed: dict[int, bytes] = {}
    quoted: dict[int, list[str] | None] = {}  # rule id: its keys as JSON, each followed by ": " (None: a key repeats)
    names: dict[int, list[str]] = {}  # rule id: its keys
    plain: dict[str, bool] = {}  # the keys of a stored inputs object, its values taken out: a plain object?
    j = output.json_scalar
    for page in found.pages:
        (report_ids, agency_ids, agencies, year, source_names, rule_ids, statuses, messages, inputs, expected,
         actual, difference, other_ids, other_year) = zip(*page, strict=True)
        counts.add_columns(report_ids, statuses, rules.page(rule_ids))
        reports = dict(zip(report_ids, zip(agency_ids, agencies, year, source_names, strict=True), strict=True))
        ids, fields = list(reports), list(zip(*reports.values(), strict=True))
        report_part = dict(zip(ids, output.encoded_lines(list(map(
            _LINE_START.format, _json_numbers(ids), _json_numbers(fields[0]), _json_texts(fields[1]),
            _json_numbers(fields[2]), _json_texts(fields[3])))), strict=True))
        keys = list(zip(rule_ids, statuses, strict=True))
        for rule_id, status in set(keys).difference(heads):
            rule, scope, strict, title, _, _ = rules.specs[rule_id]
            heads[rule_id, status] = (f'"rule": {j(rule)}, "scope": {j(scope)}, "status": {j(status)}, '
                                      f'"strict": {j(strict)}, "title": {j(title)}, "message": ').encode()
            opened[rule_id, status] = heads[rule_id, status] + b'"'
        for rule_id in set(rule_ids).difference(tails):
            _, _, _, _, formula, keys_json = rules.specs[rule_id]
            names[rule_id] = rule_keys = json.loads(keys_json)
            tails[rule_id] = (f', "keys": {output.json_text(rule_keys, None)}, "formula": {j(formula)}, '
                              f'"inputs": ').encode()
            closed[rule_id] = b'"' + tails[rule_id]
            quoted[rule_id] = [j(k) + ": " for k in rule_keys] if len(set(rule_keys)) == len(rule_keys) else None
        n = len(page)
        # from the inputs to the line's end: each finding's own text (numbers, mostly), made by one format
        # for the page and encoded at once
        ends = tuple(chain.from_iterable(zip(
            _inputs_texts(inputs, list(map(quoted.__getitem__, rule_ids)), list(map(names.__getitem__, rule_ids)),
                          plain),
            *map(_json_numbers_or_ints, (expected, actual, difference, other_ids, other_year)), strict=True)))
        lines = ((_LINE_END * n) % ends).encode().split(b"\n")[:-1]
        if len(lines) != n:  # a line break in a stored inputs text (never written so): each line by itself
            lines = [(_LINE_END % ends[k:k + 6]).encode()[:-1] for k in range(0, len(ends), 6)]
        text: Sequence[bytes]
        if _BYTES.issuperset(map(type, messages)) and output.json_as_is(messages):  # the usual page
            before, text, after = opened, messages, closed
        else:
            before, text, after = heads, output.encoded_lines(_json_texts(_texts(messages))), tails
        yield b"".join(chain.from_iterable(zip(
            map(report_part.__getitem__, report_ids), map(before.__getitem__, keys), text,
            map(after.__getitem__, rule_ids), lines, strict=True)))


_BYTES = frozenset({bytes})


def _texts(messages: Sequence[object]) -> list[object]:
    """The messages of a page (UTF-8 bytes, or text when the archive's encoding is another) as text."""
    try:
        return [m.decode() if isinstance(m, bytes) else m for m in messages]
    except UnicodeDecodeError as exc:  # as sqlite3 says it of a text column
        raise sqlite3.OperationalError("Could not decode to UTF-8 column 'message'") from exc


# a line's end: its inputs, then its numbers (``_json_numbers_or_ints``: ``%s`` of either is its JSON)
_LINE_END = ('%s, "expected": %s, "actual": %s, "difference": %s, "other_report_id": %s, "other_year": %s, '
             '"verdict": null}\n')


def _json_numbers_or_ints(values: Sequence[object]) -> Sequence[object]:
    """A column of integers as it is (``%s`` of an int is its JSON), else ``_json_numbers``."""
    return values if _INT.issuperset(map(type, values)) else _json_numbers(values)


_INT = frozenset({int})


def _inputs_texts(stored: Sequence[str], quoted: Sequence[list[str] | None], keys: Sequence[list[str]],
                  plain: dict[str, bool]) -> list[str]:
    """``inputs_text`` of a page's inputs. The stored objects (year-keyed) are seen all at once, joined by
    line breaks: each one's values taken out by one substitution, what is left (its keys) checked once per
    distinct shape; when every one is a plain object (``_PLAIN_OBJECT``, its keys distinct) they are
    rewritten together. Anything else is written one by one."""
    out: list[str | None] = [None] * len(stored)
    objects = [i for i, text in enumerate(stored) if text[:1] == "{"]
    if objects:
        joined = "\n".join([stored[i] for i in objects])
        shapes = _VALUE.sub('":', joined).split("\n")
        for shape in set(shapes).difference(plain):
            found = _KEY.findall(shape)
            plain[shape] = _PLAIN_SHAPE.fullmatch(shape) is not None and len(set(found)) == len(found)
        if all(map(plain.__getitem__, shapes)):
            for i, text in zip(objects, joined.replace('":', '": ').replace(',"', ', "').split("\n"),
                               strict=True):
                out[i] = text
    return [inputs_text(stored[i], quoted[i], keys[i]) if text is None else text for i, text in enumerate(out)]


# A value of a plain object (_PAIR's), after its key; what is left of a plain object once they are taken out
_VALUE = re.compile(r'":(?:0|-?[1-9][0-9]*|null)')
_SHAPE_PAIR = r'"[ !#-\[\]-~]*":'
_PLAIN_SHAPE = re.compile(rf"\{{(?:{_SHAPE_PAIR}(?:,{_SHAPE_PAIR})*)?\}}")
# a line's start: the gap before it (``output.JSON_GAP``) and its report's part
_LINE_START = output.JSON_GAP + '{{"report_id": {}, "agency_id": {}, "agency": {}, "year": {}, "source_name": {}, '


def _emit(args: argparse.Namespace, archive: Archive, counts: FindingCounts, **query: Any) -> None:
    found = None if args.open else finding_pages(archive, _PAGE_KIND[args.format], size=output.PAGE, **query)
    with output.no_cycle_collection():
        _write(args, archive, counts, found, query)


def _write(args: argparse.Namespace, archive: Archive, counts: FindingCounts, found: FindingPages | None,
           query: dict[str, Any]) -> None:
    if found is not None and args.format == "table":  # straight from the store's narrow rows, no record
        output.write_columns([c.header for c in COLUMNS], _table_pages(found, counts),
                             right=[i for i, c in enumerate(COLUMNS) if c.right], header_alone=False)
    elif found is not None and args.format == "csv":
        output.csv_columns(FAILURE_FIELDS, _csv_pages(found, counts))
    elif found is not None:
        output.json_chunks(_json_pages(found, counts))
    else:  # verdicts to write, passes, or --open: the records' way
        rows = iter_findings(archive, **query)
        output.records(args.format, counts.counting(rows, open_only=args.open), columns=COLUMNS,
                       to_json=Failure.to_json, csv_fields=FAILURE_FIELDS, csv_row=_csv_row, json_line=FailureJson(),
                       table_row=_table_row)


_PAGE_KIND: dict[str, PageKind] = {"table": "lines", "csv": "flat", "json": "json"}


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
