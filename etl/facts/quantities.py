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

from etl.facts.numerals import DIGITS, NUMERAL_RE, PLAIN_NUMERAL_RE, SMALL_SCALES, parse_numeral, parse_range
from etl.facts.units import UnitInfo, post_qualifier, qualifiers, unit_at, units

_RANGE_WORDS = "至到—–~～-"
_SCALE_CHARS = "".join(SMALL_SCALES) + "万亿"
_NOT_PERCENT_AFTER_CHENG = set("为本果绩员功立就都交品熟长型年效全绩像")
_NOT_QUALIFIER_AFTER_SHANGXIA = set("游级班楼文层下")
_HALF = Decimal("0.5")
_SCALES_RE = re.compile(r"[万亿]+")
_MARKS = qualifiers()["mark"]
_BY_VALUE = ("成", "块")  # the units whose reading depends on the number (_unit)


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
    """
    ch = text[pos:pos + 1]
    table = _MARKS
    if ch not in table:
        return None
    rest = text[pos + 1:pos + 2]
    found = unit_at(text, pos + 1)
    if found or (ch != "来" and (rest in ("", "万", "亿") or not ("\u4e00" <= rest <= "\u9fff"))):
        return ch, table[ch]
    return None


def _unit(text: str, pos: int, cn_digit_first: bool, value_class: int) -> tuple[str, UnitInfo] | None:
    """The unit at ``pos``, with the checks that tell 两成 from 成为 and 10块 from 一块石头
    (``value_class`` as from ``_value_class``)."""
    found = unit_at(text, pos)
    if found is None:
        return None
    surface, info = found
    after = text[pos + len(surface):pos + len(surface) + 1]
    if surface == "成" and (after in _NOT_PERCENT_AFTER_CHENG or value_class > 0):
        return None
    if surface == "块" and cn_digit_first and after != "钱" and value_class < 2:
        return surface, UnitInfo("块", "quantity", 1.0)
    if surface in ("块", "块钱"):
        return surface, UnitInfo("CNY", "money", 1.0)
    return found


def _post(text: str, pos: int, info: UnitInfo | None) -> tuple[int, str] | None:
    """Qualifier after the unit: 左右, 以上, 内 after a duration, 多 in 一年多."""
    found = post_qualifier(text, pos)
    if found and not (found[0] == "上下" and text[pos + 2:pos + 3] in _NOT_QUALIFIER_AFTER_SHANGXIA):
        return pos + len(found[0]), found[1]
    if info and info.kind == "duration":
        if text[pos:pos + 1] == "内":
            return pos + 1, "at_most"
        if text.startswith(("多", "余"), pos) and not ("\u4e00" <= text[pos + 1:pos + 2] <= "\u9fff"):
            return pos + 1, "more_than"
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
    length, half, surface, info, factor, forced, post = tail
    if half:
        low, high = low + _HALF, None
    if factor is not None:
        low, high = low * factor, high * factor if high is not None else None
    return _new_quantity(Quantity, (end + length, low, high, info.unit if info else None,
                                    info.kind if info else None, surface, forced or qualifier or post, numeral))


def _value_class(value: Decimal) -> int:
    """Where a value stands for the unit checks: 0 up to 10, 1 below 100, 2 from 100."""
    return 0 if value <= 10 else 1 if value < 100 else 2


class _Tail(NamedTuple):
    length: int                 # characters read after the numeral (and its mark)
    half: bool                  # 个半, 年半, 成半: add 0.5
    surface: str | None         # the unit as written
    info: UnitInfo | None
    factor: Decimal | None      # the unit's factor, when not 1
    forced: str | None          # more_than of 3个多月, which overrides any mark
    post: str | None            # qualifier after the unit, which a mark overrides


@lru_cache(maxsize=65536)
def _tail(after: str, cn_digit_first: bool = False, value_class: int = 0) -> _Tail | None:
    """What follows a numeral (and its mark), read from the text ``after`` it: unit,
    half, 个多 and post qualifier. ``cn_digit_first`` and ``value_class`` are all that
    the checks of 成 and 块 need of the number, and only when ``after`` starts with one
    of ``_BY_VALUE``. Cached: these few characters repeat across news far more than the
    numbers do; ``_TAIL_REACH`` of them suffice.

    >>> _tail("个半小时后", True, 0)[:4]
    (4, True, '小时', UnitInfo(unit='hour', kind='duration', factor=1.0))
    >>> _tail("个月以上，")[:3], _tail("个月以上，")[5:]
    ((4, False, '个月'), (None, 'at_least'))
    """
    end, half, forced = 0, False, None
    if after[:2] == "个半" and (found := unit_at(after, 2)) and found[1].kind == "duration":
        unit: tuple[str, UnitInfo] | None = found
        half, end = True, 2 + len(found[0])  # 两个半小时
    else:
        unit = _unit(after, 0, cn_digit_first, value_class)
        if unit:
            end = len(unit[0])
            if after[end:end + 1] == "半" and unit[1].kind in ("duration", "percent"):
                half, end = True, end + 1  # 三成半, 一年半
            elif unit[0] == "个" and after.startswith(("多", "余"), end) and (nxt := unit_at(after, end + 1)) \
                    and nxt[1].kind == "duration":
                unit, forced, end = nxt, "more_than", end + 1 + len(nxt[0])  # 3个多月
    info = unit[1] if unit else None
    post = _post(after, end, info)
    if post:
        end = post[0]
    if not (unit or post):
        return None
    factor = Decimal(str(info.factor)) if info and info.factor != 1 else None
    return _Tail(end, half, unit[0] if unit else None, info, factor, forced, post[1] if post else None)


# How far _tail reads: 个多 or 个半 before the longest unit (or 半 after it), the longest
# post qualifier and the character after it (上下游 is no qualifier).
_TAIL_REACH = 2 + max(map(len, units())) + max(map(len, qualifiers()["post"])) + 1


def _trailing_scale(numeral: str) -> Decimal | None:
    """The scale a range's second number ends with (3到5万: 万)."""
    i = len(numeral)
    while i > 0 and numeral[i - 1] in "万亿":
        i -= 1
    if i == len(numeral) or i == 0:
        return None
    return parse_numeral("一" + numeral[i:])


def read_quantity(text: str, pos: int) -> Quantity | None:
    """A number or a range of two at ``pos``.

    >>> q = read_quantity("3到5万元", 0); (float(q.low), float(q.high), q.unit)
    (30000.0, 50000.0, 'CNY')
    >>> q = read_quantity("10%—15%", 0); (float(q.low), float(q.high), q.unit, q.end)
    (10.0, 15.0, '%', 7)
    """
    first = read_one(text, pos)
    if first is None or first.high is not None or first.qualifier or first.end >= len(text):
        return first
    joiner = text[first.end]
    if joiner not in _RANGE_WORDS or not (second := read_one(text, first.end + 1)):
        return first
    if joiner == "-" and not (first.numeral[0].isdigit() and second.numeral[0].isdigit()):
        return first
    if first.unit and second.unit and first.unit != second.unit or (first.unit and not second.unit):
        return first
    low = first.low
    scale = _trailing_scale(second.numeral)
    if scale and not first.unit and not any(c in _SCALE_CHARS for c in first.numeral):
        base = second.low / scale
        if low < base:
            low *= scale
    if second.high is not None or low >= second.low:
        return first
    return second._replace(low=low, high=second.low, numeral=first.numeral)
