"""How long the app takes from a fresh interpreter to the first painted overview, against the floor of
a bare Textual app (Header, one line, Footer) measured the same way in the same run: the ratio is the
figure (issue 12: ≤ 1.5× at 100,000 reports, ≤ 1.3× on an empty archive). Then how long each key of a
reviewer's round takes at 80×24 on the largest archive (target < 0.15 s each).

    .venv/bin/python bench/bench_tui.py [--sizes 3000,10000,100000] [--runs 5] [--keep DIR] [--skip-keys]

Archives: empty; the sample reports; and one per size built from the bench corpus (``bench/corpus.py``:
real samples parsed once, saved under thousands of agency names for five consecutive years through the
store's batch, as ``bench_store.py`` does). ``--keep DIR`` keeps and reuses them (100,000 reports take a few
minutes to build).

Each measurement runs in its own interpreter (imports included, as ``xxgk`` pays them): the app's
includes what ``xxgk.tui.app.run`` does before the first frame (checking the archive's schema). "First
paint" is the overview with its first page of rows drawn (the compositor rendering the grid's first line
with data); the rest of the grid is read behind it.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = time.perf_counter()  # before any import of Textual or xxgk (the child modes below)
START_CPU = time.process_time()

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from rows import emit  # noqa: E402


def build_samples(path: Path) -> None:
    from xxgk.workflows.importing import import_paths
    from xxgk.workflows.opening import open_archive

    with open_archive(path, create=True) as archive:
        import_paths(archive, [ROOT / "sample_reports"])


def build_empty(path: Path) -> None:
    from xxgk.workflows.opening import open_archive

    open_archive(path, create=True).close()


def build_scaled(path: Path, n_reports: int) -> float:
    """``n_reports`` reports: the corpus's templates saved under new agencies, five years each."""
    sys.path.insert(0, str(BENCH))
    from bench_store import build_reads_archive
    from corpus import build_archive_corpus

    from xxgk.importers import parse_bytes
    from xxgk.store import prepare_file

    prepared = [prepare_file(name, parse_bytes(data, name), data) for name, data in build_archive_corpus(80)]
    start = time.perf_counter()
    build_reads_archive(path, prepared, n_reports)
    return time.perf_counter() - start


# -- child modes: one measurement in this (fresh) interpreter ----------------------------------------


async def _frame(app) -> None:  # type: ignore[no-untyped-def]
    """Until the screen has been refreshed (its next frame drawn). Not ``pilot.pause()``: without a delay
    that waits until the process is idle, up to a second, and so counted whatever a worker was still doing
    behind the screen (the rest of the grid, the failures' counts)."""
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()


