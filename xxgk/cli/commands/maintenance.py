"""Looking after the archive: ``doctor`` (is it sound?), ``backup`` (a consistent copy while in use) and
``reparse`` (every kept source read again by today's importers).

    xxgk doctor [--quick] [--format table|json]      exit 0 sound, 1 problems found
    xxgk backup FILE [--force] [--compact]
    xxgk reparse [--dry-run] [--jobs N] [--format table|json]

``doctor`` and ``backup`` open the archive read-only, as it is (an archive that needs upgrading is looked at,
not upgraded).
"""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, jobs_arg, open_archive
from xxgk.cli.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, CliError
from xxgk.presentation.numbers import number_text

REPARSE_WORDS = {"changed": "有变化", "added": "新读出", "failed": "读不出", "gone": "找不到", "no_source": "无原文件"}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "doctor", help="检查档案：完整性、档案结构、计数、待审核、孤立行",
                    description="检查档案文件：SQLite 完整性检查、档案结构版本、报告数、待审核的报告、失去所属报告的"
                                "孤立行、与核对结果不一致的计数。只读（别人正在使用档案时也可运行）。发现问题时退出码为 1。")
    p.add_argument("--quick", action="store_true", help="用 SQLite 的 quick_check 代替完整的完整性检查（更快）")
    format_arg(p, ("table", "json"))
    p.set_defaults(func=run_doctor)

    p = add_command(sub, common, "backup", help="把档案备份到 FILE（别人正在使用档案时也安全）",
                    description="用 SQLite 的在线备份复制档案：在其他程序继续读写时取得的一致快照。副本先检查，"
                                "再放到位；副本在任何地方都能只读打开（xxgk --db FILE --read-only）。")
    p.add_argument("file", metavar="FILE", help="备份文件")
    p.add_argument("--force", action="store_true", help="FILE 已存在时覆盖")
    p.add_argument("--compact", action="store_true",
                   help="用 VACUUM INTO 写副本：同一快照，不含升级后留下的空闲空间（较慢）")
    p.set_defaults(func=run_backup)

    p = add_command(sub, common, "reparse", help="用本版本的导入程序重新解析保存的原文件",
                    description="用本版本的导入程序重新解析每份现行报告（和每份待审核报告）保存的原文件。数值或识别出的"
                                "格式有变化时，新的解析结果成为这份报告的新版本（归在原来的机关和年度下，旧版保留）；"
                                "没有变化时不写入任何内容。列出变化之处。")
    p.add_argument("--dry-run", action="store_true", help="只列出会有哪些变化，不写入")
    p.add_argument("--jobs", "-j", type=jobs_arg, metavar="N", help="解析文件的进程数（默认：每个 CPU 核一个）")
    format_arg(p, ("table", "json"))
    p.set_defaults(func=run_reparse)


def run_doctor(args: argparse.Namespace) -> int:
    from xxgk.workflows.maintenance import check

    report = check(args.db_path, quick=args.quick)
    if args.format == "json":
        output.json_value(report.to_json())
        return EXIT_OK if report.healthy else EXIT_FINDINGS
    mode = report.journal_mode + ("，只读" if report.read_only else "") + ("，immutable" if report.immutable else "")
    output.say(f"档案：{output.safe(report.path)}（{report.size / 1e6:.1f} MB，{mode}"
               + (f"，文件系统 {output.safe(report.filesystem)}" if report.filesystem else "") + "）")
    output.say(f"档案结构：第 {report.schema_version} 版（本程序：第 {report.latest_schema} 版）")
    output.say("完整性检查：" + ("通过" if report.integrity == ["ok"] else f"{len(report.integrity)} 处问题"))
    c = report.counts
    if c:
        output.say(f"报告：{c['reports']} 份（现行 {c['current_reports']}，待审核 {report.needs_review}），机关 "
                   f"{c['agencies']} 个，数值 {c['values']} 个，核对 {c['checks']} 项，解析提示 {c['warnings']} 条")
    for note in report.notes:
        output.say(f"提示：{output.safe(note)}")
    if report.healthy:
        output.say("未发现问题。")
        return EXIT_OK
    output.say(f"发现 {len(report.problems)} 个问题：")
    for line in report.problems:
        output.say(f"  - {output.safe(line)}")
    for line in report.integrity[:10] if report.integrity != ["ok"] else []:
        output.say(f"    {output.safe(line)}")
    return EXIT_FINDINGS


def run_backup(args: argparse.Namespace) -> int:
    from xxgk.workflows.maintenance import copy

    result = copy(args.db_path, args.file, overwrite=args.force, compact=args.compact)
    output.say(f"已备份到 {output.safe(result.path)}（{result.reports} 份报告，{result.size / 1e6:.1f} MB）")
    if result.immutable:
        output.say("注意：档案所在的文件夹不可写，只能按磁盘上的样子读取；其他程序尚未写入主文件的改动不在副本中。")
    return EXIT_OK


def _where(o: Any) -> str:
    who = f"{output.safe(o.agency) or '（机关未知）'} {o.year or '（年度未知）'}"
    name = output.safe(o.source_name) + (f" [{output.safe(o.part)}]" if o.part else "")
    return f"{'#' + str(o.report_id) if o.report_id else '新'} {who}  {name}"


def _change_text(o: Any) -> str:
    parts = []
    if o.changed:
        shown = "，".join(f"{k} {number_text(a) or '空'}→{number_text(b) or '空'}" for k, a, b in o.changed[:4])
        parts.append(f"{len(o.changed)} 个数值变化（{shown}{'…' if len(o.changed) > 4 else ''}）")
    if o.added:
        parts.append(f"新读出 {len(o.added)} 个数值")
    if o.removed:
        parts.append(f"少了 {len(o.removed)} 个数值")
    if o.template:
        parts.append(f"格式 {o.template[0] or '未识别'}→{o.template[1] or '未识别'}")
    return "；".join(parts)


def run_reparse(args: argparse.Namespace) -> int:
    from xxgk.workflows.reparsing import ReparseOutcome, ReparseSummary, reparse

    table = args.format == "table"

    def shown(outcome: ReparseOutcome, summary: ReparseSummary) -> None:
        if table and outcome.status != "unchanged":
            detail = _change_text(outcome)
            output.say(f"{REPARSE_WORDS[outcome.status]:<4}  {_where(outcome)}" + (f"：{detail}" if detail else "")
                       + (f"  {output.safe(outcome.message)}" if outcome.message else ""))

    with open_archive(args, write=not args.dry_run) as archive:
        summary = reparse(archive, dry_run=args.dry_run, jobs=args.jobs, on_report=shown)
    c = summary.counts
    if not table:
        output.json_value({"total": summary.total, "counts": dict(c), "stopped": summary.stopped,
                           "outcomes": [o.__dict__ for o in summary.outcomes if o.status != "unchanged"]})
    else:
        output.say(f"重新解析 {summary.total} 份报告：{c['changed']} 份有变化"
                   + ("（试运行，未写入）" if args.dry_run else "（已记为新版本，旧版保留）")
                   + f"，{c['unchanged']} 份不变，{c['failed'] + c['gone']} 份读不出，{c['no_source']} 份没有保存原文件"
                   + (f"，另新读出 {c['added']} 份" if c["added"] else ""))
    if summary.stopped:
        raise CliError(summary.stopped)
    return EXIT_OK if not (c["failed"] or c["gone"]) else EXIT_BAD_INPUT
