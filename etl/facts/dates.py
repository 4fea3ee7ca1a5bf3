"""Dates in news text: 2025年4月29日, 3月22日至24日, 1—9月, 2024年底, 第一季度, and
relative ones: 昨日, 今晨, 本周, 上月, 去年.

``match_date`` parses one date expression at a position (``etl.facts.relative_dates``
reads one relative word). What the text leaves out (the year of 3月5日, the month of 12日, the day
of 昨日) comes from the article's publication date, never from the clock; without one
the date stays unresolved (no date_start or date_end). Each resolved date says how
(``method``):

- ``explicit``: the year is written (2025年4月29日);
- ``relative_year``: 今年3月, 去年底;
- ``publication_year``: 3月5日 takes the publication year (the year before when that
  would put it more than half a year after publication);
- ``sentence_year`` (set by ``etl.facts.extract``): a month-day without a year after a date
  of the same sentence whose year is written takes that year (去年3月20日开始，到5月7日结束);
- ``dateline``: 新华社巴黎12月9日电 — the latest such day on or before publication;
- ``publication_month``: 12日 takes the publication month, or the month before when the
  day would be more than a week after publication;
- ``relative``: 昨日, 今天, 今晨, 前天, 本周, 上月, 去年 ... counted from publication.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from etl import data
from etl.facts.numerals import CN_DIGIT_CHARS, parse_numeral

RELATIVE_YEARS = {word: int(offset) for word, offset in (
    line.split("\t") for line in data.path("date_relative_years.tsv").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#"))}
AS_OF = ("截至", "截止到", "截止至", "截止")
SINCE = ("以来", "以后", "起")

_Y = rf"(?:1[89]\d\d|20\d\d|[{CN_DIGIT_CHARS}]{{4}}|\d\d(?=年\d{{1,2}}月)|0\d(?=年))"  # 08年10月, 09年: a year in two digits
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_R = r"[至到—–\-~～]"
_Q = r"[一二三四1-4]"

DATE_RE = re.compile(rf"""
    (?: (?P<y>{_Y})(?:{_R}(?P<y2>{_Y}))?年           # 2023年, 2020—2023年
      | (?P<rel>{"|".join(RELATIVE_YEARS)}) )?
    (?: (?P<period>上半年|下半年|前[一二三1-3]季度|第?{_Q}(?:{_R}{_Q})?季度(?:末|底)?
                  |前(?:1[01]|[1-9]|十一|[一二三四五六七八九十])个月        # 前5个月
                  |年?(?:底|末|初(?![步次期心级中见衷]))) # 年底, 年末, 年初; 2011年年底
      | (?P<m>{_M})(?:{_R}(?P<m2>{_M}))?月份?
        (?: (?P<d>{_D})(?:{_R}(?P<d2>{_D}))?[日号]
          | (?P<part>上旬|中旬|下旬|初|底|末) )?
      | (?P<d0>{_D})(?:{_R}(?P<d02>{_D}))?日 )?                # 24日 (not 3号线)
""", re.VERBOSE)

# A second date after a range word: 至24日, 至2025年3月.
# 7月1日起到明年6月30日: 起 may come before the range word, a year word after it.
TAIL_RE = re.compile(rf"""
    起?{_R} (?:(?P<y>{_Y})年 | (?P<rel>{"|".join(w for w in RELATIVE_YEARS if w != "当年")}))?
    (?:(?P<m>{_M})月份?)? (?:(?P<d>{_D})[日号])?   # 1月至2月份: 份 closes the range
