"""domain.similarity.repeated_share: share of the new narrative copied verbatim from the old one."""
from __future__ import annotations

import time

from xxgk.domain.similarity import repeated_share, sentences

OLD = ("2022年，我局认真贯彻落实政府信息公开条例。\n"
       "我局进一步加强组织领导，明确专人负责政府信息公开工作。\n"
       "| 本年新收政府信息公开申请数量 | 3 |\n"
       "短句。\n")


def test_identical_text_is_fully_repeated():
    assert repeated_share(OLD, OLD) == 1.0


def test_unrelated_text_is_not_repeated():
    assert repeated_share(OLD, "今年我们新建了政务服务大厅并开通了网上办事系统。") == 0.0


def test_partial_share_is_character_weighted():
    new = ("2023年，我局认真贯彻落实政府信息公开条例。\n"  # one digit changed: not repeated
           "我局进一步加强组织领导，明确专人负责政府信息公开工作。")  # repeated
    s1 = "2023年,我局认真贯彻落实政府信息公开条例"
    s2 = "我局进一步加强组织领导,明确专人负责政府信息公开工作"
    assert repeated_share(OLD, new) == len(s2) / (len(s1) + len(s2))


def test_whitespace_and_line_breaks_do_not_matter():
    new = "我局进一步加强组织领导， 明确专人负责\n政府信息公开工作"
    # the line break splits it into two sentences, each found in the old text
    assert repeated_share(OLD, new) == 1.0


def test_table_lines_and_short_sentences_are_ignored():
    assert sentences("| 本年新收政府信息公开申请数量 | 3 |\n短句。\n一、总体情况") == []
    assert repeated_share(OLD, "| 本年新收政府信息公开申请数量 | 3 |\n短句。") == 0.0


def test_fast_on_long_texts():
    old = "".join(f"第{i}项工作按照要求认真落实并取得明显成效。" for i in range(1500))
    new = "".join(f"第{i}项工作按照要求认真落实并取得明显成效。" for i in range(750, 2250))
    assert len(old) > 20000 and len(new) > 20000
    start = time.perf_counter()
    share = repeated_share(old, new)
    assert time.perf_counter() - start < 0.5
    assert 0.45 < share < 0.55
