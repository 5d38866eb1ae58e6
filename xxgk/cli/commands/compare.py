"""``xxgk compare AGENCY YEAR_A YEAR_B``: two years of one agency side by side."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive, year_arg
from xxgk.cli.errors import EXIT_OK
from xxgk.presentation.numbers import percent_text, share_text, signed_text, value_text
from xxgk.presentation.reports import table_name, template_name
from xxgk.presentation.status import APPROXIMATE_MARK, STATUS_MARK, check_status_text, status_mark
from xxgk.presentation.times import local_time_text
from xxgk.workflows.records import ReportRow

if TYPE_CHECKING:  # the comparison itself is imported when the command runs (start-up time)
    from xxgk.domain.compare import CompareRow
    from xxgk.workflows.comparing import Comparison

LEGEND = (f"{APPROXIMATE_MARK} 两种格式之间只能近似对应；{STATUS_MARK['fail']}年度（{STATUS_MARK['warn']}年度）"
          "该年有读取这个数的勾稽关系不符（提示）")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "compare", help="一个机关两个年度的报告逐项对比",
                    description="把一个机关两个年度的报告逐行对齐（≈ 表示两种格式之间只能近似对应），"
                                "列出跨年度的勾稽关系，以及后一年正文逐字重复前一年的比例。")
    p.add_argument("agency", metavar="AGENCY")
    p.add_argument("year_a", metavar="YEAR_A", type=year_arg)
    p.add_argument("year_b", metavar="YEAR_B", type=year_arg)
    format_arg(p, ("table", "json"))
    p.add_argument("--hide-equal", action="store_true", help="只显示数值不同的行")
    p.set_defaults(func=run)


def _side(year: int, r: ReportRow | None) -> str:
    if r is None:
        return f"{year} 年（没有报告）"
    return (f"{year} 年（#{r.id}，{template_name(r.template)}，{output.safe(r.source_name)}，"
            f"导入于 {local_time_text(r.imported_at)}）")


def _marks(cmp: Comparison, r: CompareRow) -> str:
    notes = [APPROXIMATE_MARK] if r.approximate else []
    for year, m in ((cmp.year_a, r.mark_a), (cmp.year_b, r.mark_b)):
        if m is not None:
            notes.append(f"{status_mark(m.status)}{year}")
    return " ".join(notes)


def run(args: argparse.Namespace) -> int:
    from xxgk.workflows.comparing import compare

    with open_archive(args) as archive:
        cmp = compare(archive, args.agency, args.year_a, args.year_b)
    rows = [r for r in cmp.rows if not (args.hide_equal and r.value_a == r.value_b)]
    if args.format == "json":
        data = cmp.to_json()
        data["rows"] = [r.to_json() for r in rows]
        output.json_value(data)
        return EXIT_OK
    output.say(f"{output.safe(cmp.agency)}：{_side(cmp.year_a, cmp.report_a)} 对比 {_side(cmp.year_b, cmp.report_b)}")
    output.say()
    output.table(("表", "项目", str(cmp.year_a), str(cmp.year_b), "增减", "增减%", "标记"),
                 [(table_name(r.table), r.label, value_text(r.value_a, r.raw_a), value_text(r.value_b, r.raw_b),
                   signed_text(r.delta), percent_text(r.delta_pct), _marks(cmp, r)) for r in rows],
                 right=(2, 3, 4, 5))
    if args.hide_equal:
        output.say(f"（已隐藏 {len(cmp.rows) - len(rows)} 行数值相同的项目）")
    output.say(f"\n{LEGEND}")
    if cmp.cross_year:
        output.say("\n跨年度勾稽关系：")
        output.table(("规则", "状态", "说明"), [(c.rule_id, check_status_text(c.status, c.strict), c.message)
                                              for c in cmp.cross_year])
    elif abs(cmp.year_b - cmp.year_a) == 1:
        output.say("\n跨年度勾稽关系：这两年的格式之间没有适用的")
    else:
        output.say("\n跨年度勾稽关系：只在相邻两年之间检查")
    if cmp.repeated_share is not None:
        output.say(f"\n{cmp.year_b} 年正文逐字重复 {cmp.year_a} 年的比例：{share_text(cmp.repeated_share)}")
    return EXIT_OK
