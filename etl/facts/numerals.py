"""Parse Arabic, Chinese and mixed numerals exactly, with ``Decimal``.

A numeral here is the number itself (``8,652.3``, ``3.2万亿``, ``一千零十``, ``两三百``),
without units or qualifiers; ``etl.facts.extract`` finds the spans and calls these.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
SMALL_SCALES: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# 兆 is 10^12 as a number (營收1.2兆元, in Taiwan and Hong Kong money); before a unit it is
# mega (兆瓦, 兆帕), which _CN_CHAR leaves to the unit.
BIG_SCALES: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "万亿": 10**12, "兆": 10**12}
BIG_SCALE_CHARS = "万萬亿億兆"

CN_DIGIT_CHARS = "".join(DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "".join(SMALL_SCALES) + BIG_SCALE_CHARS

# 千 and 兆 starting a unit (千米, 千克, 兆瓦, 兆赫) are not part of the numeral, except 千
# before 米 after a Chinese digit: 两千米, 三千米 are thousands of metres (120千米 is km).
_CN_CHAR = (f"(?:[{CN_NUMERAL_CHARS.replace('千', '').replace('兆', '')}]|千(?![米克瓦卡帕伏焦])"
            f"|(?<=[{CN_DIGIT_CHARS}])千(?=米)|兆(?![瓦帕赫字比焦欧]))")

# One numeral: Arabic (with thousands separators or decimals), Chinese, or both mixed
# (3.2万亿, 3万4000).
NUMERAL_PATTERN = rf"""
    (?: \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?      # 8,652.3
      | \d+(?:\.\d+)?                        # 96.8
      | {_CN_CHAR}
    )
    (?: \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?
      | \d+(?:\.\d+)?
      | 点[{CN_DIGIT_CHARS}]+                 # 二十六点八
      | {_CN_CHAR}
    )*
