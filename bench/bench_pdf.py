"""PDF import speed against a bare pypdfium2 text extraction of the same files, measured in the same run.

    .venv/bin/python bench/bench_pdf.py [--rounds 15] [FILE.pdf ...]

For every PDF (default: every ``*.pdf`` in sample_reports/ that has a text layer) it prints the median CPU
time of ``--rounds`` runs of:

* ``bare``: open the document with pypdfium2 and get every page's text (``get_text_bounded``): the floor,
  what any PDF text tool pays;
* ``cells``: ``importers.pdf.read_pdf`` (characters with boxes, ruling lines, grids, text lines, furniture);
* ``parse``: ``importers.parse_bytes`` (cells + the matcher, agency/year, identities): what an import costs;

and the ratios cells/bare and parse/bare, per report and per page. The target is a 10-page report parsed in
under 100 ms. Figures, not a test: nothing here fails.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bare(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    n = 0
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        n += len(tp.get_text_bounded())
        tp.close()
        page.close()
    pdf.close()
    return n


def median_ms(fn, data: bytes, rounds: int) -> float:
    """Median CPU time of ``fn(data)`` in ms (CPU, not wall: other processes on a shared machine then
    barely move the figure; PDFium runs in this thread, so it is counted)."""
    times = []
    for _ in range(rounds):
        t = time.process_time()
        fn(data)
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000


def main() -> None:
    from xxgk.domain.model import BadInput
    from xxgk.importers import parse_bytes
    from xxgk.importers.pdf import read_pdf

    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    files = args.files or sorted((ROOT / "sample_reports").glob("*.pdf"))
    rows = []
    for f in files:
        data = f.read_bytes()
        try:
            pages = read_pdf(data, f.name).pages
            parse_bytes(data, f.name)  # warm-up: imports, OpenCC tables, regexes
        except BadInput as exc:
            print(f"{f.name}: skipped ({exc.problem})", file=sys.stderr)
            continue
        b = median_ms(bare, data, args.rounds)
        c = median_ms(lambda d, n=f.name: read_pdf(d, n), data, args.rounds)
        p = median_ms(lambda d, n=f.name: parse_bytes(d, n), data, args.rounds)
        rows.append((f.name, pages, b, c, p))
    print(f"{'file':28} {'pages':>5} {'bare ms':>8} {'cells ms':>9} {'parse ms':>9} {'cells/bare':>10} "
          f"{'parse/bare':>10} {'parse ms/page':>13}")
    for name, pages, b, c, p in rows:
        print(f"{name:28} {pages:5d} {b:8.1f} {c:9.1f} {p:9.1f} {c / b:10.2f} {p / b:10.2f} {p / pages:13.1f}")
    if rows:
        pages = sum(r[1] for r in rows)
        b, c, p = (sum(r[i] for r in rows) for i in (2, 3, 4))
        print(f"{'all':28} {pages:5d} {b:8.1f} {c:9.1f} {p:9.1f} {c / b:10.2f} {p / b:10.2f} {p / pages:13.1f}")
        print(f"a 10-page report at this rate: {p / pages * 10:.0f} ms to parse "
              f"({b / pages * 10:.0f} ms of it the bare text extraction)")


if __name__ == "__main__":
    main()
