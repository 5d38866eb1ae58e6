"""Bytes → str for text and HTML: BOM, then strict UTF-8, then charset-normalizer limited to GB18030/Big5."""
from __future__ import annotations

import re

from xxgk.domain.model import BadInput

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
BINARY = "看起来是二进制文件，不是报告的文本"


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). ``declared`` is an HTML meta charset, tried right after a BOM."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc, errors="strict"), name, enc)
            except UnicodeDecodeError:  # a BOM that lies (a UTF-8 BOM before GBK bytes): read what follows it
                data = data[len(bom):]
                break
    if _looks_utf16(data):
        sample = data[:8000]
        enc = "utf-16-le" if sample[1::2].count(0) >= sample[0::2].count(0) else "utf-16-be"
        try:
            return _checked(data.decode(enc), name, enc)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8000]:
        raise BadInput(name, BINARY)
    if declared:
        canonical = _canonical(declared)
        if canonical:
            try:
                return _checked(data.decode(canonical), name, canonical)
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return _checked(data.decode("utf-8"), name, "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is None:
        raise BadInput(name, "无法作为文本读取：不是 UTF-8、UTF-16、GB18030/GBK 或 Big5 编码")
    enc = best.encoding
    return _checked(data.decode(enc, errors="strict"), name, enc)


def _canonical(declared: str) -> str | None:
    d = declared.strip().lower().replace("_", "-")
    if d in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "gb18030", "euc-cn"):
        return "gb18030"
    if d in ("big5", "big5-hkscs", "cp950"):
        return "big5"
    if d in ("utf-8", "utf8"):
        return "utf-8"
    if d.startswith("utf-16"):
        return "utf-16"
    return None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: NUL bytes (from ASCII characters) sit on one parity only.

    Chinese text in UTF-16 has few NULs (CJK code units have two non-zero bytes), so the test is the
    parity of the NULs, not their share."""
    sample = data[:8000]
    if len(sample) < 8:
        return False
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    nuls = even_nul + odd_nul
    return nuls >= 4 and max(even_nul, odd_nul) >= 0.75 * nuls


# Characters no report's text holds: C0 controls other than \t \n \v \f \r, and U+FFF0–U+FFFF (specials,
# the replacement character, non-characters). Binary data decoded as text is full of them.
_BAD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufff0-\uffff]")


def _checked(text: str, name: str, enc: str) -> tuple[str, str]:
    if not text.strip():
        raise BadInput(name, "文件中没有文字")
    sample = text[:20000]
    bad = len(_BAD_CHARS.findall(sample))
    if "\x00" in sample or bad > max(8, len(sample) // 200):
        raise BadInput(name, BINARY)
    nul = text.find("\x00", len(sample))  # no report text holds one: never stored in a label
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise BadInput(name, f"第 {line:,} 行有 NUL 字符（\\0）：文本不应含有它（文件可能已损坏或混入了二进制内容），未导入")
    return text, enc
