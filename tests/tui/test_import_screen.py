"""The import screen explains every file of a mixed folder: what was imported, what failed and why (in
Chinese, in full), what was skipped by kind with what to do, what a duplicate matches; the focus stays in
the path box so the next path typed is a path; a new or wrong path clears the old results."""
from __future__ import annotations

import shutil

from tests.tui.conftest import SAMPLES, make_app, settle, sync

SIZE = (80, 24)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def mixed_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("hongze_2024.pdf", "huaian_2024.docx", "hongze_2024_scanned.pdf", "huaian_2024.doc",
                 "001_f2d57d5ded702b88.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(SAMPLES / "hongze_2023.pdf", folder / "a_old_copy.pdf")  # archived already, superseded since
    (folder / "photo.png").write_bytes(PNG)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text("下载清单", encoding="utf-8")
    return folder


def archive_with_hongze_2023(tmp_path):
    from xxgk.store import Archive
    from xxgk.workflows.importing import import_paths

    db = tmp_path / "archive.sqlite"
    with Archive(db) as archive:  # the PDF first, then its text: the PDF's version is superseded
        summary = import_paths(archive, [SAMPLES / "hongze_2023.pdf", SAMPLES / "hongze_2023.pdf.txt"], jobs=1)
        assert summary.counts["new_version"] == 1
    return db


def row(screen, name):
    [found] = [r for r in screen.rows if r.name == name]
    return found


@sync
async def test_a_mixed_folder_is_explained_row_by_row(tmp_path):
    folder = mixed_folder(tmp_path)
    app = make_app(archive_with_hongze_2023(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        box = screen.query_one("#path")
        assert ".pdf .docx .txt .html .xlsx" in str(screen.query_one("#import-help").render())
        box.value = str(folder)
        box.cursor_position = len(box.value)
        await pilot.press("enter")
        await settle(pilot)
        kinds = {r.name: r.kind for r in screen.rows}
        assert kinds == {"001_f2d57d5ded702b88.txt": "needs_review", "a_old_copy.pdf": "duplicate",
                         "empty.txt": "error", "hongze_2024.pdf": "imported", "hongze_2024_scanned.pdf": "error",
                         "huaian_2024.docx": "imported", "huaian_2024.doc": "skipped", "notes.md": "skipped",
                         "photo.png": "skipped"}
        # the duplicate is listed under the NEW file's name and says what it matches
        dup = row(screen, "a_old_copy.pdf")
        assert "hongze_2023.pdf" in dup.detail and "已被取代" in dup.detail and "#1" in dup.detail
        # failures give their reason in full, in Chinese
        assert "图片版：没有可提取的文字" in row(screen, "hongze_2024_scanned.pdf").detail
        assert "文件是空的" in row(screen, "empty.txt").detail
        # skipped files: counted by kind, each with what to do
        assert "另存为 .docx" in row(screen, "huaian_2024.doc").detail
        assert row(screen, "photo.png").what == "图片"
        status = str(screen.query_one("#import-status").render())
        assert "导入完成：6 个文件" in status and "跳过 3 个" in status
        assert "图片 1" in status and "旧版 Word/WPS 1" in status and "其他文件 1" in status
        summary = str(screen.query_one("#summary").render())
        assert "新导入 2" in summary and "重复 1" in summary and "失败 2" in summary and "跳过 3" in summary
        # the first row that needs attention is selected, its reason on the detail line
        table = screen.query_one("#results")
        assert screen.rows[table.cursor_row].name == "001_f2d57d5ded702b88.txt"
        assert "文中没有找到机关" in str(screen.query_one("#import-detail").render())
        # the focus never left the path box: what is typed next is a path, not shortcuts ("o" opens a report)
        assert app.focused is box
        await pilot.press("o")
        assert app.screen is screen and box.value.endswith("o")
        # in the results, each row's reason shows as the cursor moves; a path character goes back to the box
        await pilot.press("down")
        assert table.has_focus
        for _ in range(len(screen.rows)):
            if screen.rows[table.cursor_row].name == "hongze_2024_scanned.pdf":
                break
            await pilot.press("down")
        assert "图片版" in str(screen.query_one("#import-detail").render())
        await pilot.press("slash")
        assert app.focused is box and box.value == "/"
        # typed fast, the keys after "/" are queued for the table before the focus moves: they reach the box
        # too, none runs a shortcut ("o" opens a report, "a" assigns)
        from textual import events

        await pilot.press("down")
        assert table.has_focus
        for key, ch in (("slash", "/"), ("t", "t"), ("o", "o"), ("a", "a")):
            table.post_message(events.Key(key, ch))
        await settle(pilot)
        assert app.screen is screen and app.focused is box and box.value == "/toa"
        # a wrong path clears the previous results
        box.value = str(tmp_path / "nowhere")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.rows == [] and table.row_count == 0
        assert "找不到" in str(screen.query_one("#import-status").render())
        assert str(screen.query_one("#summary").render()) == ""
        # the disk's root (a stray "/" and Enter) is refused, never walked
        box.value = "/"
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.running and screen.rows == []
        assert "不导入整个磁盘" in str(screen.query_one("#import-status").render())


@sync
async def test_a_folder_big_enough_for_the_parse_pool_imports_inside_the_app(tmp_path):
    """Eight files or more are parsed by worker processes; inside the app Textual's stderr has no file
    descriptor, which made starting the pool fail ("bad value(s) in fds_to_keep") for every folder import."""
    from xxgk.store import Archive
    from xxgk.workflows.importing import POOL_MIN_FILES

    folder = tmp_path / "texts"
    folder.mkdir()
    names = sorted(p.name for p in SAMPLES.glob("*.txt"))
    assert len(names) >= POOL_MIN_FILES
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    db = tmp_path / "archive.sqlite"
    Archive(db).close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#path").value = str(folder)
        await pilot.press("enter")
        for _ in range(100):
            await settle(pilot)
            if not screen.running:
                break
        assert not screen.running
        assert "导入中止" not in str(screen.query_one("#import-status").render())
        assert sorted(r.name for r in screen.rows) == names
        assert screen.counts["error"] == 0
