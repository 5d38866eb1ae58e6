"""Start-up: a command imports only its own command module; the table that says which module holds which
command is the modules' own registrations; a usage error reads as with the whole parser."""
from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from xxgk.cli import build_parser, main
from xxgk.cli.commands import GROUPS, modules
from xxgk.cli.errors import CliError
from xxgk.cli.main import _groups_for


def _registered(parser: argparse.ArgumentParser) -> list[str]:
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub.choices)


def test_groups_name_what_each_module_registers():
    for name in GROUPS:
        assert _registered(build_parser((name,))) == list(GROUPS[name]), name
    assert _registered(build_parser()) == [c for commands in GROUPS.values() for c in commands]
    assert [m.__name__.rsplit(".", 1)[1] for m in modules()] == list(GROUPS)


def test_a_command_line_names_its_module():
    assert _groups_for(["check"]) == ("checks",)
    assert _groups_for(["--db", "list", "--read-only", "check", "--format", "json"]) == ("checks",)
    assert _groups_for(["--db=x.sqlite", "verdict", "list"]) == ("verdicts",)
    assert _groups_for([]) == _groups_for(["--db", "x"]) == ()  # the app: no command module at all
    for unclear in (["--help"], ["-h", "check"], ["--version"], ["--read", "check"], ["chek"], ["--", "check"]):
        assert _groups_for(unclear) is None, unclear


def test_check_imports_no_other_command_module(tmp_path):
    code = ("import sys; from xxgk.cli import main; main(['--db', sys.argv[1], 'check']); "
            "loaded = sorted(m for m in sys.modules if m.startswith('xxgk.cli.commands.')); "
            "assert loaded == ['xxgk.cli.commands.checks'], loaded; "
            "heavy = [m for m in sys.modules if m.startswith(('xxgk.importers', 'openpyxl', 'sqlite_utils', "
            "'textual', 'rich', 'xxgk.exporters', 'xxgk.workflows.checklist'))]; "
            "assert not heavy, heavy")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.sqlite")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_usage_errors_read_as_with_every_command(db, capsys):
    for argv in (["check", "--bogus"], ["list", "--format", "xml"], ["chek"], ["--db"], ["--db", "x", "verdict"]):
        assert main(argv) == 2
        with pytest.raises(CliError) as whole:
            build_parser().parse_args(argv)
        assert capsys.readouterr().err == f"xxgk: {' '.join(str(whole.value).split())}\n", argv
