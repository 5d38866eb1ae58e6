"""Every row of issue 12's table in one command: the parse, the store and the import, the reads at scale and
the app, each against a floor measured in the same run (not a test).

    .venv/bin/python bench/run_all.py [--reports 2000] [--sizes 10000,100000] [--keep DIR] [--quick] [--baseline]

Runs ``bench_parse.py``, ``bench_store.py`` and ``bench_tui.py`` one after the other (each prints its own
details as it goes), then prints one table of what each measured: figure, floor, ratio, target. ``--keep``
keeps the large archives (100,000 reports take a few minutes to build) and reuses them next time;
``--quick`` is a smoke run (200 reports, a 3,000-report archive, fewer rounds); ``--baseline`` adds
``bench_baseline.py`` (its ratio is a speed-up: the old code's time over today's).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def run(script: str, args: list[str], rows: Path) -> float:
    print(f"\n$ {script} {' '.join(args)}", flush=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, str(BENCH / script), *args], check=True,
                   env={**os.environ, "XXGK_BENCH_ROWS": str(rows)})
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=2000, help="reports in the import/parse corpus")
    ap.add_argument("--sizes", default="10000,100000", help="archive sizes for the reads and the app")
    ap.add_argument("--keep", help="folder to keep (and reuse) the large archives in")
    ap.add_argument("--quick", action="store_true", help="a smoke run: small corpus and archives, fewer rounds")
    ap.add_argument("--baseline", action="store_true",
                    help="also bench_baseline.py: the parse and import against the code issue 12 measured (+5 min)")
    args = ap.parse_args()
    reports, sizes, rounds, runs = args.reports, args.sizes, "3", "5"
    if args.quick:
        reports, sizes, rounds, runs = 200, "3000", "1", "2"
    largest = max(int(s) for s in sizes.split(","))
    keep = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / "rows.jsonl"
        took = [
            run("bench_parse.py", ["--reports", str(reports), "--rounds", rounds], rows),
            run("bench_store.py", ["--reports", str(reports), "--reads", str(largest), "--rounds", rounds,
                                   "--keep", str(keep)], rows),
            run("bench_tui.py", ["--sizes", sizes, "--runs", runs, "--keep", str(keep)], rows),
        ]
        if args.baseline:
            took.append(run("bench_baseline.py", ["--reports", str(reports), "--rounds", rounds], rows))
        lines = [json.loads(x) for x in rows.read_text("utf-8").splitlines() if x.strip()]
    print(f"\nall rows ({sum(took) / 60:.1f} min; load {os.getloadavg()[0]:.1f}; ratios hold on a busy machine, "
          "absolute times do not)\n")
    print("| what | measured | floor (same run) | ratio | target |\n|---|---|---|---|---|")
    for r in lines:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        print(f"| {r['what']} | {r['measured']} | {r['floor']} | {ratio} | {r['target']} |")


if __name__ == "__main__":
    main()
