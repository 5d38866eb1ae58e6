"""The repository is self-contained: what the README, the docs and the code refer to lives in it."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "build", "node_modules"}
# Data, not prose: the reports themselves may contain anything.
DATA_DIRS = {ROOT / "sample_reports", ROOT / "tests" / "fixtures", ROOT / "tests" / "golden"}
PROSE_SUFFIXES = {".py", ".md", ".toml", ".tcss", ".cfg", ".ini", ".sh", ".txt"}
# A sibling folder of the checkout, or an absolute path on the machine the project was written on.
OUTSIDE = re.compile(r"\.\./(?:\.\./)*shared\b|(?<![\w.])/wor[k]/")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _files(suffixes: set[str]) -> list[Path]:
    out = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        for name in names:
            path = Path(folder) / name
            if path.suffix in suffixes or name == "run":
                out.append(path)
    return sorted(out)


def _prose() -> list[Path]:
    return [p for p in _files(PROSE_SUFFIXES)
            if not any(d in p.parents for d in DATA_DIRS) or p.name == "README.md"]


def _docs() -> list[Path]:
    return [p for p in _files({".md"}) if p.suffix == ".md" and p.name != "seed003_appendix_L.md"]


def slug(heading: str) -> str:
    """The anchor a Markdown renderer (GitHub's rule) gives a heading."""
    text = re.sub(r"[`*_]", "", heading.strip()).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for line in path.read_text("utf-8").splitlines():
        m = re.match(r"^#{1,6}\s+(.*)$", line)
        if not m:
            continue
        base = slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def test_nothing_points_outside_the_repository() -> None:
    hits = []
    for path in _prose():
        for no, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{no}: {line.strip()[:100]}")
    assert not hits, "\n".join(hits)


def test_the_scan_finds_outside_paths() -> None:
    assert OUTSIDE.search("see `../" + "shared/spec/X.md`")
    assert OUTSIDE.search("SEEDS = ROOT.parent / 'shared'  # ../../" + "shared/seeds")
    assert OUTSIDE.search("cd /" + "work/main")
    assert not OUTSIDE.search('safe_filename("../a/b:c")')
    assert not OUTSIDE.search("helpers shared by the handlers")


@pytest.mark.parametrize("path", _docs(), ids=lambda p: str(p.relative_to(ROOT)))
def test_links_resolve_inside_the_repository(path: Path) -> None:
    """Every relative link of the README and the docs names a file of the repository (and a heading)."""
    broken = []
    for target in LINK.findall(path.read_text("utf-8")):
        if re.match(r"^[a-z]+:", target):
            continue  # a web address
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if ROOT not in dest.parents and dest != ROOT:
            broken.append(f"{target}: outside the repository")
        elif not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(f"{target}: no such heading")
    assert not broken, broken


def test_the_docs_cover_every_canonical_key() -> None:
    """``docs/forms.md`` names every key of the catalogue, so the reference cannot drift from the code."""
    from xxgk.domain import templates as T

    text = (ROOT / "docs" / "forms.md").read_text("utf-8")
    missing = [k for k in T.key_index() if not k.startswith("t3.") and f"`{k}`" not in text]
    missing += [f"t3 row {r.key}" for r in T.T3_ROWS if f"| `{r.key}` | `{r.label}` |" not in text]
    missing += [f"t3 column {c.key}" for c in T.T3_COLUMNS if f"`{c.key}`" not in text]
    assert not missing, missing
