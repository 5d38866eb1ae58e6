"""Lay a report's values out as the official form, as lines of ``rich.text.Text`` (no widgets).

表二 as its blocks, 表三 with its 7 columns and nested labels, 表四 as 3 groups × 5 columns, the pre-2019
统计表 as 指标 | 单位 | 统计数. Cells read by a failing STRICT identity carry ``!``, by a SOFT one ``~``;
the cells of the selected check carry ``>`` and reverse video; the cell under the form's cursor is
drawn ``[ … ]`` (``with_cursor``) — every mark reads without colour (``LEGEND``).
``anchors`` maps each key to the line it is drawn on, so the screen can scroll to it; ``spots`` are the
value cells in reading order, where the cursor can stand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from xxgk.domain import templates as T
from xxgk.tui.common import STATUS_MARK, clip, fmt_number, pad, rich_style, safe, wrap_cells

if TYPE_CHECKING:
    from xxgk.domain.model import Value
    from xxgk.workflows.records import ReportDetail

# styles: xxgk.tui.styles (one table for every colour mode); "?": a region's sum with blank inputs
MARK_CHAR = {"fail": STATUS_MARK["fail"], "warn": STATUS_MARK["warn"], "incomplete": STATUS_MARK["incomplete"]}
CURSOR = Style(bold=True, underline=True)
HEAD = Style(bold=True)
TITLE = Style(bold=True, underline=True)
DIM = Style(dim=True)
# What the marks mean (the report screen's legend): (mark, words)
LEGEND = (("!", "不符"), ("~", "提示"), ("?", "不完整"), (">", "所选核对的单元格"), ("[ ]", "光标"))


@dataclass(frozen=True)
class Spot:
    """A value cell on the form: its key, its line, and its characters ``start:end`` on that line."""

    key: str
    line: int
    start: int
    end: int


@dataclass
class Form:
    lines: list[Text] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    spots: list[Spot] = field(default_factory=list)

    def add(self, text: Text | str = "", style: Style | None = None) -> None:
        self.lines.append(text if isinstance(text, Text) else Text(text, style=style or Style()))

    def cell(self, line: Text, key: str, cell: Text) -> None:
        """Append a value cell to ``line`` (the next line to be added) and remember where it is."""
        start = len(line.plain)
        line.append_text(cell)
        if key not in self.anchors:
            self.anchors[key] = len(self.lines)
            self.spots.append(Spot(key, len(self.lines), start, start + len(cell.plain)))

def with_cursor(line: Text, spot: Spot) -> Text:
    """``line`` with the cell at ``spot`` drawn as the cursor: ``[ 95]`` instead of `` 95 `` (bold,
    underlined), so it is seen without colour and next to the ``>`` cells of the selected check."""
    head, body, tail = line.divide([spot.start, spot.end])
    plain = body.plain
    if plain.endswith(" "):
        plain = plain[:-1] + "]"
        lead = len(plain) - len(plain.lstrip(" "))
        if lead:
            plain = plain[:lead - 1] + "[" + plain[lead:]
    marked = Text(plain, style=body.style, spans=list(body.spans))
    marked.stylize(CURSOR)
    out = Text()
    out.append_text(head)
    out.append_text(marked)
    out.append_text(tail)
    out.no_wrap = True
    return out


class Cells:
    """Formats one value cell of width ``w``: number right-aligned, marker just left of it."""

    def __init__(self, values: dict[str, Value], marks: dict[str, str], selected: set[str]) -> None:
        self.values = values
        self.marks = marks
        self.selected = selected

    def cell(self, key: str, width: int) -> Text:
        value = self.values.get(key)
        shown = fmt_number(value.value, value.raw) if value is not None else ""
        mark = self.marks.get(key)
        if key in self.selected:
            body = ">" + shown if shown else ">"
            return Text(pad(body, width - 1, "right") + " ", style=rich_style("selected"))
        if mark:
            return Text(pad(MARK_CHAR[mark] + shown, width - 1, "right") + " ", style=rich_style(mark))
        return Text(pad(shown, width - 1, "right") + " ")


def _header_lines(labels: list[str], label_w: int, col_w: int, first: str = "") -> list[Text]:
    wrapped = [wrap_cells(label, col_w - 1) for label in labels]
    height = max(len(w) for w in wrapped) if wrapped else 1
    out = []
    for i in range(height):
        line = Text(pad(first if i == 0 else "", label_w), style=HEAD)
        for w in wrapped:
            part = w[i] if i < len(w) else ""
            line.append(pad(part, col_w - 1, "right") + " ", HEAD)
        out.append(line)
    return out


def _row(form: Form, label: str, indent: int, keys: list[str], cells: Cells, label_w: int, col_w: int) -> None:
    parts = wrap_cells(safe(label), max(4, label_w - indent - 1))
    first = Text(pad(" " * indent + parts[0], label_w))
    for key in keys:
        if key in cells.values:
            form.cell(first, key, cells.cell(key, col_w))
        else:
            first.append_text(cells.cell(key, col_w))
            form.anchors.setdefault(key, len(form.lines))
    form.add(first)
    for part in parts[1:]:
        form.add(Text(pad(" " * (indent + 1) + part, label_w), style=DIM))


def _widths(width: int, ncols: int, min_col: int, max_col: int) -> tuple[int, int]:
    col_w = max(min_col, min(max_col, (width - 20) // max(1, ncols)))
    label_w = max(12, width - col_w * ncols)
    return label_w, col_w


def render_form(detail: ReportDetail, width: int, marks: dict[str, str] | None = None,
                selected: set[str] | None = None) -> Form:
    """``detail`` laid out as its form at ``width`` cells; ``marks``: key -> "fail"/"warn" (``CellMark.kind``);
    ``selected``: the keys of the check under the cursor."""
    marks = marks or {}
    selected = selected or set()
    values = {v.key: v for v in detail.values}
    cells = Cells(values, marks, selected)
    form = Form()
    placed: set[str] = set()
    report = detail.report
    tt = report.table_templates or {}
    template = report.template
    width = max(40, width)

    has_c = template == T.GEN_C or any(k.startswith("c.") for k in values)
    has_ab = any(k.startswith(("t2.", "t3.", "t4.")) for k in values) or template in (T.GEN_A, T.GEN_B)

    if has_ab:
        # ---- 表二
        rows2 = T.t2_rows(T.table_generation("t2", template, tt))
        if not any(k.startswith("t2.") for k in values) and not tt.get("t2") and template not in (T.GEN_A, T.GEN_B):
            rows2 = ()
        if rows2:
            form.add("二、主动公开政府信息情况" + ("（2019 试行格式）" if rows2 is T.T2_ROWS_B else ""), TITLE)
            group = None
            for row in rows2:
                cols = row.columns
                if row.group != group:
                    group = row.group
                    label_w, col_w = _widths(width, len(cols), 8, 18)
                    form.add(Text(safe(group or ""), style=HEAD))
                    for line in _header_lines([c.label for c in cols], label_w, col_w, "信息内容"):
                        form.add(line)
                label_w, col_w = _widths(width, len(cols), 8, 18)
                keys = [f"t2.{row.key}.{c.key}" for c in cols]
                placed.update(keys)
                _row(form, row.label, 1, keys, cells, label_w, col_w)
            form.add()
        # ---- 表三
        gen3 = T.table_generation("t3", template, tt)
        label_w, col_w = _widths(width, len(T.T3_COLUMNS), 6, 9)
        form.add("三、收到和处理政府信息公开申请情况", TITLE)
        for line in _header_lines([c.label for c in T.T3_COLUMNS], label_w, col_w, "申请人情况 →"):
            form.add(line)
        group = None
        row_labels = {r.label for r in T.T3_ROWS}
        for row in T.T3_ROWS:
            keys = [f"t3.{row.key}.{c.key}" for c in T.T3_COLUMNS]
            present = any(k in values for k in keys)
            if not present and gen3 not in row.gens:
                continue
            if row.key == "3.1":
                form.add(Text(pad("三、本年度办理结果", label_w), style=HEAD))
            if (row.group and row.group != group and row.group != "三、本年度办理结果"
                    and row.group not in row_labels):  # older catalogues had no row for the group itself
                form.add(Text(pad("  " + row.group, label_w), style=HEAD))
            group = row.group
            indent = 0 if row.group is None else (2 if row.group == "三、本年度办理结果" else 4)
            placed.update(keys)
            _row(form, row.label, indent, keys, cells, label_w, col_w)
        form.add()
        # ---- 表四
        label_w, col_w = _widths(width, len(T.T4_COLUMNS), 7, 10)
        form.add("四、政府信息公开行政复议、行政诉讼情况", TITLE)
        for line in _header_lines([c.label for c in T.T4_COLUMNS], label_w, col_w):
            form.add(line)
        for grp in T.T4_GROUPS:
            keys = [f"t4.{grp.key}.{c.key}" for c in T.T4_COLUMNS]
            placed.update(keys)
            _row(form, grp.label, 0, keys, cells, label_w, col_w)
        form.add()

    if has_c:
        unit_w, col_w = 6, 10
        label_w = max(12, width - unit_w - col_w)
        form.add("政府信息公开情况统计表", TITLE)
        form.add(Text(pad("统计指标", label_w) + pad("单位", unit_w) + pad("统计数", col_w - 1, "right"), style=HEAD))
        for v in detail.values:
            if not v.key.startswith("c."):
                continue
            placed.add(v.key)
            heading = (v.note or "") == "section heading"
            parts = wrap_cells(safe(v.label), label_w - 1)
            line = Text(pad(parts[0], label_w), style=HEAD if heading else Style())
            line.append(pad(safe(v.unit or ("——" if heading else "")), unit_w))
            form.cell(line, v.key, cells.cell(v.key, col_w))
            form.add(line)
            for part in parts[1:]:
                form.add(Text(" " + part, style=DIM))
        form.add()

    rest = [v for v in detail.values if v.key not in placed]
    if rest:
        form.add("其他数值（未归入表格）", TITLE)
        label_w = max(12, width - 12)
        for v in rest:
            line = Text(pad(clip(safe(v.label or v.key), label_w - 1), label_w))
            form.cell(line, v.key, cells.cell(v.key, 12))
            form.add(line)
        form.add()

    if detail.warnings:
        form.add(f"解析提示（{len(detail.warnings)}，按 w 逐条查看）", TITLE)
        for w in detail.warnings:
            body = safe(w.message) + (f"  ({safe(w.where)})" if w.where else "")
            for i, part in enumerate(wrap_cells(body, width - 2)):
                text = Text("~ " if i == 0 else "  ", style=rich_style("warn"))
                text.append(part)
                form.add(text)
    if not form.lines:
        form.add("（此报告没有识别出统计表）", DIM)
    # every line ends exactly at the width: long headers never wrap in the widget
    for line in form.lines:
        line.no_wrap = True
        if cell_len(line.plain) > width:
            line.truncate(width)
    return form
