"""``xxgk parse FILE``: what one file holds, without an archive."""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, year_arg
from xxgk.cli.errors import EXIT_OK
from xxgk.domain.model import ParsedReport
from xxgk.presentation.numbers import value_text
from xxgk.presentation.reports import source_name, table_templates_text, template_name
from xxgk.presentation.status import check_status_text, status_name


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "parse", help="解析一个文件并显示识别结果（不存档）",
                    description="解析一个报告文件（文本、HTML 或 XLSX），显示识别出的数值、勾稽关系和解析提示。"
                                "不写入档案。--format json 总是输出一个列表：每份报告一个对象（工作簿可有多份）。")
    p.add_argument("file", metavar="FILE", help="报告文件")
    format_arg(p, ("json", "table"), default="json")
    p.add_argument("--agency", help="机关名称（文件中没有写明时）")
    p.add_argument("--year", type=year_arg, help="报告年度（文件中没有写明时）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xxgk.workflows.importing import parse_file

    reports = parse_file(args.file, agency=args.agency, year=args.year)
    if args.format == "json":
        output.json_list(r.to_json() for r in reports)
        return EXIT_OK
    for n, report in enumerate(reports):
        if n:
            output.say()
        write_report(report)
    return EXIT_OK


def write_report(r: ParsedReport) -> None:
    """One parsed report, readable: what was found and from where, every value, the non-passing checks."""
    output.fields([
        ("文件：", output.safe(r.file) + (f"  [{output.safe(r.part)}]" if r.part else "")),
        ("机关：", (output.safe(r.agency) + f"（来自{source_name(r.agency_source)}）") if r.agency else "—（文中没有写明）"),
        ("年度：", f"{r.year}（来自{source_name(r.year_source)}）" if r.year else "—（文中没有写明）"),
        ("格式：", f"{template_name(r.template)}（{table_templates_text(r.table_templates)}）" if r.template
         else "—（没有识别出统计表）"),
        ("口径：", output.safe(r.scope) if r.scope else "—"),
        ("待审核：", "是（缺机关或年度，导入后需指定）" if r.needs_review else "否"),
    ])
    output.say(f"\n数值（{len(r.values)} 项）：")
    output.table(("代码", "项目", "原文", "数值", "位置"),
                 [(v.key, v.label, v.raw, value_text(v.value, v.raw), v.where) for v in r.values], right=(3,))
    shown = [c for c in r.checks if c.status != "pass"]
    passed = len(r.checks) - len(shown)
    output.say(f"\n勾稽关系：{len(r.checks)} 项（{status_name('pass')} {passed} 项"
               + ("，其余列在下面）" if shown else "）"))
    if shown:
        output.table(("规则", "状态", "说明"), [(c.rule_id, check_status_text(c.status, c.strict), c.message)
                                              for c in shown])
    if r.warnings:
        output.say(f"\n解析提示（{len(r.warnings)} 条）：")
        output.table(("位置", "说明"), [(w.where, w.message) for w in r.warnings])
