"""The headless core: what the CLI, the app and the exporters do with the archive, written once.

* ``opening.open_archive`` and ``locations.db_path``: which archive, and never an empty one by mistake;
* ``importing.import_paths``: the one import loop (``discovery`` decides what a folder holds);
* ``comparing.compare``: two years of one agency aligned, every cell with its marks;
* ``reports.report_view``: one report with its checks in reading order and its marked cells;
* ``checking.findings``: failing and warning checks across the archive, and their counts;
* ``years``: which two years a comparison means.

It stands between the front ends and the siblings below it (``importers``, ``store``), which never
import each other; it never imports Textual.
"""
