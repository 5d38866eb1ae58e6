"""The archive records the parser's other spellings of an agency (ParsedReport.agency_aliases), the
distinctive ones only: aliases are looked up exactly, and a bare short form names many agencies."""
from __future__ import annotations

from pathlib import Path

from xxgk.importers import parse_path

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


def test_a_distinctive_alias_is_recorded_and_found(archive, make) -> None:
    rep = make("平潭综合实验区管理委员会", 2016)
    rep.agency_aliases = ["平潭综合实验区管委会"]
    archive.save_report(rep)
    found = archive.find_agency("平潭综合实验区管委会")
    assert found is not None and found.name == "平潭综合实验区管理委员会"
    assert found.aliases == ["平潭综合实验区管委会"]


def test_a_bare_short_form_is_not_an_alias(archive) -> None:
    [rep] = parse_path(LAYOUTS / "pingtan_caijin_2016.txt")
    assert rep.agency_aliases == ["财金局"]
    archive.save_report(rep)
    assert archive.find_agency("平潭综合实验区财政金融局") is not None
    assert archive.find_agency("财金局") is None  # 财金局 would file every region's 财金局 here
    assert archive.conn.execute("SELECT count(*) FROM agency_aliases").fetchone()[0] == 0


def test_an_alias_that_is_another_agencys_name_is_not_taken(archive, make) -> None:
    archive.save_report(make("示范市财政局", 2016, content="a"))
    rep = make("示范市财政金融局", 2016, content="b")
    rep.agency_aliases = ["示范市财政局"]
    archive.save_report(rep)
    assert archive.find_agency("示范市财政局").name == "示范市财政局"  # still its own agency
    assert archive.find_agency("示范市财政金融局").aliases == []
