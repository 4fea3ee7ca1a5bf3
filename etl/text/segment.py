"""Split a normalized document into articles, and an article into sentences.

Input is the output of normalize_text: one paragraph per line, Chinese
punctuation. Articles start at "# " or "## " headings; source, editor and
photographer lines become Article fields and stay in the article's slice.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from dataclasses import dataclass
from functools import lru_cache

from etl.text.cjk import CLOSERS, ends_complete
from etl.text.paragraphs import (
    PARAGRAPH_TYPES, SEPARATOR_LINE, heading_level, is_stamp_line, line_kind, looks_like_title, match_metadata,
)

ARTICLE_HEADING_MAX_LEVEL = 2  # "###" and deeper head sections inside an article
# The start of a line that heading_level puts at level 1 or 2. Opening with the
# literal "#" (line start checked behind it) lets the engine skip ahead quickly.
_ARTICLE_HEADING = re.compile(
    rf"#(?<=^#)#{{0,{ARTICLE_HEADING_MAX_LEVEL - 1}}}[ \t]+(?=\S)", re.MULTILINE
)
_STAMP_START = re.compile(r"^(?:19|20)\d\d\s*[-/.年]", re.MULTILINE)  # cheap gate for is_stamp_line
_FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_ANY_FULL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)")
_CLOSING_DATE = re.compile(rf"^[（(]?\s*{_ANY_FULL_DATE.pattern}\s*日?\s*[)）]?$")
_NOT_A_DATE_LINE = re.compile(r"[，。；！？]|更新|修改|今天")  # a sentence, or not the publication
HEADER_LINES = 4  # title, date line, source line... before the body
DATE_LINE_CHARS = 40
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
class Article:
    seq: int
    char_start: int
    char_end: int
    title: str | None
    source: str | None
    editor: str | None
    photographer: str | None
    published_date: dt.date | None
    published_date_method: str | None


@dataclass(frozen=True)
class Sentence:
    seq: int
    paragraph_seq: int
    paragraph_type: str
    char_start: int
    char_end: int
    text: str


def article_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each article: from a heading to the next, blank edges trimmed.
    A separator line (=====) also ends an article, and so does a title line followed by
    a date stamp line after a finished paragraph (a text dump without headings).

    >>> article_spans("## 甲\\n正文。\\n## 乙\\n正文。")
    [(0, 8), (9, 17)]
    >>> article_spans("只有正文。")
    [(0, 5)]
    >>> t = "甲标题\\n2019-09-07\\n正文。\\n乙标题\\n2019-09-08 来源：新华网\\n正文。\\n=====\\n丙标题\\n正文。"
    >>> [t[a:b].split("\\n")[0] for a, b in article_spans(t)]
    ['甲标题', '乙标题', '丙标题']
    """
    cuts = {m.start(): m.start() for m in _ARTICLE_HEADING.finditer(text)}  # article start -> end of the one before
    cuts.update((m.end(), m.start()) for m in SEPARATOR_LINE.finditer(text))
    cuts.update((start, start) for start in _stamped_title_starts(text))
    bounds = sorted(cuts.items())
    spans = []
    for (start, _), (_, end) in zip([(0, 0), *bounds], [*bounds, (len(text), len(text))]):
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
    return spans


def _stamped_title_starts(text: str) -> list[int]:
    """Starts of title lines that follow a finished paragraph and precede a stamp line."""
    starts = []
    for m in _STAMP_START.finditer(text, 1):
        line_end = text.find("\n", m.start())
        if not is_stamp_line(text[m.start():line_end if line_end >= 0 else len(text)]):
            continue
        title_start = text.rfind("\n", 0, m.start() - 1) + 1
        if title_start == 0:
            continue  # the document's first title: no article before it
        before_start = text.rfind("\n", 0, title_start - 1) + 1
        before = text[before_start:title_start - 1]
        if looks_like_title(text[title_start:m.start() - 1]) and (ends_complete(before) or SEPARATOR_LINE.match(before)):
            starts.append(title_start)
    return starts


