#!/usr/bin/env python3
"""Try the lower bounds pyproject.toml claims: a throwaway venv with every dependency at its floor
(``textual>=5.0.1`` installs ``textual==5.0.1``), then the suite.

    python3 scripts/check_floors.py [--python PYTHON] [--venv DIR] [-- PYTEST ARGS]

Run it when a bound moves or the code starts to use something newer; CI runs `dev.py test` on the lock
(constraints.txt) only. Left out, because they pin exact versions on purpose: the SVG snapshots (exact
Textual) and the byte-exact rebuild of the sample workbooks (exact openpyxl). The dependencies of the
dependencies resolve freely (an old floor may need older ones than the lock); the test tools and the build
backend stay at their pins in constraints.txt. Takes as long as the suite plus an install.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION_PINNED = ["--ignore=tests/tui/test_snapshots.py",
                  "--deselect=tests/importers/test_xlsx.py::test_sample_workbooks_rebuild_identically"]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def floors(requirements: list[str]) -> dict[str, str]:
    """``{"textual": "textual==5.0.1", ...}`` from ``["textual>=5.0.1", ...]`` (a bare name stays bare)."""
    out = {}
    for req in requirements:
        m = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*(?:>=\s*([^,;\s]+))?.*", req)
        if not m:
            raise SystemExit(f"cannot read the requirement {req!r}")
        name, low = m[1], m[2]
        out[canonical(name)] = f"{name}=={low}" if low else name
    return out


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            out[canonical(line.split("==", 1)[0])] = line
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=sys.executable, help="the interpreter to try (default: this one)")
    ap.add_argument("--venv", type=Path, help="keep the venv here (default: a temporary folder)")
    ap.add_argument("pytest_args", nargs="*")
    args = ap.parse_args()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    app = floors(project["dependencies"])
    locked = pins()
    tools = [canonical(t) for t in floors(project["optional-dependencies"]["test"])]
    constraints = [*app.values(), *(locked[t] for t in [*tools, "setuptools"] if t in locked)]
    with tempfile.TemporaryDirectory(prefix="xxgk-floors-") as tmp:
        env_dir = args.venv or Path(tmp) / "venv"
        subprocess.run([args.python, "-m", "venv", "--clear", str(env_dir)], check=True)
        py = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
        cfile = Path(tmp) / "floors.txt"
        cfile.write_text("\n".join(constraints) + "\n", encoding="utf-8")
        print("floors:", " ".join(v for v in app.values() if "==" in v), flush=True)
        pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", str(cfile)]
        subprocess.run([*pip, "setuptools"], check=True)
        subprocess.run([*pip, "--no-build-isolation", "-e", f"{ROOT}[test]"], check=True)
        freeze = subprocess.run([str(py), "-m", "pip", "freeze"], capture_output=True, text=True, check=True)
        got = {canonical(line.split("==")[0]): line for line in freeze.stdout.splitlines() if "==" in line}
        print("installed:", " ".join(got.get(name, f"{name}?") for name in app), flush=True)
        tests = subprocess.run([str(py), "-m", "pytest", "-p", "no:cacheprovider", *VERSION_PINNED,
                                *args.pytest_args], cwd=ROOT)
        return tests.returncode


if __name__ == "__main__":
    sys.exit(main())
