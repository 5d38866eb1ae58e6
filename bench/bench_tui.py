"""How long the app takes from start to the first painted overview, on the sample archive and on a
synthetic archive of ~3000 reports (one parsed report saved under many agency/year names).

    .venv/bin/python bench/bench_tui.py [--reports 3000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = ROOT / "sample_reports" / "hongze_2023.pdf.txt"
YEARS = list(range(2015, 2025))


def build_samples(path: Path) -> None:
    from xxgk.store import Archive
    from xxgk.workflows.importing import import_paths

    with Archive(path) as archive:
        import_paths(archive, [ROOT / "sample_reports"])


def build_synthetic(path: Path, n_reports: int) -> float:
    from xxgk.importers import parse_path
    from xxgk.store import Archive

    parsed = parse_path(SAMPLE)[0]
    start = time.perf_counter()
    with Archive(path) as archive:
        made = 0
        a = -1
        while made < n_reports:
            a += 1
            agency = f"示例省第{a:04d}号市人民政府"
            for year in YEARS:
                if made >= n_reports:
                    break
                if (a + year) % 7 == 0:  # some reports are missing, as in life
                    continue
                copy = dataclasses.replace(parsed, agency=agency, year=year,
                                           sha256=hashlib.sha256(f"{agency}{year}".encode()).hexdigest())
                archive.save_report(copy)
                made += 1
    return time.perf_counter() - start


async def first_paint(path: Path, size=(80, 24)) -> tuple[float, int]:
    start = time.perf_counter()
    from xxgk.tui.app import XxgkApp

    app = XxgkApp(path, poll_seconds=None)
    async with app.run_test(size=size) as pilot:
        while True:
            screen = app.screen
            if getattr(screen, "SCREEN_ID", None) == "overview" and screen.grid_data is not None:
                break
            await pilot.pause(0.005)
        await pilot.pause()  # one more frame: painted
        elapsed = time.perf_counter() - start
        rows = len(screen.query_one("ReportGrid").lines)
    return elapsed, rows


def import_time() -> float:
    """Import time of ``tui.app`` in a fresh interpreter (what ``xxgk`` pays before the first frame)."""
    code = "import time; t=time.perf_counter(); import tui.app; print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--keep", help="folder to keep the archives in")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"import tui.app (fresh interpreter): {import_time() * 1000:.0f} ms")

    samples = folder / "samples.sqlite"
    if not samples.exists():
        build_samples(samples)
    big = folder / f"synthetic_{args.reports}.sqlite"
    if not big.exists():
        took = build_synthetic(big, args.reports)
        print(f"built {big.name} in {took:.1f} s")
    from xxgk.store import Archive

    for path in (samples, big):
        with Archive(path) as archive:
            counts = archive.counts()
        for size in ((80, 24), (120, 40)):
            elapsed, rows = asyncio.run(first_paint(path, size))
            print(f"{path.name}: {counts['current_reports']} reports, {counts['agencies']} agencies, "
                  f"{size[0]}x{size[1]}: start to first painted overview {elapsed * 1000:.0f} ms ({rows} grid rows)")


if __name__ == "__main__":
    main()
