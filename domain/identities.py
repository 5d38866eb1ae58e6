"""Every reconciliation identity (勾稽关系) of spec §2.5, §3.4, §4.4 and §5, declared once, evaluated by one
function. Statuses: ``pass``; ``fail`` (a STRICT identity is violated); ``warn`` (a SOFT one is);
``incomplete`` (an input is blank or missing — never silently 0).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import ClassVar, NamedTuple

from xxgk.domain import templates as T
from xxgk.domain.findings import cross_input
from xxgk.domain.model import CheckResult, Number, ReportLike, Status
from xxgk.domain.normalise import match_form, strip_enumerator

Values = Mapping[str, Number | None]
COL_NAMES = {c.key: c.label for c in T.T3_COLUMNS}
T3_ROW_NAMES = {"1": "本年新收", "2": "上年结转", "3.7": "办理结果总计", "4": "结转下年度"}
GROUP_NAMES = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}


def _fmt(v: Number | None) -> str:
    if v is None:
        return "空白"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


@lru_cache(maxsize=4096)
def _short(key: str) -> str:
    ki = T.info(key)
    if not ki:
        return key
    if ki.table == "t3":
        row = key.split(".")[1:-1]
        rk = ".".join(row)
        name = T3_ROW_NAMES.get(rk) or T.strip_paren_note(strip_enumerator(match_form(ki.row_label)))
        return f"{name}({ki.col_label})"
    if ki.table == "t4":
        g = key.split(".")[1]
        return f"{GROUP_NAMES[g]}{ki.col_label}"
    if ki.table == "c":
        return T.strip_paren_note(strip_enumerator(match_form(ki.row_label)))
    return f"{ki.row_label}{ki.col_label}"


@dataclass
class Eq:
    """``lhs = Σ rhs`` (or ``lhs ≤ Σ rhs`` / ``≥``)."""

    rule: str
    title: str
    lhs: Sequence[str]
    rhs: Sequence[str]
    strict: bool = True
    op: str = "="  # "=", "<=", ">="
    scope: str = ""
    _prep: ClassVar[_Prep | None] = None  # set on the instance by _prepared (not a field: not compared, not shown)


_OK = {"=": lambda a, b: abs(a - b) < 1e-6, "<=": lambda a, b: a <= b + 1e-6, ">=": lambda a, b: a >= b - 1e-6}


@lru_cache(maxsize=4096)
def _formula(lhs: tuple[str, ...], rhs: tuple[str, ...], op: str) -> str:
    return f"{' + '.join(_short(k) for k in lhs)} {_op(op)} {' + '.join(_short(k) for k in rhs)}"


class _Prep(NamedTuple):
    """What an Eq's evaluation reads, built once per Eq (its texts never change)."""

    keys: tuple[str, ...]  # left-hand keys, then right-hand ones
    n_lhs: int
    formula: str
    get: Callable[[Mapping[str, Number | None]], tuple[Number | None, ...]]  # every key's value, C-level
    rule: str  # the Eq's own fields every result carries (read here in one unpacking)
    title: str
    strict: bool
    scope: str
    is_eq: bool  # op "="


class _Values(dict[str, Number | None]):
    """A report's values as the identities read them: a missing key reads as None (a blank), so that an
    Eq's values are fetched by one C-level ``itemgetter`` call."""

    def __missing__(self, key: str) -> None:
        return None


def _prepared(eq: Eq) -> _Prep:
    prep = eq._prep
    if prep is None:
        keys = (*eq.lhs, *eq.rhs)
        get = itemgetter(*keys) if len(keys) > 1 else (lambda v, k=keys[0]: (v[k],))
        prep = _Prep(keys, len(eq.lhs), _formula(tuple(eq.lhs), tuple(eq.rhs), eq.op), get, eq.rule, eq.title,
                     eq.strict, eq.scope, eq.op == "=")
        object.__setattr__(eq, "_prep", prep)  # on the instance, shadowing the class's None
    return prep


