"""Opening the archive for a front end: the one place that decides whether a path may become an archive."""
from __future__ import annotations

from pathlib import Path

from xxgk.store import Archive, ArchiveError


def open_archive(path: str | Path, *, read_only: bool = False, create: bool = False) -> Archive:
    """The archive at ``path``.

    Commands that only read (``list``, ``check``, ``show`` …) pass ``create=False``: a mistyped path is
    an error, never a new empty archive that then "passes". Importing and the app create it.
    """
    path = Path(path)
    if not create and not path.exists():
        raise ArchiveError(f"{path}: 这里没有档案（请先导入报告：xxgk import 文件夹；或检查 --db 路径）")
    return Archive(path, read_only=read_only)
