"""What a number is about (its subject) and which way it moves (its direction).

Both are read from the number's own clause with the word lists in
``etl/data/extract_words.tsv``; when unsure the answer is None.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl.facts.units import words

_BOUNDARY = "，。；：、！？（）“”‘’《》〈〉「」,;:!?()\"…—\n △"
# Where a subject read after the number ends (302款生成式人工智能服务 | 在国家网信办).
_STOP_AFTER = re.compile(r"[在进对向为被将由从与和及、之]|通过|入驻|完成|进行|开展|已经|已|获得|参展|参加|恢复|受益")
_MAX_SUBJECT = 12
_NOT_IN_SUBJECT_RE = re.compile(f"[{re.escape(_BOUNDARY)}]")
_LOOKBACK = 24  # a subject and the words around it fit in this many characters
_RIGHT_RE = re.compile(f"[^\\d{re.escape(_BOUNDARY)}]*")
_UP_TO_LAST_BOUNDARY_RE = re.compile(f".*[{re.escape(_BOUNDARY)}]", re.DOTALL)


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


def read_context(text: str, start: int, end: int, floor: int = 0, counted: bool = True,
                 with_subject: bool = True) -> tuple[str | None, str | None]:
    """Subject (the metric or item) and direction of the number at [start, end), read
    in its clause, which begins after the last boundary before ``start`` and not before
    ``floor``; ``counted`` tells whether its unit is a measure word.

    >>> read_context("涉及6类产品1477批次，合格率96.8%。", 16, 21, 13, False)
    ('合格率', None)
    >>> read_context("我国共有302款生成式人工智能服务在国家网信办完成备案", 4, 8)
    ('生成式人工智能服务', None)
    >>> read_context("比上年下降0.3个百分点", 5, 12, 0, False, with_subject=False)
    (None, 'decrease')
    """
    subject, direction = _context(text[max(floor, start - _LOOKBACK):start], counted, with_subject)
    if subject == _LOOK_AFTER:
        subject = _subject_after(_RIGHT_RE.match(text, end, end + _LOOKBACK).group())
    return subject, direction


@lru_cache(maxsize=65536)
def _context(before: str, counted: bool, with_subject: bool) -> tuple[str | None, str | None]:
    """Subject (or ``_LOOK_AFTER``) and direction from the text ``before`` a number.
    Cached: news repeats its phrasing, and the answer depends on nothing else.

    >>> _context("涉及6类产品，合格率", False, True), _context("同比增长", False, False)
    (('合格率', None), (None, 'increase'))
    """
    clause = m.end() if (m := _UP_TO_LAST_BOUNDARY_RE.match(before)) else 0
    subject = _subject_before(before[clause:], counted) if with_subject else None
    return subject, _direction_in(before[max(clause, len(before) - 6):])


_LOOK_AFTER = ""  # from _subject_before: the subject is to be read after the number


def _subject_before(raw: str, counted: bool) -> str | None:
    """The subject in the clause text before the number, None when there is none, or
    ``_LOOK_AFTER`` (302款生成式人工智能服务: a count whose item follows it).

    >>> _subject_before("共检测样品", False), _subject_before("我国共有", True)
    ('样品', '')
    """
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
    return _LOOK_AFTER


@lru_cache(maxsize=65536)
def _subject_after(right: str) -> str | None:
    """The subject read after the number, up to a preposition or verb.

    >>> _subject_after("生成式人工智能服务在国家网信办完成备案")
    '生成式人工智能服务'
    """
    stop = _STOP_AFTER.search(right)
    right = _strip(right[:stop.start()] if stop else right)
    return right if _plausible(right) else None


def _direction_in(window: str) -> str | None:
    """increase / decrease when a verb of change in ``window`` governs what follows.

    >>> _direction_in("同比增长"), _direction_in("比上年下降"), _direction_in("合格率")
    ('increase', 'decrease', None)
    """
    found = None
    for found in _direction_re().finditer(window):
        pass
    if found is None:
        return None
    return "increase" if found.group() in words()["increase"] else "decrease"
