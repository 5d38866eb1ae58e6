"""A streaming look at the XML parts of a zip package (a workbook, a Word document) before any parser
allocates anything for them.

openpyxl and python-docx build objects for everything a part declares: a merged range ``A1:XFD1048576``
becomes 17 billion cell objects, a million ``<c>`` elements a million cells, a deep nesting a deep tree.
``scan_package`` inflates each part in chunks of ``CHUNK`` bytes (the inflated part is never held whole)
and looks at its markup with a few byte-level regular expressions — no XML tree, no entity expansion —
counting what the budgets of ``importers.safety`` are about:

* every element (``tags``), the deepest nesting (``depth``), per part and for the package;
* the elements whose local names the caller watches (``c`` cells, ``sheet``, ``tbl`` …);
* the area of every ``<mergeCell ref="…">`` (the cells openpyxl will create for it);
* any DTD or entity declaration (``<!DOCTYPE``, ``<!ENTITY``): no part of a real package has one, so
  billion-laughs and external-entity tricks are refused here whatever XML library reads them later.

The caller's ``check`` runs after every chunk, so a budget is refused as soon as it is exceeded: the time
and memory of a refusal are bounded by the budget, not by what the file declares.

Which parts are looked at: every member whose first bytes look like XML (``<``, after an optional byte
order mark and white space). A parser can only read a part as XML if it is XML, whatever its name, so
this is a superset of what openpyxl or python-docx will read (a worksheet named ``image1.png`` included).
UTF-16 parts are transcoded to UTF-8 on the way; every other encoding an XML parser accepts keeps ``<``,
``>``, quotes and ASCII names as single bytes, which is all the scan reads.

What the scan does not see is what a parser would not build either: comments, CDATA sections and
processing instructions are removed before the markup is counted (so a fake ``</a>`` inside a comment
cannot hide real nesting).
"""
from __future__ import annotations

import codecs
import functools
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from xxgk.domain.model import BadInput

CHUNK = 1024 * 1024
MAX_MARKUP = 4 * 1024 * 1024  # one tag, comment or CDATA section longer than this is refused

_NAME = re.compile(rb"(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_SKIPPED = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.S)
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)", re.I)
_MERGE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?mergeCell\b[^<>]*?\bref\s*=\s*[\"']([^\"'<>]*)[\"']")
_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?")
_OPENERS = ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"))

HUGE = 1 << 62  # the area of a reference nobody could mean


@dataclass
class PartTally:
    """What one XML part holds."""

    name: str
    size: int  # declared uncompressed size
    root: str = ""  # local name of the first element
    tags: int = 0  # elements
    depth: int = 0  # deepest nesting seen
    counts: Counter[str] = field(default_factory=Counter)  # watched local names
    merged: int = 0  # <mergeCell> elements
    merged_area: int = 0  # cells they cover
    largest_merge: tuple[str, int] = ("", 0)  # the ref covering the most cells, and its area


@dataclass
class PackageTally:
    """What the XML parts of a package hold, part by part and in total."""

    parts: list[PartTally] = field(default_factory=list)
    xml_bytes: int = 0  # declared uncompressed bytes of the XML parts
    tags: int = 0
    depth: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    merged_area: int = 0


