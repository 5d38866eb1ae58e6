#!/usr/bin/env python3
"""Set-up and run in one step; needs only Python >= 3.11.

    python3 dev.py app     create .venv, install, import sample_reports/ into the default archive, open the app
    python3 dev.py test    create .venv, install with test extras, run ruff, mypy and the test suite

Both are idempotent: the venv is reused and reinstalled only when pyproject.toml or constraints.txt changes.
Every package is installed at the exact version pinned in constraints.txt (the build backend too), so a
run here and a run in CI test the same code against the same libraries.

mypy checks the package as installed (xxgk.domain, xxgk.store, ...), but the source folders sit at the top of
the repository and setuptools maps them (pyproject's package-dir) through an import hook that mypy does not
follow. So `test` first mirrors the installed layout as a tree of symlinks, .venv/typecheck/xxgk/domain ->
domain/ and so on (rebuilt on every run from package-dir, so it cannot go stale), and mypy reads that tree
(pyproject's [tool.mypy] mypy_path); its messages are translated back to the repository's file names.
After one `dev.py test`, `.venv/bin/mypy` alone works too (with the tree's file names).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
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
    if not (stamp.exists() and stamp.read_text() == digest):
        print("installing xxgk and its dependencies into .venv ...", flush=True)
        pip = [str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-c", str(constraints)]
        # The pinned setuptools goes in first and the package is built without isolation: pip does not apply
        # -c to an isolated build environment, which would otherwise pick whatever setuptools is newest.
        subprocess.run([*pip, "setuptools"], cwd=ROOT, check=True)
        target = f".[{extras}]" if extras else "."
        subprocess.run([*pip, "--no-build-isolation", "-e", target], cwd=ROOT, check=True)
        stamp.write_text(digest)
    compile_bytecode()


def package_dirs() -> dict[str, str]:
    """pyproject's package-dir: each installed package and the repository folder it is read from."""
    return dict(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"])


def compile_bytecode() -> None:
    """Write the package's bytecode (__pycache__) now. An editable install leaves only sources, and where
    PYTHONDONTWRITEBYTECODE is set (as on our build machines) Python never writes it either, so every
    `xxgk` command compiled each module it imports again: 0.15 s of CPU at each start (0.45 s against 0.30
    for a one-file import). Python still reads bytecode under that setting, and ignores a file whose
    source has changed since, so this only needs to run again after an edit (55 ms when nothing changed)."""
    folders = sorted(set(package_dirs().values()))
    subprocess.run([str(PY), "-m", "compileall", "-q", *folders], cwd=ROOT, check=False)


def typecheck_tree() -> Path:
    """Mirror the installed layout (pyproject's package-dir) as symlinks under .venv/typecheck/."""
    mapping = package_dirs()
    tree = VENV / "typecheck"
    shutil.rmtree(tree, ignore_errors=True)
    for package, folder in sorted(mapping.items()):  # a parent package before its children
        target = tree.joinpath(*package.split("."))
        source = ROOT / folder
        if any(other.startswith(package + ".") for other in mapping):
            target.mkdir(parents=True)  # holds mapped children too (xxgk/): link its own entries one by one
            for entry in source.iterdir():
                if entry.name != "__pycache__":
                    _mirror(entry, target / entry.name)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            _mirror(source, target)
    return tree


def _mirror(source: Path, target: Path) -> None:
    try:
        target.symlink_to(source, target_is_directory=source.is_dir())
    except OSError:  # Windows without the symlink privilege: a copy (mypy then names the copies' files)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)


def typecheck() -> int:
    typecheck_tree()
    run = subprocess.run([str(PY), "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)

    def real(match: re.Match[str]) -> str:  # .venv/typecheck/xxgk/domain/model.py -> domain/model.py
        path = (ROOT / match[1]).resolve()
        return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:"

    for stream, text in ((sys.stdout, run.stdout), (sys.stderr, run.stderr)):
        stream.write(re.sub(r"^(\S+?\.pyi?):", real, text, flags=re.M))
        stream.flush()
    return run.returncode


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
        types = typecheck()
        tests = subprocess.run([str(PY), "-m", "pytest", *rest], cwd=ROOT)
        return lint.returncode or types or tests.returncode
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
