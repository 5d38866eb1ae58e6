"""``xxgk list`` (agencies × years), ``xxgk review`` (reports waiting for an agency or a year) and
``xxgk agencies``."""
from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from dataclasses import fields
from operator import attrgetter
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive
from xxgk.cli.errors import EXIT_OK
from xxgk.cli.output import Column
from xxgk.presentation.reports import template_name
from xxgk.presentation.status import MISSING_MARK, STATUS_MARK, count_marks, missing_text
from xxgk.presentation.times import local_time_text, zone_label
from xxgk.workflows.overview import iter_grid_rows
from xxgk.workflows.records import GridCell, GridRow
from xxgk.workflows.verdicts import exclusions, open_rows

LIST_FIELDS = ("agency", "year", "report_id", "status", "versions", "template", "n_strict_fail", "n_fail",
               "n_warn", "n_incomplete", "source_name")
LEGEND = (f"{STATUS_MARK['fail']}n 有 n 项 STRICT 勾稽关系不符，{STATUS_MARK['warn']}n n 项提示，"
          f"{STATUS_MARK['incomplete']}n n 项不完整（有空白），ok 全部相符，v2 第 2 版，{MISSING_MARK} 没有报告（首次报告之前的年度留空）")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "list", help="机关 × 年度：哪些报告已存档，检查结果如何",
                    description=f"以机关 × 年度的表格显示档案。{LEGEND}。")
    format_arg(p)
    p.add_argument("--open", action="store_true", help="只计未排除的问题（判定为已排除且数值未变的不计入）")
    p.set_defaults(func=run_list)

    p = add_command(sub, common, "review", help="缺机关或年度、等待指定的报告",
                    description="存档时没有机关或年度的报告。用 xxgk assign 编号 --agency 机关 --year 年度 归档。")
    format_arg(p, ("table", "json"))
    p.set_defaults(func=run_review)

    p = add_command(sub, common, "agencies", help="档案中的机关及其其他写法")
    p.add_argument("filter", nargs="?", metavar="TEXT", help="只列名称或其他写法中含有这段文字的机关")
    format_arg(p, ("table", "json"))
    p.set_defaults(func=run_agencies)


def cell_code(row: GridRow, year: int) -> str:
    """One grid cell in marks (``!1 ?1 v2``, ``缺``), the same vocabulary as the app."""
    cell = row.cells.get(year)
    if cell is None:
        return missing_text(year, min(row.cells, default=None))
    soft = cell.n_warn + cell.n_fail - cell.n_strict_fail
    code = count_marks(cell.n_strict_fail, soft, cell.n_incomplete)
    return code + (f" v{cell.versions}" if cell.versions > 1 else "")


_CELL_FIELDS = tuple(f.name for f in fields(GridCell))
_CELL_VALUES = attrgetter(*_CELL_FIELDS)


def row_json(row: GridRow, years: list[int]) -> dict[str, Any]:
    """``row.to_json(years)`` without ``dataclasses.asdict`` for each cell (its deep copy of every field
    cost ~20 µs a cell: 2 s for the 100,000 cells of a province): a cell's fields are plain values."""
    cells = row.cells
    return {"agency_id": row.agency_id, "agency": row.agency,
            "cells": {str(y): (dict(zip(_CELL_FIELDS, _CELL_VALUES(cells[y]), strict=True))
                               | {"status": cells[y].status} if y in cells else None) for y in years}}


def _csv_rows(rows: Iterable[GridRow], years: list[int]) -> Iterator[list[object]]:
    for r in rows:
        for y in years:
            c = r.cells.get(y)
            yield [r.agency, y, *([None] * 9 if c is None else [
                c.report_id, c.status, c.versions, c.template, c.n_strict_fail, c.n_fail, c.n_warn,
                c.n_incomplete, c.source_name])]


def run_list(args: argparse.Namespace) -> int:
    with open_archive(args) as archive, output.no_cycle_collection():
        # streamed in every format: the grid read a page of agencies at a time, in pinyin order
        excluded = exclusions(archive) if args.open else {}
        years = archive.grid_years()
        needs_review = archive.count_needing_review()
        rows = open_rows(iter_grid_rows(archive), excluded)
        if args.format == "json":
            head: dict[str, object] = {"years": years, "needs_review": needs_review}
            if args.open:
                head["open_only"] = True
            output.json_object(head, "agencies", (row_json(r, years) for r in rows))
            return EXIT_OK
        if args.format == "csv":
            output.csv_rows(LIST_FIELDS, _csv_rows(rows, years))
            return EXIT_OK
        n_excluded = 0

        def table_row(r: GridRow) -> list[str]:
            nonlocal n_excluded
            n_excluded += sum(c.n_excluded for c in r.cells.values())
            return [r.agency, *(cell_code(r, y) for y in years)]

        shown = output.write_table(["机关", *map(str, years)], map(table_row, rows), header_alone=False)
    if not shown:
        output.say("档案中还没有已归档的报告" if needs_review else "档案是空的（用 xxgk import 文件夹 导入报告）")
    else:
        output.say(f"\n{LEGEND}")
        if args.open:
            output.say(f"只计未排除的问题：{n_excluded} 项已排除，未计入")
    if needs_review:
        output.say(f"另有 {needs_review} 份报告待审核：xxgk review")
    return EXIT_OK


def run_review(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        rows = archive.reports_needing_review()
    if args.format != "json" and not rows:
        output.say("没有待审核的报告")
        return EXIT_OK
    output.records(args.format, rows, to_json=lambda r: r.to_json(), columns=[
        Column("编号", lambda r: r.id, right=True),
        Column("文中机关", lambda r: r.agency_name or "—"),
        Column("年度", lambda r: r.year or "—"),
        Column("格式", lambda r: template_name(r.template)),
        Column("文件", lambda r: r.source_name + (f" [{r.part}]" if r.part else "")),
        Column(f"导入时间（{zone_label()}）", lambda r: local_time_text(r.imported_at)),
    ])
    return EXIT_OK


def run_agencies(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        rows = archive.agencies(args.filter)
    if args.format != "json" and not rows:
        output.say(f"没有名称含“{output.safe(args.filter)}”的机关" if args.filter else "档案中还没有机关")
        return EXIT_OK
    output.records(args.format, rows, to_json=lambda a: a.to_json(), columns=[
        Column("机关", lambda a: a.name),
        Column("有报告的年度", lambda a: "、".join(map(str, a.years)) or "—"),
        Column("报告份数", lambda a: a.n_reports, right=True),
        Column("其他写法", lambda a: "；".join(a.aliases)),
    ])
    return EXIT_OK
