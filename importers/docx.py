"""Word documents (.docx) → cells: tables as true grids, paragraphs as text, in document order.

``importers.safety.check_docx_zip`` first reads the zip index only (declared sizes: zip bombs), then
python-docx opens the package (its XML parser resolves no entities) and the body is walked in order:

* a paragraph is one text line per line break (``w:br``); runs hidden with ``w:vanish``, deleted text,
  field codes and the fallback copy of drawings (``mc:Fallback``) are not text; the content of a text
  box follows the paragraph it is anchored in; content controls (``w:sdt``) are transparent;
* a table becomes the same tree the HTML producer builds (``importers.grid``): ``w:gridSpan`` is a
  colspan, a ``w:vMerge`` run is a rowspan, ``w:gridBefore`` is an empty cell. So a merged label is
  repeated in every position it covers and a number stays in the top-left position, exactly as for
  ``<td rowspan>``; a table holding tables (a layout table) is read as the flows of its cells;
* a cell holding several paragraphs is one cell: its lines are joined without a space between Chinese
  characters (labels are whitespace-insensitive) and with one space otherwise. Two numbers in two
  paragraphs of one cell are not one number: such a cell is text, with a warning;
* runs of paragraphs holding tabs (a table typed with tab stops) are rows, like the text importer's tab
  rows.

A document whose tables and paragraphs give no statistics that way (a report pasted into Word as plain
text, its numbers separated by spaces) is read line by line like a text file (``importers.text``).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from xxgk.domain.model import BadInput, ParsedReport, ParseWarning
from xxgk.importers.cells import Cell
from xxgk.importers.grid import Flow, GridEmitter, Table, TCell, clean, join_lines, looks_numeric
from xxgk.importers.safety import MAX_DOCX_TABLE_CELLS, check_docx_zip, docx_cells_refused

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                                                "customXml"))
R, RPR, VANISH, T, TAB, PTAB, BR, CR, NBH = (W + t for t in ("r", "rPr", "vanish", "t", "tab", "ptab", "br", "cr",
                                                             "noBreakHyphen"))
TCPR, TRPR, GRID_SPAN, VMERGE, HMERGE, GRID_BEFORE = (W + t for t in ("tcPr", "trPr", "gridSpan", "vMerge", "hMerge",
                                                                     "gridBefore"))
TXBX = W + "txbxContent"
VAL = W + "val"
# Subtrees that hold no visible text of the paragraph itself.
_SKIP = {MC + "Fallback", W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "pPr", W + "rPr",
         W + "footnoteReference", W + "endnoteReference", W + "commentReference", TXBX}
_OFF = {"0", "false", "off"}
_TAB_ROW_MIN = 3  # paragraphs with tabs before they count as a table typed with tab stops


@dataclass
class DocxDoc:
    """What the DOCX cell producer hands to the matcher."""

    cells: list[Cell]
    text: str
    lines: list[str]  # the body's paragraphs and table rows, for the text fallback
    warnings: list[ParseWarning]


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.tables = 0
        self.tab_paragraphs = 0
        self.warnings: list[ParseWarning] = []

    # -- blocks
    def block(self, el, flow: Flow) -> None:
        tab_run: list[list[str]] = []

        def flush_tabs() -> None:
            if tab_run:
                self.tab_table(tab_run, flow)
                tab_run.clear()

        for child in el:
            tag = child.tag
            if tag == P:
                lines, boxes = self.paragraph(child)
                tabbed = [ln for ln in lines if "\t" in ln.strip()]
                if tabbed and len(tabbed) == len(lines) and self.tab_paragraphs >= _TAB_ROW_MIN:
                    tab_run.extend(ln.split("\t") for ln in lines)
                else:
                    flush_tabs()
                    for ln in lines:
                        flow.add_line(ln.replace("\t", " "))
                for box in boxes:
                    flush_tabs()
                    self.block(box, flow)
            elif tag == TBL:
                flush_tabs()
                self.table(child, flow)
            elif tag in (SDT, CUSTOM_XML):
                flush_tabs()
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self.block(content, flow)
        flush_tabs()

    def paragraph(self, p) -> tuple[list[str], list]:
        """The paragraph's text lines, and the text boxes anchored in it."""
        parts: list[str] = []
        boxes: list = []
        self._runs(p, parts, boxes)
        return "".join(parts).split("\n"), boxes

    def _runs(self, el, parts: list[str], boxes: list) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):  # comments, processing instructions
                continue
            if tag == T:
                parts.append(child.text or "")
            elif tag in (TAB, PTAB):
                parts.append("\t")
            elif tag == BR:
                if child.get(W + "type") != "page":
                    parts.append("\n")
            elif tag == CR:
                parts.append("\n")
            elif tag == NBH:
                parts.append("-")
            elif tag == TXBX:
                boxes.append(child)
            elif tag in _SKIP:
                continue
            elif tag == R and _hidden(child):
                continue
            else:
                self._runs(child, parts, boxes)

    # -- tables
    def table(self, tbl, flow: Flow) -> None:
        self.tables += 1
        t = Table(self.tables, flow)
        flow.add_table(t)
        origins: dict[int, TCell] = {}  # grid column → the cell a vMerge run started with
        for tr in _rows(tbl):
            row: list[TCell] = []
            col = _int(tr.find(f"{TRPR}/{GRID_BEFORE}"), 0)
            if col:
                row.append(TCell(1, col, text=""))
            for tc in tr.iter(TC):
                if _parent_row(tc) is not tr:
                    continue  # a cell of a table nested in this row
                pr = tc.find(TCPR)
                span = max(1, min(_int(pr.find(GRID_SPAN) if pr is not None else None, 1), 1000))
                vm = pr.find(VMERGE) if pr is not None else None
                hm = pr.find(HMERGE) if pr is not None else None
                if hm is not None and hm.get(VAL) != "restart" and row:  # Word 97 horizontal merge
                    row[-1].colspan += span
                    col += span
                    continue
                if vm is not None and vm.get(VAL) != "restart" and col in origins:
                    origins[col].rowspan += 1  # a continuation: the cell above grows, no cell here
                    col += span
                    continue
                cell = self.cell(tc, span)
                row.append(cell)
                for c in range(col, col + span):
                    origins.pop(c, None)
                if vm is not None:
                    origins[col] = cell
                col += span
            t.rows.append(row)

    def cell(self, tc, span: int) -> TCell:
        cell = TCell(1, span)
        self.block(tc, cell.flow)
        lines = [s for s in cell.flow.items if isinstance(s, str)]
        numbers = [s for s in lines if looks_numeric(s)]
        if len(numbers) >= 2:
            cell.text = "；".join(lines)
            self.warnings.append(ParseWarning(
                f"第 {self.tables} 个表格：一个单元格的几个段落里各有一个数字（{cell.text}）："
                "按文字读取，不当作一个数", f"table {self.tables}"))
        else:
            cell.text = join_lines(lines)
        return cell

    def tab_table(self, rows: list[list[str]], flow: Flow) -> None:
        self.tables += 1
        t = Table(self.tables, flow, label=f"tab rows {self.tables}")
        t.rows = [[TCell(1, 1, text=clean(piece)) for piece in pieces] for pieces in rows]
        flow.add_table(t)

    def count_tab_paragraphs(self, body) -> None:
        n = 0
        for p in body.iter(P):
            texts: list[str] = []
            self._runs(p, texts, [])
            if "\t" in "".join(texts).strip():
                n += 1
                if n >= _TAB_ROW_MIN:
                    break
        self.tab_paragraphs = n