def evaluate(eq: Eq, values: Values, *, require_all: bool = True) -> CheckResult:
    all_keys, n_lhs, formula, get, rule, title, strict, scope, is_eq = eq._prep or _prepared(eq)
    # the values in key order: one C-level call on a report's _Values (a missing key reads None)
    got = get(values) if type(values) is _Values else tuple(map(values.get, all_keys))
    # (the same length by construction: a strict= keyword argument costs a third of the dict)
    inputs = dict(zip(all_keys, got))  # noqa: B905
    if None in got:
        missing = list(compress(all_keys, map(_is_none, got)))  # (C-level passes)
        if require_all or len(missing) == len(all_keys):
            names = "、".join(map(_short, missing[:4])) + ("等" if len(missing) > 4 else "")
            return CheckResult(rule, "incomplete", f"{title}：{names}为空白或缺失，无法核对", list(all_keys), title,
                               formula, strict, scope, inputs)
        lhs = _tidy(sum(inputs[k] or 0 for k in eq.lhs))
        rhs = _tidy(sum(inputs[k] or 0 for k in eq.rhs))
    else:
        lhs = sum(got[:n_lhs])  # type: ignore[arg-type]
        rhs = sum(got[n_lhs:])  # type: ignore[arg-type]
        if type(lhs) is int and type(rhs) is int and is_eq:  # the common case: counts, an equality
            if lhs == rhs:
                return CheckResult(rule, "pass", f"{title}：{lhs} = {rhs}，相符", list(all_keys), title, formula,
                                   strict, scope, inputs, rhs, lhs, 0)
        else:
            lhs, rhs = _tidy(lhs), _tidy(rhs)
    diff = _tidy(lhs - rhs)
    status: Status
    if _OK[eq.op](lhs, rhs):
        status = "pass"
        msg = f"{eq.title}：{_fmt(lhs)} {_OPS[eq.op]} {_fmt(rhs)}，相符"
    else:
        status = "fail" if eq.strict else "warn"
        shown = [k for k in eq.rhs if inputs[k] != 0] if len(eq.rhs) > 6 else list(eq.rhs)
        parts = " + ".join(f"{_short(k)} {_fmt(inputs[k])}" for k in shown) or "0"
        if len(shown) < len(eq.rhs):
            parts += f"（其余 {len(eq.rhs) - len(shown)} 项为 0）"
        lparts = " + ".join(f"{_short(k)} {_fmt(inputs[k])}" for k in eq.lhs)
        msg = (f"{eq.title}不符：{lparts} 应{_op(eq.op)} {parts} = {_fmt(rhs)}，"
               f"相差 {_fmt(diff)}")
    return CheckResult(eq.rule, status, msg, list(all_keys), eq.title, formula, eq.strict, eq.scope, inputs, rhs,
                       lhs, diff)


def _eq(rule: str, title: str, lhs: Sequence[str], rhs: Sequence[str], strict: bool = True, op: str = "=",
        scope: str = "") -> Eq:
    """The Eq of these texts, built once (and its evaluation prepared once): the checkers ask for the same
    few hundred in report after report."""
    return _eq_built(rule, title, tuple(lhs), tuple(rhs), strict, op, scope)


@lru_cache(maxsize=4096)
def _eq_built(rule: str, title: str, lhs: tuple[str, ...], rhs: tuple[str, ...], strict: bool, op: str,
              scope: str) -> Eq:
    return Eq(rule, title, list(lhs), list(rhs), strict, op, scope)


_OPS = {"=": "=", "<=": "≤", ">=": "≥"}


def _op(op: str) -> str:
    return _OPS[op]


def _tidy(x: Number) -> Number:
    if type(x) is int:  # the common case first
        return x
    if isinstance(x, float):
        r = round(x, 6)
        return int(r) if r == int(r) else r
    return x


_INT_OR_NONE = frozenset({int, type(None)})


def _nonneg(rule: str, keys: Sequence[str], values: Values, title: str, integral: bool = True,
            signed: Sequence[str] = ()) -> list[CheckResult]:
    """All present cells are integers ≥ 0 (amounts: decimals ≥ 0; signed deltas only integers)."""
    bad = []
    got = list(map(values.get, keys))
    blank = got.count(None)
    present = len(got) - blank
    if set(map(type, got)) <= _INT_OR_NONE and min(filter(None, got), default=0) >= 0:
        keys_read: Sequence[str] = ()  # the common case: every present cell an int ≥ 0, fine under every rule
    else:
        keys_read = keys
    for k in keys_read:
        v = values.get(k)
        if v is None:
            continue
        if type(v) is int and v >= 0:  # fine under every rule below
            continue
        if k in signed:
            if isinstance(v, float) and v != int(v):
                bad.append(k)
        elif v < 0 or (integral and T.base_key(k) not in _AMOUNT_KEYS and isinstance(v, float) and v != int(v)):
            bad.append(k)
    if not present:
        return []
    args = (rule, list(keys), title, "所有单元格为非负整数", True, "", {k: values.get(k) for k in bad})
    if bad:
        lst = "、".join(f"{_short(k)} {_fmt(values.get(k))}" for k in bad[:5])
        return [CheckResult(rule, "fail", f"{title}：{lst} 不是非负整数", *args[1:])]
    if blank:
        return [CheckResult(rule, "incomplete", f"{title}：{blank} 个单元格为空白，其余均为非负整数", *args[1:])]
    return [CheckResult(rule, "pass", f"{title}：均为非负整数", *args[1:])]


