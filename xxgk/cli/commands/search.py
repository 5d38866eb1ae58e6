"""``xxgk search 依申请 收费``: the lines of the archived reports that contain every word."""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive, year_arg
from xxgk.cli.errors import EXIT_OK
from xxgk.cli.output import Column
from xxgk.workflows.search import LIMIT, search

FIELDS = ("report_id", "agency", "year", "source_name", "line", "text")


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数")
    return n


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "search", help="在全部报告的原文中查找文字（每一行含全部词语）",
                    description="在档案中每份现行报告的原文里查找：列出含有全部词语的行（机关、年度、报告编号、"
                                "行号）。三个字以上的词语用全文索引查找，更短的词语（如 收费）在这些行中逐行比对。"
                                "打开原文的那一行：xxgk text 编号 --line 行号，或在界面中按 Ctrl+F 查找后回车。")
    p.add_argument("words", nargs="+", metavar="WORD", help="要查找的词语（可以有多个，用空格分开）")
    p.add_argument("--agency", help="只查这个机关（任何一种写法）")
    p.add_argument("--year", type=year_arg, help="只查这一年度")
    p.add_argument("--limit", type=_positive, default=LIMIT, help=f"最多列出多少行（默认 {LIMIT}）")
    format_arg(p)
    p.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        result = search(archive, args.words, agency=args.agency, year=args.year, limit=args.limit)
    if args.format == "table" and not result.hits:
        output.say(f"没有找到同时含有 {'、'.join(output.safe(t) for t in result.terms)} 的行")
        return EXIT_OK
    output.records(args.format, result.hits, to_json=lambda h: h.to_json(), csv_fields=FIELDS,
                   csv_row=lambda h: [h.report_id, h.agency, h.year, h.source_name, h.line, h.text],
                   columns=[
                       Column("机关", lambda h: h.agency or f"（待审核）{h.source_name}"),
                       Column("年度", lambda h: h.year or ""),
                       Column("报告", lambda h: f"#{h.report_id}"),
                       Column("行", lambda h: h.line, right=True),
                       Column("内容", lambda h: h.text),
                   ])
    if args.format == "table":
        shown = len(result.hits)
        more = f"，只列出前 {shown} 行（--limit 可调）" if result.more else ""
        reports = len({h.report_id for h in result.hits})
        output.say(f"\n共 {result.total} 行{more}；列出的行来自 {reports} 份报告。查看原文的那一行：xxgk text 编号 --line 行号")
    return EXIT_OK
