"""The import loop shared by ``xxgk import`` and the app's import screen: files in, outcomes out.

Each file is parsed (``importers.parse_path``) and saved in one transaction (``Archive.save_reports``).
A file that cannot be parsed or saved leaves nothing in the archive and does not stop the others.
"""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.domain.model import BadInput
from xxgk.store.archive import Archive
from xxgk.store.errors import ArchiveError, ReadOnlyError
from xxgk.store.models import SaveResult


@dataclass
class FileOutcome:
    path: Path
    results: list[SaveResult] = field(default_factory=list)  # one per report in the file
    error: str | None = None  # one line, "<file>: <problem>", when the file failed

    @property
    def ok(self) -> bool:
        return self.error is None


class ArchiveUnavailable(ArchiveError):
    """The archive itself cannot be written (locked, read-only, damaged): no point going on."""


def import_file(archive: Archive, path: str | Path, agency: str | None = None,
                year: int | None = None) -> FileOutcome:
    """Parse and archive one file. User errors and parser bugs become ``FileOutcome.error``; a problem
    with the archive itself raises ``ArchiveUnavailable`` (the caller should stop)."""
    from xxgk.importers import parse_path

    path = Path(path)
    try:
        reports = parse_path(path, agency=agency, year=year)
    except BadInput as exc:
        return FileOutcome(path, error=str(exc))
    except Exception as exc:  # a parser bug must not stop a folder import
        if os.environ.get("XXGK_DEBUG"):
            raise
        return FileOutcome(path, error=f"{path}: could not be read ({type(exc).__name__}: {exc}); please report this")
    if not reports:
        return FileOutcome(path, error=f"{path}: no report found in the file")
    try:
        return FileOutcome(path, results=archive.save_reports(reports))
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise ArchiveUnavailable(f"{archive.path}: the archive is busy (another program is writing); "
                                     "try again") from None
        if "readonly" in text or "read-only" in text:
            raise ArchiveUnavailable(f"{archive.path}: the archive cannot be written ({text})") from None
        raise ArchiveUnavailable(f"{archive.path}: {text}") from None
    except sqlite3.DatabaseError as exc:
        raise ArchiveUnavailable(f"{archive.path}: the archive is damaged ({exc})") from None
    except ArchiveError as exc:
        if isinstance(exc, ReadOnlyError):
            raise
        return FileOutcome(path, error=f"{path}: {exc}")
    except Exception as exc:
        if os.environ.get("XXGK_DEBUG"):
            raise
        return FileOutcome(path, error=f"{path}: could not be archived ({type(exc).__name__}: {exc}); "
                                       "please report this")


def import_files(archive: Archive, paths: Iterable[str | Path], agency: str | None = None,
                 year: int | None = None) -> Iterator[FileOutcome]:
    """``import_file`` for every file under ``paths`` (folders expanded), in order, one outcome each."""
    from xxgk.importers import iter_input_files

    for path in iter_input_files(paths):
        yield import_file(archive, path, agency=agency, year=year)