async def _key(app, pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    """Send one key and wait until the screen has handled what was queued. Not ``pilot.press``: it waits
    until the process is idle after each key (up to a second), which counted whatever a worker still did
    behind the screen (the grid's rest, the failures' counts) as the key's time."""
    from textual import events

    app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot._wait_for_screen()


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
    from xxgk.tui.widgets.grid import ReportGrid
    from xxgk.workflows.opening import open_archive

    imported = time.perf_counter()
    # First paint = the compositor drawing the grid's first line with the first page read (or the empty
    # archive's hint). Waiting for the app to go idle instead also counted the rest of the grid, which
    # is read after the first frame (at 100,000 reports: nine more pages).
    painted: list[tuple[float, float]] = []
    render_line = ReportGrid.render_line

    def first_render(grid: ReportGrid, y: int):  # type: ignore[no-untyped-def]
        if not painted and getattr(grid.screen, "started", False):
            painted.append((time.perf_counter() - START, time.process_time() - START_CPU))
        return render_line(grid, y)

    ReportGrid.render_line = first_render  # type: ignore[method-assign]
    open_archive(path, create=True).close()  # what run() does before the app starts
    app = XxgkApp(path, poll_seconds=None)
    async with app.run_test(size=size) as pilot:
        while not painted:
            await pilot.pause(0.002)
        took = painted[0]
        for heavy in ("sqlite_utils", "openpyxl"):
            assert heavy not in sys.modules, f"{heavy} imported on the start-up path"
        return imported - START, *took


async def _keys(path: Path) -> dict[str, float]:
    """Seconds from each key to its screen settled (its own workers done, one frame drawn)."""
    from xxgk.tui.app import XxgkApp

    app = XxgkApp(path, poll_seconds=None)
    out: dict[str, list[float]] = {}
    async with app.run_test(size=(80, 24)) as pilot:

        def settled(screen_id: str) -> bool:
            screen = app.screen
            return getattr(screen, "SCREEN_ID", None) == screen_id and not any(
                w.node is screen and w.is_running and w.group != "overview-rest" for w in app.workers)

        async def until(screen_id: str) -> None:
            while not settled(screen_id):
                await pilot.pause(0.002)

        await until("overview")
        await pilot.pause(0.2)

        async def key(label: str, keys: list[str], screen_id: str) -> None:
            start = time.perf_counter()
            for k in keys:
                await _key(app, pilot, k)
            await until(screen_id)
            await _frame(app)
            out.setdefault(label, []).append(time.perf_counter() - start)

        for _ in range(5):
            await key("↓ (grid)", ["down"], "overview")
        await key("PgDn (grid)", ["pagedown"], "overview")
        await key("→ (grid)", ["left"], "overview")
        for _ in range(3):
            await key("s (sort)", ["s"], "overview")
        await key("m (missing)", ["m"], "overview")
        await key("m (missing)", ["m"], "overview")
        await key("type 示 (filter)", ["示"], "overview")
        await key("type 范 (filter)", ["范"], "overview")
        await key("Esc (to grid)", ["escape"], "overview")
        await key("Esc (clear filter)", ["escape"], "overview")
        for _ in range(3):
            await key("Enter (open report)", ["enter"], "report")
            await key("n (next problem)", ["n"], "report")
            await key("Esc (back)", ["escape"], "overview")
        for _ in range(2):
            await key("c (compare)", ["c"], "compare")
            await key("Esc (back)", ["escape"], "overview")
        await key("f (failures)", ["f"], "failures")
        await key("Esc (back)", ["escape"], "overview")
        await key("F1 (help)", ["f1"], "help")
        await key("Esc (close help)", ["escape"], "overview")
    return {label: max(v) for label, v in out.items()}


def _text_pair(path: Path) -> tuple[str, int, int] | None:
    """An agency whose two latest reports keep their text (the compare screen reads both). The bench
    archives save their text reports without the source bytes the text is kept as, and comparing those
    fails; a workbook's or a page's text is kept in the archive itself."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT a.name, r.year FROM reports r JOIN agencies a ON a.id = r.agency_id "
            "JOIN report_texts t ON t.report_id = r.id WHERE r.superseded_by IS NULL AND t.codec != 'source' "
            "AND EXISTS (SELECT 1 FROM reports p JOIN report_texts pt ON pt.report_id = p.id "
            "WHERE p.agency_id = r.agency_id AND p.year = r.year - 1 AND p.superseded_by IS NULL "
            "AND pt.codec != 'source') LIMIT 1").fetchone()
    finally:
        conn.close()
    return (row[0], row[1] - 1, row[1]) if row else None


def _ready(ready, screen) -> bool:  # type: ignore[no-untyped-def]
    """``ready(screen)``; not yet while the screen's widgets are still being mounted."""
    from textual.css.query import NoMatches

    try:
        return bool(ready(screen))
    except NoMatches:
        return False


async def _screens(path: Path, which: str) -> dict[str, float]:
    """Seconds from a key to its screen painted with what it shows, the first time and the second (after
    Esc), on an app whose overview has read every page; and the floor: the same key path pushing a bare
    screen (Header, one line, Footer) to its first frame."""
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    from xxgk.tui.app import XxgkApp

    class Bare(Screen[None]):
        SCREEN_ID = "bare"

        def compose(self):  # type: ignore[no-untyped-def]
            yield Header()
            yield Static("机关 × 年度")
            yield Footer()

    class BenchApp(XxgkApp):
        CSS_PATH = str(ROOT / "tui" / "app.tcss")
        BINDINGS = [*XxgkApp.BINDINGS, Binding("f12", "bench_bare", show=False)]

        def action_bench_bare(self) -> None:
            self.push_screen(Bare())

    pair = _text_pair(path) if which == "compare" else None
    app = BenchApp(path, poll_seconds=None)
    out: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        overview = app.screen

        async def idle() -> None:
            while not getattr(app.screen, "loaded", False) or any(w.is_running for w in app.workers):
                await pilot.pause(0.01)
            await pilot.pause(0.2)

        async def timed(label: str, key: str, screen_id: str, ready) -> None:  # type: ignore[no-untyped-def]
            start, start_cpu = time.perf_counter(), time.process_time()
            await _key(app, pilot, key)
            while not (getattr(app.screen, "SCREEN_ID", None) == screen_id and _ready(ready, app.screen)):
                await asyncio.sleep(0.001)
            await _frame(app)  # its frame drawn
            out[label] = time.perf_counter() - start
            out[f"{label} cpu"] = time.process_time() - start_cpu  # every thread's: on a busy machine the wall lies
            # a Header sets its title after mounting: its screen popped sooner, Textual raises NoMatches
            await pilot.pause(0.1)
            if screen_id == "bare":
                app.pop_screen()
            else:
                await pilot.press("escape")
            while app.screen is not overview:
                await pilot.pause(0.01)
            await pilot.pause(0.2)

        await idle()
        if pair is not None:  # the cursor on the agency: typed into the filter, then back to the grid
            await pilot.press(*pair[0], "enter")
            await idle()
        else:
            overview.loaded = True  # type: ignore[attr-defined]
        await timed("floor", "f12", "bare", lambda s: True)
        key, screen_id, ready = {
            "report": ("enter", "report", lambda s: s.detail is not None),
            "compare": ("c", "compare", lambda s: s.comparison is not None or "无法" in str(
                s.query_one("#compare-title").render())),
            "failures": ("f", "failures", lambda s: bool(s.shown) or s.total is not None),
        }[which]
        for label in ("first", "second"):
            await timed(label, key, screen_id, ready)
        if which == "compare":
            out["failed"] = float(pair is None)
    return out


def _import_only(module: str) -> tuple[float, float, float]:
    __import__(module)
    return time.perf_counter() - START, time.perf_counter() - START, time.process_time() - START_CPU


def child(argv: list[str]) -> None:
    kind = argv[0]
    if kind == "import":
        print(*_import_only(argv[1]))
        return
    if kind == "keys":
        print(json.dumps(asyncio.run(_keys(Path(argv[1]))), ensure_ascii=False))
        return
    if kind == "screens":
        print(json.dumps(asyncio.run(_screens(Path(argv[1]), argv[2]))))
        return
    size = (int(argv[1]), int(argv[2]))
    print(*asyncio.run(_paint_bare(size) if kind == "bare" else _paint_app(Path(argv[3]), size)))


# An installed xxgk has its modules compiled (pip writes the .pyc files; an editable install writes them on
# the first run): the children may cache bytecode even where the environment says not to, else every start
# compiles xxgk from source while Textual's site-packages have theirs, and the ratio measures the compiler.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_child(args: list[str]) -> str:
    out = subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, capture_output=True, text=True,
                         env=CHILD_ENV)
    if out.returncode:
        raise SystemExit(out.stderr)
    return out.stdout.strip().splitlines()[-1]


