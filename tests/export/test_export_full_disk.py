"""A full disk while a workbook is written: one line saying so (磁盘已满), no second error printed when the
half-written workbook is collected, nothing left behind."""
from __future__ import annotations

import errno
import gc
import io
import os
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import SAMPLES
from tests.export.conftest import HONGZE
from xxgk.exporters import ExportError, export_agency_xlsx, export_all_xlsx, export_failures_xlsx, xlsx_sheet


class FullDisk(io.FileIO):
    """A file on a disk that fills up after ``room`` bytes."""

    def __init__(self, path: str, room: int) -> None:
        super().__init__(path, "w+b")
        self.room = room

    def write(self, data) -> int:  # type: ignore[override]
        n = memoryview(data).nbytes
        if n > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= n
        return super().write(data)


EXPORTS = {
    "agency": lambda a, p: export_agency_xlsx(a, HONGZE, 2023, 2024, p),
    "all": lambda a, p: export_all_xlsx(a, 2023, 2024, p),
    "failures": lambda a, p: export_failures_xlsx(a, p),
}


@pytest.mark.parametrize("room", [0, 1000, 6000])
@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_full_disk_during_an_xlsx_export(archive, tmp_path, monkeypatch, kind, room):
    real = zipfile.ZipFile
    monkeypatch.setattr(xlsx_sheet, "ZipFile", lambda path, *a, **kw: real(FullDisk(path, room), *a, **kw))
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    target = tmp_path / "out" / "x.xlsx"
    target.parent.mkdir()
    with pytest.raises(ExportError) as exc:
        EXPORTS[kind](archive, target)
    gc.collect()  # the abandoned ZipFile, if any, closes itself now
    assert str(exc.value) == f"{target}: 无法写入（磁盘已满）"
    assert unraisable == []
    assert os.listdir(target.parent) == []  # neither the file nor its temporary


def test_full_disk_export_from_the_cli(tmp_path):
    """On a real full file system (a 64 KiB tmpfs; root only, skipped elsewhere): exit 2, one line on stderr."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
                                           capture_output=True).returncode:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        db = tmp_path / "a.sqlite"
        xxgk = [sys.executable, "-m", "xxgk", "--db", str(db)]
        subprocess.run([*xxgk, "import", "-q", str(SAMPLES / "hongze_2023.pdf"), str(SAMPLES / "hongze_2024.xlsx")],
                       check=True, capture_output=True)
        (disk / "fill").write_bytes(b"\0" * 60_000)
        for args in ([HONGZE, "2023", "2024"], ["--all", "2023", "2024"], ["--failures"]):
            done = subprocess.run([*xxgk, "export", *args, "-o", str(disk / "x.xlsx")], capture_output=True,
                                  text=True)
            assert (done.returncode, done.stdout) == (2, "")
            assert done.stderr == f"xxgk: {disk / 'x.xlsx'}: 无法写入（磁盘已满）\n"
        assert os.listdir(disk) == ["fill"]
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
