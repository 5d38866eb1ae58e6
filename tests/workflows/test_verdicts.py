"""Verdicts on findings, on an archive built from the real reports.

洪泽区 2023 (hongze_2023.pdf.txt) fails A4.1:review for real — 表四 prints 行政复议 总计 0 while its parts are
维持 10 + 纠正 1 — and A4.3:suit_after_review (复议后起诉 总计 0 against 维持 5). Its PDF (hongze_2023.pdf) gives
the same values, so importing it files a new version with the same finding; a copy of the text whose 纠正
reads 2 is a new version whose finding has other values.
"""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.conftest import SAMPLES
from xxgk.domain.verdicts import fingerprint
from xxgk.store import Archive, ArchiveError
from xxgk.workflows.checking import FindingCounts, findings
from xxgk.workflows.importing import import_paths
from xxgk.workflows.reparsing import reparse
from xxgk.workflows.verdicts import decide, exclusions, history, open_grid, verdict_states

HONGZE = "淮安市洪泽区人民政府"
FILES = [SAMPLES / n for n in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "huaian_2024.pdf.txt")]
T4_LINE = "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0"  # 表四's one row of numbers in hongze_2023.pdf.txt


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("verdicts") / "a.sqlite"
    with Archive(path) as a:
        summary = import_paths(a, FILES, jobs=1)
    assert not summary.failed
    return path


