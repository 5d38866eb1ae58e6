"""Turn a file into parsed reports. Touches no database and no UI.

``parse_path`` / ``parse_bytes`` sniff the kind from content (not the extension), turn the input into
cells (``importers.text``, ``importers.html``, ``importers.xlsx``), and hand the cells to the one matcher
through ``importers.report.build_report``.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from xxgk.domain.model import BadInput, ParsedReport

MAX_INPUT_BYTES = 50 * 1024 * 1024


def sniff(data: bytes) -> str:
    """'xlsx', 'html' or 'text', decided by content."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    head = data[:4096].lower()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text or page: look at it decoded
        head = data[:8192].decode("utf-16", errors="ignore").lower().encode()
    for marker in (b"<!doctype html", b"<html", b"<table", b"<body", b"<head", b"<meta "):
        if marker in head:
            return "html"
    return "text"


def parse_bytes(data: bytes, name: str, agency: str | None = None, year: int | None = None) -> list[ParsedReport]:
    """Parse one input given as bytes; ``name`` is used in messages. Raises BadInput for user error."""
    if not data.strip():
        raise BadInput(name, "the file is empty")
    if len(data) > MAX_INPUT_BYTES:
        raise BadInput(name, f"the file is {len(data) // (1024 * 1024)} MiB, more than any report (limit 50 MiB)")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if kind == "xlsx":
        from xxgk.importers.xlsx import parse_xlsx

        return parse_xlsx(data, name, sha, agency=agency, year=year)
    if kind == "html":
        from xxgk.importers.html import parse_html

        return [parse_html(data, name, sha, agency=agency, year=year)]
    from xxgk.importers.text import parse_text

    return [parse_text(data, name, sha, agency=agency, year=year)]


def read_input(path: str | Path) -> bytes:
    """The bytes of one input file, checked before reading: a regular file (never a FIFO or a device,
    which could block or never end) of at most ``MAX_INPUT_BYTES``. Raises BadInput."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise BadInput(name, "no such file") from None
    except IsADirectoryError:
        raise BadInput(name, "is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(name, f"cannot be read ({exc.strerror})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        if stat.S_ISDIR(st.st_mode):
            raise BadInput(name, "is a folder, not a file")
        raise BadInput(name, "不是普通文件（设备、管道或套接字），未读取")
    with os.fdopen(fd, "rb") as f:
        if st.st_size > MAX_INPUT_BYTES:
            raise BadInput(name, f"the file is {st.st_size // (1024 * 1024)} MiB, more than any report (limit 50 MiB)")
        try:
            data = f.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise BadInput(name, f"cannot be read ({exc.strerror})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise BadInput(name, f"the file is more than {MAX_INPUT_BYTES // (1024 * 1024)} MiB (limit 50 MiB)")
    return data


def parse_path(path: str | Path, agency: str | None = None, year: int | None = None) -> list[ParsedReport]:
    return parse_bytes(read_input(path), str(path), agency=agency, year=year)
