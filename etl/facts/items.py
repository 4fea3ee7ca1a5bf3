"""Where the item a number counts ends, read by words (4个孩子被困在车里: 孩子).

The text after a count is cut into words by the most probable segmentation under the
word unigram model of ``etl/data/hanzi_words.txt`` (jieba's words with their
frequencies), and each word is looked up in ``etl/data/extract_word_classes.tsv`` (jieba's
tags for function words and verbs). The item ends before the first word, past its
first two characters, that is a function word other than 的 (被, 给, 如果, 也, 明年), or
before the verb right ahead of that word (站在, 玩得, 来到了, 解决冬季): that is the
predicate of the clause. A stop character inside a word is no stop (低碳生活准则: 则).
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from etl import data
from etl.facts.cache_size import PHRASE_CACHE_ENTRIES
from etl.facts.units import words

_MAX_WORD = 4
_FUNCTION = frozenset("pcdtur")
_ASPECT = frozenset("了着过")
_KEEP = frozenset("的")  # a modifier's 的 is read by subjects.py (做大模型的公司)
_UNKNOWN = -48  # twice the log2 probability of a character no word list knows


@lru_cache(maxsize=1)
def _levels() -> tuple[dict[str, int], float]:
    """Word -> level (twice log2 of its frequency), and twice log2 of all frequencies."""
    levels, total = data.word_levels(), 0.0
    for level in levels.values():
        total += 2 ** (level / 2)
    return levels, 2 * math.log2(total)


@lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    rows = data.path("extract_word_classes.tsv").read_text(encoding="utf-8").splitlines()
    return dict(row.split("\t") for row in rows)


def words_of(text: str) -> list[str]:
    """The most probable segmentation of ``text`` into dictionary words (others one by one).

    >>> words_of("孩子被困在车里"), words_of("低碳生活准则")
    (['孩子', '被', '困', '在', '车里'], ['低', '碳', '生活', '准则'])
    """
    levels, norm = _levels()
    n = len(text)
    best = [0.0] + [-math.inf] * n  # best[i]: twice the log2 probability of text[:i]
    back = [0] * (n + 1)
    for i in range(n):
        for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
            level = levels.get(text[i:j])
            if level is None and j > i + 1:
                continue
            p = _UNKNOWN if level is None else level - norm
            if best[i] + p > best[j]:
                best[j], back[j] = best[i] + p, i
    words, j = [], n
    while j > 0:
        words.append(text[back[j]:j])
        j = back[j]
    return words[::-1]


@lru_cache(maxsize=PHRASE_CACHE_ENTRIES)
def item_end(right: str) -> int:
    """Length of the counted item at the start of ``right`` as its words tell (``len(right)``
    when no word ends it).

    >>> item_end("孩子站在雨中"), item_end("大病明年有望"), item_end("餐馆如果"), item_end("慈善组织中包括")
    (2, 2, 2, 7)
    >>> item_end("以及")
    0
    """
    classes = _classes()
    pos, verb_at, previous_at = 0, None, 0
    words = words_of(right)
    for k, word in enumerate(words):
        cls = classes.get(word)
        if k == 0 and cls == "c":
            return 0  # 2万、5万以及10万: a conjunction, no item
        if word in _ASPECT and previous_at >= 2:
            verb_at = previous_at  # 陪伴着, 来到了: what an aspect particle follows is a verb
        if pos >= 2 and cls in _FUNCTION and word not in _KEEP:
            return pos if verb_at is None else verb_at  # 站在, 玩得, 解决冬季: the verb before it goes too
        verb_at = pos if cls == "v" and pos >= 2 else None
        if k == 1 and pos == 1 and cls == "v" and len(word) == 2 and (
                k + 1 == len(words) or classes.get(words[k + 1]) in _FUNCTION):
            return 1  # 922双鞋打包: a one-character item, then its verb ending the clause
        if pos >= 2 and _short_predicate(words, k, classes):
            return pos  # 邮轮访港, 邮轮公司派船来港: a one-character verb and its one-character object
        previous_at = pos
        pos += len(word)
    return len(right)


def _short_predicate(words: list[str], k: int, classes: dict[str, str]) -> bool:
    """Word ``k`` is a one-character verb with a one-character object that ends the item or is
    followed by another verb (访港, 派船来港, 来京参加); 受捐学校, 监控点 are no predicates.

    >>> _short_predicate(["邮轮", "访", "港"], 1, {"访": "v"}), _short_predicate(["监控", "点"], 0, {"监控": "v"})
    (True, False)
    """
    rest = words[k + 1:k + 3]
    return (len(words[k]) == 1 and classes.get(words[k]) == "v" and len(rest) >= 1 and len(rest[0]) == 1
            and classes.get(rest[0]) != "v"
            and (len(rest) == 1 or classes.get(rest[1]) == "v"))


def after_predicate(phrase: str) -> str:
    """What follows the last verb or function word (but 的) of ``phrase`` that has at least
    three characters after it: the head of a long phrase before a number; the phrase itself
    when there is none, or when it ends in such a word.

    >>> after_predicate("相关税收优惠政策累计减免税金"), after_predicate("国润商务大厦是一座总建筑面积")
    ('减免税金', '一座总建筑面积')
    >>> after_predicate("油价继续保持"), after_predicate("运行速度达到了每小时")
    ('油价继续保持', '运行速度达到了每小时')
    """
    classes, pos, cut = _classes(), 0, 0
    words = words_of(phrase)
    if classes.get(words[-1]):
        return phrase  # 油价继续保持: it ends in a verb, no noun to take
    for word in words:
        pos += len(word)
        if word not in _KEEP and classes.get(word) and len(phrase) - pos >= 3:
            cut = pos
    return phrase if phrase.startswith("每", cut) else phrase[cut:]  # 达到了每小时: a rate's unit


@lru_cache(maxsize=PHRASE_CACHE_ENTRIES)
def word_starts(text: str) -> frozenset[int]:
    """Positions in ``text`` where a word starts (0 and each boundary).

    >>> sorted(word_starts("低碳生活准则"))
    [0, 1, 2, 4]
    """
    starts, pos = set(), 0
    for word in words_of(text):
        starts.add(pos)
        pos += len(word)
    return frozenset(starts)


def lead_end(phrase: str, end: int) -> int:
    """Where the lead words that open ``phrase`` (up to ``end``) end at a word start: all of
    them, or fewer when the last starts a word (其中|对华累计关税: 对 is a lead word, 对华 a word).

    >>> lead_end("其中对华累计关税", 3), lead_end("有关部门", 2)
    (2, 0)
    """
    starts, one = word_starts(phrase), _one_lead_re()
    pos, best = 0, 0
    while pos < end and (m := one.match(phrase, pos)) and m.end() <= end:
        pos = m.end()
        if pos in starts:
            best = pos
    return best


@lru_cache(maxsize=1)
def _one_lead_re() -> re.Pattern[str]:
    """One lead word (其中, 共有), the longest first."""
    return re.compile("|".join(map(re.escape, sorted(words()["lead"], key=len, reverse=True))))
