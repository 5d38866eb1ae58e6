"""``xxgk import PATH...``: parse files and folders and archive them, one transaction per file."""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, jobs_arg, open_archive, year_arg
from xxgk.cli.errors import EXIT_BAD_INPUT, EXIT_OK, CliError
from xxgk.domain.paths import readable_name
from xxgk.presentation.reports import SAVE_STATUS_ORDER, save_status_name
from xxgk.presentation.text import display_width
from xxgk.workflows.discovery import Discovery, supported_text
from xxgk.workflows.records import SaveResult

NAMES_SHOWN = 5  # skipped file names listed per kind; the rest are counted


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "import", help="解析文件和文件夹并存档",
                    description="解析报告文件（文件夹会逐层查找）并存档，每个文件一个事务：失败的文件不留下任何内容。"
                                "相同的文件不会重复存档；同一机关同一年度的另一份报告成为新版本（旧版保留）；"
                                "没有机关或年度的报告存入待审核（见 xxgk review、xxgk assign）。")
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    p.add_argument("--agency", help="所有文件的机关（文件中没有写明时）；文件所述机关彼此不同时拒绝导入")
    p.add_argument("--year", type=year_arg, help="所有文件的报告年度；文件所述年度彼此不同时拒绝导入")
    p.add_argument("--quiet", "-q", action="store_true", help="只显示汇总和错误")
    p.add_argument("--jobs", "-j", type=jobs_arg, metavar="N",
                   help="解析文件的进程数（默认：每个 CPU 核一个；1：在本进程中解析）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from xxgk.workflows.discovery import discover
    from xxgk.workflows.importing import FileOutcome, ImportSummary, import_found
    from xxgk.workflows.overrides import check_overrides

    if args.read_only:
        open_archive(args, write=True)  # refuses, before anything is parsed
    found = discover(args.paths)
    if not found.files:
        write_skipped(found)
        raise CliError(f"{' '.join(args.paths)}: 没有找到可导入的报告文件（{supported_text()}）")
    check_overrides(found.files, agency=args.agency, year=args.year)  # MixedReports: refused, nothing written
    bar = output.Progress(enabled=not args.quiet)

    def started(found: Discovery) -> None:
        bar.start(len(found.files))

    def done(outcome: FileOutcome, summary: ImportSummary) -> None:
        bar.step(outcome.path.name)
        if outcome.error:
            output.warn(outcome.error)  # the one place a file's error is printed
        elif not args.quiet:
            for result in outcome.results:  # named by the file just read (a duplicate says what it matches)
                output.say(result_line(result, readable_name(outcome.path.name)))

    with open_archive(args, write=True, create=True) as archive:
        try:
            summary = import_found(archive, found, agency=args.agency, year=args.year, on_start=started,
                                   on_file=done, jobs=args.jobs)
        finally:
            bar.stop()
    counts = dict(summary.counts, failed=len(summary.failed))
    output.say(f"共 {summary.total} 个文件：" + "、".join(f"{save_status_name(s)} {counts.get(s, 0)}"
                                                       for s in SAVE_STATUS_ORDER))
    if summary.stopped and summary.total > summary.done:  # why: the error line (stderr)
        output.say(f"  导入中断：{summary.total - summary.done} 个文件没有导入（之前处理的 {summary.done} 个已存档），"
                   "原因见错误信息")
    if summary.failed:
        output.say(f"  {len(summary.failed)} 个文件失败，原因见上方的错误信息；失败的文件没有写入档案")
    write_skipped(found)
    if counts.get("needs_review"):
        output.say("  待审核的报告：xxgk review；归档：xxgk assign 编号 --agency 机关 --year 年度")
    if summary.stopped:
        raise CliError(summary.stopped)
    return EXIT_BAD_INPUT if summary.failed else EXIT_OK


def result_line(res: SaveResult, file_name: str | None = None) -> str:
    """``新导入  #12    淮安市洪泽区人民政府  2023  hongze_2023.txt``, with what happened when it is not new.
    ``file_name``: the file just read (default: the archived report's file)."""
    name = save_status_name(res.status)
    where = output.safe(file_name or res.source_name) + (f" [{output.safe(res.part)}]" if res.part else "")
    line = (f"{name}{' ' * max(0, 8 - display_width(name))}#{res.report_id:<6} "
            f"{output.safe(res.agency) or '—'}  {res.year or '—'}  {where}")
    return line + (f"（{res.message}）" if res.status != "imported" else "")


def write_skipped(found: Discovery) -> None:
    """Skipped files counted by kind, each kind with what to do."""
    if not found.skipped:
        return
    output.say(f"  跳过 {len(found.skipped)} 个文件：")
    for items in found.skipped_by_kind().values():
        names = "、".join(output.safe(s.path.name) for s in items[:NAMES_SHOWN])
        more = f" 等 {len(items)} 个" if len(items) > NAMES_SHOWN else ""
        output.say(f"    {items[0].reason} —— {len(items)} 个：{names}{more}")
