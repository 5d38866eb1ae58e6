from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.conftest import SAMPLES
from xxgk.cli import main

TEXT_SAMPLES = sorted(p.name for p in SAMPLES.glob("*.txt"))


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("XXGK_DB", raising=False)
    return tmp_path / "archive.sqlite"


@pytest.fixture
def run(db, capsys):
    """``run(*argv)`` -> (exit status, stdout, stderr), in-process, against the temporary archive."""

    def _run(*argv: str):
        code = main(["--db", str(db), *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def text_folder(tmp_path):
    """A folder with copies of the real text samples."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in TEXT_SAMPLES:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def table_counts(path) -> dict[str, int]:
    if not path.exists():
        return {}
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("agencies", "agency_aliases", "reports", "report_values", "checks", "warnings")}
    finally:
        conn.close()
