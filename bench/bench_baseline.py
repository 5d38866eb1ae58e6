"""Today's parser and import against the code issue 12 measured, both run now on the same files (not a test).

    .venv/bin/python bench/bench_baseline.py [--rev 01023af^] [--reports 2000] [--rounds 3] [--grid-share 0.1]

Absolute times swing on this shared machine by more than any change makes (parse + prepare took 1.95 and then
3.51 ms a report within one hour, same code), and issue 12's two absolute targets were set against the code
of its day: the parse at 6.0–6.7 ms a report, to be ≤ 1.5 ms (4.0–4.5× faster), the import at 83–125
reports/s, to be ≥ 500/s (4.0–6.0× faster). So this runs that code — ``--rev``, by default the commit before
the first parser speed-up, taken out of this repository's history with ``git archive`` — and today's, in
fresh processes, interleaved round by round, on one corpus (``bench/corpus.build_archive_corpus``), and
prints each speed-up beside the one the target asks for:

* **parse**: ``parse_bytes`` over the corpus' text reports, in process, CPU time, after one warm-up pass
  (median of the rounds);
* **import**: ``python -m xxgk --db NEW import -q CORPUS`` as a user runs it, wall time (today's code uses
  every core, as its default; the old one had one process).

Needs git and the repository's history (a shallow clone lacks the old commit: the script says so).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))  # dev.py, the set-up script

from corpus import build_archive_corpus  # noqa: E402
from rows import emit  # noqa: E402

import dev  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REV = "01023af^"  # "Parser speed, first pass": the code issue 12's table was measured on

# one parse pass in a fresh process: the files named on stdin, a warm-up pass, then ``rounds`` timed passes
PARSE = """
import json, sys, time
import xxgk.importers
from xxgk.importers import parse_bytes
paths, rounds = json.loads(sys.stdin.read()), int(sys.argv[1])
blobs = [(p, open(p, 'rb').read()) for p in paths]
for p, b in blobs:
    parse_bytes(b, p)
out = []
for _ in range(rounds):
    t = time.process_time()
    for p, b in blobs:
        parse_bytes(b, p)
    out.append((time.process_time() - t) / len(blobs) * 1000)
print(json.dumps({'from': xxgk.importers.__file__, 'ms': out}))
"""


def old_package(rev: str, into: Path) -> Path:
    """A folder that holds ``rev``'s code as the installed ``xxgk`` package (by its own package-dir map), for
    ``PYTHONPATH``: ahead of the editable install of today's code."""
    src = into / "src"
    src.mkdir()
    try:
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        sys.exit(f"bench_baseline: cannot read {rev} from {ROOT}'s history ({exc}); a shallow clone lacks it")
    subprocess.run(["tar", "-x", "-C", str(src)], input=tar, check=True)
    dirs = tomllib.loads((src / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-dir"]
    pkg = into / "pkg"
    pkg.mkdir()
    shutil.copytree(src / dirs["xxgk"], pkg / "xxgk")
    for name, folder in dirs.items():
        if name != "xxgk":
            os.symlink(src / folder, pkg / "xxgk" / name.split(".", 1)[1])
    compile_bytecode(src, pkg)
    return pkg


def compile_bytecode(*folders: Path) -> None:
    """Both codes with their bytecode written, as ``dev.py`` writes today's: where PYTHONDONTWRITEBYTECODE is
    set (it is on this machine), a package without it compiles every module again at each start (about 0.15
    s a command), and the timings would measure the compiler. compileall does not follow the old package's
    symlinked folders, hence its ``src`` as well."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", *map(str, folders)], check=False,
                   stdout=subprocess.DEVNULL)


def env_for(pkg: Path | None) -> dict[str, str]:
    """The environment of a run: the old package ahead of everything, or nothing of it (each run starts in a
    folder without an ``xxgk`` of its own: ``python -c`` and ``-m`` put the working folder first)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "XXGK_DB")}
    if pkg is not None:
        env["PYTHONPATH"] = str(pkg)
    return env


