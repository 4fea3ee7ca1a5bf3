"""What a number with no unit is: a year (2032就会), a named event (2024全球开发者先锋大会),
a count of major things (三大先导产业), an ordinal congress (二十大), a plain quantity, or
nothing (a list marker that lost its mark, a code)."""
from __future__ import annotations

import re

from etl.facts.identifiers import event_code, opens_clause
from etl.facts.numerals import DIGITS
from etl.facts.quantities import Quantity
from etl.facts.units import words

_HAN_RE = re.compile("[\u4e00-\u9fff]")
# 日 ends a name (世界环境日) but not after a numeral (第四日, 15日: a day of the event).
_EVENT_SUFFIX = "|".join(w if w != "日" else f"(?<![第十百{''.join(DIGITS)}0-9])日"
                         for w in sorted(words()["event"], key=len, reverse=True))
# The rest of a name that starts with a year: 2024 + 全球开发者先锋大会, 2011 + “芯世界”公益创新奖.
_NAME_END_RE = re.compile(rf"""
    (?:[“＂][^，。；：“”＂《》\s]{{1,12}}[”＂])?  # a quoted part right after the year
    [^，。；：、！？（）“”‘’《》,;:!?()"＂\s]*?   # within the clause, as little as possible
    (?:{_EVENT_SUFFIX})                     # up to the first 大会, 论坛, 节, 奖 ...
""", re.VERBOSE)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_YEAR_LIST_RE = re.compile(r"(?:、(?:19|20)\d\d)+年")
_ORDINAL_HIGH = 10  # 三大产业 counts three; 二十大 is the 20th congress
_NAME_AFTER = tuple(words()["name_after"])
_NOT_AFTER_DA = frozenset("于力幅")  # 3大于2, 1大力发展: 大 starts another word
# 5.12灾后重建, 7－21暴雨: a month and day written as one number name an event.
_MONTH_DAY_RE = re.compile(r"(?:1[0-2]|[1-9])[.．·－\-](?:3[01]|[12]\d|0?[1-9])")
_HEADING_MAX = 8  # 方案1, 骗局之3: a short heading that ends in its number


def bare_kind(text: str, start: int, q: Quantity, arabic: bool) -> tuple[str | None, int]:
    """Kind of a number with no unit: a named event (2024全球开发者先锋大会), a count of
    major things (三大先导产业), an ordinal congress (二十大) or a plain quantity; none
    for a list marker that lost its mark (1设置一批: a clause opens with a bare digit)."""
    end = q.end
    if arabic and not q.qualifier and (label := _label_end(text, start, end)) is not None:
        return None, label
    if arabic:
        if not q.qualifier and text[end:end + 1] in "“＂" and _YEAR_RE.fullmatch(q.numeral) and (
                named := _NAME_END_RE.match(text, end)):
            return "name", named.end()  # 2011“芯世界”公益创新奖
        if _YEAR_RE.fullmatch(q.numeral) and start and _HAN_RE.match(text, start - 1) and _in_quote(text, start):
            return None, end  # “温暖2012——彩虹城市公益计划”: a year inside a quoted name
        if not q.qualifier and _HAN_RE.match(text, end):
            if len(q.numeral) <= 2 and q.numeral.isdigit() and q.high is None and opens_clause(text, start):
                return None, end
            if text[end] == "大" and q.high is None and text[end + 1:end + 2] not in _NOT_AFTER_DA:
                return ("ordinal" if q.low > _ORDINAL_HIGH else "quantity"), end + 1  # 3大方面, 18大
            if _YEAR_RE.fullmatch(q.numeral):
                named = _NAME_END_RE.match(text, end)
                return ("name", named.end()) if named else ("date", end)  # 2024全球开发者先锋大会; 2032就会
            if text.startswith(_NAME_AFTER, end):
                return None, end  # 21世纪经济报道
            if event_code(q.numeral):
                return None, end  # 315晚会, 1031房屋交换: a date that names an event
        elif text[end:end + 1] in "，," and _YEAR_RE.fullmatch(q.numeral) and opens_clause(text, start):
            return "date", end  # 2004，除了记住…: a year opening the clause
        elif text[end:end + 1] == "、" and _YEAR_RE.fullmatch(q.numeral) and _YEAR_LIST_RE.match(text, end):
            return "date", end  # 2015、2018、2019年: the last year's 年 serves the whole list
        if len(q.numeral) >= 5 and q.numeral.isdigit() and q.high is None:
            return None, end  # 600036, 渔政35001, 100871: codes, not counts
        return "quantity", end
    if text[end:end + 1] == "大" and q.high is None:
        return ("ordinal" if q.low > _ORDINAL_HIGH else "quantity"), end + 1
    if q.low >= 100 and q.numeral[0] in DIGITS:  # 一千零十, not 十, 千万 or 三
        return "quantity", end
    return None, end


def _in_quote(text: str, at: int) -> bool:
    """A quote opens before ``at`` and is not closed yet (“…, or an odd number of ＂).

    >>> _in_quote("发起的＂温暖2012——彩虹城市", 6), _in_quote("“你好”温暖2012", 6)
    (True, False)
    """
    return text.rfind("“", 0, at) > text.rfind("”", 0, at) or text.count("＂", 0, at) % 2 == 1


def _label_end(text: str, start: int, end: int) -> int | None:
    """End of a number that labels rather than counts, or None: a month-day naming an event
    before Han text (5.12灾后重建, 7－21暴雨), a grade before ＃ (93＃汽油), a number after 之
    (骗局之3) or closing a short heading (方案1).

    >>> _label_end("5.12灾后重建", 0, 4), _label_end("93＃汽油", 0, 2), _label_end("骗局之3", 3, 4)
    (4, 3, 4)
    >>> _label_end("方案1", 2, 3), _label_end("增长3", 2, 3), _label_end("三分之1", 3, 4)
    (3, None, None)
    """
    if _HAN_RE.match(text, end) and _MONTH_DAY_RE.fullmatch(text, start, end):
        return end
    if text[end:end + 1] in ("#", "＃"):
        return end + 1
    if text[start - 1:start] == "之" and text[start - 2:start - 1] != "分":
        return end
    if end == len(text) and len(text) <= _HEADING_MAX and text[start - 1:start] in tuple("案例图表题篇组"):
        return end
    return None
