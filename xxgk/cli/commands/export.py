"""``xxgk export``: year-over-year comparisons to XLSX (for people) or CSV (for scripts).

    xxgk export AGENCY YEAR_A YEAR_B [-o FILE.xlsx] [--format xlsx|csv] [--force]
    xxgk export --all YEAR_A YEAR_B [-o FILE.xlsx] [--format xlsx|csv] [--force]

openpyxl is imported only when the command runs.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, open_archive, year_value
from xxgk.cli.errors import EXIT_OK, CliError

USAGE = ("%(prog)s AGENCY YEAR_A YEAR_B [-o FILE] [--format {xlsx,csv}] [--force]\n"
         "       %(prog)s --all YEAR_A YEAR_B [-o FILE] [--format {xlsx,csv}] [--force]")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub, common, "export", help="把两个年度的对比（一个机关，或 --all 全部机关）写成 .xlsx 或 .csv",
        usage=USAGE,
        description="把两个年度的对比写入表格文件：按官方表格的顺序列出每一项的 A 年、B 年、增减和增减%%；"
                    "被不符的勾稽关系读取的单元格标色、标“!”并附批注；≈ 表示两种格式之间只能近似对应。"
                    "--all 写一张汇总表，再为有任一年度报告的每个机关各写一张。CSV 为带 BOM 的 UTF-8"
                    "（一个文件；--all 时多一列机关）。",
        epilog="已存在的文件不会被覆盖，除非加 --force（否则退出状态 2）。")
    p.add_argument("params", nargs="+", metavar="AGENCY YEAR_A YEAR_B", help="机关和两个年度（--all 时只给两个年度）")
    p.add_argument("--all", action="store_true", dest="all_agencies", help="有任一年度报告的所有机关")
    p.add_argument("-o", "--output", metavar="FILE", help="要写入的文件（默认：由机关和年度生成的文件名，写在当前文件夹）")
    p.add_argument("--format", choices=("xlsx", "csv"), default=None,
                   help="默认：按 -o 的后缀（.csv 为 csv），否则 xlsx")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    p.set_defaults(func=run)


def _years(texts: list[str]) -> tuple[int, int]:
    ya, yb = (year_value(t) for t in texts)
    if ya == yb:
        raise CliError(f"两个年度相同（{ya}）；请给出两个不同的年度")
    return ya, yb


def _parse(args: argparse.Namespace) -> tuple[str | None, int, int]:
    params = list(args.params)
    if args.all_agencies:
        if len(params) != 2:
            raise CliError("export --all 需要两个年度：xxgk export --all YEAR_A YEAR_B -o FILE.xlsx")
        return (None, *_years(params))
    if len(params) != 3:
        raise CliError("export 需要机关和两个年度：xxgk export AGENCY YEAR_A YEAR_B -o FILE.xlsx"
                       "（或 --all YEAR_A YEAR_B）")
    agency = params[0].strip()
    if not agency:
        raise CliError("机关名称是空的")
    return (agency, *_years(params[1:]))


def run(args: argparse.Namespace) -> int:
    from xxgk.exporters import (
        ExportError,
        default_export_name,
        export_all_csv,
        export_all_xlsx,
        export_comparison_csv,
        export_comparison_xlsx,
        safe_filename,
    )

    agency, ya, yb = _parse(args)
    fmt = args.format or ("csv" if args.output and args.output.lower().endswith(".csv") else "xlsx")
    if args.output:
        path = Path(args.output)
    elif agency is None:
        path = Path(safe_filename(f"全部机关_{ya}-{yb}_对比.{fmt}"))
    else:
        path = Path(default_export_name(agency, ya, yb, fmt))
    try:
        with open_archive(args) as archive:
            if agency is None:
                (export_all_csv if fmt == "csv" else export_all_xlsx)(archive, ya, yb, path, force=args.force)
            else:
                (export_comparison_csv if fmt == "csv" else export_comparison_xlsx)(
                    archive, agency, ya, yb, path, force=args.force)
    except ExportError as exc:  # ExportExists included: one line, exit 2
        raise CliError(str(exc)) from None
    output.say(f"已写入 {path}")
    return EXIT_OK