def ref_area(ref: str) -> int:
    """Cells covered by an A1-style reference (``A1``, ``B2:D9``); ``HUGE`` when it cannot be read."""
    m = _REF.fullmatch(ref.strip().encode("ascii", "replace"))
    if m is None:
        return HUGE
    c1, r1 = _col(m.group(1)), int(m.group(2))
    c2, r2 = (_col(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
    return (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def scan_package(zf: zipfile.ZipFile, infos: Iterable[zipfile.ZipInfo], name: str, *, what: str,
                 watch: frozenset[bytes], max_depth: int, max_markup: int = MAX_MARKUP,
                 declarations_allowed: Callable[[str], bool] = lambda part: False,
                 check: Callable[[PackageTally, PartTally], None] = lambda total, part: None) -> PackageTally:
    """Scan every XML-looking member of ``zf``; ``check`` raises ``BadInput`` when a budget is exceeded.

    ``what`` names the package in messages (``工作簿``, ``Word 文档``). Raises ``BadInput`` for a damaged
    or encrypted member, a DTD or entity declaration (unless ``declarations_allowed(part)``: an SVG image
    may carry a harmless DOCTYPE), nesting deeper than ``max_depth`` or one markup construct longer than
    ``max_markup`` bytes."""
    total = PackageTally()
    for info in infos:
        if info.is_dir():
            continue
        part = PartTally(info.filename, info.file_size)
        try:
            with zf.open(info) as f:
                first = f.read(CHUNK)
                decoder = _decoder(first)
                if decoder is None:
                    continue  # not XML: no parser reads it as XML
                total.parts.append(part)
                total.xml_bytes += info.file_size
                check(total, part)  # the declared size, before inflating the rest
                _Scanner(part, total, name, what, watch, max_depth, max_markup,
                         declarations_allowed(info.filename), check).run(first, f, decoder)
        except BadInput:
            raise
        except RuntimeError as exc:  # "File … is encrypted, password required"
            raise BadInput(name, f"{what}的部件 {info.filename} 已加密，无法读取：请去掉密码后另存") from exc
        except NotImplementedError as exc:  # an unknown compression method
            raise BadInput(name, f"{what}的部件 {info.filename} 用了无法读取的压缩方式：请用 Excel/WPS 另存") from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zipfile.LargeZipFile) as exc:  # CRC, truncation
            raise BadInput(name, f"{what}已损坏（部件 {info.filename} 无法解压，下载可能不完整）：请重新下载或另存"
                           ) from exc
    return total


def _decoder(first: bytes) -> Callable[[bytes, bool], bytes] | None:
    """How to turn the part's bytes into bytes whose markup is ASCII; None when the part is not XML."""
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or first[:2] in (b"<\0", b"\0<"):
        enc = "utf-16" if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else (
            "utf-16-le" if first[:1] == b"<" else "utf-16-be")
        dec = codecs.getincrementaldecoder(enc)(errors="replace")
        return lambda b, final: dec.decode(b, final).encode("utf-8", "replace")
    head = first[3:] if first.startswith(codecs.BOM_UTF8) else first
    if head.lstrip(b" \t\r\n")[:1] != b"<":
        return None
    return lambda b, final: b


class _Scanner:
    def __init__(self, part: PartTally, total: PackageTally, name: str, what: str, watch: frozenset[bytes],
                 max_depth: int, max_markup: int, declarations_ok: bool,
                 check: Callable[[PackageTally, PartTally], None]) -> None:
        self.part, self.total, self.name, self.what = part, total, name, what
        self.watch, self.max_depth, self.max_markup = watch, max_depth, max_markup
        self.declarations_ok = declarations_ok
        self.check = check
        self.depth = 0
        self.watched = _watched(watch)

    def run(self, first: bytes, f, decode: Callable[[bytes, bool], bytes]) -> None:
        rest = b""
        chunk = first
        while True:
            nxt = f.read(CHUNK) if chunk else b""
            final = not nxt
            buf = rest + decode(chunk, final)
            cut = len(buf) if final else _cut(buf)
            if len(buf) - cut > self.max_markup:
                raise BadInput(self.name, f"{self.what}的部件 {self.part.name} 含一个超过 "
                                          f"{self.max_markup // (1024 * 1024)} MB 的 XML 标记：不是正常的文件，已拒绝")
            self.segment(buf[:cut])
            rest = buf[cut:]
            self.check(self.total, self.part)
            if final:
                return
            chunk = nxt

    def segment(self, seg: bytes) -> None:
        part, total = self.part, self.total
        if b"<!" in seg or b"<?" in seg:
            seg = _SKIPPED.sub(b"", seg)
            if not self.declarations_ok and _DECLARATION.search(seg):
                raise BadInput(self.name, f"{self.what}的部件 {part.name} 声明了 DTD 或实体（<!DOCTYPE/<!ENTITY）："
                                          "正常的文件没有，疑似 XML 炸弹或外部实体攻击，已拒绝")
        tags = seg.count(b"<") - seg.count(b"</")  # elements (a start or empty tag each), counted in C first
        part.tags += tags
        total.tags += tags
        self.check(total, part)  # the element budget, before any work per element
        pieces = seg.split(b"<")
        if not part.root:
            for p in pieces[1:]:
                if p[:1] not in (b"/", b"!", b"?"):
                    m = _NAME.match(p)
                    part.root = m.group(1).decode("ascii", "replace") if m else "?"
                    break
        depth, deepest = self.depth, part.depth
        for p in pieces[1:]:
            first = p[:1]
            if first == b"/":
                depth -= 1
            elif first != b"!" and first != b"?":
                gt = p.find(b">")
                if gt < 1 or p[gt - 1] != 47:  # not "/>": the element stays open
                    depth += 1
                    if depth > deepest:
                        deepest = depth
        self.depth = depth
        part.depth = deepest
        if deepest > total.depth:
            total.depth = deepest
        if deepest > self.max_depth:
            raise BadInput(self.name, f"{self.what}的部件 {part.name} 的 XML 嵌套超过 {self.max_depth} 层："
                                      "不是正常的文件，已拒绝")
        if self.watched is not None:
            for local, n in Counter(self.watched.findall(seg)).items():
                key = local.decode("ascii")
                part.counts[key] += n
                total.counts[key] += n
        if b"mergeCell" in seg:
            for ref in _MERGE.findall(seg):
                text = ref.decode("ascii", "replace")
                area = ref_area(text)
                part.merged += 1
                part.merged_area += area
                total.merged_area += area
                if area > part.largest_merge[1]:
                    part.largest_merge = (text, area)


@functools.cache
def _watched(names: frozenset[bytes]) -> re.Pattern[bytes] | None:
    """The start tags of the watched local names (any namespace prefix), their names captured."""
    if not names:
        return None
    alternatives = b"|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(" + alternatives + rb")[\s/>]")


def _cut(buf: bytes) -> int:
    """Where the complete markup of ``buf`` ends: before its last ``<`` (a tag that may go on in the next
    chunk), or before a comment, CDATA section or processing instruction that is not closed yet."""
    cut = buf.rfind(b"<")
    if cut < 0:
        return len(buf)
    for opener, closer in _OPENERS:
        i = buf.rfind(opener)
        if 0 <= i < cut and buf.find(closer, i + len(opener)) < 0:
            cut = i
    return cut