_AMOUNT_KEYS = frozenset(k for k, ki in T.key_index().items() if ki.kind in ("amount", "money"))


# ---------------------------------------------------------------- 2019/2021 forms
_T3_ROW_KEYS = tuple((r.key, tuple(f"t3.{r.key}.{c.key}" for c in T.T3_COLUMNS)) for r in T.T3_ROWS)
_T3_A_SIX = tuple(f"t3.3.6.{i}.{c.key}" for i in (1, 2, 3) for c in T.T3_COLUMNS)
_T3_COLS = tuple(c.key for c in T.T3_COLUMNS)


def _t3_rows_present(values: Values) -> list[str]:
    present = values.keys()
    return [r for r, keys in _T3_ROW_KEYS if not present.isdisjoint(keys)]  # (C-level membership tests)


def _t3_leaves(values: Values) -> tuple[str, ...]:
    return T.T3_LEAVES_A if any(k in values for k in _T3_A_SIX) else T.T3_LEAVES_B


# The equations of 表三 depend only on the generation prefix, the leaf rows and the rows printed: built once.
@lru_cache(maxsize=16)
def _t3_column_eqs(prefix: str, leaves: tuple[str, ...]) -> tuple[tuple[Eq, ...], tuple[Eq, ...], tuple[Eq, ...]]:
    balance = tuple(Eq(f"{prefix}3.1", f"申请数平衡（{COL_NAMES[c]}）", [f"t3.1.{c}", f"t3.2.{c}"],
                       [f"t3.3.7.{c}", f"t3.4.{c}"], scope=c) for c in _T3_COLS)
    results = tuple(Eq(f"{prefix}3.2", f"办理结果总计等于各项之和（{COL_NAMES[c]}）", [f"t3.3.7.{c}"],
                       [f"t3.{leaf}.{c}" for leaf in leaves], scope=c) for c in _T3_COLS)
    bounded = tuple(Eq(f"{prefix}3.5", f"办理结果不超过申请总量（{COL_NAMES[c]}）", [f"t3.3.7.{c}"],
                       [f"t3.1.{c}", f"t3.2.{c}"], op="<=", scope=f"{c}") for c in _T3_COLS)
    return balance, results, bounded


@lru_cache(maxsize=256)
def _t3_row_eq(prefix: str, r: str) -> Eq:
    keys = [f"t3.{r}.{c}" for c in _T3_COLS[:6]]
    return Eq(f"{prefix}3.3", f"总计等于各类申请人之和（{_row_name(r)}）", [f"t3.{r}.total"], keys, scope=r)


@lru_cache(maxsize=256)
def _t3_group_eqs(prefix: str, grp: str, name: str, subs: tuple[str, ...]) -> tuple[Eq, ...]:
    return tuple(Eq(f"{prefix}3.6", f"（{name}）小计等于其各项之和（{COL_NAMES[c]}）", [f"t3.{grp}.{c}"],
                    [f"t3.{s}.{c}" for s in subs], scope=f"{grp}:{c}") for c in _T3_COLS)


@lru_cache(maxsize=256)
def _t3_keys(rows: tuple[str, ...]) -> tuple[str, ...]:
    """Every key of the rows printed (the same few row sets in report after report: built once)."""
    return tuple(f"t3.{r}.{c}" for r in rows for c in _T3_COLS)


# 表三's subtotal groups: (row, name, its leaves' prefix, its seven keys)
_T3_GROUPS = tuple((g, name, g + ".", tuple(f"t3.{g}.{c}" for c in _T3_COLS))
                   for g, name in (("3.3", "不予公开"), ("3.4", "无法提供"), ("3.5", "不予处理"), ("3.6", "其他处理")))
_is_none = partial(is_, None)


def _keys_starting(values: Values, prefix: str) -> list[str]:
    """``[k for k in values if k.startswith(prefix)]`` in C-level passes (a report has ~150 keys)."""
    return list(compress(values, map(str.startswith, values, repeat(prefix))))


def _any_key(values: Values, prefix: str) -> bool:
    """Some key starts with ``prefix`` (one C-level pass over the keys)."""
    return any(map(str.startswith, values, repeat(prefix)))


