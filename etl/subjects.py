"""What a number is about (its subject) and which way it moves (its direction).

Both are read from the number's own clause with the word lists in
``etl/data/extract_words.tsv``; when unsure the answer is None.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl.units import words

_BOUNDARY = "，。；：、！？（）“”‘’《》〈〉「」,;:!?()\"…—\n △"
# Where a subject read after the number ends (302款生成式人工智能服务 | 在国家网信办).
_STOP_AFTER = re.compile(r"[在进对向为被将由从与和及、之]|通过|入驻|完成|进行|开展|已经|已|获得|参展|参加|恢复|受益")
_MAX_SUBJECT = 12
_NOT_IN_SUBJECT_RE = re.compile(f"[{re.escape(_BOUNDARY)}]")
_LOOKBACK = 24  # a subject and the words around it fit in this many characters
_RIGHT_RE = re.compile(f"[^\\d{re.escape(_BOUNDARY)}]*")
_UP_TO_LAST_BOUNDARY_RE = re.compile(f".*[{re.escape(_BOUNDARY)}]", re.DOTALL)


def clause_start(text: str, start: int, floor: int = 0) -> int:
    """Index after the last clause boundary before ``start`` (not before ``floor``).

    >>> clause_start("涉及6类产品，合格率96.8%", 13, 0)
    7
    """
    begin = max(floor, start - _LOOKBACK)
    m = _UP_TO_LAST_BOUNDARY_RE.match(text, begin, start)
    return m.end() if m else begin


@lru_cache(maxsize=1)
def _direction_re() -> re.Pattern[str]:
    table = words()
    alternatives = sorted(table["increase"] | table["decrease"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alternatives)))


@lru_cache(maxsize=1)
def _affix_res() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...], re.Pattern[str]]:
    table = words()

    def alternation(role: str) -> str:
        return "|".join(map(re.escape, sorted(table[role], key=len, reverse=True)))
    return (re.compile(f"(?:{alternation('lead')})+(?=.)"), re.compile(f"(?:{alternation('trail')})+$"),
            tuple(table["count"]), re.compile(f"(?:{alternation('verb')})"))


def _strip(phrase: str) -> str:
    """Drop leading and trailing function words and verbs.

    >>> _strip("其中生产企业"), _strip("地区生产总值达到"), _strip("发现不合格产品")
    ('生产企业', '地区生产总值', '不合格产品')
    """
    lead, trail = _affix_res()[:2]
    for _ in range(2):
        if m := lead.match(phrase):
            phrase = phrase[m.end():]
        if m := trail.search(phrase):
            phrase = phrase[:m.start()]
    return phrase


def _plausible(phrase: str) -> bool:
    return 2 <= len(phrase) <= _MAX_SUBJECT and not _NOT_IN_SUBJECT_RE.search(phrase)


def find_subject(text: str, start: int, end: int, clause: int, counted: bool = True) -> str | None:
    """The metric or item a number at [start, end) is about; ``clause`` is where its
    clause starts (``clause_start``), ``counted`` whether its unit is a measure word.

    >>> find_subject("涉及6类产品1477批次，合格率96.8%。", 16, 21, 13)
    '合格率'
    >>> find_subject("我国共有302款生成式人工智能服务在国家网信办完成备案", 4, 8, 0)
    '生成式人工智能服务'
    """
    raw = text[clause:start]
    counts_after = counted and raw.endswith(_affix_res()[2])
    if not counts_after:
        verb = None
        for verb in _affix_res()[3].finditer(raw):
            pass
        if verb is not None and len(raw) - verb.end() >= 2:
            raw = raw[verb.end():]  # 共检测样品2056份: the item is 样品
    left = _strip(raw)
    if _plausible(left) and not counts_after:
        return left
    if left and not counts_after:
        return None
    right = _RIGHT_RE.match(text, end, end + _LOOKBACK).group()
    stop = _STOP_AFTER.search(right)
    right = _strip(right[:stop.start()] if stop else right)
    return right if _plausible(right) else None


def find_direction(text: str, start: int, clause: int) -> str | None:
    """increase / decrease when a verb of change governs the number at ``start``.

    >>> find_direction("同比增长5.2%", 4, 0), find_direction("比上年下降0.3个百分点", 5, 0)
    ('increase', 'decrease')
    >>> find_direction("合格率96.8%", 3, 0) is None
    True
    """
    window = text[max(clause, start - 6):start]
    found = None
    for found in _direction_re().finditer(window):
        pass
    if found is None:
        return None
    return "increase" if found.group() in words()["increase"] else "decrease"
