"""``xxgk export``: what goes upward, to XLSX (printed, for people) or CSV (for scripts).

    xxgk export AGENCY YEAR_A YEAR_B [-o FILE] [--format xlsx|csv] [--hide-equal] [--force]
    xxgk export --all YEAR_A YEAR_B [-o FILE] [--format xlsx|csv] [--summary] [--hide-equal] [--force]
    xxgk export --failures [--year N] [--agency A] [--rule R] [--status S] [--open] [-o FILE] [--format xlsx|csv]

The exporters (``xxgk.exporters``) do the work, for the app alike; openpyxl is imported only when the
command runs.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, open_archive, year_arg, year_value
from xxgk.cli.errors import EXIT_OK, CliError
from xxgk.workflows.checking import ALL_STATUSES, DEFAULT_STATUSES
from xxgk.workflows.records import Archive

USAGE = ("%(prog)s AGENCY YEAR_A YEAR_B [-o FILE] [--format {xlsx,csv}] [--hide-equal] [--force]\n"
         "       %(prog)s --all YEAR_A YEAR_B [-o FILE] [--format {xlsx,csv}] [--summary] [--hide-equal] [--force]\n"
         "       %(prog)s --failures [--year N] [--agency A] [--rule R] [--status S] [--open] [-o FILE]"
         " [--format {xlsx,csv}]")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub, common, "export", help="导出对比（一个机关，或 --all 全部机关及汇总）或勾稽关系清单（--failures）",
        usage=USAGE,
        description="把两个年度的对比写入表格文件：XLSX 按官方表格排版（表三为行 × 七类申请人），每页页眉写明机关和年度，"
                    "被不符的勾稽关系读取的单元格标色、标“!”并附批注；≈ 表示两种格式之间只能近似对应。"
                    "--all 写一张汇总表（每个机关一行），再为有任一年度报告的每个机关各写一张；"
                    "--failures 写勾稽关系清单（可按年度、机关、规则、状态筛选）。CSV 为带 BOM 的 UTF-8。",
        epilog="已存在的文件不会被覆盖，除非加 --force（否则退出状态 2）。")
    p.add_argument("params", nargs="*", metavar="AGENCY YEAR_A YEAR_B",
                   help="机关和两个年度（--all 时只给两个年度，--failures 时不给）")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--all", action="store_true", dest="all_agencies", help="有任一年度报告的所有机关，含汇总表")
    mode.add_argument("--failures", action="store_true", help="勾稽关系清单（不符和提示），而不是对比")
    p.add_argument("-o", "--output", metavar="FILE", help="要写入的文件（默认：由机关和年度生成的文件名，写在当前文件夹）")
    p.add_argument("--format", choices=("xlsx", "csv"), default=None,
                   help="默认：按 -o 的后缀（.csv 为 csv），否则 xlsx")
    p.add_argument("--summary", action="store_true", help="与 --all 和 CSV 一起：只写汇总（每个机关一行）")
    p.add_argument("--hide-equal", action="store_true", help="略去两年相同（或都为零、都为空）且未标记的项目，同界面")
    p.add_argument("--year", type=year_arg, help="--failures：只列这一年度")
    p.add_argument("--agency", help="--failures：只列这个机关")
    p.add_argument("--rule", help="--failures：规则（A3.1）、规则族（A3）或带范围的规则（A3.1:natural）")
    p.add_argument("--status", action="append", choices=ALL_STATUSES,
                   help="--failures：要列出的状态（可重复；默认 fail 和 warn）")
    p.add_argument("--open", action="store_true",
                   help="--failures：只列未排除的问题（判定为已排除且数值未变的不列出）")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    p.set_defaults(func=run)


def _years(texts: list[str]) -> tuple[int, int]:
    ya, yb = (year_value(t) for t in texts)
    if ya == yb:
        raise CliError(f"两个年度相同（{ya}）；请给出两个不同的年度")
    return ya, yb


def _check_options(args: argparse.Namespace) -> None:
    """Options that belong to another kind of export are an error, never silently ignored."""
    if not args.failures:
        given = [name for name, value in (("--year", args.year), ("--agency", args.agency), ("--rule", args.rule),
                                          ("--status", args.status), ("--open", args.open)) if value]
        if given:
            raise CliError(f"{'、'.join(given)} 只用于 --failures（对比的机关和年度写在 export 后面）")
    elif args.params or args.summary or args.hide_equal:
        raise CliError("export --failures 不接受机关和年度参数、--summary 或 --hide-equal；用 --year/--agency 筛选")
    if args.summary and not args.all_agencies:
        raise CliError("--summary 只用于 --all")


def _parse(args: argparse.Namespace) -> tuple[str | None, int, int]:
    params = list(args.params)
    if args.all_agencies:
        if len(params) != 2:
            raise CliError("export --all 需要两个年度：xxgk export --all YEAR_A YEAR_B -o FILE.xlsx")
        return (None, *_years(params))
    if len(params) != 3:
        raise CliError("export 需要机关和两个年度：xxgk export AGENCY YEAR_A YEAR_B -o FILE.xlsx"
                       "（或 --all YEAR_A YEAR_B，或 --failures）")
    agency = params[0].strip()
    if not agency:
        raise CliError("机关名称是空的")
    return (agency, *_years(params[1:]))


def run(args: argparse.Namespace) -> int:
    from xxgk import exporters as ex

    _check_options(args)
    fmt = args.format or ("csv" if args.output and args.output.lower().endswith(".csv") else "xlsx")
    if args.summary and fmt != "csv":
        raise CliError("--summary 只用于 CSV（XLSX 的 --all 已含汇总表）")
    write: Callable[[Archive, Path], object]
    if args.failures:
        path = Path(args.output or ex.default_failures_name(args.year, args.agency, fmt))
        failures = ex.export_failures_csv if fmt == "csv" else ex.export_failures_xlsx
        statuses = tuple(args.status or DEFAULT_STATUSES)

        def write(archive: Archive, path: Path) -> object:
            return failures(archive, path, year=args.year, agency=args.agency, rule=args.rule, statuses=statuses,
                            force=args.force, open_only=args.open)
    else:
        agency, ya, yb = _parse(args)
        if agency is None:
            path = Path(args.output or ex.default_all_name(ya, yb, fmt))
            every = ex.export_all_csv if fmt == "csv" else ex.export_all_xlsx

            def write(archive: Archive, path: Path) -> object:
                if args.summary:
                    return ex.export_summary_csv(archive, ya, yb, path, force=args.force)
                return every(archive, ya, yb, path, force=args.force, hide_equal=args.hide_equal)
        else:
            path = Path(args.output or ex.default_export_name(agency, ya, yb, fmt))
            one = ex.export_agency_csv if fmt == "csv" else ex.export_agency_xlsx

            def write(archive: Archive, path: Path) -> object:
                return one(archive, agency, ya, yb, path, force=args.force, hide_equal=args.hide_equal)
    try:
        with open_archive(args) as archive:
            write(archive, path)
    except ex.ExportError as exc:  # ExportExists and ExportNotFound included: one line, exit 2
        raise CliError(str(exc)) from None
    output.say(f"已写入 {path}")
    return EXIT_OK
