"""The caches and fast paths of the quantity reader give the answers of the plain parse.

``quantities._tail`` is cached on a window of ``_TAIL_REACH`` characters after the
numeral, and on the number only when the window starts with a unit of ``_BY_VALUE``;
``read_one`` reads plain ASCII numerals with ``Decimal`` instead of ``parse_range``.
``_read_one_uncached`` below is the reader as it was before both, on the whole text.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.facts import quantities
from etl.facts.numerals import DIGITS, NUMERAL_RE, parse_numeral, parse_range
from etl.facts.quantities import _BY_VALUE, _MARKS, _SCALES_RE, _mark, _tail, _value_class, read_one

# What follows a numeral: units (longest ones included), 个 多 余 半, post qualifiers and
# the characters that stop them (上下游), scales, punctuation and other text.
_AFTER_PIECES = ["个", "多", "余", "来", "半", "内", "小时", "月", "年", "天", "个百分点", "元人民币", "平方公里",
                 "个工作日", "成", "成六", "折", "块", "块钱", "钱", "多钱", "三毛", "6角三分", "米", "吨", "左右", "上下", "游", "以上", "以内", "万", "亿", "元", "%",
                 "，", "。", "的", "为", "A", "5", "石头"]
_NUMERALS = ["3", "10", "99", "100", "96.8", "120", "0.5", "1,024", "三", "十五", "两百", "两三", "一千零十", "2.5万", "七八十",
             "七五", "4176亿"]

def _read_one_uncached(text: str, pos: int) -> tuple | None:
    """read_one before its tail cache and its plain-numeral fast path: the tail read from
    the whole rest of the text, always with the number's facts."""
    m = NUMERAL_RE.match(text, pos)
    if m is None:
        return None
    numeral, end = m.group(), m.end()
    try:
        low, high = parse_range(numeral)
    except ValueError:
        return None
    qualifier = None
    if text[end:end + 1] in _MARKS and (mark := _mark(text, end)):
        end, qualifier = end + 1, mark[1]
        if scales := _SCALES_RE.match(text[end:end + 2]):
            factor = parse_numeral("一" + scales.group())
            low, high = low * factor, high * factor if high is not None else None
            end += scales.end()
    tail = _tail.__wrapped__(text[end:], numeral[0] in DIGITS, _value_class(low))
    if tail is None:
        return (end, low, high, None, None, None, qualifier, numeral)
    length, add, surface, info, factor, forced, post = tail
    if add is not None:
        low, high = low + add, None
    if factor is not None:
        low, high = low * factor, high * factor if high is not None else None
    return (end + length, low, high, info.unit if info else None, info.kind if info else None, surface,
            forced or qualifier or post, numeral)

# The longest reads are shaped like 个多 + unit + 半 + post qualifier + the character after it.
_shaped = st.tuples(st.sampled_from(["", "个多", "个半", "余"]),
                    st.sampled_from(["个工作日", "个小时", "小时", "个百分点", "元人民币", "成", "块", "个"]),
                    st.sampled_from(["", "半"]), st.sampled_from(["", "左右", "上下", "内"]),
                    st.sampled_from(["", "游", "，"])).map("".join)
_after = st.one_of(_shaped, st.lists(st.sampled_from(_AFTER_PIECES), max_size=8).map("".join))

@settings(max_examples=3000, deadline=None)
@given(_after, st.booleans(), st.integers(0, 3))
def test_tail_reads_no_further_than_its_reach(after: str, cn_digit_first: bool, value_class: int) -> None:
    """read_one passes _tail only _TAIL_REACH characters; the whole rest reads the same."""
    reach = quantities._TAIL_REACH
    assert _tail(after[:reach], cn_digit_first, value_class) == _tail(after, cn_digit_first, value_class)

@settings(max_examples=1000, deadline=None)
@given(_after, st.booleans(), st.integers(0, 3))
def test_tail_needs_the_number_only_for_units_by_value(after: str, cn_digit_first: bool,
                                                       value_class: int) -> None:
    if not after.startswith(_BY_VALUE):
        assert _tail(after) == _tail(after, cn_digit_first, value_class)

@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(_NUMERALS), _after)
def test_read_one_equals_the_uncached_reader(numeral: str, after: str) -> None:
    text = "约" + numeral + after
    q = read_one(text, 1)
    assert (tuple(q) if q else None) == _read_one_uncached(text, 1), text

def test_plain_numerals_read_as_parse_range_reads_them() -> None:
    for numeral in ("3", "96.8", "2024", "0.05", "１２"):  # full-width digits take the general path
        q = read_one(numeral + "元", 0)
        assert (q.low, q.high) == parse_range(numeral)
