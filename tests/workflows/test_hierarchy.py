"""The hierarchy on the real reports: 淮安市人民政府 (huaian_2024.pdf.txt) is the government over
淮安市洪泽区人民政府 (hongze_2024.pdf.txt). huaian_2024 prints 行政许可 447228 (line 68), hongze_2024 prints
9487 (line 48). Neither says whether it is 本级 or 汇总, so the 汇总 check waits for the reviewer; a copy
of huaian_2024 whose title reads 全市政府信息公开工作年度报告 is detected as 汇总 from its text.
"""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import SAMPLES
from tests.store.schema9 import back_to_schema_9
from xxgk.domain.hierarchy import check_region, detect_kind
from xxgk.store import Archive, ArchiveError
from xxgk.workflows.checklist import report_checklist
from xxgk.workflows.hierarchy import region_item, report_kind, set_kind, set_parent, tree
from xxgk.workflows.importing import import_paths
from xxgk.workflows.summary import region_summary

HUAIAN, HONGZE, FINANCE = "淮安市人民政府", "淮安市洪泽区人民政府", "示范市财政局"
TITLE = "2024 年政府信息公开工作年度报告"  # line 3 of huaian_2024.pdf.txt


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("hierarchy") / "a.sqlite"
    with Archive(path) as a:
        summary = import_paths(a, [SAMPLES / "huaian_2024.pdf.txt", SAMPLES / "hongze_2024.pdf.txt",
                                   SAMPLES / "departments_2022.xlsx"], jobs=1)
    assert not summary.failed
    return path


@pytest.fixture
def archive(built, tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_USER", "李审核")
    target = tmp_path / "a.sqlite"
    shutil.copy(built, target)
    with Archive(target) as a:
        yield a


def test_parents_are_kept_and_a_cycle_is_refused(archive):
    set_parent(archive, HUAIAN, [HONGZE, FINANCE])
    nodes = {n.agency.name: (n.parent, n.children) for n in tree(archive)}
    assert nodes[HUAIAN] == (None, [HONGZE, FINANCE]) and nodes[HONGZE] == (HUAIAN, [])
    with pytest.raises(ArchiveError, match="下级"):
        set_parent(archive, HONGZE, [HUAIAN])
    assert archive.parent_of(archive.agency(HUAIAN).id) is None  # nothing changed


def test_the_check_waits_for_the_kind_then_fires_only_on_a_region_report(archive):
    set_parent(archive, HUAIAN, [HONGZE, FINANCE])
    report = archive.current_report(HUAIAN, 2024)
    assert report_kind(archive, report).kind is None  # the report does not say
    item = region_item(archive, report)
    assert item is not None and item.status == "incomplete" and "汇总" in item.summary

    set_kind(archive, report.id, "汇总")
    item = region_item(archive, report)
    assert item is not None and item.status == "warn"  # SOFT
    texts = [e.text for e in item.evidence]
    assert "第二十条第(五)项 行政许可 · 本年处理决定数量：汇总报告 447228，下级之和 9487（差 +437741）" in texts
    assert [e.text for e in item.evidence if "没有报告" in e.note] == [FINANCE]  # no 2024 report: named
    assert report_checklist(archive, report.id).checklist.item("region").status == "warn"

    set_kind(archive, report.id, "本级")
    assert region_item(archive, report) is None  # a 本级 report is never compared
    assert "region" not in [i.code for i in report_checklist(archive, report.id).checklist.items]
    # a child has no children: no item at all
    assert region_item(archive, archive.current_report(HONGZE, 2024)) is None


def test_a_kind_set_by_the_reviewer_follows_a_new_version(archive, tmp_path):
    set_kind(archive, archive.current_report(HUAIAN, 2024).id, "汇总")
    import_paths(archive, [SAMPLES / "huaian_2024.html"], jobs=1)  # the same report as a web page: version 2
    new = archive.current_report(HUAIAN, 2024)
    assert new.version > 1
    kind = report_kind(archive, new)
    assert (kind.kind, kind.source, kind.by) == ("region", "reviewer", "李审核")


def test_the_kind_is_read_from_the_text_where_it_says_so(tmp_path):
    text = (SAMPLES / "huaian_2024.pdf.txt").read_text(encoding="utf-8")
    assert text.count(TITLE) == 1
    found = detect_kind(text.replace(TITLE, "2024 年全市政府信息公开工作年度报告"))
    assert found is not None and (found.kind, found.line) == ("region", 3)
    found = detect_kind(text.replace("淮安市人民政府\n", "淮安市人民政府本级\n", 1))
    assert found is not None and (found.kind, found.line) == ("own", 2)
    assert detect_kind(text) is None  # 全市共受理… (line 29) is the body, not what the report covers


def test_a_sum_with_blank_inputs_is_not_compared():
    check = check_region({"k1": 10, "k2": 5}, [("甲", {"k1": 4, "k2": None}), ("乙", {"k1": 6, "k2": 5}), ("丙", None)])
    assert check.compared == 1 and not check.differences and check.not_compared == ["k2"]
    assert check.missing == ["丙"] and check.status == "warn"  # a child without a report: the sum is short
    assert check_region({"k1": 10}, [("甲", {"k1": 4}), ("乙", {"k1": 6})]).status == "pass"


def test_a_summary_over_the_children_of_a_parent(archive):
    set_parent(archive, HUAIAN, [HONGZE, FINANCE])
    s = region_summary(archive, 2024, parent=HUAIAN)
    assert [ln.agency for ln in s.included] == [HONGZE]
    assert s.scope.label == f"{HUAIAN}的 2 个下级机关"
    assert [ln.agency for ln in s.missing] == [FINANCE]
    assert s.sums["t2.licensing.decisions"].total == 9487  # 洪泽区 alone (示范市财政局 has no 2024 report)


def test_an_archive_of_schema_6_upgrades_keeping_everything(built, tmp_path):
    import sqlite3

    from xxgk.store.schema import LATEST
    from xxgk.workflows.search import search

    path = tmp_path / "v6.sqlite"
    shutil.copy(built, path)
    with Archive(path) as a:
        a.set_setting("indicators", {"min_cases": 20})
        a.record_verdict(agency_id=a.agency(HONGZE).id, year=2024, rule="A2.1", scope="x", status="pending",
                         reason="", note="待核", by="李审核", fingerprint="f" * 32, report_id=None, finding={})
    back_to_schema_9(path)  # the search's lines as schema 6 to 9 kept them (a row per line)
    conn = sqlite3.connect(path)  # back to schema 6: no hierarchy tables, the index's insert trigger (8) back
    conn.executescript("DROP TABLE agency_parents; DROP TABLE report_kinds; DELETE FROM schema_version WHERE version >= 7;"
                       "CREATE TRIGGER [text_lines_ai] AFTER INSERT ON [text_lines] BEGIN "
                       "INSERT INTO [text_lines_fts] (rowid, [text]) VALUES (new.rowid, new.[text]); END;")
    tables = {r[0]: conn.execute(f"SELECT count(*) FROM [{r[0]}]").fetchone()[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'text_line%'")}  # (10 moves them)
    conn.close()
    with Archive(path) as a:
        assert a.schema_version() == LATEST == 11
        after = {name: a.conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0] for name in tables}
        assert {k: v for k, v in after.items() if k != "schema_version"} == {
            k: v for k, v in tables.items() if k != "schema_version"}
        assert after["schema_version"] == tables["schema_version"] + 5
        assert [v.note for v in a.verdict_history()] == ["待核"] and a.setting("indicators") == {"min_cases": 20}
        assert search(a, "行政许可 9487").total == 1
        assert a.parents() == {}
