"""The archive and the import loop at scale, as ratios against floors measured in the same run (not a test).

    .venv/bin/python bench/bench_store.py [--reports 2000] [--reads 20000] [--jobs N] [--rounds 3]
                                          [--keep DIR] [--skip-reads]

Prints the store rows of issue 12's table. The corpus is ``bench/corpus.build_archive_corpus``: real
samples under thousands of agency names, every year their form was in use (so consecutive years meet),
every text layout and encoding, HTML and XLSX rebuilt from the samples, 20% with one number changed.

Rows, each against its floor (measured here, now, on the same data):

* **import** (``import_paths``, the worker pool on every core, then ``--jobs 1``): reports/s. Floor: the
  parse alone, in process (CPU ms per report), and the ideal rate it allows on the cores used.
* **store only** (prepared reports saved through ``Archive.batch``): CPU ms per report. Floor: a plain
  ``executemany`` of the same value rows into a table of the old layout's columns, one transaction, same
  SQLite settings. Target ≤ 3×.
* **pool overhead** (the import's pool and loop machinery, the parse left out: each worker hands back a
  prepared file of the corpus): CPU ms per file of the writing process and of the workers.
* **re-import of unchanged files**: files/s (median of three). Floor: reading and hashing the same files.
* **archive size**: KB per report, what each table costs, what keeping the sources costs.
* **new agencies**: ms per new name with 1,000 and with 10,000 agencies known (O(1): the ratio ≈ 1).
* **reads at scale** (``--reads`` reports, saved directly from prepared templates): time and peak RSS of
  each read streamed from the store (every failure, every grid row, a first page), each in a fresh
  process; floors: the plain SELECT of the same rows. Then ``xxgk check/failures/list`` in every format
  (table, json, csv) as a user runs them: a whole process each, output to a file.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ipcwork  # noqa: E402
from corpus import agency_name, build_archive_corpus  # noqa: E402
from rows import emit  # noqa: E402

from xxgk.importers import parse_bytes  # noqa: E402
from xxgk.store import Archive, PreparedFile, prepare_file  # noqa: E402
from xxgk.workflows.importing import import_paths  # noqa: E402
from xxgk.workflows.parsepool import ParsePool, chunk_size, default_jobs  # noqa: E402

ROWS: list[tuple[str, str, str, str, str]] = []  # what, measured, floor, ratio, target


def row(what: str, measured: str, floor: str = "", ratio: float | None = None, target: str = "") -> None:
    ROWS.append((what, measured, floor, "" if ratio is None else f"{ratio:.2f}×", target))
    emit(what, measured, floor, ratio, target)
    print(f"  {what}: {measured}" + (f"  (floor {floor}, {ratio:.2f}×)" if ratio is not None else ""), flush=True)


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# -- floors ------------------------------------------------------------------------------------------

FLOOR_TABLE = ('CREATE TABLE v (report_id INTEGER, ord INTEGER, key TEXT, label TEXT, section TEXT, raw TEXT, '
               'value, unit TEXT, "where" TEXT, note TEXT, PRIMARY KEY (report_id, ord)) WITHOUT ROWID')


def floor_executemany(folder: Path, prepared: list[PreparedFile]) -> float:
    """CPU seconds to insert every value row with one executemany per report, one transaction."""
    path = folder / f"floor{time.monotonic_ns()}.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(FLOOR_TABLE)
    start = time.process_time()
    conn.execute("BEGIN")
    n = 0
    for f in prepared:
        for r in f.reports:
            n += 1
            conn.executemany("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [(n, i, v[0], v[1], v[2], v[4], v[5], v[3], v[6], v[7]) for i, v in enumerate(r.values)])
    conn.execute("COMMIT")
    spent = time.process_time() - start
    conn.close()
    for p in folder.glob(path.name + "*"):
        p.unlink()
    return spent


def store_only(folder: Path, prepared: list[PreparedFile]) -> tuple[float, Path]:
    path = folder / f"store{time.monotonic_ns()}.sqlite"
    with Archive(path) as a:
        start = time.process_time()
        last = time.monotonic()
        with a.batch() as batch:
            for f in prepared:
                batch.save(f)
                if time.monotonic() - last > 0.25:
                    batch.commit()
                    last = time.monotonic()
        spent = time.process_time() - start
    return spent, path


# -- the sections ------------------------------------------------------------------------------------

def bench_import(args: argparse.Namespace, tmp: Path) -> tuple[Path, list[PreparedFile], int]:
    corpus = tmp / "corpus"
    files = build_archive_corpus(args.reports)
    corpus.mkdir()
    for name, data in files:
        (corpus / name).write_bytes(data)
    print(f"corpus: {len(files)} files in {corpus}", flush=True)

    # parse only (the floor of the import), in process, CPU time; prepared files kept for 'store only'
    prepared: list[PreparedFile] = []
    start, wall = time.process_time(), time.perf_counter()
    for name, data in files:
        reports = parse_bytes(data, str(corpus / name))
        prepared.append(prepare_file(str(corpus / name), reports, data))
    parse_cpu, parse_wall = time.process_time() - start, time.perf_counter() - wall
    n_reports = sum(len(f.reports) for f in prepared)
    parse_ms = parse_wall / n_reports * 1000  # wall, like the imports it is the floor of (same machine load)
    row("parse + prepare, in process", f"{parse_cpu / n_reports * 1000:.2f} ms/report CPU "
        f"({parse_ms:.2f} ms wall)", target="≤ 1.5 ms (parser)")

    jobs = args.jobs or default_jobs()
    results = {}
    for j in dict.fromkeys((jobs, 1)):
        path = tmp / f"import{j}.sqlite"
        start, cpu, thread = time.perf_counter(), time.process_time(), time.thread_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        with Archive(path) as a:
            summary = import_paths(a, [corpus], jobs=j)
        took = time.perf_counter() - start
        cpu, thread = time.process_time() - cpu, time.thread_time() - thread
        after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, ended with the import's pool
        workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        assert not summary.failed and summary.stopped is None, summary.failed[:3]
        results[j] = (took, path)
        ideal = j / parse_ms * 1000
        row(f"xxgk import, {n_reports} reports, --jobs {j}", f"{n_reports / took:.0f} reports/s",
            f"parse alone allows {ideal:.0f}/s on {j} core{'s' if j > 1 else ''}", ideal / (n_reports / took),
            "≥ 500/s on 2 cores")
        if j > 1:  # where the CPU goes: 500/s on 2 cores leaves 4 ms a report in all
            row(f"  … CPU a report, --jobs {j}", f"{(cpu + workers) / n_reports * 1000:.2f} ms in all: the writing "
                f"process {cpu / n_reports * 1000:.2f} (its main thread {thread / n_reports * 1000:.2f}), "
                f"the workers {workers / n_reports * 1000:.2f}",
                f"parse + prepare in process {parse_cpu / n_reports * 1000:.2f} ms", target="≤ 4 ms in all")

    if jobs > 1:
        bench_pool(corpus, prepared, jobs)

    # re-import of unchanged files, against reading and hashing them (each the median of three, interleaved:
    # the wall time of a few hundred ms swings with the machine's load)
    path = results[jobs][1]
    took_all, cpu_all, floor_all = [], [], []
    for _ in range(3):
        start, cpu = time.perf_counter(), time.process_time()
        with Archive(path) as a:
            summary = import_paths(a, [corpus], jobs=jobs)
        took_all.append(time.perf_counter() - start)
        cpu_all.append(time.process_time() - cpu)
        assert summary.counts["unchanged"] == n_reports, summary.counts
        start = time.perf_counter()
        for p in sorted(corpus.iterdir()):
            hashlib.sha256(p.read_bytes()).hexdigest()
        floor_all.append(time.perf_counter() - start)
    took, floor = statistics.median(took_all), statistics.median(floor_all)
    row(f"re-import of {len(files)} unchanged files", f"{len(files) / took:,.0f} files/s "
        f"({statistics.median(cpu_all) / len(files) * 1e6:.0f} µs CPU a file)",
        f"read + sha256 {len(files) / floor:,.0f} files/s", took / floor, "≥ 5,000 files/s")

    # store only, against executemany (interleaved rounds, medians)
    store_times, floor_times = [], []
    for _ in range(args.rounds):
        spent, p = store_only(tmp, prepared)
        store_times.append(spent)
        for q in tmp.glob(p.name + "*"):
            q.unlink()
        floor_times.append(floor_executemany(tmp, prepared))
    s, f = statistics.median(store_times), statistics.median(floor_times)
    row("store only, pre-parsed", f"{s / n_reports * 1000:.3f} ms/report CPU",
        f"executemany {f / n_reports * 1000:.3f} ms/report", s / f, "≤ 3×")
    return path, prepared, n_reports


def bench_pool(corpus: Path, prepared: list[PreparedFile], jobs: int) -> None:
    """The pool's own cost: every corpus file through ``ParsePool`` as the import loop sends it, each worker
    handing back a prepared file (``ipcwork``) instead of parsing: CPU a file of this process and the workers."""
    ipcwork.PREPARED[:] = prepared[:50]
    tasks = [(str(p), p.read_bytes(), None, None) for p in sorted(corpus.iterdir())]
    pool = ParsePool(jobs, ipcwork.prepared_again, chunk_size(len(tasks), jobs))
    start, before = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    pending: list[tuple[Any, Any]] = []
    try:
        for task in tasks:
            pending.append((pool.submit(task), task))
            if len(pending) > pool.window:
                future, done = pending.pop(0)
                pool.result(future, done, lambda: None)
        for future, done in pending:
            pool.result(future, done, lambda: None)
    finally:
        pool.close()
    spent = time.process_time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    row(f"  … the pool's own CPU a file, --jobs {jobs} (no parse)", f"{(spent + workers) / len(tasks) * 1000:.3f} ms: "
        f"the writing process {spent / len(tasks) * 1000:.3f}, the workers {workers / len(tasks) * 1000:.3f} "
        f"({pool.chunk} files a chunk)")


def bench_size(path: Path, n_reports: int, text_only: Path | None) -> None:
    checkpoint(path)
    total = size_of(path)
    row("archive size", f"{total / n_reports / 1000:.1f} KB/report ({total / 1e6:.1f} MB for {n_reports})",
        target="≤ 20 KB/report")
    conn = sqlite3.connect(path)
    by_table: dict[str, int] = {}
    for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        table = conn.execute("SELECT tbl_name FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        by_table[table[0] if table else name] = by_table.get(table[0] if table else name, 0) + size
    conn.close()
    parts = sorted(by_table.items(), key=lambda kv: -kv[1])[:8]
    print("    by table (with its indexes): " + ", ".join(f"{t} {s / n_reports / 1000:.2f}" for t, s in parts)
          + " KB/report", flush=True)
    row("  of which the kept source files", f"{by_table.get('sources', 0) / n_reports / 1000:.1f} KB/report")
    if text_only is not None:
        checkpoint(text_only[0])
        n = text_only[1]
        row("archive size, text reports only", f"{size_of(text_only[0]) / n / 1000:.1f} KB/report", target="≤ 20 KB")


def bench_agencies(tmp: Path) -> None:
    """ms per new agency name resolved, with 1,000 and with 10,000 known; floor: a plain indexed INSERT."""
    path = tmp / "agencies.sqlite"
    out = {}
    with Archive(path) as a:
        have = 0
        for known in (1000, 10000):
            with a._write():
                for i in range(have, known):
                    a._resolve_agency(agency_name(i))
            have = known
            with a._write():
                start = time.process_time()
                for i in range(100_000 + known, 101_000 + known):  # names not known yet
                    a._resolve_agency(agency_name(i))
                out[known] = (time.process_time() - start) / 1000 * 1000
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    start = time.process_time()
    for i in range(1000):
        conn.execute("INSERT INTO a (name) VALUES (?)", (agency_name(300000 + i),))
    floor = (time.process_time() - start)
    row("new agency, 1,000 known", f"{out[1000]:.3f} ms/name", f"plain INSERT {floor:.3f} ms/name",
        out[1000] / floor)
    row("new agency, 10,000 known", f"{out[10000]:.3f} ms/name", f"at 1,000 known {out[1000]:.3f}",
        out[10000] / out[1000], "O(1): ≈ 1×")


def build_reads_archive(path: Path, prepared: list[PreparedFile], n: int) -> None:
    """``n`` reports from the prepared corpus under new agencies (each template's years kept together)."""
    templates = [f for f in prepared if len(f.reports) == 1]
    with Archive(path) as a:
        made = 0
        agency = 0
        last = time.monotonic()
        with a.batch() as batch:
            while made < n:
                base = templates[agency % len(templates)]
                rep = base.reports[0]
                name = agency_name(50_000 + agency)
                for year in (2021, 2022, 2023, 2024, 2025):
                    if made >= n:
                        break
                    sha = hashlib.sha256(f"{agency}/{year}".encode()).hexdigest()
                    new = rep._replace(agency=name, year=year, sha256=sha, agency_source="title",
                                       content_sha=hashlib.blake2b(sha.encode(), digest_size=16).digest())
                    batch.save(PreparedFile(f"/bench/{agency}_{year}.txt", None, [new]))
                    made += 1
                    if time.monotonic() - last > 0.5:
                        batch.commit()
                        last = time.monotonic()
                agency += 1
    checkpoint(path)


MEASURE = r"""
import json, sys, time
from xxgk.store import Archive
what, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
n = 0
if what.startswith("floor"):
    import sqlite3
    conn = sqlite3.connect(path)
    sql = {"floor_failures": "SELECT c.report_id, c.rule_id, c.status, c.message, c.inputs, c.expected, c.actual, "
                             "c.difference FROM checks c JOIN reports r ON r.id = c.report_id "
                             "WHERE r.superseded_by IS NULL AND c.status IN ('fail', 'warn')",
           "floor_grid": "SELECT r.id, r.agency_id, r.year, r.n_fail, r.n_warn FROM reports r "
                         "WHERE r.superseded_by IS NULL"}[what]
    for row in conn.execute(sql):
        n += 1
else:
    with Archive(path, read_only=True) as a:
        if what == "failures":
            for f in a.iter_failures():
                n += 1
        elif what == "failures_page":
            n = len(a.failures(limit=500))
        elif what == "grid":
            for r in a.iter_grid_rows():
                n += len(r.cells)
        elif what == "grid_page":
            a.grid_years(); a.grid_size()
            n = sum(len(r.cells) for r in a.grid_rows(0, 50))
        elif what == "counts":
            n = a.counts()["reports"]
        elif what == "open":
            n = 1
took = time.perf_counter() - start
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"n": n, "s": took, "cpu": time.process_time(), "rss": hwm / 1024}))
"""

def measure_cli(*argv: str) -> dict[str, float]:
    """One ``xxgk`` command as a user runs it: a fresh process (start-up included), its output written to a
    file (/dev/null); wall time, CPU (user + system) and peak RSS of that process."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode: compile it once, here
    # Started and timed by a small launcher, not by this process: Linux counts the memory a child had before
    # its exec (a fork or vfork of this process, holding the prepared corpus: ~200 MiB) in its ru_maxrss,
    # which then said 217 MiB for every command whatever it used.
    done = subprocess.run([sys.executable, "-c", LAUNCH, sys.executable, *argv], capture_output=True, text=True,
                          env=env)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


LAUNCH = r"""
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen([sys.argv[1], "-m", "xxgk", *sys.argv[2:]], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(proc.pid, 0)
took = time.perf_counter() - start
err = proc.stderr.read().decode()
if os.waitstatus_to_exitcode(status) not in (0, 1):  # check: 1 when a STRICT identity fails
    sys.exit(err)
print(json.dumps({"s": took, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}))
"""


def measure(script: str, *argv: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_reads(tmp: Path, prepared: list[PreparedFile], n: int, keep: Path | None) -> None:
    path = (keep or tmp) / f"reads{n}.sqlite"
    shared = (keep or tmp) / f"synthetic_{n}.sqlite"  # the same build, made by bench_tui.py --keep
    if not path.exists() and shared.exists():
        path = shared
    if path.exists():
        Archive(path).close()  # brought to the current schema once (the reads open it read-only)
    else:
        start = time.perf_counter()
        build_reads_archive(path, prepared, n)
        print(f"reads archive: {n} reports in {time.perf_counter() - start:.0f} s "
              f"({size_of(path) / 1e6:.0f} MB)", flush=True)
    # each floor the better of two: the first read of a large archive can come from the disk (2.5 s instead
    # of 0.6 s for the failures' at 100,000 reports), and what follows it reads from the page cache
    floor_f = min((measure(MEASURE, "floor_failures", str(path)) for _ in range(2)), key=lambda m: m["s"])
    floor_g = min((measure(MEASURE, "floor_grid", str(path)) for _ in range(2)), key=lambda m: m["s"])
    streamed: dict[str, dict[str, float]] = {}
    for what, floor, label in (("failures", floor_f, "every failure, streamed"),
                               ("grid", floor_g, "every grid row, streamed"),
                               ("failures_page", floor_f, "failures, first page of 500"),
                               ("grid_page", floor_g, "grid, first page of 50 agencies"),
                               ("counts", None, "counts()"), ("open", None, "Archive(path) open")):
        m = streamed[what] = measure(MEASURE, what, str(path))
        paged = what.endswith("_page")  # one page against every row: no ratio
        row(f"{label}, {n:,} reports", f"{m['s'] * 1000:.0f} ms, {m['rss']:.0f} MiB ({m['n']:,})",
            f"plain SELECT {floor['s'] * 1000:.0f} ms" + (" (every row)" if paged else "") if floor else "",
            m["s"] / floor["s"] if floor and not paged else None, "≤ 2 s, ≤ 300 MiB")
    # Every read command in every format, a whole process each (start-up and output included), against
    # the store's own stream of the same rows (CPU, in a fresh process, this run); median of three
    measure_cli("--db", str(path), "--read-only", "list")  # compiles the bytecode, warms the page cache
    for command, base in (("check", "failures"), ("failures", "failures"), ("list", "grid")):
        for fmt in ("table", "json", "csv"):
            argv = [command, "--format", fmt]
            runs = [measure_cli("--db", str(path), "--read-only", *argv) for _ in range(3)]
            m = {k: statistics.median(r[k] for r in runs) for k in ("s", "cpu", "rss")}
            floor = streamed[base]
            row(f"xxgk {' '.join(argv)}, {n:,} reports",
                f"{m['s']:.2f} s wall, {m['cpu']:.2f} s CPU, {m['rss']:.0f} MiB",
                f"the store's stream {floor['cpu']:.2f} s CPU", m["cpu"] / floor["cpu"], "≤ 2 s, ≤ 300 MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--reads", type=int, default=20000, help="reports in the archive the reads are measured on")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes (default: every core)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", help="keep the archives (and reuse the reads archive) in this folder")
    ap.add_argument("--skip-reads", action="store_true")
    args = ap.parse_args()
    keep = Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        print(f"cores: {default_jobs()}, SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
        path, prepared, n_reports = bench_import(args, tmp)
        text = [f for f in prepared if all(r.format == "text" for r in f.reports)]
        _, text_path = store_only(tmp, text)
        bench_size(path, n_reports, (text_path, sum(len(f.reports) for f in text)))
        bench_agencies(tmp)
        if not args.skip_reads:
            bench_reads(tmp, prepared, args.reads, keep)
        if keep:
            shutil.copy(path, keep / "import.sqlite")
    print("\n| what | measured | floor (same run) | ratio | target |\n|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    os.environ.setdefault("XXGK_DB", os.devnull)
    main()
