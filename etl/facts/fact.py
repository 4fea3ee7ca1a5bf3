"""The record of one numeric fact, as ``etl.facts.extract.extract_facts`` returns it."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from etl.facts.numerals import to_float


@dataclass(frozen=True, init=False)
class Fact:
    char_start: int
    char_end: int
    surface: str
    kind: str  # quantity | percent | pp | ratio | money | date | duration | ordinal | name
    value: float | None
    value_high: float | None
    unit: str | None
    qualifier: str  # exact | approx | more_than | at_least | less_than | at_most
    subject: str | None = None
    direction: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_method: str | None = None  # how a date was resolved (etl.facts.dates); None: unresolved
    per_unit: str | None = None  # a rate's denominator: 6600元／平方米 is CNY per m²

    # The generated frozen __init__ goes through object.__setattr__ once per field, which
    # cost a tenth of the extraction; one dict display stored through the __dict__
    # descriptor is the same initialization at a third of the price (and why there are
    # no slots). Same signature as the generated one.
    def __init__(self, char_start: int, char_end: int, surface: str, kind: str, value: float | None,
                 value_high: float | None, unit: str | None, qualifier: str, subject: str | None = None,
                 direction: str | None = None, year: int | None = None, month: int | None = None,
                 day: int | None = None, date_start: dt.date | None = None,
                 date_end: dt.date | None = None, date_method: str | None = None,
                 per_unit: str | None = None) -> None:
        _set_fields(self, {
            "char_start": char_start, "char_end": char_end, "surface": surface, "kind": kind, "value": value,
            "value_high": value_high, "unit": unit, "qualifier": qualifier, "subject": subject,
            "direction": direction, "year": year, "month": month, "day": day, "date_start": date_start,
            "date_end": date_end, "date_method": date_method, "per_unit": per_unit})


_set_fields = Fact.__dict__["__dict__"].__set__


def make_fact(text: str, start: int, end: int, kind: str, value: Decimal | None, high: Decimal | None,
              unit: str | None, qualifier: str, subject: str | None = None, direction: str | None = None) -> Fact:
    """A fact over ``text[start:end]`` from exact values."""
    return Fact(start, end, text[start:end], kind, to_float(value), to_float(high), unit, qualifier,
                subject, direction)


def with_subject(fact: Fact, subject: str) -> Fact:
    return Fact(fact.char_start, fact.char_end, fact.surface, fact.kind, fact.value, fact.value_high, fact.unit,
                fact.qualifier, subject, fact.direction, fact.year, fact.month, fact.day, fact.date_start,
                fact.date_end, fact.date_method, fact.per_unit)


def unfolded(fact: Fact, sentence: str, where: list[int]) -> Fact:
    """The fact with its span in the sentence as written."""
    start, end = where[fact.char_start], where[fact.char_end - 1] + 1
    return Fact(start, end, sentence[start:end], fact.kind, fact.value, fact.value_high, fact.unit,
                fact.qualifier, fact.subject, fact.direction, fact.year, fact.month, fact.day,
                fact.date_start, fact.date_end, fact.date_method, fact.per_unit)


def sound(fact: Fact) -> bool:
    """Finite values and value_high not below value: what every fact must hold (a number
    of over 308 digits has no float; a misread range is no fact)."""
    value, high = fact.value, fact.value_high
    if value is not None and not math.isfinite(value):
        return False
    return high is None or (math.isfinite(high) and value is not None and high >= value)