def paragraph_kinds(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Line kinds (for metadata) and paragraph types (for sentences) of an article.

    >>> paragraph_kinds(["## 标题", "正文。", "△图片说明。", "来源：新华网"])[1]
    ['title', 'body', 'caption', 'source']
    >>> paragraph_kinds(["浙江诸暨举办传统庙会", "正文，很长。", "责任编辑：畅任杰"])[1]
    ['title', 'body', 'editor']
    """
    kinds = [line_kind(line) for line in lines]
    types = [PARAGRAPH_TYPES[kind] for kind in kinds]
    if len(lines) > 1 and kinds[0] == "body" and looks_like_title(lines[0]):
        types[0] = "title"
    return kinds, types


@lru_cache(maxsize=256)  # split_articles and then split_sentences classify the same article
def _classified_lines(article_text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Lines, line kinds and paragraph types of an article.

    >>> _classified_lines("## 标题\\n正文。")
    (('## 标题', '正文。'), ('heading', 'body'), ('title', 'body'))
    """
    lines = article_text.split("\n")
    kinds, types = paragraph_kinds(lines)
    return tuple(lines), tuple(kinds), tuple(types)


def _title(lines: Sequence[str], types: Sequence[str]) -> str | None:
    if not lines or types[0] != "title":
        return None
    return lines[0][heading_level(lines[0]):].strip() or None


def _published_date(lines: Sequence[str], kinds: Sequence[str]) -> tuple[dt.date | None, str | None]:
    """A stated date line wins; else the latest full date in a caption; else a short
    line near the top (2019-09-07 10:20 来源：…) or closing the article (（2019年9月7日）)
    that is no sentence and holds a full date."""
    if "date" not in kinds and "caption" not in kinds:
        return _date_line(lines)
    for line, kind in zip(lines, kinds):
        if kind == "date":
            _, m = match_metadata(line)
            found = _safe_date(m.group("y"), m.group("m"), m.group("d"))
            if found:
                return found, "metadata"
    caption_dates = [
        d for line, kind in zip(lines, kinds) if kind == "caption"
        for m in _FULL_DATE.finditer(line)
        if (d := _safe_date(m.group("y"), m.group("m"), m.group("d")))
    ]
    return (max(caption_dates), "caption") if caption_dates else (None, None)


def _date_line(lines: Sequence[str]) -> tuple[dt.date | None, str | None]:
    """The date of a short date line near the top or closing the article.

    >>> _date_line(["标题", "2019-09-07 10:20 来源：新华网", "正文，2018年1月1日起。"])
    (datetime.date(2019, 9, 7), 'date_line')
    >>> _date_line(["标题", "正文。", "（2019年9月7日）"]), _date_line(["2019年9月7日，正文。"])
    ((datetime.date(2019, 9, 7), 'date_line'), (None, None))
    """
    closing = [lines[-1]] if len(lines) > 2 and _CLOSING_DATE.match(lines[-1].strip()) else []
    for line in [*lines[:HEADER_LINES], *closing]:
        if len(line) <= DATE_LINE_CHARS and not _NOT_A_DATE_LINE.search(line):
            m = _ANY_FULL_DATE.search(line)
            if m and (found := _safe_date(m.group("y"), m.group("m"), m.group("d"))):
                return found, "date_line"
    return None, None


def _safe_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _metadata_field(lines: Sequence[str], kinds: Sequence[str], wanted: str) -> str | None:
    """Value of the first line of a metadata kind; several names become 甲、乙."""
    if wanted not in kinds:
        return None
    for line, kind in zip(lines, kinds):
        if kind == wanted:
            value = match_metadata(line)[1].group("value").strip()
            return "、".join(value.split()) if wanted == "photo_credit" else value
    return None


def split_articles(text: str) -> list[Article]:
    """Articles of a normalized document, with metadata lifted into fields.

    >>> a = split_articles("## 甲\\n正文。\\n来源：新华网\\n## 乙\\n△2025年4月29日，考察。\\n新华社记者 徐昱 摄")
    >>> [(x.title, x.source, x.photographer, x.published_date) for x in a]
    [('甲', '新华网', None, None), ('乙', None, '徐昱', datetime.date(2025, 4, 29))]
    """
    articles = []
    for seq, (start, end) in enumerate(article_spans(text)):
        lines, kinds, types = _classified_lines(text[start:end])
        date, method = _published_date(lines, kinds)
        articles.append(Article(
            seq=seq, char_start=start, char_end=end,
            title=_title(lines, types),
            source=_metadata_field(lines, kinds, "source"),
            editor=_metadata_field(lines, kinds, "editor"),
            photographer=_metadata_field(lines, kinds, "photo_credit"),
            published_date=date, published_date_method=method,
        ))
    return articles


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
    lines, _, types = _classified_lines(article_text)
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
