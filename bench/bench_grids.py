"""Reading XLSX workbooks and HTML pages into cells, as a ratio to a bare read of the same bytes (not a test).

    .venv/bin/python bench/bench_grids.py [--files 20] [--rounds 5]

The files are the corpus's (``bench/corpus.build_archive_corpus``: the sample workbook and pages rebuilt
with other agencies, years and values). Measured, CPU time of this process, median of the rounds, ms a file:

* **XLSX read**: ``importers.xlsx.read_workbook`` (zip and XML budgets, cells, merged ranges, borders,
  hidden rows/columns, the grid); its floor: unzip every member and parse every XML part with the C
  ``ElementTree`` (no cell looked at);
* **HTML read**: ``importers.html.read_html`` (decode, budgets, tokens, flows, grids); its floor: decode and
  cut the page into tags and text with one regex (no element stack, no table);
* the full ``parse_bytes`` of the same files (cells + matcher + checks), for scale.

Target (issue 12): a grid report costs about what a text report does (~4 ms) instead of 37 ms (HTML) and
118 ms (XLSX).
"""
from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree.ElementTree import fromstring

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_archive_corpus  # noqa: E402

from xxgk.importers import parse_bytes  # noqa: E402
from xxgk.importers.html import decode_html, read_html  # noqa: E402
from xxgk.importers.xlsx import read_workbook  # noqa: E402

_TOKEN = re.compile(r"<[^>]*>|[^<]+")


def bare_xlsx(data: bytes, name: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            part = zf.read(info)
            if info.filename.endswith((".xml", ".rels")):
                fromstring(part)


def bare_html(data: bytes, name: str) -> None:
    text = decode_html(data)[0]
    _TOKEN.findall(text)


def full(data: bytes, name: str) -> None:
    parse_bytes(data, name)


def per_file(fn: Callable[[bytes, str], object], files: list[tuple[str, bytes]], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.process_time()
        for name, data in files:
            fn(data, name)
        times.append((time.process_time() - t) / len(files) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=20, help="files of each kind")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    corpus = build_archive_corpus(max(400, args.files * 30))
    kinds = (("XLSX", (".xlsx",), read_workbook, bare_xlsx), ("HTML", (".html", ".htm"), read_html, bare_html))
    print(f"{'':6}{'files':>6}{'floor ms':>10}{'read ms':>9}{'ratio':>7}{'parse ms':>10}")
    for label, suffixes, read, bare in kinds:
        files = [(n, d) for n, d in corpus if n.endswith(suffixes)][:args.files]
        if not files:
            continue
        full(files[0][1], files[0][0])  # warm up: imports, compiled patterns
        floor = per_file(bare, files, args.rounds)
        got = per_file(read, files, args.rounds)
        parse = per_file(full, files, args.rounds)
        print(f"{label:6}{len(files):6d}{floor:10.2f}{got:9.2f}{got / floor:7.1f}{parse:10.2f}")
    print(f"({args.rounds} rounds, median; CPU time). Target: a grid report at about a text report's ~4 ms "
          "(was 37 ms HTML, 118 ms XLSX in the import profile)")


if __name__ == "__main__":
    main()