def check_t3(values: Values, gen_prefix: str) -> list[CheckResult]:
    if not _any_key(values, "t3."):
        return []
    leaves = _t3_leaves(values)
    rows = _t3_rows_present(values)
    balance, results, bounded = _t3_column_eqs(gen_prefix, leaves)
    # whole-group blanks (spec §2.5): a column blank in every row makes the column identities incomplete.
    out: list[CheckResult] = [evaluate(eq, values) for eq in balance]
    out += [evaluate(eq, values) for eq in results]
    out += [evaluate(_t3_row_eq(gen_prefix, r), values) for r in rows]
    for grp, name, sub_prefix, grp_keys in _T3_GROUPS:
        if grp not in rows:
            continue
        subs = tuple(r for r in rows if r.startswith(sub_prefix) and r.count(".") == 2)
        if not subs or all(map(_is_none, map(values.get, grp_keys))):
            continue  # the official form has no subtotal here (and a 2019 (六) is a leaf, not a subtotal)
        out += [evaluate(eq, values) for eq in _t3_group_eqs(gen_prefix, grp, name, subs)]
    out += _nonneg(f"{gen_prefix}3.4", _t3_keys(tuple(rows)), values, "表三所有数据为非负整数")
    out += [evaluate(eq, values) for eq in bounded]
    return out


def _row_label(key: str, default: str) -> str:
    ki = T.info(key)
    return ki.row_label if ki else default


def _row_name(r: str) -> str:
    row = next((x for x in T.T3_ROWS if x.key == r), None)
    return T3_ROW_NAMES.get(r) or (row.label if row else r)


_T4_PARTS = tuple((n, g, tuple(f"t4.{g}.{c}" for c in ("upheld", "corrected", "other", "pending")))
                  for n, g in enumerate(("review", "suit_direct", "suit_after_review"), 1))


def check_t4(values: Values, gen_prefix: str = "A") -> list[CheckResult]:
    if not _any_key(values, "t4."):
        return []
    out = []
    for n, g, parts in _T4_PARTS:
        out.append(evaluate(_eq(f"{gen_prefix}4.{n}", f"{GROUP_NAMES[g]}总计等于各项之和", [f"t4.{g}.total"], parts,
                               scope=g), values))
    out += _nonneg(f"{gen_prefix}4.4", list(T.T4_KEYS), values, "表四所有数据为非负整数")
    return out


def check_t2_a(values: Values) -> list[CheckResult]:
    out = []
    for row in ("regulations", "normative"):
        name = "规章" if row == "regulations" else "行政规范性文件"
        if f"t2.{row}.issued" not in values:
            continue
        out.append(evaluate(_eq("A2.1", f"{name}：本年制发不超过现行有效与本年废止之和", [f"t2.{row}.issued"],
                               [f"t2.{row}.in_force", f"t2.{row}.repealed"], strict=False, op="<=", scope=row),
                            values))
    keys = _keys_starting(values, "t2.")
    out += _nonneg("A2.2", keys, values, "表二数据为非负数")
    return out


def check_t2_b(values: Values) -> list[CheckResult]:
    out = []
    for row, name in (("regulations", "规章"), ("normative", "规范性文件")):
        if f"t2.{row}.published" not in values:
            continue
        out.append(evaluate(_eq("B2.1", f"{name}：本年新公开不超过对外公开总数", [f"t2.{row}.published"],
                               [f"t2.{row}.total"], strict=False, op="<=", scope=row), values))
        out.append(evaluate(_eq("B2.2", f"{name}：本年新公开不超过本年新制作", [f"t2.{row}.published"],
                               [f"t2.{row}.made"], strict=False, op="<=", scope=row), values))
    keys = _keys_starting(values, "t2.")
    signed = [k for k in keys if k.endswith(".change")]
    out += _nonneg("B2.3", [k for k in keys if not k.startswith("t2.procurement")], values,
                   "表二项目数与处理决定数为非负整数（增减可为负）", signed=signed)
    for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
        prev, chg = f"t2.{row}.prev", f"t2.{row}.change"
        if prev in values and chg in values and values[prev] is not None and values[chg] is not None:
            now = (values[prev] or 0) + (values[chg] or 0)
            status: Status = "pass" if now >= 0 else "fail"
            out.append(CheckResult(rule="B2.3", status=status, scope=row, keys=[prev, chg], strict=True,
                                   title=f"{_row_label(prev, row)}：上一年项目数加增减不为负",
                                   formula="上一年项目数量 + 本年增/减 ≥ 0", inputs={prev: values[prev], chg: values[chg]},
                                   message=f"上一年项目数量 {_fmt(values[prev])} + 本年增/减 {_fmt(values[chg])} = {now}",
                                   actual=now, expected=0, difference=min(now, 0)))
    proc = [k for k in keys if k.startswith("t2.procurement")]
    if proc:
        out += _nonneg("B2.4", proc, values, "政府集中采购数量与金额为非负")
    return out


