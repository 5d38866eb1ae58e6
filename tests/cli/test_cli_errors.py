"""Whatever goes wrong, the user sees one line on stderr, never a traceback; the default archive path."""
from __future__ import annotations

import pytest

from xxgk.store import archive as store_archive
from xxgk.workflows import locations as paths


@pytest.mark.parametrize("exc, code, text", [
    (KeyboardInterrupt(), 130, "xxgk: 已中断"),
    (ValueError("bad\nthing"), 2, "xxgk: 内部错误：ValueError: bad thing"),
    (PermissionError(13, "Permission denied", "/x/a.sqlite"), 2, "xxgk: /x/a.sqlite: Permission denied"),
], ids=["interrupt", "bug", "oserror"])
def test_unexpected_errors_are_one_line(run, db, monkeypatch, exc, code, text):
    store_archive.Archive(db).close()

    def boom(self):
        raise exc

    monkeypatch.delenv("XXGK_DEBUG", raising=False)
    monkeypatch.setattr(store_archive.Archive, "grid_years", boom)  # xxgk list's first read
    got, out, err = run("list")
    assert got == code and out == ""
    assert err.count("\n") == 1 and err.startswith(text)


def test_debug_reraises(run, db, monkeypatch):
    store_archive.Archive(db).close()

    def boom(self):
        raise ValueError("bug")

    monkeypatch.setenv("XXGK_DEBUG", "1")
    monkeypatch.setattr(store_archive.Archive, "grid_years", boom)  # xxgk list's first read
    with pytest.raises(ValueError):
        run("list")


def test_default_archive_path(monkeypatch, tmp_path):
    monkeypatch.delenv("XXGK_DB", raising=False)
    default = paths.db_path()
    assert default.name == "archive.sqlite" and default.parent.name == "xxgk"
    monkeypatch.setenv("XXGK_DB", str(tmp_path / "env.sqlite"))
    assert paths.db_path() == tmp_path / "env.sqlite"
    assert paths.db_path(tmp_path / "cli.sqlite") == tmp_path / "cli.sqlite"


@pytest.mark.parametrize("argv", [
    ("show", "99"), ("check", "--agency", "没有这个局"), ("compare", "甲", "2020", "2021"), ("text", "x"),
    ("versions", "甲局", "2023"), ("list", "--format", "xml"), ("bogus",), ("withdraw", "1", "--reason", "误报"),
    # past SQLite's integers: was "内部错误：OverflowError"
    ("show", "99999999999999999999"), ("text", "#99999999999999999999"),
    ("assign", "99999999999999999999", "--agency", "甲局", "--year", "2023"),
    ("withdraw", "99999999999999999999", "--reason", "误报"),
], ids=lambda a: "-".join(a[:2]) + ("-huge" if any(len(x) > 15 for x in a) else ""))
def test_each_error_is_printed_exactly_once(run, db, argv):
    store_archive.Archive(db).close()
    code, out, err = run(*argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("xxgk: ")
    message = err[len("xxgk: "):].strip()
    assert message and "Traceback" not in err
    assert err.count(message) == 1


def test_argparse_errors_are_chinese(run):
    code, _, err = run("list", "--format", "xml")
    assert code == 2 and err.startswith("xxgk: 参数 --format：没有 'xml' 这一项（可选：") and "xxgk list --help" in err
    code, _, err = run("import")
    assert code == 2 and err.startswith("xxgk: 缺少参数：PATH")
