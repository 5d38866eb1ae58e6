"""HTML pages → cells. Every ``<table>`` becomes a grid; text outside tables becomes narrative lines.

Only the standard library's ``html.parser`` is used (its main loop replaced by ``_FastParser``, which gives
the same events and reads plain start and end tags with one regex each: ~2× faster on a real page). The page is first turned into a small tree of
*flows* (the body, or the content of one table cell): a flow is a list of text lines and tables, in
document order. Then:

* a **data table** (no table nested in it) becomes a grid with rowspan/colspan expanded: label text of a
  spanned cell is repeated in every position it covers, a number only in the top-left position;
* a **layout table** (one that holds other tables, a single cell, or a cell of running prose: more than
  six lines or 300 characters) is not a grid: the content of its cells is emitted as flows, so the data
  tables inside it and the paragraphs around them come out in reading order. This is how old government
  sites wrap a whole article;
* a number spanning several rows is kept in the top-left position only, with one warning per table; a
  number spanning columns only (the official 表二 layout) is not warned about (``WARN_HORIZONTAL_NUMBER_SPANS``);
* ``<br>`` inside a cell joins without a space (labels are whitespace-insensitive), ``&nbsp;`` is a blank;
* lines outside data tables become ``Cell(mode="plain", narrative=True, where="text line N")`` where N is
  the line's number in the visible text handed to the matcher.

Ignored: ``script``, ``style``, ``nav``, ``header``/``footer`` (unless inside ``article``/``main``, where
they are the article's own title and sign-off), ``noscript``, ``template``, form controls, comments,
elements with the ``hidden`` attribute or ``display:none``.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from xxgk.domain.model import BadInput, ParsedReport, ParseWarning
from xxgk.importers.cells import Cell
from xxgk.importers.grid import (
    WARN_HORIZONTAL_NUMBER_SPANS,
    Flow,
    GridEmitter,
    Table,
    TCell,
    clean,
    looks_numeric,
)
from xxgk.importers.safety import (
    MAX_HTML_BYTES,
    MAX_HTML_CELLS,
    MAX_HTML_DEPTH,
    check_bytes,
    check_html_size,
    check_html_tags,
    check_text_chars,
    html_cells_refused,
)

__all__ = ["WARN_HORIZONTAL_NUMBER_SPANS", "HtmlDoc", "decode_html", "looks_numeric", "parse_html", "read_html",
           "report_title"]

# -------------------------------------------------------------------------------------------- charset

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
            "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "big5": "big5hkscs", "x-x-big5": "big5hkscs",
            "cp950": "big5hkscs", "utf8": "utf-8", "unicode": "utf-8", "x-user-defined": "windows-1252"}
_DISPLAY = {"big5hkscs": "big5"}


def _codec(label: str) -> str | None:
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("gb2312", "gbk"):
        return "gb18030"
    if name in ("utf-16-le", "utf-16-be", "utf-16"):  # a page read as bytes cannot really be UTF-16 here
        return "utf-8"
    return name


def decode_html(data: bytes) -> tuple[str, str, list[ParseWarning]]:
    """Return (text, encoding name, warnings). Order: BOM, meta charset, strict UTF-8, GB18030/Big5 guess."""
    warnings: list[ParseWarning] = []
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom):].decode(enc, errors="replace")
            return text, enc.replace("-le", "").replace("-be", ""), warnings
    m = _META_CHARSET.search(data[:16384])
    declared = _codec(m.group(1).decode("ascii", "ignore")) if m else None
    if m and declared:
        try:
            return data.decode(declared), _DISPLAY.get(declared, declared), warnings
        except UnicodeDecodeError:
            pass
        for alt in ("utf-8", "gb18030"):  # mislabelled pages: GBK bytes under "utf-8", UTF-8 under "gb2312"
            if alt == declared:
                continue
            try:
                text = data.decode(alt)
            except UnicodeDecodeError:
                continue
            warnings.append(ParseWarning(f"网页声明的编码是 {m.group(1).decode('ascii', 'ignore')}，"
                                         f"实际是 {alt}：已按 {alt} 读取", "charset"))
            return text, alt, warnings
        text = data.decode(declared, errors="replace")
        bad = text.count("\ufffd")
        warnings.append(ParseWarning(f"网页声明为 {_DISPLAY.get(declared, declared)} 编码，有 {bad} 处字节无法解码："
                                     f"已替换为 \ufffd", "charset"))
        return text, _DISPLAY.get(declared, declared), warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    enc = "gb18030"
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
        if best is not None and best.encoding in ("gb18030", "big5"):
            enc = "big5hkscs" if best.encoding == "big5" else "gb18030"
    except Exception:  # pragma: no cover - charset-normalizer is a soft dependency here
        pass
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd")
    warnings.append(ParseWarning(f"网页没有声明编码：已按 {_DISPLAY.get(enc, enc)} 读取"
                                 + (f"（{bad} 处字节无法解码，已替换）" if bad else ""), "charset"))
    return text, _DISPLAY.get(enc, enc), warnings


# ---------------------------------------------------------------------------------------------- parser

_SKIP = {"script", "style", "nav", "noscript", "template", "select", "option", "button", "textarea", "iframe",
         "svg", "object", "canvas", "audio", "video", "map"}
_SEMANTIC_CHROME = {"header", "footer"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr", "keygen", "frame"}
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main",
          "blockquote", "pre", "hr", "dt", "dd", "dl", "address", "figure", "figcaption", "center", "form",
          "fieldset", "legend", "aside", "header", "footer", "body", "html"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# A start tag of these closes an open <p> on top of the stack, as in browsers (sloppy pages never close <p>).
_CLOSES_P = (_BLOCK - {"br", "body", "html"}) | {"table", "hr", "menu", "nav"}
_SECTIONS = ("thead", "tbody", "tfoot")
# A start tag closes the same open element on top of the stack (an unclosed <li> before the next one …).
_SELF_CLOSING_SIBLINGS = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "option": ("option",)}
_TABLE_PARTS = frozenset({"tr", "td", "th", "caption", *_SECTIONS})
_KEPT = {"tr": _SECTIONS, "td": (*_SECTIONS, "tr"), "th": (*_SECTIONS, "tr")}  # what a new row or cell keeps open
_NO_ATTRS: dict[str, str | None] = {}
# tags whose start does more than being pushed on the stack (without attributes)
_SPECIAL = frozenset(_VOID | _SKIP | _SEMANTIC_CHROME | _BLOCK | _CLOSES_P | _TABLE_PARTS | set(_SELF_CLOSING_SIBLINGS)
                     | {"title", "h1", "table", "article", "main", "head"})


# A start tag in the plain form nearly every tag of a real page has: an ASCII name, attributes separated by
# ASCII blanks, values quoted (without < > & or the quote) or bare (without blanks, quotes, < > = ` & /).
# For such a tag html.parser's tolerant regexes give exactly this name and these attributes; anything else
# (and script/style, whose content html.parser reads as text) goes through html.parser's own parse_starttag.
_PLAIN_START = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9:_.\-]*)((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"<>&]*\"|'[^'<>&]*'|[^\s\"'<>=`&/]+(?=[ \t\n\r\f>])))?)*)[ \t\n\r\f]*(/?)>")
_PLAIN_ATTR = re.compile(
    r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"([^\"<>&]*)\"|'([^'<>&]*)'|([^\s\"'<>=`&/]+)))?")
_AMP_END = re.compile(r"[\s;]")
# html.parser's own patterns (Python 3.11), copied: they are not part of its public interface
starttagopen = re.compile("<[a-zA-Z]")
endtagfind = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
charref = re.compile("&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]")
entityref = re.compile("&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]")
incomplete = re.compile("&[a-zA-Z#]")


class _FastParser(HTMLParser):
    """``html.parser`` with a faster main loop: the same events for the same page (the loop is the standard
    library's ``goahead`` of Python 3.11, less line/column bookkeeping nobody reads, with plain start tags and
    end tags read by one regex each); every other construct is handed to html.parser's own methods."""

    # A subclass that reads only some attributes names a pattern found in the text of every plain tag whose
    # attributes it needs; the other plain tags are handed no attributes.
    RELEVANT_ATTRS: re.Pattern[str] | None = None

    def goahead(self, end: bool) -> None:  # noqa: C901 - one loop, as in html.parser
        rawdata = self.rawdata
        i = 0
        n = len(rawdata)
        convert = self.convert_charrefs
        plain_start = _PLAIN_START.match
        plain_end = endtagfind.match
        starttag = self.handle_starttag
        startendtag = self.handle_startendtag
        endtag = self.handle_endtag
        data = self.handle_data
        cdata_tags = self.CDATA_CONTENT_ELEMENTS
        relevant = self.RELEVANT_ATTRS.search if self.RELEVANT_ATTRS is not None else None
        while i < n:
            if convert and not self.cdata_elem:
                j = rawdata.find("<", i)
                if j < 0:
                    amppos = rawdata.rfind("&", max(i, n - 34))
                    if amppos >= 0 and not _AMP_END.search(rawdata, amppos):
                        break  # wait till we get all the text
                    j = n
            else:
                match = self.interesting.search(rawdata, i)  # < or &
                if match:
                    j = match.start()
                else:
                    if self.cdata_elem:
                        break
                    j = n
            if i < j:
                if convert and not self.cdata_elem:
                    data(unescape(rawdata[i:j]))
                else:
                    data(rawdata[i:j])
            i = j
            if i == n:
                break
            startswith = rawdata.startswith
            if startswith("<", i):
                m = None if self.cdata_elem else plain_start(rawdata, i)  # only ever matches "<" + letter
                if m is not None and (tag := m.group(1).lower()) not in cdata_tags:
                    self.lasttag = tag
                    _name, attr_text, closed = m.groups()
                    attrs: list[tuple[str, str | None]] = []
                    if attr_text and (relevant is None or relevant(attr_text)):
                        for a in _PLAIN_ATTR.finditer(attr_text):
                            name, v1, v2, v3 = a.groups()
                            attrs.append((name.lower(), v1 if v1 is not None else v2 if v2 is not None else v3))
                    if closed:
                        startendtag(tag, attrs)
                    else:
                        starttag(tag, attrs)
                    k = m.end()
                elif starttagopen.match(rawdata, i):  # < + letter
                    k = self.parse_starttag(i)
                elif startswith("</", i):
                    m = None if self.cdata_elem else plain_end(rawdata, i)
                    if m is not None:
                        endtag(m.group(1).lower())
                        k = m.end()
                    else:
                        k = self.parse_endtag(i)
                elif startswith("<!--", i):
                    k = self.parse_comment(i)
                elif startswith("<?", i):
                    k = self.parse_pi(i)
                elif startswith("<!", i):
                    k = self.parse_html_declaration(i)
                elif (i + 1) < n:
                    data("<")
                    k = i + 1
                else:
                    break
                if k < 0:
                    if not end:
                        break
                    k = rawdata.find(">", i + 1)
                    if k < 0:
                        k = rawdata.find("<", i + 1)
                        if k < 0:
                            k = i + 1
                    else:
                        k += 1
                    if convert and not self.cdata_elem:
                        data(unescape(rawdata[i:k]))
                    else:
                        data(rawdata[i:k])
                i = k
            elif startswith("&#", i):
                match = charref.match(rawdata, i)
                if match:
                    self.handle_charref(match.group()[2:-1])
                    k = match.end()
                    if not startswith(";", k - 1):
                        k = k - 1
                    i = k
                    continue
                if ";" in rawdata[i:]:  # bail by consuming &#
                    data(rawdata[i:i + 2])
                    i = i + 2
                break
            elif startswith("&", i):
                match = entityref.match(rawdata, i)
                if match:
                    self.handle_entityref(match.group(1))
                    k = match.end()
                    if not startswith(";", k - 1):
                        k = k - 1
                    i = k
                    continue
                match = incomplete.match(rawdata, i)
                if match:
                    if end and match.group() == rawdata[i:]:
                        i = i + 1
                    break
                if (i + 1) < n:
                    data("&")
                    i = i + 1
                else:
                    break
            else:  # pragma: no cover
                raise AssertionError("interesting.search() lied")
        if end and i < n and not self.cdata_elem:
            if convert and not self.cdata_elem:
                data(unescape(rawdata[i:n]))
            else:
                data(rawdata[i:n])
            i = n
        self.rawdata = rawdata[i:]


