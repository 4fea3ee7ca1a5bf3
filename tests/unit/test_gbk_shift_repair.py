"""GBK frame-shift repair (issue 16): lost bytes are inferred only when the language
model is sure, otherwise marked lost; clean text and generated ``?`` are left alone."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.decoding.decode import decode_bytes
from etl.decoding.gbk_shift import gbk_shift_fixes
from etl.decoding.mojibake import find_fixes
from etl.decoding.shift_span import replay

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from bench_gbk_shift import OWN_SENTENCES, damage, outcome  # noqa: E402

TRADITIONAL = (ROOT / "seeds" / "003_d09a9a5e3ae4f874.txt").read_bytes()


def test_seed_003_is_repaired_three_times_and_each_repair_replays():
    decoded = decode_bytes(TRADITIONAL)
    assert decoded.text.count("上海“模速空間”") == 3
    for repair in decoded.repairs:
        assert replay(repair.before, repair.candidate) == repair.after
        assert replay(repair.before, repair.runner_up) != repair.after or repair.candidate == repair.runner_up


def test_a_sure_fill_records_its_score_and_runner_up():
    text = "黄明说。黄明是主持人。主持人说。?；泼鳎合衷谖倚?布开幕。"
    (fix,) = gbk_shift_fixes(text)
    # the lost character before 黄 is not a Han character (the dump's repairs invented 海, 保)
    assert fix.after[1:].startswith("黄明：现在我") and not "\u4e00" <= fix.after[0] <= "\u9fff"
    assert 0 <= fix.runner_up_score <= fix.score <= 1


@pytest.mark.parametrize("text", [
    "上\ufffd澳間\ufffd", "上?倏臻間?", "上\ufffd倏臻間\ufffd", "上?倏臻間\ufffd", "中\ufffd海\ufffd", "\ufffd?\ufffd",
    "操作。?亮点二?募捐",  # SogouCS re-encoded as GBK: a lost trail byte no byte fits (was ValueError)
])
def test_replacement_characters_next_to_gbk_looking_pairs_do_not_crash(text):
    # issue 17, point 5: TypeError: ord() expected a character (a trail byte below 0x80
    # taken for a lead byte)
    find_fixes(text)


@pytest.mark.parametrize("codec,text", [
    ("cp950", "北京社会消费品零售总额同比增长10%，上海社会消费品零售总额增长8%。\n"),
    ("hz", "北京社會消費品零售總額同比增長10%，上海社會消費品零售總額增長8%。\n"),
])
def test_question_marks_for_unencodable_characters_are_left_alone(codec, text):
    # issue 16: 北京社?消?品零售 (会 and 费 have no code in CP950) became 推妨闶�
    written = (text * 3).encode(codec, "replace").decode(codec)
    assert "?" in written
    assert find_fixes(written) == []


def test_a_real_double_question_mark_stays():
    assert find_fixes("这是真的吗??我不相信。") == []
    assert find_fixes("为什么??") == []


def test_residue_digits_between_marks_are_marked_lost_not_kept():
    decoded = decode_bytes("據？9？安部通報，今年查處案件１２３起。\n".encode("utf-8"))
    assert "9" not in decoded.text and "？\ufffd？安部" in decoded.text
    assert decoded.lossy and "１２３" in decoded.text


HAN_AND_MARKS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质" + "?？\ufffd，。、“”！0123456789abcXYZ <>/\n"


@given(st.text(alphabet=HAN_AND_MARKS, max_size=60))
@settings(max_examples=300, deadline=None)
def test_text_with_no_damage_is_never_changed(text):
    # Damage-free text: no ``?`` that could stand for a lost GBK lead byte followed by
    # what its trail byte and the bytes after it would have made.
    clean = text.replace("?", "").replace("\ufffd", "")
    assert find_fixes(clean) == []


@given(st.text(alphabet=HAN_AND_MARKS, max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_repair_of_any_text_keeps_its_length_accounting(text):
    for fix in find_fixes(text):
        assert 0 <= fix.start < fix.end <= len(text) and fix.after


def test_made_damage_is_never_made_worse_on_own_sentences():
    # A fixed sample of the bench (bench/bench_gbk_shift.py): damage at random lead bytes
    # in sentences the model never saw, read back three ways.
    rng = random.Random(20261202)
    outcomes = []
    for reader in ("python", "fffd", "folded"):
        for _ in range(40):
            original, damaged = damage(OWN_SENTENCES, rng, reader)
            outcomes.append(outcome(original, damaged, folded=reader == "folded"))
    assert outcomes.count("worse") == 0
    assert outcomes.count("exact") + outcomes.count("lost") >= len(outcomes) // 2


@pytest.mark.parametrize("sentence", ["据\ufffd9\ufffd安部通报", "节电8\ufffd％。", "共\ufffd12人"])
def test_a_numeral_touching_a_lost_character_makes_no_fact(sentence):
    from etl.facts.extract import extract_facts  # the one rule issue 16 needs in etl.facts

    assert extract_facts(sentence) == []


def test_utf8_read_as_gbk_is_not_taken_for_a_frame_shift():
    """The related-links box of a news-shaped bench page (news_000105_mixed.html): UTF-8 titles
    read as GBK, with a U+FFFD inside. Shifting one gains over the mojibake as it stands but
    reads back as rare characters (棰濅繚鎸佸钩): no frame-shift repair may make it so."""
    text = '4247.html">娴欐睙杩涘嚭鍙ｆ\ufffd婚\ue582淇濇寔骞崇ǔ</a><span>11'
    assert [f.after for f in gbk_shift_fixes(text) if "棰" in f.after] == []
