"""The region's summary (汇总) against SQL: every sum equals ``sum()`` over the same archived values, and
every sum with a blank or a missing cell is marked incomplete (a blank is not 0)."""
from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import SAMPLES
from xxgk.store import Archive, NotFound
from xxgk.workflows.checklist import report_checklist
from xxgk.workflows.importing import import_paths
from xxgk.workflows.indicators import load_settings, report_indicators, save_settings
from xxgk.workflows.summary import region_summary
from xxgk.workflows.trends import agency_trends

FILES = ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "huaian_2024.pdf.txt", "004_028b26371201af45.txt",
         "departments_2022.xlsx", "000_7fa8abd7de6217fc.txt")
HONGZE, HUAIAN = "淮安市洪泽区人民政府", "淮安市人民政府"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("summary") / "archive.sqlite"
    with Archive(path) as archive:
        result = import_paths(archive, [SAMPLES / f for f in FILES])
    assert not result.failed
    return path


@pytest.fixture
def archive(db):
    a = Archive(db, read_only=True)
    yield a
    a.close()


def sql_sums(db, year: int) -> tuple[dict[str, tuple], int]:
    """key -> (sum(value), count(value), count(*)) over the current reports of ``year``, and how many."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("""SELECT v.key, sum(v.value), count(v.value), count(*) FROM value_rows v
                               JOIN reports r ON r.id = v.report_id
                               WHERE r.year = ? AND r.superseded_by IS NULL AND r.agency_id IS NOT NULL
                               GROUP BY v.key""", (year,)).fetchall()
        n = conn.execute("SELECT count(*) FROM reports WHERE year = ? AND superseded_by IS NULL "
                         "AND agency_id IS NOT NULL", (year,)).fetchone()[0]
    finally:
        conn.close()
    return {k: (s, nv, nr) for k, s, nv, nr in rows}, n


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024])
def test_every_sum_equals_sql_and_blanks_mark_it_incomplete(db, archive, year):
    summary = region_summary(archive, year)
    expected, n_reports = sql_sums(db, year)
    assert len(summary.included) == n_reports
    for key, (total, n_values, n_rows) in expected.items():
        s = summary.sums[key]
        assert s.n_values == n_values, key
        assert (s.total is None) == (total is None), key
        if total is not None:
            assert s.total == pytest.approx(total, abs=1e-6), key
        assert len(s.blank_in) == n_rows - n_values, key  # printed blank (NULL)
        assert len(s.absent_in) == n_reports - n_rows, key  # not printed by that report at all
        assert s.complete == (n_values == n_reports), key
    # a key no report prints (only the form has it) is there too, incomplete, never 0
    for key in set(summary.sums) - set(expected):
        assert summary.sums[key].total is None and not summary.sums[key].complete


def test_2022_departments_with_their_blanks(archive):
    s = region_summary(archive, 2022)
    assert [ln.agency for ln in s.included] == ["盘锦市商务局", "示范市教育局", "示范市财政局"]
    # 示范市教育局 prints 3.3.4 法律服务机构 blank (built sample, by hand): the sum is not a total
    assert s.sums["t3.3.3.4.legal"].blank_in == ["示范市教育局"] and s.sums["t3.3.3.4.legal"].value is None
    # 盘锦市商务局's 现行有效件数 is blank in both rows
    assert "盘锦市商务局" in s.sums["t2.regulations.in_force"].blank_in
    assert {ln.agency for ln in s.incomplete} >= {"示范市教育局", "盘锦市商务局"}
    assert HONGZE in [ln.agency for ln in s.missing]


def test_2024_by_hand_and_an_explicit_list(archive):
    s = region_summary(archive, 2024, agencies=["洪泽区人民政府", HUAIAN])  # any spelling the archive knows
    assert s.scope.label == "所选 2 个机关" and not s.missing
    assert s.sums["t3.1.total"].value == 95 + 3119
    assert s.sums["t4.review.total"].value == 2 + 351
    assert s.sums["t2.fees.amount"].value == pytest.approx(7545 + 96171.6)
    # hongze prints （六）其他处理 as one row (the 2019 way), huaian its three sub-rows: neither sum is whole
    assert s.sums["t3.3.6.1.total"].absent_in == [HONGZE] and s.sums["t3.3.6.total"].absent_in == [HUAIAN]
    region = {r.id: r for r in s.readings}
    assert (region["open_rate"].numerator, region["open_rate"].denominator) == (1875, 3145)
    # the region's change on 2023: only hongze reported in 2023 (21 applications), huaian is missing then
    assert region["applications_change"].state == "incomplete"
    ranked = [name for name, _r in s.ranking("review_correction")]
    assert ranked == [HUAIAN, HONGZE]  # 20.4 % rated; hongze's 1 of 2 is shown after, not rated


def test_no_report_that_year(archive):
    with pytest.raises(NotFound):
        region_summary(archive, 2019)


def test_settings_kept_in_the_archive(db):
    with Archive(db) as archive:
        before = archive.data_version()
        settings = load_settings(archive)
        assert settings.min_cases == 30
        settings.min_cases = 1
        settings.thresholds["open_rate"] = 0.7
        save_settings(archive, settings)
        assert archive.data_version() == before + 1
    with Archive(db, read_only=True) as archive:
        got = load_settings(archive)
        assert got.min_cases == 1 and got.thresholds == {"open_rate": 0.7}
        r = {x.id: x for x in report_indicators(archive, archive.current_report(HONGZE, 2024).id).readings}
        assert r["open_rate"].flagged  # 62.1 % < 70 %
        assert r["applications_change"].state == "rated"  # 21 cases now enough
    with Archive(db) as archive:
        archive.set_setting("indicators", None)
        assert load_settings(archive).min_cases == 30


def test_checklist_reads_last_years_report(archive):
    row = archive.current_report(HONGZE, 2024)
    rc = report_checklist(archive, row.id)
    assert rc.previous is not None and rc.previous.year == 2023
    assert rc.checklist.item("repetition").status == "pass" and rc.checklist.repetition is not None


def test_trends_of_hongze(archive):
    t = agency_trends(archive, HONGZE)
    assert t.years == [2023, 2024] and t.reported == {2023, 2024}
    series = t.by_key()
    assert series["t3.1.total"].points(t.years) == [21, 95]
    assert series["t2.licensing.decisions"].points(t.years) == [550, 9487]
    heads = {s.key: s for s in t.headlines}
    assert heads["行政复议"].points(t.years) == [0, 2]  # as printed: 2023's 总计 is 0 (a real error in the report)
