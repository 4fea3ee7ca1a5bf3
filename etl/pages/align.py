"""Align text a library extracted back onto the normalized document text.

A main-content library hands back paragraphs, not positions. Each paragraph is
normalized like the document and then found in the document by its *key*: its
letters, digits and Han characters, with punctuation and spacing left out (the
library and the document rarely agree on those). The key's first and last
characters fix a span of the document text, so every kept character is a
document character and byte provenance holds.

>>> text = "导航 首页\\n标题\\n正文第一段，有12人。\\n相关新闻"
>>> spans = align_lines(KeyIndex(text), ["正文第一段,有12人。"])
>>> [text[a:b] for a, b in spans]
['正文第一段，有12人。']
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from etl.text.segment import sentence_ends

_KEY_RUN = re.compile(r"[^\W_]+")
_KEY_RUN_SPLIT = re.compile(f"({_KEY_RUN.pattern})")
_NON_KEY = re.compile(r"[\W_]*")  # the complement of a key run's class
SHORT_KEY = 6  # a line this short is only trusted close to where the last one was found
NEAR = 400  # key characters: how far past the cursor a short line may be found
_SPACE = " \t\u3000"


class KeyIndex:
    """The key of a document text and, for each key character, its document position.

    >>> ix = KeyIndex("甲，乙 1-2")
    >>> ix.key, ix.pos.tolist()
    ('甲乙12', [0, 2, 4, 6])
    """

    def __init__(self, text: str) -> None:
        parts = _KEY_RUN_SPLIT.split(text)  # gap, run, gap, run, ..., gap: no match objects
        self.text = text
        self.key = "".join(parts[1::2])
        part_lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        lengths = part_lens[1::2]
        starts = (np.cumsum(part_lens) - part_lens)[1::2]
        key_starts = np.cumsum(lengths) - lengths
        self.pos = np.arange(len(self.key), dtype=np.int64) + np.repeat(starts - key_starts, lengths)

    def span(self, at: int, length: int, lead: int = 0, trail: int = 0) -> tuple[int, int]:
        """Document span of key[at:at+length], widened over up to ``lead``/``trail`` marks.

        >>> KeyIndex("说：“好。”\\n").span(0, 2, 0, 2)
        (0, 6)
        """
        text = self.text
        start, end = int(self.pos[at]), int(self.pos[at + length - 1]) + 1
        while lead and start and _is_mark(text[start - 1]):
            start, lead = start - 1, lead - 1
        while trail and end < len(text) and _is_mark(text[end]):
            end, trail = end + 1, trail - 1
        while start < end and text[start] in _SPACE:
            start += 1
        while end > start and text[end - 1] in _SPACE:
            end -= 1
        return start, end


def _is_mark(char: str) -> bool:
    return char != "\n" and not char.isalnum()


def line_key(line: str) -> tuple[str, int, int]:
    """Key of a line and how many non-key characters lead and trail it.

    >>> line_key("“好，走。”")
    ('好走', 1, 2)
    """
    runs = _KEY_RUN.findall(line)
    if not runs:
        return "", 0, 0
    return "".join(runs), _NON_KEY.match(line).end(), _NON_KEY.match(line[::-1]).end()


def _pieces(line: str) -> list[str]:
    """A line cut at its sentence ends, for lines that are not found whole.

    >>> _pieces("甲。乙！丙")
    ['甲。', '乙！', '丙']
    """
    cuts = [0, *sentence_ends(line), len(line)]
    return [line[a:b] for a, b in zip(cuts, cuts[1:]) if line[a:b].strip()]


def _find(index: KeyIndex, key: str, cursor: int, backward: bool) -> int:
    """Where ``key`` occurs from the cursor on (or before it); a short key only nearby."""
    if backward:
        at = index.key.rfind(key, 0, cursor)
        near = at >= 0 and cursor - (at + len(key)) <= NEAR
    else:
        at = index.key.find(key, cursor)
        near = at >= 0 and at - cursor <= NEAR
    return at if at >= 0 and (near or len(key) >= SHORT_KEY) else -1


def _place(index: KeyIndex, line: str, cursor: int, backward: bool,
           keyed: tuple[str, int, int] | None = None) -> list[tuple[int, int, int, int]]:
    """(key_start, key_end, doc_start, doc_end) of a line, or of its sentences when the
    whole line is not found; pieces found nowhere are dropped (``keyed``: its line_key)."""
    key, lead, trail = keyed or line_key(line)
    if not key:
        return []
    at = _find(index, key, cursor, backward)
    if at >= 0:
        return [(at, at + len(key), *index.span(at, len(key), lead, trail))]
    pieces = _pieces(line)
    if len(pieces) < 2:
        return []
    placed = []
    for piece in (reversed(pieces) if backward else pieces):
        found = _place(index, piece, cursor, backward)
        if found:
            placed.extend(found)
            cursor = found[0][0] if backward else found[-1][1]
    return sorted(placed)


def align_lines(index: KeyIndex, lines: Sequence[str]) -> list[tuple[int, int]]:
    """Document spans of the lines, in document order; lines not found are left out.

    The longest line anchors the alignment (it is rarely repeated); lines before it are
    looked for backwards from it, lines after it forwards, each from the last one found.
    """
    keyed = [(line, key) for line in lines if (key := line_key(line))[0]]
    if not keyed:
        return []
    order = sorted(range(len(keyed)), key=lambda j: -len(keyed[j][1][0]))
    anchor, placed = None, []
    for j in order[:5]:  # the longest line that is found at all
        placed = _place(index, keyed[j][0], 0, False, keyed[j][1])
        if placed:
            anchor = j
            break
    if anchor is None:
        return []
    found = list(placed)
    cursor = placed[0][0]
    for line, key in reversed(keyed[:anchor]):
        hits = _place(index, line, cursor, True, key)
        if hits:
            found.extend(hits)
            cursor = hits[0][0]
    cursor = placed[-1][1]
    for line, key in keyed[anchor + 1:]:
        hits = _place(index, line, cursor, False, key)
        if hits:
            found.extend(hits)
            cursor = hits[-1][1]
    return merge_spans([(a, b) for _, _, a, b in found])


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlaps merged (touching spans stay apart: they are lines).

    >>> merge_spans([(5, 9), (0, 3), (2, 4), (9, 12)])
    [(0, 4), (5, 9), (9, 12)]
    """
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def follow_lines(index: KeyIndex, lines: Sequence[str], cursor: int = 0) -> tuple[list[tuple[int, int]], int]:
    """Document spans of the lines found one after another from a key cursor, and the
    cursor after the last one (for records, whose fields come in order).

    >>> text = "http://a.cn/1.html 标题 正文。"
    >>> spans, cursor = follow_lines(KeyIndex(text), ["标题", "正文。"])
    >>> [text[a:b] for a, b in spans], cursor
    (['标题', '正文。'], 16)
    """
    spans = []
    for line in lines:
        hits = _place(index, line, cursor, False)
        if hits:
            spans.extend((a, b) for _, _, a, b in hits)
            cursor = hits[-1][1]
    return merge_spans(spans), cursor
