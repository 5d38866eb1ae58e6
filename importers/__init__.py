"""Turn a file into parsed reports. Touches no database and no UI.

``parse_path`` / ``parse_bytes`` sniff the kind from content (not the extension), turn the input into
cells (``importers.text``, ``importers.html``, ``importers.xlsx``), and hand the cells to the one matcher
through ``importers.report.build_report``.
"""
from __future__ import annotations

import hashlib
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


def parse_path(path: str | Path, agency: str | None = None, year: int | None = None) -> list[ParsedReport]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise BadInput(str(path), "no such file") from None
    except IsADirectoryError:
        raise BadInput(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(str(path), f"cannot be read ({exc.strerror})") from None
    return parse_bytes(data, str(path), agency=agency, year=year)
