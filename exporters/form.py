"""A comparison laid out as the official forms print it, as blocks of items (pure: no openpyxl).

* 表二 as its blocks (第二十条第(一)项 …), each with its own column heads;
* 表三 as its rows × the seven applicant columns (自然人 … 总计), group rows as headings;
* 表四 as its three groups × five columns;
* the pre-2019 统计表 as 指标 | 单位 | values, in the reports' own order, section rows as headings;
* across the 统计表 / 2019–2021 boundary only the approximate concept rows (≈);
* any cell the catalogue does not place (a provincial row) in a last list, so nothing is lost.

A grid item carries one ``ExportRow`` per value column (the writer prints year A, year B and the change
under each other); a list item carries one row. ``hide_equal`` drops the items the app's "hide equal"
option hides (every cell equal in both years, or zero or blank in both), never an item with a marked cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.domain import templates as T
from xxgk.exporters.build import ExportComparison, ExportRow, is_c
from xxgk.presentation.status import APPROXIMATE_MARK

GRID, LIST = "grid", "list"
LABEL_COL, SIDE_COL, FIRST_VALUE_COL = 1, 2, 3  # the sheet's columns (1-based)
VALUE_COLS = 7


@dataclass(frozen=True)
class Head:
    """A header cell: ``text`` over columns ``col``..``col + span - 1``, ``rows`` rows high."""

    text: str
    col: int
    span: int = 1
    rows: int = 1


@dataclass
class Item:
    label: str
    cells: tuple[ExportRow | None, ...] = ()  # a grid item: one per value column (None: not on either report)
    row: ExportRow | None = None  # a list item
    unit: str = ""
    indent: int = 0
    heading: bool = False  # a group or section row: its label (and a list heading's printed value)
    cumulative: ExportRow | None = None  # a list item's 历年累计 (all-time) column, when the 统计表 has one

    @property
    def rows(self) -> list[ExportRow]:
        return [r for r in (*self.cells, self.row, self.cumulative) if r is not None]


@dataclass
class Block:
    kind: str  # GRID | LIST
    title: str | None  # the table's title ("三、收到和处理政府信息公开申请情况"); None for a following block
    heads: list[list[Head]]  # header rows
    items: list[Item] = field(default_factory=list)
    columns: int = 0  # value columns used by a grid
    cumulative: bool = False  # a list with the 历年累计 columns (year A, year B, 增减) after the year's four

    @property
    def last_col(self) -> int:
        return FIRST_VALUE_COL - 1 + (self.columns if self.kind == GRID else 7 if self.cumulative else 4)


@dataclass
class Layout:
    blocks: list[Block]
    hidden: int = 0  # items left out by hide_equal
    placed: set[str] = field(default_factory=set)


def _grid_heads(first: str, labels: list[str]) -> list[list[Head]]:
    row = [Head(first, LABEL_COL), Head("年度", SIDE_COL)]
    row += [Head(text, FIRST_VALUE_COL + i) for i, text in enumerate(labels)]
    return [row]


def list_heads(comp: ExportComparison, first: str = "指标", side: str = "单位") -> list[list[Head]]:
    ya, yb = comp.year_a, comp.year_b
    cols = [f"{ya}年" + ("（缺）" if ya in comp.missing else ""), f"{yb}年" + ("（缺）" if yb in comp.missing else ""),
            "增减", "增减%"]
    return [[Head(first, LABEL_COL), Head(side, SIDE_COL),
             *(Head(text, FIRST_VALUE_COL + i) for i, text in enumerate(cols))]]


def cumulative_heads(comp: ExportComparison) -> list[list[Head]]:
    """指标 | 单位 | 本年 (A, B, 增减, 增减%) | 历年累计 (A, B, 增减)."""
    years = [f"{y}年" + ("（缺）" if y in comp.missing else "") for y in (comp.year_a, comp.year_b)]
    first = FIRST_VALUE_COL
    return [[Head("指标", LABEL_COL, rows=2), Head("单位", SIDE_COL, rows=2), Head("本年", first, span=4),
             Head(T.CUMULATIVE_LABEL, first + 4, span=3)],
            [Head(text, first + i) for i, text in enumerate([*years, "增减", "增减%", *years, "增减"])]]


T3_HEADS = [
    [Head("项目", LABEL_COL, rows=2), Head("年度", SIDE_COL, rows=2), Head("自然人", FIRST_VALUE_COL, rows=2),
     Head("法人或其他组织", FIRST_VALUE_COL + 1, span=5), Head("总计", FIRST_VALUE_COL + 6, rows=2)],
    [Head(c.label, FIRST_VALUE_COL + 1 + i) for i, c in enumerate(T.T3_COLUMNS[1:6])],
]


def _keep(item: Item, hide_equal: bool) -> bool:
    if not hide_equal or item.heading:
        return True
    return any(r.marked or not r.equal_or_zero for r in item.rows)  # a row on neither report: hidden too


def _prune(items: list[Item]) -> list[Item]:
    """Drop group headings left without an item under them (after hide_equal)."""
    out: list[Item] = []
    for i, item in enumerate(items):
        if item.heading and not item.rows:
            under = False
            for x in items[i + 1:]:
                if x.indent <= item.indent:
                    break
                if not x.heading:
                    under = True
                    break
            if not under:
                continue
        out.append(item)
    return out


class _Builder:
    def __init__(self, comp: ExportComparison, hide_equal: bool) -> None:
        self.comp = comp
        self.hide_equal = hide_equal
        self.by_key: dict[str, ExportRow] = {}
        for r in comp.rows:
            for k in (r.key_a, r.key_b, r.key):
                if k:
                    self.by_key.setdefault(k, r)
        self.placed: set[int] = set()  # ids of rows placed
        self.hidden = 0
        self.blocks: list[Block] = []

    def take(self, key: str) -> ExportRow | None:
        r = self.by_key.get(key)
        if r is not None:
            self.placed.add(id(r))
        return r

    def add(self, block: Block) -> None:
        kept = []
        for item in block.items:
            if _keep(item, self.hide_equal):
                kept.append(item)
            else:
                self.hidden += 1
        block.items = _prune(kept)
        if any(not i.heading or i.rows for i in block.items):
            self.blocks.append(block)

    # -- 表二
    def table2(self) -> None:
        comp = self.comp
        gens = []
        for rep in (comp.report_a, comp.report_b):
            if rep is not None:
                g = T.table_generation("t2", rep.template, rep.table_templates)
                g = T.GEN_B if g == T.GEN_B else T.GEN_A
                if g not in gens:
                    gens.append(g)
        done: set[str] = set()
        for gen in gens:
            title: str | None = "二、主动公开政府信息情况" + (f"（{T.GEN_NAMES[gen]}）" if len(gens) > 1 else "")
            current: tuple | None = None
            block: Block | None = None
            for row in T.t2_rows(gen):
                cols = [c for c in row.columns if f"t2.{row.key}.{c.key}" not in done]
                keys = [f"t2.{row.key}.{c.key}" for c in cols]
                if not any(k in self.by_key for k in keys):
                    continue
                done.update(keys)
                shape = (row.group, tuple(c.label for c in cols))
                if shape != current:
                    if block is not None:
                        self.add(block)
                    current = shape
                    heads = [[Head(row.group or "", LABEL_COL, span=2 + VALUE_COLS)],
                             *_grid_heads("信息内容", [c.label for c in cols])]
                    block = Block(GRID, title, heads, columns=len(cols))
                    title = None
                assert block is not None  # set on the first row (its shape differs from None)
                block.items.append(Item(row.label, tuple(self.take(k) for k in keys), indent=1))
            if block is not None:
                self.add(block)

    # -- 表三
    def table3(self) -> None:
        comp = self.comp
        if not any(k.startswith("t3.") for k in self.by_key):
            return
        gens = {T.table_generation("t3", rep.template, rep.table_templates)
                for rep in (comp.report_a, comp.report_b) if rep is not None}
        mapped_six = any("t3.3.6.*." in k for k in self.by_key)
        block = Block(GRID, "三、收到和处理政府信息公开申请情况", T3_HEADS, columns=VALUE_COLS)
        row_labels = {r.label for r in T.T3_ROWS}
        group = None
        for row in T.T3_ROWS:
            keys = [f"t3.{row.key}.{c.key}" for c in T.T3_COLUMNS]
            if mapped_six and row.key.startswith("3.6."):
                continue
            present = any(k in self.by_key for k in keys)
            if row.key == "3.1":
                block.items.append(Item("三、本年度办理结果", heading=True))
            if (row.group and row.group != group and row.group != "三、本年度办理结果"
                    and row.group not in row_labels):
                block.items.append(Item(row.group, heading=True, indent=1))
            group = row.group
            indent = 0 if row.group is None else (1 if row.group == "三、本年度办理结果" else 2)
            label = row.label
            if mapped_six and row.key == "3.6":
                label += "（2021 年版为三项合计）"
            if present:
                block.items.append(Item(label, tuple(self.take(k) for k in keys), indent=indent))
            elif not row.leaf:
                block.items.append(Item(label, heading=True, indent=indent))
            elif gens & set(row.gens):
                block.items.append(Item(label, tuple(None for _ in keys), indent=indent))
        self.add(block)

    # -- 表四
    def table4(self) -> None:
        if not any(k.startswith("t4.") for k in self.by_key):
            return
        block = Block(GRID, "四、政府信息公开行政复议、行政诉讼情况",
                      _grid_heads("项目", [c.label for c in T.T4_COLUMNS]), columns=len(T.T4_COLUMNS))
        for grp in T.T4_GROUPS:
            keys = [f"t4.{grp.key}.{c.key}" for c in T.T4_COLUMNS]
            block.items.append(Item(grp.label, tuple(self.take(k) for k in keys)))
        self.add(block)

    # -- lists
    def list_block(self, title: str, rows: list[ExportRow], first: str = "指标") -> None:
        comp = self.comp
        cumulative = {r.key: r for r in rows if r.key.endswith(T.CUMULATIVE)}
        base_keys = {r.key for r in rows}
        folded = {k: r for k, r in cumulative.items() if T.base_key(k) in base_keys}  # under their row
        block = Block(LIST, title, cumulative_heads(comp) if folded else list_heads(comp, first),
                      cumulative=bool(folded))
        for r in rows:
            if r.key in folded:
                continue
            self.placed.add(id(r))
            infos = [comp.cells.get(k) for k in (r.key_b, r.key_a) if k]
            units = [i.unit for i in infos if i and i.unit]
            units += [ki.unit for k in (r.key_b, r.key_a) if k and (ki := T.info(k.replace("*", "1"))) and ki.unit]
            label = f"{APPROXIMATE_MARK} {r.label}" if r.approximate else r.label
            extra = folded.get(T.cumulative_key(r.key))
            if extra is not None:
                self.placed.add(id(extra))
            block.items.append(Item(label, row=r, unit=units[0] if units else "",
                                    heading=any(i and i.heading for i in infos), cumulative=extra))
        self.add(block)

    def statistics_table(self) -> None:
        comp = self.comp
        rows = [r for r in comp.rows if r.key.startswith("c.")]
        if not rows:
            return
        far = float(len(comp.cells) + 1)
        rows.sort(key=lambda r: comp.cells[r.key].order if r.key in comp.cells else far)
        self.list_block("政府信息公开情况统计表", rows)

    def rest(self) -> None:
        rows = [r for r in self.comp.rows if id(r) not in self.placed]
        if rows:
            self.list_block("其他数值（未归入表格）", rows, first="项目")


def form_layout(comp: ExportComparison, hide_equal: bool = False) -> Layout:
    """The blocks of ``comp`` in the order of the official form."""
    b = _Builder(comp, hide_equal)
    if any(r.approximate for r in comp.rows):
        b.list_block("跨格式近似对比（2019 年以前的统计表 ↔ 2019/2021 年版表格，≈ 按概念对应）",
                     [r for r in comp.rows if r.approximate], first="概念")
    elif all(is_c(rep.template, values) for rep, values in
             ((comp.report_a, comp.values_a), (comp.report_b, comp.values_b)) if rep is not None):
        b.statistics_table()
    else:
        b.table2()
        b.table3()
        b.table4()
    b.rest()
    placed = {r.key for r in comp.rows if id(r) in b.placed}
    return Layout(b.blocks, b.hidden, placed)
