"""Exports that go upward (XLSX, printed) and to scripts (CSV). Never imports Textual.

One function per kind and format; each takes the archive, its parameters and the target path, never
overwrites without ``force``, never leaves half a file, and raises only ``ExportError`` subclasses for
what a user can fix: ``ExportExists`` (the file exists: ask, then call again with ``force=True``),
``ExportNotFound`` (no such agency or report, or nothing matches; also a ``NotFound``) and
``ExportError`` (cannot be written). Run them in a worker thread with that thread's own ``Archive``::

    export_agency_xlsx(archive, agency, year_a, year_b, path, force=False, hide_equal=False)
    export_all_xlsx(archive, year_a, year_b, path, force=False, hide_equal=False)     # 汇总 + a sheet each
    export_failures_xlsx(archive, path, year=None, agency=None, rule=None, statuses=("fail", "warn"))
    export_agency_csv / export_all_csv / export_summary_csv / export_failures_csv     # the same, as CSV

    default_export_name(agency, year_a, year_b, "xlsx")   # 淮安市洪泽区人民政府_2023-2024_对比.xlsx
    default_all_name(year_a, year_b, "xlsx")              # 全部机关_2023-2024_对比.xlsx
    default_failures_name(year, agency, "xlsx")           # 勾稽关系清单_2024.xlsx

``hide_equal`` leaves out what the app's "hide equal" hides (both years equal, or zero or blank in
both), never a marked cell; the default keeps everything.
"""
from xxgk.exporters.csv_compare import (
    export_agency_csv,
    export_all_csv,
    export_comparison_csv,
    export_summary_csv,
)
from xxgk.exporters.failures import export_failures_csv, export_failures_xlsx
from xxgk.exporters.files import (
    ExportError,
    ExportExists,
    ExportNotFound,
    check_target,
    default_all_name,
    default_export_name,
    default_failures_name,
)
from xxgk.exporters.xlsx_compare import export_agency_xlsx, export_all_xlsx, export_comparison_xlsx
from xxgk.presentation.filenames import safe_filename
from xxgk.presentation.spreadsheet import SheetNamer, sheet_title

__all__ = [
    "ExportError", "ExportExists", "ExportNotFound", "SheetNamer", "check_target", "default_all_name",
    "default_export_name", "default_failures_name", "export_agency_csv", "export_agency_xlsx", "export_all_csv",
    "export_all_xlsx", "export_comparison_csv", "export_comparison_xlsx", "export_failures_csv",
    "export_failures_xlsx", "export_summary_csv", "safe_filename", "sheet_title",
]
