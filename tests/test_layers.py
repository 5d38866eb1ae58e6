"""The layer contract of the house (README "Layout", developer guide), read from the source's imports.

Every import statement is read with ``ast``, wherever it stands (module level, inside a function, under
``if TYPE_CHECKING``), and so is ``importlib.import_module("...")`` with a constant name. The modules are
the ones pyproject's setuptools ``package-dir`` installs, so a new module is covered the day it is added.

    folder          layer          may import (of ours)
    domain/         domain         nothing outside domain
    presentation/   presentation   domain
    importers/      importers      domain
    store/          store          domain
    workflows/      workflows      domain, presentation, importers, store
    exporters/      exporters      domain, presentation, workflows
    xxgk/           cli            domain, presentation, workflows, exporters (+ xxgk.tui.app, to start the app)
    tui/            tui            domain, presentation, workflows, exporters; the only layer importing Textual
"""
from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NAMESPACE = "xxgk"
# Folders that are their own layer; xxgk/ itself (the CLI) is every xxgk.* module not below one of these.
LAYER_OF_PACKAGE = {"xxgk.domain": "domain", "xxgk.presentation": "presentation", "xxgk.importers": "importers",
                    "xxgk.store": "store", "xxgk.workflows": "workflows", "xxgk.exporters": "exporters",
                    "xxgk.tui": "tui"}
ALLOWED = {
    "domain": {"domain"},
    "presentation": {"domain"},
    "importers": {"domain"},
    "store": {"domain"},
    "workflows": {"domain", "presentation", "importers", "store"},
    "exporters": {"domain", "presentation", "workflows"},
    "cli": {"domain", "presentation", "workflows", "exporters"},
    "tui": {"domain", "presentation", "workflows", "exporters"},
}
# The one upward-looking edge the house has: `xxgk` with no command starts the app.
CLI_STARTS_APP = "xxgk.tui.app"
# Known violations in folders being rewritten right now by their owners, exempted one by one with the reason:
# (importing module, imported module) -> why. test_known_violations_still_exist fails once one is gone, so the
# entry is deleted with the fix. Nothing else may be added here.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "xxgk.tui.screens.report"
    target: str  # the imported module (or the package a name is taken from), e.g. "xxgk.store.archive"
    line: int

    def __str__(self) -> str:
        return f"{self.module} (line {self.line}) imports {self.target}"


def layer(module: str) -> str | None:
    """The layer of one of our modules (None for anything else)."""
    if module != NAMESPACE and not module.startswith(NAMESPACE + "."):
        return None
    for package, name in LAYER_OF_PACKAGE.items():
        if module == package or module.startswith(package + "."):
            return name
    return "cli"


def package_dirs() -> dict[str, Path]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {package: ROOT / folder for package, folder in pyproject["tool"]["setuptools"]["package-dir"].items()}


@cache
def sources() -> dict[str, Path]:
    """Module name → file, for every module the package installs."""
    mapping = package_dirs()
    out: dict[str, Path] = {}
    for package, folder in mapping.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join((package, *parts))
            if any(other != package and other.startswith(package + ".")
                   and (name == other or name.startswith(other + ".")) for other in mapping):
                continue  # (a folder mapped by its own entry is read there)
            out[name] = path
    return out


