"""Parse speed of the importers on the real samples (prints figures; not a test).

    .venv/bin/python bench/bench_parse.py [--rounds 20]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from xxgk.importers import iter_input_files, parse_bytes

ROOT = Path(__file__).resolve().parent.parent



def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    files = iter_input_files([ROOT / "sample_reports"])
    blobs = [(f.name, f.read_bytes()) for f in files]
    for name, data in blobs:  # warm caches (OpenCC tables, regexes)
        parse_bytes(data, name)
    print(f"{'file':34} {'kind':6} {'values':>6} {'median ms':>10}")
    total_values = 0
    total_time = 0.0
    for name, data in blobs:
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            reports = parse_bytes(data, name)
            times.append(time.perf_counter() - t)
        n = sum(len(r.values) for r in reports)
        med = statistics.median(times)
        total_values += n
        total_time += med
        print(f"{name:34} {reports[0].format:6} {n:6d} {med * 1000:10.1f}")
    print(f"all {len(blobs)} files: {total_time * 1000:.0f} ms per pass, {len(blobs) / total_time:.0f} files/s, "
          f"{total_values / total_time:,.0f} values/s")


if __name__ == "__main__":
    main()
