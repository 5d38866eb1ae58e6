"""xxgk import: per-file lines, the summary, exit codes; a failed file leaves nothing behind."""
from __future__ import annotations

import re

import pytest

from tests.cli.conftest import TEXT_SAMPLES, table_counts
from tests.conftest import SAMPLES


def summary(out: str) -> dict[str, int]:
    """The summary line ``共 N 个文件：新导入 a、未变 b、新版本 c、待审核 d、失败 e`` as a dict (total: N)."""
    [line] = [x for x in out.splitlines() if re.match(r"共 \d+ 个文件：", x)]
    counts = {k: int(n) for k, n in re.findall(r"(新导入|未变|新版本|待审核|失败) (\d+)", line)}
    assert list(counts) == ["新导入", "未变", "新版本", "待审核", "失败"], line
    return {"total": int(re.match(r"共 (\d+)", line).group(1)), **counts}


def test_import_folder(run, db, text_folder):
    code, out, err = run("import", text_folder)
    assert (code, err) == (0, "")
    s = summary(out)
    assert s["失败"] == 0 and s["total"] == len(TEXT_SAMPLES)
    assert s["新导入"] + s["待审核"] + s["新版本"] == len(TEXT_SAMPLES)
    assert s["待审核"] >= 1  # seed 001 names no agency ("我局")
    assert re.search(r"^新导入\s+#\d+\s+盘锦市商务局\s+2022\s+004_028b26371201af45\.txt$", out, re.M)
    counts = table_counts(db)
    assert counts["reports"] == len(TEXT_SAMPLES)
    # again: everything unchanged, nothing written
    code, out, _ = run("import", text_folder, "--quiet")
    assert code == 0 and summary(out)["未变"] == len(TEXT_SAMPLES)
    assert out.count("\n") <= 3  # --quiet: the summary (and the review hint) only
    assert table_counts(db) == counts


def test_import_with_failures_exits_2_and_continues(run, db, text_folder):
    (text_folder / "empty.txt").write_bytes(b"")
    (text_folder / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    code, out, err = run("import", text_folder)
    assert code == 2
    s = summary(out)
    assert s["失败"] == 2 and s["新导入"] + s["待审核"] + s["新版本"] == len(TEXT_SAMPLES)
    # each error is printed once, on stderr (the summary on stdout counts them, it does not repeat them)
    assert sorted(err.splitlines()) == sorted([f"xxgk: {text_folder / 'empty.txt'}: 文件是空的",
                                               next(x for x in err.splitlines() if "garbage.txt" in x)])
    assert "文件是空的" not in out and "garbage.txt" not in out
    assert "2 个文件失败，原因见上方的错误信息" in out
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
    assert code == 0 and summary(out)["待审核"] == 1
    code, out, _ = run("import", seed, "--agency", "盘锦市某某局", "--year", "2021")
    assert code == 0 and summary(out)["新导入"] == 1
    code, out, _ = run("review")
    assert out.strip() == "没有待审核的报告"


def test_import_nothing_found(run, tmp_path):
    code, out, err = run("import", tmp_path)
    assert code == 2 and err.count("\n") == 1 and "没有找到可导入的报告文件" in err


def test_read_only_refuses_import(run, db):
    run("import", SAMPLES / "004_028b26371201af45.txt")
    before = table_counts(db)
    code, out, err = run("--read-only", "import", SAMPLES / "003_5ca275e7fc674769.txt")
    assert code == 2 and err.count("\n") == 1 and "read-only" in err
    assert table_counts(db) == before


def test_summary_lists_skipped_files_by_kind_with_what_to_do(run, db, text_folder):
    from xxgk.workflows.discovery import SKIP_KINDS

    (text_folder / "扫描件1.png").write_bytes(b"\x89PNG")
    (text_folder / "扫描件2.jpg").write_bytes(b"\xff\xd8")
    (text_folder / "旧报告.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (text_folder / "全部.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    code, out, _ = run("import", text_folder, "--quiet")
    assert code == 0
    lines = out.splitlines()
    start = lines.index("  跳过 4 个文件：")
    assert sorted(lines[start + 1:start + 4]) == sorted([
        f"    {SKIP_KINDS['image']} —— 2 个：扫描件1.png、扫描件2.jpg",
        f"    {SKIP_KINDS['word_old']} —— 1 个：旧报告.doc",
        f"    {SKIP_KINDS['archive']} —— 1 个：全部.zip",
    ])
    assert summary(out) == {"total": len(TEXT_SAMPLES), "新导入": len(TEXT_SAMPLES) - 1, "未变": 0, "新版本": 0,
                            "待审核": 1, "失败": 0}


def test_only_skipped_files_is_an_error_after_the_list(run, db, tmp_path):
    (tmp_path / "扫描件.png").write_bytes(b"\x89PNG")
    code, out, err = run("import", tmp_path)
    assert code == 2 and err.count("\n") == 1 and "没有找到可导入的报告文件" in err
    assert out.splitlines()[0] == "  跳过 1 个文件：" and "扫描件.png" in out
    assert not db.exists()


def test_a_duplicate_is_named_by_the_new_file_and_says_what_it_matches(run, tmp_path):
    seed = SAMPLES / "004_028b26371201af45.txt"
    run("import", seed)
    copy = tmp_path / "另存的副本.txt"
    copy.write_bytes(seed.read_bytes())
    code, out, _ = run("import", copy)
    [line] = [x for x in out.splitlines() if x.startswith("未变")]
    assert code == 0 and "另存的副本.txt" in line and "004_028b26371201af45" not in line
    assert line.endswith("（已存档为报告 #1（盘锦市商务局 2022 第 1 版））")


def test_import_stopped_by_a_busy_archive_ends_with_its_summary(run, db, text_folder, monkeypatch):
    """Another program holds the write lock: the summary still comes, says how many files were not imported,
    and the reason is one line; the archive is as it was."""
    import sqlite3

    from xxgk.store import opening

    assert run("import", text_folder / TEXT_SAMPLES[0])[0] == 0
    before = table_counts(db)
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run("import", text_folder, "--jobs", "1")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 2
    s = summary(out)
    assert s["total"] == len(TEXT_SAMPLES) and s["失败"] == 0
    assert f"导入中断：{len(TEXT_SAMPLES)} 个文件没有导入（之前处理的 0 个已存档），原因见错误信息" in out
    assert err.count("\n") == 1 and "档案正忙" in err and "Traceback" not in err
    assert table_counts(db) == before
