"""A workbook's sheets as the grid builder (``importers.xlsx``) needs them, read straight from the XML parts.

openpyxl's full model costs ~100 ms for a real report (a styled object per cell, a ``MergedCell`` per
merged position with its borders recomputed through style descriptors), far more than the few things the
grid needs: each cell's value and type, which positions hold a formula, the merged ranges, hidden rows,
columns and sheets, which cells are bordered, and the workbook's title. ``read_parts`` reads exactly those
with one C ``ElementTree`` parse per part, and gives them as openpyxl would (``load_workbook(read_only=False,
data_only=True)``): the same values (numbers cast as ``_cast_number``, dates through the same number-format
rules and ``from_excel``), the same cells dropped under merged ranges, the same borders on the edges of a
merged range (the top-left cell takes the bottom-right cell's right and bottom sides, the edges take the
top-left cell's), the same text in an empty cell a hyperlink points at (its target or location), the same
sheet order (worksheets only, as listed in ``workbook.xml``).

Anything this reader does not mirror exactly raises ``Unsupported``: the caller then loads the workbook
with openpyxl (``sheets_from_openpyxl``), which gives the old result or the old refusal. That covers
damaged parts (any parse or lookup error), sheet titles openpyxl would refuse or rename, overlapping merged
ranges, column or hyperlink attributes openpyxl rejects, a first border that is itself drawn, and parts under
``xl/media/`` (the only ones the safety scan lets declare a DTD).

Safety: this runs after ``importers.safety.check_workbook_xml``, whose streaming scan bounded every XML
part (size, elements, nesting) and refused any DTD or entity declaration outside ``xl/media/``. Without a
DTD, expat expands nothing but the five predefined entities, so the plain (C) parser is safe here.
"""
from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, fromstring

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORKBOOK_TYPES = (  # openpyxl's order: XLTM, XLTX, XLSM, XLSX
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_C, _V, _F, _IS = f"{{{MAIN}}}c", f"{{{MAIN}}}v", f"{{{MAIN}}}f", f"{{{MAIN}}}is"
_ROW, _COL, _MERGES, _SI = f"{{{MAIN}}}row", f"{{{MAIN}}}col", f"{{{MAIN}}}mergeCells", f"{{{MAIN}}}si"
_LINKS, _T = f"{{{MAIN}}}hyperlinks", f"{{{MAIN}}}t"
_BORDER_STYLES = frozenset({"dashDot", "dashDotDot", "dashed", "dotted", "double", "hair", "medium",
                            "mediumDashDot", "mediumDashDotDot", "mediumDashed", "slantDashDot", "thick", "thin"})
_COL_ATTRS = frozenset({"min", "max", "width", "bestFit", "hidden", "outlineLevel", "collapsed", "style",
                        "customWidth"})  # what openpyxl's ColumnDimension accepts (anything else: TypeError)
_BAD_TITLE = re.compile(r"[\\*?:/\[\]]")
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
_RANGE = re.compile(r"([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?")
_SIDES = ("left", "right", "top", "bottom")
L, R, T, B = 1, 2, 4, 8  # styled sides of a border, as bits


class Unsupported(Exception):
    """Something ``read_parts`` does not mirror exactly: load the workbook with openpyxl instead."""


@dataclass
class SheetData:
    """One worksheet as openpyxl would hand it over, reduced to what the grid needs."""

    title: str
    state: str  # visible, hidden, veryHidden
    cells: dict[tuple[int, int], tuple[Any, str]]  # (row, col) → (value, data_type), document order;
    # positions under a merged range other than its top-left are not cells (openpyxl's MergedCell)
    formulas: set[tuple[int, int]]  # cells holding a formula (filled only when the caller asks)
    merged: list[tuple[int, int, int, int]]  # (min_row, min_col, max_row, max_col)
    hidden_rows: set[int]
    hidden_cols: list[tuple[int, int]]  # (first, last) column of each hidden <col> range
    bordered: set[tuple[int, int]]  # positions whose cell has a drawn side (merged positions included)


@dataclass
class WorkbookData:
    sheets: list[SheetData] = field(default_factory=list)
    title: str | None = None  # the document property "title", stripped


_LETTERS: dict[int, str] = {}


def col_letter(n: int) -> str:
    """Column ``n`` as letters (``28`` → ``AB``); memoised: every cell's ``where`` names its column."""
    s = _LETTERS.get(n)
    if s is None:
        s, k = "", n
        while k:
            k, r = divmod(k - 1, 26)
            s = chr(65 + r) + s
        if len(_LETTERS) < 20_000:
            _LETTERS[n] = s
    return s


_COLS: dict[str, int] = {}
_REFS: dict[str, tuple[int, int]] = {}


def _col(letters: str) -> int:
    n = _COLS.get(letters)
    if n is None:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        if n > 18278:  # pragma: no cover - three letters reach 18,278 at most
            raise Unsupported(letters)
        _COLS[letters] = n
    return n


def range_coord(r1: int, c1: int, r2: int, c2: int) -> str:
    """A merged range as openpyxl prints it (``B4:D6``; one cell: ``B4``)."""
    a = f"{col_letter(c1)}{r1}"
    return a if (r1, c1) == (r2, c2) else f"{a}:{col_letter(c2)}{r2}"


def _flag(v: str | None) -> bool:
    """openpyxl's Bool: "false", "f", "0" and "" are false, any other text true."""
    return bool(v) and v not in ("false", "f", "0")


def _local(tag: object) -> str:
    t = str(tag)
    return t.rsplit("}", 1)[-1]


def _text(node: Element) -> str:
    """openpyxl's ``Text.content``: the last direct ``<t>``, then each run's last ``<t>`` (phonetic runs skipped).
    openpyxl matches children by local name, whatever their namespace."""
    if len(node) == 1 and node[0].tag == _T:  # the usual <si><t>…</t></si>
        return node[0].text or ""
    plain: str | None = None
    runs: list[str | None] = []
    for el in node:
        tag = _local(el.tag)
        if tag == "t":
            plain = el.text
        elif tag == "r":
            t: str | None = None
            for sub in el:
                if _local(sub.tag) == "t":
                    t = sub.text
            runs.append(t)
    parts = [plain] if plain is not None else []
    parts.extend(t for t in runs if t is not None)
    return "".join(parts)


class _Package:
    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = set(zf.namelist())

    def xml(self, part: str) -> Element:
        if part.startswith("xl/media/") or part not in self.names:
            raise Unsupported(part)
        return fromstring(self.zf.read(part))

    def rels(self, part: str, first: bool = False) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target as a member name), as openpyxl's ``get_dependents`` (``first``:
        the first relationship of an id, as ``RelationshipList.get``; else the last, as ``to_dict``)."""
        folder, obj = posixpath.split(part)
        path = posixpath.join(folder, "_rels", f"{obj}.rels")
        parent = posixpath.split(posixpath.dirname(path))[0]
        out: dict[str, tuple[str, str]] = {}
        if first and path not in self.names:
            return out  # openpyxl: an empty list, where every lookup fails
        for r in self.xml(path).iter(_PKG_REL):
            target = r.get("Target")
            rid = r.get("Id")
            if target is None or rid is None:
                raise Unsupported(path)
            if r.get("TargetMode") != "External":
                target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(parent, target))
            if not first or rid not in out:
                out[rid] = (r.get("Type") or "", target)
        return out

    def first_targets(self, part: str) -> dict[str, str]:
        return {rid: target for rid, (_, target) in self.rels(part, first=True).items()}


@dataclass
class _Styles:
    xfs: list[tuple[int, int]]  # cellXfs: (numFmtId, borderId)
    sides: list[int]  # per border: its styled sides (L|R|T|B)
    date_styles: set[int]
    timedelta_styles: set[int]


def _styles(pkg: _Package) -> _Styles:
    if "xl/styles.xml" not in pkg.names:
        return _Styles([(0, 0)], [0], set(), set())
    root = pkg.xml("xl/styles.xml")
    xfs: list[tuple[int, int]] = []
    sides: list[int] = []
    custom: dict[int, str] = {}
    for part in root:
        tag = _local(part.tag)
        if tag == "cellXfs":
            xfs = [(int(x.get("numFmtId") or 0), int(x.get("borderId") or 0)) for x in part if _local(x.tag) == "xf"]
        elif tag == "borders":
            sides = []
            for b in part:
                if _local(b.tag) != "border":
                    continue
                bits = 0
                for el in b:
                    name = _local(el.tag)
                    if name in _SIDES:  # a later element of the same side replaces an earlier one
                        bit = (L, R, T, B)[_SIDES.index(name)]
                        style = el.get("style")
                        if style is not None and style != "none":
                            if style not in _BORDER_STYLES:
                                raise Unsupported(style)
                            bits |= bit
                        else:
                            bits &= ~bit
                sides.append(bits)
        elif tag == "numFmts":
            for nf in part:
                if _local(nf.tag) == "numFmt":
                    custom[int(nf.get("numFmtId") or "")] = nf.get("formatCode") or ""
    if not xfs:  # openpyxl keeps its defaults: one plain style, one empty border
        return _Styles([(0, 0)], [0], set(), set())
    if not sides:
        sides = [0]
    if sides[0]:  # the default border drawn: whether a cell shows it depends on its whole style array
        raise Unsupported("border 0")
    dates: set[int] = set()
    deltas: set[int] = set()
    if any(n for n, _ in xfs):
        from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format

        for i, (n, _) in enumerate(xfs):
            fmt = custom[n] if n in custom else builtin_format_code(n)
            if is_date_format(fmt):
                dates.add(i)
            if is_timedelta_format(fmt):
                deltas.add(i)
    return _Styles(xfs, sides, dates, deltas)


def _shared_strings(pkg: _Package, manifest: Element) -> list[str]:
    for o in manifest.iter(f"{_CT}Override"):
        if o.get("ContentType") == _SHARED_STRINGS:
            part = (o.get("PartName") or "")[1:]
            return [_text(si).replace("x005F_", "") for si in pkg.xml(part).iter(_SI)]
    return []


def _workbook_part(manifest: Element) -> str:
    overrides = list(manifest.iter(f"{_CT}Override"))
    for ct in _WORKBOOK_TYPES:
        for o in overrides:
            if o.get("ContentType") == ct:
                return (o.get("PartName") or "")[1:]
    defaults = {d.get("ContentType") for d in manifest.iter(f"{_CT}Default")}
    if defaults & set(_WORKBOOK_TYPES):
        return "xl/workbook.xml"
    raise Unsupported("no workbook part")


def _title(pkg: _Package) -> str | None:
    if "docProps/core.xml" not in pkg.names:
        return None
    title: str | None = None
    for el in pkg.xml("docProps/core.xml"):
        if _local(el.tag) == "title":
            title = el.text
    return (title or "").strip() or None


def read_parts(zf: zipfile.ZipFile, with_formulas: bool) -> WorkbookData:
    """The worksheets of a workbook the safety scan passed. Raises ``Unsupported`` (never anything else for
    a bad part: every error is turned into it, and openpyxl then gives its own answer)."""
    try:
        return _read(_Package(zf), with_formulas)
    except Unsupported:
        raise
    except Exception as exc:  # a damaged part, a bad number, a missing member: openpyxl will say what
        raise Unsupported(repr(exc)) from exc


def _read(pkg: _Package, with_formulas: bool) -> WorkbookData:
    manifest = pkg.xml("[Content_Types].xml")
    strings = _shared_strings(pkg, manifest)
    wb_part = _workbook_part(manifest)
    wb_root = pkg.xml(wb_part)
    epoch_1904 = False
    entries: list[tuple[str, str, str]] = []  # (name, state, relationship id)
    for el in wb_root:
        tag = _local(el.tag)
        if tag == "workbookPr":
            epoch_1904 = _flag(el.get("date1904"))
        elif tag == "sheets":
            for s in el:
                if _local(s.tag) != "sheet":
                    continue
                rid = s.get(f"{{{_REL_NS}}}id")
                if not rid:
                    continue  # openpyxl drops it with a warning
                entries.append((s.get("name") or "", s.get("state") or "visible", rid))
    styles = _styles(pkg)
    title = _title(pkg)
    rels = pkg.rels(wb_part) if entries else {}
    data = WorkbookData(title=title)
    seen: set[str] = set()
    for name, state, rid in entries:
        rtype, target = rels[rid]
        if target not in pkg.names:
            continue
        if "chartsheet" in rtype:
            continue
        if not name or _BAD_TITLE.search(name) or name.lower() in seen:
            raise Unsupported(f"sheet title {name!r}")  # openpyxl refuses or renames it
        if state not in ("visible", "hidden", "veryHidden"):
            raise Unsupported(state)
        seen.add(name.lower())
        data.sheets.append(_sheet(pkg.xml(target), name, state, strings, styles, epoch_1904, with_formulas,
                                  functools.partial(pkg.first_targets, target)))
    return data


def _sheet(root: Element, title: str, state: str, strings: list[str], styles: _Styles, epoch_1904: bool,
           with_formulas: bool, sheet_rels: Callable[[], dict[str, str]]) -> SheetData:
    cells: dict[tuple[int, int], tuple[Any, str]] = {}
    style_of: dict[tuple[int, int], int] = {}
    formulas: set[tuple[int, int]] = set()
    hidden_rows: dict[int, bool] = {}
    xfs = styles.xfs
    n_xfs = len(xfs)
    dates = styles.date_styles
    row_no = 0
    for row in root.iter(_ROW):
        r_attr = row.get("r")
        if r_attr is not None:
            try:
                row_no = int(r_attr)
            except ValueError:
                val = float(r_attr)
                if not val.is_integer():
                    raise Unsupported(r_attr) from None
                row_no = int(val)
        else:
            row_no += 1
        attrs = row.attrib
        if len(attrs) > ("r" in attrs) + ("spans" in attrs) and any(k[0] != "{" and k not in ("r", "spans")
                                                                      for k in attrs):
            s = attrs.get("s")
            if s is not None and int(s) >= n_xfs:
                raise Unsupported("row style")
            if attrs.get("ht") is not None:
                float(attrs["ht"])
            if attrs.get("outlineLevel") is not None:
                int(attrs["outlineLevel"])
            hidden_rows[row_no] = _flag(attrs.get("hidden"))
        col_no = 0
        for el in row:
            t = el.get("t", "n")
            ref = el.get("r")
            s_attr = el.get("s")
            if s_attr == "":
                raise Unsupported("cell style")
            style = int(s_attr) if s_attr else 0
            if style >= n_xfs or style < -n_xfs:
                raise Unsupported("cell style")
            if ref:
                rc = _REFS.get(ref)
                if rc is None:
                    m = _REF.fullmatch(ref)
                    if m is None:
                        raise Unsupported(ref)
                    rc = (int(m.group(2)), _col(m.group(1)))
                    if len(_REFS) < 100_000:  # the same few thousand references recur in every report
                        _REFS[ref] = rc
                r, col_no = rc
            else:
                col_no += 1
                r = row_no
            pos = (r, col_no)
            value: Any
            if t == "inlineStr":
                value = None
                child = el.find(_IS)
                if child is not None:
                    t = "s"
                    value = _text(child)
            else:
                value = el.findtext(_V, None) or None
                if value is not None:
                    if t == "n":
                        value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                        if style in dates:
                            t, value = _date(value, epoch_1904, style in styles.timedelta_styles)
                    elif t == "s":
                        value = strings[int(value)]
                    elif t == "b":
                        value = bool(int(value))
                    elif t == "str":
                        t = "s"
                    elif t == "d":
                        from openpyxl.utils.datetime import from_ISO8601

                        parse_iso: Any = from_ISO8601  # untyped in openpyxl
                        value = parse_iso(value)
            cells[pos] = (value, t)
            style_of[pos] = style
            if with_formulas:
                if el.find(_F) is not None:
                    formulas.add(pos)
                else:
                    formulas.discard(pos)

    hidden_cols: dict[int, tuple[int, int, bool]] = {}  # keyed by the first column, as openpyxl's letters
    for col in root.iter(_COL):
        attrs = col.attrib
        if not _COL_ATTRS.issuperset(attrs):
            raise Unsupported("col attribute")
        lo = int(attrs["min"])
        if not 1 <= lo <= 18278:
            raise Unsupported("col min")
        hi = int(attrs["max"]) if attrs.get("max") is not None else 0
        if attrs.get("width") is not None:
            float(attrs["width"])
        if attrs.get("outlineLevel") is not None:
            int(attrs["outlineLevel"])
        if attrs.get("style") is not None and int(attrs["style"]) >= n_xfs:
            raise Unsupported("col style")
        hidden_cols[lo] = (lo, hi or lo, _flag(attrs.get("hidden")))

    merged: list[tuple[int, int, int, int]] = []
    found = list(root.iter(_MERGES))
    if found:  # openpyxl keeps the last <mergeCells>
        merges = found[-1]
        for mc in merges:
            if _local(mc.tag) != "mergeCell":
                continue
            m = _RANGE.fullmatch(mc.get("ref") or "")
            if m is None:
                raise Unsupported("merge ref")
            r1, c1 = int(m.group(2)), _col(m.group(1))
            r2, c2 = (int(m.group(4)), _col(m.group(3))) if m.group(3) else (r1, c1)
            if r1 > r2 or c1 > c2 or r1 < 1:
                raise Unsupported("merge ref")
            merged.append((r1, c1, r2, c2))

    sides = styles.sides
    n_borders = len(sides)

    def drawn(pos: tuple[int, int]) -> int:
        s = style_of.get(pos)
        if s is None:
            return 0
        b = xfs[s][1]
        if not 0 <= b < n_borders:
            raise Unsupported("border id")
        return sides[b]

    bordered = {pos for pos in cells if drawn(pos)}
    covered: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in merged:
        cells.setdefault((r1, c1), (None, "n"))  # openpyxl creates an empty top-left cell
        tl = drawn((r1, c1))
        br = drawn((r2, c2))  # the top-left takes the bottom-right cell's right and bottom sides
        tl |= br & (R | B)
        if tl:
            bordered.add((r1, c1))
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                pos = (r, c)
                if pos in covered:
                    raise Unsupported("overlapping merged ranges")
                covered.add(pos)
                if pos == (r1, c1):
                    continue
                cells.pop(pos, None)
                formulas.discard(pos)
                edge = ((r == r1 and tl & T) or (r == r2 and tl & B) or (c == c1 and tl & L)
                        or (c == c2 and tl & R))
                if edge:
                    bordered.add(pos)
                else:
                    bordered.discard(pos)
    found = list(root.iter(_LINKS))
    if found:  # after the merged ranges, as openpyxl binds them
        linked = _hyperlinks(found[-1], cells, merged, covered, sheet_rels)
        if with_formulas:  # a link text starting with "=" is a formula to openpyxl (never a missing value)
            formulas.update(pos for pos in linked if cells[pos][1] == "f")
    return SheetData(title, state, cells, formulas, merged, {r for r, h in hidden_rows.items() if h},
                     [(lo, hi) for lo, hi, h in hidden_cols.values() if h], bordered)


_LINK_ATTRS = frozenset({"ref", "location", "tooltip", "display", "target"})
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl refuses these in a cell


def _hyperlinks(links: Element, cells: dict[tuple[int, int], tuple[Any, str]],
                merged: list[tuple[int, int, int, int]], covered: set[tuple[int, int]],
                sheet_rels: Callable[[], dict[str, str]]) -> list[tuple[int, int]]:
    """openpyxl gives an empty cell a link points at the link's target (or location) as its value, and
    creates the cells a link names; a link on a merged position goes to the range's top-left cell (a range
    of cells skips merged positions). Returns the positions given a value."""
    filled: list[tuple[int, int]] = []
    tops = {(r1, c1) for r1, c1, _, _ in merged}
    rels: dict[str, str] | None = None
    for link in links:
        if _local(link.tag) != "hyperlink":
            continue
        ref = link.get("ref")
        if ref is None:
            raise Unsupported("hyperlink without ref")
        if not _LINK_ATTRS.issuperset(k for k in link.attrib if k[0] != "{"):
            raise Unsupported("hyperlink attribute")  # openpyxl's Hyperlink takes no other
        target = link.get("target")
        rid = link.get(f"{{{_REL_NS}}}id")
        if rid:
            if rels is None:
                rels = sheet_rels()
            target = rels[rid]
        target = target or link.get("location")
        if target is not None and (len(target) > 32767 or _ILLEGAL.search(target)):
            raise Unsupported("hyperlink text")
        value = (target, "f" if len(target) > 1 and target.startswith("=") else "s") if target else (None, "n")
        m = _RANGE.fullmatch(ref)
        if m is None:
            raise Unsupported("hyperlink ref")
        r1, c1 = int(m.group(2)), _col(m.group(1))
        if ":" in ref:
            if m.group(3) is None:
                raise Unsupported("hyperlink ref")  # pragma: no cover - the pattern needs both ends
            r2, c2 = int(m.group(4)), _col(m.group(3))
            if r1 > r2 or c1 > c2 or r1 < 1:
                raise Unsupported("hyperlink ref")
            positions = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
                         if (r, c) not in covered or (r, c) in tops]
        else:
            pos = (r1, c1)
            if r1 < 1:
                raise Unsupported("hyperlink ref")
            if pos in covered and pos not in tops:
                pos = next((a, b) for a, b, y, x in merged if a <= r1 <= y and b <= c1 <= x)
            positions = [pos]
        for pos in positions:
            if cells.get(pos, (None, "n"))[0] is None:
                cells[pos] = value
                filled.append(pos)
    return filled


def _date(value: int | float, epoch_1904: bool, timedelta: bool) -> tuple[str, Any]:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel

    try:
        return "d", from_excel(value, CALENDAR_MAC_1904 if epoch_1904 else WINDOWS_EPOCH, timedelta=timedelta)
    except (OverflowError, ValueError):
        return "e", "#VALUE!"  # as openpyxl: a date outside the calendar is an error cell


def sheets_from_openpyxl(wb: Any, wbf: Any | None) -> WorkbookData:
    """The same data from workbooks openpyxl loaded (``wbf``: loaded with ``data_only=False``, or None when no
    part holds formulas)."""
    data = WorkbookData(title=(wb.properties.title or "").strip() or None)
    formulas: dict[str, set[tuple[int, int]]] = {}
    if wbf is not None:
        for ws in wbf.worksheets:
            formulas[ws.title] = {k for k, cell in ws._cells.items() if cell.data_type == "f"}
    from openpyxl.utils import column_index_from_string

    for ws in wb.worksheets:
        cells = {k: (cell.value, cell.data_type) for k, cell in ws._cells.items()
                 if not (cell.value is None and type(cell).__name__ == "MergedCell")}
        merged = [(g.min_row, g.min_col, g.max_row, g.max_col) for g in ws.merged_cells.ranges]
        hidden_cols = []
        for key, d in ws.column_dimensions.items():
            if d.hidden:
                lo = d.min or column_index_from_string(key)
                hidden_cols.append((lo, d.max or lo))
        data.sheets.append(SheetData(
            ws.title, ws.sheet_state, cells, formulas.get(ws.title, set()), merged,
            {r for r, d in ws.row_dimensions.items() if d.hidden}, hidden_cols,
            {k for k, cell in ws._cells.items() if _has_border(cell)}))
    return data


def _has_border(cell: Any) -> bool:
    if not cell.has_style:
        return False
    b = cell.border
    return any(getattr(side, "style", None) for side in (b.left, b.right, b.top, b.bottom))
