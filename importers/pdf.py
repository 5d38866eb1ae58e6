"""PDF files → cells, with PDFium (pypdfium2): ruled tables as true grids, the rest as text lines.

PDF has no tables, only characters at positions and lines drawn on the page. Per page:

* **characters**: every character with its box (PDFium's loose box: the font's em box, so digits of one
  number touch) and its baseline. A character that is not on the page (outside the crop box, or cut by
  its edge) is never read;
* **ruling lines**: the page's path objects (also inside form XObjects) give horizontal and vertical
  edges: thin rectangles and stroked lines are one edge, a larger rectangle (a cell's fill) gives its four
  sides. Edges are snapped and merged; edges that touch form a table. The distinct x of its vertical
  edges and y of its horizontal edges make an atomic grid; two neighbouring positions are one (merged)
  cell where no edge separates them. So a table rebuilt from a PDF is the grid HTML and DOCX give: the
  same ``importers.grid`` emitter repeats a merged label in every position it covers and keeps a number
  in the top-left position only (``mode="grid"``, ``row_end`` on each row's last cell);
* a cell's characters become lines by baseline, joined without a space between Chinese characters;
* a table that runs off the right edge of the page: the positions beyond the last vertical edge on the
  page are not read (a warning says so); the matcher leaves the missing columns NULL;
* **text lines**: the other characters, grouped by baseline, words separated by horizontal gaps. Runs of
  lines are read by the text importer (``importers.text``), exactly like text copied out of a PDF, so a
  table drawn without lines reads as PDF text does (exact where no cell is blank, never a wrong number);
* **page furniture** is dropped: page numbers (``- 3 -``, ``第 3 页``, ``3/5``) and running headers or
  footers (a line in the top or bottom tenth of the page repeated on other pages, digits aside: a
  browser's date/title/URL lines, ``Page 9 - …``), so a table continued on the next page is not broken;
* a page without text whose images cover it (a scan) refuses the whole file: ``图片版：没有可提取的文字``.

Tables across pages need nothing special: each page's part is a grid of its own and the matcher reads
rows, whether the header row is repeated, cut off, or a merged label was split by the page break.
"""
from __future__ import annotations

import ctypes
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import attrgetter

from xxgk.domain.model import BadInput, ParsedReport, ParseWarning
from xxgk.importers.cells import Cell
from xxgk.importers.grid import GridEmitter, Table, TCell, join_lines
from xxgk.importers.safety import MAX_PDF_PAGES, PdfBudget, check_pdf_streams, pdf_cells_refused

SCANNED = "图片版：没有可提取的文字"

THIN = 3.0  # a filled rectangle thinner than this (pt) is a ruling line
SNAP = 2.0  # edges this close (pt) are one line
JOIN = 2.0  # collinear edges with a gap up to this are one edge
TOUCH = 2.5  # a horizontal and a vertical edge this close touch (tables are connected edges)
MIN_CELL = 4.0  # grid lines closer than this are one (no character fits between them)
EDGE = 1.5  # a table line this close to the page edge: the table is cut by the edge
MAX_PATH_SEGMENTS = 2000  # a path with more segments is a drawing, not ruling lines
MAX_PDF_POSITIONS = 200_000
MARGIN = 0.1  # running headers and footers sit in the top/bottom tenth of the page
PROSE = 300  # a "cell" holding more characters is running text in a frame (HTML's layout-table rule)
_FURNITURE = re.compile(r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}\b.*"
                        r"|\d{1,4}|共\s*\d{1,4}\s*页.*)$")
_URL = re.compile(r"(?:https?|file)://|www\.", re.I)
_DIGITS = re.compile(r"\d+")
_WS = re.compile(r"\s+")


# ------------------------------------------------------------------------------------------ page content
class Ch:
    """One character in page coordinates (points, origin top-left, y down)."""

    __slots__ = ("c", "x0", "x1", "y0", "y1", "base")

    def __init__(self, c: str, x0: float, x1: float, y0: float, y1: float, base: float) -> None:
        self.c, self.x0, self.x1, self.y0, self.y1, self.base = c, x0, x1, y0, y1, base

    @property
    def h(self) -> float:
        return self.y1 - self.y0


@dataclass
class Line:
    chars: list[Ch]
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    base: float
    cut: bool = False  # characters of this line lie beyond the page edge


