"""Split an article into sentences (articles of a document: etl.text.articles).

Input is the output of normalize_text: one paragraph per line, Chinese punctuation.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from dataclasses import dataclass

from etl.text.cjk import CLOSERS
from etl.text.paragraphs import classified_lines, heading_level

# ASCII ! ? ; left after normalize sit in Latin text, so only Chinese marks end sentences.
# The pattern opens with a character class, which the regex engine scans for quickly.
_SENTENCE_END = re.compile(f"[。！？；…][。！？；…{re.escape(CLOSERS)}]*")  # closers stay with it
_SENTENCE_END_SPLIT = re.compile(f"({_SENTENCE_END.pattern})")
_SPLIT_TYPES = frozenset(("body", "caption"))  # paragraphs cut at sentence ends; others stay whole
_NEW, _SET = object.__new__, object.__setattr__
_AFTER_ELLIPSIS_CONTINUES = frozenset("，、,：:的等")  # "苹果、香蕉……等" goes on
_PAIRS = re.compile(  # quotations, titles and brackets closed on the same line
    r"[“《「（(](?:(?<=“)[^“”\n]*”|(?<=《)[^《》\n]*》|(?<=「)[^「」\n]*」|(?<=（)[^（）\n]*）|(?<=\()[^()\n]*\))"
)


@dataclass(frozen=True)
class Sentence:
    seq: int
    paragraph_seq: int
    paragraph_type: str
    char_start: int
    char_end: int
    text: str


def sentence_ends(text: str) -> list[int]:
    """Sorted positions just after each sentence end in ``text`` (any number of lines).

    >>> def split(p): return [p[a:b] for a, b in _trimmed_spans(p, [0, *sentence_ends(p), len(p)])]
    >>> split("“联动抽查是重要举措。”他说，今年开展抽查；总数1,024批次。“A。B”是名字。")
    ['“联动抽查是重要举措。”', '他说，今年开展抽查；', '总数1,024批次。', '“A。B”是名字。']
    >>> split("赋能“加速跑”……人工智能持续深化。他说“等等……”，然后走了。")
    ['赋能“加速跑”……', '人工智能持续深化。', '他说“等等……”，然后走了。']
    """
    parts = _SENTENCE_END_SPLIT.split(text)  # text, mark, text, ...: no match objects
    ends = list(accumulate(map(len, parts)))[1::2]
    if "…" in text:
        ends = [  # only a mark holding "…" can go on; test that before the call
            end for end, mark in zip(ends, parts[1::2]) if "…" not in mark or not _ellipsis_goes_on(text, end, mark)
        ]
    pairs = [m.span() for m in _PAIRS.finditer(text)]  # sorted, disjoint, within a line
    if not pairs:
        return ends
    pair_starts = [start for start, _ in pairs]
    # drop ends inside a quotation, title or bracket that goes on (the last pair opened before)
    return [e for e in ends if (i := bisect_left(pair_starts, e) - 1) < 0 or e >= pairs[i][1]]


def _ellipsis_goes_on(text: str, end: int, mark: str) -> bool:
    """A bare "……" (``mark``, ending at ``end``) followed by "，" or "等": the sentence goes on.

    >>> _ellipsis_goes_on("苹果……等", 4, "……"), _ellipsis_goes_on("好。等", 2, "。")
    (True, False)
    """
    return end < len(text) and text[end] in _AFTER_ELLIPSIS_CONTINUES and not mark.rstrip(CLOSERS).strip("…")


def _trimmed_spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Spans between consecutive cuts, whitespace left out, empty ones dropped.

    >>> _trimmed_spans("甲。 乙。", [0, 2, 5])
    [(0, 2), (3, 5)]
    """
    spans = []
    for start, end in zip(cuts, cuts[1:]):
        if start < end and not (text[start].isspace() or text[end - 1].isspace()):
            spans.append((start, end))  # the usual case: nothing to trim
            continue
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
    return spans


def _whole_line_span(line: str) -> list[tuple[int, int]]:
    """The line as one sentence, heading marks and padding left out.

    >>> _whole_line_span("## 标题 ")
    [(3, 5)]
    """
    start = heading_level(line)
    start += len(line[start:]) - len(line[start:].lstrip())
    end = len(line.rstrip())
    return [(start, end)] if end > start else []


def _new_sentence(seq: int, paragraph_seq: int, ptype: str, start: int, end: int, text: str) -> Sentence:
    """A Sentence without the frozen-dataclass __init__, which sets fields one by one.

    >>> _new_sentence(0, 1, "body", 2, 4, "甲。") == Sentence(0, 1, "body", 2, 4, "甲。")
    True
    """
    sentence = _NEW(Sentence)
    _SET(sentence, "__dict__", {
        "seq": seq, "paragraph_seq": paragraph_seq, "paragraph_type": ptype,
        "char_start": start, "char_end": end, "text": text,
    })
    return sentence


def split_sentences(article_text: str) -> list[Sentence]:
    """Sentences of an article; title and metadata lines are one sentence each.

    >>> [(s.paragraph_type, s.text) for s in split_sentences("## 标题\\n甲。乙？\\n来源：新华网")]
    [('title', '标题'), ('body', '甲。'), ('body', '乙？'), ('source', '来源：新华网')]
    >>> [(s.paragraph_seq, s.char_start, s.char_end) for s in split_sentences("## 题\\n甲。 乙")]
    [(0, 3, 4), (1, 5, 7), (1, 8, 9)]
    """
    lines, _, types = classified_lines(article_text)
    ends = sentence_ends(article_text)
    sentences: list[Sentence] = []
    line_end, k = -1, 0
    for paragraph_seq, (line, ptype) in enumerate(zip(lines, types)):
        line_start = line_end + 1
        line_end = line_start + len(line)
        if ptype in _SPLIT_TYPES:
            k = bisect_right(ends, line_start, k)  # ends only move forward, line by line
            j = bisect_left(ends, line_end, k)
            spans = _trimmed_spans(article_text, [line_start, *ends[k:j], line_end])
            k = j
        else:
            spans = [(line_start + a, line_start + b) for a, b in _whole_line_span(line)]
        for a, b in spans:
            sentences.append(_new_sentence(len(sentences), paragraph_seq, ptype, a, b, article_text[a:b]))
    return sentences
