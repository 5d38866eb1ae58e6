"""The one import loop: per-file outcomes, a read-only archive stops it, skipped files are named."""
from __future__ import annotations

import os

import pytest

from tests.conftest import SAMPLES
from xxgk.store import Archive, ReadOnlyError
from xxgk.workflows.discovery import discover
from xxgk.workflows.importing import import_file, import_paths

SEED_004 = SAMPLES / "004_028b26371201af45.txt"


def test_import_file_outcomes_and_read_only(tmp_path) -> None:
    path = tmp_path / "a.sqlite"
    Archive(path).close()
    with Archive(path, read_only=True) as ro, pytest.raises(ReadOnlyError):
        import_file(ro, SEED_004)
    with Archive(path) as rw:
        outcome = import_file(rw, SEED_004)
        assert outcome.ok and [r.status for r in outcome.results] == ["imported"]
        bad = tmp_path / "empty.txt"
        bad.write_bytes(b"")
        outcome = import_file(rw, bad)
        assert not outcome.ok and outcome.error == f"{bad}: 文件是空的"


def test_import_paths_reports_every_file_and_stops_on_a_read_only_archive(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SEED_004.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    seen = []
    with Archive(tmp_path / "a.sqlite") as archive:
        summary = import_paths(archive, [folder], on_file=lambda outcome, s: seen.append((outcome.path.name, s.done)))
    assert seen == [("a.txt", 1), ("empty.txt", 2)]
    assert summary.total == 2 and summary.counts["imported"] == 1 and len(summary.failed) == 1
    with Archive(tmp_path / "a.sqlite", read_only=True) as ro:
        stopped = import_paths(ro, [folder])
    assert stopped.stopped and "read-only" in stopped.stopped and stopped.done == 0


def test_discovery_names_what_it_skips(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("xxgk.workflows.discovery.can_convert", lambda: False)  # no LibreOffice
    (tmp_path / "r.txt").write_text("x")
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "r.docx").write_bytes(b"PK")
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf")
    (tmp_path / "old.wps").write_bytes(b"\xd0\xcf")
    (tmp_path / "notes.md").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<table></table>")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    found = discover([tmp_path])
    assert [p.name for p in found.files] == ["r.docx", "r.pdf", "r.txt", "b.html"]
    kinds = {s.path.name: s.kind for s in found.skipped}
    assert kinds == {"scan.jpg": "image", "old.doc": "word_old", "old.wps": "word_old", "notes.md": "unknown",
                     "dangling.txt": "dangling", "loop": "loop"}
    assert all(s.reason for s in found.skipped)
    assert "另存为 .docx" in found.skipped_by_kind()["word_old"][0].reason


def test_discovery_tries_old_word_files_when_libreoffice_can_convert_them(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("xxgk.workflows.discovery.can_convert", lambda: True)
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf")
    (tmp_path / "old.wps").write_bytes(b"\xd0\xcf")
    (tmp_path / "scan.png").write_bytes(b"\x89PNG")
    found = discover([tmp_path])
    assert [p.name for p in found.files] == ["old.doc", "old.wps"]
    assert [(s.path.name, s.kind) for s in found.skipped] == [("scan.png", "image")]
