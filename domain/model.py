"""The records every layer passes around: parsed values, check results, warnings, reports."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import Any, Literal, NotRequired, Protocol, TypedDict

from xxgk.domain.names import needs_review

Number = int | float
_KEY, _VALUE = attrgetter("key"), attrgetter("value")
Status = Literal["pass", "fail", "warn", "incomplete"]


@dataclass(slots=True)  # (slots: a report has ~150, made by the matcher and by every archive read)
class Value:
    """One statistics cell as printed: ``value`` is None for blanks and dashes, ``raw`` is never lost."""

    key: str
    label: str  # printed label, normalised to Simplified characters
    value: Number | None
    raw: str
    section: str | None = None  # parent heading (pre-2019 rows)
    unit: str | None = None
    where: str = ""  # "line 74", "Sheet1!C7", "table 2 r3c4"
    note: str | None = None  # "dash", "approximate", "extra cell", ...

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "section": self.section, "value": self.value,
                "raw": self.raw, "unit": self.unit, "where": self.where}


@dataclass(slots=True)  # (slots: a report has ~45)
class CheckResult:
    """The outcome of one reconciliation identity on one report (or a pair of years)."""

    rule: str  # identity id from the spec, e.g. "A3.1", "C3", "X1"
    status: Status
    message: str  # a sentence a staff member understands
    keys: list[str]  # every canonical key the identity reads
    title: str = ""  # short name, e.g. "申请数平衡（自然人）"
    formula: str = ""  # e.g. "本年新收 + 上年结转 = 办理结果总计 + 结转下年度"
    strict: bool = True
    scope: str = ""  # column / row / block the instance is about, e.g. "natural"
    inputs: dict[str, Number | None] = field(default_factory=dict)
    expected: Number | None = None
    actual: Number | None = None
    difference: Number | None = None

    @property
    def rule_id(self) -> str:
        return f"{self.rule}:{self.scope}" if self.scope else self.rule

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "message": self.message, "keys": self.keys,
                "scope": self.scope, "title": self.title, "formula": self.formula, "strict": self.strict,
                "inputs": self.inputs, "expected": self.expected, "actual": self.actual,
                "difference": self.difference}


class CheckFields(TypedDict):
    """The fields every result of one identity instance shares, whatever its status:
    ``base = CheckFields(...)`` then ``CheckResult(status=..., message=..., **base)``."""

    rule: str
    keys: list[str]
    title: str
    formula: str
    strict: bool
    scope: NotRequired[str]
    inputs: dict[str, Number | None]


@dataclass
class ParseWarning:
    message: str
    where: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ParsedReport:
    """What an importer produces from one file (a workbook may produce several)."""

    file: str
    sha256: str
    format: str  # "text" | "html" | "xlsx"
    agency: str | None = None
    year: int | None = None
    template: str | None = None  # "2021" | "2019" | "pre2019" | None
    values: list[Value] = field(default_factory=list)
    checks: list[CheckResult] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    text: str = ""  # the decoded source text (for the archive and the "copied text" share)
    encoding: str | None = None
    agency_source: str | None = None  # how the agency was found ("title", "编制 sentence", "--agency", ...)
    year_source: str | None = None
    scope: str | None = None  # "本级" | "汇总" | None when unknown
    part: str | None = None  # sheet name when a workbook holds several reports
    table_templates: dict[str, str] = field(default_factory=dict)  # {"t2": "2021", "t3": "2019", ...}
    # Other spellings of the agency the text uses: the title's short form when the official name stated in
    # the text won (财金局 for 平潭综合实验区财政金融局, 洪泽区人民政府 for 淮安市洪泽区人民政府).
    agency_aliases: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return needs_review(self.agency, self.year)

    def value_map(self) -> dict[str, Number | None]:
        values = self.values
        return dict(zip(map(_KEY, values), map(_VALUE, values), strict=True))  # (C-level passes)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "sha256": self.sha256, "format": self.format, "agency": self.agency,
            "year": self.year, "template": self.template, "part": self.part,
            "needs_review": self.needs_review, "encoding": self.encoding,
            "agency_source": self.agency_source, "agency_aliases": self.agency_aliases,
            "year_source": self.year_source, "scope": self.scope,
            "table_templates": self.table_templates,
            "values": [v.to_json() for v in self.values],
            "checks": [c.to_json() for c in self.checks],
            "warnings": [w.to_json() for w in self.warnings],
        }


class ReportLike(Protocol):
    """What identities across years and the comparison read of a report, parsed or archived."""

    @property
    def year(self) -> int | None: ...

    @property
    def template(self) -> str | None: ...

    def value_map(self) -> Mapping[str, Number | None]: ...


class BadInput(Exception):
    """User error in an input file: the CLI prints ``str(exc)`` on one line and exits 2."""

    def __init__(self, file: str, problem: str) -> None:
        super().__init__(f"{file}: {problem}")
        self.file = file
        self.problem = problem
