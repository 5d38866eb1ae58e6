"""xxgk import: per-file lines, the summary, exit codes; a failed file leaves nothing behind."""
from __future__ import annotations

import re

import pytest

from tests.cli.conftest import TEXT_SAMPLES, table_counts
from tests.conftest import SAMPLES


def summary(out: str) -> dict[str, int]:
    line = next(x for x in out.splitlines() if re.match(r"\d+ files?: ", x))
    return {k: int(n) for n, k in re.findall(r"(\d+) (imported|unchanged|new version|needs review|failed)", line)}


def test_import_folder(run, db, text_folder):
    code, out, err = run("import", text_folder)
    assert (code, err) == (0, "")
    s = summary(out)
    assert s["failed"] == 0
    assert s["imported"] + s["needs review"] + s["new version"] == len(TEXT_SAMPLES)
    assert s["needs review"] >= 1  # seed 001 names no agency ("我局")
    assert f"{len(TEXT_SAMPLES)} files:" in out
    assert re.search(r"^imported\s+#\d+\s+盘锦市商务局\s+2022\s+004_028b26371201af45\.txt", out, re.M)
    counts = table_counts(db)
    assert counts["reports"] == len(TEXT_SAMPLES)
    # again: everything unchanged, nothing written
    code, out, _ = run("import", text_folder, "--quiet")
    assert code == 0 and summary(out)["unchanged"] == len(TEXT_SAMPLES)
    assert out.count("\n") <= 3  # --quiet: the summary (and the review hint) only
    assert table_counts(db) == counts


def test_import_with_failures_exits_2_and_continues(run, db, text_folder):
    (text_folder / "empty.txt").write_bytes(b"")
    (text_folder / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    code, out, err = run("import", text_folder)
    assert code == 2
    s = summary(out)
    assert s["failed"] == 2 and s["imported"] + s["needs review"] + s["new version"] == len(TEXT_SAMPLES)
    assert sorted(err.splitlines()) == sorted([f"xxgk: {text_folder / 'empty.txt'}: the file is empty",
                                               next(x for x in err.splitlines() if "garbage.txt" in x)])
    assert "failed: " in out and "empty.txt: the file is empty" in out
    assert table_counts(db)["reports"] == len(TEXT_SAMPLES)


@pytest.mark.parametrize("name, content", [
    ("empty.txt", b""),
    ("garbage.txt", bytes(range(256)) * 40),
    ("notable.txt", "某某局2023年政府信息公开工作年度报告\n今年我们做了很多工作。\n".encode()),
    ("missing.txt", None),
], ids=["empty", "binary", "no-table", "missing"])
def test_bad_input_leaves_the_archive_unchanged(run, db, tmp_path, name, content):
    assert run("import", SAMPLES / "004_028b26371201af45.txt")[0] == 0
    before = table_counts(db)
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    code, out, err = run("import", bad)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"xxgk: {bad}: ")
    assert "Traceback" not in err + out
    assert table_counts(db) == before


def test_import_agency_and_year_files_a_report(run, db):
    seed = SAMPLES / "001_f2d57d5ded702b88.txt"
    code, out, _ = run("import", seed)
    assert code == 0 and summary(out)["needs review"] == 1
    code, out, _ = run("import", seed, "--agency", "盘锦市某某局", "--year", "2021")
    assert code == 0 and summary(out)["imported"] == 1
    code, out, _ = run("review")
    assert out.strip() == "no reports need review"


def test_import_nothing_found(run, tmp_path):
    code, out, err = run("import", tmp_path)
    assert code == 2 and err.count("\n") == 1 and "no report files" in err


def test_read_only_refuses_import(run, db):
    run("import", SAMPLES / "004_028b26371201af45.txt")
    before = table_counts(db)
    code, out, err = run("--read-only", "import", SAMPLES / "003_5ca275e7fc674769.txt")
    assert code == 2 and err.count("\n") == 1 and "read-only" in err
    assert table_counts(db) == before
