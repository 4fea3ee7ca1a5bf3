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

from etl.facts.article import BARE_YUAN, REGION_CURRENCY, ArticleContext
from etl.facts.context import LEFT_REACH, MINUS, left_of
from etl.facts.fact import Fact, make_fact
from etl.facts.fact import sound as _sound, unfolded as _unfold, with_subject as _with_subject
from etl.facts.fold import fold_numbers
from etl.facts.forms import (COLON_RE, colon_fact, counts_days, date_at, fraction_at, hundred_millions_at,
                             may_be_date, numeric_date_at, paren_day_at, slash_fraction, stamp_end)
from etl.facts.identifiers import (IDENT_AFTER_CHAR, MARKER_AFTER, ascii_alnum, clock_end, identifier_end,
                                   identifier_spans, marker_end)
from etl.facts.numerals import CN_NUMERAL_CHARS, RUN_CHARS
from etl.facts.quantities import Quantity, read_quantity
from etl.facts.sentence_dates import in_year, year_before
from etl.facts.subjects import read_context
from etl.facts.shorthand import PASSED_BEFORE, SCALES_ALONE, half_at, passed_scale_at
from etl.facts.unitless import bare_kind
from etl.facts.units import lexicon_hit, names, negatives, unit_at, words

__all__ = ["ArticleContext", "Fact", "extract_facts"]

_NAMES, _NEGATIVES = names(), negatives()
# A date needs one of these right after its first numeral run: 2024年, 3月, 1—9月, 前5个月.
_DATE_HINT = frozenset("年月日季个至到—–-~～")
# The scan: runs of numeral characters, and 半 (一半, 半价, 半小时).
_next_run = re.compile(f"[0-9{CN_NUMERAL_CHARS}半]+").search
_CLOCK_START = ("时", "点")  # clock_end needs one of these right after the run
_CLOCK_SECONDS_RE = re.compile(r"\d{1,2}:\d{2}:\d{2}(?!\d)")
_PER, _PER_KINDS = "/／", ("quantity", "duration")  # 元／平方米, mg/kg, 公里/小时
_SCALE_FIRST = "十百千万亿兆"
_VAGUE_BEFORE = frozenset(words()["vague_before"])  # 几十, 数百, 上万, 成千: vague amounts, not facts
_BEFORE_CN_IDENTIFIER = frozenset("“？?\ufffd")  # a Chinese run after these may be a name or damage
_INSTITUTIONS = tuple(words()["institution"])
_DEMONSTRATIVES = frozenset("这那的每某同哪何")  # 何: 任何一年
_GRADE_HIGH = 5  # 一级 to 五级 before a noun are grades; 十二级大风 is a force
_GRADED = tuple(words()["graded"])  # 八级伤残, 十级工伤: a grade of any number
_CASUALTIES = tuple(words()["casualty"])  # 致使一人死亡: one dead is a count
_COUNTED_PLACES = frozenset(("个国家", "个地区", "座城市"))
_AFTER_ORDINAL_MARKER = frozenset("是，、：,")
_ORDINAL_MARKER_THEN = ("则是", "就是", "也是", "还是")  # 第二则是: still a list's point
_PIECES = tuple(words()["kuai_item"])
_PRICE_CHARS = frozenset("卖售价花值付费买")
_ORDINAL_ONLY_UNITS = frozenset("代")
_NOT_IN_NAME_RE = re.compile(r"[\d，。、；]")  # a quoted sentence, not a name
_FAR_BOUNDS = {"不到": "less_than", "不足": "less_than", "不及": "less_than", "超过": "more_than", "逾": "more_than"}
# 不得超过当年总支出的10%: a limit, not a reading; left as it is
_FAR_BOUND_RE = re.compile(f"(?<![不得能要应宜可])({'|'.join(_FAR_BOUNDS)})[^，。；：、,;:0-9%％]{{1,12}}的$")
_PAYING = (  # two characters each
    "捐赠", "捐出", "捐助", "收取", "减负", "拨款", "拨付", "花费", "支付", "索赔", "拿出", "掏出", "出资")
