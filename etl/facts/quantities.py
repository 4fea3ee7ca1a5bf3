"""Read one number with what sticks to it: approximation mark, scale, unit, qualifier.

``read_quantity`` is the careful parse behind ``etl.facts.extract``: it starts at a numeral
and returns its value (exactly, as ``Decimal``), unit and qualifier, merging ranges
such as ``300元至500元`` and ``3到5万元``.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from etl.facts.cache_size import PHRASE_CACHE_ENTRIES
from etl.facts.numerals import DIGITS, NUMERAL_RE, PLAIN_NUMERAL_RE, SMALL_SCALES, parse_numeral, parse_range
from etl.facts.units import UnitInfo, post_qualifier, qualifiers, unit_at, units, words

_RANGE_WORDS = "至到—–~～-、"
_REPEATED_BEFORE = frozenset("近约逾")  # one-character qualifiers a range may repeat
_NOT_PERCENT_AFTER_CHENG = frozenset(words()["not_percent_after_cheng"])  # 成为, 成本: a word, not a tenth
_NOT_QUALIFIER_AFTER_SHANGXIA = set("游级班楼文层下")
_HALF = Decimal("0.5")
_SCALES_RE = re.compile(r"[万亿兆]+")
_MARKS = qualifiers()["mark"]
_BY_VALUE = ("成", "折", "块")  # the units whose reading depends on the number (_unit)
_NOT_UNIT = frozenset(words()["not_unit"])
# A round number (150, 两万) ends in one of these; 多 after a lone digit is a word (3多数).
_TENS_OR_MORE = frozenset("0十百千万亿")
_WORD_AFTER_DUO = set("数个次家名项种元位少样方彩层人年月天万亿")
_NOT_DISCOUNT_AFTER_ZHE = set("合扣叠算旧腾射磨返价线")
_MONEY_AFTER_KUAI = set("钱多零又一二两三四五六七八九") | {"毛", "角"}
# After 半 these begin a word of their own (两米半导体 is not 2.5 m).
_NOT_HALF_BEFORE = set("导岛数径决场夜边山价程")
_CENTS_RE = re.compile(rf"[又零]?(?P<cents>[{''.join(DIGITS)}十]{{1,3}}|\d{{1,2}})美分")
_CHANGE_RE = re.compile(rf"[又零]?(?P<jiao>[{''.join(DIGITS)}]|\d)[角毛](?:(?P<fen>[{''.join(DIGITS)}]|\d)分)?")


class Quantity(NamedTuple):
    end: int
    low: Decimal
    high: Decimal | None
    unit: str | None           # normalized unit (CNY, km, 批次, year, ...)
    kind: str | None           # from the unit; None for a bare number
    surface_unit: str | None   # the unit as written (届, 天)
    qualifier: str | None
    numeral: str               # the numeral as written


_new_quantity = tuple.__new__  # Quantity(...) without the generated __new__'s Python frame, once per number


def _mark(text: str, pos: int) -> tuple[str, str] | None:
    """余 / 多 / 来 right after a numeral, when a scale, unit or clause end follows.

    >>> _mark("60余家", 2), _mark("十来个", 1), _mark("3来自", 1)
    (('余', 'more_than'), ('来', 'approx'), None)
    >>> _mark("150多农民工", 3), _mark("两万多游客", 2), _mark("3多数", 1), _mark("100多数", 3)
    (('多', 'more_than'), ('多', 'more_than'), None, None)
    """
    ch = text[pos:pos + 1]
    table = _MARKS
    if ch not in table:
        return None
    rest = text[pos + 1:pos + 2]
    found = unit_at(text, pos + 1)
    if found or (ch != "来" and (rest in ("", "万", "亿") or not ("\u4e00" <= rest <= "\u9fff"))):
        return ch, table[ch]
    if ch != "来" and pos >= 2 and text[pos - 1] in _TENS_OR_MORE and rest not in _WORD_AFTER_DUO:
        return ch, table[ch]  # 150多农民工, 两万多游客, 200余被困群众: a head count before its noun
    return None


def _unit(text: str, pos: int, cn_digit_first: bool, value_class: int) -> tuple[str, UnitInfo] | None:
    """The unit at ``pos``, with the checks that tell 两成 from 成为, 10块钱 from 10块黄油
    and 八折 from 百余折 (``value_class`` as from ``_value_class``)."""
    found = unit_at(text, pos)
    if found is None:
        return None
    surface, info = found
    after = text[pos + len(surface):pos + len(surface) + 1]
    if surface[-1] + after in _NOT_UNIT:
        shorter = unit_at(text[:pos + len(surface) - 1], pos) if len(surface) > 1 else None
        if shorter is None:
            return None  # 59年龄段, 3天津
        surface, info = shorter  # 六个国家级贫困地区: 个, not 个国家
        after = text[pos + len(surface):pos + len(surface) + 1]
    if surface == "成" and (after in _NOT_PERCENT_AFTER_CHENG or value_class > 0):
        return None
    if surface == "折":
        if after in _NOT_DISCOUNT_AFTER_ZHE:
            return None
        if value_class == 2:
            return surface, UnitInfo("折", "quantity", 1.0)  # 录像百余折: scenes of an opera
        return surface, info if value_class == 0 else UnitInfo("%", "percent", 1.0)  # 八折, 七五折
    if surface == "块":
        if ("\u4e00" <= after <= "\u9fff" and after not in _MONEY_AFTER_KUAI and value_class < 2) or (
                value_class == 3 and after != "钱"):
            return surface, UnitInfo("块", "quantity", 1.0)  # 一块石头, 3块集成电路
        return surface, UnitInfo("CNY", "money", 1.0)  # 3块钱, 8块多钱, 每斤5块
    return surface, info


_SPACED_POST = frozenset(("以上", "以下", "左右", "以内"))


def _post(text: str, pos: int, info: UnitInfo | None) -> tuple[int, str] | None:
    """Qualifier after the unit: 左右, 以上, 内 after a duration, 多 in 一年多."""
    found = post_qualifier(text, pos)
    if found and not (found[0] == "上下" and text[pos + 2:pos + 3] in _NOT_QUALIFIER_AFTER_SHANGXIA):
        return pos + len(found[0]), found[1]
    if info and text[pos:pos + 1] == " " and (found := post_qualifier(text, pos + 1)) and found[0] in _SPACED_POST:
        return pos + 1 + len(found[0]), found[1]  # 含糖达 10% 以上: one space before the bound
    if info and info.kind == "duration" and text[pos:pos + 1] == "内":
        return pos + 1, "at_most"
    if info and text.startswith(("多", "余"), pos) and text[pos + 1:pos + 2] not in _WORD_AFTER_DUO:
        return pos + 1, "more_than"  # 两年多的时间, 14％多 (but 3年多数, 5个多项)
    return None


def read_one(text: str, pos: int) -> Quantity | None:
    """The number at ``pos`` with its mark, scale, unit and post qualifier.

    >>> q = read_one("近14万次，", 1); (q.end, float(q.low), q.unit, q.kind)
    (5, 140000.0, '次', 'quantity')
    >>> q = read_one("两百多家做", 0); (float(q.low), q.unit, q.qualifier)
    (200.0, '家', 'more_than')
    """
    m = PLAIN_NUMERAL_RE.match(text, pos)
    if m and (numeral := m.group()).isascii():
        low, high, end = Decimal(numeral), None, m.end()  # parse_range's first case, without its cache
    else:
        m = m or NUMERAL_RE.match(text, pos)
        if m is None:
            return None
        numeral, end = m.group(), m.end()
        try:
            low, high = parse_range(numeral)
        except ValueError:
            return None
    qualifier = None
    if text[end:end + 1] in _MARKS and (mark := _mark(text, end)):
        end, qualifier = end + 1, mark[1]
        scales = _SCALES_RE.match(text[end:end + 2])
        if scales:
            factor = parse_numeral("一" + scales.group())
            low, high = low * factor, high * factor if high is not None else None
            end += scales.end()
    after = text[end:end + _TAIL_REACH]
    if after[:1] in _BY_VALUE:
        tail = _tail(after, numeral[0] in DIGITS, _value_class(low))
    else:
        tail = _tail(after)  # one cache entry per window, whatever the number
    if tail is None:
        return _new_quantity(Quantity, (end, low, high, None, None, None, qualifier, numeral))
    length, add, surface, info, factor, forced, post = tail
    if add is not None:
        low, high = low + add, None
    if factor is not None:
        low, high = low * factor, high * factor if high is not None else None
    return _new_quantity(Quantity, (end + length, low, high, info.unit if info else None,
                                    info.kind if info else None, surface, forced or qualifier or post, numeral))


def _value_class(value: Decimal) -> int:
    """Where a value stands for the unit checks: 0 up to 10, 1 below 100, 2 from 100,
    3 from 10,000 (4176亿块 counts chips, not yuan)."""
    return 0 if value <= 10 else 1 if value < 100 else 2 if value < 10000 else 3


class _Tail(NamedTuple):
    length: int                 # characters read after the numeral (and its mark)
    add: Decimal | None         # added before the factor: 0.5 of 个半, 年半, 一吨半; 0.6 of 七成六; 0.3 of 五元三毛
    surface: str | None         # the unit as written
    info: UnitInfo | None
    factor: Decimal | None      # the unit's factor, when not 1
    forced: str | None          # more_than of 3个多月, which overrides any mark
    post: str | None            # qualifier after the unit, which a mark overrides


@lru_cache(maxsize=PHRASE_CACHE_ENTRIES)
def _tail(after: str, cn_digit_first: bool = False, value_class: int = 0) -> _Tail | None:
    """What follows a numeral (and its mark), read from the text ``after`` it: unit,
    half, 个多, small change and post qualifier. ``cn_digit_first`` and ``value_class``
    are all that the checks of 成 and 折 need of the number, and only when ``after``
    starts with one of ``_BY_VALUE``. Cached: these few characters repeat across news far
    more than the numbers do; ``_TAIL_REACH`` of them suffice.

    >>> _tail("个半小时后", True, 0)[:4]
    (4, Decimal('0.5'), '小时', UnitInfo(unit='hour', kind='duration', factor=1.0))
    >>> _tail("个月以上，")[:3], _tail("个月以上，")[5:]
    ((4, None, '个月'), (None, 'at_least'))
    >>> _tail("元6角三分，")[:3], _tail("成六，", True, 0)[:2], _tail("块多钱")[5]
    ((5, Decimal('0.63'), '元'), (2, Decimal('0.6')), 'more_than')
    """
    end, add, forced = 0, None, None
    if after[:2] == "个半" and (found := unit_at(after, 2)) and found[1].kind == "duration":
        unit: tuple[str, UnitInfo] | None = found
        add, end = _HALF, 2 + len(found[0])  # 两个半小时
    else:
        unit = _unit(after, 0, cn_digit_first, value_class)
        if unit:
            end = len(unit[0])
            nxt_char = after[end:end + 1]
            if nxt_char == "半" and unit[1].kind != "money" and after[end + 1:end + 2] not in _NOT_HALF_BEFORE:
                add, end = _HALF, end + 1  # 三成半, 一年半, 一吨半, 两米半
            elif unit[0] == "个" and after.startswith(("多", "余"), end) and (nxt := unit_at(after, end + 1)) \
                    and nxt[1].kind == "duration":
                unit, forced, end = nxt, "more_than", end + 1 + len(nxt[0])  # 3个多月
            elif unit[0] == "成" and nxt_char in DIGITS:
                add, end = Decimal(DIGITS[nxt_char]) / 10, end + 1  # 七成六
            elif unit[1].kind == "money":
                add, end, forced = _small_change(after, end, unit[0])
    info = unit[1] if unit else None
    post = _post(after, end, info)
    if post:
        end = post[0]
    if not (unit or post):
        return None
    factor = Decimal(str(info.factor)) if info and info.factor != 1 else None
    return _Tail(end, add, unit[0] if unit else None, info, factor, forced, post[1] if post else None)


def _small_change(after: str, end: int, surface: str) -> tuple[Decimal | None, int, str | None]:
    """Jiao and fen after yuan (五元三毛, 50元6角三分), cents after dollars (两美元又三美分)
    and the 多钱 of 8块多钱: what to add, where the amount ends, a qualifier."""
    if surface in ("元", "块"):
        if after.startswith("多钱", end):
            return None, end + 2, "more_than"
        m = _CHANGE_RE.match(after, end)
        if m:
            fen = _digit(m["fen"]) / 100 if m["fen"] else 0
            end = m.end() + (after[m.end():m.end() + 1] == "钱")
            return _digit(m["jiao"]) / 10 + fen, end, None
    elif surface == "美元" and (m := _CENTS_RE.match(after, end)):
        return Decimal(parse_numeral(m["cents"])) / 100, m.end(), None
    return None, end, None


def _digit(ch: str) -> Decimal:
    return Decimal(DIGITS[ch]) if ch in DIGITS else Decimal(ch)


# How far _tail reads: 个多 or 个半 before the longest unit (or 半 after it), the longest
# post qualifier and the character after it (上下游 is no qualifier).
_TAIL_REACH = 2 + max(map(len, units())) + max(map(len, qualifiers()["post"])) + 1


def _trailing_scales(numeral: str) -> tuple[Decimal | None, Decimal | None]:
    """The big and the small scale a range's second number ends with (两千万: 万, 千;
    三仟: None, 仟; 5万: 万, None).

    >>> _trailing_scales("两千万"), _trailing_scales("三仟"), _trailing_scales("五十"), _trailing_scales("500")
    ((Decimal('10000'), Decimal('1000')), (None, Decimal('1000')), (None, None), (None, None))
    """
    i = len(numeral)
    while i > 0 and numeral[i - 1] in "万亿兆":
        i -= 1
    big = parse_numeral("一" + numeral[i:]) if 0 < i < len(numeral) else None
    small = Decimal(SMALL_SCALES[numeral[i - 1]]) if i > 1 and numeral[i - 1] in "百佰千仟" else None
    return big, small


def read_quantity(text: str, pos: int) -> Quantity | None:
    """A number or a range of two at ``pos``.

    >>> q = read_quantity("3到5万元", 0); (float(q.low), float(q.high), q.unit)
    (30000.0, 50000.0, 'CNY')
    >>> q = read_quantity("10%—15%", 0); (float(q.low), float(q.high), q.unit, q.end)
    (10.0, 15.0, '%', 7)
    >>> q = read_quantity("5、6棵树", 0); (float(q.low), float(q.high), q.unit), read_quantity("1、2、3项", 0).high
    ((5.0, 6.0, '棵'), None)
    """
    first = read_one(text, pos)
    if first is None or first.high is not None or first.qualifier or first.end >= len(text):
        return first
    joiner = text[first.end]
    after_joiner = first.end + 1 + (text[first.end + 1:first.end + 2] == joiner and joiner in "-—")  # 1万元--5万元
    if text[after_joiner:after_joiner + 1] in _REPEATED_BEFORE and text[pos - 1:pos] == text[after_joiner]:
        after_joiner += 1  # 近4%至近6%: the qualifier said again before the second number
    if joiner not in _RANGE_WORDS or not (second := read_one(text, after_joiner)):
        return first
    if joiner == "-" and not (first.numeral[0].isdigit() and second.numeral[0].isdigit()):
        return first
    if joiner == "、" and not (first.unit is None and second.unit and (
            second.low == first.low + 1 < 10 and len(first.numeral) == len(second.numeral) == 1
            or second.low == first.low + 10 < 100 and first.low % 10 == 0 and len(first.numeral) == 2)):
        return first  # 5、6棵, 三、四架 and 40、50分钟 are ranges; 1、2、3 and 2019、2020年 are lists
    if first.unit and second.unit and first.unit != second.unit or (first.unit and not second.unit):
        return first
    low = first.low
    big, small = _trailing_scales(second.numeral)
    if not first.unit:
        if big and low < second.low / big:
            low *= big  # 3到5万, 一千到两千万, 八到九百亿
        elif small and not big and low < second.low / small:
            low *= small  # 两到三仟
    if second.high is not None or low >= second.low:
        return first
    return second._replace(low=low, high=second.low, numeral=first.numeral)
