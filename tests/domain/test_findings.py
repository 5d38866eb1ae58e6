"""How a cell is marked: ``!`` only for a STRICT identity that fails; a SOFT one never looks like it."""
from __future__ import annotations

from xxgk.domain.findings import cell_marks
from xxgk.domain.model import CheckResult


def test_a_soft_failure_marks_a_cell_as_a_warning():
    narrative = CheckResult("AX.1", "warn", "正文 17，表格 95", ["t3.1.total"], strict=False)
    soft_fail = CheckResult("X9", "fail", "soft", ["t3.1.total"], strict=False)  # archived by an older rule set
    strict = CheckResult("A3.1", "fail", "不符", ["t3.1.natural"], strict=True)
    marks = cell_marks([narrative, soft_fail, strict])
    assert marks["t3.1.total"].kind == "warn"  # compare shows ~95, not !95
    assert marks["t3.1.natural"].kind == "fail"
    both = cell_marks([narrative, CheckResult("A3.1", "fail", "不符", ["t3.1.total"], strict=True)])
    assert both["t3.1.total"].kind == "fail"
