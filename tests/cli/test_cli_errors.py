"""Whatever goes wrong, the user sees one line on stderr, never a traceback; the default archive path."""
from __future__ import annotations

import pytest

from xxgk.store import archive as store_archive
from xxgk.workflows import locations as paths


@pytest.mark.parametrize("exc, code, text", [
    (KeyboardInterrupt(), 130, "xxgk: interrupted"),
    (ValueError("bad\nthing"), 2, "xxgk: internal error: ValueError: bad thing"),
    (PermissionError(13, "Permission denied", "/x/a.sqlite"), 2, "xxgk: /x/a.sqlite: Permission denied"),
], ids=["interrupt", "bug", "oserror"])
def test_unexpected_errors_are_one_line(run, db, monkeypatch, exc, code, text):
    store_archive.Archive(db).close()

    def boom(self):
        raise exc

    monkeypatch.delenv("XXGK_DEBUG", raising=False)
    monkeypatch.setattr(store_archive.Archive, "list_grid", boom)
    got, out, err = run("list")
    assert got == code and out == ""
    assert err.count("\n") == 1 and err.startswith(text)


def test_debug_reraises(run, db, monkeypatch):
    store_archive.Archive(db).close()

    def boom(self):
        raise ValueError("bug")

    monkeypatch.setenv("XXGK_DEBUG", "1")
    monkeypatch.setattr(store_archive.Archive, "list_grid", boom)
    with pytest.raises(ValueError):
        run("list")


def test_default_archive_path(monkeypatch, tmp_path):
    monkeypatch.delenv("XXGK_DB", raising=False)
    default = paths.db_path()
    assert default.name == "archive.sqlite" and default.parent.name == "xxgk"
    monkeypatch.setenv("XXGK_DB", str(tmp_path / "env.sqlite"))
    assert paths.db_path() == tmp_path / "env.sqlite"
    assert paths.db_path(tmp_path / "cli.sqlite") == tmp_path / "cli.sqlite"
