"""PDFs written by hand (objects, a cross-reference table, a trailer): a hostile one costs nothing to build."""
from __future__ import annotations

import zlib
from collections.abc import Iterable


def pdf(contents: Iterable[bytes], *, count: int | None = None, flate: bool = True, encrypt: bool = False,
        extra_objects: Iterable[bytes] = ()) -> bytes:
    """A PDF with one page per content stream (Helvetica as F1); ``count`` overrides the page tree's /Count,
    ``encrypt`` adds a standard security handler whose user password is not empty."""
    pages = list(contents)
    n_pages = len(pages)
    objs: list[bytes] = [b"", b""]  # 1: catalog, 2: page tree (filled in below)
    font_id = 3
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for content in pages:
        data = zlib.compress(content, 9) if flate else content
        filt = b" /Filter /FlateDecode" if flate else b""
        objs.append(b"<< /Length %d%s >>\nstream\n" % (len(data), filt) + data + b"\nendstream")
        content_id = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (content_id, font_id))
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids),
                                                           n_pages if count is None else count)
    objs.extend(extra_objects)
    trailer_extra = b""
    if encrypt:
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"41" * 32 + b"> /U <"
                    + b"42" * 32 + b"> >>")
        trailer_extra = b" /Encrypt %d 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]" % len(objs)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, trailer_extra, xref)
    return bytes(out)


def text_page(lines: Iterable[str], size: int = 10) -> bytes:
    """A content stream writing ASCII lines from the top of the page."""
    ops = [b"BT /F1 %d Tf 40 800 Td %d TL" % (size, size + 2)]
    for line in lines:
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
        ops.append(b"(" + esc + b") ' ")
    ops.append(b"ET")
    return b"\n".join(ops)
