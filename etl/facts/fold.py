"""Marks inside numbers that normalization leaves alone, folded for the parser.

GBK-era news writes ``15．5万``, ``8．3％``, ``1／4``, ``520，924．5元``, ``－1.2％`` and ``9 亿元``:
full-width decimal points, percent signs, thousands commas and minus signs, and a space
between a number and its unit. ``fold_numbers`` gives the parser a copy with those marks
made ASCII (and the stray space dropped), together with the position in the original of
every character of the copy, so that facts keep their spans in the sentence as written.
"""
from __future__ import annotations

import re
from collections.abc import Callable

# A sentence needs folding only when it holds ．％－ or one of these between digits.
_AFTER_DIGIT_RE = re.compile(r"\d(?:[，：／]\d| (?=[^\sA-Za-z0-9])|- \d)")
_STEP_RE = re.compile(r"""
      (?P<point> (?<=\d)\ ?．(?=\d) )           # 15．5, 2 ．2
    | (?P<percent> (?<=\d)\ ?％ | ％ )          # 8．3％, 61．1 ％
    | (?P<comma> (?<=\d)，(?=\d{3}(?!\d)) )     # 520，924
    | (?P<colon> (?<=\d)：(?=\d) )              # 1：8
    | (?P<slash> (?<=\d)／(?=\d) )              # 1／4
    | (?P<minus> － )                           # －1.2％, 2012－04－10
    | (?P<space> (?<=\d)\ (?=[\u4e00-\u9fff]) )  # 9 亿元 (kept at a clause start: 3 按照)
    | (?P<spacepct> (?<=\d)\ (?=%) )          # 61.1 %: a percent sign set off by a space
    | (?P<gap> (?<=\d[-－])\ (?=\d) )          # 1.35- 2.7%: a range with a space after its dash
""", re.VERBOSE)
_ASCII = {"point": ".", "percent": "%", "comma": ",", "colon": ":", "slash": "/", "minus": "-", "space": "", "spacepct": "", "gap": ""}


def fold_numbers(sentence: str, keep_space: Callable[[str, int], bool] | None = None) -> tuple[str, list[int] | None]:
    """The sentence with number marks folded, and for each character of it (plus one
    past the end) its position in ``sentence``; None when nothing changed.
    ``keep_space(sentence, i)`` may keep the space at ``i`` (a list marker's).

    >>> fold_numbers("受灾15．5万人，增长8．3％")[0]
    '受灾15.5万人，增长8.3%'
    >>> text, where = fold_numbers("超过2 ．2万亿元"); text, where[2:5]
    ('超过2.2万亿元', [2, 4, 5])
    >>> fold_numbers("区间在1.35- 2.7%之间")[0], fold_numbers("有61.1 %被调查者")[0]
    ('区间在1.35-2.7%之间', '有61.1%被调查者')
    >>> fold_numbers("合计520，924．5元（－0．11％）")[0], fold_numbers("没有数字。")
    ('合计520,924.5元（-0.11%）', ('没有数字。', None))
    """
    if not ("．" in sentence or "％" in sentence or "－" in sentence or _AFTER_DIGIT_RE.search(sentence)):
        return sentence, None  # most sentences: three C-speed probes and one search that starts at digits
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    for m in _STEP_RE.finditer(sentence):
        step = m.lastgroup
        start, end = m.span()
        if step == "space" and (start == 0 or not sentence[start - 1].isdigit() or (
                keep_space is not None and keep_space(sentence, start))):
            continue
        pieces.append(sentence[last:start])
        where.extend(range(last, start))
        mark = _ASCII[step]  # type: ignore[index]
        if mark:
            pieces.append(mark)
            where.append(end - 1)  # the mark itself, past any space dropped before it
        last = end
    pieces.append(sentence[last:])
    where.extend(range(last, len(sentence) + 1))
    folded = "".join(pieces)
    return (folded, where) if folded != sentence else (sentence, None)
