"""One rule for showing values and report text; the cases where the CLI, the app and the exports disagreed."""
from __future__ import annotations

import pytest

from xxgk.domain.compare import delta_of
from xxgk.presentation.filenames import export_name, safe_filename
from xxgk.presentation.numbers import (
    blank_text,
    decimals,
    number_text,
    percent_text,
    signed_text,
    tidy,
    value_text,
)
from xxgk.presentation.spreadsheet import csv_field, sheet_title
from xxgk.presentation.status import STATUS_MARK, STATUS_NAME, check_status_text
from xxgk.presentation.text import clip, display_width, one_line, pad, terminal_text, wrap


@pytest.mark.parametrize(("value", "text"), [
    (447228, "447228"), (0, "0"), (-11, "-11"), (96171.65432, "96171.65432"), (0.1 + 0.2, "0.3"),
    (3.0, "3"), (-0.0, "0"), (12.5, "12.5"), (1e16, "10000000000000000"), (0.0000004, "0"), (None, ""),
])
def test_number_text(value, text) -> None:
    assert number_text(value) == text


def test_tidy_removes_float_noise_and_keeps_ints() -> None:
    assert tidy(0.1 + 0.2) == 0.3 and isinstance(tidy(2.0), int) and tidy(7) == 7


@pytest.mark.parametrize(("raw", "text"), [
    ("—", "-"), ("——", "-"), ("-", "-"), ("/", "-"), (" － ", "-"), ("无", "无"), ("無", "无"), ("", ""),
    (None, ""), ("   ", ""), ("见附件", ""),
])
def test_blank_and_dash_are_never_zero(raw, text) -> None:
    assert blank_text(raw) == text
    assert value_text(None, raw) == text


def test_value_text_prefers_the_value() -> None:
    assert value_text(5, "5件") == "5" and value_text(0, "0") == "0"


def test_signs_and_percent() -> None:
    assert [signed_text(v) for v in (5, -3, 0, 0.5, None)] == ["+5", "-3", "0", "+0.5", ""]
    assert percent_text(60.0) == "+60.0%" and percent_text(-12.34) == "-12.3%" and percent_text(None) == ""
    # the change in percent has one rule, the comparison's (presentation.percent_change was a second copy)
    assert delta_of(10, 16) == (6, 60.0) and delta_of(0, 5) == (5, None) and delta_of(None, 1) == (None, None)


def test_decimals_follow_the_text() -> None:
    assert [decimals(v) for v in (3, 2.5, 96171.65432, None)] == [0, 1, 5, 0]


def test_status_vocabulary_is_one() -> None:
    assert STATUS_MARK == {"fail": "!", "warn": "~", "incomplete": "?", "pass": ""}
    assert STATUS_NAME["warn"] == "提示" and STATUS_NAME["incomplete"] == "不完整"
    assert check_status_text("fail", strict=False) == "不符（SOFT）" and check_status_text("fail", True) == "不符"


@pytest.mark.parametrize("hostile", ["\x1b[2J", "\x1b]52;c;aGk=\x07", "\x9b31m", "\u202e", "\x00", "\x7f"])
def test_terminal_text_removes_control_and_escape_sequences(hostile) -> None:
    out = terminal_text(f"淮安{hostile}市")
    assert out.startswith("淮安") and out.endswith("市")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F or ch == "\u202e" for ch in out)


def test_terminal_text_replaces_ambiguous_width_punctuation() -> None:
    assert terminal_text("危及“三安全一稳定”…—") == '危及"三安全一稳定"...-'
    assert terminal_text("收入[/]") == "收入[/]"  # text, not markup: left exactly as it is
    assert one_line("a\n b\tc") == "a b c"


def test_width_clip_pad_wrap() -> None:
    assert display_width("行政复议") == 8 and display_width("ab") == 2
    assert clip("行政复议总计", 7) == "行政.." and display_width(clip("行政复议总计", 7)) <= 7
    assert pad("复议", 6, "right") == "  复议"
    assert wrap("一二三四五", 4) == ["一二", "三四", "五"]


def test_file_and_sheet_names() -> None:
    assert safe_filename("../a/b:c") == "_a_b_c" or "/" not in safe_filename("../a/b:c")
    assert export_name("淮安市/洪泽区", 2023, 2024) == "淮安市_洪泽区_2023-2024_对比.xlsx"
    assert sheet_title("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"


@pytest.mark.parametrize(("value", "field"), [
    ("=1+2.txt", "'=1+2.txt"), ("+cmd", "'+cmd"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("收入", "收入"), (None, ""),
])
def test_csv_field_defuses_formulas(value, field) -> None:
    assert csv_field(value) == field


def test_percent_zero_has_one_sign_and_csv_number_one_decimal() -> None:
    from xxgk.presentation.numbers import percent_number_text

    assert percent_text(-0.0) == "+0.0%" == percent_text(0.0)  # as the XLSX's +0.0"%";-0.0"%" shows 0
    assert [percent_number_text(p) for p in (60.0, 60, -12.34, -0.0, None)] == ["60.0", "60.0", "-12.3", "0.0", ""]


def test_import_times_are_the_office_s_local_time(monkeypatch) -> None:
    from xxgk.presentation import times

    monkeypatch.delenv("XXGK_TZ", raising=False)
    # a Beijing import at 07:30 is stored as the day before in UTC; it shows as the day it happened
    assert times.local_time_text("2024-02-29T23:30:00+00:00") == "2024-03-01 07:30"
    assert times.local_time_text("2024-02-29T23:30:00") == "2024-03-01 07:30"  # no offset: UTC
    assert times.zone_label() == "北京时间"
    monkeypatch.setenv("XXGK_TZ", "UTC")
    assert times.local_time_text("2024-02-29T23:30:00+00:00", seconds=True) == "2024-02-29 23:30:00"
    assert times.zone_label() == "UTC"
    monkeypatch.setenv("XXGK_TZ", "Asia/Urumqi")
    assert times.local_time_text("2024-02-29T23:30:00+00:00") == "2024-03-01 05:30"
    monkeypatch.setenv("XXGK_TZ", "Not/AZone")  # unknown: the default zone
    assert times.office_zone_name() == "Asia/Shanghai" and times.zone_label() == "北京时间"
    assert times.local_time_text("not a time") == "not a time" and times.local_time_text(None) == ""
