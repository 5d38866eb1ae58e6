"""Looking after the archive file: ``doctor`` (is it sound?) and ``backup`` (a consistent copy while in use).

    xxgk doctor [--quick] [--format table|json]      exit 0 sound, 1 problems found
    xxgk backup FILE [--force]

Both open the archive read-only, as it is (an archive that needs upgrading is looked at, not upgraded).
"""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg
from xxgk.cli.errors import EXIT_FINDINGS, EXIT_OK


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
    p.set_defaults(func=run_backup)


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

    result = copy(args.db_path, args.file, overwrite=args.force)
    output.say(f"已备份到 {output.safe(result.path)}（{result.reports} 份报告，{result.size / 1e6:.1f} MB）")
    if result.immutable:
        output.say("注意：档案所在的文件夹不可写，只能按磁盘上的样子读取；其他程序尚未写入主文件的改动不在副本中。")
    return EXIT_OK
