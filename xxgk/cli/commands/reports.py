"""One archived report: ``show``, ``versions``, ``text``, and filing it: ``assign``, ``withdraw``."""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive, report_id_arg, report_target, year_arg
from xxgk.cli.commands.importing import result_line
from xxgk.cli.errors import EXIT_OK, CliError
from xxgk.domain.model import CheckResult
from xxgk.domain.verdicts import VerdictMark
from xxgk.presentation.numbers import value_text
from xxgk.presentation.reports import source_name, table_templates_text, template_name, version_state
from xxgk.presentation.status import check_status_text, count_marks
from xxgk.presentation.times import local_time_text, zone_label
from xxgk.presentation.verdicts import verdict_label, verdict_text
from xxgk.workflows.checking import status_summary
from xxgk.workflows.records import ReportDetail, ReportRow
from xxgk.workflows.reports import withdraw
from xxgk.workflows.verdicts import mark_checks


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "show", help="一份已存档的报告：数值、勾稽关系、解析提示",
                    description="显示一份已存档的报告：按编号（xxgk show 12），或按机关和年度"
                                "（xxgk show 盘锦市商务局 2022：现行版本）。")
    p.add_argument("target", nargs="+", metavar="ID | AGENCY YEAR", help="报告编号，或机关名称和年度")
    format_arg(p, ("table", "json"))
    p.add_argument("--all", action="store_true", help="也列出相符的勾稽关系")
    p.set_defaults(func=run_show)

    p = add_command(sub, common, "versions", help="一个机关某一年度存档的所有版本（含已撤回的）")
    p.add_argument("agency", metavar="AGENCY")
    p.add_argument("year", metavar="YEAR", type=year_arg)
    format_arg(p, ("table", "json"))
    p.set_defaults(func=run_versions)

    p = add_command(sub, common, "text", help="显示一份已存档报告的全文",
                    description="显示一份已存档报告的全文；--line 只显示这一行及其前后几行（行号与 xxgk search 和界面的"
                                "原文一致）。")
    p.add_argument("report_id", metavar="ID", type=report_id_arg)
    p.add_argument("--line", type=_line_number, default=None, help="只显示这一行（及其前后 --context 行），带行号")
    p.add_argument("--context", type=_line_count, default=3, help="--line 前后各显示几行（默认 3）")
    p.set_defaults(func=run_text)

    p = add_command(sub, common, "assign", help="给报告指定机关和年度（归档待审核的报告，或改正归档）")
    p.add_argument("report_id", metavar="ID", type=report_id_arg)
    p.add_argument("--agency", required=True, help="机关名称")
    p.add_argument("--year", type=year_arg, required=True, help="报告年度")
    p.set_defaults(func=run_assign)

    p = add_command(sub, common, "withdraw", help="撤回一份归档有误的版本（保留在历史中，从不删除）",
                    description="撤回一份归档有误的版本：它不再出现在总览、计数和检查中（如有上一版，上一版重新成为"
                                "现行版本，跨年度勾稽关系重新计算），但仍保留在历史中（xxgk versions、xxgk show），"
                                "记下撤回的时间、理由和操作的用户。")
    p.add_argument("report_id", metavar="ID", type=report_id_arg)
    p.add_argument("--reason", required=True, help="撤回的理由")
    p.set_defaults(func=run_withdraw)


def _withdrawal(r: ReportRow) -> str:
    return (f"{local_time_text(r.withdrawn_at)} 由 {output.safe(r.withdrawn_by)} 撤回，"
            f"理由：{output.safe(r.withdrawn_reason)}")


def _state(r: ReportRow) -> str:
    state = version_state(needs_review=r.needs_review, withdrawn=r.withdrawn, superseded_by=r.superseded_by)
    return f"{state}（{_withdrawal(r)}）" if r.withdrawn else state


def _checks_table(checks: list[CheckResult], marks: list[VerdictMark | None]) -> None:
    output.table(("规则", "状态", "判定", "说明"),
                 [(c.rule_id, check_status_text(c.status, c.strict), verdict_label(m), c.message or c.formula)
                  for c, m in zip(checks, marks, strict=True)])


def _verdict_lines(checks: list[CheckResult], marks: list[VerdictMark | None]) -> None:
    lines = [f"  {c.rule_id}：{verdict_text(m)}" for c, m in zip(checks, marks, strict=True) if m is not None]
    if lines:
        output.say("判定：")
        for line in lines:
            output.say(output.safe(line))


