"""A month-day written without a year takes the year of an earlier date in its sentence
(去年3月20日开始禁食，到5月7日结束): ``date_method`` ``sentence_year``."""
from __future__ import annotations

import datetime as dt

from etl.facts.fact import Fact

_WRITTEN_YEAR = frozenset(("explicit", "relative_year"))


def year_before(facts: list[Fact], fact: Fact) -> int | None:
    """The year a month-day without one takes from the last date of the sentence whose year
    is written (2004年3月20日, 去年3月): that year, or the next when the month-day comes
    earlier in the calendar (2004年12月28日至…1月3日); None when there is no such date.

    >>> d = lambda y, m, day, how: Fact(0, 1, "", "date", None, None, None, "exact", year=y, month=m, day=day,
    ...                                 date_method=how)
    >>> year_before([d(2004, 3, 20, "relative_year")], d(2005, 5, 7, "publication_year"))
    2004
    >>> year_before([d(2004, 12, 28, "explicit")], d(2005, 1, 3, "publication_year"))
    2005
    >>> year_before([d(2005, 1, 1, "relative")], d(2005, 5, 7, "publication_year")) is None
    True
    """
    last = next((f for f in reversed(facts) if f.kind == "date"), None)
    if last is None or last.date_method not in _WRITTEN_YEAR or last.year is None or last.month is None:
        return None
    if fact.month is None:
        return None
    return last.year + 1 if (fact.month, fact.day or 1) < (last.month, last.day or 1) else last.year


def in_year(fact: Fact, year: int) -> Fact:
    """The date moved to ``year`` (its start and end by as many years)."""
    shift = year - fact.year if fact.year is not None else 0
    start, end = (None if d is None else _shift_year(d, shift) for d in (fact.date_start, fact.date_end))
    return Fact(fact.char_start, fact.char_end, fact.surface, fact.kind, fact.value, fact.value_high, fact.unit,
                fact.qualifier, fact.subject, fact.direction, year, fact.month, fact.day, start, end,
                "sentence_year", fact.per_unit)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 2月29日 in a year without one
        return day.replace(year=day.year + years, day=28)
