"""Benchmark of the archive: import speed and query timings on a synthetic archive (prints figures).

    .venv/bin/python bench/bench_store.py [--reports 3000] [--keep PATH]

One real sample report is parsed once and saved again and again under varied agencies and years
(600 agencies × 5 years for 3000 reports), so every save also recomputes cross-year identities as a
real import would. Targets: ``list_grid`` and ``failures`` well under 100 ms.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

from xxgk.importers import parse_path
from xxgk.store import Archive
from xxgk.workflows.comparing import compare

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ROOT / "sample_reports" / "hongze_2023.pdf.txt"
YEARS = (2019, 2020, 2021, 2022, 2023)


def timed(fn, repeat: int = 7) -> tuple[float, object]:
    """Median wall time in ms over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=3000)
    ap.add_argument("--keep", help="write the archive here instead of a temporary folder")
    args = ap.parse_args()

    [base] = parse_path(SAMPLE)
    print(f"sample: {SAMPLE.name}: {len(base.values)} values, {len(base.checks)} checks, "
          f"{len(base.text):,} characters of text")
    n_agencies = max(1, args.reports // len(YEARS))
    tmp = None
    if args.keep:
        path = Path(args.keep)
    else:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "bench.sqlite"

    archive = Archive(path)
    start = time.perf_counter()
    saved = 0
    for i in range(n_agencies):
        for year in YEARS:
            if saved >= args.reports:
                break
            # values vary by agency; every 10th agency also by year (its carry-overs then fail X1)
            jitter = i % 3 + (year % 2 if i % 10 == 0 else 0)
            report = dataclasses.replace(
                base, agency=f"示范{i:04d}市第{i % 7}局", year=year, file=f"/bench/{i}_{year}.txt",
                text=f"{base.text}\n{i}/{year}",
                sha256=hashlib.sha256(f"{i}/{year}".encode()).hexdigest(),
                values=[dataclasses.replace(v, value=(v.value + jitter) if isinstance(v.value, int) else v.value)
                        for v in base.values])
            archive.save_report(report)
            saved += 1
    elapsed = time.perf_counter() - start
    counts = archive.counts()
    size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(path.name + "-*"))
    print(f"import: {saved} reports in {elapsed:.1f} s = {saved / elapsed:.0f} reports/s, "
          f"{counts['values'] / elapsed:,.0f} value rows/s ({counts['values']:,} values, {counts['checks']:,} checks "
          f"incl. cross-year); archive {size / 1e6:.0f} MB")

    some_agency = "示范0042市第0局"
    cur = archive.current_report(some_agency, 2022)
    rows = [
        ("Archive(path) open", lambda: Archive(path).close()),
        ("list_grid()", archive.list_grid),
        ("failures()", archive.failures),
        ("failures(limit=200)", lambda: archive.failures(limit=200)),
        ("failures(year=2022)", lambda: archive.failures(year=2022)),
        ("failures(agency=...)", lambda: archive.failures(agency=some_agency)),
        ("failures(rule='X1')", lambda: archive.failures(rule="X1")),
        ("failures(all statuses, year)", lambda: archive.failures(year=2022, statuses=("fail", "warn", "incomplete",
                                                                                       "pass"))),
        ("report_detail(id)", lambda: archive.report_detail(cur.id)),
        ("compare(agency, 2022, 2023)", lambda: compare(archive, some_agency, 2022, 2023)),
        ("agencies()", archive.agencies),
        ("years()", archive.years),
        ("counts()", archive.counts),
        ("data_version()", archive.data_version),
    ]
    print(f"\nqueries on {counts['reports']} reports, median of 7 runs:")
    for name, fn in rows:
        ms, result = timed(fn)
        size = ""
        if isinstance(result, list):
            size = f"  ({len(result):,} rows)"
        elif hasattr(result, "rows"):
            size = f"  ({len(result.rows):,} rows)"
        print(f"  {name:<32} {ms:8.2f} ms{size}")
    archive.close()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
