"""Split a normalized document into articles, with their metadata lifted into fields.

Articles start at "# " or "## " headings, after a separator line (=====), or at a title
over a date stamp line; source, editor, photographer and date lines become Article
fields and stay in the article's slice.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from etl.text.cjk import ends_complete
from etl.text.paragraphs import (
    SEPARATOR_LINE, classified_lines, heading_level, is_stamp_line, looks_like_title, match_metadata,
)

ARTICLE_HEADING_MAX_LEVEL = 2  # "###" and deeper head sections inside an article
# The start of a line that heading_level puts at level 1 or 2. Opening with the
# literal "#" (line start checked behind it) lets the engine skip ahead quickly.
_ARTICLE_HEADING = re.compile(
    rf"#(?<=^#)#{{0,{ARTICLE_HEADING_MAX_LEVEL - 1}}}[ \t]+(?=\S)", re.MULTILINE
)
_SEPARATOR_RUNS = tuple(c * 3 for c in "=-*_~—─━·•")
_STAMP_START = re.compile(r"^(?:19|20)\d\d\s*[-/.年]", re.MULTILINE)  # cheap gate for is_stamp_line
_FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_ANY_FULL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)")
_CLOSING_DATE = re.compile(rf"^[（(]?\s*{_ANY_FULL_DATE.pattern}\s*日?\s*[)）]?$")
_NOT_A_DATE_LINE = re.compile(r"[，。；！？]|更新|修改|今天")  # a sentence, or not the publication
_SOURCE_IN_STAMP = re.compile(r"(?:来源|稿源)\s*[:：]\s*(?P<value>[^\s()（）【】\[\]]{1,24})")
HEADER_LINES = 4  # title, date line, source line... before the body
DATE_LINE_CHARS = 40


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
    if any(run in text for run in _SEPARATOR_RUNS):  # substring checks beat a regex scan
        cuts.update((m.end(), m.start()) for m in SEPARATOR_LINE.finditer(text))
    if "\n19" in text or "\n20" in text:
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
    if wanted == "source" and "source" not in kinds and "date" in kinds:
        for line, kind in zip(lines, kinds):  # 2019-09-07 10:20 来源：新华网
            if kind == "date" and (m := _SOURCE_IN_STAMP.search(line)):
                return m["value"]
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
        lines, kinds, types = classified_lines(text[start:end])
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
