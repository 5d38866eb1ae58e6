#!/usr/bin/env python3
"""Set-up and run in one step; needs only Python >= 3.11.

    python3 dev.py app     create .venv, install, import sample_reports/ into the default archive, open the app
    python3 dev.py test    create .venv, install with test extras, run ruff and the test suite

Both are idempotent: the venv is reused and reinstalled only when pyproject.toml or constraints.txt changes.
Every package is installed at the exact version pinned in constraints.txt (the build backend too), so a
run here and a run in CI test the same code against the same libraries.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 the user has
        sys.exit(f"xxgk needs Python >= 3.11, this is {sys.version.split()[0]}")
    if not PY.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    constraints = ROOT / "constraints.txt"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + constraints.read_bytes()
                            + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("installing xxgk and its dependencies into .venv ...", flush=True)
    pip = [str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", str(constraints)]
    # The pinned setuptools goes in first and the package is built without isolation: pip does not apply
    # -c to an isolated build environment, which would otherwise pick whatever setuptools is newest.
    subprocess.run([*pip, "setuptools"], cwd=ROOT, check=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([*pip, "--no-build-isolation", "-e", target], cwd=ROOT, check=True)
    stamp.write_text(digest)


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "app"
    rest = argv[1:]
    if cmd == "app":
        ensure_venv("")
        xxgk = str(BIN / "xxgk")
        subprocess.run([xxgk, "import", str(ROOT / "sample_reports"), "--quiet"], check=False)
        os.execv(xxgk, [xxgk, *rest])
    if cmd == "test":
        ensure_venv("test")
        lint = subprocess.run([str(PY), "-m", "ruff", "check", "."], cwd=ROOT)
        tests = subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT)
        return lint.returncode or tests.returncode
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