def _hidden(run) -> bool:
    pr = run.find(RPR)
    if pr is None:
        return False
    v = pr.find(VANISH)
    return v is not None and (v.get(VAL) or "true").lower() not in _OFF


def _int(el, default: int) -> int:
    if el is None:
        return default
    try:
        return int(str(el.get(VAL)).strip())
    except ValueError:
        return default


def _rows(tbl):
    """The rows of a table (also rows wrapped in content controls), not those of nested tables."""
    for child in tbl:
        if child.tag == TR:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _rows(content)


def _parent_row(tc):
    el = tc.getparent()
    while el is not None and el.tag != TR:
        el = el.getparent()
    return el


def _open(data: bytes, name: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except MemoryError:
        raise BadInput(name, "Word 文档太大，无法读取") from None
    except (PackageNotFoundError, KeyError, ValueError):
        raise BadInput(name, "Word 文档（.docx）已损坏或不完整（缺少必要的部件）：请用 Word/WPS 重新另存为 .docx") from None
    except Exception as exc:  # lxml and python-docx raise many kinds on damaged or hostile files
        detail = " ".join(str(exc).split())[:100]
        raise BadInput(name, f"Word 文档（.docx）已损坏，无法读取（{type(exc).__name__}: {detail}）") from None


def read_docx(data: bytes, name: str) -> DocxDoc:
    """Check, open and turn the document body into cells (no matching). Raises BadInput."""
    check_docx_zip(data, name)
    document = _open(data, name)
    body = document.element.body
    reader = _Reader(name)
    reader.count_tab_paragraphs(body)
    root = Flow()
    reader.block(body, root)
    root.close()
    em = GridEmitter(name, MAX_DOCX_TABLE_CELLS, docx_cells_refused)
    em.flow(root)
    return DocxDoc(em.cells, "\n".join(em.lines), em.lines, reader.warnings + em.warnings)


def parse_docx(data: bytes, name: str, sha: str, agency: str | None = None, year: int | None = None,
               fmt: str = "docx", extra_warnings: list[ParseWarning] | None = None) -> ParsedReport:
    from xxgk.importers.matcher import match_cells
    from xxgk.importers.report import build_report
    from xxgk.importers.text import text_to_cells

    doc = read_docx(data, name)
    warnings = list(extra_warnings or []) + doc.warnings
    cells = doc.cells
    if not match_cells(cells).values:  # no table gave statistics: the report was pasted in as plain text
        cells = text_to_cells(doc.text, name)
    return build_report(cells, doc.text, file=name, sha256=sha, format=fmt, agency=agency, year=year,
                        extra_warnings=warnings)