# ---------------------------------------------------------------- pre-2019 统计表
C_EQS: tuple[Eq, ...] = (
    Eq("C1", "收到申请数等于各渠道申请数之和", ["c.req.received"],
       ["c.req.in_person", "c.req.fax", "c.req.online", "c.req.letter", "c.req.email", "c.req.web",
        "c.req.other_form"]),
    Eq("C2", "申请办结数等于按时办结与延期办结之和", ["c.req.closed"], ["c.req.closed_on_time", "c.req.closed_extended"]),
    Eq("C3", "申请答复数等于各类答复之和", ["c.ans.total"],
       ["c.ans.already_public", "c.ans.granted", "c.ans.partial", "c.ans.refused", "c.ans.not_this_agency",
        "c.ans.not_exist", "c.ans.asked_to_amend", "c.ans.other_channel"]),
    Eq("C4", "不同意公开答复数等于各项理由之和", ["c.ans.refused"],
       ["c.ans.refused.state_secret", "c.ans.refused.commercial_secret", "c.ans.refused.privacy",
        "c.ans.refused.security", "c.ans.refused.not_gov_info", "c.ans.refused.other_legal"]),
    Eq("C5", "行政复议数量等于各类结果之和", ["c.review.total"], ["c.review.upheld", "c.review.corrected", "c.review.other"]),
    Eq("C6", "行政诉讼数量等于各类结果之和", ["c.lit.total"], ["c.lit.upheld", "c.lit.corrected", "c.lit.other"]),
    Eq("C7", "工作人员数等于专职与兼职之和", ["c.org.staff"], ["c.org.staff_full", "c.org.staff_part"]),
    Eq("C8", "各渠道公开数之和不少于主动公开总数", ["c.ch.gazette", "c.ch.website", "c.ch.weibo", "c.ch.wechat",
                                                   "c.ch.other"], ["c.pro.total"], strict=False, op=">="),
)
C_CHANNELS = ("c.ch.gazette", "c.ch.website", "c.ch.weibo", "c.ch.wechat", "c.ch.other")
C_SUBSETS = (  # C10: every 其中 item ≤ its parent
    ("c.resp.press_conf_head", "c.resp.press_conf"), ("c.resp.online_interview_head", "c.resp.online_interview"),
    ("c.pro.normative_published", "c.pro.total"), ("c.ln.platform.columns_new", "c.ln.platform.columns"),
    ("c.ln.rules.new", "c.ln.rules.total"),
)
# Sums where the variant may have more channels than the national list: absent keys simply do not count.
_OPTIONAL = {"c.req.email", "c.req.web", "c.req.other_form"}


