"""Word documents written by hand (a zip of a few XML parts): a hostile body costs nothing to build."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{esc(text)}</w:t></w:r></w:p>'


def table(rows: Iterable[Iterable[str]]) -> str:
    body = "".join("<w:tr>" + "".join(f"<w:tc>{cell if cell.startswith('<w:') else para(cell)}</w:tc>" for cell in row)
                   + "</w:tr>" for row in rows)
    return f"<w:tbl>{body}</w:tbl>"


def document(body: str | Iterable[str], *, extra_parts: Mapping[str, bytes] | None = None,
             head: str = "") -> bytes:
    """A .docx whose body is ``body`` (WordprocessingML: paragraphs, tables)."""
    content = body if isinstance(body, str) else "".join(body)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            f'{XML_HEAD}<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'))
        zf.writestr("word/_rels/document.xml.rels", f'{XML_HEAD}<Relationships xmlns="{PKG}"></Relationships>')
        zf.writestr("word/document.xml", (
            f'{XML_HEAD}{head}<w:document xmlns:w="{W_NS}" xmlns:r="{REL}"><w:body>{content}</w:body></w:document>'))
        for part, data in (extra_parts or {}).items():
            zf.writestr(part, data)
    return buf.getvalue()
