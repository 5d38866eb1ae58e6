"""``xxgk verdict set|clear|list|history``: reviewers' verdicts on findings (确认有误, 已排除, 待核)."""
from __future__ import annotations

import argparse
from typing import Any

from xxgk.cli import output
from xxgk.cli.arguments import add_command, format_arg, open_archive, report_target, year_arg
from xxgk.cli.errors import EXIT_OK, CliError
from xxgk.cli.output import Column
from xxgk.domain.verdicts import Verdict
from xxgk.presentation.times import local_time_text, zone_label
from xxgk.presentation.verdicts import VERDICT_NAME, status_choices, verdict_text
from xxgk.workflows.verdicts import STATE_NAME, VerdictState, decide, history, rule_text, verdict_states

VERDICT_FIELDS = ("agency", "year", "rule", "scope", "status", "reason", "note", "by", "at", "state",
                  "current_report_id", "fingerprint")
HISTORY_FIELDS = ("id", "at", "agency", "year", "rule", "scope", "status", "reason", "note", "by", "report_id",
                  "fingerprint")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = add_command(sub, common, "verdict", help="对不符或提示的判定：确认有误、已排除、待核",
                    description="审核人员对不符或提示的判定，记下判定人和时间，全部保留为历史。判定跟随同一机关、年度、"
                                "规则的核对结果（重新检查、重新导入、新版本都保留），只要核对的数值不变；数值变了，"
                                "判定显示为已过期，不再适用。")
    verbs = p.add_subparsers(dest="verb", metavar="操作", title="操作", required=True)

    s = add_command(verbs, common, "set", help="记下一项判定",
                    description="记下一项判定：xxgk verdict set 报告编号 规则 判定（或：机关 年度 规则 判定）。"
                                f"判定可选：{status_choices()}。已排除须写明理由（--reason，如 口径不同）。")
    s.add_argument("items", nargs="+", metavar="ID|AGENCY YEAR RULE STATUS",
                   help="报告编号（或机关和年度）、规则（A4.1 或 A4.1:review）、判定")
    s.add_argument("--reason", default="", help="理由（已排除必填，如 口径不同）")
    s.add_argument("--note", default="", help="备注")
    s.add_argument("--by", default=None, help="判定人（默认：$XXGK_USER，否则为系统用户名）")
    s.set_defaults(func=run_set)

    c = add_command(verbs, common, "clear", help="撤销一项判定（撤销也记入历史）",
                    description="撤销一项判定：xxgk verdict clear 报告编号 规则（或：机关 年度 规则）。")
    c.add_argument("items", nargs="+", metavar="ID|AGENCY YEAR RULE", help="报告编号（或机关和年度）、规则")
    c.add_argument("--note", default="", help="备注")
    c.add_argument("--by", default=None, help="判定人（默认：$XXGK_USER，否则为系统用户名）")
    c.set_defaults(func=run_clear)

    li = add_command(verbs, common, "list", help="现行的判定，以及每项判定对现行报告是否仍然适用")
    li.add_argument("--agency", help="只列这个机关（任何一种写法）")
    li.add_argument("--year", type=year_arg, help="只列这一年度")
    li.add_argument("--status", help="只列这种判定（确认有误 / 已排除 / 待核）")
    li.add_argument("--stale", action="store_true", help="只列已过期的判定（数值已变）")
    format_arg(li)
    li.set_defaults(func=run_list)

    h = add_command(verbs, common, "history", help="判定的全部历史（每一次改动）")
    h.add_argument("--agency", help="只列这个机关（任何一种写法）")
    h.add_argument("--year", type=year_arg, help="只列这一年度")
    h.add_argument("--rule", help="只列这条规则（A4.1 或 A4.1:review）")
    format_arg(h)
    h.set_defaults(func=run_history)


def _split(items: list[str], tail: int) -> tuple[list[str], list[str]]:
    """The report target (``ID`` or ``AGENCY YEAR``) and the ``tail`` arguments after it."""
    if len(items) not in (tail + 1, tail + 2):
        raise CliError("请给出报告编号（或机关和年度）和规则" + ("以及判定" if tail == 2 else "")
                       + "，如：xxgk verdict " + ("set 12 A4.1 已排除 --reason 口径不同" if tail == 2 else "clear 12 A4.1"))
    return items[:-tail], items[-tail:]


