"""``xxgk withdraw ID --reason``: a wrongly filed version leaves the overview, the counts and the checks
(the previous version is current again, cross-year identities recomputed) but stays in the history with
when, why and by whom. Nothing is deleted. On the real 洪泽区 reports of 2023 and 2024."""
from __future__ import annotations

import json
import re

import pytest

from tests.cli.conftest import table_counts
from tests.conftest import SAMPLES

HZ = "淮安市洪泽区人民政府"
HZ_2023, HZ_2024 = SAMPLES / "hongze_2023.pdf.txt", SAMPLES / "hongze_2024.pdf.txt"
REASON = "误将 2023 年的报告归入 2024 年"


@pytest.fixture
def wrongly_filed(run, tmp_path, monkeypatch):
    """#1 = 2023, #2 = 2024, #3 = a copy of the 2023 report filed as 2024 by mistake (version 2)."""
    monkeypatch.setenv("LOGNAME", "审核员甲")  # getpass.getuser() reads it first: "by whom" is the OS user
    assert run("import", HZ_2023, HZ_2024)[0] == 0
    wrong = tmp_path / "洪泽_2023_另存.txt"
    wrong.write_bytes(HZ_2023.read_bytes() + "\n（另存）\n".encode())
    code, out, _ = run("import", wrong, "--year", "2024")
    assert code == 0 and re.search(r"^新版本\s+#3\s+淮安市洪泽区人民政府\s+2024", out, re.M)
    return wrong


def cross_year(run, report_id: int) -> list[tuple[int, int, str]]:
    data = json.loads(run("show", report_id, "--format", "json")[1])
    return sorted({(c["report_id"], c["other_report_id"], c["rule"]) for c in data["cross_year"]})


def test_withdraw_restores_the_previous_version(run, db, wrongly_filed):
    before = table_counts(db)
    assert run("show", HZ, "2024", "--format", "json")[1].count('"id": 3') >= 1
    assert {r for r, _, _ in cross_year(run, 1)} == {3}  # while filed, 2023 is checked against #3

    code, out, err = run("withdraw", "3", "--reason", REASON)
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"已撤回报告 #3（{HZ} 2024 年第 2 版）：不再计入总览、计数和检查，仍保留在历史中。",
                                "现行版本：#2（第 1 版）"]
    # never deleted: every row is still there
    assert table_counts(db)["reports"] == before["reports"] == 3
    # the overview, the counts and the checks are those of #1 and #2 again
    grid = json.loads(run("list", "--format", "json")[1])
    [row] = grid["agencies"]
    assert row["cells"]["2024"]["report_id"] == 2 and row["cells"]["2023"]["report_id"] == 1
    code, out, _ = run("check")
    # typed from the reports: 2023 fails A4.1 (复议总计 0 ≠ 11) and A4.3 (0 ≠ 5); 2024 only warns (AX.1)
    assert code == 1 and out.splitlines()[-1] == "2 份报告中 1 份有不符、1 份只有提示；不符 2 项、提示 1 项"
    failures = json.loads(run("failures", "--status", "fail", "--status", "warn", "--status", "pass",
                              "--format", "json")[1])
    assert {f["report_id"] for f in failures} == {1, 2}
    # cross-year identities recomputed against #2
    assert {(r, o) for r, o, _ in cross_year(run, 1)} == {(2, 1)}
    assert cross_year(run, 3) == []
    assert json.loads(run("compare", HZ, "2023", "2024", "--format", "json")[1])["report_b"]["id"] == 2


def test_the_history_says_when_why_and_by_whom(run, wrongly_filed):
    run("withdraw", "#3", "--reason", REASON)
    code, out, _ = run("versions", HZ, "2024")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    # a table cell is NFKC (full-width punctuation as ASCII), like every table of the CLI and the app
    # times in the office's zone (北京时间), as in the app and the XLSX; JSON keeps the stored UTC
    assert re.search(rf"#3 .* 已撤回\(\d{{4}}-\d\d-\d\d \d\d:\d\d 由 审核员甲 撤回,理由:{REASON}\)$", lines[3])
    assert lines[2].rstrip().endswith("现行") and "#2" in lines[2]
    code, out, _ = run("show", "3")
    assert code == 0 and out.startswith(f"报告 #3：{HZ} 2024 年 · 第 2 版（共 2 版） · 已撤回\n")
    assert re.search(rf"^撤回：  .* 由 审核员甲 撤回，理由：{REASON}$", out, re.M)
    report = json.loads(run("show", "3", "--format", "json")[1])["report"]
    assert (report["withdrawn_reason"], report["withdrawn_by"]) == (REASON, "审核员甲")
    assert report["withdrawn_at"]
    assert run("show", HZ, "2024")[1].startswith(f"报告 #2：{HZ} 2024 年 · 第 1 版（共 2 版） · 现行")


def test_withdraw_refusals_are_one_line_and_change_nothing(run, db, wrongly_filed):
    before = table_counts(db)
    for argv, words in ((("withdraw", "3", "--reason", "  "), "理由"),
                        (("withdraw", "99", "--reason", "x"), "档案中没有报告 #99"),
                        (("--read-only", "withdraw", "3", "--reason", "x"), "--read-only"),
                        (("withdraw", "3"), "缺少参数：--reason")):
        code, out, err = run(*argv)
        assert code == 2 and out == "" and err.count("\n") == 1 and words in err, (argv, err)
    assert table_counts(db) == before
    assert run("withdraw", "3", "--reason", REASON)[0] == 0
    code, _, err = run("withdraw", "3", "--reason", "再撤一次")
    assert code == 2 and err.count("\n") == 1 and "已于" in err and REASON in err


def test_reimporting_a_withdrawn_file_says_so(run, wrongly_filed):
    run("withdraw", "3", "--reason", REASON)
    code, out, _ = run("import", wrongly_filed, "--year", "2024")
    assert code == 0 and re.search(r"^未变\s+#3 .*已撤回；要重新归档：xxgk assign", out, re.M)
    assert json.loads(run("list", "--format", "json")[1])["agencies"][0]["cells"]["2024"]["report_id"] == 2


def test_assign_files_a_withdrawn_report_again(run, wrongly_filed):
    run("withdraw", "3", "--reason", REASON)
    code, out, _ = run("assign", "3", "--agency", HZ, "--year", "2024")
    assert code == 0 and out.startswith("新版本") and "撤回已取消" in out
    assert json.loads(run("list", "--format", "json")[1])["agencies"][0]["cells"]["2024"]["report_id"] == 3


def test_withdrawing_a_report_waiting_for_review(run):
    run("import", SAMPLES / "001_f2d57d5ded702b88.txt")  # names no agency: waits for review
    assert run("list")[1].rstrip().endswith("另有 1 份报告待审核：xxgk review")
    code, out, _ = run("withdraw", "1", "--reason", "不是年度报告")
    assert code == 0 and out.startswith("已撤回报告 #1（")
    assert run("review")[1].strip() == "没有待审核的报告"
    assert "待审核" not in run("list")[1]
    assert run("show", "1")[1].splitlines()[0].endswith("· 已撤回")
