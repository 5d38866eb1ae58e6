"""What the office decides with: ``checklist`` (the evaluators' checklist of a report), ``indicators``
and ``thresholds`` (one definition each; the office's own thresholds), ``summary`` (the region's 汇总,
also to XLSX) and ``trend`` (an agency's cells across its years)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive, report_target, year_arg
from xxgk.cli.errors import EXIT_OK, CliError
from xxgk.domain import templates as T
from xxgk.domain.indicators import INDICATORS, Settings, find_indicator
from xxgk.presentation.indicators import (
    CHECKLIST_STATUS,
    LEGEND,
    fraction_text,
    reading_note,
    reading_text,
    readings_line,
    sum_text,
    threshold_text,
)
from xxgk.presentation.numbers import number_text
from xxgk.presentation.sparkline import LEGEND as SPARK_LEGEND
from xxgk.presentation.sparkline import sparkline
from xxgk.presentation.status import STATUS_MARK
from xxgk.workflows.checklist import ReportChecklist, report_checklist
from xxgk.workflows.indicators import load_settings, save_settings
from xxgk.workflows.summary import RegionSummary, ranking_indicator, region_summary
from xxgk.workflows.trends import agency_trends

SHOWN = ("applications", "applications_change", "open_rate", "refusal_rate", "review_correction",
         "litigation_correction")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "checklist", help="一份报告的评估清单：按时公开、六个部分、格式、问题及改进、抄袭、重复、空白",
                    description="评估时扣分的各项，逐项给出结论和证据（原文及行号、找到的日期、数字）："
                                "符合 / 不符合 / 请核对 / 无法判断。没有找到日期是“无法判断”，从不算符合。")
    p.add_argument("target", nargs="*", metavar="ID | AGENCY YEAR", help="报告编号，或机关名称和年度")
    format_arg(p, ("table", "json"))
    p.add_argument("--year", type=year_arg, help="与 -o 一起：导出这一年度每份现行报告的评估清单")
    p.add_argument("--agency", action="append", default=[], metavar="A", help="与 --year -o：只导出这些机关（可重复）")
    p.add_argument("-o", "--output", metavar="FILE", help="写入 XLSX（.csv 后缀则写 CSV）")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    p.set_defaults(func=run_checklist)

    p = add_command(sub, common, "indicators", help="各机关某一年度的指标（公开率、纠错率……）及全区指标",
                    description="每个指标一个定义（xxgk thresholds 列出）。案件数不足的只列不评；有空白的无法计算（不计为 0）。")
    p.add_argument("year", metavar="YEAR", type=year_arg)
    _scope_args(p)
    p.add_argument("--rank", metavar="指标", help="按这个指标排序（最差的在前），如 公开率、复议纠错率")
    format_arg(p)
    p.set_defaults(func=run_indicators)

    p = add_command(sub, common, "thresholds", help="查看或设定本办的指标阈值和最少案件数（存在档案中）",
                    description="不带选项时列出每个指标的定义和阈值。--set 公开率=30%% 设定阈值（低于即标记），"
                                "--set 复议纠错率=none 取消标记，--clear 指标 恢复默认，--min-cases N 设定最少案件数。")
    p.add_argument("--set", action="append", default=[], metavar="指标=值", help="阈值：30%%、0.3 或 none（可重复）")
    p.add_argument("--clear", action="append", default=[], metavar="指标", help="恢复这个指标的默认阈值（可重复）")
    p.add_argument("--min-cases", type=int, metavar="N", help="少于 N 件的只列不评（默认 30）")
    format_arg(p, ("table", "json"))
    p.set_defaults(func=run_thresholds)

    p = add_command(sub, common, "summary", help="全区汇总：某一年度各机关报告的每个单元格之和（可导出 XLSX）",
                    description="把所选机关（默认全部）某一年度现行报告的每个单元格相加，写明纳入、未报送和有空白的报告。"
                                "有报告该项空白或没有该项时，合计标“?”，不是全区总数。")
    p.add_argument("year", metavar="YEAR", type=year_arg)
    _scope_args(p)
    p.add_argument("-o", "--output", metavar="FILE.xlsx", help="写入 XLSX（官方表格排版、指标排名）")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    format_arg(p)
    p.set_defaults(func=run_summary)

    p = add_command(sub, common, "trend", help="一个机关历年的每个单元格（文字迷你图）",
                    description=f"一个机关所有年度的现行报告，逐个单元格列出历年数值。{SPARK_LEGEND}")
    p.add_argument("agency", metavar="AGENCY")
    p.add_argument("--key", action="append", default=[], metavar="KEY", help="只列这些单元格（代码，可重复）")
    p.add_argument("-o", "--output", metavar="FILE.xlsx", help="写入 XLSX（主要数字的折线图，及全部单元格）")
    p.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    format_arg(p)
    p.set_defaults(func=run_trend)


def _scope_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--agency", action="append", default=[], metavar="A", help="只汇总这些机关（可重复）")
    group.add_argument("--parent", metavar="P", help="上级机关下属的机关")


# ---------------------------------------------------------------- checklist

def run_checklist(args: argparse.Namespace) -> int:
    if args.output or args.year is not None:
        return _export_checklists(args)
    if not args.target:
        raise CliError("请给出报告编号（或机关和年度），或用 --year 年度 -o 文件 导出一个年度的全部评估清单")
    with open_archive(args) as archive:
        rc = report_checklist(archive, report_target(archive, args.target))
    if args.format == "json":
        output.json_value(rc.to_json())
    else:
        write_checklist(rc)
    return EXIT_OK


def write_checklist(rc: ReportChecklist) -> None:
    r = rc.report
    agency = output.safe(r.agency or r.agency_name) or "—（无机关）"
    against = f"；与 {rc.previous.year} 年报告 #{rc.previous.id} 比对" if rc.previous else ""
    output.say(f"报告 #{r.id}：{agency} {r.year or '—（无年度）'} 年 · 评估清单{against}")
    counts = rc.checklist.counts()
    output.say("、".join(f"{CHECKLIST_STATUS[s]} {counts[s]} 项" for s in ("fail", "warn", "incomplete", "pass")))
    if rc.indicators:
        output.say("指标：" + readings_line(rc.indicators))
    for item in rc.checklist.items:
        mark = STATUS_MARK.get(item.status, "")
        output.say(f"\n{mark}{CHECKLIST_STATUS[item.status]}  {item.title}：{output.safe(item.summary)}")
        for e in item.evidence:
            where = f"第 {e.line} 行" if e.line else ""
            head = "，".join(p for p in (where, output.safe(e.note)) if p)
            output.say(f"    {head}：{output.safe(e.text)}" if head else f"    {output.safe(e.text)}")


def _export_checklists(args: argparse.Namespace) -> int:
    from xxgk import exporters as ex
    from xxgk.exporters.checklist import export_checklist_csv, export_checklist_xlsx

    if args.target or args.year is None or not args.output:
        raise CliError("导出评估清单：xxgk checklist --year 年度 -o 文件.xlsx（不给报告编号）")
    path = Path(args.output)
    write = export_checklist_csv if path.suffix.lower() == ".csv" else export_checklist_xlsx
    try:
        with open_archive(args) as archive:
            write(archive, path, args.year, agencies=args.agency, force=args.force)
    except ex.ExportError as exc:
        raise CliError(str(exc)) from None
    output.say(f"已写入 {path}")
    return EXIT_OK


# ---------------------------------------------------------------- indicators and thresholds

def run_indicators(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        summary = region_summary(archive, args.year, agencies=args.agency, parent=args.parent)
    rank_id = ranking_indicator(args.rank) if args.rank else None
    lines = summary.included
    if rank_id is not None:
        order = [name for name, _r in summary.ranking(rank_id)]
        lines = sorted(lines, key=lambda ln: order.index(ln.agency))
    if args.format == "json":
        output.json_value({"year": summary.year, "scope": summary.scope.to_json(),
                           "settings": summary.settings.to_json(),
                           "region": [r.to_json() for r in summary.readings],
                           "agencies": [ln.to_json() for ln in lines]})
        return EXIT_OK
    shown = [i for i in INDICATORS if i.id in SHOWN]
    if args.format == "csv":
        output.csv_rows(["agency", "report_id", *(f"{i.id}" for i in INDICATORS)],
                        [[ln.agency, ln.report.id if ln.report else None,
                          *(r.value for r in ln.readings)] for ln in lines])
        return EXIT_OK
    output.say(f"{summary.year} 年指标 · {summary.scope.label} · {summary.counts_text()}")
    rows: list[list[object]] = []
    for ln in lines:
        by = {r.id: r for r in ln.readings}
        rows.append([ln.agency, *(reading_text(by[i.id]) for i in shown)])
    rows.append(["（全区，按合计）", *(reading_text(next(r for r in summary.readings if r.id == i.id))
                                 for i in shown)])
    output.table(["机关", *(i.name for i in shown)], rows, right=range(1, len(shown) + 1))
    output.say(f"\n{LEGEND}；最少案件数 {summary.settings.min_cases}")
    return EXIT_OK


def _parse_threshold(text: str) -> float | None:
    t = text.strip().lower()
    if t in ("none", "off", "无", "不标记"):
        return None
    try:
        return float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise CliError(f"“{text}”不是阈值（写 30%、0.3 或 none）") from None


def run_thresholds(args: argparse.Namespace) -> int:
    changes = bool(args.set or args.clear or args.min_cases is not None)
    with open_archive(args, write=changes) as archive:
        settings = load_settings(archive)
        if changes:
            settings = _apply(settings, args)
            save_settings(archive, settings)
    if args.format == "json":
        output.json_value({**settings.to_json(), "indicators": [
            {"id": i.id, "name": i.name, "definition": i.definition(), "flag": i.flag,
             "threshold": settings.threshold(i), "default": i.default_threshold} for i in INDICATORS]})
        return EXIT_OK
    if changes:
        output.say("已保存（存在档案中，所有使用这个档案的人都按此标记）")
    output.say(f"最少案件数：{settings.min_cases}（少于此数的只列不评）")
    output.table(("指标", "代码", "阈值", "定义"),
                 [(i.name, i.id, threshold_text(i, settings.threshold(i)) + ("" if i.id in settings.thresholds
                                                                              else "（默认）"), i.definition())
                  for i in INDICATORS])
    return EXIT_OK


def _apply(settings: Settings, args: argparse.Namespace) -> Settings:
    thresholds = dict(settings.thresholds)
    for name in args.clear:
        ind = find_indicator(name.strip())
        if ind is None:
            raise CliError(f"没有名为“{name}”的指标（见 xxgk thresholds）")
        thresholds.pop(ind.id, None)
    for pair in args.set:
        name, sep, value = pair.partition("=")
        ind = find_indicator(name.strip())
        if not sep or ind is None:
            raise CliError(f"“{pair}”：请写 指标=值，如 公开率=30%（指标见 xxgk thresholds）")
        thresholds[ind.id] = _parse_threshold(value)
    min_cases = settings.min_cases
    if args.min_cases is not None:
        if args.min_cases < 0:
            raise CliError("--min-cases 不能是负数")
        min_cases = args.min_cases
    return Settings(min_cases, thresholds)


# ---------------------------------------------------------------- summary

SUM_FIELDS = ("key", "label", "total", "complete", "n_values", "n_blank", "n_absent", "note")


def run_summary(args: argparse.Namespace) -> int:
    if args.output:
        return _export_summary(args)
    with open_archive(args) as archive:
        summary = region_summary(archive, args.year, agencies=args.agency, parent=args.parent)
    if args.format == "json":
        output.json_value(summary.to_json())
    elif args.format == "csv":
        output.csv_rows(SUM_FIELDS, ([s.key, T.label_for(s.key), s.total, s.complete, s.n_values, len(s.blank_in),
                                      len(s.absent_in), s.note()] for s in summary.sums.values()))
    else:
        write_summary(summary)
    return EXIT_OK


def write_summary(s: RegionSummary) -> None:
    output.say(f"{s.year} 年汇总 · {s.scope.label} · {s.counts_text()}")
    if s.missing:
        output.say("未报送：" + "、".join(output.safe(ln.agency) for ln in s.missing))
    if s.incomplete:
        output.say("有空白或缺项：" + "、".join(
            f"{output.safe(ln.agency)}（空白 {ln.n_blank} 格、未印出 {ln.n_absent} 格）" for ln in s.incomplete))
    output.say(f"按 {T.GEN_NAMES.get(s.template or '', '')}汇总；合计前的 ? = 不完整（有报告该项空白或无此项，"
               f"不是全区总数）\n")
    output.table(("代码", "项目", "合计", "有数", "空白", "无此项", "说明"),
                 [(k.key, T.label_for(k.key), sum_text(k.total, k.complete), k.n_values, len(k.blank_in),
                   len(k.absent_in), k.note()) for k in s.sums.values()], right=(2, 3, 4, 5))
    output.say("\n全区指标（按合计计算）：")
    output.table(("指标", "数值", "计算", "说明"),
                 [(r.indicator.name, reading_text(r), fraction_text(r), reading_note(r, s.settings))
                  for r in s.readings], right=(1, 2))
    output.say(f"\n{LEGEND}")


def _export_summary(args: argparse.Namespace) -> int:
    from xxgk import exporters as ex
    from xxgk.exporters.summary import export_summary_xlsx

    if args.format not in ("table", "xlsx"):
        raise CliError("-o 写 XLSX；--format json/csv 请输出到标准输出（不加 -o）")
    path = Path(args.output)
    try:
        with open_archive(args) as archive:
            export_summary_xlsx(archive, args.year, path, agencies=args.agency, parent=args.parent, force=args.force)
    except ex.ExportError as exc:
        raise CliError(str(exc)) from None
    output.say(f"已写入 {path}")
    return EXIT_OK


# ---------------------------------------------------------------- trend

def run_trend(args: argparse.Namespace) -> int:
    if args.output:
        from xxgk import exporters as ex
        from xxgk.exporters.trends import export_trend_xlsx

        try:
            with open_archive(args) as archive:
                export_trend_xlsx(archive, args.agency, Path(args.output), force=args.force)
        except ex.ExportError as exc:
            raise CliError(str(exc)) from None
        output.say(f"已写入 {args.output}")
        return EXIT_OK
    with open_archive(args) as archive:
        trends = agency_trends(archive, args.agency)
    series = trends.series
    if args.key:
        wanted = set(args.key)
        series = [s for s in series if s.key in wanted]
        unknown = wanted - {s.key for s in series}
        if unknown:
            raise CliError(f"{trends.agency} 的报告中没有这些单元格：{'、'.join(sorted(unknown))}")
    years = trends.years
    if args.format == "json":
        output.json_value({"agency": trends.agency, "years": years, "reported": sorted(trends.reported),
                           "series": [{"key": s.key, "label": s.label, "values": s.points(years)} for s in series]})
        return EXIT_OK
    if args.format == "csv":
        output.csv_rows(["key", "label", *map(str, years)], ([s.key, s.label, *s.points(years)] for s in series))
        return EXIT_OK
    mask = trends.mask()
    output.say(f"{output.safe(trends.agency)} · {years[0]}–{years[-1]} 年（有报告：{'、'.join(map(str, sorted(trends.reported)))}）")
    output.table(("代码", "项目", "趋势", *map(str, years)),
                 [(s.key, s.label, sparkline(s.points(years), mask),
                   *(number_text(v) if has else "" for v, has in zip(s.points(years), mask, strict=True)))
                  for s in series], right=range(3, 3 + len(years)))
    output.say(f"\n趋势：{SPARK_LEGEND}")
    return EXIT_OK