""", re.VERBOSE)

_PERIOD_MONTHS = {"上半年": (1, 6), "下半年": (7, 12), "底": (12, 12), "末": (12, 12), "初": (1, 1),
                  "年底": (12, 12), "年末": (12, 12), "年初": (1, 1)}
_PART_DAYS = {"上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "初": (1, 10), "底": (21, 31), "末": (21, 31)}


class DateMatch(NamedTuple):
    end: int
    year: int | None
    month: int | None
    day: int | None
    date_start: dt.date | None
    date_end: dt.date | None
    method: str | None = None  # how it was resolved (module docstring); None: unresolved


_new_match = tuple.__new__  # DateMatch(...) without the generated __new__'s Python frame
_HALF_YEAR = dt.timedelta(days=183)
_WEEK = dt.timedelta(days=7)
_DATELINE_AFTER = ("电", "讯")  # 新华社巴黎12月9日电, 千龙网北京7月26日讯


@lru_cache(maxsize=4096)
def _num(text: str | None) -> int | None:
    """A date part as int.

    >>> _num("二〇二四"), _num("十二"), _num(None)
    (2024, 12, None)
    """
    return None if text is None else int(parse_numeral(text))


@lru_cache(maxsize=4096)
def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _infer_year(month: int, day: int | None, published: dt.date | None) -> int | None:
    """Year of a month-day given without one: the publication year, or the one
    before when that would put the date more than half a year after publication.

    >>> _infer_year(12, 28, dt.date(2025, 1, 5)), _infer_year(3, 23, dt.date(2025, 4, 1))
    (2024, 2025)
    >>> _infer_year(3, 1, None) is None
    True
    """
    if published is None:
        return None
    guess = dt.date(published.year, month, min(day or 1, _last_day(published.year, month)))
    return published.year - 1 if guess > published + _HALF_YEAR else published.year


def _dateline_year(month: int, day: int, published: dt.date) -> int:
    """A dateline's year: its day falls on or before publication.

    >>> _dateline_year(12, 9, dt.date(2013, 1, 3)), _dateline_year(12, 9, dt.date(2012, 12, 10))
    (2012, 2012)
    """
    this_year = dt.date(published.year, month, min(day, _last_day(published.year, month)))
    return published.year - 1 if this_year > published else published.year


def _day_in_month(day: int, published: dt.date) -> dt.date | None:
    """A day of the month alone (12日): in the publication month, or the month before
    when that would put it more than a week after publication; None if no such day.

    >>> _day_in_month(12, dt.date(2012, 7, 26)), _day_in_month(28, dt.date(2012, 7, 3))
    (datetime.date(2012, 7, 12), datetime.date(2012, 6, 28))
    >>> _day_in_month(31, dt.date(2025, 3, 2)) is None  # February has no 31st
    True
    """
    year, month = published.year, published.month
    if day > published.day + _WEEK.days:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return dt.date(year, month, day) if day <= _last_day(year, month) else None


@lru_cache(maxsize=256)
def _period_months(period: str) -> tuple[int, int]:
    """First and last month of a named period.

    >>> _period_months("第一季度"), _period_months("前三季度"), _period_months("二至三季度"), _period_months("前5个月")
    ((1, 3), (1, 9), (4, 9), (1, 5))
    >>> _period_months("一季度末")
    (3, 3)
    """
    if period in _PERIOD_MONTHS:
        return _PERIOD_MONTHS[period]
    if period.endswith("个月"):
        return 1, int(parse_numeral(period[1:-2]))
    quarters = [int(parse_numeral(c)) for c in period if c in "一二三四1234"]
    first = 1 if period.startswith("前") else quarters[0] * 3 - 2
    if period[-1] in "末底":
        first = quarters[-1] * 3  # 一季度末: the quarter's last month
    return first, quarters[-1] * 3


def match_date(text: str, pos: int, published: dt.date | None = None) -> DateMatch | None:
    """The date expression starting at ``pos``, resolved; None when there is none.

    >>> match_date("2025年4月29日，", 0)[:4]
    (10, 2025, 4, 29)
    >>> match_date("3月22日至24日，", 0, dt.date(2024, 3, 25))[1:]
    (2024, 3, 22, datetime.date(2024, 3, 22), datetime.date(2024, 3, 24), 'publication_year')
    >>> match_date("12日至14日", 0, dt.date(2012, 7, 26))[4:]
    (datetime.date(2012, 7, 12), datetime.date(2012, 7, 14), 'publication_month')
    >>> match_date("12日", 0) is not None and match_date("12日", 0).date_start is None  # no publication date
    True
    """
    m = DATE_RE.match(text, pos)
    if m is None:
        return None
    g = m.groupdict()  # one call instead of a lookup by name per group
    if not (g["period"] or g["m"] or g["d0"] or g["y"]):
        return None
    if g["period"] in _PERIOD_MONTHS and g["period"][-1] in "底末初" and not (g["y"] or g["rel"]):
        return None
    try:
        return _resolve(text, g, m.end(), published)
    except ValueError:  # 2月30日 and the like
        return None


def _full_year(year: int | None, published: dt.date | None) -> int | None:
    """A year written in two digits in its century: the latest not after publication + 1.

    >>> _full_year(8, None), _full_year(98, dt.date(2005, 1, 1)), _full_year(2012, None)
    (2008, 1998, 2012)
    """
    if year is None or year >= 100:
        return year
    pivot = (published.year % 100) + 1 if published else 30
    return (2000 if year <= pivot else 1900) + year


def _resolve(text: str, g: dict[str, str | None], end: int,
             published: dt.date | None) -> DateMatch | None:
    year = _full_year(_num(g["y"]), published)
    method = "explicit" if year else None
    if g["rel"]:
        year = published.year + RELATIVE_YEARS[g["rel"]] if published else None
        method = "relative_year"
    month, day = _num(g["m"]), _num(g["d"] or g["d0"])
    if year is None and not g["rel"] and (month or g["period"]):
        if day and month and published and text.startswith(_DATELINE_AFTER, end):
            year, method = _dateline_year(month, day, published), "dateline"
        else:
            year = _infer_year(month or _period_months(g["period"])[0], day, published)
            method = "publication_year"
    if day and not month and not year:
        on = _day_in_month(day, published) if published else None
        last, stop = _num(g["d02"]) or day, end
        tail = TAIL_RE.match(text, end)
        if tail and tail["d"] and not (tail["y"] or tail["m"] or tail["rel"]):  # 12日至14日
            last, stop = _num(tail["d"]), tail.end()
        if on is None or last < day or last > _last_day(on.year, on.month):
            return _new_match(DateMatch, (end, None, None, day, None, None, None))
        return _new_match(DateMatch, (stop, on.year, on.month, day, on, on.replace(day=last), "publication_month"))
    end_year, end_month = _num(g["y2"]) or year, _num(g["m2"]) or month
    end_day = _num(g["d2"] or g["d02"]) or day
    first_month = last_month = month
    first_day = last_day = day
    if g["period"]:
        first_month, last_month = _period_months(g["period"])
    elif g["part"]:
        first_day, last_day = _PART_DAYS[g["part"]]
    tail = TAIL_RE.match(text, end)
    if tail and (tail["y"] or tail["m"] or tail["d"]) and (tail["y"] or not tail["d"] or day) and (
            published or not tail["rel"]):
        end_year = _full_year(_num(tail["y"]), published) or end_year
        if tail["rel"]:
            end_year = published.year + RELATIVE_YEARS[tail["rel"]] if published else None
        end_month = _num(tail["m"]) or end_month
        end_day = _num(tail["d"])
        end = tail.end()
    if end_month is not None and last_month == month:
        last_month = end_month
    if end_day is not None and last_day == day:
        last_day = end_day
    if year is None:
        return _new_match(DateMatch, (end, None, month, day, None, None, None))
    start = dt.date(year, first_month or 1, first_day or 1)
    last_year = end_year or year
    stop_month = last_month or 12
    stop = dt.date(last_year, stop_month, min(last_day or 31, _last_day(last_year, stop_month)))
    if stop < start:
        return None
    return _new_match(DateMatch, (end, year, month, day, start, stop, method))
