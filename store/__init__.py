"""The SQLite archive of parsed reports. All SQL of the project lives in this package; it never imports
the importers or Textual.

Entry points::

    from xxgk.store import Archive
    with Archive(path) as archive:            # one Archive (= one connection) per thread
        results = archive.save_reports(reports)   # one transaction per input file
        grid = archive.list_grid()

Front ends reach it through ``xxgk.workflows`` (which owns the import loop and the comparison).
"""
from xxgk.store.archive import Archive
from xxgk.store.batch import Batch
from xxgk.store.codec import PreparedFile, PreparedReport, prepare_file
from xxgk.store.errors import ArchiveError, BatchLost, NotFound, ReadOnlyError, SchemaError
from xxgk.store.models import (
    AgencyInfo,
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
    "AgencyInfo", "Archive", "ArchiveError", "Batch", "BatchLost", "CrossYearCheck", "Failure", "Grid", "GridCell",
    "GridRow", "NotFound", "PreparedFile", "PreparedReport", "ReadOnlyError", "ReportDetail", "ReportRow",
    "SaveResult", "SchemaError", "prepare_file",
]
