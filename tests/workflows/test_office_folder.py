"""A folder as an office downloads it: PDF, Word (new and old), text, a saved page, a workbook, a scan, an
image. Every readable file is imported, every other one is named with its reason, nothing half-stored."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import SAMPLES
from tests.importers.golden_values import HONGZE_2024, HUAIAN_2024, SEED004
from xxgk.store import Archive
from xxgk.workflows.importing import import_paths

FILES = {"洪泽区2024年报告.pdf": "hongze_2024.pdf", "淮安市2024年报告.docx": "huaian_2024.docx",
         "淮安市2024年报告（旧版）.doc": "huaian_2024.doc", "商务局2022.txt": "004_028b26371201af45.txt",
         "开封质监2018.htm": "kaifeng_zhijian_2018.htm", "洪泽区2024.xlsx": "hongze_2024.xlsx",
         "扫描件.pdf": "hongze_2024_scanned.pdf"}


def folder(tmp_path):
    src = tmp_path / "下载"
    src.mkdir()
    for name, sample in FILES.items():
        shutil.copy(SAMPLES / sample, src / name)
    (src / "盖章页.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    return src


def values(archive, agency: str, year: int) -> list[dict]:
    return [{v.key: v.value for v in archive.report_values(r.id)} for r in archive.report_versions(agency, year)]


def test_folder_without_libreoffice(tmp_path) -> None:
    src = folder(tmp_path)
    with Archive(tmp_path / "a.sqlite") as archive:
        summary = import_paths(archive, [src])
        assert summary.total == 6 and summary.done == 6  # the .doc and the .jpg are not tried
        assert {s.path.name: s.kind for s in summary.skipped} == {"淮安市2024年报告（旧版）.doc": "word_old",
                                                                  "盖章页.jpg": "image"}
        assert all(s.reason for s in summary.skipped)
        [failed] = summary.failed
        assert failed.path.name == "扫描件.pdf" and "图片版：没有可提取的文字" in failed.error
        assert summary.counts == {"imported": 4, "new_version": 1}  # hongze's PDF and workbook: one report twice
        assert archive.counts()["reports"] == 5  # nothing of the scan
        assert values(archive, "淮安市洪泽区人民政府", 2024) == [HONGZE_2024, HONGZE_2024]
        assert values(archive, "淮安市人民政府", 2024) == [HUAIAN_2024]
        assert values(archive, "盘锦市商务局", 2022) == [SEED004]
        assert len(values(archive, "开封市质量技术监督局", 2018)) == 1


@pytest.mark.soffice
def test_folder_with_libreoffice_converts_the_old_doc(tmp_path, monkeypatch) -> None:
    from tests.importers.test_docx import fake_soffice

    fake_soffice(tmp_path, monkeypatch, SAMPLES / "huaian_2024.docx")
    src = folder(tmp_path)
    with Archive(tmp_path / "a.sqlite") as archive:
        summary = import_paths(archive, [src])
        assert summary.total == 7
        assert [s.path.name for s in summary.skipped] == ["盖章页.jpg"]
        assert [f.path.name for f in summary.failed] == ["扫描件.pdf"]
        assert values(archive, "淮安市人民政府", 2024) == [HUAIAN_2024, HUAIAN_2024]  # the .doc and the .docx
        assert archive.counts()["reports"] == 6
