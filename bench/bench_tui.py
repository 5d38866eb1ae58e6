"""How long the app takes from a fresh interpreter to the first painted overview, against the floor of
a bare Textual app (Header, one line, Footer) measured the same way in the same run: the ratio is the
figure; on the sample archive and on a synthetic archive of ~3000 reports (one parsed report saved
under many agency/year names).

    .venv/bin/python bench/bench_tui.py [--reports 3000] [--runs 5] [--keep DIR]

Each measurement runs in its own interpreter (imports included, as ``xxgk`` pays them): the app's
includes what ``xxgk.tui.app.run`` does before the first frame (checking the archive's schema).
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()  # before any import of Textual or xxgk (the child modes below)
START_CPU = time.process_time()

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_reports" / "hongze_2023.pdf.txt"
YEARS = list(range(2015, 2025))


def build_samples(path: Path) -> None:
    from xxgk.workflows.importing import import_paths
    from xxgk.workflows.opening import open_archive

    with open_archive(path, create=True) as archive:
        import_paths(archive, [ROOT / "sample_reports"])


def build_synthetic(path: Path, n_reports: int) -> float:
    from xxgk.importers import parse_path
    from xxgk.workflows.opening import open_archive

    parsed = parse_path(SAMPLE)[0]
    start = time.perf_counter()
    with open_archive(path, create=True) as archive:
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


# -- child modes: one measurement in this (fresh) interpreter ----------------------------------------


async def _paint_bare(size: tuple[int, int]) -> tuple[float, float, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    imported = time.perf_counter()

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("机关 × 年度")
            yield Footer()

    app = Bare()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()  # one frame: painted
        return imported - START, time.perf_counter() - START, time.process_time() - START_CPU


async def _paint_app(path: Path, size: tuple[int, int]) -> tuple[float, float, float]:
    from xxgk.tui.app import XxgkApp
    from xxgk.workflows.opening import open_archive

    imported = time.perf_counter()
    open_archive(path, create=True).close()  # what run() does before the app starts
    app = XxgkApp(path, poll_seconds=None)
    async with app.run_test(size=size) as pilot:
        while True:
            screen = app.screen
            if getattr(screen, "SCREEN_ID", None) == "overview" and screen.grid_data is not None:
                break
            await pilot.pause(0.005)
        await pilot.pause()  # one more frame: painted
        return imported - START, time.perf_counter() - START, time.process_time() - START_CPU


def _import_only(module: str) -> tuple[float, float, float]:
    __import__(module)
    return time.perf_counter() - START, time.perf_counter() - START, time.process_time() - START_CPU


def child(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "import":
        print(*_import_only(argv[1]))
        return
    size = (int(argv[1]), int(argv[2]))
    print(*asyncio.run(_paint_bare(size) if kind == "bare" else _paint_app(Path(argv[3]), size)))


def measure(configs: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Median (import, first paint, CPU to first paint) seconds over ``runs`` fresh interpreters per
    config; the configs take turns, so that a busy machine slows them alike."""
    seen: dict[str, list[tuple[float, ...]]] = {name: [] for name in configs}
    for _ in range(runs):
        for name, args in configs.items():
            out = subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, capture_output=True,
                                 text=True, check=True)
            seen[name].append(tuple(float(x) for x in out.stdout.split()))
    return {name: tuple(statistics.median(v[i] for v in values) for i in range(3))  # type: ignore[misc]
            for name, values in seen.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", help="folder to keep the archives in")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    samples = folder / "samples.sqlite"
    if not samples.exists():
        build_samples(samples)
    big = folder / f"synthetic_{args.reports}.sqlite"
    if not big.exists():
        took = build_synthetic(big, args.reports)
        print(f"built {big.name} in {took:.1f} s")
    print(f"median of {args.runs} fresh interpreters each (taking turns); wall ms / CPU ms; "
          "floor = a bare Textual app (Header, Static, Footer)")
    imports = measure({m: ["import", m] for m in ("textual.app", "xxgk.tui.screens.overview", "xxgk.tui.app",
                                                  "xxgk.exporters")}, args.runs)
    floor = imports["textual.app"]
    for module, (_, wall, cpu) in imports.items():
        print(f"  import {module}: {wall * 1000:.0f} / {cpu * 1000:.0f} ms "
              f"({wall / floor[1]:.2f}x / {cpu / floor[2]:.2f}x import textual.app)")
    for width, height in ((80, 24), (120, 40)):
        size = [str(width), str(height)]
        got = measure({"bare": ["bare", *size], "samples": ["app", *size, str(samples)],
                       "big": ["app", *size, str(big)]}, args.runs)
        _, bare_wall, bare_cpu = got["bare"]
        print(f"{width}x{height} bare Textual app: first paint {bare_wall * 1000:.0f} / {bare_cpu * 1000:.0f} ms")
        for name, path in (("samples", samples), ("big", big)):
            _, wall, cpu = got[name]
            print(f"{width}x{height} {path.name}: first painted overview {wall * 1000:.0f} / {cpu * 1000:.0f} ms "
                  f"= {wall / bare_wall:.2f}x / {cpu / bare_cpu:.2f}x the bare app")


if __name__ == "__main__":
    main()
