"""A reviewer's verdict on a finding (a check that fails or warns), and when it still applies.

A finding is identified by its **slot** — agency, year, rule and scope — and by its **fingerprint**: the slot
plus the input values the check read (every key with its value) and the figures it compared (expected,
actual; the narrative checks compare a number printed in the text that is no input). A verdict is recorded
against both. It applies to a finding of the same slot (any version of the report, after any re-check or
re-import) only while the fingerprint is the same; when the values changed it is **stale**: shown with the
finding, never applied (a stale 已排除 does not hide the finding). A year's slot for an identity across two
years is the later year.

Verdicts are history: every decision is a new record, the latest for a slot is the one in force, and
``cleared`` withdraws it.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from xxgk.domain.model import Number

VerdictStatus = Literal["confirmed", "excluded", "pending", "cleared"]
DECISIONS: tuple[VerdictStatus, ...] = ("confirmed", "excluded", "pending")
STATUSES: tuple[VerdictStatus, ...] = (*DECISIONS, "cleared")
DECIDABLE = ("fail", "warn")  # the check statuses a verdict is given on


def _number(value: Any) -> Any:
    """3.0 and 3 are the same figure (a workbook and a text give either)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fingerprint(agency: str, year: int, rule: str, scope: str, inputs: Mapping[str, Number | None],
                expected: Number | None = None, actual: Number | None = None) -> str:
    """The finding's identity as 32 hex digits: slot, every input (key and value, in key order) and the
    figures compared. Stable across versions, re-checks and archives (the agency by its name)."""
    payload = [agency, int(year), rule, scope or "", sorted((k, _number(v)) for k, v in inputs.items()),
               _number(expected), _number(actual)]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def slot_year(report_year: int, other_year: int | None) -> int:
    """The year a finding is filed under: the report's, or the later one of an identity across years."""
    return max(report_year, other_year) if other_year is not None else report_year


def rule_id(rule: str, scope: str) -> str:
    return f"{rule}:{scope}" if scope else rule


@dataclass
class Verdict:
    """One decision on a finding, as recorded (a row of the archive's append-only history)."""

    id: int
    agency_id: int
    agency: str
    year: int
    rule: str
    scope: str
    status: VerdictStatus
    reason: str
    note: str
    by: str
    at: str  # UTC, ISO 8601
    fingerprint: str
    report_id: int | None  # the report it was decided on
    finding: dict[str, Any] = field(default_factory=dict)  # the finding then: inputs, expected, actual, message

    @property
    def rule_id(self) -> str:
        return rule_id(self.rule, self.scope)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "agency": self.agency, "year": self.year, "rule": self.rule, "scope": self.scope,
                "status": self.status, "reason": self.reason, "note": self.note, "by": self.by, "at": self.at,
                "fingerprint": self.fingerprint, "report_id": self.report_id, "finding": self.finding}


@dataclass
class VerdictMark:
    """The verdict in force for one finding, and whether it still applies to it."""

    verdict: Verdict
    stale: bool  # the finding's values changed since the decision: shown, not applied

    @property
    def status(self) -> VerdictStatus:
        return self.verdict.status

    @property
    def excluded(self) -> bool:
        """The finding is 已排除 and the decision applies to it: not an open finding."""
        return self.verdict.status == "excluded" and not self.stale

    @property
    def is_open(self) -> bool:
        return not self.excluded

    def to_json(self) -> dict[str, Any]:
        return {"status": self.verdict.status, "stale": self.stale, "reason": self.verdict.reason,
                "note": self.verdict.note, "by": self.verdict.by, "at": self.verdict.at, "id": self.verdict.id}


def mark_for(verdict: Verdict | None, current_fingerprint: str) -> VerdictMark | None:
    """How ``verdict`` (the one in force for a slot, or None) stands for a finding with this fingerprint."""
    if verdict is None or verdict.status == "cleared":
        return None
    return VerdictMark(verdict, stale=verdict.fingerprint != current_fingerprint)


def changed_inputs(verdict: Verdict, inputs: Mapping[str, Number | None], expected: Number | None = None,
                   actual: Number | None = None) -> list[tuple[str, Any, Any]]:
    """What changed since the decision: (key or figure, then, now) for every input or figure that differs."""
    then = verdict.finding.get("inputs", {}) if isinstance(verdict.finding, dict) else {}
    out = []
    for key in sorted(set(then) | set(inputs)):
        a, b = _number(then.get(key)), _number(inputs.get(key))
        if a != b or (key in then) != (key in inputs):
            out.append((key, then.get(key), inputs.get(key)))
    for name, now in (("expected", expected), ("actual", actual)):
        was = verdict.finding.get(name) if isinstance(verdict.finding, dict) else None
        if _number(was) != _number(now) and not out:
            out.append((name, was, now))
    return out
