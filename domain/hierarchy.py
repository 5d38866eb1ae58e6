"""Agencies over agencies: a region's government over its departments and townships, and the two kinds of
report a region publishes — 本级 (its own office's work) or 汇总 (the whole region's, the sum of its
agencies). Only a 汇总 report is compared with the sum of its children's reports; that comparison is SOFT
(a region's own office, or an agency outside the archive, is in its figures too) and names every child
without a report that year, whose absence leaves the sum short.

``detect_kind`` reads the kind from the text where the report says so; otherwise the reviewer sets it
(``workflows.hierarchy``), and a kind set by the reviewer always wins.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from xxgk.domain import templates as T
from xxgk.domain.model import Number, Status
from xxgk.domain.normalise import nfkc
from xxgk.domain.summary import sum_reports, tidy_sum

Kind = Literal["own", "region"]
KIND_NAMES: dict[str, str] = {"own": "本级", "region": "汇总"}
KIND_WORDS: dict[str, Kind | None] = {"汇总": "region", "region": "region", "全区": "region", "本级": "own",
                                      "own": "own", "自动": None, "auto": None, "清除": None}
HEAD_LINES = 15  # the title and the opening paragraph: where a report says what it covers

# "本报告由…汇总编制", "根据全市各单位年度报告汇总形成", "全市政府信息公开工作年度报告" (the title of a region's report)
_REGION = re.compile(r"汇总(?:编制|形成|而成|整理|生成)|(?:由|根据|依据)[^。；]{0,40}汇总|"
                     r"^[^。；]{0,20}全(?:省|市|区|县|州|旗|盟)(?:\d{4}年(?:度)?)?政府信息公开(?:工作)?(?:年度)?报告")
# "XX市人民政府本级政府信息公开工作年度报告", "市政府本级", "（本级）"
_OWN = re.compile(r"本级(?:政府信息公开|\d{4}年|年度|工作|报告)|(?:政府|机关)本级|[（(]本级[)）]")


@dataclass(frozen=True)
class KindFound:
    kind: Kind
    line: int  # 1-based, as the source view numbers lines
    text: str


def detect_kind(text: str) -> KindFound | None:
    """The kind the report states in its title or opening lines (None: it does not say)."""
    lines = nfkc(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    for n, line in enumerate(lines[:HEAD_LINES], 1):
        plain = re.sub(r"\s+", "", line)
        if not plain:
            continue
        if _OWN.search(plain):
            return KindFound("own", n, line.strip())
        if _REGION.search(plain):
            return KindFound("region", n, line.strip())
    return None


def kind_value(word: str) -> tuple[bool, Kind | None]:
    """(known, kind) for a word the reviewer types: 汇总, 本级, 自动 (back to what the text says)."""
    key = word.strip().lower()
    return (key in KIND_WORDS, KIND_WORDS.get(key))


@dataclass
class KeyDifference:
    key: str
    reported: Number  # the 汇总 report's figure
    children: Number  # the sum of the children's figures

    @property
    def label(self) -> str:
        return T.label_for(self.key)

    @property
    def difference(self) -> Number:
        return tidy_sum([self.reported, -self.children])


@dataclass
class RegionCheck:
    """A 汇总 report against the sum of its children's reports of the same year."""

    status: Status
    children: list[str]  # with a report that year
    missing: list[str]  # children without one
    compared: int = 0  # keys compared (the report's figure and a complete sum)
    differences: list[KeyDifference] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)  # keys whose sum has blank or absent inputs


def check_region(values: Mapping[str, Number | None], children: Sequence[tuple[str, Mapping[str, Number | None] | None]]
                 ) -> RegionCheck:
    """Compare a 汇总 report's ``values`` with the sum of ``children`` (name, value map; None: no report)."""
    present = [(name, v) for name, v in children if v is not None]
    missing = [name for name, v in children if v is None]
    if not present:
        return RegionCheck("incomplete", [], missing)
    sums = sum_reports(present)
    out = RegionCheck("pass", [name for name, _ in present], missing)
    for key in sorted(values, key=T.order_of):
        mine, total = values[key], sums.get(key)
        if mine is None or total is None or total.n_values == 0:
            continue
        if not total.complete:
            out.not_compared.append(key)
            continue
        assert total.total is not None
        out.compared += 1
        if abs(float(mine) - float(total.total)) > 1e-6:
            out.differences.append(KeyDifference(key, mine, total.total))
    if out.differences or missing:
        out.status = "warn"
    elif not out.compared:
        out.status = "incomplete"
    return out
