"""The corpus of the full-parse regression guard: every sample, every fixture file, a few encodings.

Each case is a name (the golden file's stem) and the bytes it parses. The golden JSON of a case is the
``to_json()`` of every report the file gives (a list), or ``{"error": ...}`` for a file that is refused.
``scripts/update_parse_golden.py`` writes them; ``tests/importers/test_parse_golden.py`` compares.

This guards against *unintended* changes (speed work, refactors). It is not the truth about values: the
hand-typed golden values in ``tests/importers/golden_values.py`` are.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_reports"
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN_DIR = ROOT / "tests" / "golden" / "parse"

# Samples re-encoded the way offices save them: every decoding path (BOM, UTF-16 without BOM, GB18030
# and Big5 through charset-normalizer) is part of the guard.
ENCODED = (("002_b6ce9a87a66a1839.txt", "gb18030"), ("004_028b26371201af45.txt", "utf-16"),
           ("004_028b26371201af45.txt", "utf-16-le"), ("000_7fa8abd7de6217fc.txt", "big5"),
           ("001_f2d57d5ded702b88.txt", "utf-8-sig"))


# Old Word files are read through LibreOffice when it is installed: their parse depends on the machine.
CONVERTED = {".doc", ".wps", ".rtf"}


def _files() -> Iterator[Path]:
    """Every input file (the READMEs beside them describe the files; they are not inputs)."""
    yield from sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.suffix not in {".md", *CONVERTED})
    yield from sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix not in {".md", *CONVERTED})


def cases() -> dict[str, tuple[str, bytes]]:
    """Golden name → (file name given to the parser, bytes)."""
    out: dict[str, tuple[str, bytes]] = {}
    for p in _files():
        rel = p.relative_to(ROOT).as_posix()
        out[rel.replace("/", "__")] = (rel, p.read_bytes())
    for name, enc in ENCODED:
        data = (SAMPLES / name).read_text("utf-8").encode(enc)
        out[f"encoded__{name}.{enc}"] = (f"{name}.{enc}", data)
    return out


def full_parse(file: str, data: bytes) -> object:
    try:
        return [r.to_json() for r in parse_bytes(data, file)]
    except BadInput as exc:
        return {"error": str(exc)}


def dump(obj: object) -> str:
    """Canonical text, one value / check / warning per line (small, readable diffs). Compared as text, so 0
    and 0.0 (an int and a float) differ."""
    if isinstance(obj, dict):
        return _one(obj) + "\n"
    lines = ["["]
    for i, rep in enumerate(obj):  # type: ignore[arg-type]
        lines.append(" {")
        items = list(rep.items())
        for j, (k, v) in enumerate(items):
            end = "," if j < len(items) - 1 else ""
            if isinstance(v, list) and v:
                lines.append(f"  {_one(k)}: [")
                lines.extend(f"   {_one(x)}" + ("," if n < len(v) - 1 else "") for n, x in enumerate(v))
                lines.append(f"  ]{end}")
            else:
                lines.append(f"  {_one(k)}: {_one(v)}{end}")
        lines.append(" }" + ("," if i < len(obj) - 1 else ""))  # type: ignore[arg-type]
    lines.append("]")
    return "\n".join(lines) + "\n"


def _one(x: object) -> str:
    return json.dumps(x, ensure_ascii=False)


def golden_path(name: str) -> Path:
    return GOLDEN_DIR / f"{name}.json"
