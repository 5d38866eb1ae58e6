"""Argument types and the archive a command works on (``--db``, ``--read-only``)."""
from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from xxgk.cli.errors import CliError
from xxgk.workflows.opening import open_archive as open_at
from xxgk.workflows.records import Archive
from xxgk.workflows.reports import current_report

YEAR_MIN, YEAR_MAX = 1980, 2100


def year_arg(text: str) -> int:
    """An argparse type: a reporting year."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份") from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise argparse.ArgumentTypeError(f"“{text}”不是报告年度（{YEAR_MIN}–{YEAR_MAX}）")
    return year


def jobs_arg(text: str) -> int:
    """An argparse type: a number of worker processes (1 to 256)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是进程数") from None
    if not 1 <= value <= 256:
        raise argparse.ArgumentTypeError(f"“{text}”：进程数应为 1 到 256")
    return value


def report_id_arg(text: str) -> int:
    """An argparse type: a report id (``12`` or ``#12``)."""
    try:
        value = int(text.strip().lstrip("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是报告编号（一个数字，见 xxgk list 或 xxgk versions）") from None
    if not 1 <= value < 2**63:  # SQLite's integers end there
        raise argparse.ArgumentTypeError(f"“{text}”不是报告编号")
    return value


def _user_arg(convert: Callable[[str], int], text: str) -> int:
    try:
        return convert(text)
    except argparse.ArgumentTypeError as exc:
        raise CliError(str(exc)) from None


def year_value(text: str) -> int:
    """``year_arg`` for a value parsed by the handler: a ``CliError`` on bad input."""
    return _user_arg(year_arg, text)


def report_id_value(text: str) -> int:
    return _user_arg(report_id_arg, text)


def open_archive(args: argparse.Namespace, *, write: bool = False, create: bool = False) -> Archive:
    """The archive named by ``--db``/``$XXGK_DB``. Only an existing one unless ``create`` (import);
    ``write=True`` refuses ``--read-only`` before anything is read."""
    if write and args.read_only:
        raise CliError(f"{args.db_path}: 给了 --read-only，而这个命令会改动档案；未作任何改动")
    return open_at(args.db_path, read_only=args.read_only, create=create)


def report_target(archive: Archive, target: Sequence[str]) -> int:
    """The report meant by ``ID`` or ``AGENCY YEAR`` (the current version)."""
    if len(target) == 1:
        return report_id_value(target[0])
    if len(target) == 2:
        return current_report(archive, target[0], year_value(target[1])).id
    raise CliError("请给出报告编号，或机关名称和年度")


def add_command(sub: Any, common: argparse.ArgumentParser, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand that also takes the global options (``--db``, ``--read-only``) after its name."""
    kwargs.setdefault("parents", []).append(common)
    parser: argparse.ArgumentParser = sub.add_parser(name, **kwargs)
    return parser


def format_arg(parser: argparse.ArgumentParser, choices: Sequence[str] = ("table", "json", "csv"),
               default: str = "table") -> None:
    """``--format``: ``table`` for people, ``json``/``csv`` for programs (field names as in JSON)."""
    parser.add_argument("--format", choices=tuple(choices), default=default,
                        help=f"输出格式（默认 {default}）：table 供阅读，json/csv 供程序处理")
