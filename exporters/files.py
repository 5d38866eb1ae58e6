"""Writing export files safely: never overwrite without ``force``, never leave half a file behind."""
from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xxgk.presentation.filenames import export_name, safe_filename
from xxgk.workflows.records import NotFound


class ExportError(Exception):
    """The export file cannot be written; ``str(exc)`` is one line (the CLI prints it and exits 2)."""


class ExportExists(ExportError, FileExistsError):
    """The target file exists and overwriting was not asked for."""


class ExportNotFound(ExportError, NotFound):
    """Nothing to export: the agency, a year's report or any matching report is not in the archive."""


@contextmanager
def not_found() -> Iterator[None]:
    """Re-raise the archive's ``NotFound`` as ``ExportNotFound`` (one ``except ExportError`` catches all)."""
    try:
        yield
    except ExportNotFound:
        raise
    except NotFound as exc:
        raise ExportNotFound(str(exc)) from None


def default_export_name(agency: str, year_a: int, year_b: int, ext: str = "xlsx") -> str:
    """A file name (no directory) for a comparison export: ``淮安市洪泽区人民政府_2023-2024_对比.xlsx``."""
    return export_name(agency, year_a, year_b, ext)


def _ext(ext: str) -> str:
    return "".join(ch for ch in ext.lstrip(".") if ch.isascii() and ch.isalnum())[:8] or "xlsx"


def default_all_name(year_a: int, year_b: int, ext: str = "xlsx") -> str:
    """``全部机关_2023-2024_对比.xlsx`` (the CLI's name for ``export --all`` since it exists)."""
    return safe_filename(f"全部机关_{int(year_a)}-{int(year_b)}_对比.{_ext(ext)}")


def default_failures_name(year: int | None = None, agency: str | None = None, ext: str = "xlsx") -> str:
    """``勾稽关系清单_2024.xlsx``, ``勾稽关系清单_某局_全部年度.xlsx``."""
    parts = ["勾稽关系清单"]
    if agency:
        parts.append(safe_filename(agency, fallback="机关", max_bytes=90))
    parts.append(str(int(year)) if year is not None else "全部年度")
    return safe_filename("_".join(parts) + f".{_ext(ext)}")


_ERRNO_TEXT = {errno.ENOSPC: "磁盘已满", errno.EDQUOT: "磁盘配额已用完", errno.EACCES: "没有写入权限",
               errno.EPERM: "没有写入权限", errno.EROFS: "文件夹所在的磁盘是只读的", errno.EIO: "写入时磁盘出错",
               errno.EFBIG: "文件超过了文件系统允许的大小", errno.ENAMETOOLONG: "文件名太长"}


def write_problem(exc: OSError) -> str:
    """What went wrong writing a file, in Chinese when it is a common case (``磁盘已满``)."""
    return _ERRNO_TEXT.get(exc.errno or 0) or str(exc.strerror or exc)


def exists_message(target: Path) -> str:
    return f"{target}: 文件已存在；要覆盖请加 --force"


def check_target(path: str | Path, force: bool = False) -> Path:
    """Raise ``ExportExists``/``ExportError`` now if ``path`` cannot be (over)written."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target}: 是文件夹；请给出文件名")
    if target.exists() and not target.is_file():  # replaced, a device node (/dev/null, as root) would be gone
        raise ExportError(f"{target}: 不是普通文件（设备、管道或套接字），不能用导出的文件替换它")
    if target.exists() and not force:
        raise ExportExists(exists_message(target))
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"{target}: 文件夹 {parent} 不存在")
    return target


@contextmanager
def atomic_target(path: str | Path, force: bool = False) -> Iterator[str]:
    """Yield a temporary file name next to ``path``; on success it replaces ``path`` in one step.

    Without ``force`` an existing ``path`` is refused before anything is written (``ExportExists``).
    """
    target = check_target(path, force)
    # a fresh name next to the target (created by the writer, so it gets the usual permissions)
    tmp = str(target.with_name(f".{secrets.token_hex(6)}.xxgk-export{target.suffix or '.tmp'}"))
    try:
        yield tmp
        if target.exists() and not force:  # appeared while we were writing
            raise ExportExists(exists_message(target))
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise ExportError(f"{target}: 无法写入（{write_problem(exc)}）") from None
    except OSError as exc:
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"{target}: 无法写入（{write_problem(exc)}）") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
