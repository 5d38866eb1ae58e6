"""Writing export files safely: never overwrite without ``force``, never leave half a file behind."""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xxgk.presentation.filenames import export_name


class ExportError(Exception):
    """The export file cannot be written; ``str(exc)`` is one line (the CLI prints it and exits 2)."""


class ExportExists(ExportError, FileExistsError):
    """The target file exists and overwriting was not asked for."""


def default_export_name(agency: str, year_a: int, year_b: int, ext: str = "xlsx") -> str:
    """A file name (no directory) for a comparison export: ``淮安市洪泽区人民政府_2023-2024_对比.xlsx``."""
    return export_name(agency, year_a, year_b, ext)


def check_target(path: str | Path, force: bool = False) -> Path:
    """Raise ``ExportExists``/``ExportError`` now if ``path`` cannot be (over)written."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target}: is a folder; give a file name")
    if target.exists() and not force:
        raise ExportExists(f"{target}: already exists; use --force to overwrite it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"{target}: the folder {parent} does not exist")
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
            raise ExportExists(f"{target}: already exists; use --force to overwrite it")
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise ExportError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    except OSError as exc:
        if isinstance(exc, ExportError):
            raise
        raise ExportError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
