"""Exports of year-over-year comparisons (XLSX for people, CSV for scripts). Never imports Textual.

For the app's compare screen::

    from xxgk.exporters import default_export_name, export_comparison_xlsx, ExportExists, ExportError
    name = default_export_name(agency, year_a, year_b)            # "淮安市洪泽区人民政府_2023-2024_对比.xlsx"
    export_comparison_xlsx(archive, agency, year_a, year_b, path, force=False)
    # ExportExists: the file exists (ask, then call again with force=True)
    # ExportError: cannot be written; store.NotFound: agency/year not in the archive

``export_all_xlsx`` / ``export_all_csv`` / ``export_comparison_csv`` back ``xxgk export``. Run them in
a worker thread with that thread's own ``Archive``.
"""
from xxgk.exporters.csv_compare import export_all_csv, export_comparison_csv
from xxgk.exporters.files import ExportError, ExportExists, check_target, default_export_name
from xxgk.exporters.xlsx_compare import export_all_xlsx, export_comparison_xlsx
from xxgk.presentation.filenames import safe_filename
from xxgk.presentation.spreadsheet import SheetNamer, sheet_title

__all__ = [
    "ExportError", "ExportExists", "SheetNamer", "check_target", "default_export_name", "export_all_csv",
    "export_all_xlsx", "export_comparison_csv", "export_comparison_xlsx", "safe_filename", "sheet_title",
]
