"""Relative date words (昨日, 本周, 上月, 去年), each counted from the publication date;
a longer date one opens (今年3月) is ``etl.facts.dates.match_date``'s."""
from __future__ import annotations

import datetime as dt
import re

from etl.facts.dates import _WEEK, RELATIVE_YEARS, DateMatch, _last_day, _new_match, match_date

# Relative words, each an offset from the publication date in its unit. 当年 and 当月
# ("that year") name whatever year the story is about, so they are not among them.
RELATIVE_DAYS = {"昨日": -1, "昨天": -1, "昨晚": -1, "昨夜": -1, "昨晨": -1, "今日": 0, "今天": 0, "今晨": 0,
                 "今早": 0, "今晚": 0, "今夜": 0, "前天": -2, "前日": -2, "明天": 1, "明日": 1, "后天": 2}
RELATIVE_WEEKS = {"本周": 0, "这周": 0, "上周": -1, "下周": 1}
RELATIVE_MONTHS = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
_YEAR_WORDS = {w: n for w, n in RELATIVE_YEARS.items() if w != "当年"}
RELATIVE_RE = re.compile("|".join(sorted({*RELATIVE_DAYS, *RELATIVE_WEEKS, *RELATIVE_MONTHS, *_YEAR_WORDS},
                                         key=len, reverse=True)))


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def relative_date_at(text: str, pos: int, published: dt.date | None = None) -> DateMatch | None:
    """The relative date word at ``pos`` (昨日, 本周, 上月, 去年 ...), counted from the
    publication date; a longer date it opens (今年3月) is left to match_date.

    >>> p = dt.date(2012, 7, 26)  # a Thursday
    >>> relative_date_at("昨日，", 0, p)[4:]
    (datetime.date(2012, 7, 25), datetime.date(2012, 7, 25), 'relative')
    >>> relative_date_at("本周", 0, p)[4:6], relative_date_at("上月", 0, p)[4:6]
    ((datetime.date(2012, 7, 23), datetime.date(2012, 7, 29)), (datetime.date(2012, 6, 1), datetime.date(2012, 6, 30)))
    >>> relative_date_at("今晨", 0) is not None and relative_date_at("今晨", 0).date_start is None
    True
    """
    m = RELATIVE_RE.match(text, pos)
    if m is None:
        return None
    word, end = m.group(), m.end()
    if word in _YEAR_WORDS and (longer := match_date(text, pos, published)) is not None:
        return longer
    if published is None:
        return _new_match(DateMatch, (end, None, None, None, None, None, None))
    if word in RELATIVE_DAYS:
        day = published + dt.timedelta(days=RELATIVE_DAYS[word])
        start = stop = day
    elif word in RELATIVE_WEEKS:
        start = published - dt.timedelta(days=published.weekday()) + RELATIVE_WEEKS[word] * _WEEK
        stop = start + dt.timedelta(days=6)
    elif word in RELATIVE_MONTHS:
        year, month = _shift_month(published.year, published.month, RELATIVE_MONTHS[word])
        start, stop = dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))
    else:
        year = published.year + _YEAR_WORDS[word]
        start, stop = dt.date(year, 1, 1), dt.date(year, 12, 31)
    same = start == stop
    return _new_match(DateMatch, (end, start.year, start.month if same or word in RELATIVE_MONTHS else None,
                                  start.day if same else None, start, stop, "relative"))


def relative_dates(text: str, published: dt.date | None = None) -> list[tuple[int, DateMatch]]:
    """(start, match) of every relative date word in a sentence.

    >>> [(i, m.date_start) for i, m in relative_dates("他昨天说，去年3月到今天", dt.date(2024, 6, 15))]
    [(1, datetime.date(2024, 6, 14)), (5, datetime.date(2023, 3, 1)), (10, datetime.date(2024, 6, 15))]
    """
    found, pos = [], 0
    while (m := RELATIVE_RE.search(text, pos)) is not None:
        match = relative_date_at(text, m.start(), published)
        found.append((m.start(), match))
        pos = max(match.end, m.end())
    return found
