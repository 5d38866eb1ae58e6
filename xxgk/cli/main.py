"""The argument parser and ``main``: exit statuses, and every error as one line.

Exit statuses: 0 fine, 1 findings (``check``: a STRICT identity fails), 2 bad input or usage (the archive
is left as it was), 130 interrupted. A user error is ONE line on stderr (``xxgk: <file>: <problem>``),
printed once, never a traceback; ``XXGK_DEBUG=1`` re-raises everything that is not a user error.
``xxgk`` without a command opens the app, which is imported only then (start-up time). A command line
imports only its own command's module (``commands.GROUPS``); ``--help`` and anything unclear build the
whole parser.
"""
from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xxgk import __version__
from xxgk.cli.commands import COMMAND_GROUP, modules
from xxgk.cli.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, CliError
from xxgk.cli.output import PROG, warn
from xxgk.domain.model import BadInput
from xxgk.workflows.locations import ENV_DB, db_path
from xxgk.workflows.records import ArchiveError

# argparse's own messages, in the reader's language (its gettext has no Chinese catalogue).
_ARGPARSE_MESSAGES = [
    (re.compile(r"^the following arguments are required: (.+)$"), r"缺少参数：\1"),
    (re.compile(r"^unrecognized arguments: (.+)$"), r"无法识别的参数：\1"),
    (re.compile(r"^argument (\S+): invalid choice: (.+?) \(choose from (.+)\)$"), r"参数 \1：没有 \2 这一项（可选：\3）"),
    (re.compile(r"^argument (\S+): expected one argument$"), r"参数 \1 需要一个值"),
    (re.compile(r"^argument (\S+): expected at least one argument$"), r"参数 \1 至少需要一个值"),
    (re.compile(r"^argument (\S+): not allowed with argument (\S+)$"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"^argument (\S+): ignored explicit argument (.+)$"), r"参数 \1 不接受值 \2"),
    (re.compile(r"^ambiguous option: (\S+) could match (.+)$"), r"选项 \1 有歧义，可能是：\2"),
    (re.compile(r"^argument (\S+): (.+)$"), r"参数 \1：\2"),
]


def _chinese(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An argument parser whose help is Chinese and whose usage errors are one line (``CliError``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        wants_help = kwargs.get("add_help", True)
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False  # our own -h, with Chinese help
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if wants_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]  # raises instead of exiting
        raise CliError(f"{_chinese(message)}（见：{self.prog} --help）")


def build_parser(groups: tuple[str, ...] | None = None) -> argparse.ArgumentParser:
    """The whole command line: global options, then the subcommands of every module of
    ``xxgk.cli.commands`` (only those of ``groups`` when given)."""
    db_help = f"档案文件（默认：${ENV_DB}，否则为用户数据文件夹中的档案）"
    common = Parser(add_help=False)
    common._optionals.title = "全局选项"  # also accepted after the command
    # SUPPRESS: given after the subcommand they override, absent they leave the top-level value alone
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    common.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS, help="只查看，不改动档案")
    parser = Parser(prog=PROG, description="审核政府信息公开工作年度报告：导入、勾稽关系检查、存档、年度对比、导出。"
                                           "不带命令时打开界面。",
                    epilog="退出状态：0 正常，1 有 STRICT 勾稽关系不符（check），2 输入或用法有误")
    parser.add_argument("--db", metavar="PATH", help=db_help)
    parser.add_argument("--read-only", action="store_true", help="只查看，不改动档案")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令", parser_class=Parser)
    for module in modules(groups):
        module.register(sub, common)
    return parser


def _groups_for(argv: Sequence[str]) -> tuple[str, ...] | None:
    """The command modules a command line needs: its command's, none when it has no command (the app),
    or None (all of them) for ``--help``, ``--version`` and anything this does not recognise for sure."""
    value_next = False
    for token in argv:
        if value_next:
            value_next = False
        elif token == "--db":
            value_next = True
        elif token.startswith("--db=") or token == "--read-only":
            pass
        elif token.startswith("-"):  # help, version, an abbreviation, a typo: argparse decides, with every command
            return None
        else:
            group = COMMAND_GROUP.get(token)
            return (group,) if group else None
    return ()


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    groups = _groups_for(argv)
    try:
        return build_parser(groups).parse_args(argv)
    except CliError:
        if groups is None:
            raise
    # a usage error with part of the parser: the whole one says it (and names every command)
    return build_parser().parse_args(argv)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _sqlite_message(exc: sqlite3.Error, path: Path | None) -> str:
    text = str(exc)
    where = f"{path}: " if path else ""
    if "locked" in text or "busy" in text:
        return f"{where}档案正忙（另一个程序正在写入）；请稍后再试"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{where}档案已损坏，或不是 xxgk 档案（{text}）"
    if "readonly" in text:
        return f"{where}档案无法写入（{text}）"
    if "unable to open" in text:
        return f"{where}档案无法打开（{text}）"
    return f"{where}{text}"


def _debug() -> bool:
    return bool(os.environ.get("XXGK_DEBUG"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 fine, 1 findings, 2 bad input or usage)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    args: argparse.Namespace | None = None
    try:
        try:
            args = _parse(sys.argv[1:] if argv is None else list(argv))
        except SystemExit as exc:  # --help, --version
            return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else EXIT_BAD_INPUT
        args.db_path = db_path(args.db)
        if args.command is None:
            return _run_app(args)
        return int(args.func(args))
    except (CliError, BadInput, ArchiveError) as exc:  # user errors: the message says what to do
        warn(_one_line(exc))
    except sqlite3.Error as exc:
        if _debug():
            raise
        warn(_sqlite_message(exc, getattr(args, "db_path", None)))
    except BrokenPipeError:  # `xxgk list | head`
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_OK
    except OSError as exc:
        if _debug():
            raise
        name = exc.filename or ""
        warn(f"{name}: {exc.strerror or _one_line(exc)}" if name else _one_line(exc))
    except KeyboardInterrupt:
        warn("已中断")
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug: one line, and how to see the details
        if _debug():
            raise
        warn(f"内部错误：{type(exc).__name__}: {_one_line(exc)}（设置 XXGK_DEBUG=1 运行可看详细信息）")
    return EXIT_BAD_INPUT


def _run_app(args: argparse.Namespace) -> int:
    try:
        from xxgk.tui.app import run
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(("xxgk.tui", "textual", "rich")):
            raise CliError(f"界面无法启动（{exc}）；命令行仍可使用：xxgk --help") from None
        raise
    try:
        run(args.db_path, read_only=args.read_only)
    except SystemExit as exc:  # the app may exit with a status of its own
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else EXIT_BAD_INPUT
    return EXIT_OK