def write_detail(detail: ReportDetail, show_passing: bool, marks: dict[int, VerdictMark | None] | None = None
                 ) -> None:
    """The report as ``show`` prints it; ``marks``: the verdict of each check (by ``id()``), if read."""
    marks = marks or {}
    r = detail.report
    agency = output.safe(r.agency or r.agency_name) or "—（无机关）"
    output.say(f"报告 #{r.id}：{agency} {r.year or '—（无年度）'} 年 · 第 {r.version} 版（共 {len(detail.versions)} 版）"
               f" · {version_state(needs_review=r.needs_review, withdrawn=r.withdrawn, superseded_by=r.superseded_by)}")
    pairs: list[tuple[str, object]] = []
    if r.withdrawn:
        pairs.append(("撤回：", _withdrawal(r)))
    pairs += [
        ("文件：", output.safe(r.source_name) + (f" [{output.safe(r.part)}]" if r.part else "")
         + f" · {r.format} · {r.encoding or '?'} · 导入于 {local_time_text(r.imported_at)}（{zone_label()}）"
         f" · sha256 {r.sha256[:12]}"),
        ("格式：", f"{template_name(r.template)}（{table_templates_text(r.table_templates)}）" if r.template
         else "—（没有识别出统计表）"),
        ("来源：", f"机关来自{source_name(r.agency_source)}，年度来自{source_name(r.year_source)}"),
    ]
    if r.scope:
        pairs.append(("口径：", output.safe(r.scope)))
    output.fields(pairs)

    output.say(f"\n数值（{len(detail.values)} 项）：")
    output.table(("代码", "项目", "原文", "数值", "位置"),
                 [(v.key, v.label, v.raw, value_text(v.value, v.raw), v.where) for v in detail.values], right=(3,))
    shown = detail.checks if show_passing else [c for c in detail.checks if c.status != "pass"]
    output.say(f"\n勾稽关系（{len(detail.checks)} 项）：{status_summary(detail.checks)}"
               + ("" if show_passing or not shown else "；相符的未列出（--all 列出全部）"))
    if shown:
        own_marks = [marks.get(id(c)) for c in shown]
        _checks_table(shown, own_marks)
        _verdict_lines(shown, own_marks)
    if detail.cross_year:
        output.say(f"\n跨年度勾稽关系（{len(detail.cross_year)} 项）：{status_summary(c.check for c in detail.cross_year)}")
        cross_marks = [marks.get(id(c.check)) for c in detail.cross_year]
        output.table(("年度", "规则", "状态", "判定", "说明"),
                     [(f"{c.other_year}→{c.year}", c.check.rule_id, check_status_text(c.check.status, c.check.strict),
                       verdict_label(m), c.check.message or c.check.formula)
                      for c, m in zip(detail.cross_year, cross_marks, strict=True)])
        _verdict_lines([c.check for c in detail.cross_year], cross_marks)
    else:
        output.say("\n跨年度勾稽关系：无（档案中没有相邻年度的现行报告，或两年的格式之间没有适用的）")
    if detail.warnings:
        output.say(f"\n解析提示（{len(detail.warnings)} 条）：")
        output.table(("位置", "说明"), [(w.where, w.message) for w in detail.warnings])
    if len(detail.versions) > 1:
        output.say("\n版本：")
        write_versions(detail.versions)


def run_show(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        detail = archive.report_detail(report_target(archive, args.target))
        pairs: list[tuple[CheckResult, int | None]] = [(c, None) for c in detail.checks]
        pairs += [(c.check, c.other_year if c.report_id == detail.report.id else c.year) for c in detail.cross_year]
        found = mark_checks(archive, detail, pairs)
    marks = {id(check): mark for (check, _), mark in zip(pairs, found, strict=True)}
    if args.format == "json":
        doc = detail.to_json()
        for c, item in zip(detail.checks, doc["checks"], strict=True):
            mark = marks.get(id(c))
            item["verdict"] = mark.to_json() if mark else None
        for cross, item in zip(detail.cross_year, doc["cross_year"], strict=True):
            mark = marks.get(id(cross.check))
            item["verdict"] = mark.to_json() if mark else None
        output.json_value(doc)
    else:
        write_detail(detail, args.all, marks)
    return EXIT_OK


def write_versions(rows: list[ReportRow]) -> None:
    output.table(("版本", "编号", f"导入时间（{zone_label()}）", "文件", "sha256", "检查", "状态"),
                 [(r.version, f"#{r.id}", local_time_text(r.imported_at), r.source_name + (f" [{r.part}]" if r.part else ""),
                   r.sha256[:12], count_marks(r.n_strict_fail, r.n_warn + r.n_fail - r.n_strict_fail, r.n_incomplete),
                   _state(r)) for r in rows], right=(0,))


def run_versions(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        rows = archive.report_versions(args.agency, args.year)
    if args.format == "json":
        output.json_list(r.to_json() for r in rows)
    elif not rows:
        output.say(f"档案中没有 {output.safe(args.agency)} {args.year} 年的报告")
    else:
        write_versions(rows)
    return EXIT_OK


def _line_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是行号（从 1 起）")
    return int(text)


def _line_count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"“{text}”不是行数")
    return int(text)


def run_text(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        text = archive.report_text(args.report_id)
    if args.line is None:
        output.raw_text(text)
        return EXIT_OK
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # numbered as the source view does
    if args.line > len(lines):
        raise CliError(f"报告 #{args.report_id} 只有 {len(lines)} 行，没有第 {args.line} 行")
    first, last = max(1, args.line - args.context), min(len(lines), args.line + args.context)
    width = len(str(last))
    for n in range(first, last + 1):
        mark = ">" if n == args.line else " "
        output.say(f"{mark}{n:>{width}}  {output.safe(lines[n - 1])}")
    return EXIT_OK


def run_assign(args: argparse.Namespace) -> int:
    with open_archive(args, write=True) as archive:
        res = archive.assign(args.report_id, args.agency, args.year)
    output.say(result_line(res) + (f"（{res.message}）" if res.status == "imported" else ""))
    return EXIT_OK


def run_withdraw(args: argparse.Namespace) -> int:
    with open_archive(args, write=True) as archive:
        row = withdraw(archive, args.report_id, args.reason)
        current = archive.current_report(row.agency, row.year) if row.agency and row.year else None
    what = f"{output.safe(row.agency or row.agency_name) or '无机关'} {row.year or '无年度'} 年第 {row.version} 版"
    output.say(f"已撤回报告 #{row.id}（{what}）：不再计入总览、计数和检查，仍保留在历史中。")
    if row.agency and row.year:
        output.say(f"现行版本：#{current.id}（第 {current.version} 版）" if current else
                   f"{output.safe(row.agency)} {row.year} 年已没有现行报告")
    return EXIT_OK
