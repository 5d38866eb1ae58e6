"""Agency names from short forms (issue 9 item 6): the official name the text states wins, the title's
short form is kept as an alias, never a name from the site footer, never a guess between two names."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.golden_values import SEED002
from xxgk.domain.names import is_distinctive
from xxgk.importers import parse_path
from xxgk.importers.meta import find_meta

LAYOUTS = Path(__file__).resolve().parents[1] / "fixtures" / "layouts"


def test_short_title_full_name_in_the_body() -> None:
    """Seed 002 as 平潭综合实验区财政金融局's report titled 财金局2016年…; the footer names the zone's committee."""
    [rep] = parse_path(LAYOUTS / "pingtan_caijin_2016.txt")
    assert (rep.agency, rep.agency_aliases, rep.year, rep.template) == (
        "平潭综合实验区财政金融局", ["财金局"], 2016, "pre2019")
    assert {k: rep.value_map().get(k) for k in SEED002} == SEED002
    assert rep.to_json()["agency_aliases"] == ["财金局"]


def test_zone_committee_page_title_and_the_region_in_the_body() -> None:
    """A saved page: 管委会… in <title> and the heading, 平潭综合实验区管委会 in the body, the footer naming
    平潭综合实验区管理委员会 (which must not win)."""
    [rep] = parse_path(LAYOUTS / "pingtan_gwh_2016.htm")
    assert (rep.agency, rep.agency_aliases, rep.year) == ("平潭综合实验区管委会", ["管委会"], 2016)


@pytest.mark.parametrize(("text", "agency", "aliases"), [
    ("财金局2016年政府信息公开工作年度报告\n2016年，平潭综合实验区财政金融局认真贯彻落实《条例》。",
     "平潭综合实验区财政金融局", ["财金局"]),
    ("市场局2020年政府信息公开工作年度报告\n正文\n示范市市场监督管理局\n2021年1月15日", "示范市市场监督管理局", ["市场局"]),
    ("平潭综合实验区管委会2016年政府信息公开工作年度报告\n正文。\n平潭综合实验区管理委员会\n2017年1月15日",
     "平潭综合实验区管理委员会", ["平潭综合实验区管委会"]),
    ("洪泽区人民政府\n2023 年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制此报告。",
     "淮安市洪泽区人民政府", ["洪泽区人民政府"]),
    # never from the footer
    ("财金局2016年政府信息公开工作年度报告\n正文。\n版权所有：平潭综合实验区财政金融局", "财金局", []),
    # two official names fit: never a guess
    ("财金局2016年政府信息公开工作年度报告\n2016年，平潭综合实验区财政金融局认真。由福州市财政金融局指导。", "财金局", []),
    # a bare 财政局 does not take the first place-named 财政局 the body mentions (it may be the one above it)
    ("财政局2016年政府信息公开工作年度报告\n正文，示范市财政局认真。", "财政局", []),
    # a full title stays as it is
    ("盘锦市商务局2022年政府信息公开工作年度报告\n2022年，盘锦市商务局认真贯彻。", "盘锦市商务局", []),
])
def test_official_name_of_a_short_form(text: str, agency: str, aliases: list[str]) -> None:
    m = find_meta(text)
    assert (m.agency, m.aliases) == (agency, aliases)


def test_which_spellings_can_stand_alone() -> None:
    assert is_distinctive("平潭综合实验区管委会") and is_distinctive("洪泽区人民政府")
    assert not is_distinctive("财金局") and not is_distinctive("管委会") and not is_distinctive("市财政局")