def parse_ms(pkg: Path | None, paths: list[str], rounds: int) -> float:
    done = subprocess.run([sys.executable, "-c", PARSE, str(rounds)], input=json.dumps(paths), text=True,
                          capture_output=True, env=env_for(pkg), check=True, cwd=pkg or "/")
    got = json.loads(done.stdout)
    if (pkg is not None) != got["from"].startswith(str(pkg)):  # the code meant, not the other
        sys.exit(f"bench_baseline: the {'old' if pkg else 'today'} run imported {got['from']}")
    return statistics.median(got["ms"])


def import_rate(pkg: Path | None, corpus: Path, db: Path, n: int) -> float:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "xxgk", "--db", str(db), "import", "-q", str(corpus)],
                          capture_output=True, text=True, env=env_for(pkg), cwd=pkg or "/")
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"bench_baseline: the import failed ({'old' if pkg else 'today'}): {done.stderr[-500:]}")
    return n / took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", default=DEFAULT_REV, help="the old code's commit (default: %(default)s)")
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3, help="pairs of runs, interleaved")
    ap.add_argument("--grid-share", type=float, default=0.1,
                    help="share of HTML/XLSX files in the corpus (0: text reports only, as the issue's import row)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="xxgk-baseline-") as tmp:
        work = Path(tmp)
        pkg = old_package(args.rev, work)
        dev.compile_bytecode()  # today's, as the README's set-up writes it
        corpus = work / "corpus"
        corpus.mkdir()
        files = build_archive_corpus(args.reports, grid_share=args.grid_share)
        for name, data in files:
            (corpus / name).write_bytes(data)
        texts = sorted(str(corpus / name) for name, _ in files if name.endswith(".txt"))
        print(f"corpus: {len(files)} files ({len(texts)} text) in {corpus}; old code: {args.rev}", flush=True)
        parse = {"old": [], "new": []}
        rate = {"old": [], "new": []}
        for r in range(args.rounds):
            for who, p in (("old", pkg), ("new", None)):
                parse[who].append(parse_ms(p, texts, 2))
                rate[who].append(import_rate(p, corpus, work / f"{who}.sqlite", len(files)))
            print(f"round {r + 1}: parse old {parse['old'][-1]:.2f} / new {parse['new'][-1]:.2f} ms; import old "
                  f"{rate['old'][-1]:.0f} / new {rate['new'][-1]:.0f} reports/s (load {os.getloadavg()[0]:.1f})",
                  flush=True)
    parse_up = [o / n for o, n in zip(parse["old"], parse["new"], strict=True)]
    rate_up = [n / o for o, n in zip(rate["old"], rate["new"], strict=True)]
    po, pn, ro, rn = (statistics.median(x) for x in (parse["old"], parse["new"], rate["old"], rate["new"]))
    rows = [
        ("parse, text reports: speed-up on the code issue 12 measured", f"{pn:.2f} ms/report CPU",
         f"{args.rev} {po:.2f} ms", statistics.median(parse_up),
         "≥ 4.0–4.5× faster (6.0–6.7 → ≤ 1.5 ms)", parse_up),
        ("xxgk import: speed-up on the code issue 12 measured", f"{rn:.0f} reports/s",
         f"{args.rev} {ro:.0f} reports/s", statistics.median(rate_up),
         "≥ 4.0–6.0× faster (83–125 → ≥ 500/s)", rate_up),
    ]
    print("\n| what | measured | floor (same run) | speed-up (each pair) | target |\n|---|---|---|---|---|")
    for what, measured, floor, up, target, pairs in rows:
        each = " / ".join(f"{x:.2f}" for x in pairs)
        print(f"| {what} | {measured} | {floor} | {up:.2f}× ({each}) | {target} |")
        emit(what, measured, floor, up, target)


if __name__ == "__main__":
    main()
