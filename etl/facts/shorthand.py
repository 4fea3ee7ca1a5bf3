"""Numbers written without a digit before their unit: 半 (一半, 半价, 半小时) and a scale
word alone after 过/破 (老年人口过亿, 年薪过万元)."""
from __future__ import annotations

from decimal import Decimal

from etl.facts.fact import Fact, make_fact
from etl.facts.quantities import read_quantity
from etl.facts.subjects import read_context
from etl.facts.units import fixed, fixed_rows, lexicon_hit, unit_at

_FIXED = fixed()
_FIXED_VALUES = {phrase: (kind, Decimal(value), None if unit == "-" else unit)
                 for phrase, kind, value, unit in fixed_rows()}
_HALF = Decimal("0.5")
_NOT_HALF_AFTER = frozenset("上下前后多大")  # 上半年, 前半场, 多半: no half of anything
# 过亿, 破万, 超百万: the scale is the threshold passed. 上万 and 数万 are vague (no fact).
PASSED_BEFORE = frozenset("过破超逾")
SCALES_ALONE = frozenset("百千万亿")


def half_at(text: str, start: int, run_end: int, numeral: str, floor: int) -> tuple[Fact | None, int]:
    """A run with 半 in it: a fixed phrase (一半, 半价), 半 before a unit of time (半小时)
    or nothing (上半年 is the dates' business, 半导体 no number)."""
    if (hit := lexicon_hit(_FIXED, text, start, numeral)) and hit[0] >= floor:
        kind, value, unit = _FIXED_VALUES[text[hit[0]:hit[1]]]
        return make_fact(text, hit[0], hit[1], kind, value, None, unit, "exact"), hit[1]
    if numeral == "半" and text[start - 1:start] not in _NOT_HALF_AFTER and (
            found := unit_at(text, run_end)) and found[1].kind == "duration" and found[0] not in ("日", "月"):
        quantity = read_quantity("1" + text[run_end:], 0)
        if quantity is not None and quantity.kind == "duration":
            end = run_end + quantity.end - 1
            return make_fact(text, start, end, "duration", _HALF, None, quantity.unit,
                             quantity.qualifier or "exact"), end
    return None, run_end


def passed_scale_at(text: str, start: int, floor: int) -> Fact | None:
    """过亿, 破万元: more than one of the scale, in the unit that follows; the 过 joins the span.

    >>> f = passed_scale_at("老年人口过亿的国家", 5, 0); (f.surface, f.value, f.unit, f.qualifier, f.subject)
    ('过亿', 100000000.0, None, 'more_than', '老年人口')
    >>> passed_scale_at("年薪破万元", 3, 0).kind, passed_scale_at("年过百岁", 2, 0).unit
    ('money', '岁')
    """
    q = read_quantity("1" + text[start:], 0)
    if q is None or q.high is not None or q.kind in ("date", "ordinal"):
        return None
    begin, end = start - 1, start + q.end - 1
    subject = read_context(text, begin, end, floor, False, noun_after=q.kind == "money")[0]
    return Fact(begin, end, text[begin:end], q.kind or "quantity", float(q.low), None, q.unit, "more_than", subject)
