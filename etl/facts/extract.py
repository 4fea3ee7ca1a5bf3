"""Numeric facts from one normalized (simplified) sentence.

Two steps: a fast scan finds runs of numeral characters; a careful parse at each run
decides what it is (name, idiom, date, fraction, quantity, identifier) and reads the
value, unit, qualifier, subject and direction. Offsets are relative to the sentence.

>>> [(f.surface, f.kind, f.value, f.unit, f.qualifier) for f in extract_facts("规模近6000亿元，合格率96.8%。")]
[('近6000亿元', 'money', 600000000000.0, 'CNY', 'approx'), ('96.8%', 'percent', 96.8, '%', 'exact')]
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from etl.facts.context import LEFT_REACH, MINUS, left_of, prefix_qualifier
from etl.facts.dates import AS_OF, RELATIVE_YEARS, SINCE, match_date
from etl.facts.identifiers import ascii_alnum, clock_end, identifier_end
from etl.facts.numerals import DIGITS, NUMERAL_PATTERN, NUMERAL_RUN_RE, RUN_CHARS, parse_range, to_float
from etl.facts.quantities import Quantity, read_quantity
from etl.facts.subjects import read_context
from etl.facts.units import lexicon_hit, names, negatives, post_qualifier, words


_FRACTION_RE = re.compile(rf"""
    (?P<den>{NUMERAL_PATTERN})    # 三 in 三分之一, 百 in 百分之二十
    分之
    (?P<num>{NUMERAL_PATTERN})