def check_c(values: Values) -> list[CheckResult]:
    out: list[CheckResult] = []
    for eq in C_EQS:
        rhs = [k for k in eq.rhs if k in values or k not in _OPTIONAL]
        lhs = list(eq.lhs)
        if eq.rule == "C7" and "c.org.staff" not in values:
            out.append(CheckResult(rule="C7", status="incomplete", keys=[*lhs, *rhs], title=eq.title, strict=True,
                                   formula="从事政府信息公开工作人员数 = 专职 + 兼职",
                                   message=f"{eq.title}：本表没有“从事政府信息公开工作人员数”一行，无法核对"))
            continue
        if not any(k in values for k in [*lhs, *rhs]):
            continue
        e = _eq(eq.rule, eq.title, lhs, rhs, strict=eq.strict, op=eq.op)
        if eq.rule == "C4" and "c.ans.refused.other_legal" not in values:
            present = [k for k in rhs if k in values]  # the variant prints only some reasons
            e = _eq(eq.rule, eq.title + "（无兜底项，按不小于核对）", lhs, present, op=">=")
        out.append(evaluate(e, values))
    total = values.get("c.pro.total")
    for ch in C_CHANNELS:
        if ch in values and total is not None:
            out.append(evaluate(_eq("C9", f"{_short(ch)}不超过主动公开总数", [ch], ["c.pro.total"], strict=False,
                                   op="<=", scope=ch.rsplit(".", 1)[1]), values))
    for sub, parent in C_SUBSETS:
        if sub in values and parent in values:
            out.append(evaluate(_eq("C10", f"{_short(sub)}不超过{_short(parent)}", [sub], [parent], op="<=",
                                   scope=sub.split(".", 1)[1]), values))
    if "c.pro.normative_published" in values and "c.pro.normative_issued" in values:
        out.append(evaluate(_eq("C11", "主动公开规范性文件数不超过制发规范性文件总数", ["c.pro.normative_published"],
                               ["c.pro.normative_issued"], strict=False, op="<="), values))
    if "c.ans.total" in values and "c.req.closed" in values:
        out.append(evaluate(_eq("C12", "申请答复数等于申请办结数", ["c.ans.total"], ["c.req.closed"], strict=False,
                               scope="answered=closed"), values))
    if "c.req.closed" in values and "c.req.received" in values:
        out.append(evaluate(_eq("C12", "申请办结数不超过收到申请数", ["c.req.closed"], ["c.req.received"], strict=False,
                               op="<=", scope="closed<=received"), values))
    if "c.resp.hotspots" in values:
        chans = [k for k in ("c.resp.press_conf", "c.resp.online_interview", "c.resp.interpretations",
                             "c.resp.weibo_wechat", "c.resp.other") if k in values]
        out.append(evaluate(_eq("C13", "回应热点数不超过各回应渠道之和", ["c.resp.hotspots"], chans, strict=False,
                               op="<="), values))
    if "c.ln.consult.total" in values:
        out.append(evaluate(_eq("C14", "征求意见数等于网站与其他方式之和", ["c.ln.consult.total"],
                               ["c.ln.consult.website", "c.ln.consult.other"], strict=False, scope="consult"), values))
    if "c.ln.interp.total" in values:
        out.append(evaluate(_eq("C14", "解读信息数等于网站与其他方式之和", ["c.ln.interp.total"],
                               ["c.ln.interp.website", "c.ln.interp.other"], strict=False, scope="interp"), values))
    counts = _keys_starting(values, "c.")
    out += _nonneg("C15", counts, values, "统计表数据为非负数（件数为整数）")
    return out


# ---------------------------------------------------------------- one report
def check_report(values: Values, template: str | None, table_templates: Mapping[str, str] | None = None,
                 section_keys: Sequence[str] = ()) -> list[CheckResult]:
    """All single-report identities. ``section_keys`` are heading rows whose values identities ignore."""
    skip = set(section_keys)
    vals = _Values({k: v for k, v in values.items() if k not in skip} if skip else values)
    tt = dict(table_templates or {})
    if template == T.GEN_C or "c" in tt:
        return check_c(vals)
    t2gen = tt.get("t2") or template
    prefix = "B" if (template == T.GEN_B) else "A"
    out: list[CheckResult] = []
    if _any_key(vals, "t2."):
        out += check_t2_b(vals) if t2gen == T.GEN_B else check_t2_a(vals)
    out += check_t3(vals, prefix)
    out += check_t4(vals, prefix)
    return out


