"""Time ``xxgk export --all`` on a synthetic archive of N agencies × 2 years.

    .venv/bin/python bench/bench_export.py [--agencies 300] [--keep DIR]

The archive is built from the two real 淮安市洪泽区人民政府 reports (2023, 2024), parsed once and saved under
many agency names (long, colliding ones included) with a fresh sha256 each; every 10th agency lacks 2023.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from xxgk.exporters import export_all_csv, export_all_xlsx
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
            for fmt, fn in (("xlsx", export_all_xlsx), ("csv", export_all_csv)):
                target = out / f"all.{fmt}"
                t, cpu = time.perf_counter(), time.process_time()
                fn(archive, 2023, 2024, target, force=True)
                dt, dcpu = time.perf_counter() - t, time.process_time() - cpu
                print(f"export --all 2023 2024 --format {fmt}: {ns.agencies} agencies in {dt:.2f}s "
                      f"(CPU {dcpu:.2f}s, {target.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