@dataclass
class Grid:
    """A ruled table on one page: atomic columns ``xs`` and rows ``ys``, merged cells as rectangles."""

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]]  # (row, col, rowspan, colspan), row-major
    owner: list[list[int]]  # atomic (row, col) → index into cells
    cut_right: bool = False  # the table runs on beyond the right edge of the page
    texts: list[list[Ch]] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)  # each cell's text
    unread: set[int] = field(default_factory=set)  # cells cut by the page edge: never read

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def y0(self) -> float:
        return self.ys[0]

    @property
    def y1(self) -> float:
        return self.ys[-1]


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Ch]
    offpage: list[Ch]
    hedges: list[tuple[float, float, float, bool]]  # (y, x0, x1, clipped at the right edge)
    vedges: list[tuple[float, float, float]]  # (x, y0, y1)
    image_cover: float  # share of the page covered by images
    grids: list[Grid] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    dropped_cut: int = 0  # characters in a table's part beyond the page edge


class _Geo:
    """User space → page coordinates (top-left origin, y down), for the page's crop box and rotation."""

    def __init__(self, box: tuple[float, float, float, float], rotation: int) -> None:
        self.X0, self.Y0, self.X1, self.Y1 = box
        self.rot = rotation % 360
        w, h = self.X1 - self.X0, self.Y1 - self.Y0
        self.width, self.height = (h, w) if self.rot in (90, 270) else (w, h)

    def pt(self, x: float, y: float) -> tuple[float, float]:
        r = self.rot
        if r == 0:
            return x - self.X0, self.Y1 - y
        if r == 90:
            return y - self.Y0, x - self.X0
        if r == 180:
            return self.X1 - x, y - self.Y0
        return self.Y1 - y, self.X1 - x

    def box(self, left: float, b: float, r: float, t: float) -> tuple[float, float, float, float]:
        ax, ay = self.pt(left, b)
        bx, by = self.pt(r, t)
        return min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)


def _load_page(pdf, index: int, budget: PdfBudget) -> Page:
    import pypdfium2.raw as R

    page = pdf[index]
    try:
        box = R.FS_RECTF()
        if not R.FPDF_GetPageBoundingBox(page.raw, box):
            w, h = page.get_size()
            geo = _Geo((0.0, 0.0, w, h), 0)
            box.right = box.left  # no box: keep this geometry
        tp = page.get_textpage()
        try:
            if box.right > box.left:
                geo = _Geo((box.left, box.bottom, box.right, box.top), _reading_rotation(R, tp.raw, page))
            budget.chars(R.FPDFText_CountChars(tp.raw), index + 1)  # before a Python object is made for each
            chars, offpage = _chars(R, tp.raw, geo)
        finally:
            tp.close()
        hedges, vedges, cover = _paths(R, page.raw, geo, budget, index + 1)
    finally:
        page.close()
    return Page(index + 1, geo.width, geo.height, chars, offpage, hedges, vedges, cover)