class _PageParser(_FastParser):
    # the only attributes read: hidden, style (display:none, visibility:hidden), rowspan, colspan
    RELEVANT_ATTRS = re.compile("hidden|display|span", re.I)

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.root = Flow()
        self.tables: list[Table] = []  # open tables, innermost last
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skips its content, made a table)
        self.open: dict[str, int] = {}  # tag -> how many are on the stack (a stray end tag costs O(1))
        self.table_at: list[int] = []  # where each open table sits on the stack
        self.flattened = 0  # start tags beyond MAX_HTML_DEPTH, not pushed
        self.skip = 0
        self.n_tables = 0
        self.n_cells = 0
        self.title: list[str] = []
        self.in_title = False
        self.h1: str | None = None
        self._h1: list[str] | None = None
        self.containers = 0  # open article/main elements

    # -- where text goes
    def _flow(self) -> Flow:
        if self.tables:
            t = self.tables[-1]
            if t.cell is not None:
                return t.cell.flow
            if t.in_caption:
                return t.caption
            return t.parent  # text loose inside a table: browsers show it next to the table
        return self.root

    # -- table helpers
    def _close_cell(self, t: Table) -> None:
        if t.cell is not None:
            t.cell.flow.close()
            t.cell = None

    def _close_row(self, t: Table) -> None:
        self._close_cell(t)
        t.open_row = False

    # -- element stack (lenient: an end tag closes up to its nearest open match, stray end tags are ignored)
    def _push(self, tag: str, skips: bool, table: bool = False) -> None:
        self.stack.append((tag, skips, table))
        self.open[tag] = self.open.get(tag, 0) + 1
        if skips:
            self.skip += 1
        if tag in ("article", "main"):
            self.containers += 1

    def _pop_to(self, tag: str) -> list[tuple[str, bool, bool]] | None:
        if not self.open.get(tag):
            return None  # a stray end tag
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                return self._truncate(i)
        return None  # pragma: no cover - self.open says it is there

    def _truncate(self, keep: int) -> list[tuple[str, bool, bool]]:
        """Pop every element above the first ``keep`` (their content ends here)."""
        popped = self.stack[keep:]
        for t, skips, _ in popped:
            self.open[t] -= 1
            if skips:
                self.skip -= 1
            if t in ("article", "main"):
                self.containers -= 1
        del self.stack[keep:]
        return popped

    def _table_part(self, tag: str) -> None:
        """A row, cell or section of the innermost table starts: what the previous one left open ends (an
        unclosed <td> or <font> never piles up), as in browsers."""
        keep = self.table_at[-1] + 1
        for kept in _KEPT.get(tag, ()):  # in order: a section, then a row
            if keep < len(self.stack) and self.stack[keep][0] == kept:
                keep += 1
        if keep < len(self.stack):
            self._ended(self._truncate(keep))

    def _ended(self, popped: list[tuple[str, bool, bool]]) -> None:
        for _t, _s, made in popped:  # tables closed with them
            if made and self.tables:
                self._end_table()

    def _end_table(self) -> None:
        t = self.tables.pop()
        self.table_at.pop()
        self._close_row(t)
        t.caption.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not attrs and tag not in _SPECIAL and len(self.stack) < MAX_HTML_DEPTH:
            self._push(tag, False)  # an inline element (span, font, b …): all the general path would do
            return
        a = dict(attrs) if attrs else _NO_ATTRS
        if tag == "title" and not self.skip and not self.title:
            self.in_title = True
        if tag in _VOID:
            if tag == "br" and not self.skip:
                self._br()
            return
        style = a.get("style")
        skips = (tag in _SKIP and tag != "head") or "hidden" in a or (style is not None
                                                                      and _HIDDEN_STYLE.search(style) is not None)
        if tag in _SEMANTIC_CHROME and self.containers == 0:
            skips = True
        top = self.stack[-1][0] if self.stack else ""
        if self.tables and not self.skip and tag in _TABLE_PARTS:
            self._table_part(tag)
        elif (top == "p" and tag in _CLOSES_P) or top in _SELF_CLOSING_SIBLINGS.get(tag, ()):
            self._ended(self._truncate(len(self.stack) - 1))
        if len(self.stack) >= MAX_HTML_DEPTH:  # flattened into the deepest element, as Chromium does
            self.flattened += 1
            if not self.skip and tag in _BLOCK:
                self._flow().brk()
            return
        making_table = tag == "table" and not self.skip and not skips
        self._push(tag, skips, making_table)
        if self.skip:
            return
        if tag == "h1" and self.h1 is None and self._h1 is None:
            self._h1 = []
        if tag == "table":
            self.n_tables += 1
            parent = self._flow()
            t = Table(self.n_tables, parent)
            parent.add_table(t)
            self.tables.append(t)
            self.table_at.append(len(self.stack) - 1)
            return
        if self.tables:
            t = self.tables[-1]
            if tag == "tr":
                self._close_row(t)
                t.rows.append([])
                t.open_row = True
                return
            if tag in ("td", "th"):
                self._close_cell(t)
                if not t.open_row:
                    t.rows.append([])
                    t.open_row = True
                self.n_cells += 1
                if self.n_cells > MAX_HTML_CELLS:
                    raise html_cells_refused(self.n_cells, self.name)
                c = TCell(_span(a.get("rowspan"), 65534), _span(a.get("colspan"), 1000))
                t.rows[-1].append(c)
                t.cell = c
                return
            if tag == "caption":
                self._close_row(t)
                t.in_caption = True
                return
            if tag in ("thead", "tbody", "tfoot"):
                self._close_row(t)
                return
        if tag in _BLOCK:
            self._flow().brk()

    def _br(self) -> None:
        f = self._flow()
        if self.tables and self.tables[-1].cell is not None and f is self.tables[-1].cell.flow:
            return  # <br> inside a cell: nothing (labels are whitespace-insensitive)
        f.brk()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        else:  # <div/> and friends
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID:
            return
        was_skipping = self.skip > 0
        popped = self._pop_to(tag)
        if popped is None or was_skipping:  # a stray end tag, or the end of (or inside) ignored content
            return
        if tag == "h1" and self._h1 is not None:
            self.h1 = clean("".join(self._h1)) or None
            self._h1 = None
        self._ended(popped)
        if tag == "table":
            return
        if self.tables:
            t = self.tables[-1]
            if tag in ("td", "th"):
                self._close_cell(t)
                return
            if tag == "tr":
                self._close_row(t)
                return
            if tag == "caption":
                t.caption.close()
                t.in_caption = False
                return
        if tag in _BLOCK:
            self._flow().brk()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip:
            return
        if self._h1 is not None:
            self._h1.append(data)
        self._flow().text(data)

    def finish(self) -> Flow:
        self.close()
        while self.tables:
            self._end_table()
        self.root.close()
        return self.root