# ---------------------------------------------------------------- cross-year (spec §5)
def check_cross_year(prev: ReportLike, cur: ReportLike) -> list[CheckResult]:
    """X1–X6 between consecutive years of one agency (prev.year + 1 == cur.year)."""
    if prev.year is None or cur.year is None or cur.year != prev.year + 1:
        return []
    a, b = prev.value_map(), cur.value_map()
    out: list[CheckResult] = []
    ya, yb = prev.year, cur.year
    tmpl = {prev.template, cur.template}
    if tmpl <= {T.GEN_A, T.GEN_B}:
        for c in T.T3_COLUMNS:
            eq, ka, kb, formula, lname, rname = _x1(ya, c.key, c.label)
            if ka not in a and kb not in b:
                continue
            now, before = b.get(kb), a.get(ka)
            r = evaluate(eq, {eq.lhs[0]: now, eq.rhs[0]: before})
            r.keys = [kb, ka]
            r.formula = formula
            r.message = _cross_msg(r, lname, now, rname, before)
            out.append(r)
    if prev.template == T.GEN_C and cur.template in (T.GEN_A, T.GEN_B) and "t3.2.total" in b:
        rec, closed = a.get("c.req.received"), a.get("c.req.closed")
        now = b.get("t3.2.total")
        keys = ["t3.2.total", "c.req.received", "c.req.closed"]
        inputs = {cross_input(yb, "t3.2.total"): now, cross_input(ya, "c.req.received"): rec,
                  cross_input(ya, "c.req.closed"): closed}
        if rec is None or closed is None or now is None:
            out.append(CheckResult(rule="X2", status="incomplete", keys=keys, strict=False, inputs=inputs,
                                   title="上年结转约等于上年收到减办结", formula="上年结转 ≈ 收到申请数 − 申请办结数",
                                   message="上年结转约等于上年收到减办结：有空白或缺失，无法核对"))
        else:
            exp = rec - closed
            st: Status = "pass" if now == exp else "warn"
            out.append(CheckResult(rule="X2", status=st, keys=keys, strict=False,
                                   title="上年结转约等于上年收到减办结", formula="上年结转 ≈ 收到申请数 − 申请办结数",
                                   inputs=inputs,
                                   expected=exp, actual=now, difference=_tidy(now - exp),
                                   message=f"{yb}年上年结转 {_fmt(now)}，{ya}年收到 {_fmt(rec)} − 办结 {_fmt(closed)} = "
                                           f"{_fmt(exp)}" + ("" if st == "pass" else f"，相差 {_fmt(_tidy(now - exp))}")))
    if prev.template == T.GEN_A and cur.template == T.GEN_A:
        for row, name in (("regulations", "规章"), ("normative", "行政规范性文件")):
            cells = {"prev": f"t2.{row}.in_force", "now": f"t2.{row}.in_force", "iss": f"t2.{row}.issued",
                     "rep": f"t2.{row}.repealed"}
            before, now, issued, repealed = (a.get(cells["prev"]), b.get(cells["now"]), b.get(cells["iss"]),
                                             b.get(cells["rep"]))
            if all(cells[k] not in (a if k == "prev" else b) for k in cells):
                continue
            title = f"{name}现行有效件数衔接"
            formula = f"{yb}年现行有效 = {ya}年现行有效 + {yb}年制发 − {yb}年废止"
            inputs = {cross_input(ya, cells["prev"]): before, cross_input(yb, cells["iss"]): issued,
                      cross_input(yb, cells["rep"]): repealed, cross_input(yb, cells["now"]): now}
            if before is None or now is None or issued is None or repealed is None:
                out.append(CheckResult(rule="X3", status="incomplete", keys=list(dict.fromkeys(cells.values())),
                                       strict=False, title=title, formula=formula, scope=row, inputs=inputs,
                                       message=f"{title}：有空白或缺失，无法核对"))
                continue
            exp = _tidy(before + issued - repealed)
            st = "pass" if now == exp else "warn"
            out.append(CheckResult(
                rule="X3", status=st, keys=list(dict.fromkeys(cells.values())), strict=False, title=title,
                formula=formula, scope=row, expected=exp, actual=now, difference=_tidy(now - exp),
                inputs=inputs,
                message=(f"{title}：{yb}年现行有效 {_fmt(now)}，{ya}年现行有效 {_fmt(before)} + 制发 "
                         f"{_fmt(issued)} − 废止 {_fmt(repealed)} = {_fmt(exp)}"
                         + ("" if st == "pass" else f"，相差 {_fmt(_tidy(now - exp))}"))))
    if prev.template == T.GEN_B and cur.template == T.GEN_B:
        for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
            kp, kc = f"t2.{row}.prev", f"t2.{row}.change"
            if kp not in b or kp not in a:
                continue
            pa, ca, pb = a.get(kp), a.get(kc), b.get(kp)
            name = _row_label(kp, row)
            title = f"{name}上一年项目数衔接"
            inputs = {cross_input(ya, kp): pa, cross_input(ya, kc): ca, cross_input(yb, kp): pb}
            if pa is None or ca is None or pb is None:
                out.append(CheckResult(rule="X4", status="incomplete", keys=[kp, kc], strict=False, title=title,
                                       scope=row, inputs=inputs, formula="本年上一年项目数 = 上年上一年项目数 + 上年增减",
                                       message=f"{title}：有空白或缺失，无法核对"))
                continue
            exp = _tidy(pa + ca)
            st = "pass" if pb == exp else "warn"
            out.append(CheckResult(rule="X4", status=st, keys=[kp, kc], strict=False, title=title, scope=row,
                                   inputs=inputs, formula="本年上一年项目数 = 上年上一年项目数 + 上年增减", expected=exp, actual=pb,
                                   difference=_tidy(pb - exp),
                                   message=f"{title}：{yb}年 {_fmt(pb)}，{ya}年 {_fmt(pa)} + {_fmt(ca)} = {_fmt(exp)}"))
        for row, name in (("regulations", "规章"), ("normative", "规范性文件")):
            kt, kn = f"t2.{row}.total", f"t2.{row}.published"
            if kt not in a or kt not in b:
                continue
            ta, tb = a.get(kt), b.get(kt)
            title = f"{name}对外公开总数不减少"
            inputs = {cross_input(ya, kt): ta, cross_input(yb, kt): tb}
            if ta is None or tb is None:
                out.append(CheckResult(rule="X5", status="incomplete", keys=[kt, kn], strict=False, title=title,
                                       scope=row, inputs=inputs, formula="本年对外公开总数 ≥ 上年对外公开总数",
                                       message=f"{title}：有空白或缺失，无法核对"))
                continue
            st = "pass" if tb >= ta else "warn"
            out.append(CheckResult(rule="X5", status=st, keys=[kt, kn], strict=False, title=title, scope=row,
                                   inputs=inputs, formula="本年对外公开总数 ≥ 上年对外公开总数", expected=ta, actual=tb,
                                   difference=_tidy(tb - ta),
                                   message=f"{title}：{yb}年 {_fmt(tb)}，{ya}年 {_fmt(ta)}"))
    if prev.template == T.GEN_C and cur.template == T.GEN_C:
        out += _cumulative_chain(ya, a, yb, b)
    return out


