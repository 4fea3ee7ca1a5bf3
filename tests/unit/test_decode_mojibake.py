"""Mojibake repairs: UTF-8 read as GBK/Big5/Latin-1, GBK frame shift; clean text untouched."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from etl.decoding.decode import decode_bytes
from etl.decoding.gbk_shift import gbk_shift_fixes
from etl.decoding.mojibake import find_fixes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
from make_fixtures import good_fixtures  # noqa: E402

SIMPLIFIED = (ROOT / "seeds" / "000_628889c2a6d9b173.txt").read_text(encoding="utf-8")
TRADITIONAL = (ROOT / "seeds" / "003_d09a9a5e3ae4f874.txt").read_text(encoding="utf-8")


def _misread(text: str, codec: str) -> str:
    """What a reader using ``codec`` makes of ``text``'s UTF-8 bytes."""
    return text.encode("utf-8").decode(codec)


def test_utf8_read_as_gbk_is_repaired():
    garbled = _misread("上海市场监管", "gb18030")
    decoded = decode_bytes(f"地点:{garbled}。\n".encode("utf-8"))
    assert "上海市场监管" in decoded.text
    assert [(r.before, r.method) for r in decoded.repairs] == [(garbled, "utf8-as-gbk")]


def test_utf8_read_as_big5_is_repaired():
    garbled = _misread("上海", "big5hkscs")
    decoded = decode_bytes(f"城市: {garbled} 发展\n".encode("utf-8"))
    assert "城市: 上海 发展" in decoded.text
    assert decoded.repairs[0].method == "utf8-as-big5"


def test_kun_jin_kao_becomes_replacement_characters():
    decoded = decode_bytes(("标题锟斤拷锟斤拷\n" + SIMPLIFIED[:300]).encode("utf-8"))
    repairs = [r for r in decoded.repairs if r.before == "锟斤拷锟斤拷"]
    assert repairs and repairs[0].after == "\ufffd" * 4


def test_utf8_read_as_cp1252_is_repaired_by_ftfy():
    garbled = "上海人工智能产业".encode("utf-8").decode("sloppy-windows-1252")
    decoded = decode_bytes(f"News: {garbled}\n".encode("utf-8"))
    assert "上海人工智能产业" in decoded.text
    assert decoded.repairs[0].method == "ftfy"


def test_repair_offsets_point_at_the_garbled_bytes():
    garbled = _misread("上海", "gb18030")
    data = f"地点:{garbled} ok".encode("utf-8")
    decoded = decode_bytes(data)
    repair = decoded.repairs[0]
    assert data[repair.raw_byte_start:repair.raw_byte_end].decode("utf-8") == garbled
    start, end = decoded.byte_offsets[repair.char_start], decoded.byte_offsets[repair.char_end]
    assert (start, end) == (repair.raw_byte_start, repair.raw_byte_end)


def test_gbk_shift_rebuilds_the_lost_lead_byte_from_context():
    text = "上海是城市。上海市很大，在上海工作。這是上?!澳K倏臻g”社區。"
    (fix,) = gbk_shift_fixes(text)
    assert text[:fix.start] + fix.after + text[fix.end:] == "上海是城市。上海市很大，在上海工作。這是上海“模速空間”社區。"
    assert (fix.candidate, fix.runner_up) == ("海", "。") and fix.score > 0.99 > fix.runner_up_score


def test_gbk_shift_leaves_a_real_question_mark():
    assert gbk_shift_fixes("你知道嗎?他說:“明天見。”") == []


@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL.replace("?", "")], ids=["000", "003-without-mojibake"])
def test_clean_seed_texts_get_no_fixes(text):
    assert find_fixes(text) == []


def test_clean_fixtures_get_no_repairs():
    for fixture in good_fixtures():
        assert find_fixes(fixture.text) == [], fixture.name


def test_clean_text_with_latin_and_quotes_is_untouched():
    text = "“Café” 和 naïve 是外来词……《新闻》—— résumé 50% ±2°C"
    assert find_fixes(text) == []