def imports_in(module: str, source: str, is_package: bool = False) -> Iterator[Import]:
    """Every module ``source`` imports, anywhere in it."""
    known = sources()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x / from ..store import y
                base_parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield Import(module, sub if sub in known else base, node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            yield Import(module, node.args[0].value, node.lineno)


@cache
def all_imports() -> tuple[Import, ...]:
    out: list[Import] = []
    for module, path in sources().items():
        out.extend(imports_in(module, path.read_text(encoding="utf-8"), path.name == "__init__.py"))
    return tuple(out)


def of_layer(name: str) -> list[Import]:
    return [i for i in all_imports() if layer(i.module) == name]


def ours(imports: Iterable[Import]) -> list[Import]:
    return [i for i in imports if layer(i.target) is not None]


def violations(name: str) -> list[str]:
    allowed = ALLOWED[name] | {name}
    bad = []
    for i in ours(of_layer(name)):
        if layer(i.target) in allowed:
            continue
        if name == "cli" and i.target == CLI_STARTS_APP:
            continue
        if (i.module, i.target) in KNOWN_VIOLATIONS:
            continue
        bad.append(str(i))
    return bad


# ---------------------------------------------------------------- the scan itself
def test_every_layer_has_modules_and_the_scan_sees_local_imports():
    found = {layer(m) for m in sources()}
    assert found == set(ALLOWED), found
    # a known function-local import of the CLI (the handlers import the core when they run)
    assert any(i.module == "xxgk.cli.commands.parse" and i.target == "xxgk.workflows.importing"
               for i in all_imports())
    local = """
def f():
    from xxgk.store.archive import Archive
    import textual.app
    importlib.import_module("xxgk.importers.text")
from . import sibling
from ..store import schema
"""
    got = {(i.target, i.line) for i in imports_in("xxgk.tui.screens.x", local)}
    assert got == {("xxgk.store.archive", 3), ("textual.app", 4), ("xxgk.importers.text", 5),
                   ("xxgk.tui.screens", 6), ("xxgk.tui.store", 7)}


def test_the_rules_catch_a_violation():
    fake = list(imports_in("xxgk.domain.fake", "def f():\n    from xxgk.workflows import opening\n"))
    assert [layer(i.target) for i in fake] == ["workflows"]
    assert layer("xxgk.domain.fake") == "domain" and "workflows" not in ALLOWED["domain"]
    assert layer("xxgk.cli") == "cli" and layer("xxgk") == "cli" and layer("textual") is None


# ---------------------------------------------------------------- the contract
def test_domain_imports_nothing_of_ours_outside_domain():
    assert violations("domain") == []


def test_presentation_imports_only_domain():
    assert violations("presentation") == []


@pytest.mark.parametrize("name", ["store", "importers"])
def test_store_and_importers_are_siblings_under_the_core(name):
    """Neither imports the other, nor anything above it (workflows, exporters, the CLI, the app)."""
    assert violations(name) == []


def test_workflows_never_import_exporters_or_front_ends():
    assert violations("workflows") == []


def test_exporters_never_import_front_ends_or_the_store():
    assert violations("exporters") == []


def test_cli_reaches_the_archive_and_parsers_only_through_the_core():
    assert violations("cli") == []


def test_app_reaches_the_archive_and_parsers_only_through_the_core():
    assert violations("tui") == []


def test_known_violations_still_exist():
    """An exemption outlives its violation only by mistake: once the import is gone, delete the entry."""
    seen = {(i.module, i.target) for i in all_imports()}
    assert [pair for pair in KNOWN_VIOLATIONS if pair not in seen] == [], "fixed: delete it from KNOWN_VIOLATIONS"


def test_only_the_app_imports_textual():
    bad = [str(i) for i in all_imports()
           if (i.target == "textual" or i.target.startswith("textual.")) and layer(i.module) != "tui"]
    assert bad == []


def test_no_import_cycle_between_folders():
    """The layers' import graph has no cycle (so no module cycle crosses a folder either)."""
    edges: dict[str, set[str]] = {name: set() for name in ALLOWED}
    for i in ours(all_imports()):
        a, b = layer(i.module), layer(i.target)
        if a is not None and b is not None and a != b:
            edges[a].add(b)
    cycles: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(edges[node]):
            if nxt in path:
                loop = path[path.index(nxt):]
                first = loop.index(min(loop))  # one spelling per cycle, whatever layer the walk began at
                loop = loop[first:] + loop[:first]
                cycles.add(" → ".join([*loop, loop[0]]))
            else:
                visit(nxt, [*path, nxt])

    for start in sorted(edges):
        visit(start, [start])
    assert sorted(cycles) == []


IO_MODULES = {"io", "pathlib", "shutil", "sqlite3", "subprocess", "socket", "tempfile", "urllib", "http", "glob",
              "zipfile", "importlib.resources"}
IO_CALLS = {"open", "print", "input"}
IO_METHODS = {"read_text", "read_bytes", "write_text", "write_bytes", "open", "iterdir", "glob", "rglob", "unlink",
              "mkdir", "touch"}
OS_ALLOWED = {"environ", "getenv"}  # reading the environment (presentation.times: XXGK_TZ) is not file access


@pytest.mark.parametrize("name", ["domain", "presentation"])
def test_pure_layers_do_no_io(name):
    """domain/ and presentation/ read and write no file and print nothing: their callers bring the text in.
    (OpenCC, called through its public API, loads its own tables; zoneinfo its zone database.)"""
    bad = [str(i) for i in of_layer(name) if i.target in IO_MODULES or i.target.split(".")[0] in IO_MODULES]
    for module, path in sources().items():
        if layer(module) != name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
                bad.append(f"{module} (line {node.lineno}) calls {node.func.id}()")
            elif isinstance(node, ast.Attribute) and node.attr in IO_METHODS:
                bad.append(f"{module} (line {node.lineno}) uses .{node.attr}")
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os"
                  and node.attr not in OS_ALLOWED):
                bad.append(f"{module} (line {node.lineno}) uses os.{node.attr}")
            elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                    alias.name not in OS_ALLOWED for alias in node.names):
                bad.append(f"{module} (line {node.lineno}) imports from os")
    assert bad == []


def test_everything_is_installed_under_the_xxgk_namespace():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = pyproject["tool"]["setuptools"]["packages"]
    assert all(p == NAMESPACE or p.startswith(NAMESPACE + ".") for p in packages), packages
    assert all(p == NAMESPACE or p.startswith(NAMESPACE + ".") for p in package_dirs())
    # every package folder that holds modules is installed (else its modules would be left out of the wheel)
    assert {m for m, p in sources().items() if p.name == "__init__.py"} <= set(packages)
    # no import of a first-party folder by its old top-level name (ruff's TID251 says the same at lint time)
    old = {folder.name for folder in package_dirs().values()} - {NAMESPACE}
    bad = [str(i) for i in all_imports() if i.target.split(".")[0] in old]
    assert bad == []