def _reading_rotation(R, tp, page) -> int:
    """The rotation the page's text is read in: the page's /Rotate when its text is turned the other way in
    the content (a landscape table on a portrait page, turned upright for display), else none: text
    written upright and then shown rotated is still read upright, as a person turns the page to read it."""
    rotation = page.get_rotation() % 360
    if not rotation:
        return 0
    n = R.FPDFText_CountChars(tp)
    turned = upright = 0
    for i in range(0, n, max(1, n // 40)):
        angle = R.FPDFText_GetCharAngle(tp, i)
        if angle < 0:
            continue
        degrees = round(angle * 57.29577951308232) % 360
        if degrees < 10 or degrees > 350:
            upright += 1
        else:
            turned += 1
    return rotation if turned > upright else 0


_NOT_A_CHAR = frozenset([*range(33), 0xA0, 0xAD, 0x3000, 0xFEFF, 0xFFFE, 0xFFFF, *range(0x2000, 0x2010)])


def _chars(R, tp, geo: _Geo) -> tuple[list[Ch], list[Ch]]:
    """The page's characters (spaces and line breaks PDFium generates are not characters: gaps are
    measured), and those that are not on the page."""
    n = R.FPDFText_CountChars(tp)
    if n <= 0:
        return [], []
    buf = (ctypes.c_ushort * (n + 1))()
    R.FPDFText_GetText(tp, 0, n, buf)
    units = memoryview(buf).cast("B").cast("H").tolist()
    rect = R.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rp, pox, poy = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    loose, origin = R.FPDFText_GetLooseCharBox, R.FPDFText_GetCharOrigin
    W, H = geo.width + 0.5, geo.height + 0.5
    upright = geo.rot == 0
    X0, Y1 = geo.X0, geo.Y1
    chars: list[Ch] = []
    off: list[Ch] = []
    skip = _NOT_A_CHAR
    i = 0
    while i < n:
        u = units[i]
        if u in skip:
            i += 1
            continue
        step = 1
        if 0xD800 <= u < 0xDC00 and i + 1 < n and 0xDC00 <= units[i + 1] < 0xE000:  # a surrogate pair
            c = chr(0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00))
            step = 2
        else:
            c = chr(u)
        if loose(tp, i, rp) and origin(tp, i, pox, poy):
            if upright:
                x0, x1, y0, y1, base = rect.left - X0, rect.right - X0, Y1 - rect.top, Y1 - rect.bottom, Y1 - oy.value
            else:
                x0, x1, y0, y1 = geo.box(rect.left, rect.bottom, rect.right, rect.top)
                base = geo.pt(ox.value, oy.value)[1]
            ch = Ch(c, x0, x1, y0, y1, base)
            if x0 < -0.5 or y0 < -0.5 or x1 > W or y1 > H:
                off.append(ch)
            else:
                chars.append(ch)
        i += step
    return chars, off


def _paths(R, page, geo: _Geo, budget: PdfBudget, number: int) -> tuple[list, list, float]:
    """Horizontal and vertical edges drawn on the page, and the share of the page covered by images."""
    hs: list[tuple[float, float, float, bool]] = []
    vs: list[tuple[float, float, float]] = []
    bl, bb, br, bt = (ctypes.c_float() for _ in range(4))
    pl, pb, pr, pt = (ctypes.byref(v) for v in (bl, bb, br, bt))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pf, ps = ctypes.byref(fill), ctypes.byref(stroke)
    m = R.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    W, H = geo.width, geo.height
    image_area = 0.0
    get_type, bounds = R.FPDFPageObj_GetType, R.FPDFPageObj_GetBounds
    PATH, IMAGE, FORM = R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_IMAGE, R.FPDF_PAGEOBJ_FORM

    def add(x0: float, x1: float, y0: float, y1: float) -> None:
        """An axis-aligned box (page coordinates) that is drawn: one edge when thin, else four when its
        outline is stroked. A larger box that is only filled is a background (a cell's or a paragraph's
        shading; WPS fills every line of a shaded paragraph), not a ruling line."""
        w, h = x1 - x0, y1 - y0
        if w <= THIN and h <= THIN:
            return
        if h <= THIN:
            _h((y0 + y1) / 2, x0, x1)
        elif w <= THIN:
            _v((x0 + x1) / 2, y0, y1)
        elif stroke.value:
            _h(y0, x0, x1)
            _h(y1, x0, x1)
            _v(x0, y0, y1)
            _v(x1, y0, y1)

    def _h(y: float, x0: float, x1: float) -> None:
        if y < -1 or y > H + 1 or x1 < 0 or x0 > W:
            return
        clipped = x1 > W + 0.5
        hs.append((y, max(x0, 0.0), min(x1, W), clipped))

    def _v(x: float, y0: float, y1: float) -> None:
        if x < -0.5 or x > W + 0.5 or y1 < 0 or y0 > H:
            return
        vs.append((x, max(y0, 0.0), min(y1, H)))

    def segments(obj, n: int) -> None:
        """A path of many segments: its axis-aligned straight pieces, in page coordinates."""
        R.FPDFPageObj_GetMatrix(obj, m)
        pts: list[tuple[float, float]] = []
        subpaths: list[list[tuple[float, float]]] = []
        for k in range(n):
            seg = R.FPDFPath_GetPathSegment(obj, k)
            kind = R.FPDFPathSegment_GetType(seg)
            if kind == R.FPDF_SEGMENT_BEZIERTO:
                pts = []  # a curve: not a ruling line
                continue
            R.FPDFPathSegment_GetPoint(seg, ctypes.byref(px), ctypes.byref(py))
            x = m.a * px.value + m.c * py.value + m.e
            y = m.b * px.value + m.d * py.value + m.f
            p = geo.pt(x, y)
            if kind == R.FPDF_SEGMENT_MOVETO:
                if len(pts) > 1:
                    subpaths.append(pts)
                pts = [p]
            else:
                pts.append(p)
            if R.FPDFPathSegment_GetClose(seg) and pts:
                pts.append(pts[0])
                subpaths.append(pts)
                pts = []
        if len(pts) > 1:
            subpaths.append(pts)
        for sp in subpaths:
            xs = [p[0] for p in sp]
            ys = [p[1] for p in sp]
            if len(sp) in (4, 5) and len({round(v, 1) for v in xs}) <= 2 and len({round(v, 1) for v in ys}) <= 2:
                add(min(xs), max(xs), min(ys), max(ys))  # a rectangle
                continue
            for (ax, ay), (bx, by) in zip(sp, sp[1:], strict=False):
                if abs(ay - by) < 0.5 and abs(ax - bx) > THIN:
                    _h((ay + by) / 2, min(ax, bx), max(ax, bx))
                elif abs(ax - bx) < 0.5 and abs(ay - by) > THIN:
                    _v((ax + bx) / 2, min(ay, by), max(ay, by))

    def walk(parent, form: bool) -> None:
        nonlocal image_area
        count = R.FPDFFormObj_CountObjects(parent) if form else R.FPDFPage_CountObjects(parent)
        budget.objects(count, number)
        get = R.FPDFFormObj_GetObject if form else R.FPDFPage_GetObject
        for i in range(count):
            obj = get(parent, i)
            kind = get_type(obj)
            if kind == PATH:
                R.FPDFPath_GetDrawMode(obj, pf, ps)
                if not fill.value and not stroke.value:
                    continue
                n = R.FPDFPath_CountSegments(obj)
                if n <= 0 or n > MAX_PATH_SEGMENTS:
                    continue
                if n <= 5:
                    R.FPDFPageObj_GetMatrix(obj, m)
                    if abs(m.b) < 1e-6 and abs(m.c) < 1e-6 or abs(m.a) < 1e-6 and abs(m.d) < 1e-6:
                        bounds(obj, pl, pb, pr, pt)
                        add(*geo.box(bl.value, bb.value, br.value, bt.value))
                        continue
                segments(obj, n)
            elif kind == IMAGE:
                bounds(obj, pl, pb, pr, pt)
                x0, x1, y0, y1 = geo.box(bl.value, bb.value, br.value, bt.value)
                image_area += max(0.0, min(x1, W) - max(x0, 0.0)) * max(0.0, min(y1, H) - max(y0, 0.0))
            elif kind == FORM:
                walk(obj, True)

    walk(page, False)
    return hs, vs, min(1.0, image_area / max(W * H, 1.0))


# ---------------------------------------------------------------------------------------------- tables
def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted positions, those closer than ``tol`` to the previous one merged (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _merge(edges: list[tuple], pos: int = 0) -> list[list[float]]:
    """Collinear edges (same position within SNAP, overlapping or within JOIN) merged: [pos, a, b, clipped]."""
    out: list[list[float]] = []
    by_pos: list[list[tuple]] = []
    for e in sorted(edges, key=lambda e: e[0]):
        if by_pos and e[0] - by_pos[-1][0][0] <= SNAP:
            by_pos[-1].append(e)
        else:
            by_pos.append([e])
    for group in by_pos:
        p = sum(e[0] for e in group) / len(group)
        runs: list[list[float]] = []
        for e in sorted(group, key=lambda e: e[1]):
            clipped = bool(e[3]) if len(e) > 3 else False
            if runs and e[1] <= runs[-1][2] + JOIN:
                runs[-1][2] = max(runs[-1][2], e[2])
                runs[-1][3] = runs[-1][3] or clipped
            else:
                runs.append([p, e[1], e[2], clipped])
        out.extend(runs)
    return out


def _grids(page: Page) -> list[Grid]:
    hs = _merge(page.hedges)
    vs = _merge(page.vedges)
    if not hs or not vs:
        return []
    # connected components of touching edges
    parent = list(range(len(hs) + len(vs)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, (y, x0, x1, _c) in enumerate(hs):
        for j, (x, y0, y1, _) in enumerate(vs):
            if x0 - TOUCH <= x <= x1 + TOUCH and y0 - TOUCH <= y <= y1 + TOUCH:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    comps: dict[int, tuple[list, list]] = {}
    for i, e in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(e)
    for j, e in enumerate(vs):
        comps.setdefault(find(len(hs) + j), ([], []))[1].append(e)
    grids = []
    for ch, cv in comps.values():
        g = _grid(ch, cv, page.width)
        if g is not None:
            grids.append(g)
    grids.sort(key=lambda g: (g.y0, g.x0))
    return grids


def _nearest(values: list[float], v: float) -> int:
    """Index of the sorted ``values`` closest to ``v``."""
    k = bisect_right(values, v)
    if k == 0:
        return 0
    if k == len(values) or v - values[k - 1] <= values[k] - v:
        return k - 1
    return k


def _grid(hs: list, vs: list, page_width: float) -> Grid | None:
    if len(hs) < 2 or len(vs) < 2:
        return None
    xs = _cluster([e[0] for e in vs], MIN_CELL)
    ys = _cluster([e[0] for e in hs], MIN_CELL)
    # Vertical lines that run on above the first horizontal one: a row whose top border is not drawn (a
    # browser draws a collapsed border once, at the foot of the previous page). Likewise for the other sides.
    top, bottom = min(e[1] for e in vs), max(e[2] for e in vs)
    left, right = min(e[1] for e in hs), max(e[2] for e in hs)
    if top < ys[0] - MIN_CELL:
        ys.insert(0, top)
    if bottom > ys[-1] + MIN_CELL:
        ys.append(bottom)
    if left < xs[0] - MIN_CELL:
        xs.insert(0, left)
    if right > xs[-1] + MIN_CELL:
        xs.append(right)
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 2:  # one column: a frame around text, not a table
        return None
    vcol: dict[int, list[tuple[float, float]]] = {}
    for x, y0, y1, _ in vs:
        vcol.setdefault(_nearest(xs, x), []).append((y0, y1))
    hrow: dict[int, list[tuple[float, float]]] = {}
    for y, x0, x1, _ in hs:
        hrow.setdefault(_nearest(ys, y), []).append((x0, x1))

    def covered(spans: list[tuple[float, float]] | None, a: float, b: float) -> bool:
        lo, hi = a + (b - a) * 0.3, b - (b - a) * 0.3
        return spans is not None and any(s0 - JOIN <= lo and s1 + JOIN >= hi for s0, s1 in spans)

    # union-find over atomic cells: neighbours not separated by an edge are one cell
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not covered(vcol.get(c + 1), ys[r], ys[r + 1]):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not covered(hrow.get(r + 1), xs[c], xs[c + 1]):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    groups: dict[int, list[int]] = {}
    for k in range(nr * nc):
        groups.setdefault(find(k), []).append(k)
    owner = [[-1] * nc for _ in range(nr)]
    cells: list[tuple[int, int, int, int]] = []
    rects = []
    for members in groups.values():
        rows = [k // nc for k in members]
        cols = [k % nc for k in members]
        r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
        if (r1 - r0 + 1) * (c1 - c0 + 1) == len(members):
            rects.append((r0, c0, r1 - r0 + 1, c1 - c0 + 1))
        else:  # not a rectangle (a gap in the lines): every position on its own
            rects.extend((k // nc, k % nc, 1, 1) for k in members)
    rects.sort()
    for idx, (r0, c0, rs, cs) in enumerate(rects):
        cells.append((r0, c0, rs, cs))
        for r in range(r0, r0 + rs):
            for c in range(c0, c0 + cs):
                owner[r][c] = idx
    if len(cells) < 2:
        return None
    # the table runs off the right edge: its horizontal lines reach the edge beyond the last vertical one
    cut = xs[-1] >= page_width - EDGE or any(e[3] or (e[2] >= page_width - 2 and e[2] > xs[-1] + 3) for e in hs)
    return Grid(xs, ys, cells, owner, cut, [[] for _ in cells])


def _cut_cells(g: Grid, page: Page) -> None:
    """Cells that touch the page edge are not wholly on the page: unread (their visible part may be a
    different number: ``31`` of ``3119``)."""
    nr, nc = len(g.ys) - 1, len(g.xs) - 1
    right = g.xs[-1] >= page.width - EDGE
    if not g.cut_right:
        g.cut_right = any(g.y0 <= (c.y0 + c.y1) / 2 <= g.y1 and c.x1 > g.x1 for c in page.offpage)
    for k, (r0, c0, rs, cs) in enumerate(g.cells):
        if (right and g.cut_right and c0 + cs == nc) or (g.ys[-1] >= page.height - EDGE and r0 + rs == nr) \
                or (g.xs[0] <= EDGE and c0 == 0) or (g.ys[0] <= EDGE and r0 == 0):
            g.unread.add(k)


# ------------------------------------------------------------------------------------------------ text
_BY_X = attrgetter("x0")
_BY_BASE = attrgetter("base", "x0")


def _line_text(chars: list[Ch]) -> str:
    """Characters of one line, left to right; a horizontal gap is a space."""
    chars.sort(key=_BY_X)
    h = 0.0
    for c in chars:
        if c.y1 - c.y0 > h:
            h = c.y1 - c.y0
    gap = 0.3 * h
    out = []
    right = None
    for c in chars:
        if right is not None and c.x0 - right > gap:
            out.append(" ")
        out.append(c.c)
        right = c.x1
    return "".join(out)


def _group_lines(chars: list[Ch]) -> list[list[Ch]]:
    """Characters grouped by baseline, top to bottom."""
    lines: list[list[Ch]] = []
    line: list[Ch] = []
    base = 0.0
    for c in sorted(chars, key=_BY_BASE):
        h = c.y1 - c.y0
        if line and abs(c.base - base) <= (0.4 * h if h > 1.0 else 0.4):
            line.append(c)
        else:
            line = [c]
            lines.append(line)
            base = c.base
    return lines


def _lines(chars: list[Ch], offpage: list[Ch]) -> list[Line]:
    out = []
    off_bases = sorted(c.base for c in offpage)
    for group in _group_lines(chars):
        text = _line_text(group)
        base = group[0].base
        x0, x1, y0, y1 = group[0].x0, group[-1].x1, group[0].y0, group[0].y1
        for c in group:
            if c.y0 < y0:
                y0 = c.y0
            if c.y1 > y1:
                y1 = c.y1
            if c.x1 > x1:
                x1 = c.x1
        cut = False
        if off_bases:
            tol = 0.4 * (y1 - y0)
            k = bisect_right(off_bases, base - tol)
            cut = k < len(off_bases) and off_bases[k] <= base + tol
        out.append(Line(group, text, x0, x1, y0, y1, base, cut))
    return out


def _cell_text(chars: list[Ch]) -> str:
    return join_lines([_line_text(g) for g in _group_lines(chars)])


def _norm(text: str) -> str:
    return _DIGITS.sub("#", _WS.sub("", text))


def _furniture(pages: list[Page]) -> set[tuple[int, int]]:
    """(page, line index) of page numbers and running headers/footers."""
    seen: dict[str, set[int]] = {}
    margins: list[tuple[int, int, str]] = []
    for p in pages:
        for i, ln in enumerate(p.lines):
            if ln.y1 <= p.height * MARGIN or ln.y0 >= p.height * (1 - MARGIN):
                key = _norm(ln.text)
                margins.append((p.number, i, key))
                seen.setdefault(key, set()).add(p.number)
    out = set()
    for number, i, key in margins:
        text = pages[number - 1].lines[i].text.strip()
        if len(seen[key]) >= 2 or _FURNITURE.match(text) or _URL.search(text):
            out.add((number, i))
    return out


# ------------------------------------------------------------------------------------------ the reader
@dataclass
class PdfDoc:
    """What the PDF cell producer hands to the matcher."""

    cells: list[Cell]
    text: str
    warnings: list[ParseWarning]
    pages: int


def _open(data: bytes, name: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise BadInput(name, "PDF 已加密（需要密码才能打开）：请取得未加密的版本") from None
        raise BadInput(name, "PDF 已损坏或不完整，无法读取（下载可能中断）：请重新下载") from None


def read_pdf(data: bytes, name: str) -> PdfDoc:
    """Open the PDF and turn every page into cells (no matching). Raises BadInput."""
    check_pdf_streams(data, name)
    pdf = _open(data, name)
    try:
        n = len(pdf)
        if n == 0:
            raise BadInput(name, "PDF 没有页面")
        if n > MAX_PDF_PAGES:
            raise BadInput(name, f"PDF 有 {n} 页（上限 {MAX_PDF_PAGES}）：远长于任何年度报告，已拒绝")
        budget = PdfBudget(name)
        pages = [_load_page_or_refuse(pdf, i, budget, name) for i in range(n)]
    finally:
        pdf.close()
    return pages_to_doc(pages, name)


def _load_page_or_refuse(pdf, index: int, budget: PdfBudget, name: str) -> Page:
    import pypdfium2 as pdfium

    try:
        return _load_page(pdf, index, budget)
    except pdfium.PdfiumError:  # a page tree that lists pages it does not hold, a damaged page object
        raise BadInput(name, f"PDF 已损坏：第 {index + 1} 页无法读取（下载可能中断）：请重新下载") from None


def pages_to_doc(pages: list[Page], name: str) -> PdfDoc:
    """Pages (characters, edges, images) → cells: tables, text lines, furniture dropped, split rows joined."""
    scanned = [p.number for p in pages if not p.chars and p.image_cover >= 0.3]
    if not any(p.chars for p in pages):
        raise BadInput(name, f"{SCANNED}（扫描件或图片：请找文字版 PDF，或原件的 Word/网页版本）")
    if scanned:
        which = "、".join(str(k) for k in scanned[:10])
        raise BadInput(name, f"{SCANNED}（第 {which} 页是扫描图片，表格可能在其中：请找文字版 PDF，或原件的 Word/网页版本）")
    for p in pages:
        p.grids = _grids(p)
        rest = _assign(p)
        for g in list(p.grids):
            g.strings = [_cell_text(chars) if chars else "" for chars in g.texts]
            if any(len(s) > PROSE for s in g.strings):  # a frame around running text, not a table
                p.grids.remove(g)
                rest.extend(c for chars in g.texts for c in chars)
        p.lines = _lines(rest, p.offpage)
    drop = _furniture(pages)
    blocks = [_blocks(p, drop) for p in pages]
    for before, after in zip(blocks, blocks[1:], strict=False):  # a table continued on the next page
        if before and after and isinstance(before[-1], Grid) and isinstance(after[0], Grid):
            _stitch(before[-1], after[0])
    warnings: list[ParseWarning] = []
    em = GridEmitter(name, MAX_PDF_POSITIONS, pdf_cells_refused)
    for p, page_blocks in zip(pages, blocks, strict=True):
        _emit_page(p, page_blocks, em, warnings)
    return PdfDoc(em.cells, "\n".join(em.lines), warnings + em.warnings, len(pages))


def _assign(p: Page) -> list[Ch]:
    """Put each character into the table cell under its centre; return the characters outside tables."""
    if not p.grids:
        return p.chars
    rest: list[Ch] = []
    boxes = [(g.ys[0], g.ys[-1], g.xs[0], g.xs[-1], g) for g in p.grids]
    for c in p.chars:
        cx, cy = (c.x0 + c.x1) * 0.5, (c.y0 + c.y1) * 0.5
        for top, bottom, left, right, g in boxes:
            if top <= cy <= bottom:
                if left <= cx <= right:
                    r = min(bisect_right(g.ys, cy) - 1, len(g.ys) - 2)
                    col = min(bisect_right(g.xs, cx) - 1, len(g.xs) - 2)
                    g.texts[g.owner[r][col]].append(c)
                    break
                if g.cut_right and cx > right:  # in the part of the table beyond the page edge
                    p.dropped_cut += 1
                    break
        else:
            rest.append(c)
    for g in p.grids:
        _cut_cells(g, p)
    return rest


def _blocks(p: Page, drop: set[tuple[int, int]]) -> list:
    """The page's tables and text lines (page furniture left out), top to bottom."""
    items: list[tuple[float, int, object]] = [(ln.y0, 1, (i, ln)) for i, ln in enumerate(p.lines)
                                              if (p.number, i) not in drop]
    items += [(g.y0, 0, g) for g in p.grids]
    items.sort(key=lambda b: (b[0], b[1]))
    return [item for _top, _kind, item in items]


# ----------------------------------------------------------------------------- a row split by a page break
_ENUMERATED = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|[一二三四五六七八九十]{1,3}\s*[、.．]|"
                         r"\d{1,2}\s*[、.．])")


def _kind(text: str) -> str:
    from xxgk.domain.numbers import parse_cell

    k = parse_cell(text).kind
    return "value" if k in ("number", "dash") else k  # "value", "blank" or "text"


def _row_texts(g: Grid, r: int) -> list[str]:
    return [g.strings[g.owner[r][c]] for c in range(len(g.xs) - 1)]


def _own(g: Grid, r: int) -> dict[int, int]:
    """Column → cell index of the cells that lie in row ``r`` only (no rowspan)."""
    out = {}
    for c in range(len(g.xs) - 1):
        k = g.owner[r][c]
        r0, _c0, rs, _cs = g.cells[k]
        if r0 == r and rs == 1:
            out[c] = k
    return out


def _stitch(a: Grid, b: Grid) -> None:
    """Join the two parts of a table row that a page break cut in two (Word and LibreOffice let rows break
    across pages): the last row of ``a`` and the first row of ``b`` after its repeated header rows.

    Only when it is certain: both parts have the same columns; one part holds label text only, every piece
    of it in a column where the other part holds label text too, and none in a column where the other part
    holds a number; the continuing text does not start a new enumerated row (``3.``, ``（五）``)."""
    nc = len(a.xs) - 1
    if len(b.xs) - 1 != nc or any(abs(x - y) > 3 for x, y in zip(a.xs, b.xs, strict=True)):
        return
    na, nb = len(a.ys) - 1, len(b.ys) - 1
    head = 0
    while head < min(na - 1, nb - 1) and _row_texts(b, head) == _row_texts(a, head):
        head += 1  # the header rows the producer repeated on the new page
    ra, rb = na - 1, head
    if ra < head or rb >= nb:
        return
    own_a, own_b = _own(a, ra), _own(b, rb)
    kinds_a = {c: _kind(a.strings[a.owner[ra][c]]) for c in range(nc)}
    kinds_b = {c: _kind(b.strings[b.owner[rb][c]]) for c in range(nc)}

    def fragment(own: dict[int, int], kinds: dict[int, str], other: dict[int, str]) -> bool:
        """Label text only, each piece in a column where the other part has label text as well."""
        texts = [c for c in own if kinds[c] == "text"]
        if not texts or any(kinds[c] == "value" for c in own):
            return False
        return all(other[c] == "text" for c in texts)

    # the tail (on the new page) never starts a new enumerated row
    if any(_ENUMERATED.match(b.strings[own_b[c]]) for c in own_b if kinds_b[c] == "text"):
        return
    if any(k == "value" for k in kinds_a.values()) and fragment(own_b, kinds_b, kinds_a):
        for c in sorted({own_b[c] for c in own_b if kinds_b[c] == "text"}):
            col = b.cells[c][1]
            ka = a.owner[ra][col]
            a.strings[ka] = join_lines([a.strings[ka], b.strings[c]])
            b.strings[c] = ""
    elif any(k == "value" for k in kinds_b.values()) and fragment(own_a, kinds_a, kinds_b):
        for c in sorted({own_a[c] for c in own_a if kinds_a[c] == "text"}):
            col = a.cells[c][1]
            kb = b.owner[rb][col]
            b.strings[kb] = join_lines([a.strings[c], b.strings[kb]])
            a.strings[c] = ""


def _emit_page(p: Page, blocks: list, em: GridEmitter, warnings: list[ParseWarning]) -> None:
    from xxgk.importers.text import text_to_cells

    run: list[tuple[int, Line]] = []
    table_no = 0

    def flush() -> None:
        if not run:
            return
        texts = []
        for i, ln in run:
            text = ln.text
            if ln.cut:  # the line runs off the page: its last word may be cut, so it is not read
                text = text.rsplit(" ", 1)[0] if " " in text else ""
                warnings.append(ParseWarning(f"第 {p.number} 页第 {i + 1} 行超出页面边缘：页面外的文字未读取",
                                             f"page {p.number} line {i + 1}"))
            texts.append(text)
        for cell in text_to_cells("\n".join(texts), em.name):
            m = re.match(r"line (\d+)", cell.where)
            if m:
                k = int(m.group(1)) - 1
                cell.where = f"page {p.number} line {run[k][0] + 1}" + cell.where[m.end():]
            em.cells.append(cell)
        em.lines.extend(texts)
        run.clear()

    for item in blocks:
        if isinstance(item, Grid):
            flush()
            table_no += 1
            _emit_grid(p, item, table_no, em, warnings)
        else:
            run.append(item)
    flush()


def _emit_grid(p: Page, g: Grid, table_no: int, em: GridEmitter, warnings: list[ParseWarning]) -> None:
    label = f"page {p.number} table {table_no}"
    t = Table(table_no, None, label=label)  # type: ignore[arg-type]
    nr = len(g.ys) - 1
    rows: list[list[TCell]] = [[] for _ in range(nr)]
    for k, (r0, _c0, rs, cs) in enumerate(g.cells):
        if k in g.unread:
            continue  # the row ends before it: the matcher leaves the columns it lacks NULL
        rows[r0].append(TCell(rs, cs, text=g.strings[k]))
    t.rows = rows
    em.grid(t)
    if g.cut_right or g.unread:
        warnings.append(ParseWarning(
            f"第 {p.number} 页的表格超出页面边缘：页面外或被页边截断的单元格未读取（不猜测，相应数值为空）", label))


def parse_pdf(data: bytes, name: str, sha: str, agency: str | None = None,
              year: int | None = None) -> ParsedReport:
    from xxgk.importers.report import build_report

    doc = read_pdf(data, name)
    return build_report(doc.cells, doc.text, file=name, sha256=sha, format="pdf", agency=agency, year=year,
                        extra_warnings=doc.warnings)