_BETWEEN = ("之间", "间", "相距", "距离", "的距离")
_LEGAL_PARTS, _REFERS = ("款", "条", "项"), ("的规定", "规定", "所列", "所述")
_OPERATOR = frozenset("×＊*")  # （296×32.8）: the operands of a product are no facts


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
            if fact.subject is None and fact.direction and facts and facts[-1].subject:
                fact = _with_subject(fact, facts[-1].subject)  # 30941元，比上年同期名义增长6.3%
            facts.append(fact)
            # A date ends no subject when only 的 follows it: 总量将从2010年的9.7亿.
            if fact.kind != "date" or text[fact.char_end:fact.char_end + 2].strip("的")[:1] not in RUN_CHARS:
                subject_floor = fact.char_end
            floor = fact.char_end
    return facts


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
    if len(numeral) > 1 and numeral[0] in _NEGATIVES and (
            word := lexicon_hit(_NEGATIVES, text, start, numeral[0])) and word[1] == start + 1:
        return _parse_at(text, start + 1, run_end, published, floor, local, subject_floor)  # 唯一|一家
    after = text[run_end:run_end + 1]
    if after == "）" and text[start - 1:start] == "（" and (day := paren_day_at(text, start, published)):
        return day, day.char_end
    if after in MARKER_AFTER and (marker := marker_end(text, start, run_end)):
        return None, marker  # 2、 二、 4． (3): a list marker
    if after in _DATE_HINT and may_be_date(text, start, run_end, after) and not (
            after == "日" and (counts_days(text, start) or text[start - 1:start] == "第")) and (
            date := date_at(text, start, published, floor)):  # 第四日: the fourth day, no date
        if text[start - 1:start] == "“" and date.month is None and _quoted_name(text, date.char_end, 16):
            return None, date.char_end  # “2010年公益信息化创新工作坊”: the year opens a name
        return date, date.char_end
    if after == "个" and text[run_end + 1:run_end + 2] == "亿" and (yi := hundred_millions_at(text, start, run_end, floor)):
        return yi, yi.char_end
    if after == "分" and (fraction := fraction_at(text, start, floor)):
        return fraction, fraction.char_end
    arabic = numeral[0].isdigit()
    if arabic and after == ":":
        if clock := _CLOCK_SECONDS_RE.match(text, start):
            return None, clock.end()  # 21:38:04, a time of day with seconds
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
    return _quantity_fact(text, start, quantity, floor, local, subject_floor), max(quantity.end, run_end)


def _quoted_name(text: str, end: int, reach: int = 4) -> bool:
    """Han text goes on after the number up to a closing quote: “一元餐具”, “第一城”."""
    close = text.find("”", end + 1, end + 1 + reach)
    return "\u4e00" <= text[end:end + 1] <= "\u9fff" and close > 0 and not _NOT_IN_NAME_RE.search(text, end, close)


def _pieces_before(before: str) -> bool:
    """A thing counted in 块 named before, with no price word after it (这块手表卖500块 is yuan)."""
    at = max(before.rfind(w) for w in _PIECES)
    return at >= 0 and not any(c in _PRICE_CHARS for c in before[at:])


def _listed_count(text: str, start: int, q: Quantity) -> bool:
    """一 in a list of counts of the same unit is one of them: 两处五级伤残、一处八级伤残."""
    return text[start - 1:start] == "、" and (at := text.rfind(q.surface_unit, max(0, start - 16), start - 1)) > 0 \
        and text[at - 1] in RUN_CHARS and text[at - 1] not in "一壹"