@pytest.fixture
def archive(built, tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_USER", "张审核")
    target = tmp_path / "a.sqlite"
    shutil.copy(built, target)
    with Archive(target) as a:
        yield a


def hongze_2023(archive: Archive) -> int:
    return archive.current_report(HONGZE, 2023).id


def finding(archive: Archive, rule: str):
    (found,) = [f for f in findings(archive, agency=HONGZE, year=2023) if f.rule_id == rule]
    return found


def changed_copy(tmp_path, corrected: int = 2):
    text = (SAMPLES / "hongze_2023.pdf.txt").read_text(encoding="utf-8")
    assert text.count(T4_LINE) == 1
    path = tmp_path / "hongze_2023_corrected.txt"
    path.write_text(text.replace(T4_LINE, f"10 {corrected} 0 0 0 0 0 0 0 0 5 0 0 0 0"), encoding="utf-8")
    return path


def test_an_exclusion_is_recorded_with_who_when_and_why(archive):
    done = decide(archive, hongze_2023(archive), "A4.1", "已排除", reason="口径不同", note="复议数由司法局另表统计")
    v = done.verdict
    assert (v.agency, v.year, v.rule, v.scope, v.status) == (HONGZE, 2023, "A4.1", "review", "excluded")
    assert (v.reason, v.note, v.by) == ("口径不同", "复议数由司法局另表统计", "张审核")
    assert v.at.endswith("+00:00") and v.report_id == hongze_2023(archive)
    # the finding as decided: 行政复议总计 0 against 10 + 1
    assert v.finding["inputs"]["t4.review.total"] == 0 and v.finding["inputs"]["t4.review.upheld"] == 10
    assert v.finding["inputs"]["t4.review.corrected"] == 1 and v.finding["expected"] == 11
    assert done.mark is not None and done.mark.excluded
    f = finding(archive, "A4.1:review")
    assert f.verdict is not None and f.verdict.excluded and not f.verdict.stale
    assert finding(archive, "A4.3:suit_after_review").verdict is None


def test_open_findings_leave_out_what_is_excluded(archive):
    before = findings(archive)
    decide(archive, hongze_2023(archive), "A4.1:review", "excluded", reason="口径不同")
    assert [f.rule_id for f in findings(archive, open_only=True)] == [f.rule_id for f in before
                                                                      if f.rule_id != "A4.1:review"]
    counts = FindingCounts()
    listed = list(counts.counting(findings(archive), open_only=True))
    assert len(listed) == len(before) - 1 and counts.excluded == 1 and counts.strict_failures == 1
    assert "只计未排除的问题：1 项已排除，未计入" in counts.summary(3)
    # 确认有误 and 待核 are open findings
    decide(archive, hongze_2023(archive), "A4.3", "确认有误", note="已退回区政府办")
    assert len(findings(archive, open_only=True)) == len(before) - 1
    cell = open_grid(archive).cell(HONGZE, 2023)
    assert (cell.n_fail, cell.n_strict_fail, cell.n_excluded) == (1, 1, 1) and cell.status == "fail"
    assert archive.list_grid().cell(HONGZE, 2023).n_strict_fail == 2  # the plain counts are untouched


def test_a_verdict_survives_a_reimport_and_a_new_version_with_the_same_values(archive):
    decide(archive, hongze_2023(archive), "A4.1", "已排除", reason="口径不同")
    first = hongze_2023(archive)
    again = import_paths(archive, [SAMPLES / "hongze_2023.pdf.txt"], jobs=1)  # the same file: unchanged
    assert again.counts == {"unchanged": 1}
    pdf = import_paths(archive, [SAMPLES / "hongze_2023.pdf"], jobs=1)  # the agency's PDF: a new version
    assert pdf.counts == {"new_version": 1}
    assert hongze_2023(archive) != first
    f = finding(archive, "A4.1:review")
    assert f.report_id == hongze_2023(archive) and f.verdict is not None and f.verdict.excluded
    (state,) = verdict_states(archive)
    assert state.state == "applied" and state.report_id == hongze_2023(archive)
    assert exclusions(archive) == {hongze_2023(archive): (1, 1, 0)}


def test_a_verdict_survives_a_reparse(archive):
    decide(archive, hongze_2023(archive), "A4.3", "待核")
    before = hongze_2023(archive)
    reparse(archive, jobs=1)
    f = finding(archive, "A4.3:suit_after_review")
    assert f.verdict is not None and f.verdict.status == "pending" and not f.verdict.stale
    assert hongze_2023(archive) >= before


def test_changed_values_make_the_verdict_stale_never_applied(archive, tmp_path):
    decide(archive, hongze_2023(archive), "A4.1", "已排除", reason="口径不同")
    outcome = import_paths(archive, [changed_copy(tmp_path)], jobs=1)
    assert outcome.counts == {"new_version": 1}
    f = finding(archive, "A4.1:review")  # still fails: 0 against 10 + 2
    assert f.inputs["t4.review.corrected"] == 2 and f.expected == 12
    assert f.verdict is not None and f.verdict.stale and not f.verdict.excluded
    assert "A4.1:review" in [x.rule_id for x in findings(archive, open_only=True)]
    assert exclusions(archive) == {}
    assert open_grid(archive).cell(HONGZE, 2023).n_strict_fail == 2
    (state,) = verdict_states(archive)
    assert state.state == "stale"
    # the same values again (the original text as a newer version): the verdict applies again
    shutil.copy(SAMPLES / "hongze_2023.pdf.txt", tmp_path / "hongze_2023_again.txt")
    (tmp_path / "hongze_2023_again.txt").write_text(
        (SAMPLES / "hongze_2023.pdf.txt").read_text(encoding="utf-8") + "\n（重新发布）\n", encoding="utf-8")
    import_paths(archive, [tmp_path / "hongze_2023_again.txt"], jobs=1)
    assert finding(archive, "A4.1:review").verdict.excluded


def test_a_finding_that_no_longer_fails_leaves_its_verdict_resolved(archive, tmp_path):
    decide(archive, hongze_2023(archive), "A4.3", "确认有误")
    text = (SAMPLES / "hongze_2023.pdf.txt").read_text(encoding="utf-8")
    fixed = tmp_path / "hongze_2023_fixed.txt"  # 复议后起诉 总计 5, as its parts say
    fixed.write_text(text.replace(T4_LINE, "10 1 0 0 0 0 0 0 0 0 5 0 0 0 5"), encoding="utf-8")
    import_paths(archive, [fixed], jobs=1)
    assert "A4.3:suit_after_review" not in [f.rule_id for f in findings(archive, agency=HONGZE, year=2023)]
    (state,) = verdict_states(archive)
    assert state.state == "resolved" and state.finding is None


def test_every_change_is_kept_and_the_history_cannot_be_rewritten(archive):
    rid = hongze_2023(archive)
    decide(archive, rid, "A4.1", "待核", by="李科员")
    decide(archive, rid, "A4.1", "已排除", reason="口径不同")
    decide(archive, rid, "A4.1", "撤销", note="误判")
    steps = history(archive, agency=HONGZE, rule="A4.1:review")
    assert [(v.status, v.by) for v in steps] == [("pending", "李科员"), ("excluded", "张审核"), ("cleared", "张审核")]
    assert finding(archive, "A4.1:review").verdict is None and verdict_states(archive) == []
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        archive.conn.execute("UPDATE verdicts SET status = 'confirmed'")
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        archive.conn.execute("DELETE FROM verdicts")
    assert archive.count_verdicts() == 3


def test_what_cannot_be_decided_says_why(archive):
    rid = hongze_2023(archive)
    with pytest.raises(ArchiveError, match="已排除需要写明理由"):
        decide(archive, rid, "A4.1", "已排除")
    with pytest.raises(ArchiveError, match="A3.1:natural 为相符：只有不符或提示才需要判定"):
        decide(archive, rid, "A3.1:natural", "确认有误")
    with pytest.raises(ArchiveError, match="没有规则 Z9"):
        decide(archive, rid, "Z9", "确认有误")
    with pytest.raises(ArchiveError, match="不是判定"):
        decide(archive, rid, "A4.1", "通过")
    with pytest.raises(ArchiveError, match="没有判定，无需撤销"):
        decide(archive, rid, "A4.1", "撤销")
    assert archive.count_verdicts() == 0


def test_the_fingerprint_is_the_slot_and_the_values():
    base = fingerprint(HONGZE, 2023, "A4.1", "review", {"t4.review.total": 0, "t4.review.upheld": 10}, 10, 0)
    assert base == fingerprint(HONGZE, 2023, "A4.1", "review", {"t4.review.upheld": 10.0, "t4.review.total": 0},
                               10, 0)  # key order and 10 / 10.0 make no difference
    others = [fingerprint(HONGZE, 2024, "A4.1", "review", {"t4.review.total": 0, "t4.review.upheld": 10}, 10, 0),
              fingerprint(HONGZE, 2023, "A4.1", "suit", {"t4.review.total": 0, "t4.review.upheld": 10}, 10, 0),
              fingerprint(HONGZE, 2023, "A4.1", "review", {"t4.review.total": None, "t4.review.upheld": 10}, 10, 0),
              fingerprint(HONGZE, 2023, "A4.1", "review", {"t4.review.total": 0, "t4.review.upheld": 10}, 10, 1),
              fingerprint("淮安市人民政府", 2023, "A4.1", "review", {"t4.review.total": 0, "t4.review.upheld": 10}, 10, 0)]
    assert len({base, *others}) == 6
