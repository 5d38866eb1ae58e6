"""The overview's first page from the store: the first characters of the agencies' names, and the agencies
with a current report whose name starts with one of them, each read from the name index alone."""
from __future__ import annotations

from xxgk.store import Archive

NAMES = ["安徽省财政局", "安庆市人民政府", "A区政府", "𠀀县政府", "东阿县人民政府", "淮安市洪泽区人民政府", "\ud7ff局", "\ue000局"]


def test_initials_and_the_agencies_starting_with_each(archive: Archive, make):
    for i, name in enumerate(NAMES):
        archive.save_reports([make(name, 2023, content=str(i))])
    # an agency without a current report (a parent named only in the hierarchy) is not in the grid
    archive.conn.execute("INSERT INTO agencies(name, created_at) VALUES ('安阳市', '2024-01-01')")
    archive.save_reports([make(None, 2023, content="review")])  # waiting for review: no agency
    assert archive.agency_initials() == ["A", "东", "安", "淮", "\ud7ff", "\ue000", "𠀀"]
    grid = {a_id: name for a_id, name in archive.grid_agencies()}
    assert sorted(grid.values()) == sorted(NAMES)
    assert archive.grid_size() == len(NAMES)
    assert [name for _, name in archive.grid_agencies_starting("安")] == ["安庆市人民政府", "安徽省财政局"]
    assert all(grid[a_id] == name for a_id, name in archive.grid_agencies_starting("安"))
    for head in ("A", "东", "淮", "\ud7ff", "\ue000", "𠀀"):
        assert [name for _, name in archive.grid_agencies_starting(head)] == [n for n in NAMES if n[0] == head]
    assert archive.grid_agencies_starting("北") == [] and archive.grid_agencies_starting("") == []


def test_grid_years_span_the_current_reports(archive: Archive, make):
    assert archive.grid_years() == [] and archive.agency_initials() == [] and archive.grid_size() == 0
    archive.save_reports([make("安庆市人民政府", 2019)])
    archive.save_reports([make("淮安市洪泽区人民政府", 2023)])
    archive.save_reports([make(None, 2030, content="review")])  # no agency: not a column
    assert archive.grid_years() == [2019, 2020, 2021, 2022, 2023]


def test_the_first_page_s_queries_read_indexes(archive: Archive):
    def plan(sql: str) -> str:
        return " ".join(r[3] for r in archive.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))

    for way in ("ASC", "DESC"):
        assert "USING INDEX reports_current_year" in plan(
            "SELECT year FROM reports WHERE superseded_by IS NULL AND agency_id IS NOT NULL AND year IS NOT NULL "
            f"ORDER BY year {way} LIMIT 1")
    sql = ("SELECT a.id FROM agencies a WHERE a.name >= '安' AND a.name < '宊' AND EXISTS (SELECT 1 FROM reports r "
           "WHERE r.agency_id = a.id AND r.superseded_by IS NULL AND r.year IS NOT NULL)")
    assert "sqlite_autoindex_agencies_1 (name>? AND name<?)" in plan(sql)
