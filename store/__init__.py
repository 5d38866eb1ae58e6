"""The SQLite archive of parsed reports. All SQL of the project lives in this package.

Entry points::

    from xxgk.store import Archive
    with Archive(path) as archive:            # one Archive (= one connection) per thread
        results = archive.save_reports(reports)   # one transaction per input file
        grid = archive.list_grid()

``store.ingest.import_files`` is the import loop shared by the CLI and the app. Never imports Textual.
"""
from xxgk.store.archive import Archive, ReportLike
from xxgk.store.errors import ArchiveError, NotFound, ReadOnlyError, SchemaError
from xxgk.store.models import (
    AgencyInfo,
    Comparison,
    CrossYearCheck,
    Failure,
    Grid,
    GridCell,
    GridRow,
    ReportDetail,
    ReportRow,
    SaveResult,
)

__all__ = [
    "AgencyInfo", "Archive", "ArchiveError", "Comparison", "CrossYearCheck", "Failure", "Grid", "GridCell",
    "GridRow", "NotFound", "ReadOnlyError", "ReportDetail", "ReportLike", "ReportRow", "SaveResult",
    "SchemaError",
]
