"""Time the exports on a synthetic archive of N agencies × 2 years, against floors measured in the same run.

    .venv/bin/python bench/bench_export.py [--agencies 300] [--keep DIR]

The archive is built from the two real 淮安市洪泽区人民政府 reports (2023, 2024), parsed once and saved under
many agency names (long, colliding ones included) with a fresh sha256 each; every 10th agency lacks 2023.

Floors: the XLSX exports against writing the same number of cells (numbers and short strings, one style)
with bare openpyxl write-only; the CSV exports against ``csv.writer`` writing the same number of fields;
every export against building the comparisons alone (``exporters.build.build_all``). Ratios are of CPU
time (the process's own, so other work on a shared machine disturbs them less than wall time); ratios,
not seconds, are what to compare between machines.
"""
from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from xxgk.exporters import (
    export_agency_xlsx,
    export_all_csv,
    export_all_xlsx,
    export_failures_csv,
    export_failures_xlsx,
)
from xxgk.exporters.build import build_all
from xxgk.importers import parse_path
from xxgk.store import Archive

ROOT = Path(__file__).resolve().parent.parent


def build(archive: Archive, n: int) -> int:
    base = {}
    for year in (2023, 2024):
        (report,) = parse_path(ROOT / "sample_reports" / f"hongze_{year}.pdf.txt")
        base[year] = report
    saved = 0
    for i in range(n):
        # every 7th name is long and shares its first 31 characters with the previous one (sheet-name clashes)
        name = f"江苏省淮安市第{i:03d}号示例区人民政府办公室" if i % 7 else f"江苏省淮安市某某县某某镇人民政府政府信息公开工作领导小组办公室{i:03d}"
        for year in (2023, 2024):
            if year == 2023 and i % 10 == 9:
                continue
            r = copy.deepcopy(base[year])
            r.agency = name
            r.file = f"/bench/{i:03d}_{year}.txt"
            r.sha256 = hashlib.sha256(f"{name}|{year}".encode()).hexdigest()
            r.text = r.text.replace("淮安市洪泽区人民政府", name)
            archive.save_report(r)
            saved += 1
    return saved


def timed(fn, *args, **kwargs) -> tuple[float, float]:
    t, cpu = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    return time.perf_counter() - t, time.process_time() - cpu


def count_cells(path: Path) -> tuple[int, int]:
    """Cells holding a value, and sheets, of a workbook (read-only pass)."""
    wb = load_workbook(path, read_only=True)
    n = sum(1 for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    sheets = len(wb.worksheets)
    wb.close()
    return n, sheets


def bare_xlsx(path: Path, cells: int, sheets: int) -> None:
    """The floor: the same number of cells, alternately a number and a short CJK string, one style."""
    wb = Workbook(write_only=True)
    per_sheet = max(1, cells // max(1, sheets))
    left = cells
    while left > 0:
        ws = wb.create_sheet()
        n = min(per_sheet, left)
        row: list = []
        for i in range(n):
            row.append(i if i % 2 else "行政复议")
            if len(row) == 9:
                ws.append(row)
                row = []
        if row:
            ws.append(row)
        left -= n
    wb.save(path)


def bare_csv(path: Path, fields: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        row = ["行政复议", "t3.1.total", "5", "8", "3", "60.0", "", "!", "", "备注"]
        for _ in range(fields // len(row)):
            w.writerow(row)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--agencies", type=int, default=300)
    ap.add_argument("--keep", metavar="DIR", help="write the archive and exports here instead of a temp folder")
    ns = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(ns.keep) if ns.keep else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        db = out / "bench.sqlite"
        t0 = time.perf_counter()
        with Archive(db) as archive:
            saved = build(archive, ns.agencies) if not archive.agencies() else 0
        print(f"archive: {saved} reports saved in {time.perf_counter() - t0:.1f}s ({db})")
        with Archive(db, read_only=True) as archive:
            build_s, build_cpu = timed(lambda: sum(1 for _ in build_all(archive, 2023, 2024)))
            print(f"build the comparisons alone: {build_s:.2f}s (CPU {build_cpu:.2f}s)")
            agency = archive.list_grid().rows[0].agency
            runs = [
                ("export --all (xlsx)", "all.xlsx", export_all_xlsx, (archive, 2023, 2024)),
                ("export --all (csv)", "all.csv", export_all_csv, (archive, 2023, 2024)),
                ("export one agency (xlsx)", "one.xlsx", export_agency_xlsx, (archive, agency, 2023, 2024)),
                ("failures (xlsx)", "failures.xlsx", export_failures_xlsx, (archive,)),
                ("failures (csv)", "failures.csv", export_failures_csv, (archive,)),
            ]
            for name, file, fn, args in runs:
                target = out / file
                dt, dcpu = timed(fn, *args, target, force=True)
                size = target.stat().st_size / 1e6
                if file.endswith(".xlsx"):
                    cells, sheets = count_cells(target)
                    _, floor_cpu = timed(bare_xlsx, out / "floor.xlsx", cells, sheets)
                    what = f"{cells} cells, {sheets} sheets"
                else:
                    with open(target, encoding="utf-8-sig", newline="") as fh:
                        cells = sum(len(r) for r in csv.reader(fh))
                    _, floor_cpu = timed(bare_csv, out / "floor.csv", cells)
                    what = f"{cells} fields"
                floor = "openpyxl write-only" if file.endswith(".xlsx") else "csv.writer"
                print(f"{name}: {dt:.2f}s (CPU {dcpu:.2f}s, {size:.1f} MB, {what}); CPU {dcpu / max(floor_cpu, 1e-3):.1f}x "
                      f"bare {floor} ({floor_cpu:.2f}s)"
                      + (f", {dcpu / max(build_cpu, 1e-3):.1f}x building alone" if "--all" in name else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
