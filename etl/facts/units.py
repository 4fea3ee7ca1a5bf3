"""Lexicons for number extraction, loaded once from ``etl/data/extract_*``.

Units, measure words, qualifiers, name and idiom lists, and the words that steer
subject and direction are data, not code: edit the files to teach the extractor.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import re

from etl.facts.numerals import CN_NUMERAL_CHARS, NUMERAL_RUN_RE
from etl import data

DATA = data.DATA_DIR
_HALF_RUN_RE = re.compile(f"[0-9{CN_NUMERAL_CHARS}半]+")


class UnitInfo(NamedTuple):
    unit: str
    kind: str  # money | quantity | duration | percent | pp | ratio | ordinal
    factor: float


def _rows(name: str) -> Iterable[list[str]]:
    """Non-comment, non-blank lines of a data file, split on tabs."""
    path = DATA / name
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def units() -> dict[str, UnitInfo]:
    """Unit surface → info; measure words map to themselves as quantities.

    >>> units()["亿元"] if "亿元" in units() else units()["元"]
    UnitInfo(unit='CNY', kind='money', factor=1.0)
    >>> units()["批次"]
    UnitInfo(unit='批次', kind='quantity', factor=1.0)
    """
    table = {row[0]: UnitInfo(row[0], "quantity", 1.0) for row in _rows("extract_measure_words.txt")}
    for row in _rows("extract_units.tsv"):
        if len(row) < 3:
            raise ValueError(f"etl/data/extract_units.tsv: need surface, unit, kind in {row!r}")
        table[row[0]] = UnitInfo(row[1], row[2], float(row[3]) if len(row) > 3 else 1.0)
    for symbol, unit, kind, factor, case in _rows("extract_unit_symbols.tsv"):
        info = UnitInfo(unit, kind, float(factor))
        for spelling in (_spellings(symbol) if case == "any" else (symbol,)):
            table.setdefault(spelling, info)
    return table


@lru_cache(maxsize=1)
def measures() -> frozenset[str]:
    """Surfaces of units that measure (斤, 亩, 吨), not measure words that count (人, 家, 个).

    >>> "斤" in measures(), "人" in measures()
    (True, False)
    """
    return frozenset(row[0] for row in _rows("extract_units.tsv") if row[2] == "quantity")


def _spellings(symbol: str) -> set[str]:
    """Every upper/lower-case spelling of a symbol.

    >>> sorted(_spellings("km"))
    ['KM', 'Km', 'kM', 'km']
    """
    spellings = {""}
    for ch in symbol:
        spellings = {s + c for s in spellings for c in {ch.lower(), ch.upper()}}
    return spellings


def _lengths_by_char(entries: Iterable[str], at: int) -> dict[str, tuple[int, ...]]:
    """Entry lengths, longest first, keyed by the entry's character at ``at`` (0: first,
    -1: last), so that a lookup first rejects text no entry can match with one dict probe.

    >>> _lengths_by_char(["左右", "以上", "左"], 0)
    {'左': (2, 1), '以': (2,)}
    """
    by: dict[str, set[int]] = {}
    for entry in entries:
        by.setdefault(entry[at], set()).add(len(entry))
    return {ch: tuple(sorted(lengths, reverse=True)) for ch, lengths in by.items()}


def unit_at(text: str, pos: int) -> tuple[str, UnitInfo] | None:
    """Longest unit starting at ``pos``.

    >>> unit_at("1477批次，", 4)
    ('批次', UnitInfo(unit='批次', kind='quantity', factor=1.0))
    >>> unit_at("身高168CM", 5)[1].unit, unit_at("用时5mins", 3)
    ('cm', None)
    """
    lengths = _UNIT_LENGTHS.get(text[pos:pos + 1])
    if lengths is None:
        return None
    for n in lengths:
        surface = text[pos:pos + n]
        if surface in _UNITS and not (surface[-1].isascii() and surface[-1].isalpha()
                                      and _latin_letter(text[pos + n:pos + n + 1])):
            return surface, _UNITS[surface]
    return None


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@lru_cache(maxsize=1)
def currency_symbols() -> dict[str, str]:
    """Symbol written before a number → ISO 4217 code (￥ → CNY, HK$ → HKD)."""
    return {symbol: code for symbol, code in _rows("extract_currency_symbols.tsv")}


def _longest_ending_at(text: str, end: int, floor: int, table: dict[str, str],
                       lengths_by_last_char: dict[str, tuple[int, ...]]) -> tuple[str, str] | None:
    """Longest key of ``table`` ending at ``end`` (not before ``floor``), as (key, value).

    ``lengths_by_last_char`` lists, longest first, the key lengths per final character, so
    most positions cost one dict probe.
    """
    if end <= floor or (lengths := lengths_by_last_char.get(text[end - 1])) is None:
        return None
    for n in lengths:
        if end - n >= floor and (word := text[end - n:end]) in table:
            return word, table[word]
    return None


def currency_before(text: str, pos: int, floor: int = 0) -> tuple[str, str] | None:
    """Longest currency symbol ending at ``pos``, as (symbol, ISO code).

    >>> currency_before("总额￥28,694", 3), currency_before("HK$5亿", 3)
    (('￥', 'CNY'), ('HK$', 'HKD'))
    """
    return _longest_ending_at(text, pos, floor, _CURRENCIES, _CURRENCY_LENGTHS)


@lru_cache(maxsize=1)
def qualifiers() -> dict[str, dict[str, str]]:
    """{"pre" | "mark" | "post" | "modal": {surface: qualifier}}."""
    table: dict[str, dict[str, str]] = {"pre": {}, "mark": {}, "post": {}, "modal": {}}
    for surface, position, qualifier, *_ in _rows("extract_qualifiers.tsv"):
        table[position][surface] = qualifier
    return table


@lru_cache(maxsize=1)
def far_bounds() -> dict[str, str]:
    """Bound words that also read past the base of a share (还不到餐馆总数量的10%), as
    {surface: qualifier}.

    >>> far_bounds()["不及"], far_bounds()["超过"]
    ('less_than', 'more_than')
    """
    return {row[0]: row[2] for row in _rows("extract_qualifiers.tsv") if row[3:4] == ["far"]}


def pre_qualifier(text: str, end: int, floor: int = 0) -> tuple[str, str] | None:
    """Longest qualifier word ending at ``end``, as (surface, qualifier); 最近 and
    附近 are listed as exact so that their 近 is not read as approx.

    >>> pre_qualifier("规模近6000", 3), pre_qualifier("最近3年", 2)
    (('近', 'approx'), ('最近', 'exact'))
    """
    return _longest_ending_at(text, end, floor, _PRE, _PRE_LENGTHS)


def post_qualifier(text: str, pos: int) -> tuple[str, str] | None:
    """Qualifier word starting at ``pos`` (左右, 以上, ...).

    >>> post_qualifier("20%左右。", 3)
    ('左右', 'approx')
    """
    lengths = _POST_LENGTHS.get(text[pos:pos + 1])
    if lengths is None:
        return None
    table = _POST
    for n in lengths:
        if text[pos:pos + n] in table:
            return text[pos:pos + n], table[text[pos:pos + n]]
    return None


# Numeral run → [(offset of the run in an entry, entry length, entries of that shape)],
# longest entries first: one slice and one set lookup per shape.
LexiconIndex = dict[str, list[tuple[int, int, frozenset[str]]]]


def _index(entries: Iterable[str], first_only: bool = False) -> LexiconIndex:
    """Index entries by the numeral runs they contain."""
    shapes: dict[str, dict[tuple[int, int], set[str]]] = {}
    for entry in entries:
        for m in NUMERAL_RUN_RE.finditer(entry):
            shapes.setdefault(m.group(), {}).setdefault((m.start(), len(entry)), set()).add(entry)
            if first_only:
                break
    return {run: [(off, n, frozenset(group)) for (off, n), group in sorted(by.items(), key=lambda kv: -kv[0][1])]
            for run, by in shapes.items()}  # longest entries first


@lru_cache(maxsize=1)
def negatives() -> LexiconIndex:
    """Words whose numerals are not numbers (统一, 之一, 千行百业), indexed by numeral run."""
    return _index(row[0] for row in _rows("extract_negatives.txt"))


@lru_cache(maxsize=1)
def names() -> LexiconIndex:
    """Names that contain numerals (十四五, 二月半), indexed by their first numeral run."""
    return _index((row[0] for row in _rows("extract_names.txt")), first_only=True)


@lru_cache(maxsize=1)
def fixed_rows() -> list[list[str]]:
    """Phrases with a value of their own (一半, 半价): phrase, kind, value, unit."""
    return list(_rows("extract_fixed.tsv"))


@lru_cache(maxsize=1)
def fixed() -> LexiconIndex:
    """``fixed_rows`` indexed by the run of numeral characters and 半 they contain."""
    shapes: dict[str, dict[tuple[int, int], set[str]]] = {}
    for phrase, *_ in fixed_rows():
        m = _HALF_RUN_RE.search(phrase)
        shapes.setdefault(m.group(), {}).setdefault((m.start(), len(phrase)), set()).add(phrase)
    return {run: [(off, n, frozenset(group)) for (off, n), group in sorted(by.items(), key=lambda kv: -kv[0][1])]
            for run, by in shapes.items()}


def lexicon_hit(index: LexiconIndex, text: str, start: int, numeral: str) -> tuple[int, int] | None:
    """Span of a lexicon entry around the numeral run at ``start``, if one is there.

    >>> lexicon_hit(negatives(), "推进一体化协同", 2, "一")
    (2, 5)
    """
    for offset, length, group in index.get(numeral, ()):
        begin = start - offset
        if begin >= 0 and text[begin:begin + length] in group:
            return begin, begin + length
    return None


@lru_cache(maxsize=1)
def words() -> dict[str, set[str]]:
    """Role → words: increase, decrease, lead, trail."""
    table: dict[str, set[str]] = {}
    for word, role in _rows("extract_words.tsv"):
        table.setdefault(role, set()).add(word)
    return table


# The tables behind the lookups above, which run for every number: loaded once, at import.
_UNITS = units()
_UNIT_LENGTHS = _lengths_by_char(_UNITS, 0)
_CURRENCIES = currency_symbols()
_CURRENCY_LENGTHS = _lengths_by_char(_CURRENCIES, -1)
_PRE, _POST = qualifiers()["pre"], qualifiers()["post"]
_PRE_LENGTHS, _POST_LENGTHS = _lengths_by_char(_PRE, -1), _lengths_by_char(_POST, 0)
