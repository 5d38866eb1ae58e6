"""``import FOLDER --agency A --year N`` on a folder holding reports of different agencies or years is
refused before the archive is touched, with the list of what differs; identical or unstated is fine."""
from __future__ import annotations

import shutil

import pytest

from tests.cli.conftest import table_counts
from tests.conftest import SAMPLES
from xxgk.workflows.overrides import MixedReports, check_overrides

HZ_2023, HZ_2024 = "hongze_2023.pdf.txt", "hongze_2024.pdf.txt"
SEED_001 = "001_f2d57d5ded702b88.txt"  # states no agency ("我局"), year 2021
SEED_004 = "004_028b26371201af45.txt"  # 盘锦市商务局 2022


def folder_of(tmp_path, *names: str):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


@pytest.mark.parametrize("names, argv, differs", [
    ((HZ_2023, SEED_004), ("--agency", "某某局"),
     f"这些文件所述的机关不同：盘锦市商务局（{SEED_004}）；淮安市洪泽区人民政府（{HZ_2023}）。"
     "不能都用 --agency 某某局 归档"),
    ((HZ_2023, HZ_2024), ("--year", "2023"),
     f"这些文件所述的年度不同：2023（{HZ_2023}）；2024（{HZ_2024}）。不能都用 --year 2023 归档"),
    ((HZ_2023, HZ_2024, SEED_004), ("--agency", "某某局", "--year", "2023"),
     f"这些文件所述的机关不同：盘锦市商务局（{SEED_004}）；淮安市洪泽区人民政府（{HZ_2023}、{HZ_2024}）。"
     f"所述的年度不同：2022（{SEED_004}）；2023（{HZ_2023}）；2024（{HZ_2024}）。"
     "不能都用 --agency 某某局 --year 2023 归档"),
], ids=["agencies", "years", "both"])
def test_mixed_folder_is_refused_and_nothing_is_written(run, db, tmp_path, names, argv, differs):
    assert run("import", SAMPLES / SEED_001)[0] == 0  # an archive that must stay exactly as it is
    before = table_counts(db)
    code, out, err = run("import", folder_of(tmp_path, *names), *argv)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert differs in err and "档案未作改动" in err
    assert table_counts(db) == before


def test_refused_before_an_archive_is_created(run, db, tmp_path):
    code, _, err = run("import", folder_of(tmp_path, HZ_2023, SEED_004), "--agency", "某某局")
    assert code == 2 and "所述的机关不同" in err and not db.exists()


@pytest.mark.parametrize("names, argv", [
    ((HZ_2023, HZ_2024), ("--agency", "洪泽区人民政府")),  # one agency, years not overridden
    ((SEED_001, SEED_004), ("--agency", "盘锦市商务局")),  # 001 states no agency: fine
], ids=["same-agency", "unstated"])
def test_identical_or_unstated_is_filed(run, tmp_path, names, argv):
    code, out, err = run("import", folder_of(tmp_path, *names), *argv)
    assert (code, err) == (0, "")
    assert "新导入 2" in out or "新导入 1、未变 0、新版本 1" in out


def test_prefix_variants_are_one_agency(tmp_path):
    """``洪泽区人民政府`` and ``淮安市洪泽区人民政府`` name one agency (the archive's own rule)."""
    folder = folder_of(tmp_path, HZ_2023)
    short = folder / "short.txt"
    short.write_text("洪泽区人民政府\n" + (SAMPLES / HZ_2024).read_text(encoding="utf-8").split("\n", 3)[3],
                     encoding="utf-8")
    check_overrides(sorted(folder.iterdir()), agency="某某局")  # no MixedReports
    with pytest.raises(MixedReports) as info:
        check_overrides(sorted(folder.iterdir()), year=2023)
    [conflict] = info.value.conflicts
    assert conflict.kind == "year" and set(conflict.groups) == {"2023", "2024"}