"""
NUMERAL_RE = re.compile(NUMERAL_PATTERN, re.VERBOSE)
# NUMERAL_RE's most common match, found faster: Arabic digits followed by nothing that
# NUMERAL_RE would take in (a digit, separator, 点 or Chinese numeral character).
PLAIN_NUMERAL_RE = re.compile(rf"\d+(?:\.\d+)?(?![\d.,点{CN_NUMERAL_CHARS}])")
# The fast scan: maximal runs of numeral characters, where a careful parse may start.
NUMERAL_RUN_RE = re.compile(f"[0-9{CN_NUMERAL_CHARS}]+")
RUN_CHARS = frozenset("0123456789" + CN_NUMERAL_CHARS)  # what NUMERAL_RUN_RE runs over

_TOKEN_RE = re.compile(rf"\d[\d,]*(?:\.\d+)?|点[{CN_DIGIT_CHARS}]+|万亿|.")
_ARABIC_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Second digit of an approximate pair, by the first: 一两, 两三, 七八, and 三五 (a few).
_PAIR_HIGH = {1: {"二": 2, "两": 2}, 2: {"三": 3}, 3: {"四": 4, "五": 5}, 4: {"五": 5}, 5: {"六": 6},
              6: {"七": 7}, 7: {"八": 8}, 8: {"九": 9}}


_BIG_VALUES = frozenset(BIG_SCALES.values())


def parse_arabic(text: str) -> Decimal:
    """An Arabic number with optional thousands separators, exactly.

    >>> parse_arabic("8,652.3")
    Decimal('8652.3')
    >>> parse_arabic("1,02")
    Traceback (most recent call last):
    ValueError: not an Arabic number: '1,02'
    """
    if not _ARABIC_RE.fullmatch(text):
        raise ValueError(f"not an Arabic number: {text!r}")
    return Decimal(text.replace(",", ""))


def _digit_string(text: str) -> Decimal:
    """Digits read one by one, as in years.

    >>> _digit_string("二〇二四")
    Decimal('2024')
    """
    return Decimal("".join(str(DIGITS[c]) for c in text))


def _fraction(digits: str) -> Decimal:
    return Decimal("0." + "".join(str(DIGITS[c]) for c in digits))


def parse_numeral(text: str) -> Decimal:
    """Value of one Chinese, Arabic or mixed numeral; ValueError when malformed.

    >>> [float(parse_numeral(t)) for t in ["3.2万亿", "3万4000", "一万二", "二十六点八", "一千零十"]]
    [3200000000000.0, 34000.0, 12000.0, 26.8, 1010.0]
    >>> str(parse_numeral("一万二千三百四十五亿六千七百八十九万零一百二十三"))
    '1234567890123'
    >>> [float(parse_numeral(t)) for t in ["一万万", "1.2兆", "三亿亿", "一七二零点一"]]
    [100000000.0, 1200000000000.0, 3e+16, 1720.1]
    """
    if not text:
        raise ValueError("empty numeral")
    if len(text) > 1 and all(c in DIGITS for c in text):
        return _digit_string(text)
    head, point, tail = text.partition("点")
    if point and len(head) > 1 and all(c in DIGITS for c in head) and tail and all(c in DIGITS for c in tail):
        return _digit_string(head) + _fraction(tail)  # 一七二零点一
    total = section = Decimal(0)
    current: Decimal | None = None
    last_big = 0
    last_scale = 0
    after_scale = zero = arabic = False
    for tok in _TOKEN_RE.findall(text):
        if tok[0].isdigit():
            if current is not None:
                raise ValueError(f"two numbers in a row in {text!r}")
            current, arabic, after_scale = parse_arabic(tok), True, False
        elif tok in DIGITS:
            if current is not None:
                raise ValueError(f"two digits in a row in {text!r}")
            if DIGITS[tok] == 0:
                zero = True
                continue
            current, arabic = Decimal(DIGITS[tok]), False
        elif tok[0] == "点" and len(tok) > 1:
            frac = _fraction(tok[1:])
            if current is not None:
                current += frac
            elif section:
                section += frac
            elif total:
                total += frac  # 一万点一: the point follows a big scale
            elif zero:
                current = frac  # 零点六
            else:
                raise ValueError(f"decimal point without a number in {text!r}")
            after_scale = False
        elif tok in SMALL_SCALES:
            scale = SMALL_SCALES[tok]
            if current is None and section and scale != 10:
                raise ValueError(f"misplaced {tok} in {text!r}")
            section += (current if current is not None else 1) * scale
            current, last_scale, after_scale, zero = None, scale, True, False
        elif tok in BIG_SCALES:
            scale = BIG_SCALES[tok]
            part = section + (current or 0)
            if not part and not total:
                part = Decimal(1)  # 万亿元 = 一万亿元
            if not part and last_scale in _BIG_VALUES:
                total *= scale  # 一万万 = 10^8: a big scale right after a big scale multiplies
            elif scale > last_big:
                total = (total + part) * scale
            else:
                total = total + part * scale
            section, current = Decimal(0), None
            last_big = max(last_big, scale)
            last_scale, after_scale, zero = scale, True, False
        else:
            raise ValueError(f"not a numeral character {tok!r} in {text!r}")
    if current is not None and not arabic and _abbreviated(after_scale, zero, last_scale):
        current *= last_scale // 10  # 一万二 = 12000
    return total + section + (current or 0)


def _abbreviated(after_scale: bool, zero: bool, last_scale: int) -> bool:
    """A lone digit right after a scale abbreviates the next lower place (一万二).

    >>> _abbreviated(True, False, 10000), _abbreviated(True, True, 100)
    (True, False)
    """
    return after_scale and not zero and last_scale >= 100


@lru_cache(maxsize=8192)
def parse_range(text: str) -> tuple[Decimal, Decimal | None]:
    """Value and upper bound of a numeral; adjacent digits mean a range. Cached: news
    repeats its numerals, and the ``Decimal`` values are immutable.

    >>> [tuple(map(str, (lo, hi))) for lo, hi in map(parse_range, ["两三百", "二三十", "十二三", "一二", "三五"])]
    [('200', '300'), ('20', '30'), ('12', '13'), ('1', '2'), ('3', '5')]
    >>> parse_range("1.28万") == (Decimal(12800), None)
    True
    """
    if _plain_decimal(text):
        return Decimal(text), None  # 2024, 96.8: the common cases, without the regex
    head = text.rstrip("万亿兆")
    if head != text and _plain_decimal(head) and (scale := BIG_SCALES.get(text[len(head):])) and Decimal(head):
        return Decimal(head) * scale, None  # 3.2万亿, 1477万 (0万 is left to parse_numeral)
    if text[0].isdigit() and _ARABIC_RE.fullmatch(text):
        return parse_arabic(text), None
    pair = _pair_at(text, 0)
    if pair and all(c in SMALL_SCALES or c in BIG_SCALES for c in text[2:]):
        unit = parse_numeral("一" + text[2:]) if len(text) > 2 else Decimal(1)
        return pair[0] * unit, pair[1] * unit
    if len(text) >= 3 and text[-3] in "十拾" and _pair_at(text, len(text) - 2):
        base = parse_numeral(text[:-2])
        low, high = _pair_at(text, len(text) - 2)  # type: ignore[misc]
        return base + low, base + high
    return parse_numeral(text), None


def _plain_decimal(text: str) -> bool:
    """ASCII digits with at most one decimal point inside, as ``Decimal`` reads them.

    >>> _plain_decimal("96.8"), _plain_decimal("1,024"), _plain_decimal("5."), _plain_decimal("")
    (True, False, False, False)
    """
    return text.isascii() and text.replace(".", "", 1).isdigit() and text[0] != "." != text[-1]


def _pair_at(text: str, i: int) -> tuple[Decimal, Decimal] | None:
    """Two adjacent digits (两三, 七八) starting at ``i``, as (low, high)."""
    if len(text) < i + 2 or text[i] not in DIGITS:
        return None
    low = DIGITS[text[i]]
    high = _PAIR_HIGH.get(low, {}).get(text[i + 1])
    return (Decimal(low), Decimal(high)) if high else None


def to_float(value: Decimal | None) -> float | None:
    """Exact decimal to the nearest float (no 1.5699999 drift).

    >>> to_float(Decimal("1.57")), to_float(None)
    (1.57, None)
    """
    return None if value is None else float(value)
