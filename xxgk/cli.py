"""The ``xxgk`` command: a thin layer over ``importers``, ``store`` and ``domain``.

Exit codes: 0 fine, 1 findings (``check``: a STRICT identity fails), 2 bad input or usage. A user error
is ONE line on stderr (``xxgk: <file>: <problem>``), never a traceback (``XXGK_DEBUG=1`` re-raises).

Adding a subcommand: write ``register(subparsers)`` that adds a parser and sets ``func=handler`` (a
function ``handler(args) -> int``), then either append it to ``COMMANDS`` below or put it in a module
named in ``EXTENSION_MODULES`` (which is imported only if it exists). Handlers get ``args.db_path``
(a Path) and ``args.read_only``; use ``open_archive(args)`` and raise ``CliError`` for user errors.
Importing this module never imports Textual (the app is imported only when no subcommand is given).
"""
from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from xxgk import __version__
from xxgk.domain.model import BadInput, ParsedReport
from xxgk.presentation.numbers import number_text, percent_text, signed_text, value_text
from xxgk.presentation.spreadsheet import csv_field
from xxgk.presentation.status import status_mark
from xxgk.workflows.locations import ENV_DB, db_path

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
PROG = "xxgk"

# ---------------------------------------------------------------------------------------------------------
# Subcommand registry. ``COMMANDS`` is filled at the bottom of this file. ``EXTENSION_MODULES`` are optional
# modules with a ``register(subparsers)`` function of their own (keep their imports light: do heavy
# imports such as openpyxl inside the handler). >>> `xxgk export` goes in xxgk/export_cmd.py. <<<
# ---------------------------------------------------------------------------------------------------------
EXTENSION_MODULES: tuple[str, ...] = ("xxgk.export_cmd",)