def _span(v: str | None, limit: int) -> int:
    try:
        n = int(str(v).strip().split(".")[0]) if v is not None else 1
    except ValueError:
        return 1
    if n == 0 and limit > 1000:  # rowspan="0": to the end of the table
        return limit
    return max(1, min(n, limit))


# ------------------------------------------------------------------------------------------- emission


@dataclass
class HtmlDoc:
    """What the HTML cell producer hands to the matcher."""

    cells: list[Cell]
    text: str
    encoding: str
    title: str | None
    warnings: list[ParseWarning]


_TITLE_SEP = re.compile(r"\s*(?:_|\||｜|--|—{1,2}|–| - )\s*")
_REPORT_WORDS = ("报告", "報告", "年报", "年報", "统计表", "統計表")


def report_title(title: str, h1: str | None) -> str | None:
    """The part of ``<title>`` that names the report (``淮安市…年度报告_淮安市人民政府`` → the first part), else an
    ``<h1>`` that does; None when neither names a report (a bare site name is not the reporting agency)."""
    for cand in [*_TITLE_SEP.split(title or ""), h1 or ""]:
        cand = cand.strip()
        if cand and any(w in cand for w in _REPORT_WORDS):
            return cand
    return None


def read_html(data: bytes, name: str) -> HtmlDoc:
    """Decode a page and turn it into cells (no matching). Raises BadInput for a page too large to be a report:
    its bytes, characters and tags are counted before html.parser sees it, its visible text before the matcher."""
    check_bytes(len(data), MAX_HTML_BYTES, "网页", name)
    text, encoding, warnings = decode_html(data)
    check_html_size(len(text), name)
    check_html_tags(text.count("<"), name)
    if "\x00" in text:  # browsers drop it too; never stored in a label
        text = text.replace("\x00", "")
    p = _PageParser(name)
    try:
        p.feed(text)
        root = p.finish()
    except BadInput:
        raise
    except (AssertionError, ValueError) as exc:  # pragma: no cover - html.parser is very lenient
        raise BadInput(name, f"无法作为网页读取（{exc}）") from None
    if p.flattened:
        warnings.append(ParseWarning(f"网页的标记嵌套超过 {MAX_HTML_DEPTH} 层：更深的 {p.flattened:,} 个标记按浏览器的做法"
                                     f"并入第 {MAX_HTML_DEPTH} 层", "page"))
    em = GridEmitter(name, MAX_HTML_CELLS, html_cells_refused)
    em.flow(root)
    check_text_chars(sum(map(len, em.lines)), name, "网页的文字")
    title = report_title(clean("".join(p.title)), p.h1)
    return HtmlDoc(em.cells, "\n".join(em.lines), encoding, title, warnings + em.warnings)


def parse_html(data: bytes, name: str, sha: str, agency: str | None = None, year: int | None = None) -> ParsedReport:
    doc = read_html(data, name)
    from xxgk.importers.report import build_report

    return build_report(doc.cells, doc.text, file=name, sha256=sha, format="html", encoding=doc.encoding,
                        agency=agency, year=year, title_hint=doc.title, extra_warnings=doc.warnings)