def _quantity_fact(text: str, start: int, q: Quantity, floor: int, local: str,
                   subject_floor: int | None = None) -> Fact | None:
    """Type a quantity by its unit and context; None for numbers that are not facts.
    ``local`` is the ISO code of a bare 元 here."""
    low, high = q.low, q.high
    kind, unit = q.kind, q.unit
    if q.surface_unit == "块" and kind == "money" and _pieces_before(text[max(floor, start - 12):start]):
        kind, unit = "quantity", "块"  # 金牌会有3－5块: pieces of the thing just named, no yuan
    if unit == "CNY" and local != "CNY" and q.surface_unit in BARE_YUAN:
        unit = local  # 元 in Taiwan news
    dash = text[start - 1:start] in MINUS and ascii_alnum(text[start - 2:start - 1])  # GPT-4: no sign
    shift, negative, currency, pre, ordinal = left_of(text[max(floor, start - LEFT_REACH):start],
                                                      kind is None, dash)
    begin, qualifier = start - shift, pre or q.qualifier
    if qualifier is None and kind in ("percent", "ratio") and text[begin - 1:begin] == "的" and (
            far := _FAR_BOUND_RE.search(text, max(floor, begin - 16), begin)):
        qualifier = _FAR_BOUNDS[far[1]]  # 还不到餐馆总数量的10%: the bound reads past the base
    if negative:  # 零下5至10度 is -10 to -5
        low, high = (-low, None) if high is None else (-high, -low)
    if currency and (kind is None or (kind == "money" and q.surface_unit in BARE_YUAN)):
        kind, unit = "money", currency  # ￥28,694, 港币两千九百六十元
    arabic = q.numeral[0].isdigit()
    if ordinal and q.surface_unit is None and text.startswith(_INSTITUTIONS, q.end):
        return None  # 第一小学, 第三人民医院: a name
    if ordinal and q.surface_unit is None and (text[q.end:q.end + 1] in _AFTER_ORDINAL_MARKER or text.startswith(
            _ORDINAL_MARKER_THEN, q.end)) and (
            begin == 0 or text[begin - 1] in "，。；：（ \n" or "\ue000" <= text[begin - 1] <= "\uf8ff"):
        return None  # 第二是商务楼的品质: 第二 counts the points of a list
    if ordinal and text[begin - 2:begin] == "倒数":
        return None  # 倒数第二天: counted from the end, no ordinal of the sequence
    if q.surface_unit is None and (text[start - 1:start] in _OPERATOR or text[q.end:q.end + 1] in _OPERATOR):
        return None
    if q.surface_unit is None and text[q.end:q.end + 2] in (" ：", " :"):
        return None  # 问题 3 ：a label's number
    if q.surface_unit in _LEGAL_PARTS and text[begin - 1:begin] == "前" and text.startswith(_REFERS, q.end):
        return None  # 依照前两款的规定: a reference to the clauses above, no count
    if arabic and "十" in q.numeral:
        return None  # 2005十大: digits run into 十, no number is written so
    if text[begin - 1:begin] == "“" and _quoted_name(text, q.end):
        return None  # “第一城”, “一元餐具”: a quoted name
    if q.surface_unit == "层" and text[begin - 1:begin] == "楼":
        ordinal = True  # 万众楼二层: the floor of a building
    elif q.surface_unit == "楼" and not arabic:
        return None  # 8楼 is the 8th floor; 两楼之间, 一楼家门口 say which, not how many
    elif q.surface_unit == "地" and text.startswith(_BETWEEN, q.end):
        return None  # 两地相距500多公里, 两地之间: the two places, no count (沪苏浙皖四地 is one)
    if ordinal or kind == "ordinal":
        end, unit = q.end, q.surface_unit
        if unit in _COUNTED_PLACES or (unit and unit[0] == "个" and len(unit) > 1):  # 第六个年头: 第六个
            end, unit = end - len(unit) + 1, unit[0]
        elif unit is None and text[end:end + 1] in _ORDINAL_ONLY_UNITS:
            end, unit = end + 1, text[end]  # 第七代传承人: 代 counts nothing (二代身份证) but orders
        return make_fact(text, begin, end, "ordinal", low, high, unit, "exact")
    end = q.end
    if kind is None:
        kind, end = bare_kind(text, start, q, arabic)
        if kind is None:
            return None
        if kind == "date":
            year = int(q.numeral)
            return Fact(begin, end, text[begin:end], "date", None, None, None, "exact", None, None, year, None, None,
                        dt.date(year, 1, 1), dt.date(year, 12, 31), "explicit")
        if kind in ("name", "ordinal"):
            value = None if kind == "name" else low
            return make_fact(text, begin, end, kind, value, None, "大" if kind == "ordinal" else None, "exact")
    if q.numeral in ("一", "壹") and low == 1 and high is None and (
            (kind == "quantity" and q.unit == q.surface_unit and qualifier in (None, "approx")
             and not (q.unit == "人" and text.startswith(_CASUALTIES, q.end)) and not _listed_count(text, start, q))
            or (kind == "duration" and qualifier is None and text[start - 1:start] in _DEMONSTRATIVES)):
        return None  # 一个, 一家, 这一年: the indefinite article; 约一根圆珠笔长: a likeness, not a count
    if q.surface_unit == "级" and ((not arabic and low <= _GRADE_HIGH and "\u4e00" <= text[q.end:q.end + 1] <= "\u9fff")
                                   or text.startswith(_GRADED, q.end)):
        return None  # 四级救灾应急响应, 一级古树: a grade names a class, no amount
    if q.surface_unit == "年" and text[q.end:q.end + 1] == "代":
        return None  # 60年代, 八九十年代: a decade names a period
    pers, read_end = [], end  # 6600元／平方米: a rate, CNY per m²; 五十元／人／天: per person per day
    while unit and text[read_end:read_end + 1] in _PER and (per := unit_at(text, read_end + 1)) and (
            per[1].kind in _PER_KINDS):
        pers.append(per[1].unit)
        read_end += 1 + len(per[0])
    per_unit = "/".join(pers) or None
    counted = kind == "quantity" and q.unit == q.surface_unit
    if start and text[start - 1] in _VAGUE_BEFORE and q.numeral[0] in _SCALE_FIRST and (
            text[start - 2:start] != "以上") or (
            q.numeral[0] in _SCALE_FIRST[1:] and counted and not q.qualifier and not pre):  # 近百名 keeps its 近
        return None  # 万人空巷, 数十个, 几百家: vague or idiomatic
    subject, direction = read_context(text, begin, read_end, floor if subject_floor is None else subject_floor, counted,
                                      with_subject=kind != "duration",
                                      noun_after=counted or kind == "money" or q.surface_unit == "成")
    if subject is None and kind == "percent" and (text[end:end + 1] == "的" or text[begin - 1:begin] == "有"):
        # 90%以上的组织, 有61.1%被调查者: no metric before, the item follows
        subject = read_context(text, begin, read_end, end, True, noun_after=True)[0]
    if kind == "money" and subject:
        if subject.endswith(_PAYING):
            subject = None  # 网友李强捐赠了16900元, 为纳税人减负180亿元: who pays or what for, no metric
        elif subject.startswith(_PAYING) and len(subject) - 2 >= 2:
            subject = subject[2:]  # 捐出善款7980元: the money is 善款
    return Fact(begin, end, text[begin:end], kind, float(low), None if high is None else float(high), unit,
                qualifier or "exact", subject, direction, per_unit=per_unit)