def _decided_line(agency: str, year: int, rule: str, text: str, report_id: int) -> str:
    return f"{output.safe(agency)} {year} 年 {output.safe(rule)}：{output.safe(text)}（报告 #{report_id}）"


def run_set(args: argparse.Namespace) -> int:
    target, (rule, status) = _split(args.items, 2)
    with open_archive(args, write=True) as archive:
        done = decide(archive, report_target(archive, target), rule, status, reason=args.reason, note=args.note,
                      by=args.by)
    v = done.verdict
    output.say("已记录判定：" + _decided_line(v.agency, v.year, v.rule_id, verdict_text(done.mark), done.report_id))
    return EXIT_OK


def run_clear(args: argparse.Namespace) -> int:
    target, (rule,) = _split(args.items, 1)
    with open_archive(args, write=True) as archive:
        done = decide(archive, report_target(archive, target), rule, "cleared", note=args.note, by=args.by)
    v = done.verdict
    output.say("已撤销判定：" + _decided_line(v.agency, v.year, v.rule_id, f"由 {v.by} 撤销", done.report_id))
    return EXIT_OK


def _when(v: Verdict) -> str:
    return local_time_text(v.at)


def run_list(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        rows = verdict_states(archive, agency=args.agency, year=args.year, status=args.status)
    if args.stale:
        rows = [r for r in rows if r.state == "stale"]
    if args.format == "table" and not rows:
        output.say("没有符合条件的判定" if args.agency or args.year or args.status or args.stale else "档案中还没有判定")
        return EXIT_OK

    def csv_row(s: VerdictState) -> list[object]:
        v = s.verdict
        return [v.agency, v.year, v.rule, v.scope, v.status, v.reason, v.note, v.by, v.at, s.state, s.report_id,
                v.fingerprint]

    output.records(args.format, rows, to_json=VerdictState.to_json, csv_fields=VERDICT_FIELDS, csv_row=csv_row,
                   columns=[
                       Column("机关", lambda s: s.verdict.agency),
                       Column("年度", lambda s: s.verdict.year),
                       Column("规则", lambda s: rule_text(s.verdict)),
                       Column("判定", lambda s: VERDICT_NAME.get(s.verdict.status, s.verdict.status)),
                       Column("理由", lambda s: s.verdict.reason),
                       Column("判定人", lambda s: s.verdict.by),
                       Column(f"时间（{zone_label()}）", lambda s: _when(s.verdict)),
                       Column("现状", lambda s: STATE_NAME[s.state]),
                       Column("报告", lambda s: f"#{s.report_id}" if s.report_id else ""),
                       Column("备注", lambda s: s.verdict.note),
                   ])
    if args.format == "table":
        stale = sum(r.state == "stale" for r in rows)
        output.say(f"\n共 {len(rows)} 项判定" + (f"，其中 {stale} 项已过期（核对的数值已变，原判定不再适用）" if stale else ""))
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    with open_archive(args) as archive:
        rows = history(archive, agency=args.agency, year=args.year, rule=args.rule)
    if args.format == "table" and not rows:
        output.say("没有判定记录")
        return EXIT_OK
    output.records(args.format, rows, to_json=Verdict.to_json, csv_fields=HISTORY_FIELDS,
                   csv_row=lambda v: [v.id, v.at, v.agency, v.year, v.rule, v.scope, v.status, v.reason, v.note, v.by,
                                      v.report_id, v.fingerprint],
                   columns=[
                       Column(f"时间（{zone_label()}）", _when),
                       Column("机关", lambda v: v.agency),
                       Column("年度", lambda v: v.year),
                       Column("规则", rule_text),
                       Column("判定", lambda v: VERDICT_NAME.get(v.status, v.status)),
                       Column("理由", lambda v: v.reason),
                       Column("判定人", lambda v: v.by),
                       Column("报告", lambda v: f"#{v.report_id}" if v.report_id else ""),
                       Column("备注", lambda v: v.note),
                   ])
    return EXIT_OK
