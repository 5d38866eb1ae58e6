"""The hostile corpus through the CLI, as a user meets it: every file is built here (nothing large is
committed), imported by ``xxgk import`` in its own process into an archive holding one report, and must be
refused with exit 2, exactly one line on stderr naming the file, no traceback, the archive unchanged, and a
bounded peak memory (the process's maximum resident set, from ``os.wait4``). The wall-clock bound is
generous (the machine is shared): it catches a read that blocks or never ends, not a slow parse."""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.hostile.documents import document, para, table
from tests.hostile.pdfs import pdf, text_page
from tests.hostile.workbooks import rows_xml, sheet_xml, workbook
from xxgk.domain.model import BadInput

REPORT = SAMPLES / "000_7fa8abd7de6217fc.txt"
PEAK_MB = 200
HANG_S = 60  # far above any refusal; a FIFO read would block forever, /dev/zero would run out of memory
MB = 1024 * 1024


def _fifo(folder: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = folder / "管道.txt"
    os.mkfifo(path)  # nobody writes to it: opening it for reading would block
    return path


def _link(target: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        if not os.path.exists(target):
            pytest.skip(f"no {target}")
        path = folder / "链接.txt"
        path.symlink_to(target)
        return path
    return build


def _dangling(folder: Path) -> Path:
    path = folder / "断链.txt"
    path.symlink_to(folder / "不存在.txt")
    return path


def _loop(folder: Path) -> Path:
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "a.txt").symlink_to(folder / "b.txt")
    return folder / "a.txt"


def _write(name: str, data: Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data())
        return path
    return build


def _nested_tables() -> bytes:  # html.parser would have recursed 500 tables deep
    return ("<html><body>" + "<table><tr><td>" * 500 + "说明" + "</td></tr></table>" * 500 + "</body></html>").encode()


def _unclosed_tables() -> bytes:
    return ("<html><body>" + "<table><tr><td><div>" * 5000 + "说明</body></html>").encode()


def _text_at_the_limit() -> bytes:
    """50 MiB of a real report repeated: the largest file anything reads, refused as a text before decoding."""
    report = REPORT.read_bytes()
    return (report * (50 * MB // len(report) + 1))[:50 * MB]


def _text_over_the_limit() -> bytes:
    return b"1 " * (26 * MB)  # 52 MB: refused from its size, before a byte is read


def _late_nul() -> bytes:
    return "说明文字。\n".encode() * 8000 + REPORT.read_bytes().replace(b"\n", b"\x00\n", 1)


def _many_tags() -> bytes:
    return b"<html><body>" + b"<b>x</b>" * 120_000 + b"</body></html>"


def _many_cells() -> bytes:  # one row of 30,000 cells: 1.2 s to read before the limit was lowered to 20,000
    return b"<html><body><table><tr>" + b"<td>1</td>" * 30_000 + b"</tr></table></body></html>"


def _pdf_many_chars() -> bytes:  # 31 pages of 6,650 characters: past 100,000 on page 16
    return pdf([text_page(["x" * 95] * 70, size=6) for _ in range(31)])


def _pdf_content_bomb() -> bytes:
    """A 20 KB PDF whose one page inflates to 64 MB of drawing operators."""
    out = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * 4096
    data = b"".join(out.compress(chunk) for _ in range(64 * MB // len(chunk))) + out.flush()
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return pdf([text_page(["x"])], extra_objects=[body])


def _pdf_lying_page_tree() -> bytes:
    return pdf([text_page(["2023"])], count=400)


def _docx_many_elements() -> bytes:
    return document(table([["1"] * 50] * 3000))


def _docx_deep() -> bytes:
    return document("<w:tbl><w:tr><w:tc>" * 300 + para("说明") + "</w:tc></w:tr></w:tbl>" * 300)


def _xlsx_whole_sheet_merge() -> bytes:
    return workbook({"Sheet1": sheet_xml(rows_xml([["标题"]]), merges=["A1:XFD1048576"])})


def _ole_garbage() -> bytes:
    """The OLE2 signature, then noise: LibreOffice would take seconds and 200 MB to say it is not a document."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 200


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, "不是普通文件（设备、管道或套接字），未读取"),
    "link-to-dev-zero": (_link("/dev/zero"), "不是普通文件（设备、管道或套接字），未读取"),
    "link-to-dev-urandom": (_link("/dev/urandom"), "不是普通文件（设备、管道或套接字），未读取"),
    "dangling-link": (_dangling, "文件不存在（或链接指向的文件不存在）"),
    "link-loop": (_loop, "符号链接形成循环"),
    "500-nested-tables": (_write("嵌套.html", _nested_tables), "没有找到年度报告的统计表"),
    "5000-unclosed-tables": (_write("未闭合.html", _unclosed_tables), "没有找到年度报告的统计表"),
    "30k-cells": (_write("单元格.html", _many_cells), "网页的表格超过 20,000 个单元格"),
    "pdf-200k-chars": (_write("字符.pdf", _pdf_many_chars), "个字符（上限 100,000）"),
    "120k-tags": (_write("标记.html", _many_tags), "个标记"),
    "text-50MiB": (_write("大.txt", _text_at_the_limit), "文本文件有 50.0 MB（上限 8.0 MB）"),
    "text-52MB": (_write("更大.txt", _text_over_the_limit), "上限 50 MB"),
    "late-nul": (_write("NUL.txt", _late_nul), "有 NUL 字符"),
    "pdf-content-bomb": (_write("炸弹.pdf", _pdf_content_bomb), "PDF 的页面内容解压后超过 1.0 MB"),
    "pdf-lying-page-tree": (_write("页数.pdf", _pdf_lying_page_tree), "PDF 已损坏"),
    "docx-150k-elements": (_write("元素.docx", _docx_many_elements), "个元素"),
    "docx-300-nested-tables": (_write("嵌套.docx", _docx_deep), "嵌套超过"),
    "ole-garbage": (_write("旧版.doc", _ole_garbage), "以旧版 Word/WPS 文件的标志开头，但文件结构已损坏"),
    "xlsx-whole-sheet-merge": (_write("合并.xlsx", _xlsx_whole_sheet_merge), "合并区域 A1:XFD1048576"),
}


def _dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


# A small launcher between the test and the command: a process's peak (ru_maxrss) starts from the memory of
# the process it was forked from, and pytest itself holds far more than a refusal should.
LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "xxgk", *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(args: list[str], timeout: float = HANG_S) -> tuple[int, str, str, float]:
    """Run ``python -m xxgk ARGS``: (exit status, stdout, stderr, peak resident MB of that process)."""
    if not hasattr(os, "fork"):
        pytest.skip("measures with fork and wait4")
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        try:
            done = subprocess.run([sys.executable, "-c", LAUNCHER, str(peak_file), *args], capture_output=True,
                                  stdin=subprocess.DEVNULL, env={**os.environ, "XXGK_DB": ""}, timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"xxgk {' '.join(args)} still running after {timeout} s")
        return done.returncode, done.stdout.decode(), done.stderr.decode(), float(peak_file.read_text())


@pytest.fixture(scope="module")
def archive_with_a_report(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "a.sqlite"
    code, _, err, _ = run_measured(["--db", str(db), "import", "-q", str(REPORT)])
    assert (code, err) == (0, "")
    return db


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_file_refused(case, tmp_path, archive_with_a_report):
    build, problem = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    path = build(folder)
    db = tmp_path / "a.sqlite"
    db.write_bytes(archive_with_a_report.read_bytes())
    before = _dump(db)
    for command in (["import", "--jobs", "1", str(path)], ["parse", str(path)]):
        code, out, err, peak = run_measured(["--db", str(db), *command])
        assert code == 2, (command, out, err)
        assert err.count("\n") == 1 and err.startswith(f"xxgk: {path}: ") and problem in err, err
        assert "Traceback" not in err + out and "内部错误" not in err
        assert peak < PEAK_MB, f"{case}: {command[0]} peaked at {peak:.0f} MB"
    assert _dump(db) == before


def _in_tables(page: bytes, depth: int) -> bytes:
    start = page.index(b">", page.index(b"<body")) + 1
    end = page.rindex(b"</body>")
    return page[:start] + b"<table><tr><td>" * depth + page[start:end] + b"</td></tr></table>" * depth + page[end:]


def test_a_report_inside_500_layout_tables_reads_as_itself():
    """Nesting is bounded without recursion (html.parser's element stack, the grid emitter): a report inside
    500 layout tables reads as itself; past 4,096 open elements, deeper start tags are flattened into the
    deepest one (as Chromium does past 512), with a warning, and nothing crashes."""
    from xxgk.importers import parse_bytes

    page = (SAMPLES / "huaian_2024.html").read_bytes()
    [plain] = parse_bytes(page, "huaian_2024.html")
    [deep] = parse_bytes(_in_tables(page, 500), "deep.html")
    assert [(v.key, v.value) for v in deep.values] == [(v.key, v.value) for v in plain.values]
    assert (deep.agency, deep.year) == ("淮安市人民政府", 2024)
    assert not any("嵌套超过" in w.message for w in deep.warnings)
    try:
        [deeper] = parse_bytes(_in_tables(page, 2000), "deeper.html")
    except BadInput as exc:  # the tables flattened into one cell: no table may be left
        assert "没有找到年度报告的统计表" in str(exc)
    else:
        assert any("网页的标记嵌套超过 4096 层" in w.message for w in deeper.warnings)


def test_nul_bytes_are_never_stored_in_labels(tmp_path):
    """A NUL anywhere in a page (after the first 20,000 characters too) is dropped before any label is made;
    in a text it refuses the file (the NUL-in-text case of the corpus above)."""
    from xxgk.store import Archive
    from xxgk.workflows.importing import import_paths

    page = (SAMPLES / "huaian_2024.html").read_bytes()
    assert len(page) > 20_000
    hostile = page.replace(b"<td", b"<td>\x00</td><td", 40).replace(b"</td>", b"\x00</td>")
    path = tmp_path / "nul.html"
    path.write_bytes(hostile)
    with Archive(tmp_path / "a.sqlite") as a:
        summary = import_paths(a, [path], jobs=1)
        assert not summary.failed and summary.counts["imported"] == 1
    conn = sqlite3.connect(tmp_path / "a.sqlite")
    try:
        labels = [row[0] for row in conn.execute("SELECT label FROM value_labels")]
        assert labels and not any("\x00" in label for label in labels)
    finally:
        conn.close()


def test_file_names_that_are_not_utf8(tmp_path):
    """A GBK name (a zip made on Windows, unpacked here) and a name of bytes no encoding reads: both reports
    are archived (SQLite cannot store the surrogate escapes Python reads such names with), under the GBK
    name decoded and the other with U+FFFD, and shown so."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = {"gbk": os.fsdecode("年度报告.txt".encode("gbk")), "bytes": os.fsdecode(b"x\xff\xfe.txt")}
    try:
        (folder / names["gbk"]).write_bytes(REPORT.read_bytes())
        (folder / names["bytes"]).write_bytes((SAMPLES / "002_b6ce9a87a66a1839.txt").read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system takes UTF-8 names only")
    db = tmp_path / "a.sqlite"
    code, out, err, _ = run_measured(["--db", str(db), "import", "--jobs", "1", str(folder)])
    assert (code, err) == (0, "")
    assert "  年度报告.txt" in out and "  x\ufffd\ufffd.txt" in out and "新导入 2" in out
    conn = sqlite3.connect(db)
    try:
        assert sorted(row[0] for row in conn.execute("SELECT source_name FROM reports")) == ["x\ufffd\ufffd.txt",
                                                                                         "年度报告.txt"]
    finally:
        conn.close()


def test_a_real_doc_passes_the_compound_file_check():
    from xxgk.importers.convert import check_compound_file

    check_compound_file((SAMPLES / "huaian_2024.doc").read_bytes(), "huaian_2024.doc")  # no BadInput


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_an_archive_path_that_is_not_a_file(tmp_path, kind):
    """--db naming a FIFO (SQLite blocked on it: ``doctor`` hung), a device ("disk I/O error") or a folder:
    one line, at once, for every command."""
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        db = tmp_path / "archive.sqlite"
        os.mkfifo(db)
        problem = "不是普通文件（设备、管道或套接字），不能作为档案"
    elif kind == "device":
        db = Path("/dev/zero")
        if not db.exists():
            pytest.skip("no /dev/zero")
        problem = "不是普通文件（设备、管道或套接字），不能作为档案"
    else:
        db = tmp_path
        problem = "是文件夹，不是档案文件"
    for command in (["list"], ["doctor"], ["backup", str(tmp_path / "copy.sqlite")],
                    ["import", str(REPORT)], ["--read-only", "show", "1"]):
        code, out, err, _ = run_measured(["--db", str(db), *command], timeout=30)
        assert (code, out) == (2, ""), command
        assert err.startswith(f"xxgk: {db}: {problem}") and err.count("\n") == 1, (command, err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_force_never_replaces_what_is_not_a_regular_file(tmp_path, archive_with_a_report):
    """``--force`` replaced any existing path: ``export -o /dev/null --force`` or ``backup /dev/null --force``
    run as root would have put a file where the device was. Shown on a FIFO (the same check)."""
    target = tmp_path / "管道"
    os.mkfifo(target)
    for command in (["export", "盘锦检验检测中心", "2020", "2021", "-o", str(target), "--force"],
                    ["backup", str(target), "--force"]):
        code, out, err, _ = run_measured(["--db", str(archive_with_a_report), *command], timeout=30)
        assert (code, out) == (2, "") and err.count("\n") == 1, (command, err)
        assert err.startswith(f"xxgk: {target}: 不是普通文件（设备、管道或套接字），不能用")
        assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_compact_backup_from_the_cli(tmp_path, archive_with_a_report):
    """``xxgk backup --compact`` opens the archive read-only, where VACUUM INTO was refused ("attempt to write
    a readonly database")."""
    copy = tmp_path / "副本.sqlite"
    code, out, err, _ = run_measured(["--db", str(archive_with_a_report), "backup", str(copy), "--compact"])
    assert (code, err) == (0, "") and out.startswith(f"已备份到 {copy}（1 份报告")
    assert sorted(_dump(copy)) == sorted(_dump(archive_with_a_report))  # VACUUM may reorder the schema


@pytest.mark.parametrize("digits", ["99999999999999999999", "9" * 280, "-99999999999999999999", "１" * 25],
                         ids=["20", "280", "negative", "fullwidth"])
def test_a_number_longer_than_any_report_holds(tmp_path, digits):
    """20 digits failed to store ("OverflowError … 这是程序的问题"), 5,000 failed to parse (int()'s 4,300
    digits, see the text case below): such a cell keeps its place and its printed text, has no value (like a dash), and the identities
    reading it are incomplete; its neighbours are read as before."""
    from xxgk.importers import parse_path
    from xxgk.store import Archive
    from xxgk.workflows.importing import import_paths

    page = (SAMPLES / "huaian_2024.html").read_bytes()
    assert page.count(b">3001<") == 1  # 本年新收 自然人
    path = tmp_path / "长数字.html"
    path.write_bytes(page.replace(b">3001<", f">{digits}<".encode("gb18030")))  # the page is GB18030
    with Archive(tmp_path / "a.sqlite") as a:
        summary = import_paths(a, [path], jobs=1)
    assert not summary.failed and summary.counts["imported"] == 1, [o.error for o in summary.failed]
    [parsed] = parse_path(path)
    got = {v.key: (v.value, v.raw, v.note) for v in parsed.values if v.key.startswith("t3.1.")}
    assert got["t3.1.natural"] == (None, digits, "out-of-range")
    assert got["t3.1.commercial"] == (53, "53", None) and got["t3.1.total"] == (3119, "3119", None)
    [row_sum] = [c for c in parsed.checks if c.rule == "A3.3" and "t3.1.total" in c.keys]
    assert row_sum.status == "incomplete"


def test_a_5000_digit_number_in_a_text(tmp_path):
    from xxgk.importers import parse_bytes

    text = REPORT.read_text(encoding="utf-8")
    start = text.index("一、本年新收")
    end = text.index("0 |", start)  # its 总计, the row's only number
    [parsed] = parse_bytes((text[:end] + "9" * 5000 + text[end + 1:]).encode(), "长数字.txt")
    [total] = [v for v in parsed.values if v.key == "t3.1.total"]
    assert (total.value, total.raw, total.note) == (None, "9" * 5000, "out-of-range")


def test_a_folder_tree_1500_deep(tmp_path):
    """Discovery walks without recursion (1,500 nested folders, a valid 3,000-character path, were
    'internal error: RecursionError'); a loop inside it is still listed as skipped."""
    from xxgk.workflows.discovery import discover

    deep = str(tmp_path)
    try:
        for _ in range(1500):  # one at a time: Path.mkdir(parents=True) itself recurses
            deep += "/d"
            os.mkdir(deep)
        deep = Path(deep)
        (deep / "报告.txt").write_bytes(REPORT.read_bytes())
    except OSError:
        pytest.skip("this file system does not take such a long path")
    (deep / "回环").symlink_to(tmp_path / "d")
    try:
        found = discover([tmp_path / "d"])
        assert found.files == [deep / "报告.txt"]
        assert [(s.path, s.reason) for s in found.skipped] == [(deep / "回环", "链接形成循环，已跳过")]
    finally:  # removed level by level here: pytest's own clean-up recurses and printed a RecursionError at exit
        (deep / "回环").unlink()
        (deep / "报告.txt").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent
