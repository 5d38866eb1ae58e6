"""Old word-processor files (.doc, .wps, .rtf) → .docx through LibreOffice, when it is installed.

xxgk reads these formats only through a converter: ``soffice --headless --convert-to docx`` runs in a
temporary folder with its own throw-away profile (so a LibreOffice the user has open is not disturbed),
with a time limit. Without LibreOffice the user is told, in one line, how to convert the file by hand.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

from xxgk.domain.model import BadInput

CONVERT_TIMEOUT = 120  # seconds; LibreOffice's first start in a fresh profile takes a few seconds

HOW_TO = "请用 Word 或 WPS 打开，另存为 .docx（或 .txt）后再导入"
KIND_NAMES = {"doc": "旧版 Word/WPS 文件（.doc/.wps）", "rtf": "RTF 文件", "xls": "旧版 Excel 文件（.xls/.et）"}


def soffice_path() -> str | None:
    """LibreOffice's ``soffice`` (or ``libreoffice``) on the PATH, else None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def can_convert() -> bool:
    return soffice_path() is not None


def old_format_refused(name: str, kind: str) -> BadInput:
    if kind == "xls":
        return BadInput(name, f"{KIND_NAMES['xls']}：xxgk 不能直接读取，请另存为 .xlsx 后再导入")
    return BadInput(name, f"{KIND_NAMES.get(kind, '旧版文件')}：xxgk 不能直接读取，{HOW_TO}"
                          "（安装 LibreOffice 后可自动转换）")


_ROOT_ENTRY = "Root Entry".encode("utf-16-le")


def check_compound_file(data: bytes, name: str) -> None:
    """Refuse an OLE2 file whose header or root directory entry is not sound, before LibreOffice is started
    for it (a start costs seconds and some 200 MB): the byte-order mark, the sector sizes, the first
    directory sector inside the file, and the ``Root Entry`` (a storage of type 5) at its start."""
    bad = BadInput(name, "以旧版 Word/WPS 文件的标志开头，但文件结构已损坏（不是完整的 .doc 文件）：请重新下载，或用 Word/WPS "
                         "另存为 .docx 后再导入")
    if len(data) < 1024:
        raise bad
    order, sector_shift, mini_shift = struct.unpack_from("<HHH", data, 28)
    (first_dir,) = struct.unpack_from("<I", data, 48)
    if order != 0xFFFE or sector_shift not in (9, 12) or mini_shift != 6:
        raise bad
    size = 1 << sector_shift
    start = (first_dir + 1) * size  # sector n starts after the 512-byte header (a whole sector for 4 KiB ones)
    if first_dir >= 0xFFFFFFFA or start + 128 > len(data):
        raise bad
    name_len = struct.unpack_from("<H", data, start + 64)[0]
    if data[start:start + len(_ROOT_ENTRY)] != _ROOT_ENTRY or name_len != len(_ROOT_ENTRY) + 2 or data[start + 66] != 5:
        raise bad


def to_docx(data: bytes, name: str, kind: str) -> bytes:
    """Convert an old word-processor file to .docx bytes with LibreOffice. Raises BadInput when there is no
    LibreOffice, or when it fails or times out."""
    if kind == "doc":
        check_compound_file(data, name)
    soffice = soffice_path()
    if soffice is None:
        raise old_format_refused(name, kind)
    suffix = ".rtf" if kind == "rtf" else ".doc"
    with tempfile.TemporaryDirectory(prefix="xxgk-convert-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", tmp, str(src)]
        env = {**os.environ, "HOME": tmp}
        try:
            subprocess.run(cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=CONVERT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise BadInput(name, f"LibreOffice 转换超时（{CONVERT_TIMEOUT} 秒）：{HOW_TO}") from None
        except OSError as exc:
            raise BadInput(name, f"无法运行 LibreOffice（{exc.strerror}）：{HOW_TO}") from None
        out = Path(tmp) / "input.docx"
        if not out.exists() or out.stat().st_size == 0:
            raise BadInput(name, f"LibreOffice 未能转换此文件（文件可能已损坏或加密）：{HOW_TO}")
        return out.read_bytes()
