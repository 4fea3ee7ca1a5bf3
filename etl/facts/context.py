"""What the text right before a number adds to it: a qualifier word (近, 超过), a sign
(零下, -), a currency symbol (￥) or the 第 of an ordinal.
"""
from __future__ import annotations

from functools import lru_cache

from etl.facts.cache_size import PHRASE_CACHE_ENTRIES
from etl.facts.units import currency_before, currency_symbols, pre_qualifier, qualifiers

MINUS = ("-", "−")
_GAP_BEFORE_NUMBER = "有达为是需"
# 负 is a sign at a clause start or after these (增速为负3.9%), not in 3胜2负 or 减负180亿元.
_SIGN_AFTER = frozenset("为是至到达及和或由从约近，、：（ ")  # 大概有两百多家: the qualifier still applies
# How far back left_of reads: 零下, a currency symbol, a gap (有) and a qualifier word.
LEFT_REACH = 3 + max(map(len, currency_symbols())) + max(map(len, qualifiers()["pre"]))


def prefix_qualifier(text: str, start: int, floor: int) -> tuple[int, str | None]:
    """Qualifier word before the number: adjacent ones join the span (近6000亿元), ones
    separated by 有/达 (大概有两百多家) only lend their meaning."""
    found = pre_qualifier(text, start, floor)
    if found and found[1] == "exact":
        return start, None
    if found:
        return start - len(found[0]), found[1]
    if start > floor and text[start - 1] in _GAP_BEFORE_NUMBER:
        found = pre_qualifier(text, start - 1, floor)
        if found:
            return start, found[1]
    return start, None


@lru_cache(maxsize=PHRASE_CACHE_ENTRIES)
def left_of(before: str, bare: bool, dash: bool) -> tuple[int, bool, str | None, str | None, bool]:
    """What the text ``before`` a quantity adds to it: how far its span reaches back, its
    sign, a currency symbol or word (￥, 港币: what a bare number or 元 is), a qualifier and
    whether it is an ordinal. ``bare`` (a number without unit) is part of the cache key only. ``dash`` tells a minus sign from the hyphen of GPT-4. Cached: these few
    characters repeat across news far more than the numbers do.

    >>> left_of("规模近", False, False), left_of("，零下", False, False), left_of("排名第", False, False)
    ((1, False, None, 'approx', False), (2, True, None, None, False), (1, False, None, None, True))
    >>> left_of("增速为负", False, False)[:2], left_of("减负", False, False)[:2]
    ((1, True), (0, False))
    >>> left_of("总额￥", True, False)
    (1, False, 'CNY', None, False)
    """
    start = begin = len(before)
    previous = before[-1:]
    ordinal, negative, currency, pre = previous == "第", False, None, None
    if ordinal:
        begin = start - 1
    elif before.endswith("零下") or (previous in MINUS and not dash) or (
            previous == "负" and (len(before) < 2 or before[-2] in _SIGN_AFTER)):
        begin, negative = start - (2 if before.endswith("零下") else 1), True
    if symbol := currency_before(before, begin, 0):
        currency = symbol[1]  # ￥28,694 (the sign joins the span), 港币两千九百六十元 (the word does not)
        if not "\u4e00" <= symbol[0][0] <= "\u9fff":
            begin -= len(symbol[0])
    if not ordinal:
        begin, pre = prefix_qualifier(before, begin, 0)
    return start - begin, negative, currency, pre, ordinal
