"""How the app's modules may depend on each other, read from their source (imports and workers)."""
from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"

# Function-local imports that start-up time needs (bench/bench_tui.py): openpyxl only when exporting
# (the app's exports go through tui/exporting.py; the summary screen's own).
LOCAL_IMPORTS_ALLOWED = {("exporting.py", "xxgk.exporters"), ("screens/summary.py", "xxgk.exporters"),
                         ("screens/summary.py", "xxgk.exporters.summary")}
# The dialogs, exports and hierarchy every screen offers (screens/base.py is on the start-up path), the
# verdicts of the overview's o, and what the report screen shows only on a key (e, g, k).
LOCAL_IMPORTS_ALLOWED |= {("screens/base.py", m) for m in ("xxgk.tui.dialogs", "xxgk.tui.exporting",
                                                             "xxgk.workflows.hierarchy")}
LOCAL_IMPORTS_ALLOWED |= {("screens/overview.py", "xxgk.tui.dialogs"), ("screens/overview.py", "xxgk.workflows.verdicts"),
                          ("screens/report.py", "xxgk.workflows.hierarchy"),
                          ("evaluation.py", "xxgk.workflows.checklist"), ("evaluation.py", "xxgk.workflows.trends")}
# and every screen but the overview and help, imported by the app when first opened
LOCAL_IMPORTS_ALLOWED |= {("app.py", f"xxgk.tui.screens.{m}")
                          for m in ("compare", "failures", "importer", "report", "review", "search", "summary")}


def modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(TUI)): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(TUI.rglob("*.py"))}


def imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module]
    return []


def test_screens_never_import_each_other():
    for name, tree in modules().items():
        if not name.startswith("screens/"):
            continue
        for node in ast.walk(tree):
            for module in imported(node):
                if module.startswith("xxgk.tui.screens"):
                    assert module == "xxgk.tui.screens.base", f"{name} imports {module}: ask the app instead"


def test_no_function_local_imports_but_the_measured_ones():
    found = set()
    for name, tree in modules().items():
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(func):
                    found.update((name, m) for m in imported(node))
    assert found == LOCAL_IMPORTS_ALLOWED


def test_the_app_reaches_the_archive_only_through_the_core():
    for name, tree in modules().items():
        for node in ast.walk(tree):
            for module in imported(node):
                assert not module.startswith(("xxgk.store", "sqlite_utils")), f"{name} imports {module}"


def test_every_worker_goes_through_the_load_helper():
    """``loading.load`` owns the error path; only the app's archive poll (which ignores a busy archive
    on purpose and tries again at the next tick) starts a worker of its own."""
    for name, tree in modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("run_worker", "call_from_thread"):
                assert name in ("loading.py", "app.py"), f"{name} uses {node.attr}"
            if isinstance(node, ast.ImportFrom) and node.module == "textual":
                assert "work" not in {a.name for a in node.names}, f"{name} uses @work: use xxgk.tui.loading.load"


def test_the_app_imports_only_the_overview_before_its_first_frame():
    """The other screens are imported when first opened (bench/bench_tui.py: the report screen alone, with
    the checklist, indicators and trends it shows, cost about as much to import as Textual)."""
    import subprocess
    import sys

    code = ("import sys, xxgk.tui.app as a\n"
            "print(sorted(m for m in sys.modules if m.startswith('xxgk.tui.screens.')))\n"
            "print(a.screen_class('failures').__name__, a.screen_class('import').__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "['xxgk.tui.screens.base', 'xxgk.tui.screens.help', 'xxgk.tui.screens.overview']", out
    assert out[1] == "FailuresScreen ImportScreen"
