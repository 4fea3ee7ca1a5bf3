"""Numeral parsing: examples, and property tests with cn2an as an oracle (tests only)."""
from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facts.extract import extract_facts
from etl.facts.numerals import NUMERAL_RE, PLAIN_NUMERAL_RE, parse_arabic, parse_numeral, parse_range

CN_DIGITS = "〇一二三四五六七八九"


@pytest.mark.parametrize(("text", "value"), [
    ("8,652.3", "8652.3"), ("96.8", "96.8"), ("1,024", "1024"), ("0", "0"),
    ("3.2万亿", "3200000000000"), ("1.28万", "12800"), ("3万4000", "34000"), ("5千万", "50000000"),
    ("一万二", "12000"), ("两万五", "25000"), ("一千二", "1200"), ("二十六点八", "26.8"),
    ("一千零十", "1010"), ("一亿零一", "100000001"), ("十", "10"), ("十万", "100000"),
    ("零点零五", "0.05"), ("百分", None), ("二〇二四", "2024"), ("壹万贰仟", "12000"),
    ("伍拾万", "500000"), ("十四亿一千万", "1410000000"), ("万亿", "1000000000000"),
    ("一万二千三百四十五亿六千七百八十九万零一百二十三", "1234567890123"),
])
def test_parse_numeral_examples(text: str, value: str | None) -> None:
    if value is None:
        with pytest.raises(ValueError):
            parse_numeral(text)
    else:
        assert parse_numeral(text) == Decimal(value)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("两三百", 200, 300), ("二三十", 20, 30), ("三四十万", 300000, 400000), ("十二三", 12, 13),
    ("七八千", 7000, 8000), ("一两", 1, 2), ("二十七八", 27, 28), ("二十三", 23, None),
])
def test_adjacent_digits_are_ranges(text: str, low: int, high: int | None) -> None:
    assert parse_range(text) == (Decimal(low), None if high is None else Decimal(high))


def test_no_float_drift() -> None:
    assert float(parse_numeral("1.57")) == 1.57
    assert float(parse_numeral("3.2万亿")) == 3.2e12
    assert parse_numeral("0.1") + parse_numeral("0.2") == Decimal("0.3")


def test_malformed_arabic_is_rejected() -> None:
    for bad in ("1,02", "1,0000", ",100", "1.2.3"):
        with pytest.raises(ValueError):
            parse_arabic(bad)


def test_numeral_stops_before_units_that_start_with_a_scale() -> None:
    assert NUMERAL_RE.match("5千米").group() == "5"
    assert NUMERAL_RE.match("500千克").group() == "500"
    assert NUMERAL_RE.match("三千万元").group() == "三千万"


def _digit_string(n: int) -> str:
    """Our own rendering: digit by digit, as years are written (二〇二四)."""
    return "".join(CN_DIGITS[int(d)] for d in str(n))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_cn2an_renderings_parse_back(n: int) -> None:
    assert parse_numeral(cn2an.an2cn(n)) == n
    assert parse_numeral(cn2an.an2cn(n, "up")) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=10, max_value=10**12))
def test_digit_strings_parse_back(n: int) -> None:
    assert parse_numeral(_digit_string(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=999))
def test_arabic_with_separators_parses_exactly(n: int, frac: int) -> None:
    assert parse_arabic(f"{n:,}") == n
    assert parse_arabic(f"{n:,}.{frac:03d}") == Decimal(f"{n}.{frac:03d}")
    assert parse_arabic(str(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1000, max_value=9999))
def test_mixed_wan_renderings(wan: int, rest: int) -> None:
    assert parse_numeral(f"{wan}万{rest}") == wan * 10_000 + rest
    assert parse_numeral(f"{wan}万") == wan * 10_000


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2))
def test_decimal_times_scale_is_exact(d: Decimal) -> None:
    assert parse_numeral(f"{d}万") == d * 10_000
    assert parse_numeral(f"{d}亿") == d * 10**8
    assert parse_numeral(f"{d}万亿") == d * 10**12
    assert float(parse_numeral(f"{d}亿")) == float(d * 10**8)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=99999), st.integers(min_value=1, max_value=9))
def test_chinese_decimals_parse_back(whole: int, tenth: int) -> None:
    text = cn2an.an2cn(f"{whole}.{tenth}")
    assert parse_numeral(text) == Decimal(f"{whole}.{tenth}")


_ALPHABET = st.sampled_from(
    list("0123456789,.:%-—~〇零一二两三四五六七八九十百千万亿壹贰叁点分之第余多来近约超逾年月日号季度前底初个"
         "元块美港欧日英镑家款类项件人次名户座辆台起剂批公里米平方立吨斤克摄氏℃TBGbkmA ，。；：（）“”、")
    + ["百分之", "个百分点", "万亿元", "截至", "去年", "今年", "零下", "左右", "以上", "十四五", "一体化", "之一"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join), st.sampled_from([None, "2024-06-15"]))
def test_extractor_never_raises_and_spans_are_consistent(text: str, published: str | None) -> None:
    import datetime as dt
    facts = extract_facts(text, published_date=dt.date.fromisoformat(published) if published else None)
    previous_end = 0
    for fact in facts:
        assert 0 <= fact.char_start < fact.char_end <= len(text)
        assert fact.surface == text[fact.char_start:fact.char_end]
        assert fact.char_start >= previous_end
        previous_end = fact.char_end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_extractor_never_raises_on_any_text(text: str) -> None:
    for fact in extract_facts(text):
        assert fact.surface == text[fact.char_start:fact.char_end]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789.,点千米万亿元%一二十百零", max_size=12))
def test_plain_numeral_re_agrees_with_numeral_re(text: str) -> None:
    plain = PLAIN_NUMERAL_RE.match(text)
    if plain:
        full = NUMERAL_RE.match(text)
        assert full is not None and full.group() == plain.group()


@pytest.mark.parametrize("text", ["8,652.3", "96.8", "2024", "1.28万", "3.2万亿", "1477万", "0万", "两三百",
                                  "十二三"])
def test_parse_range_fast_paths_agree_with_parse_numeral(text: str) -> None:
    low, high = parse_range(text)
    if high is None:
        assert low == parse_numeral(text)


def test_decimal_point_after_a_big_scale():
    # Found by test_chinese_decimals_parse_back (hypothesis) in CI: 一万点一 raised.
    assert parse_numeral("一万点一") == Decimal("10000.1")
    assert parse_numeral("一亿点五") == Decimal("100000000.5")
