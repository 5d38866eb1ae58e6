"""Looking after the archive file for a front end: ``check`` (``xxgk doctor``) and ``copy`` (``xxgk backup``).

Both open the archive read-only and as it is (an archive that needs upgrading is looked at, not upgraded),
so they are safe while others use it, on a read-only share too.
"""
from __future__ import annotations

import os
from pathlib import Path

from xxgk.store import Archive, ArchiveError
from xxgk.store.maintenance import BackupResult, DoctorReport


def _open(path: str | Path) -> Archive:
    path = Path(path)
    if not path.exists():
        raise ArchiveError(f"{path}: 这里没有档案（请先导入报告：xxgk import 文件夹；或检查 --db 路径）")
    return Archive(path, read_only=True, accept_old_schema=True)


def check(path: str | Path, *, quick: bool = False) -> DoctorReport:
    """``Archive.doctor`` of the archive at ``path``."""
    with _open(path) as archive:
        return archive.doctor(quick=quick)


def copy(path: str | Path, target: str | os.PathLike[str], *, overwrite: bool = False,
         compact: bool = False) -> BackupResult:
    """``Archive.backup`` of the archive at ``path`` to ``target``."""
    with _open(path) as archive:
        return archive.backup(target, overwrite=overwrite, compact=compact)
