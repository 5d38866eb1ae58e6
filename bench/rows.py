"""The rows a benchmark measured, collected by ``bench/run_all.py`` into one table.

Each bench prints its own figures as it goes; ``emit`` also appends the row (as one JSON line) to the file
named by ``XXGK_BENCH_ROWS`` when the runner set it, so the runner never parses another script's output.
"""
from __future__ import annotations

import json
import os


def emit(what: str, measured: str, floor: str = "", ratio: float | None = None, target: str = "") -> None:
    """One row: what was measured, the figure, the floor measured in the same run, their ratio, the target."""
    path = os.environ.get("XXGK_BENCH_ROWS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"what": what, "measured": measured, "floor": floor, "ratio": ratio,
                              "target": target}, ensure_ascii=False) + "\n")
