"""Layering: the archive and the importers never import Textual (the CLI must not pull in the UI)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "tui")


def ui_imports(path: Path) -> list[str]:
    """``file:line`` of every ``import textual…`` / ``from textual… import`` (also of ``tui``) in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        found += [f"{path.name}:{node.lineno}" for n in names if n.split(".")[0] in FORBIDDEN]
    return found


@pytest.mark.parametrize("package", ["store", "importers", "domain"])
def test_no_textual_below_the_app(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"no sources found in {package}/"
    assert [hit for f in files for hit in ui_imports(f)] == []


def test_the_scan_finds_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import json\ndef f():\n    from textual.app import App\n    import textual.widgets as w\n"
                     "from tui.app import run\n")
    assert sorted(ui_imports(probe)) == ["probe.py:3", "probe.py:4", "probe.py:5"]