def measure(configs: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Median (import, first paint, CPU to first paint) seconds over ``runs`` fresh interpreters per
    config; the configs take turns, so that a busy machine slows them alike."""
    seen: dict[str, list[tuple[float, ...]]] = {name: [] for name in configs}
    for args in configs.values():  # a warm-up run each (bytecode written, files in the page cache)
        run_child(args)
    for _ in range(runs):
        for name, args in configs.items():
            seen[name].append(tuple(float(x) for x in run_child(args).split()))
    return {name: tuple(statistics.median(v[i] for v in values) for i in range(3))  # type: ignore[misc]
            for name, values in seen.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="3000,10000", help="archive sizes in reports, comma separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", help="folder to keep the archives in (and reuse them)")
    parser.add_argument("--skip-keys", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="xxgk-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    archives = {"empty": folder / "empty.sqlite", "samples": folder / "samples.sqlite"}
    if not archives["empty"].exists():
        build_empty(archives["empty"])
    if not archives["samples"].exists():
        build_samples(archives["samples"])
    for n in (int(x) for x in args.sizes.split(",") if x.strip()):
        path = folder / f"synthetic_{n}.sqlite"  # the shared bench archives (bench/corpus.py), if built
        if not path.exists():
            path = folder / f"scaled_{n}.sqlite"
        if not path.exists():
            took = build_scaled(path, n)
            print(f"built {path.name} in {took:.0f} s", flush=True)
        archives[f"{n:,} reports"] = path
    print(f"median of {args.runs} fresh interpreters each (taking turns); wall ms / CPU ms; "
          "floor = a bare Textual app (Header, Static, Footer)")
    imports = measure({m: ["import", m] for m in ("textual.app", "xxgk.tui.screens.overview", "xxgk.tui.app",
                                                  "xxgk.exporters")}, args.runs)
    floor = imports["textual.app"]
    for module, (_, wall, cpu) in imports.items():
        print(f"  import {module}: {wall * 1000:.0f} / {cpu * 1000:.0f} ms "
              f"({wall / floor[1]:.2f}x / {cpu / floor[2]:.2f}x import textual.app)")
    rows = []
    for width, height in ((80, 24), (120, 40)):
        size = [str(width), str(height)]
        got = measure({"bare": ["bare", *size], **{name: ["app", *size, str(p)] for name, p in archives.items()}},
                      args.runs)
        _, bare_wall, bare_cpu = got["bare"]
        print(f"{width}x{height} bare Textual app: first paint {bare_wall * 1000:.0f} / {bare_cpu * 1000:.0f} ms")
        for name in archives:
            _, wall, cpu = got[name]
            print(f"{width}x{height} {name}: first painted overview {wall * 1000:.0f} / {cpu * 1000:.0f} ms "
                  f"= {wall / bare_wall:.2f}x / {cpu / bare_cpu:.2f}x the bare app", flush=True)
            rows.append((f"{width}x{height}", name, wall / bare_wall, cpu / bare_cpu))
            if name != "samples":
                emit(f"app start → first paint, {name}, {width}x{height}",
                     f"{wall * 1000:.0f} ms wall / {cpu * 1000:.0f} ms CPU",
                     f"bare Textual app {bare_wall * 1000:.0f} / {bare_cpu * 1000:.0f} ms", wall / bare_wall,
                     "≤ 1.3× (empty), ≤ 1.5× (100k)")
    print("\n| size | archive | first paint / bare (wall) | (CPU) |\n|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.2f}x | {r[3]:.2f}x |")
    largest = list(archives.values())[-1]
    screens = {which: [json.loads(run_child(["screens", str(largest), which])) for _ in range(args.runs)]
               for which in ("report", "compare", "failures")}
    print(f"\nscreens at 80x24 on {largest.name}, median of {args.runs} fresh apps (every overview page read): "
          "key to the screen painted with its data, wall (CPU of every thread); floor = the same key pushing a bare "
          "screen; target < 100 ms")
    print("| screen | first time | second time | floor | first / floor | target |\n|---|---|---|---|---|---|")
    for which, runs in screens.items():
        first, second, floor_s, first_cpu, second_cpu, floor_cpu = (
            statistics.median(r[k] for r in runs)
            for k in ("first", "second", "floor", "first cpu", "second cpu", "floor cpu"))
        note = " (no report pair with texts: failed)" if any(r.get("failed") for r in runs) else ""
        print(f"| {which}{note} | {first * 1000:.0f} ms ({first_cpu * 1000:.0f}) | {second * 1000:.0f} ms "
              f"({second_cpu * 1000:.0f}) | {floor_s * 1000:.0f} ms ({floor_cpu * 1000:.0f}) | "
              f"{first / floor_s:.2f}x ({first_cpu / floor_cpu:.2f}x) | < 100 ms |")
        emit(f"{which} screen, first time, {largest.name}{note}", f"{first * 1000:.0f} ms (second {second * 1000:.0f})",
             f"bare screen {floor_s * 1000:.0f} ms", first / floor_s, "< 100 ms")
    if not args.skip_keys:
        keys = json.loads(run_child(["keys", str(largest)]))
        print(f"\nkeys at 80x24 on {largest.name} (slowest of each, key to screen settled), target < 150 ms")
        for label, seconds in keys.items():
            print(f"  {label}: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
