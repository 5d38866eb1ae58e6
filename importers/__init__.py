"""Turn a file into parsed reports. Touches no database and no UI.

``parse_path`` / ``parse_bytes`` sniff the kind from content, not the extension (``importers.sniff``), turn
the input into cells (``importers.text``, ``importers.html``, ``importers.xlsx``, ``importers.docx``,
``importers.pdf``; old .doc/.wps/.rtf files through LibreOffice, ``importers.convert``), and hand the cells
to the one matcher through ``importers.report.build_report``.
"""
from __future__ import annotations

import errno
import gc
import hashlib
import os
import stat
from pathlib import Path

from xxgk.domain.model import BadInput, ParsedReport, ParseWarning
from xxgk.domain.paths import readable_name
from xxgk.importers.sniff import sniff

__all__ = ["MAX_INPUT_BYTES", "parse_bytes", "parse_path", "sniff"]

MAX_INPUT_BYTES = 50 * 1024 * 1024


def parse_bytes(data: bytes, name: str, agency: str | None = None, year: int | None = None) -> list[ParsedReport]:
    """Parse one input given as bytes; ``name`` is used in messages. Raises BadInput for user error.

    The cyclic garbage collector is paused for the parse (and resumed after, if it was on): a parse builds
    thousands of short-lived objects (cells, values, checks) and no reference cycles, and the collector's
    passes triggered by those allocations walk every tracked object, the memo caches among them: a fifth of
    the parse time (bench/bench_parse.py). Nothing is lost: whatever a parse leaves is collected after it.
    (Mercurial's ``util.nogc`` does the same around building large containers.)"""
    if not gc.isenabled():  # paused already (by a caller, or another thread's parse): leave it as it is
        return _parse_bytes(data, name, agency, year)
    gc.disable()
    try:
        return _parse_bytes(data, name, agency, year)
    finally:
        gc.enable()


def _parse_bytes(data: bytes, name: str, agency: str | None, year: int | None) -> list[ParsedReport]:
    name = readable_name(name)
    if not data.strip():
        raise BadInput(name, "文件是空的")
    if len(data) > MAX_INPUT_BYTES:
        raise BadInput(name, too_large(len(data), MAX_INPUT_BYTES))
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if kind == "pdf":
        from xxgk.importers.pdf import parse_pdf

        return [parse_pdf(data, name, sha, agency=agency, year=year)]
    if kind == "docx":
        from xxgk.importers.docx import parse_docx

        return [parse_docx(data, name, sha, agency=agency, year=year)]
    if kind in ("doc", "rtf"):
        from xxgk.importers.convert import KIND_NAMES, to_docx
        from xxgk.importers.docx import parse_docx

        converted = to_docx(data, name, kind)
        note = ParseWarning(f"{KIND_NAMES[kind]}已用 LibreOffice 转换为 .docx 后读取：请核对表格", name)
        return [parse_docx(converted, name, sha, agency=agency, year=year, fmt=kind, extra_warnings=[note])]
    if kind == "xls":
        from xxgk.importers.convert import old_format_refused

        raise old_format_refused(name, kind)
    if kind == "zip":  # never unpacked here, so no size check is needed
        raise BadInput(name, "是压缩包，不是报告文件：请先解压，再导入其中的报告")
    if kind == "xlsx":
        from xxgk.importers.xlsx import parse_xlsx

        return parse_xlsx(data, name, sha, agency=agency, year=year)
    if kind == "html":
        from xxgk.importers.html import parse_html

        return [parse_html(data, name, sha, agency=agency, year=year)]
    from xxgk.importers.text import parse_text

    return [parse_text(data, name, sha, agency=agency, year=year)]


def read_input(path: str | Path) -> bytes:
    """The bytes of one input file, checked before reading: a regular file (never a FIFO, socket or device,
    which could block, never end or act on being opened: ``os.stat`` first, the open descriptor checked
    again) of at most ``MAX_INPUT_BYTES``, read with that cap whatever its size claims. Raises BadInput."""
    name = str(path)
    try:
        st = os.stat(path)  # follows links: a link to /dev/zero is a device
    except OSError as exc:
        raise BadInput(name, _os_problem(exc)) from None
    _check_kind(st, name)
    if st.st_size > MAX_INPUT_BYTES:
        raise BadInput(name, too_large(st.st_size, MAX_INPUT_BYTES))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise BadInput(name, _os_problem(exc)) from None
    with os.fdopen(fd, "rb") as f:
        _check_kind(os.fstat(fd), name)  # replaced between the stat and the open
        try:
            data = f.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise BadInput(name, _os_problem(exc)) from None
    if len(data) > MAX_INPUT_BYTES:
        raise BadInput(name, too_large(len(data), MAX_INPUT_BYTES))
    return data


def too_large(size: int, limit: int, what: str = "任何年度报告") -> str:
    return f"文件有 {size / (1024 * 1024):.0f} MB，远大于{what}（上限 {limit // (1024 * 1024)} MB），未读取"


def _check_kind(st: os.stat_result, name: str) -> None:
    if stat.S_ISREG(st.st_mode):
        return
    if stat.S_ISDIR(st.st_mode):
        raise BadInput(name, "是文件夹，不是文件")
    raise BadInput(name, "不是普通文件（设备、管道或套接字），未读取")


_ERRNO_TEXT = {errno.ENOENT: "文件不存在（或链接指向的文件不存在）", errno.EACCES: "没有读取权限",
               errno.EPERM: "没有读取权限", errno.ELOOP: "符号链接形成循环", errno.ENOTDIR: "路径中有一段不是文件夹",
               errno.ENAMETOOLONG: "文件名太长", errno.EISDIR: "是文件夹，不是文件", errno.EIO: "读取时磁盘出错",
               errno.ENXIO: "不是普通文件（设备、管道或套接字），未读取"}


def _os_problem(exc: OSError) -> str:
    text = _ERRNO_TEXT.get(exc.errno or 0)
    return text if text else f"无法读取（{exc.strerror or type(exc).__name__}）"


def parse_path(path: str | Path, agency: str | None = None, year: int | None = None) -> list[ParsedReport]:
    return parse_bytes(read_input(path), str(path), agency=agency, year=year)