""", re.VERBOSE)

_EVENT_SUFFIX = "|".join(sorted(words()["event"], key=len, reverse=True))
# The rest of a name that starts with a year: 2024 + 全球开发者先锋大会.
_NAME_END_RE = re.compile(rf"""
    [^，。；：、！？（）“”‘’《》,;:!?()"\s]*?   # within the clause, as little as possible
    (?:{_EVENT_SUFFIX})                     # up to the first 大会, 论坛, 节, ...
""", re.VERBOSE)
_NAMES, _NEGATIVES = names(), negatives()
# A date needs one of these right after its first numeral run: 2024年, 3月, 1—9月, 前5个月.
_DATE_HINT = frozenset("年月日季个至到—–-~～")
_next_run = NUMERAL_RUN_RE.search
_CLOCK_START = ("时", "点")  # clock_end needs one of these right after the run
_COLON_RE = re.compile(r"(\d+):(\d+)(?![\d:])")  # 3:2 (a score or ratio) or 9:30 (a time)
_HAN_RE = re.compile("[\u4e00-\u9fff]")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_SCALE_FIRST = "十百千万亿"
_VAGUE_BEFORE = "几数上成"  # 几十, 数百, 上万, 成千: vague amounts, not facts
_ORDINAL_HIGH = 10  # 三大产业 counts three; 二十大 is the 20th congress


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

    # The generated frozen __init__ goes through object.__setattr__ once per field, which
    # cost a tenth of the extraction; one dict display stored through the __dict__
    # descriptor is the same initialization at a third of the price (and why there are
    # no slots). Same signature as the generated one.
    def __init__(self, char_start: int, char_end: int, surface: str, kind: str, value: float | None,
                 value_high: float | None, unit: str | None, qualifier: str, subject: str | None = None,
                 direction: str | None = None, year: int | None = None, month: int | None = None,
                 day: int | None = None, date_start: dt.date | None = None,
                 date_end: dt.date | None = None) -> None:
        _set_fields(self, {
            "char_start": char_start, "char_end": char_end, "surface": surface, "kind": kind, "value": value,
            "value_high": value_high, "unit": unit, "qualifier": qualifier, "subject": subject,
            "direction": direction, "year": year, "month": month, "day": day, "date_start": date_start,
            "date_end": date_end})


_set_fields = Fact.__dict__["__dict__"].__set__


def extract_facts(sentence: str, *, published_date: dt.date | None = None) -> list[Fact]:
    """Every numeric fact in ``sentence``, in order; idioms and identifiers yield none.

    >>> [(f.surface, f.kind) for f in extract_facts("推动长三角一体化，“十四五”规划")]
    [('十四五', 'name')]
    """
    facts: list[Fact] = []
    done = floor = 0
    published_date = _as_date(published_date)
    # Search from where the last parse ended rather than visit every run: the runs inside
    # a parsed span (the 4 and 29 of 2025年4月29日) are a third of them.
    while (run := _next_run(sentence, done)) is not None:
        start, run_end = run.span()
        if start == done and start and sentence[start - 1] in RUN_CHARS:
            done = run_end  # the rest of a run the last parse began inside: skip it whole
            continue
        fact, done = _parse_at(sentence, start, run_end, published_date, floor)
        if done < run_end:
            done = run_end
        if fact is not None:
            facts.append(fact)
            floor = fact.char_end
    return facts


def _as_date(value: object) -> dt.date | None:
    """A publication date as a plain date; datetimes are cut to their date, NaT is None.

    >>> _as_date(dt.datetime(2025, 4, 30, 8)), _as_date(None)
    (datetime.date(2025, 4, 30), None)
    """
    if type(value) is dt.date or value is None:
        return value  # the common cases, without two isinstance calls
    if isinstance(value, dt.datetime):
        return value.date() if value == value else None  # NaT is not equal to itself
    return value if isinstance(value, dt.date) else None


def _parse_at(text: str, start: int, run_end: int, published: dt.date | None,
              floor: int) -> tuple[Fact | None, int]:
    """The fact at a numeral run, and where scanning resumes."""
    numeral = text[start:run_end]
    if "\ufffd" in (text[start - 1:start], text[run_end:run_end + 1]):
        return None, run_end  # touches a character lost in decoding: residue, not a number
    if numeral in _NAMES and (name := lexicon_hit(_NAMES, text, start, numeral)) and name[0] >= floor:
        return _make(text, name[0], name[1], "name", None, None, None, "exact"), name[1]
    if numeral in _NEGATIVES and (idiom := lexicon_hit(_NEGATIVES, text, start, numeral)):
        if not (text[start - 1:start] == "第" and "第" not in text[idiom[0]:idiom[1]]):
            return None, max(idiom[1], run_end)
    after = text[run_end:run_end + 1]
    if after in _DATE_HINT and _may_be_date(text, start, run_end, after) and (
            date := _date_at(text, start, published, floor)):
        return date, date.char_end
    if after == "分" and (fraction := _fraction_at(text, start, floor)):
        return fraction, fraction.char_end
    arabic = numeral[0].isdigit()
    if arabic and after == ":" and (colon := _COLON_RE.match(text, start)):
        return _colon_fact(text, start, colon), colon.end()
    skip = (arabic and identifier_end(text, start, run_end)) or (
        after in _CLOCK_START and clock_end(text, start, run_end))
    if skip:
        return None, skip
    quantity = read_quantity(text, start)
    if quantity is None:
        return None, run_end
    return _quantity_fact(text, start, quantity, floor), max(quantity.end, run_end)


def _make(text: str, start: int, end: int, kind: str, value: Decimal | None, high: Decimal | None,
          unit: str | None, qualifier: str, subject: str | None = None, direction: str | None = None) -> Fact:
    return Fact(start, end, text[start:end], kind, to_float(value), to_float(high), unit, qualifier,
                subject, direction)


def _may_be_date(text: str, start: int, run_end: int, after: str) -> bool:
    """False when the run cannot start a date, so that most counts skip the date parse:
    a run before 个 starts one only as 前5个月, a run before 年 only as a 4-digit year.

    >>> _may_be_date("有3个项目", 1, 2, "个"), _may_be_date("前5个月", 1, 2, "个")
    (False, True)
    >>> _may_be_date("近3年", 1, 2, "年"), _may_be_date("2024年", 0, 4, "年")
    (False, True)
    """
    if after == "个":
        return text.startswith("个月", run_end) and text[start - 1:start] == "前"
    if after == "年":
        return run_end - start == 4
    return True


def _date_at(text: str, start: int, published: dt.date | None, floor: int) -> Fact | None:
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
                found.year, found.month, found.day, date_start, date_end)


def _fraction_at(text: str, start: int, floor: int) -> Fact | None:
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
        return _make(text, begin, end, "percent", value, None, "%", qualifier or "exact", subject, direction)
    return _make(text, begin, end, "ratio", num / den, None, None, qualifier or "exact")


def _colon_fact(text: str, start: int, m: re.Match[str]) -> Fact | None:
    """3:2 is a ratio; 9:30 is a clock time, not a fact (unless after 比分/以/比)."""
    left, right = int(m[1]), int(m[2])
    scored = text[start - 2:start] == "比分" or text[start - 1:start] in ("以", "比")
    if not right or (len(m[2]) == 2 and left <= 24 and not scored):
        return None
    return _make(text, start, m.end(), "ratio", Decimal(left) / Decimal(right), None, None, "exact")


def _quantity_fact(text: str, start: int, q: Quantity, floor: int) -> Fact | None:
    """Type a quantity by its unit and context; None for numbers that are not facts."""
    low, high = q.low, q.high
    kind, unit = q.kind, q.unit
    dash = text[start - 1:start] in MINUS and ascii_alnum(text[start - 2:start - 1])  # GPT-4: no sign
    shift, negative, currency, pre, ordinal = left_of(text[max(floor, start - LEFT_REACH):start],
                                                      kind is None, dash)
    begin, qualifier = start - shift, pre or q.qualifier
    if negative:
        low, high = -low, -high if high is not None else None
    if currency:
        kind, unit = "money", currency  # ￥28,694
    arabic = q.numeral[0].isdigit()
    if ordinal or kind == "ordinal":
        return _make(text, begin, q.end, "ordinal", low, high, q.surface_unit, "exact")
    end = q.end
    if kind is None:
        kind, end = _bare_kind(text, q, arabic)
        if kind is None:
            return None
        if kind in ("name", "ordinal"):
            value = None if kind == "name" else low
            return _make(text, begin, end, kind, value, None, "大" if kind == "ordinal" else None, "exact")
    if (q.numeral in ("一", "壹") and qualifier is None and kind in ("quantity", "duration")
            and q.unit == q.surface_unit and high is None):
        return None  # 一个, 一家, 一次: the indefinite article, not a count
    counted = kind == "quantity" and q.unit == q.surface_unit
    if start and text[start - 1] in _VAGUE_BEFORE and q.numeral[0] in _SCALE_FIRST or (
            q.numeral[0] in _SCALE_FIRST[1:] and counted):
        return None  # 万人空巷, 数十个, 几百家: vague or idiomatic
    subject, direction = read_context(text, begin, end, floor, counted, with_subject=kind != "duration")
    return Fact(begin, end, text[begin:end], kind, float(low), None if high is None else float(high), unit,
                qualifier or "exact", subject, direction)


def _bare_kind(text: str, q: Quantity, arabic: bool) -> tuple[str | None, int]:
    """Kind of a number with no unit: a named event (2024全球开发者先锋大会), a count of
    major things (三大先导产业), an ordinal congress (二十大) or a plain quantity."""
    end = q.end
    if arabic:
        if _YEAR_RE.fullmatch(q.numeral) and _HAN_RE.match(text, end) and not q.qualifier:
            named = _NAME_END_RE.match(text, end)
            return "name", named.end() if named else end
        return "quantity", end
    if text[end:end + 1] == "大" and q.high is None:
        return ("ordinal" if q.low > _ORDINAL_HIGH else "quantity"), end + 1
    if q.low >= 100 and q.numeral[0] in DIGITS:  # 一千零十, not 十, 千万 or 三
        return "quantity", end
    return None, end
