"""Numeric facts from one normalized (simplified) sentence.

The marks GBK-era text writes inside numbers are folded first (``etl.facts.fold``: 15．5,
8．3％) and the spans no fact may start in are found (``etl.facts.identifiers``: URLs,
quote triples, plates). Then a fast scan finds runs of numeral characters, and a careful
parse at each run decides what it is (name, idiom, list marker, identifier, date,
fraction, quantity) and reads the value, unit, qualifier, subject and direction. Offsets
are relative to the sentence as given.

>>> [(f.surface, f.kind, f.value, f.unit, f.qualifier) for f in extract_facts("规模近6000亿元，合格率96.8%。")]
[('近6000亿元', 'money', 600000000000.0, 'CNY', 'approx'), ('96.8%', 'percent', 96.8, '%', 'exact')]
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from etl.facts.article import REGION_CURRENCY, ArticleContext
from etl.facts.fact import Fact, make_fact
from etl.facts.fact import sound as _sound, unfolded as _unfold, with_subject as _with_subject
from etl.facts.fold import fold_numbers
from etl.facts.forms import (COLON_CHAIN_RE, COLON_RE, colon_fact, counts_days, date_at, fraction_at, hundred_millions_at,
                             may_be_date, numeric_date_at, paren_day_at, slash_fraction, stamp_end)
from etl.facts.identifiers import (IDENT_AFTER_CHAR, MARKER_AFTER, clock_end, identifier_end,
                                   identifier_spans, marker_end)
from etl.facts.numerals import CN_NUMERAL_CHARS, RUN_CHARS
from etl.facts.quantities import read_quantity
from etl.facts.quantity_fact import quantity_fact, quoted_name
from etl.facts.sentence_dates import in_year, year_before
from etl.facts.shorthand import PASSED_BEFORE, SCALES_ALONE, half_at, passed_scale_at
from etl.facts.units import lexicon_hit, names, negatives, unit_at

__all__ = ["ArticleContext", "Fact", "extract_facts"]

_NAMES, _NEGATIVES = names(), negatives()
# A date needs one of these right after its first numeral run: 2024年, 3月, 1—9月, 前5个月.
_DATE_HINT = frozenset("年月日季个至到—–-~～")
_WEEKDAY_NUMERALS = frozenset("一二三四五六日天")
_WEEKLY_COUNT_AFTER = frozenset("次天趟回个遍场")  # 每周三次: a count in a week, not Wednesday
_ONE_DAY_BEFORE = frozenset("前后同每这那某")  # 前一日, 同一日: a day counted from another, no date
_DECIMAL_COLON_RE = re.compile(r"\d+\.\d+:")  # 2.6:1, 31.3:68.7: a ratio whose first part has decimals
# The scan: runs of numeral characters, and 半 (一半, 半价, 半小时).
_next_run = re.compile(f"[0-9{CN_NUMERAL_CHARS}半]+").search
_CLOCK_START = ("时", "点")  # clock_end needs one of these right after the run
_CLOCK_SECONDS_RE = re.compile(r"\d{1,2}:\d{2}:\d{2}(?!\d)")
_BEFORE_CN_IDENTIFIER = frozenset("“？?\ufffd")  # a Chinese run after these may be a name or damage
_BOUNDS = frozenset(("more_than", "at_least", "less_than", "at_most"))
_LIST_JOINERS = frozenset(("、", "或", "或者", "甚至", "乃至", "和"))
_BECOMES = frozenset(("变为", "变成", "成为"))  # 宽度由5米多变为2米多: the second is the same metric's


def extract_facts(sentence: str, *, published_date: dt.date | None = None, region: str | None = None,
                  context: ArticleContext | None = None) -> list[Fact]:
    """Every numeric fact in ``sentence``, in order; idioms and identifiers yield none.

    ``region`` ("cn", "tw", "hk", "mo" or None) says what a bare 元 is (TWD in Taiwan
    news); ``context``, one ``ArticleContext`` per article passed with each of its
    sentences in order, carries a declared currency (“港元，下同”) to the sentences after,
    and its region is used when ``region`` is None.

    >>> [(f.surface, f.kind) for f in extract_facts("推动长三角一体化，“十四五”规划")]
    [('十四五', 'name')]
    >>> [(f.surface, f.value, f.unit) for f in extract_facts("營收1.2兆元，增长8．3％", region="tw")]
    [('1.2兆元', 1200000000000.0, 'TWD'), ('8．3％', 8.3, '%')]
    """
    if context is not None:
        context.observe(sentence)  # even a sentence with no number may declare 港元，下同
        local = context.currency or REGION_CURRENCY.get(region or context.region or "cn", "CNY")
    else:
        local = REGION_CURRENCY.get(region or "cn", "CNY")
    if _next_run(sentence) is None:
        return []  # no numeral, no fact: most sentences of an article
    text, where = fold_numbers(sentence, _keeps_space)
    facts = _scan(text, _as_date(published_date), local)
    if where is not None:
        facts = [_unfold(fact, sentence, where) for fact in facts]
    return facts


def _scan(text: str, published: dt.date | None, local: str) -> list[Fact]:
    facts: list[Fact] = []
    done = floor = subject_floor = 0  # a date ends no subject: 总量将从2010年的9.7亿
    shared = False  # the last fact took its bound from the one before
    blocked = identifier_spans(text)
    # Search from where the last parse ended rather than visit every run: the runs inside
    # a parsed span (the 4 and 29 of 2025年4月29日) are a third of them.
    while (run := _next_run(text, done)) is not None:
        start, run_end = run.span()
        if start == done and start and text[start - 1] in RUN_CHARS:
            done = run_end  # the rest of a run the last parse began inside: skip it whole
            continue
        if blocked and (span := next((b for b in blocked if b[0] <= start < b[1]), None)):
            done = span[1]  # inside a URL, a quote triple, a licence plate
            continue
        fact, done = _parse_at(text, start, run_end, published, floor, local, subject_floor)
        if done < run_end:
            done = run_end
        if fact is not None and _sound(fact):
            if fact.date_method == "publication_year" and (year := year_before(facts, fact)) is not None:
                fact = in_year(fact, year)  # 去年3月20日开始禁食，到5月7日结束: the year of 3月20日
            if fact.subject is None and facts and facts[-1].subject and (
                    fact.direction or text[facts[-1].char_end:fact.char_start] in _BECOMES):
                fact = _with_subject(fact, facts[-1].subject)  # 30941元，比上年同期名义增长6.3%; 由5米多变为2米多
            shared = bool(facts) and fact.qualifier == "exact" and _shares_bound(text, facts[-1], fact, shared)
            if shared:
                fact = replace(fact, qualifier=facts[-1].qualifier)  # 超过2万、5万甚至10万: each more than
            facts.append(fact)
            # A date ends no subject when only 的 follows it: 总量将从2010年的9.7亿.
            if fact.kind != "date" or text[fact.char_end:fact.char_end + 2].strip("的")[:1] not in RUN_CHARS:
                subject_floor = fact.char_end
            floor = fact.char_end
    return facts


def _shares_bound(text: str, previous: Fact, fact: Fact, previous_shared: bool) -> bool:
    """A bound written before the first of a list of amounts holds for each of them
    (``previous_shared``: the previous fact took it from the one before).

    >>> f = extract_facts("超过2万、5万甚至10万的")
    >>> [(x.surface, x.qualifier) for x in f]
    [('超过2万', 'more_than'), ('5万', 'more_than'), ('10万', 'more_than')]
    """
    return (previous.qualifier in _BOUNDS and (previous_shared or previous.surface[:1] not in RUN_CHARS)
            and text[previous.char_end:fact.char_start] in _LIST_JOINERS
            and (previous.kind, previous.unit) == (fact.kind, fact.unit))


def _weekday(text: str, start: int, numeral: str, after: str) -> bool:
    """A one-character numeral after 星期, 礼拜 or 周 names a day of the week, unless a count
    follows (每周三次, 每星期两天).

    >>> _weekday("下星期四起", 3, "四", "起"), _weekday("每周三次", 2, "三", "次"), _weekday("一周三", 2, "三", "")
    (True, False, True)
    """
    return numeral in _WEEKDAY_NUMERALS and after not in _WEEKLY_COUNT_AFTER and (
        text.endswith(("星期", "礼拜"), 0, start) or text[start - 1:start] == "周")


def _keeps_space(text: str, i: int) -> bool:
    """The space after a number stays unless a unit, scale or date word follows (9 亿元)."""
    nxt = text[i + 1:i + 2]
    return not (unit_at(text, i + 1) or nxt in "万亿年月日号")


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
              floor: int, local: str, subject_floor: int | None = None) -> tuple[Fact | None, int]:
    """The fact at a numeral run, and where scanning resumes."""
    numeral = text[start:run_end]
    if "\ufffd" in (text[start - 1:start], text[run_end:run_end + 1]):
        return None, run_end  # touches a character lost in decoding: residue, not a number
    if "半" in numeral:
        if numeral == "半" and text[start - 1:start] in ("上", "下") and start > floor and text[run_end:run_end + 1] == "年" \
                and (half := date_at(text, start - 1, published, floor)):
            return half, half.char_end  # 上半年, 去年下半年: the year is the dates' business or the publication's
        return half_at(text, start, run_end, numeral, floor)
    if numeral in SCALES_ALONE and text[start - 1:start] in PASSED_BEFORE and start > floor and (
            passed := passed_scale_at(text, start, subject_floor or floor)):
        return passed, passed.char_end
    if numeral in _NAMES and (name := lexicon_hit(_NAMES, text, start, numeral)) and name[0] >= floor:
        return make_fact(text, name[0], name[1], "name", None, None, None, "exact"), name[1]
    if numeral in _NEGATIVES and (idiom := lexicon_hit(_NEGATIVES, text, start, numeral)) and (
            text[idiom[1] - 1:idiom[1] + 1] != "季度"):  # 四季 is an idiom, 四季度 a quarter
        if not (text[start - 1:start] == "第" and "第" not in text[idiom[0]:idiom[1]]):
            return None, max(idiom[1], run_end)
    if numeral[0] == "零" and start == floor > 0 and len(numeral) > 1:
        return _parse_at(text, start + 1, run_end, published, floor, local, subject_floor)  # 十二年|零|一个月
    if len(numeral) > 1 and numeral[0] in _NEGATIVES and (
            word := lexicon_hit(_NEGATIVES, text, start, numeral[0])) and word[1] == start + 1:
        return _parse_at(text, start + 1, run_end, published, floor, local, subject_floor)  # 唯一|一家
    after = text[run_end:run_end + 1]
    if len(numeral) == 1 and _weekday(text, start, numeral, after):
        return None, run_end  # 下星期四起, 周三: a day of the week, no count
    if numeral == "一" and (text[start - 1:start] == "新" or (
            after == "日" and text[start - 1:start] in _ONE_DAY_BEFORE)):
        return None, run_end + (after == "日")  # 新一年, 新一轮: an article; 前一日: the day before
    if after == "）" and text[start - 1:start] == "（" and (day := paren_day_at(text, start, published)):
        return day, day.char_end
    if after in MARKER_AFTER and (marker := marker_end(text, start, run_end)):
        return None, marker  # 2、 二、 4． (3): a list marker
    if after in _DATE_HINT and may_be_date(text, start, run_end, after) and not (
            after == "日" and (counts_days(text, start) or text[start - 1:start] == "第")) and (
            date := date_at(text, start, published, floor)):  # 第四日: the fourth day, no date
        if text[start - 1:start] == "“" and date.month is None and quoted_name(text, date.char_end, 16):
            return None, date.char_end  # “2010年公益信息化创新工作坊”: the year opens a name
        return date, date.char_end
    if after == "个" and text[run_end + 1:run_end + 2] == "亿" and (yi := hundred_millions_at(text, start, run_end, floor)):
        return yi, yi.char_end
    if after == "分" and (fraction := fraction_at(text, start, floor)):
        return fraction, fraction.char_end
    arabic = numeral[0].isdigit()
    if arabic and (after == ":" or (after == "." and _DECIMAL_COLON_RE.match(text, start))):
        if clock := _CLOCK_SECONDS_RE.match(text, start):
            return None, clock.end()  # 21:38:04, a time of day with seconds
        if chain := COLON_CHAIN_RE.match(text, start):
            return None, chain.end()  # 87:9:4: a split into three parts, no single ratio
        if colon := COLON_RE.match(text, start):
            return colon_fact(text, start, colon), colon.end()
    if arabic and after in "-/." and run_end - start == 4 and (day := numeric_date_at(text, start)):
        return day, day.char_end
    if arabic and after == "/" and (stamp := stamp_end(text, start)):
        return None, stamp  # 02/27 10:17: a time stamp
    if arabic and after == "/" and (ratio := slash_fraction(text, start)):
        return ratio, ratio.char_end
    skip = ((arabic or after in IDENT_AFTER_CHAR or text[start - 1:start] in _BEFORE_CN_IDENTIFIER)
            and identifier_end(text, start, run_end)) or (after in _CLOCK_START and clock_end(text, start, run_end))
    if skip:
        return None, skip
    if numeral == "零" and after == "点" and text[run_end + 1:run_end + 2] not in RUN_CHARS:
        return None, run_end + 1  # 零点前2分钟, 零点青年: midnight or a name; zero points is 0分
    quantity = read_quantity(text, start)
    if quantity is None:
        return None, run_end
    return quantity_fact(text, start, quantity, floor, local, subject_floor), max(quantity.end, run_end)
