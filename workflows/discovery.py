"""Which files under the paths a user gives are reports to import, and what is skipped and why.

Folders are walked recursively in name order. Symbolic links are followed (a loop is reported once,
never walked twice); a dangling link, an unreadable folder and every file that is not a report input
(images, archives …) is listed as skipped with what to do, so a folder import never drops a file without
a word. Old Word/WPS files (.doc, .wps, .rtf) are imported when LibreOffice is installed (the importer
converts them), else skipped with how to convert them by hand. Files given one by one are always tried:
the importer reads their content, not their name.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.importers.convert import can_convert

# Report inputs by suffix (a folder's other files are skipped; a file given by name is always tried).
REPORT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".shtml", ".xlsx", ".xlsm", ".pdf",
                             ".docx", ".docm"})
# Read through LibreOffice when it is installed (``xxgk.importers.convert``), else skipped as "word_old".
CONVERTIBLE_SUFFIXES = frozenset({".doc", ".wps", ".rtf"})
# What a folder import reads, as the front ends name it to a reviewer.
SUPPORTED_TEXT = ".pdf .docx .txt .html .xlsx"

# Skipped kinds: (kind, what to tell the user). The kind is a key the front ends count by.
SKIP_KINDS: dict[str, str] = {
    "image": "图片：没有可提取的文字（请找文字版或 PDF 原件）",
    "word_old": "旧版 Word/WPS 文件：请另存为 .docx 或 .txt 后再导入（或安装 LibreOffice 后自动转换）",
    "archive": "压缩包：请先解压",
    "spreadsheet_old": "旧版 Excel（.xls/.et）：请另存为 .xlsx 后再导入",
    "hidden": "隐藏文件",
    "unknown": f"不是报告文件（只导入 {SUPPORTED_TEXT}）",
    "unreadable": "无法读取（没有权限）",
    "dangling": "链接指向的文件不存在",
    "loop": "链接形成循环，已跳过",
    "special": "不是普通文件（设备、管道或套接字）",
}
_KIND_BY_SUFFIX = {
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic"), "image"),
    **dict.fromkeys((".doc", ".wps", ".rtf"), "word_old"),
    **dict.fromkeys((".zip", ".rar", ".7z", ".gz", ".tar", ".tgz", ".bz2", ".xz"), "archive"),
    **dict.fromkeys((".xls", ".et"), "spreadsheet_old"),
}


@dataclass(frozen=True)
class Skipped:
    path: Path
    kind: str  # a key of SKIP_KINDS

    @property
    def reason(self) -> str:
        return SKIP_KINDS[self.kind]


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def skipped_by_kind(self) -> dict[str, list[Skipped]]:
        out: dict[str, list[Skipped]] = {}
        for item in self.skipped:
            out.setdefault(item.kind, []).append(item)
        return out


def supported_text() -> str:
    """``.pdf .docx .txt .html .xlsx``, with ``.doc .wps .rtf`` when LibreOffice can convert them."""
    return SUPPORTED_TEXT + (" .doc .wps .rtf" if can_convert() else "")


def skip_kind(path: Path) -> str | None:
    """Why a file found in a folder is not imported, or None when it is a report input."""
    if path.name.startswith("."):
        return "hidden"
    suffix = path.suffix.lower()
    if suffix in REPORT_SUFFIXES or (suffix in CONVERTIBLE_SUFFIXES and can_convert()):
        return None
    return _KIND_BY_SUFFIX.get(suffix, "unknown")


def discover(paths: Iterable[str | os.PathLike[str]]) -> Discovery:
    """The report files under ``paths`` (files as given, folders walked) and everything skipped."""
    found = Discovery()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk(path, found)
        else:
            found.files.append(path)  # a missing or odd file is the importer's to report, with its name
    return found


def _walk(root: Path, found: Discovery) -> None:
    """Depth first, in name order, without recursion: a tree 1,500 folders deep is a valid path (and was a
    RecursionError). A folder that is one of its own ancestors is a loop."""
    ancestors: set[tuple[int, int]] = set()
    stack: list[tuple[Iterator[os.DirEntry[str]], tuple[int, int]]] = []

    def enter(folder: Path) -> None:
        try:
            st = folder.stat()
        except OSError:
            found.skipped.append(Skipped(folder, "unreadable"))
            return
        ident = (st.st_dev, st.st_ino)
        if ident in ancestors:
            found.skipped.append(Skipped(folder, "loop"))
            return
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            found.skipped.append(Skipped(folder, "unreadable"))
            return
        ancestors.add(ident)
        stack.append((iter(entries), ident))

    enter(root)
    while stack:
        entries, ident = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            ancestors.discard(ident)
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows links
            is_file = entry.is_file()
        except OSError:
            found.skipped.append(Skipped(path, "unreadable"))
            continue
        if entry.is_symlink() and not path.exists():
            found.skipped.append(Skipped(path, "dangling"))
        elif is_dir:
            if entry.name.startswith("."):
                continue  # .git, .cache …: not the office's reports
            enter(path)
        elif not is_file:
            found.skipped.append(Skipped(path, "special"))
        else:
            kind = skip_kind(path)
            if kind is None:
                found.files.append(path)
            else:
                found.skipped.append(Skipped(path, kind))
