"""``xxgk hierarchy set|clear|show|kind|check``: agencies under a parent, and a region's 本级 or 汇总 report."""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive, report_target
from xxgk.cli.commands.evaluation import write_checklist
from xxgk.cli.errors import EXIT_OK
from xxgk.domain.checklist import Checklist
from xxgk.workflows.checklist import ReportChecklist, previous_report
from xxgk.workflows.hierarchy import Node, clear_parent, region_item, report_kind, set_kind, set_parent, tree


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "hierarchy", help="上下级机关：设置上级，报告是本级还是汇总，汇总报告与下级之和比对",
                    description="一个地区的政府是其部门和乡镇（街道）的上级。地区的报告或是本级报告（本机关的工作），"
                                "或是汇总报告（全地区）：报告中写明的自动识别，否则由审核人员指定。只有汇总报告才与"
                                "下级机关报告之和比对（提示级，列出当年没有报告的下级机关）。")
    verbs = p.add_subparsers(dest="verb", metavar="操作", title="操作", required=True)

    s = add_command(verbs, common, "set", help="把机关设为某机关的下级：xxgk hierarchy set 上级 下级…")
    s.add_argument("parent", metavar="PARENT", help="上级机关（任何一种写法）")
    s.add_argument("children", nargs="+", metavar="CHILD", help="下级机关（可以有多个）")
    s.add_argument("--by", default=None, help="操作人（默认：$XXGK_USER，否则为系统用户名）")
    s.set_defaults(func=run_set)

    c = add_command(verbs, common, "clear", help="取消机关的上级：xxgk hierarchy clear 机关…")
    c.add_argument("children", nargs="+", metavar="AGENCY")
    c.add_argument("--by", default=None, help="操作人")
    c.set_defaults(func=run_clear)

    li = add_command(verbs, common, "show", help="列出上下级关系（或一个机关的上级和下级）")
    li.add_argument("agency", nargs="?", metavar="AGENCY")
    format_arg(li, ("table", "json"))
    li.set_defaults(func=run_show)

    k = add_command(verbs, common, "kind", help="报告是本级还是汇总：xxgk hierarchy kind 编号 [汇总|本级|自动]",
                    description="不给类型时显示报告的类型及其来源；给出 汇总 或 本级 时记下（对该机关该年度的各版本都适用），"
                                "自动 则取消指定，按报告中的写法识别。")
    k.add_argument("items", nargs="+", metavar="ID|AGENCY YEAR [KIND]")
    k.add_argument("--by", default=None, help="操作人")
    k.set_defaults(func=run_kind)

    ch = add_command(verbs, common, "check", help="汇总报告与下级机关报告之和比对：xxgk hierarchy check 编号")
    ch.add_argument("target", nargs="+", metavar="ID | AGENCY YEAR")
    format_arg(ch, ("table", "json"))
    ch.set_defaults(func=run_check)


def run_set(args: argparse.Namespace) -> int:
    with open_archive(args, write=True) as archive:
        up = archive.agency(args.parent).name
        done = set_parent(archive, args.parent, args.children, by=args.by)
    output.say(f"已设为“{output.safe(up)}”的下级：" + "、".join(output.safe(a.name) for a in done))
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    with open_archive(args, write=True) as archive:
        done = clear_parent(archive, args.children, by=args.by)
    output.say("已取消上级：" + "、".join(output.safe(a.name) for a in done))
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        nodes = tree(archive, args.agency)
    if args.format == "json":
        output.json_value([{"agency": n.agency.name, "parent": n.parent, "children": n.children} for n in nodes])
        return EXIT_OK
    if not nodes:
        output.say("档案中还没有上下级关系（设置：xxgk hierarchy set 上级 下级…）")
        return EXIT_OK

    def kids(n: Node) -> str:
        return "、".join(n.children) if n.children else ""

    output.table(["机关", "上级", "下级"], ([n.agency.name, n.parent or "", kids(n)] for n in nodes))
    return EXIT_OK


def run_kind(args: argparse.Namespace) -> int:
    items = list(args.items)
    word = None
    if len(items) in (2, 3) and not items[-1].isdigit():
        word = items.pop()
    with open_archive(args, write=word is not None) as archive:
        report_id = report_target(archive, items)
        report = archive.report(report_id)
        kind = set_kind(archive, report_id, word, by=args.by) if word is not None else report_kind(archive, report)
    prefix = "已指定" if word is not None else "报告类型"
    output.say(f"{prefix}：报告 #{report.id} {output.safe(report.agency or '')} {report.year or ''} 年 · "
               f"{output.safe(kind.describe())}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        report = archive.report(report_target(archive, args.target))
        item = region_item(archive, report)
        kind = report_kind(archive, report)
        prev = previous_report(archive, report)
    if args.format == "json":
        output.json_value({"report_id": report.id, "kind": kind.to_json(), "item": item.to_json() if item else None})
        return EXIT_OK
    if item is None:
        why = "本级报告，不与下级之和比对" if kind.kind == "own" else "该机关没有下级机关（xxgk hierarchy set 上级 下级…）"
        output.say(f"报告 #{report.id}：{why}")
        return EXIT_OK
    write_checklist(ReportChecklist(report, Checklist([item]), prev))
    return EXIT_OK
