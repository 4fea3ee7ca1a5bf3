"""Read one number with what sticks to it: approximation mark, scale, unit, qualifier.

``read_quantity`` is the careful parse behind ``etl.extract``: it starts at a numeral
and returns its value (exactly, as ``Decimal``), unit and qualifier, merging ranges
such as ``300元至500元`` and ``3到5万元``.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from etl.numerals import DIGITS, NUMERAL_RE, PLAIN_NUMERAL_RE, SMALL_SCALES, parse_numeral, parse_range
from etl.units import UnitInfo, post_qualifier, qualifiers, unit_at

_RANGE_WORDS = "至到—–~～-"
_SCALE_CHARS = "".join(SMALL_SCALES) + "万亿"
_NOT_PERCENT_AFTER_CHENG = set("为本果绩员功立就都交品熟长型年效全绩像")
_NOT_QUALIFIER_AFTER_SHANGXIA = set("游级班楼文层下")
_HALF = Decimal("0.5")
_SCALES_RE = re.compile(r"[万亿]+")
_MARKS = qualifiers()["mark"]


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


def _unit(text: str, pos: int, numeral: str, value: Decimal) -> tuple[str, UnitInfo] | None:
    """The unit at ``pos``, with the checks that tell 两成 from 成为 and 10块 from 一块石头."""
    found = unit_at(text, pos)
    if found is None:
        return None
    surface, info = found
    after = text[pos + len(surface):pos + len(surface) + 1]
    if surface == "成" and (after in _NOT_PERCENT_AFTER_CHENG or value > 10):
        return None
    if surface == "块" and numeral[0] in DIGITS and after != "钱" and value < 100:
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
    m = PLAIN_NUMERAL_RE.match(text, pos) or NUMERAL_RE.match(text, pos)
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
    if text[end:end + 2] == "个半" and (found := unit_at(text, end + 2)) and found[1].kind == "duration":
        unit: tuple[str, UnitInfo] | None = found
        low, high, end = low + _HALF, None, end + 2 + len(found[0])  # 两个半小时
    else:
        unit = _unit(text, end, numeral, low)
        if unit:
            end += len(unit[0])
            if text[end:end + 1] == "半" and unit[1].kind in ("duration", "percent"):
                low, high, end = low + _HALF, None, end + 1  # 三成半, 一年半
            elif unit[0] == "个" and text.startswith(("多", "余"), end) and (nxt := unit_at(text, end + 1)) \
                    and nxt[1].kind == "duration":
                unit, qualifier, end = nxt, "more_than", end + 1 + len(nxt[0])  # 3个多月
    info = unit[1] if unit else None
    post = _post(text, end, info)
    if post:
        end, qualifier = post[0], qualifier or post[1]
    if info and info.factor != 1:
        factor = Decimal(str(info.factor))
        low, high = low * factor, high * factor if high is not None else None
    return _new_quantity(Quantity, (end, low, high, info.unit if info else None, info.kind if info else None,
                                    unit[0] if unit else None, qualifier, numeral))


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