class CliError(Exception):
    """A user error: ``main`` prints ``xxgk: <message>`` on one line and exits 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + message
        raise CliError(f"{message} (see: {self.prog} --help)")


# ---------------------------------------------------------------------------------------------------------
# helpers shared by the handlers (and by extension modules)
# ---------------------------------------------------------------------------------------------------------

def open_archive(args: argparse.Namespace, *, write: bool = False):
    """The archive named by ``--db``/``$XXGK_DB``; ``write=True`` refuses ``--read-only`` and may create
    the archive, a read command needs an existing one."""
    from xxgk.workflows.opening import open_archive as open_

    if write and args.read_only:
        raise CliError(f"{args.db_path}: --read-only was given; this command changes the archive")
    return open_(args.db_path, read_only=args.read_only, create=write)


def year_arg(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not 1980 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a reporting year")
    return year


def report_id_arg(text: str) -> int:
    try:
        value = int(text.lstrip("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a report id (a number, see: xxgk list)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a report id")
    return value


def width(text: str) -> int:
    """Terminal columns of ``text`` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], right: Iterable[int] = ()) -> str:
    """A plain-text table (no markup, so any report text prints as-is); ``right`` = right-aligned columns."""
    right = set(right)
    cells = [[_cell(v) for v in row] for row in rows]
    table = [list(headers), *cells]
    widths = [max(width(r[i]) for r in table) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(table):
        parts = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - width(text))
            last = i == len(row) - 1
            parts.append(pad + text if i in right else text + ("" if last else pad))
        lines.append("  ".join(parts).rstrip())
        if n == 0:  # the last column is not padded: its rule stays short
            rules = [*widths[:-1], min(widths[-1], max(width(headers[-1]), 40))]
            lines.append("  ".join("-" * w for w in rules).rstrip())
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return number_text(value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


fmt_number = number_text


def _json_default(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return obj.to_json() if hasattr(obj, "to_json") else asdict(obj)
    if isinstance(obj, set | frozenset):
        return sorted(obj)
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")


def print_json(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default))


def print_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([number_text(v) if isinstance(v, int | float) and not isinstance(v, bool) else csv_field(v)
                         for v in row])


def warn(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------------
# parse
# ---------------------------------------------------------------------------------------------------------

def register_parse(sub) -> None:
    p = sub.add_parser("parse", help="parse one file and print what was found (no archive)",
                       description="Parse one report file (text, HTML or XLSX) and print its values, checks and "
                                   "warnings. Nothing is archived.")
    p.add_argument("file", help="a report file")
    p.add_argument("--format", choices=("json", "table"), default="json")
    p.add_argument("--agency", help="the agency, when the file does not name it")
    p.add_argument("--year", type=year_arg, help="the reporting year, when the file does not say")
    p.set_defaults(func=cmd_parse)


def cmd_parse(args) -> int:
    from xxgk.workflows.importing import parse_file

    reports = parse_file(args.file, agency=args.agency, year=args.year)
    if args.format == "json":
        print_json(reports[0].to_json() if len(reports) == 1 else [r.to_json() for r in reports])
        return EXIT_OK
    for n, report in enumerate(reports):
        if n:
            print()
        print(_parsed_table(report))
    return EXIT_OK


def _parsed_table(r: ParsedReport) -> str:
    out = [f"file:      {r.file}" + (f"  [{r.part}]" if r.part else ""),
           f"agency:    {r.agency or '— (not found)'}" + (f"  ({r.agency_source})" if r.agency_source else ""),
           f"year:      {r.year or '— (not found)'}" + (f"  ({r.year_source})" if r.year_source else ""),
           f"template:  {r.template or '— (no statistics table recognised)'}",
           f"scope:     {r.scope or ''}",
           f"needs review: {'yes' if r.needs_review else 'no'}",
           "", f"values ({len(r.values)}):",
           render_table(("key", "label", "raw", "value", "where"),
                        [(v.key, v.label, v.raw, fmt_number(v.value), v.where) for v in r.values], right=(3,))]
    shown = [c for c in r.checks if c.status != "pass"]
    n_pass = len(r.checks) - len(shown)
    out += ["", f"checks: {len(r.checks)} ({n_pass} pass" + (", all others below)" if shown else ")")]
    if shown:
        out.append(render_table(("rule", "status", "strict", "message"),
                                [(c.rule_id, c.status, "STRICT" if c.strict else "soft", c.message) for c in shown]))
    if r.warnings:
        out += ["", f"warnings ({len(r.warnings)}):",
                render_table(("where", "message"), [(w.where, w.message) for w in r.warnings])]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------
# import
# ---------------------------------------------------------------------------------------------------------

STATUS_WORDS = {"imported": "imported", "unchanged": "unchanged", "new_version": "new version",
                "needs_review": "needs review"}


def register_import(sub) -> None:
    p = sub.add_parser("import", help="parse files and folders and archive them",
                       description="Parse report files (folders are searched recursively) and archive them, one "
                                   "transaction per file. Identical files are skipped; a second report for the "
                                   "same agency and year becomes a new version; a report without agency or year is "
                                   "stored for review (see: xxgk review, xxgk assign).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    p.add_argument("--agency", help="the agency of every file (when the files do not name it)")
    p.add_argument("--year", type=year_arg, help="the reporting year of every file")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary and errors")
    p.add_argument("--jobs", "-j", type=jobs_arg, metavar="N",
                   help="worker processes that parse (default: every core; 1: parse in this process)")
    p.set_defaults(func=cmd_import)


def jobs_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 to 256 processes")
    return value


def cmd_import(args) -> int:
    from xxgk.workflows.discovery import discover
    from xxgk.workflows.importing import import_found

    quiet = args.quiet
    found = discover(args.paths)
    if not found.files:
        raise CliError(f"{' '.join(args.paths)}: no report files found (.txt, .html, .xlsx)")
    with open_archive(args, write=True) as archive:
        bar = _progress(enabled=not quiet)

        def started(found) -> None:
            bar.start(len(found.files))

        def done(outcome, summary) -> None:
            bar.step(outcome.path.name)
            if outcome.error:
                warn(outcome.error)
                return
            if quiet:
                return
            for res in outcome.results:
                where = f"{res.source_name}" + (f" [{res.part}]" if res.part else "")
                print(f"{STATUS_WORDS[res.status]:<12}  #{res.report_id:<5} {res.agency or '—'}  "
                      f"{res.year or '—'}  {where}" + (f"  ({res.message})" if res.status != "imported" else ""))

        try:
            summary = import_found(archive, found, agency=args.agency, year=args.year, on_start=started,
                                   on_file=done, jobs=args.jobs)
        finally:
            bar.stop()
    tally = summary.counts
    failed = [o.error for o in summary.failed]
    parts = [f"{tally['imported']} imported", f"{tally['unchanged']} unchanged", f"{tally['new_version']} new version",
             f"{tally['needs_review']} needs review", f"{len(failed)} failed"]
    print(f"{summary.total} file{'s' if summary.total != 1 else ''}: " + ", ".join(parts))
    for line in failed:
        print(f"  failed: {line}")
    if tally["needs_review"]:
        print("  reports needing review: xxgk review; file them with: xxgk assign ID --agency A --year N")
    if summary.stopped:
        raise CliError(summary.stopped)
    return EXIT_BAD_INPUT if failed else EXIT_OK


class _progress:
    """A transient progress bar on stderr for long runs on a terminal; otherwise a no-op."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar = None
        self.task = None

    def start(self, total: int) -> None:
        if not self.enabled or total <= 5:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            TextColumn("{task.fields[name]}", markup=False),
                            console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty())
        self.bar.start()
        self.task = self.bar.add_task("import", total=total, name="")

    def step(self, name: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, name=name)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


# ---------------------------------------------------------------------------------------------------------
# list, review, agencies
# ---------------------------------------------------------------------------------------------------------

def register_list(sub) -> None:
    p = sub.add_parser("list", help="agencies × years: which reports are archived and how they check",
                       description="The archive as a grid of agencies × years. Cell: F = STRICT identities failing, "
                                   "W = warnings, I = incomplete, v2 = second version, ok = all pass, — = no report.")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_list)


def _cell_code(cell) -> str:
    if cell is None:
        return "—"
    parts = []
    if cell.n_strict_fail:
        parts.append(f"F{cell.n_strict_fail}")
    soft = cell.n_warn + cell.n_fail - cell.n_strict_fail
    if soft:
        parts.append(f"W{soft}")
    if cell.n_incomplete:
        parts.append(f"I{cell.n_incomplete}")
    code = " ".join(parts) or "ok"
    if cell.versions > 1:
        code += f" v{cell.versions}"
    return code


def cmd_list(args) -> int:
    with open_archive(args) as archive:
        grid = archive.list_grid()
    if args.format == "json":
        print_json(grid.to_json())
        return EXIT_OK
    if args.format == "csv":
        rows = []
        for r in grid.rows:
            for y in grid.years:
                c = r.cells.get(y)
                rows.append([r.agency, y] + ([None] * 9 if c is None else [
                    c.report_id, c.status, c.versions, c.template, c.n_strict_fail, c.n_fail, c.n_warn,
                    c.n_incomplete, c.source_name]))
        print_csv(["agency", "year", "report_id", "status", "versions", "template", "n_strict_fail", "n_fail",
                   "n_warn", "n_incomplete", "source_name"], rows)
        return EXIT_OK
    if not grid.rows:
        print("the archive is empty (add reports with: xxgk import FILES)" if not grid.needs_review else
              "no filed reports yet")
    else:
        print(render_table(["agency", *map(str, grid.years)],
                           [[r.agency, *(_cell_code(r.cells.get(y)) for y in grid.years)] for r in grid.rows]))
        print("\nF = STRICT identities failing, W = warnings, I = incomplete, v2 = versions, — = no report")
    if grid.needs_review:
        print(f"{grid.needs_review} report{'s' if grid.needs_review != 1 else ''} need review: xxgk review")
    return EXIT_OK


def register_review(sub) -> None:
    p = sub.add_parser("review", help="reports waiting for an agency or a year",
                       description="Reports archived without an agency or a year. File them with "
                                   "xxgk assign ID --agency A --year N.")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_review)


def cmd_review(args) -> int:
    with open_archive(args) as archive:
        rows = archive.reports_needing_review()
    if args.format == "json":
        print_json([r.to_json() for r in rows])
    elif not rows:
        print("no reports need review")
    else:
        print(render_table(("id", "agency (as found)", "year", "template", "file", "imported"),
                           [(r.id, r.agency_name or "—", r.year or "—", r.template or "—", r.source_name,
                             r.imported_at) for r in rows], right=(0,)))
    return EXIT_OK


def register_agencies(sub) -> None:
    p = sub.add_parser("agencies", help="the agencies in the archive, with their other spellings")
    p.add_argument("filter", nargs="?", help="only names or aliases containing this text")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_agencies)


def cmd_agencies(args) -> int:
    with open_archive(args) as archive:
        rows = archive.agencies(args.filter)
    if args.format == "json":
        print_json([a.to_json() for a in rows])
    elif not rows:
        print("no agencies" + (f" matching {args.filter!r}" if args.filter else ""))
    else:
        print(render_table(("agency", "years", "reports", "also spelled"),
                           [(a.name, ", ".join(map(str, a.years)), a.n_reports, "; ".join(a.aliases))
                            for a in rows], right=(2,)))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# check, failures
# ---------------------------------------------------------------------------------------------------------

FAILURE_FIELDS = ("agency", "year", "report_id", "rule", "scope", "status", "strict", "title", "message",
                  "expected", "actual", "difference", "other_year", "source_name")


def _failure_rows(archive, args, statuses) -> list:
    agency = archive.agency(args.agency).name if args.agency else None
    return archive.failures(year=args.year, agency=agency, rule=getattr(args, "rule", None), statuses=statuses)


def _print_failures(rows, fmt: str, n_reports: int | None = None) -> None:
    if fmt == "json":
        print_json([f.to_json() for f in rows])
        return
    if fmt == "csv":
        print_csv(FAILURE_FIELDS, [[getattr(f, k) for k in FAILURE_FIELDS] for f in rows])
        return
    if rows:
        print(render_table(("agency", "year", "report", "rule", "status", "message"),
                           [(f.agency or "—", f.year or "—", f"#{f.report_id}", f.rule_id,
                             f.status.upper() if f.status == "fail" and f.strict else f.status, f.message)
                            for f in rows]))
    strict = sum(1 for f in rows if f.status == "fail" and f.strict)
    counts = {s: sum(1 for f in rows if f.status == s) for s in ("fail", "warn", "incomplete", "pass")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to report"
    scope = f"{n_reports} report{'s' if n_reports != 1 else ''} checked: " if n_reports is not None else ""
    print(("\n" if rows else "") + scope + summary + (f" ({strict} STRICT)" if strict else ""))


def register_check(sub) -> None:
    p = sub.add_parser("check", help="failing identities in the archive; exit 1 when a STRICT one fails",
                       description="List the identities that fail (and SOFT ones that warn) in the current "
                                   "reports of the archive. Exit status 1 when a STRICT identity fails.")
    p.add_argument("--agency")
    p.add_argument("--year", type=year_arg)
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--all", action="store_true", help="also passing and incomplete checks")
    p.set_defaults(func=cmd_check)


def cmd_check(args) -> int:
    statuses = ("fail", "warn", "incomplete", "pass") if args.all else ("fail", "warn")
    with open_archive(args) as archive:
        rows = _failure_rows(archive, args, statuses)
        n_reports = archive.counts()["current_reports"] if not (args.agency or args.year) else None
    _print_failures(rows, args.format, n_reports)
    return EXIT_FINDINGS if any(f.status == "fail" and f.strict for f in rows) else EXIT_OK


def register_failures(sub) -> None:
    p = sub.add_parser("failures", help="every failing or warning check in the archive",
                       description="Failing (and warning) checks across the archive's current reports, "
                                   "cross-year identities included.")
    p.add_argument("--agency")
    p.add_argument("--year", type=year_arg)
    p.add_argument("--rule", help="a rule (A3.1), a family (A3) or a rule with its scope (A3.1:natural)")
    p.add_argument("--status", action="append", choices=("fail", "warn", "incomplete", "pass"),
                   help="statuses to list (repeatable; default fail and warn)")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.set_defaults(func=cmd_failures)


def cmd_failures(args) -> int:
    with open_archive(args) as archive:
        rows = _failure_rows(archive, args, tuple(args.status or ("fail", "warn")))
    _print_failures(rows, args.format)
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------------------------------------

def register_compare(sub) -> None:
    p = sub.add_parser("compare", help="two years of one agency side by side",
                       description="Align two years of one agency row by row (≈ marks items that are only "
                                   "approximately comparable across template generations), with the cross-year "
                                   "identities and the share of B's text repeated from A's.")
    p.add_argument("agency")
    p.add_argument("year_a", type=year_arg)
    p.add_argument("year_b", type=year_arg)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--hide-equal", action="store_true", help="only rows whose values differ")
    p.set_defaults(func=cmd_compare)


def cmd_compare(args) -> int:
    from xxgk.workflows.comparing import compare

    with open_archive(args) as archive:
        cmp = compare(archive, args.agency, args.year_a, args.year_b)
    rows = [r for r in cmp.rows if not (args.hide_equal and r.value_a == r.value_b)]
    if args.format == "json":
        data = cmp.to_json()
        data["rows"] = [r.to_json() for r in rows]
        print_json(data)
        return EXIT_OK
    a, b = cmp.report_a, cmp.report_b
    print(f"{cmp.agency}: {cmp.year_a} (#{a.id}, {a.template or '?'}, {a.source_name}, imported {a.imported_at}) "
          f"vs {cmp.year_b} (#{b.id}, {b.template or '?'}, {b.source_name}, imported {b.imported_at})")
    print()

    def mark(r) -> str:
        notes = ["≈"] if r.approximate else []
        for year, m in ((cmp.year_a, r.mark_a), (cmp.year_b, r.mark_b)):
            if m is not None:
                notes.append(f"{status_mark(m.status)}{year}")
        return " ".join(notes)

    print(render_table(("table", "item", str(cmp.year_a), str(cmp.year_b), "Δ", "Δ%", ""),
                       [(r.table, r.label, value_text(r.value_a, r.raw_a), value_text(r.value_b, r.raw_b),
                         signed_text(r.delta), percent_text(r.delta_pct), mark(r)) for r in rows],
                       right=(2, 3, 4, 5)))
    if args.hide_equal:
        print(f"({len(cmp.rows) - len(rows)} equal rows hidden)")
    print("\n≈ only approximately comparable; !YEAR (~YEAR) the value is read by an identity that fails "
          "(warns) that year")
    if cmp.cross_year:
        print("\ncross-year identities:")
        print(render_table(("rule", "status", "message"),
                           [(c.rule_id, c.status.upper() if c.status == "fail" and c.strict else c.status, c.message)
                            for c in cmp.cross_year]))
    elif abs(cmp.year_b - cmp.year_a) == 1:
        print("\ncross-year identities: none apply to these templates")
    if cmp.repeated_share is not None:
        print(f"\ntext of {cmp.year_b} repeated verbatim from {cmp.year_a}: {cmp.repeated_share:.0%}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# show, versions, text, assign
# ---------------------------------------------------------------------------------------------------------

def register_show(sub) -> None:
    p = sub.add_parser("show", help="one archived report: values, checks, warnings",
                       description="Show one archived report, by id (xxgk show 12) or by agency and year "
                                   "(xxgk show 盘锦市商务局 2022: the current version).")
    p.add_argument("target", nargs="+", metavar="REPORT_ID | AGENCY YEAR")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--all", action="store_true", help="also list the passing checks")
    p.set_defaults(func=cmd_show)


def _target_report_id(archive, target: Sequence[str]) -> int:
    if len(target) == 1:
        return report_id_arg_cli(target[0])
    if len(target) == 2:
        try:
            year = year_arg(target[1])
        except argparse.ArgumentTypeError as exc:
            raise CliError(str(exc)) from None
        info = archive.agency(target[0])
        row = archive.current_report(info.name, year)
        if row is None:
            raise CliError(f"no report for {info.name} {year} in the archive (years: "
                           f"{', '.join(map(str, info.years)) or 'none'})")
        return row.id
    raise CliError("give a report id, or an agency and a year")


def report_id_arg_cli(text: str) -> int:
    try:
        return report_id_arg(text)
    except argparse.ArgumentTypeError as exc:
        raise CliError(str(exc)) from None


def cmd_show(args) -> int:
    with open_archive(args) as archive:
        detail = archive.report_detail(_target_report_id(archive, args.target))
    if args.format == "json":
        print_json(detail.to_json())
        return EXIT_OK
    r = detail.report
    status = "needs review" if r.needs_review else (
        "current" if r.is_current else f"superseded by #{r.superseded_by}")
    print(f"report #{r.id}: {r.agency or r.agency_name or '— (no agency)'} {r.year or '— (no year)'}  "
          f"version {r.version} of {len(detail.versions)} ({status})")
    print(f"file {r.source_name}" + (f" [{r.part}]" if r.part else "") + f", {r.format}, {r.encoding or '?'}, "
          f"imported {r.imported_at}, sha256 {r.sha256[:12]}")
    print(f"template {r.template or '—'}" + (f" {r.table_templates}" if r.table_templates else "")
          + (f", scope {r.scope}" if r.scope else "")
          + f"; agency from {r.agency_source or '—'}, year from {r.year_source or '—'}")
    print(f"\nvalues ({len(detail.values)}):")
    print(render_table(("key", "label", "raw", "value"),
                       [(v.key, v.label, v.raw, fmt_number(v.value)) for v in detail.values], right=(3,)))
    checks = detail.checks if args.all else [c for c in detail.checks if c.status != "pass"]
    print(f"\nchecks: {len(detail.checks)}, {r.n_pass} pass, {r.n_fail} fail ({r.n_strict_fail} STRICT), "
          f"{r.n_warn} warn, {r.n_incomplete} incomplete")
    if checks:
        print(render_table(("rule", "status", "message"),
                           [(c.rule_id, c.status.upper() if c.status == "fail" and c.strict else c.status, c.message)
                            for c in checks]))
    if detail.cross_year:
        print("\ncross-year identities:")
        print(render_table(("years", "rule", "status", "message"),
                           [(f"{c.other_year}→{c.year}", c.check.rule_id, c.check.status, c.check.message)
                            for c in detail.cross_year if args.all or c.check.status != "pass"]))
    if detail.warnings:
        print(f"\nwarnings ({len(detail.warnings)}):")
        print(render_table(("where", "message"), [(w.where, w.message) for w in detail.warnings]))
    return EXIT_OK


def register_versions(sub) -> None:
    p = sub.add_parser("versions", help="every archived version of one agency's report for a year")
    p.add_argument("agency")
    p.add_argument("year", type=year_arg)
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_versions)


def cmd_versions(args) -> int:
    with open_archive(args) as archive:
        rows = archive.report_versions(args.agency, args.year)
    if args.format == "json":
        print_json([r.to_json() for r in rows])
    elif not rows:
        print(f"no report for {args.agency} {args.year}")
    else:
        print(render_table(("version", "id", "imported", "file", "sha256", "checks", ""),
                           [(r.version, f"#{r.id}", r.imported_at, r.source_name, r.sha256[:12],
                             f"F{r.n_strict_fail} W{r.n_warn + r.n_fail - r.n_strict_fail}",
                             "current" if r.is_current else "") for r in rows], right=(0,)))
    return EXIT_OK


def register_text(sub) -> None:
    p = sub.add_parser("text", help="print the full text of an archived report")
    p.add_argument("report_id", type=report_id_arg)
    p.set_defaults(func=cmd_text)


def cmd_text(args) -> int:
    with open_archive(args) as archive:
        text = archive.report_text(args.report_id)
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")
    return EXIT_OK


def register_assign(sub) -> None:
    p = sub.add_parser("assign", help="give a report its agency and year (files a report needing review)")
    p.add_argument("report_id", type=report_id_arg)
    p.add_argument("--agency", required=True)
    p.add_argument("--year", type=year_arg, required=True)
    p.set_defaults(func=cmd_assign)


def cmd_assign(args) -> int:
    with open_archive(args, write=True) as archive:
        res = archive.assign(args.report_id, args.agency, args.year)
    print(f"{STATUS_WORDS[res.status]}  #{res.report_id} {res.agency} {res.year}  ({res.message})")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------------------
# the parser and main
# ---------------------------------------------------------------------------------------------------------

COMMANDS: list[Callable[[Any], None]] = [
    register_parse, register_import, register_list, register_check, register_failures, register_compare,
    register_show, register_versions, register_text, register_assign, register_review, register_agencies,
]


def _extensions() -> list[Callable[[Any], None]]:
    found = []
    for name in EXTENSION_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # not written yet: fine
                continue
            raise
        found.append(module.register)
    return found


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    # SUPPRESS: given after the subcommand they override, absent they leave the top-level value alone
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=f"the archive file (default: ${ENV_DB}, else the per-user data folder)")
    common.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS,
                        help="never change the archive")
    parser = _Parser(prog=PROG, description="Review government information-disclosure annual reports "
                     "(政府信息公开工作年度报告). Without a command, opens the app.",
                     epilog="exit status: 0 fine, 1 findings (check: a STRICT identity fails), 2 bad input or usage")
    parser.add_argument("--db", metavar="PATH", help=f"the archive file (default: ${ENV_DB}, else the per-user "
                                                     "data folder)")
    parser.add_argument("--read-only", action="store_true", help="never change the archive")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    original = sub.add_parser

    def add_parser(name, **kwargs):
        kwargs.setdefault("parents", []).append(common)
        return original(name, **kwargs)

    sub.add_parser = add_parser
    for register in [*COMMANDS, *_extensions()]:
        register(sub)
    return parser


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _sqlite_message(exc: sqlite3.Error, path: Path | None) -> str:
    text = str(exc)
    where = f"{path}: " if path else ""
    if "locked" in text or "busy" in text:
        return f"{where}the archive is busy (another program is writing to it); try again"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{where}the archive is damaged or not an xxgk archive ({text})"
    if "readonly" in text:
        return f"{where}the archive cannot be written ({text})"
    if "unable to open" in text:
        return f"{where}the archive cannot be opened ({text})"
    return f"{where}{text}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 fine, 1 findings, 2 bad input or usage)."""
    from xxgk.workflows.records import ArchiveError

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError):
            pass
    args = None
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version
            return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else EXIT_BAD_INPUT
        args.db_path = db_path(args.db)
        if args.command is None:
            return _run_app(args)
        return args.func(args)
    except CliError as exc:
        warn(_one_line(exc))
    except BadInput as exc:
        warn(_one_line(exc))
    except ArchiveError as exc:
        warn(_one_line(exc))
    except sqlite3.Error as exc:
        if os.environ.get("XXGK_DEBUG"):
            raise
        warn(_sqlite_message(exc, getattr(args, "db_path", None)))
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # `xxgk list | head`
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            return EXIT_OK
        name = exc.filename or ""
        warn(f"{name}: {exc.strerror or _one_line(exc)}" if name else _one_line(exc))
    except KeyboardInterrupt:
        warn("interrupted")
        return 130
    except Exception as exc:  # a bug: one line, and how to see the details
        if os.environ.get("XXGK_DEBUG"):
            raise
        warn(f"internal error: {type(exc).__name__}: {_one_line(exc)} (run with XXGK_DEBUG=1 for details)")
    return EXIT_BAD_INPUT


def _run_app(args) -> int:
    try:
        from xxgk.tui.app import run
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == "tui" or exc.name.startswith(("tui.", "textual"))):
            raise CliError(f"the app is not available ({exc}); the commands work: xxgk --help") from None
        raise
    try:
        result = run(args.db_path, read_only=args.read_only)
    except SystemExit as exc:  # the app may exit with a status of its own
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else EXIT_BAD_INPUT
    return int(result) if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
