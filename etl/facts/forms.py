"""Forms a numeral run can start besides a quantity: dates (2025年4月29日, 去年9月,
2012-04-10), fractions (百分之二十, 三分之一) and colon ratios (3:2).

Each reads the form at a run and returns its fact, or None when the run is no such form.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from etl.facts.context import prefix_qualifier
from etl.facts.dates import AS_OF, RELATIVE_YEARS, SINCE, match_date
from etl.facts.fact import Fact, make_fact
from etl.facts.numerals import NUMERAL_PATTERN, parse_range
from etl.facts.subjects import read_context
from etl.facts.units import post_qualifier

_FRACTION_RE = re.compile(rf"""
    (?P<den>{NUMERAL_PATTERN})    # 三 in 三分之一, 百 in 百分之二十
    分之
    (?P<num>{NUMERAL_PATTERN})
""", re.VERBOSE)
COLON_RE = re.compile(r"(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)(?![\d:.])")  # 3:2 (a score or ratio), 2.6:1, or 9:30 (a time)
# 87:9:4, 3.9:59.5:36.6: a split into three parts or more, no single ratio (clock times with
# seconds are read before this)
COLON_CHAIN_RE = re.compile(r"\d+(?:\.\d+)?(?::\d+(?:\.\d+)?){2,}")
# 2012-04-10, 2012/4/10, 2012.04.10: a date written with numbers only (a product's date of make).
_NUMERIC_DATE_RE = re.compile(r"(19\d\d|20\d\d)([-/.])(1[0-2]|0?[1-9])\2(3[01]|[12]\d|0?[1-9])(?![\d.])")
# 1/2, 3/4: a fraction written with a slash (not 150g/盒, not 2012/4/10).
_SLASH_RE = re.compile(r"(\d{1,3})/(\d{1,3})(?![\d/.])")
_STAMP_RE = re.compile(r"\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?")
# Before a number of days these make it a span of time, not a date: 连续8日.
_DURATION_BEFORE = ("连续", "持续", "历时", "为期", "长达", "超过", "不足", "不到", "至少", "多达", "逾", "近", "满",
                    "少于", "多于")  # 不超过3日, 不得少于15日
_GE_YI_RE = re.compile(r"个亿(?!万)元?")
_PAREN_DAY_RE = re.compile(r"[今昨前]（(3[01]|[12]\d|0?[1-9])）日")
_TWO_DIGIT_YEAR_RE = re.compile(r"年\d{1,2}月")  # 08年10月31日: a year in two digits needs its month


def numeric_date_at(text: str, start: int) -> Fact | None:
    """A date written with numbers only.

    >>> f = numeric_date_at("（150g/盒，2012-04-10）", 8); (f.surface, f.year, f.month, f.day)
    ('2012-04-10', 2012, 4, 10)
    >>> numeric_date_at("2012-13-01", 0) is None
    True
    """
    m = _NUMERIC_DATE_RE.match(text, start)
    if m is None:
        return None
    try:
        day = dt.date(int(m[1]), int(m[3]), int(m[4]))
    except ValueError:
        return None
    return Fact(start, m.end(), m.group(), "date", None, None, None, "exact", None, None,
                day.year, day.month, day.day, day, day, "explicit")


def slash_fraction(text: str, start: int) -> Fact | None:
    """A fraction written with a slash, as a ratio.

    >>> f = slash_fraction("概率是1/2", 3); (f.surface, f.value), slash_fraction("1/0", 0)
    (('1/2', 0.5), None)
    >>> slash_fraction("（02/27）", 1)
    """
    m = _SLASH_RE.match(text, start)
    if m is None or not int(m[2]) or int(m[1]) > int(m[2]):
        return None
    if m[1].startswith("0") or m[2].startswith("0"):
        return None  # 02/27: a month and day
    return make_fact(text, start, m.end(), "ratio", Decimal(m[1]) / Decimal(m[2]), None, None, "exact")


def stamp_end(text: str, start: int) -> int | None:
    """End of a month/day time stamp (02/27 10:17), which is no fact.

    >>> stamp_end("（02/27 10:17）", 1), stamp_end("1/4的人", 0)
    (12, None)
    """
    m = _STAMP_RE.match(text, start)
    return m.end() if m else None


def counts_days(text: str, start: int) -> bool:
    """连续8日, 历时3日: a number of days, not a day of the month.

    >>> counts_days("已连续8日净流入", 3), counts_days("于8日开幕", 1)
    (True, False)
    """
    return text.endswith(_DURATION_BEFORE, max(0, start - 2), start)


def may_be_date(text: str, start: int, run_end: int, after: str) -> bool:
    """False when the run cannot start a date, so that most counts skip the date parse:
    a run before 个 starts one only as 前5个月, a run before 年 only as a 4-digit year.

    >>> may_be_date("有3个项目", 1, 2, "个"), may_be_date("前5个月", 1, 2, "个")
    (False, True)
    >>> may_be_date("近3年", 1, 2, "年"), may_be_date("2024年", 0, 4, "年"), may_be_date("08年10月", 0, 2, "年")
    (False, True, True)
    """
    if after == "个":
        return text.startswith("个月", run_end) and text[start - 1:start] == "前"
    if after == "年":
        return run_end - start == 4 or (run_end - start == 2 and (
            text[start] == "0" or _TWO_DIGIT_YEAR_RE.match(text, run_end) is not None))
    return True


def date_at(text: str, start: int, published: dt.date | None, floor: int) -> Fact | None:
    """A date starting at the run, or just before it (去年9月, 第一季度)."""
    previous = text[start - 1] if start > floor else ""  # never reach into the previous fact
    begin = start - 1 if previous == "前" else start
    if begin - 2 >= floor and text[begin - 2:begin] in RELATIVE_YEARS:
        begin -= 2
    elif previous == "第":
        begin = start - 1
    found = match_date(text, begin, published)
    if found is None and begin != start:
        begin, found = start, match_date(text, start, published)
    if found is None:
        return None
    end, qualifier = found.end, "exact"
    date_start, date_end = found.date_start, found.date_end
    if text.endswith(AS_OF, floor, begin):  # one probe for the common case of none
        word = next(w for w in AS_OF if text.endswith(w, floor, begin))
        begin, qualifier, date_start = begin - len(word), "at_most", None
    elif text.startswith(SINCE, end):
        word = next(w for w in SINCE if text.startswith(w, end))
        end, qualifier, date_end = end + len(word), "at_least", None
    return Fact(begin, end, text[begin:end], "date", None, None, None, qualifier, None, None,
                found.year, found.month, found.day, date_start, date_end, found.method)


def paren_day_at(text: str, start: int, published: dt.date | None) -> Fact | None:
    """今（21）日, 昨（20）日: Taiwan news writes the day of 今日 or 昨日 in brackets.

    >>> f = paren_day_at("新北市今（21）日下午", 5, dt.date(2018, 2, 21)); (f.surface, f.day, f.date_start)
    ('今（21）日', 21, datetime.date(2018, 2, 21))
    """
    m = _PAREN_DAY_RE.match(text, start - 2)
    if m is None:
        return None
    found = match_date(m[1] + "日", 0, published)
    if found is None:
        return None
    return Fact(m.start(), m.end(), m.group(), "date", None, None, None, "exact", None, None,
                found.year, found.month, found.day, found.date_start, found.date_end, found.method)


def hundred_millions_at(text: str, start: int, run_end: int, floor: int) -> Fact | None:
    """一个亿, 两个亿元: a count of 亿 written with 个 (colloquial), a quantity or money.

    >>> f = hundred_millions_at("捐给北大一个亿的资产", 4, 5, 0); (f.surface, f.kind, f.value)
    ('一个亿', 'quantity', 100000000.0)
    """
    m = _GE_YI_RE.match(text, run_end)
    if m is None:
        return None
    try:
        count = parse_range(text[start:run_end])[0]
    except ValueError:
        return None
    begin, qualifier = prefix_qualifier(text, start, floor)
    money = m.group().endswith("元")
    return make_fact(text, begin, m.end(), "money" if money else "quantity", count * 100_000_000, None,
                     "CNY" if money else None, qualifier or "exact")


def fraction_at(text: str, start: int, floor: int) -> Fact | None:
    """百分之二十 (percent), 千分之五 (0.5 %), 三分之一 (ratio)."""
    m = _FRACTION_RE.match(text, start)
    if m is None:
        return None
    try:
        den, num = parse_range(m["den"])[0], parse_range(m["num"])[0]
    except ValueError:
        return None
    if not den:
        return None
    begin, qualifier = prefix_qualifier(text, start, floor)
    end = m.end()
    if post := post_qualifier(text, end):
        end, qualifier = end + len(post[0]), qualifier or post[1]
    if m["den"] in ("百", "千", "万"):
        value = num * 100 / den
        subject, direction = read_context(text, begin, end, floor, False)
        return make_fact(text, begin, end, "percent", value, None, "%", qualifier or "exact", subject, direction)
    return make_fact(text, begin, end, "ratio", num / den, None, None, qualifier or "exact")


def colon_fact(text: str, start: int, m: re.Match[str]) -> Fact | None:
    """3:2 is a ratio; 9:30 is a clock time, not a fact (unless after 比分/以/比)."""
    left, right = Decimal(m[1]), Decimal(m[2])
    scored = text[start - 2:start] == "比分" or text[start - 1:start] in ("以", "比")
    clock = "." not in m[0] and len(m[2]) == 2 and left <= 24  # 9:30; 2.6:1 is no time
    if not right or (clock and not scored):
        return None
    return make_fact(text, start, m.end(), "ratio", left / right, None, None, "exact")
