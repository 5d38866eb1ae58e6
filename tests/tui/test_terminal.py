"""The app refuses to start without a terminal: one Chinese line where a person sees it, exit 2, no
escape codes in a redirected stream, nothing created (it used to hang, drawing into the redirect)."""
from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from xxgk.tui.app import NO_TERMINAL

ROOT = Path(__file__).resolve().parents[2]
APP = [sys.executable, "-m", "xxgk"]


def env() -> dict[str, str]:
    return {**os.environ, "TERM": "xterm-256color", "XXGK_DEBUG": ""}


def test_no_terminal_at_all_says_so_on_stderr(tmp_path):
    db = tmp_path / "archive.sqlite"
    done = subprocess.run([*APP, "--db", str(db)], stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=60, cwd=tmp_path, env=env())
    assert done.returncode == 2
    assert done.stderr.decode() == NO_TERMINAL + "\n"
    assert done.stdout == b""
    assert b"\x1b" not in done.stderr
    assert not db.exists()  # refused before the archive is touched


def test_stderr_redirected_to_a_file_says_so_on_the_terminal(tmp_path):
    """stdin and stdout are a terminal, stderr goes to a file (``xxgk 2>log``): the line goes to the
    terminal, the file stays empty."""
    db = tmp_path / "archive.sqlite"
    log = tmp_path / "stderr.log"
    master, slave = pty.openpty()
    try:
        with log.open("wb") as err:
            proc = subprocess.Popen([*APP, "--db", str(db)], stdin=slave, stdout=slave, stderr=err,
                                    cwd=tmp_path, env=env())
            returncode = proc.wait(timeout=60)
        os.close(slave)
        slave = -1
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the other side is closed
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(master)
        if slave != -1:
            os.close(slave)
    assert returncode == 2
    assert log.read_bytes() == b""
    assert seen.decode().replace("\r\n", "\n") == NO_TERMINAL + "\n"
    assert not db.exists()
