#!/usr/bin/env python3
"""Rewrite the full-parse golden JSON files in ``tests/golden/parse/`` from the current parser.

    .venv/bin/python scripts/update_parse_golden.py          # rewrite all, print which changed
    .venv/bin/python scripts/update_parse_golden.py --check  # only say which differ (exit 1 if any)

Run it only when a change of the parser's output is intended, look at the diff (``git diff
tests/golden/parse``), and say in the commit message which golden files changed and why.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.parse_golden import GOLDEN_DIR, cases, dump, full_parse, golden_path  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    known = cases()
    changed = []
    for name, (file, data) in known.items():
        path = golden_path(name)
        text = dump(full_parse(file, data))
        if not path.exists() or path.read_text("utf-8") != text:
            changed.append(name)
            if not args.check:
                path.write_text(text, "utf-8")
    stale = [p for p in GOLDEN_DIR.glob("*.json") if p.stem not in known]
    for p in stale:
        changed.append(f"{p.stem} (no longer a case)")
        if not args.check:
            p.unlink()
    for name in changed:
        print(("differs: " if args.check else "written: ") + name)
    print(f"{len(known)} cases, {len(changed)} {'differ' if args.check else 'changed'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