@lru_cache(maxsize=1024)
def _x1(ya: int, key: str, label: str) -> tuple[Eq, str, str, str, str, str]:
    """X1 of one 表三 column between ``ya`` and the year after: its Eq (prepared once: the writer checks every
    saved report against its neighbours), keys, formula and the two inputs' names."""
    yb = ya + 1
    ka, kb = f"t3.4.{key}", f"t3.2.{key}"
    eq = Eq("X1", f"上年结转等于上年结转下年度（{label}）", [cross_input(yb, kb)], [cross_input(ya, ka)], scope=key)
    _prepared(eq)
    return (eq, ka, kb, f"{yb}年 上年结转({label}) = {ya}年 结转下年度({label})", f"{yb}年上年结转（{label}）",
            f"{ya}年结转下年度（{label}）")


def _cumulative_chain(ya: int, a: Values, yb: int, b: Values) -> list[CheckResult]:
    """X6 (SOFT), pre-2019 tables with a 历年累计 column: 历年累计(N) = 历年累计(N−1) + 本年(N), for every row
    that prints an all-time figure in either year (a row without one in both, or a heading, is not chained)."""
    out: list[CheckResult] = []
    for kc in b:
        if not kc.endswith(T.CUMULATIVE) or kc not in a:
            continue
        kb = T.base_key(kc)
        before, year, now = a.get(kc), b.get(kb), b.get(kc)
        if before is None and now is None:
            continue
        name = _short(kb)
        title = f"{name}历年累计衔接"
        formula = f"{yb}年历年累计 = {ya}年历年累计 + {yb}年本年"
        inputs = {cross_input(ya, kc): before, cross_input(yb, kb): year, cross_input(yb, kc): now}
        if before is None or year is None or now is None:
            out.append(CheckResult(rule="X6", status="incomplete", message=f"{title}：有空白或缺失，无法核对",
                                   keys=[kc, kb], title=title, formula=formula, strict=False, scope=kb,
                                   inputs=inputs))
            continue
        exp = _tidy(before + year)
        st: Status = "pass" if now == exp else "warn"
        out.append(CheckResult(
            rule="X6", status=st, keys=[kc, kb], title=title, formula=formula, strict=False, scope=kb,
            inputs=inputs, expected=exp, actual=now, difference=_tidy(now - exp),
            message=(f"{title}：{yb}年历年累计 {_fmt(now)}，{ya}年历年累计 {_fmt(before)} + {yb}年本年 {_fmt(year)} = "
                     f"{_fmt(exp)}" + ("" if st == "pass" else f"，相差 {_fmt(_tidy(now - exp))}"))))
    return out


def _cross_msg(r: CheckResult, lname: str, lval: Number | None, rname: str, rval: Number | None) -> str:
    if r.status == "incomplete":
        return f"{r.title}：{lname if lval is None else rname}为空白或缺失，无法核对"
    if r.status == "pass":
        return f"{r.title}：{lname} {_fmt(lval)} = {rname} {_fmt(rval)}，相符"
    return f"{r.title}不符：{lname} {_fmt(lval)}，{rname} {_fmt(rval)}，相差 {_fmt(r.difference)}"


