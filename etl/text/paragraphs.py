"""Classify the lines (paragraphs) of a normalized document.

Shared by normalize (which must not rejoin headings or metadata) and segment
(which turns metadata into Article fields). Patterns live in
etl/data/paragraph_patterns.tsv; they accept ASCII and Chinese punctuation
because rejoining runs before punctuation is made Chinese.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from etl.text.cjk import ends_complete, han_count
from etl import data

PATTERNS_PATH = data.path("paragraph_patterns.tsv")

HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(?=\S)")
MAX_METADATA_CHARS = 60  # a source or credit line is short; longer lines are body text
MAX_TITLE_CHARS = 40
MAX_SUBHEADING_CHARS = 25
# Headlines separate phrases with spaces; a comma means a sentence, perhaps one broken
# off at a line end, so a line with one is never taken for a title.
_SENTENCE_MARKS = re.compile(r"[。！？；，!?;,]")
_ANY_PUNCT = re.compile(r"[，。！？；：、,.!?;:]")
# A line that only separates (===== or ---- or ****): between two articles of a text dump.
SEPARATOR_LINE = re.compile(r"^[=\-*_~—─━·•]{3,}$", re.MULTILINE)


def is_stamp_line(line: str) -> bool:
    """A date metadata line (paragraph_patterns.tsv's ``date`` rows): a short line of a
    full date and time, alone or with a field after it, or a labelled 发布时间：.

    >>> is_stamp_line("2019-09-07 10:20 来源：新华网"), is_stamp_line("2019年9月7日，国家统计局发布")
    (True, False)
    """
    return line_kind(line) == "date"

# Line kind -> paragraph type of a Sentence.
PARAGRAPH_TYPES = {
    "heading": "title", "title": "title", "body": "body", "caption": "caption",
    "source": "source", "date": "source", "editor": "editor", "photo_credit": "photo_credit",
}


@lru_cache(maxsize=1)
def load_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(kind, compiled pattern) pairs, in file order.

    >>> kinds = {k for k, _ in load_patterns()}; sorted(kinds)
    ['caption', 'date', 'editor', 'photo_credit', 'source']
    """
    pairs = []
    for line in PATTERNS_PATH.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, pattern = line.split("\t", 1)
            pairs.append((kind, re.compile(pattern)))
    return tuple(pairs)


def heading_level(line: str) -> int:
    """Markdown heading level of a line, 0 when it is not a heading.

    >>> heading_level("## 浙江诸暨举办“二月半”传统庙会"), heading_level("#话题")
    (2, 0)
    """
    match = HEADING_RE.match(line) if line.startswith("#") else None
    return len(match.group(1)) if match else 0


@lru_cache(maxsize=4096)  # segment classifies the same lines for articles and sentences
def match_metadata(line: str) -> tuple[str, re.Match[str]] | None:
    """The metadata kind of a line and its match, or None for ordinary text.

    >>> kind, m = match_metadata("新华社记者 徐昱 摄"); kind, m.group("value")
    ('photo_credit', '徐昱')
    >>> match_metadata("来源：安徽日报")[1].group("value")
    '安徽日报'
    >>> match_metadata("△" + "很长的图片说明" * 12)[0], match_metadata("来源：" + "长" * 70)
    ('caption', None)
    """
    long_line = len(line) > MAX_METADATA_CHARS
    for kind, pattern in load_patterns():
        if long_line and kind != "caption":
            continue  # source and credit lines are short; captions may run long
        match = pattern.search(line)
        if match:
            return kind, match
    return None


def line_kind(line: str) -> str:
    """heading | source | editor | photo_credit | caption | date | body.

    >>> [line_kind(s) for s in ["## 标题", "责任编辑:畅任杰", "△2025年4月29日，考察。", "正文。"]]
    ['heading', 'editor', 'caption', 'body']
    """
    if line[:1] == "#" and heading_level(line):  # most lines are not headings: skip the call
        return "heading"
    found = match_metadata(line)
    return found[0] if found else "body"


def looks_like_title(line: str) -> bool:
    """Short, Chinese, no sentence punctuation or comma, not ending in a mark: a title.

    >>> looks_like_title("抓应用塑生态 上海大模型产业提速跑"), looks_like_title("合格率96.8%。")
    (True, False)
    >>> looks_like_title("推动产业加速跑，还部署了算力调"), looks_like_title("/p>")
    (False, False)
    """
    return (
        0 < len(line) <= MAX_TITLE_CHARS
        and han_count(line) >= 2
        and not _SENTENCE_MARKS.search(line)
        and not _ANY_PUNCT.match(line[-1])
        and line_kind(line) == "body"
    )


def is_subheading(line: str, previous: str | None) -> bool:
    """A short unpunctuated line after a finished paragraph heads a section.

    >>> is_subheading("一 加强监管", "上一段结束。"), is_subheading("手语翻", "开幕式上,两个")
    (True, False)
    """
    if len(line) > MAX_SUBHEADING_CHARS or _ANY_PUNCT.search(line) or han_count(line) < 2:
        return False
    return previous is None or ends_complete(previous) or line_kind(previous) != "body" or bool(SEPARATOR_LINE.match(previous))


def should_join(line: str, following: str, previous: str | None) -> bool:
    """Whether ``following`` continues the broken paragraph ``line``.

    ``previous`` is the line before ``line`` (None when ``line`` is the first).

    >>> should_join("发现不合格产品47批次,", "合格率96.8%。", "联合公布。")
    True
    >>> should_join("长三角产品质量抽查结果公布", "长三角三省一市……", None)
    False
    >>> should_join("2019年9月7日 10:20", "新华社北京电 国家统计局发布", "标题")
    False
    >>> should_join("2019年9月7日国家统计局发布", "的数据显示……", "标题")
    True
    """
    # A date stamp line (2019年9月7日 10:20 来源：新华网) is metadata, so no body: it stands alone.
    if ends_complete(line) or line_kind(line) != "body" or line_kind(following) != "body":
        return False
    if SEPARATOR_LINE.match(line) or SEPARATOR_LINE.match(following):
        return False  # ===== stands alone
    if previous is None and looks_like_title(line):
        return False
    return not is_subheading(line, previous)


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
def classified_lines(article_text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Lines, line kinds and paragraph types of an article.

    >>> classified_lines("## 标题\\n正文。")
    (('## 标题', '正文。'), ('heading', 'body'), ('title', 'body'))
    """
    lines = article_text.split("\n")
    kinds, types = paragraph_kinds(lines)
    return tuple(lines), tuple(kinds), tuple(types)
