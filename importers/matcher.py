"""The one matcher: cells from any importer → canonical values (spec §7.3).

It walks the cell stream once. Headings and marker labels switch the current table (二, 三, 四, or the
pre-2019 统计表); text cells accumulate as the pending label; a run of value cells (numbers, dashes,
blanks) is a value group that belongs to the row whose label best matches the end of the pending text,
in the form's own row order. Nothing is guessed: a group that cannot be placed is a warning with its
location, never a value.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from operator import attrgetter

from xxgk.domain import templates as T
from xxgk.domain.model import ParseWarning, Value
from xxgk.domain.normalise import match_form, printed_form, strip_enumerator
from xxgk.domain.numbers import CellValue, parse_cell
from xxgk.importers.cells import Cell, Mode

# Row ends that close a value group. PDF/plain lines ("words") do not: values wrap onto the next line
# (表四's 15 numbers) and one-cell-per-line text without pipes (F3) prints one value per line.
GROUP_BREAK_MODES = {"grid", "pipe_row", "tab"}
_KIND = attrgetter("kind")
_TEXT_OF = attrgetter("text")


class Group:
    """A run of value cells (their parsed values beside them) and the mode of its first cell."""

    __slots__ = ("cells", "parsed", "mode", "_blank")

    def __init__(self, cells: list[Cell], parsed: list[CellValue], mode: Mode) -> None:
        self.cells, self.parsed, self.mode = cells, parsed, mode
        self._blank: bool | None = None

    @property
    def where(self) -> str:
        return self.cells[0].where if self.cells else ""

    def all_blank(self) -> bool:
        """Every cell blank (asked several times a group: told once; a group's cells never change)."""
        blank = self._blank
        if blank is None:
            blank = self._blank = all(map("blank".__eq__, map(_KIND, self.parsed)))  # (C-level)
        return blank


@dataclass
class MatchResult:
    values: list[Value] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    table_templates: dict[str, str] = field(default_factory=dict)

    @property
    def template(self) -> str | None:
        """The report's generation: 统计表, else table 二's form, else table 三's; None when undecidable."""
        tt = self.table_templates
        if "c" in tt:
            return T.GEN_C
        return tt.get("t2") or tt.get("t3") or None


# ---------------------------------------------------------------- memos
class _Memo(dict):
    """A memo as a plain dict: a hit is one C-level ``dict.get``, about half an ``lru_cache`` call, and the
    matcher asks one per cell. Emptied when full (its bound, as an lru_cache's maxsize); ``cache_clear`` as
    an lru_cache's (bench_parse clears every memo that has one for its "memos cleared" bound)."""

    __slots__ = ("cache_clear",)  # (an instance's, not the class's: bench_parse calls every one it finds)

    def __init__(self) -> None:
        super().__init__()
        self.cache_clear = self.clear


_MEMO_CAP = 1 << 14  # (each entry of _CELLS holds a text and a dict: a few MB at most)
_MISS = object()
# A cell's text → (its value, its match_form (a value's: ""), the table it opens under each current table:
# filled as asked; a value's: None)
_CELLS = _Memo()
_Info = tuple[CellValue, str, "dict[str | None, str | None] | None"]


def _cell_info(text: str) -> _Info:
    got = _CELLS.get(text)
    if got is None:
        if len(_CELLS) >= _MEMO_CAP:
            _CELLS.clear()
        cv = parse_cell(text)  # (a value's match_form and table starts are never read: the many numbers a
        # report prints skip them)
        got = _CELLS[text] = (cv, match_form(text), {}) if cv.kind == "text" else (cv, "", None)
    return got


def _text_info(text: str) -> _Info:
    """A running-text cell's: text whatever it holds (``_cell_info`` of a text that reads as a value has
    no match_form)."""
    got = _CELLS.get(text) or _cell_info(text)
    return got if got[0].kind == "text" else (_TEXT, match_form(text), {})


def _start_from(info: _Info, current: str | None) -> str | None:
    """``_table_start`` of a cell's text (``info`` from ``_cell_info``), memoised in the text's memo entry."""
    starts = info[2]
    if starts is None:  # (a value's entry: never asked)
        return _table_start(info[1], current)
    start = starts.get(current, _MISS)
    if start is _MISS:
        start = starts[current] = _table_start(info[1], current)
    return start  # type: ignore[return-value]


# ---------------------------------------------------------------- table starts
@lru_cache(maxsize=1 << 12)
def _table_start(form: str, current: str | None) -> str | None:
    """Which table a heading/marker text opens, if any (form = match_form of the cell): a pure function of
    two strings (the matcher memoises it per cell text: ``_start_from``)."""
    if form.startswith(_C_MARKERS) or (len(form) == 2 * form.count("指标") + 2  # (no copy of running text)
                                       and form.replace("指标", "") == "统计"):
        return "c"
    if current == "c":
        return None
    if form.startswith("二、") and "主动公开" in form:
        return "t2"
    if current is None and (form.startswith("第二十条第") or form in T2_START_CELLS):
        return "t2"
    if form.startswith("三、") and ("收到和处理" in form or "申请情况" in form):
        return "t3"
    if current in (None, "t2") and ("本列数据的勾稽关系" in form or form == "申请人情况"
                                    or ("本年新收政府信息公开申请数" in form  # (cheap first: then stripped)
                                        and strip_enumerator(form).startswith("本年新收政府信息公开申请数"))):
        return "t3"
    if form.startswith("四、") and "复议" in form:
        return "t4"
    if form.startswith("五、") and ("问题" in form or "改进" in form or "存在" in form):
        return "end"
    if form.startswith("六、其他需要报告"):
        return "end"
    return None


T2_START_CELLS = {"信息内容"}
_C_MARKERS = tuple(T.C_MARKERS)  # (str.startswith takes a tuple: one C-level call)
_TEXT = CellValue("text")


@lru_cache(maxsize=1 << 14)
def _t2_marker(form: str) -> str | None:
    """The 表二 generation a column header names (2021 markers first), if any."""
    if any(m in form for m in T.T2_MARKERS_A):
        return T.GEN_A
    if any(m in form for m in T.T2_MARKERS_B):
        return T.GEN_B
    return None


T3_GROUP_KEYS = {"3.3", "3.4", "3.5", "3.6"}


def _row_score(pending: str, fulls: tuple[str, ...], cores: tuple[str, ...], fuzzy: bool = True) -> float:
    """How well the end of the pending label text spells a row label: exact 1.0 … fuzzy (typos) ≤ 0.85."""
    best = 0.0
    for full in fulls:
        if pending.endswith(full):
            return 1.0
    for core in cores:
        if len(core) >= 2 and pending.endswith(core):
            best = max(best, 0.92)
        elif len(core) >= 4 and core in pending[-(len(core) + 30):]:
            best = max(best, 0.8)
    if best < 0.9 and _ends_with_shortened(pending, fulls):
        best = 0.9
    if best or not fuzzy:
        return best
    for full in fulls:
        tail = pending[-(len(full) + 2):]
        r = SequenceMatcher(None, full, tail, autojunk=False).ratio()
        best = max(best, r * 0.85)
    return best


_TABLE_ROWS: dict[str, tuple[T.Row, ...]] = {"t2.A": T.T2_ROWS_A, "t2.B": T.T2_ROWS_B, "t3": T.T3_ROWS}


@lru_cache(maxsize=1 << 14)
def _candidates(pending: str, table: str, fuzzy: bool) -> tuple[tuple[int, float, str], ...]:
    """The rows a pending label text scores above 0 for, in the form's order: (index, score, row key).
    Memoised: reports print the same labels again and again, and the same label meets the same rows
    (``table`` names a row tuple of ``_TABLE_ROWS``). A row scoring 0 never wins (``_best_row``), and the
    exact pass scores most rows 0: the choice reads only the few that can."""
    rows = _TABLE_ROWS[table]
    scores = (_row_score(pending, row.match_fulls, row.match_cores, fuzzy) for row in rows)
    return tuple((i, s, rows[i].key) for i, s in enumerate(scores) if s > 0)


def _ends_with_shortened(pending: str, fulls: tuple[str, ...]) -> bool:
    """The pending text ends with a row's label cut short: the start of its full wording, at least three
    characters past the enumerator (``(二)部分公开`` for ``(二)部分公开(区分处理的,…)``, ``1.本机关不掌握``),
    or six characters for a label without one."""
    n = len(pending)
    for full in fulls:
        enum = len(full) - len(strip_enumerator(full))
        need = enum + 3 if enum else 6
        # pending ends with full[:k] for some need <= k < len(full): a suffix pending[p:] (k = n - p) that
        # full starts with. Only the positions holding full's first character can start one (str.find
        # jumps to them), instead of slicing and comparing every k.
        if len(full) - 1 < need:
            continue
        first = full[0]
        p = pending.find(first, max(0, n - (len(full) - 1)))
        while 0 <= p <= n - need:
            if full.startswith(pending[p:]):
                return True
            p = pending.find(first, p + 1)
    return False


def _ends_with_shortened_slow(pending: str, fulls: tuple[str, ...]) -> bool:
    """The former loop over every length k, kept as the reference of an equivalence test."""
    for full in fulls:
        enum = len(full) - len(strip_enumerator(full))
        need = enum + 3 if enum else 6
        for k in range(len(full) - 1, need - 1, -1):
            if pending.endswith(full[:k]):
                return True
    return False


def _best_row(pending: str, table: str, done: set[str], expected: int | None = None) -> tuple[int, float]:
    """Index and score of the not-yet-read row whose label best ends the pending text (-1 when none).

    The cheap exact pass runs first; edit distance only when it finds nothing. With ``expected`` (the
    form's next row), rows further away in the form's order score a little less."""
    best_i, score = -1, 0.0
    for fuzzy in (False, True):
        for i, s, key in _candidates(pending, table, fuzzy):
            if s <= score or key in done:
                continue
            if expected is not None:
                s -= 0.02 * abs(i - expected)
            if s > score:
                best_i, score = i, s
        if score >= 0.8:
            break
    return best_i, score


@lru_cache(maxsize=1 << 14)
def _row_label_text(texts: tuple[str, ...], cores: tuple[str, ...], need: int) -> str:
    """The printed label of a matched row: the trailing pending texts that spell one of its ``cores`` (or at
    least ``need`` characters). Memoised: the same label cells meet the same row in report after report."""
    taken: list[str] = []
    form = ""
    for text in reversed(texts):
        taken.append(text)
        form = match_form(text) + form
        if any(core and core in form for core in cores) or len(form) >= need:
            break
    return printed_form("".join(reversed(taken)))


def _key_label(key: str, printed: str | None) -> str:
    """The label stored with a value: table 四's own (its cells have no row label), else the printed one."""
    ki = T.info(key)
    if ki and ki.table == "t4":
        return ki.label
    if printed:
        return printed
    return ki.label if ki else key


@lru_cache(maxsize=256)
def _key_labels(keys: tuple[str, ...], printed: str | None) -> list[str]:
    """The labels of a row's keys (table 四's 15 every report: built once; read only)."""
    return [_key_label(k, printed) for k in keys]


_SEVEN_NONE: list[str | None] = [None] * 7  # table 三 prints no units (read only)


@lru_cache(maxsize=256)
def _t3_row_keys(key: str, label: str) -> tuple[list[str], str]:
    """The seven keys of a row of table 三 and its name in warnings, built once per row (read only)."""
    return [f"t3.{key}.{c.key}" for c in T.T3_COLUMNS], f"表三 {label}"


# ---------------------------------------------------------------- the matcher
class Matcher:
    def __init__(self) -> None:
        self.res = MatchResult()
        self.table: str | None = None
        self.pending: list[Cell] = []
        self.t2_gen: str | None = None
        self.t2_done: set[str] = set()
        self.t3_pos = 0
        self.t3_done: set[str] = set()
        self.t4_cells: list[Cell] = []
        self.t4_parsed: list[CellValue] = []
        self.t4_done = False
        self.c_state = CState()
        self.used_keys: set[str] = set()
        self.seen: set[str] = set()  # tables that produced values

    # -- stream walking
    def run(self, cells: list[Cell]) -> MatchResult:
        group: list[Cell] = []
        parsed: list[CellValue] = []
        group_mode: Mode = "grid"  # (read only once the group has a first cell, which sets it)

        def flush() -> None:
            nonlocal group, parsed
            if group:
                self._on_group(Group(group, parsed, group_mode))
            group, parsed = [], []

        i, n = 0, len(cells)
        cells_get = _CELLS.get
        while i < n:
            cell = cells[i]
            if self.table == "c":
                i = self.c_state.walk(self, cells, i)
                continue
            if cell.pad:
                if group:  # (flush only when there is a group: this runs for every cell)
                    flush()
                i += 1
                continue
            if cell.narrative:
                info = _text_info(cell.text)
                cv = _TEXT
            else:
                info = cells_get(cell.text) or _cell_info(cell.text)  # (a tuple is never false)
                cv = info[0]
            if cv.kind == "text":
                if group:
                    flush()
                self._on_text(cell, info)
            else:
                if not group:
                    group_mode = cell.mode
                group.append(cell)
                parsed.append(cv)
                if cell.row_end and cell.mode in GROUP_BREAK_MODES:
                    flush()
            i += 1
        flush()
        self._finish_t4()
        return self.res

    def _on_text(self, cell: Cell, info: _Info) -> None:
        form = info[1]
        if not form:
            return
        start = _start_from(info, self.table)
        if not start and cell.narrative and self.table in ("t2", "t3") and _is_sentence(form):
            self.table = None  # running text: the table (if any) is over
            self.pending = []
            return
        if start and start != self.table:
            self._finish_t4()
            self.table = None if start == "end" else start
            self.pending = []
            if start == "c":
                self.res.table_templates["c"] = T.GEN_C
                self.c_state = CState()
                # a PDF line holds the whole header (指 标 名 称 计量单位 2015年度 历年累计): its columns count
                self.c_state.headers.extend(match_form(t) for t in (cell.parts or [cell.text]))
                return
        if self.table == "t2":
            gen = _t2_marker(form)
            if gen:
                self._set_t2_gen(gen, cell)
        if self.table == "t3" and "t3" in self.seen and "4" in self.t3_done and self._names_t4(form):
            self.table = "t4"  # table 四 without its heading
            self.pending = []
        if self.table is None and not self.t4_done and "t3" in self.seen and self._names_t4(form, review=True):
            self.table = "t4"
        self.pending.append(cell)
        if len(self.pending) > 40:
            self.pending = self.pending[-40:]

    def _set_t2_gen(self, gen: str, cell: Cell) -> None:
        if self.t2_gen and self.t2_gen != gen and self.t2_done:
            self.res.warnings.append(ParseWarning(
                f"表二的列标题混用了 {self.t2_gen} 年和 {gen} 年两种格式", cell.where))
            return
        self.t2_gen = gen
        self.res.table_templates["t2"] = gen

    def _names_t4(self, form: str, review: bool = False) -> bool:
        """The header of table 四 (行政复议 / 行政诉讼), in one cell or stacked one character per line."""
        words = ("行政复议",) if review else ("行政复议", "行政诉讼")
        if form in words:
            return True
        return len(form) == 1 and any((self._pending_form() + form).endswith(w) for w in words)

    def _pending_form(self) -> str:
        return "".join(map(match_form, map(_TEXT_OF, self.pending)))  # (C-level passes: asked every group)

    def _on_group(self, g: Group) -> None:
        if self.table is None and self._starts_t3(g):
            self.table = "t3"  # a page fragment that starts inside table 三, without its heading
        if self.table is None or self.table == "c":
            return
        if self.table == "t4":
            self._on_t4_group(g)
            return
        if g.all_blank() and not self.pending:  # an empty label cell where a rowspan broke (spec §7.2)
            return
        if self.table == "t2":
            self._on_t2_group(g)
        elif self.table == "t3":
            self._on_t3_group(g)

    def _starts_t3(self, g: Group) -> bool:
        """Seven numbers after a label that spells a row of table 三 (exactly, by its core words or cut
        short; never by edit distance), before table 三 was read: the table's heading is not in the text."""
        if "t3" in self.seen or self.t4_done or len(g.cells) != 7 or not self.pending or g.all_blank():
            return False
        i, score = _best_row(self._pending_form(), "t3", self.t3_done)
        if score < 0.9:
            return False
        self.t3_pos = i  # the form's order counts from the first row printed
        return True

    # -- table 二
    def _on_t2_group(self, g: Group) -> None:
        gen = self.t2_gen or T.GEN_A
        table = "t2.A" if gen == T.GEN_A else "t2.B"
        rows = _TABLE_ROWS[table]
        best_i, score = _best_row(self._pending_form(), table, self.t2_done)
        best = rows[best_i] if best_i >= 0 else None
        if best is None or score < 0.6:
            if self._starts_t3(g):  # table 三's heading is missing (a page break): its rows follow 表二
                self.table = "t3"
                self._on_t3_group(g)
                return
            if not g.all_blank() and self.t2_done:
                self._unplaced(g, "表二")
            self.pending = []
            return
        if self.t2_gen is None:
            self.res.table_templates.setdefault("t2", gen)
            self.t2_gen = gen
        self.t2_done.add(best.key)
        label = self._label_text(best)
        keys = [f"t2.{best.key}.{c.key}" for c in best.columns]
        self._emit(keys, g, label, f"表二 {best.label}", [c.unit for c in best.columns])
        self.seen.add("t2")
        self.pending = []

    # -- table 三
    def _on_t3_group(self, g: Group) -> None:
        rows = T.T3_ROWS
        best_i, score = _best_row(self._pending_form(), "t3", self.t3_done, expected=self.t3_pos)
        if best_i < 0 or score < 0.6:
            if not g.all_blank() and self.t3_done:
                self._unplaced(g, "表三")
            self.pending = []
            return
        row = rows[best_i]
        if row.key in T3_GROUP_KEYS and score < 0.9 and not g.all_blank():
            # A grid row repeats its merged group label (（三）不予公开) before the leaf's own label; when the
            # leaf label has a typo, only the group label matches: prefer a leaf row that matches at all.
            leaf_i, leaf_score = _best_row(self._pending_form(), "t3", self.t3_done | T3_GROUP_KEYS,
                                           expected=self.t3_pos)
            if leaf_i >= 0 and leaf_score >= 0.6:
                best_i, score, row = leaf_i, leaf_score, rows[leaf_i]
        if g.all_blank() and (score < 0.9 or best_i - self.t3_pos > 2 or row.key in T3_GROUP_KEYS):
            # a blank header/padding row, or a group row （三）…（六） drawn with empty cells: not data
            self.pending = []
            return
        self.t3_done.add(row.key)
        self.t3_pos = best_i + 1
        if row.key == "3.6":
            self.res.table_templates["t3"] = T.GEN_B
        elif row.key.startswith("3.6."):
            self.res.table_templates["t3"] = T.GEN_A
        else:
            self.res.table_templates.setdefault("t3", "")
        keys, what = _t3_row_keys(row.key, row.label)
        self._emit(keys, g, self._label_text(row), what, _SEVEN_NONE, row_total_check=True)
        self.seen.add("t3")
        self.pending = []

    # -- table 四
    def _on_t4_group(self, g: Group) -> None:
        if self.t4_done:
            return
        if self.t4_cells and self.pending:  # text between two value groups: the first was not table 四
            self._finish_t4()
            if self.t4_done:
                return
        if not self.t4_cells and g.all_blank():
            self.pending = []
            return
        self.t4_cells.extend(g.cells)
        self.t4_parsed.extend(g.parsed)
        self.pending = []
        if len(self.t4_cells) >= 15:
            self._finish_t4()

    def _finish_t4(self) -> None:
        if self.t4_done or not self.t4_cells:
            return
        g = Group(self.t4_cells, self.t4_parsed, self.t4_cells[0].mode)
        self._emit(list(T.T4_KEYS), g, None, "表四", [None] * 15)
        self.t4_done = True
        self.seen.add("t4")
        self.res.table_templates["t4"] = ""
        self.t4_cells, self.t4_parsed = [], []

    # -- emitting values
    def _label_text(self, row: T.Row | None = None) -> str:
        """The printed label of the row just matched: the trailing pending cells that spell it."""
        if row is None:
            return printed_form(" ".join(c.text for c in self.pending[-3:]))
        return _row_label_text(tuple(map(_TEXT_OF, self.pending)), row.match_cores, row.label_need)

    def _unplaced(self, g: Group, table: str) -> None:
        raw = " ".join(c.text if c.text else "(blank)" for c in g.cells)
        label = self._label_text() or "(no label)"
        self.res.warnings.append(ParseWarning(
            f"{table}：“{label}”之后的数值 [{raw}] 对不上表格的任何一行：未采用", g.where))

    def _emit(self, keys: list[str], g: Group, label: str | None, what: str, units: list[str | None],
              row_total_check: bool = False) -> None:
        n = len(keys)
        cells, parsed = g.cells, g.parsed  # copied below before anything changes them
        note: str | None = None
        if len(cells) > n:
            cells, parsed = list(cells), list(parsed)
            while len(cells) > n and parsed[-1].kind == "blank":
                cells.pop()
                parsed.pop()
            while len(cells) > n and parsed[0].kind == "blank":
                cells.pop(0)
                parsed.pop(0)
        if len(cells) > n + 1:  # not the one stray cell of spec §7.2: the text order is broken, place nothing
            raw = " ".join(c.text or "(blank)" for c in cells)
            self.res.warnings.append(ParseWarning(
                f"{what}：应有 {n} 列，却有 {len(cells)} 个单元格（[{raw[:120]}]）：数值未采用",
                g.where))
            for k in keys:
                self._add(Value(k, self._key_label(k, label), None, "", where=g.where, note="unplaced"))
            return
        if len(cells) > n:
            extra = len(cells) - n
            first = (cells[:n], parsed[:n])
            last = (cells[extra:], parsed[extra:])
            choice, why = first, "保留前"
            if row_total_check:
                ok_first, ok_last = _row_total_ok(first[1]), _row_total_ok(last[1])
                if ok_last and not ok_first:
                    choice, why = last, "保留后"
            self.res.warnings.append(ParseWarning(
                f"{what}：{n} 列有 {len(cells)} 个单元格（{why} {n} 个；此行已标记）", g.where))
            cells, parsed = choice
            note = "row had extra cells"
        if len(cells) < n:
            if g.mode == "words":
                raw = " ".join(c.text for c in cells)
                self.res.warnings.append(ParseWarning(
                    f"{what}：{n} 列只印了 {len(cells)} 个数（{raw}）；PDF 文字中空白单元格无法定位："
                    f"数值未采用", g.where))
                for k in keys:
                    self._add(Value(k, self._key_label(k, label), None, "", where=g.where, note="unplaced"))
                return
            missing = n - len(cells)
            if missing > 1 or g.mode == "pipe_cell":
                self.res.warnings.append(ParseWarning(
                    f"{what}：{n} 列只有 {len(cells)} 个单元格：最后 {missing} 个记为空白", g.where))
            cells = cells + [Cell("", g.where, mode=g.mode)] * missing
            parsed = parsed + [CellValue("blank", note="blank")] * missing
        labels = (_key_labels(tuple(keys), label) if not label or keys[0].startswith("t4.")
                  else [label] * n)
        used, values = self.used_keys, self.res.values
        for k, lab, c, p, u in zip(keys, labels, cells, parsed, units, strict=True):
            v = Value(k, lab, p.value, c.text, None, p.unit or u, c.where,
                      note or (p.note if p.note != "blank" else None))  # (a None note stays None)
            if k in used:  # _add, inlined: it runs for every value of every report
                self._add(v)
            else:
                used.add(k)
                values.append(v)

    def _key_label(self, key: str, printed: str | None) -> str:
        return _key_label(key, printed)

    def _add(self, v: Value) -> None:
        if v.key in self.used_keys:
            self.res.warnings.append(ParseWarning(f"{v.key} 印了两次：第二次的（“{v.raw}”）未采用",
                                                  v.where))
            return
        self.used_keys.add(v.key)
        self.res.values.append(v)


def _is_sentence(form: str) -> bool:
    return len(form) > 40 or "。" in form


def _row_total_ok(parsed: list[CellValue]) -> bool:
    vals = [p.value for p in parsed]
    if any(v is None for v in vals):
        return False
    return sum(vals[:6]) == vals[6]  # type: ignore[arg-type]


# ---------------------------------------------------------------- pre-2019 统计表 rows
class CState:
    """Rows are ``label, unit, value[, note...]``; a label is recognised by the unit cell after it.

    With a 历年累计 column in the header (``本年 | 历年累计``), rows are ``label, unit, value, cumulative``:
    the second value is read under the row's key + ``.cumulative`` (``domain.templates.CUMULATIVE``)."""

    def __init__(self) -> None:
        self.level1 = ""
        self.level2 = ""
        self.label_cells: list[Cell] = []
        self.headers: list[str] = []  # header cells before the first row (单位, 代码, 本期实际, 本年累计 …)
        self.rows = 0
        self.after_row: str | None = None  # label of the last row read, for warnings about stray numbers
        self._has_code: bool | None = None
        self._cumulative: str | None = None

    @property
    def cumulative(self) -> str | None:
        """The printed header of an all-time (历年累计) value column, if the table has one."""
        if self._cumulative is None or not self.rows:  # headers are collected before the first row
            self._cumulative = next((h for h in self.headers if "历年累计" in h or h in ("累计", "累计数")), "")
        return self._cumulative or None

    @property
    def cumulative_first(self) -> bool:
        """The 历年累计 column is printed before the year's column (本年 / 统计数 / 2015年度)."""
        cum = self.cumulative
        if cum is None:
            return False
        year = next((i for i, h in enumerate(self.headers) if _YEAR_COLUMN.match(h)), None)
        return year is not None and self.headers.index(cum) < year

    @property
    def has_code(self) -> bool:
        """Pre-2014 forms (定西) print an indicator code between the unit and the value: never a value.
        Headers are collected only before the first row: decided once rows are read."""
        if self._has_code is None or not self.rows:
            self._has_code = any(h in ("代码", "指标代码", "序号代码") for h in self.headers)
        return self._has_code

    def walk(self, m: Matcher, cells: list[Cell], i: int) -> int:
        cell = cells[i]
        if cell.narrative:
            start = _table_start(match_form(cell.text), None)
            m.table = start if start not in ("end", "c") else None
            if m.table is None:
                return i + 1
            m.pending = [cell]
            return i + 1
        if cell.pad:
            return i + 1
        if cell.mode == "words":
            return self._words(m, cells, i)
        cv, form, _ = _CELLS.get(cell.text) or _cell_info(cell.text)
        if cv.kind == "dash":
            form = match_form(cell.text)  # a dash is a unit here (统计表 heading rows print one); a number never
        skip = 1 if self.has_code else 0
        if _is_unit(form) and self.label_cells and i + 1 + skip < len(cells):
            nxt = cells[i + 1 + skip]
            nv = parse_cell(nxt.text) if not nxt.pad else None
            if nv is not None and nv.kind != "text" and not nxt.narrative:
                cum = None
                if self.cumulative and i + 2 + skip < len(cells):
                    c2 = cells[i + 2 + skip]
                    v2 = parse_cell(c2.text) if not (c2.pad or c2.narrative) else None
                    if v2 is not None and v2.kind != "text":
                        cum = (c2, v2)
                if cum and self.cumulative_first:
                    (nxt, nv), cum = cum, (nxt, nv)
                self._row(m, self.label_cells[-1:], cell.text, nxt, nv, cum)
                self.label_cells = []
                return i + (3 if cum else 2) + skip
        if cv.kind == "number" and self.after_row:  # every number a row reads is consumed above
            m.res.warnings.append(ParseWarning(
                f"统计表：“{self.after_row}”之后的数字 {cell.text} 不在“单位 | 统计数”两列中："
                f"未读取", cell.where))
        if not self.rows and cv.kind == "text" and form:
            self.headers.append(form)
        if cv.kind == "text" and form and not _is_header(form):
            self.label_cells.append(cell)
            self.label_cells = self.label_cells[-3:]
        elif cv.kind == "text":
            self.label_cells = []
        return i + 1

    def _words(self, m: Matcher, cells: list[Cell], i: int) -> int:
        """A PDF line: the label, a unit token, a value token, maybe a note; labels may wrap lines."""
        j = i
        line: list[Cell] = []
        while j < len(cells) and cells[j].mode == "words":
            line.append(cells[j])
            j += 1
            if cells[j - 1].row_end:
                break
        tokens: list[tuple[str, Cell]] = []
        for c in line:
            if c.parts:
                tokens.extend((p, c) for p in c.parts)
            else:
                tokens.append((c.text, c))
        if not self.rows:
            self.headers.extend(match_form(t) for t, _ in tokens)
        skip = 1 if self.has_code else 0
        for k, (tok, c) in enumerate(tokens):
            if k > 0 and not tok.isdigit() and _is_unit(match_form(tok)):  # (a count is never a unit)
                after = tokens[k + 1 + skip] if k + 1 + skip < len(tokens) else None
                nv = parse_cell(after[0]) if after else CellValue("blank", note="blank")
                if after is not None and nv.kind == "text":
                    continue
                label = " ".join(t for t, _ in tokens[:k])
                pre = " ".join(x.text for x in self.label_cells)
                lab_cell = Cell((pre + label).strip(), c.where, mode="words")
                val_cell = Cell(after[0], c.where, mode="words") if after else Cell("", c.where, mode="words")
                cum: tuple[Cell, CellValue] | None = None
                n_read = 1
                if self.cumulative and after is not None:
                    second = tokens[k + 2 + skip] if k + 2 + skip < len(tokens) else None
                    sv = parse_cell(second[0]) if second else None
                    if second is not None and sv is not None and sv.kind != "text":
                        cum, n_read = (Cell(second[0], c.where, mode="words"), sv), 2
                        if self.cumulative_first:
                            (val_cell, nv), cum = cum, (val_cell, nv)
                    elif match_form(tok) not in _DASH_UNITS:
                        # PDF text drops blank cells: one number under 本年 | 历年累计 belongs to either column
                        m.res.warnings.append(ParseWarning(
                            f"统计表“{label}”：本年和{self.cumulative}两列只有一个数（{after[0]}）"
                            f"（PDF 文字会丢掉空白单元格）：未读取", c.where))
                        unplaced = CellValue("blank", note="unplaced")
                        val_cell, nv = Cell("", c.where, mode="words"), unplaced
                        cum = (Cell("", c.where, mode="words"), unplaced)
                extra = [t for t, _ in tokens[k + n_read + skip:] if parse_cell(t).kind == "number"]
                if extra and after is not None:
                    m.res.warnings.append(ParseWarning(
                        f"统计表“{label}”：另有一列数值（{extra[0]}）未读取", c.where))
                self._row(m, [lab_cell], tok, val_cell, nv, cum)
                self.label_cells = []
                return j
        text = " ".join(t for t, _ in tokens)
        if text and not _is_header(match_form(text)):
            self.label_cells = (self.label_cells + [Cell(text, line[0].where, mode="words")])[-2:]
        return j

    def _row(self, m: Matcher, label_cells: list[Cell], unit_text: str, vcell: Cell, cv: CellValue,
             cum: tuple[Cell, CellValue] | None = None) -> None:
        label_raw = " ".join(map(_TEXT_OF, label_cells))
        printed, core, heading, top, paren, unit = (_C_LABELS.get((label_raw, unit_text))
                                                    or _c_label(label_raw, unit_text))
        if top:
            self.level1, self.level2 = printed, ""
        elif heading and paren:
            self.level2 = printed
        elif paren:
            self.level2 = ""
        section = self.level2 or self.level1 or None
        if top:
            section = None
        key = _c_key(core, self.level1, m.used_keys)
        note = None
        if heading:
            note = "section heading" + ("; value not used in identities" if cv.kind == "number" else "")
        if key is None:
            key = _unknown_key(self.level1, self.level2, core)
        value = cv.value if not heading else None
        if heading and cv.kind == "number":
            m.res.warnings.append(ParseWarning(
                f"统计表的标题行“{printed}”带有数值（{vcell.text}）：已保存，不参与核对",
                vcell.where))
            value = cv.value
        m._add(Value(key, printed, value, vcell.text, section, cv.unit or unit, vcell.where,
                     note or (cv.note if cv.note not in (None, "blank") else None)))
        if cum is not None:
            ccell, ccv = cum
            cvalue = ccv.value if not heading or ccv.kind == "number" else None
            cnote = ("section heading" + ("; value not used in identities" if ccv.kind == "number" else "")
                     if heading else None)
            m._add(Value(T.cumulative_key(key), f"{printed} · {self.cumulative}", cvalue, ccell.text,
                         section=section, unit=ccv.unit or unit, where=ccell.where,
                         note=cnote or (ccv.note if ccv.note not in (None, "blank") else None)))
        m.seen.add("c")
        self.rows += 1
        self.after_row = printed


@lru_cache(maxsize=1 << 12)
def _unknown_key(level1: str, level2: str, core: str) -> str:
    """The key of a 统计表 row the catalogue does not know: stable across reports (its headings and label).
    Memoised: a variant's own rows recur in every report of that variant."""
    return "c.x." + hashlib.sha1(f"{match_form(level1)}|{match_form(level2)}|{core}".encode()).hexdigest()[:10]


_DASH_UNITS = frozenset({"—", "——", "-", "--", "―", "――"})  # the unit of a heading row
# The header of the year's value column: 统计数, 本年(度), 本期(实际), 2015年度.
_YEAR_COLUMN = re.compile(r"^(?:统计数|本年度?(?:数|统计数)?|本期(?:实际)?|(?:19|20)\d{2}年度?)$")


def _is_unit(form: str) -> bool:
    return form in T.C_UNITS


# A 统计表 row's (label text, unit text) → what its label and unit say (every row of every report asks)
_C_LABELS = _Memo()


def _c_label(label_raw: str, unit_text: str) -> tuple[str, str, bool, bool, bool, str | None]:
    """(printed label, its core, a heading row (a dash unit), a top-level heading (一、…), a (一) heading,
    the printed unit: None for a heading), memoised."""
    form = match_form(label_raw)
    printed = printed_form(label_raw)
    heading = match_form(unit_text) in _DASH_UNITS
    top = form[:1] in "一二三四五六七八九十" and "、" in form[:4]
    got = (printed, strip_enumerator(form), heading, top, form.startswith("("),
           None if heading else printed_form(unit_text))
    if len(_C_LABELS) >= _MEMO_CAP:
        _C_LABELS.clear()
    _C_LABELS[(label_raw, unit_text)] = got
    return got


@lru_cache(maxsize=1 << 12)
def _is_header(form: str) -> bool:  # memoised: asked for every text cell of a 统计表
    return (form in ("统计指标", "单位", "统计数", "指标名称", "计量单位", "代码", "本期实际", "本年累计", "历年累计")
            or form.startswith("主要公开载体") or bool(_YEAR_COLUMN.match(form)))


_C_INDEX: dict[str, list[T.CRow]] | None = None


def _c_key(core: str, level1: str, used: set[str]) -> str | None:
    global _C_INDEX
    if _C_INDEX is None:
        idx: dict[str, list[T.CRow]] = {}
        for row in T.C_ROWS:
            for c in row.match_cores():
                idx.setdefault(c, []).append(row)
        _C_INDEX = idx
    for key in _c_pool(core, level1):
        if key not in used:
            return key
    return None


@lru_cache(maxsize=1 << 12)
def _c_pool(core: str, level1: str) -> tuple[str, ...]:
    """The catalogue's keys a 统计表 row's core label can be under its top heading, in order (memoised)."""
    assert _C_INDEX is not None
    cands = _C_INDEX.get(core) or _C_INDEX.get(T.strip_paren_note(core)) or []
    l1 = match_form(level1)
    ctx = [r for r in cands if r.context and r.context in l1]
    return tuple(r.key for r in (ctx or [r for r in cands if not r.context or r.context in l1]))


def match_cells(cells: list[Cell]) -> MatchResult:
    return Matcher().run(cells)
