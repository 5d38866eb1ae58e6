"""Align two reports of one agency by canonical key, in official order (spec §13).

Within a generation (and between 2019 and 2021 for 表三/表四) keys are the same, except that the 2019
form's single 表三 row （六）其他处理 (``t3.3.6``) equals the sum of the 2021 form's three sub-rows. Across
other boundaries only the concept rows of §13 are comparable; they are marked approximate (≈) and no
identity is ever run across them.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xxgk.domain import templates as T
from xxgk.domain.findings import CellMark
from xxgk.domain.model import Number, Value

Values = Mapping[str, Number | None]


@dataclass
class CompareRow:
    key_a: str | None
    key_b: str | None
    label: str
    table: str  # "t2" | "t3" | "t4" | "c" | "concept"
    value_a: Number | None
    value_b: Number | None
    delta: Number | None
    delta_pct: float | None
    approximate: bool
    order: T.SortKey
    raw_a: str | None = None
    raw_b: str | None = None
    present_a: bool = True
    present_b: bool = True
    mark_a: CellMark | None = None  # set by the caller from the reports' checks
    mark_b: CellMark | None = None

    @property
    def key(self) -> str:
        return self.key_b or self.key_a or ""

    @property
    def equal_or_zero(self) -> bool:
        return self.value_a == self.value_b or (not self.value_a and not self.value_b)

    def to_json(self) -> dict[str, Any]:
        return {"key_a": self.key_a, "key_b": self.key_b, "label": self.label, "table": self.table,
                "value_a": self.value_a, "value_b": self.value_b, "delta": self.delta, "delta_pct": self.delta_pct,
                "approximate": self.approximate, "raw_a": self.raw_a, "raw_b": self.raw_b,
                "present_a": self.present_a, "present_b": self.present_b,
                "mark_a": self.mark_a.status if self.mark_a else None,
                "mark_b": self.mark_b.status if self.mark_b else None}


def delta_of(a: Number | None, b: Number | None) -> tuple[Number | None, float | None]:
    """B − A (no float noise) and the change in percent of A (one decimal; None when A is 0)."""
    if a is None or b is None:
        return None, None
    d = b - a
    if isinstance(d, float):
        d = round(d, 6)
        if d == int(d):
            d = int(d)
    pct = None if a == 0 else round(d / a * 100, 1)
    return d, pct


def _sum(values: Values, keys: list[str]) -> Number | None:
    got = [values.get(k) for k in keys if k in values]
    if not got or any(v is None for v in got):
        return None
    s = sum(got)  # type: ignore[arg-type]
    return int(s) if isinstance(s, float) and s == int(s) else s


# Concept rows across generations (§13): (label, getter for A/B, getter for C).
def _abc(key: str) -> Callable[[Values], Number | None]:
    return lambda v: v.get(key)


def _sum_of(*keys: str) -> Callable[[Values], Number | None]:
    return lambda v: _sum(v, list(keys))


_NOT_DISCLOSED = [f"t3.3.3.{i}.total" for i in range(1, 9)]
CONCEPTS: tuple[tuple[str, str, Callable[[Values], Number | None], str, Callable[[Values], Number | None]], ...] = (
    ("收到申请数（本年新收）", "t3.1.total", _abc("t3.1.total"), "c.req.received", _abc("c.req.received")),
    ("予以公开 / 同意公开", "t3.3.1.total", _abc("t3.3.1.total"), "c.ans.granted", _abc("c.ans.granted")),
    ("部分公开 / 同意部分公开", "t3.3.2.total", _abc("t3.3.2.total"), "c.ans.partial", _abc("c.ans.partial")),
    ("不予公开 / 不同意公开", "t3.3.3.*.total", _sum_of(*_NOT_DISCLOSED), "c.ans.refused", _abc("c.ans.refused")),
    ("办理结果总计 / 申请答复数", "t3.3.7.total", _abc("t3.3.7.total"), "c.ans.total", _abc("c.ans.total")),
    ("行政复议", "t4.review.total", _abc("t4.review.total"), "c.review.total", _abc("c.review.total")),
    ("行政诉讼", "t4.suit_*.total", _sum_of("t4.suit_direct.total", "t4.suit_after_review.total"),
     "c.lit.total", _abc("c.lit.total")),
    ("规范性文件制发", "t2.normative.issued", _abc("t2.normative.issued"), "c.pro.normative_issued",
     _abc("c.pro.normative_issued")),
)


def align(a: Sequence[Value], template_a: str | None, b: Sequence[Value],
          template_b: str | None) -> list[CompareRow]:
    """Two reports' values aligned row by row, in official order, each row carrying the printed text of
    a blank cell and, for a key the catalogue does not know (a provincial row), the printed label."""
    va = {v.key: v.value for v in a}
    vb = {v.key: v.value for v in b}
    la, lb = _labels(a), _labels(b)
    ra, rb = _raws(a), _raws(b)
    c_a = template_a == T.GEN_C or any(k.startswith("c.") for k in va)
    c_b = template_b == T.GEN_C or any(k.startswith("c.") for k in vb)
    rows: list[CompareRow] = []
    if c_a == c_b:
        # 2019 (六) one row vs 2021 (六) three rows: compare the 2019 row with the 2021 sum.
        sub_a, sub_b = _has_six_sub(va), _has_six_sub(vb)
        one_a, one_b = _has_six_single(va), _has_six_single(vb)
        mapped_six = (sub_a and one_b) or (one_a and sub_b)
        for key in sorted(set(va) | set(vb), key=T.order_of):
            if mapped_six and key.startswith("t3.3.6."):
                continue
            label = T.label_for(key, lb.get(key) or la.get(key))
            rows.append(_row(key if key in va else None, key if key in vb else None, label, T.table_of(key),
                             va.get(key), vb.get(key), False, T.order_of(key), ra.get(key), rb.get(key),
                             key in va, key in vb))
        if mapped_six:
            for col in T.T3_COLUMNS:
                subs = [f"t3.3.6.{i}.{col.key}" for i in (1, 2, 3)]
                one = f"t3.3.6.{col.key}"
                x = _sum(va, subs) if sub_a else va.get(one)
                y = _sum(vb, subs) if sub_b else vb.get(one)
                label = f"(六)其他处理 · {col.label}（2021 年版三项合计）"
                rows.append(_row(f"t3.3.6.*.{col.key}" if sub_a else one, f"t3.3.6.*.{col.key}" if sub_b else one,
                                 label, "t3", x, y, False, T.order_of(one)))
        rows.sort(key=lambda r: r.order)
        return rows
    # one pre-2019 统计表, one 2019/2021 form: only the concept rows of §13, approximate.
    for i, (label, key_ab, get_ab, key_c, get_c) in enumerate(CONCEPTS):
        ka, get_a = (key_c, get_c) if c_a else (key_ab, get_ab)
        kb, get_b = (key_c, get_c) if c_b else (key_ab, get_ab)
        x, y = get_a(va), get_b(vb)
        if x is None and y is None and ka not in va and kb not in vb:
            continue
        rows.append(_row(ka, kb, label, "concept", x, y, True, (0, i, 0, "")))
    return rows


def _has_six_sub(values: Values) -> bool:  # t3.3.6.1.natural …
    return any(k.startswith("t3.3.6.") and k.count(".") == 4 for k in values)


def _has_six_single(values: Values) -> bool:  # t3.3.6.natural …
    return any(k.startswith("t3.3.6.") and k.count(".") == 3 for k in values)


def _row(ka: str | None, kb: str | None, label: str, table: str, x: Number | None, y: Number | None, approx: bool,
         order: T.SortKey, raw_a: str | None = None, raw_b: str | None = None, pa: bool = True,
         pb: bool = True) -> CompareRow:
    d, pct = delta_of(x, y)
    return CompareRow(ka, kb, label, table, x, y, d, pct, approx, order, raw_a, raw_b, pa, pb)


def _labels(values: Sequence[Value]) -> dict[str, str]:
    return {v.key: v.label for v in values if v.label}


def _raws(values: Sequence[Value]) -> dict[str, str]:
    """The printed text of cells without a value (a dash, 无), so a blank and a dash stay apart."""
    return {v.key: v.raw for v in values if v.value is None and v.raw and v.raw.strip()}
