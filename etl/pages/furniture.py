"""Lines of a page's main content that are page furniture: pagers, comment counters,
picture credits, "related reading" lists, and the teasers after a closing editor credit.

readability keeps them when they sit inside the article's container; each is a line of
its own there (etl.pages.html.block_lines), so a line-level test suffices. The patterns
are data: etl/data/page_furniture.tsv. A list's items are the lines after its heading
that are links (the text of an ``<a>``) or bare bullets; the article resumes at the
first line that is neither.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl import data

_BULLET = re.compile(r"^[·•\-*>|\s]*$")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """One alternation per kind (``line``, ``list``), from the data file."""
    rows: dict[str, list[str]] = {}
    for row in data.path("page_furniture.tsv").read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            kind, pattern = row.split("\t", 1)
            rows.setdefault(kind, []).append(f"(?:{pattern})")
    return {kind: re.compile("|".join(patterns)) for kind, patterns in rows.items()}


def drop_furniture(lines: list[str], links: frozenset[str] = frozenset()) -> list[str]:
    """``lines`` without the furniture; ``links`` are the texts of the content's links.

    >>> drop_furniture(["正文第一句。", "第1页/共1页<< 上一页 | 下一页 >>", "网友评论 0 条"])
    ['正文第一句。']
    >>> drop_furniture(["延伸阅读：骗局", "·", "夫妻诈骗2亿元潜逃", "老中医绝食49天"], frozenset({"夫妻诈骗2亿元潜逃"}))
    ['老中医绝食49天']
    >>> drop_furniture(["为今后养老留条后路 蔡雪婧/摄", "蔡依林热舞 (2005-04-27 18:03PM)", "第1页共3条意见。"])
    ['第1页共3条意见。']
    >>> drop_furniture(["正文。", "正文。", "（责编：汤诗瑶）", "致敬改革开放40年。", "【详细】"])
    ['正文。', '正文。', '（责编：汤诗瑶）']
    >>> drop_furniture(["正文。", "正文。", "网友评论", "网友甲：房价涨了30%。"])
    ['正文。', '正文。']
    """
    patterns = _patterns()
    lines = _story_end(lines, patterns)
    line_re, list_re = patterns.get("line"), patterns.get("list")
    kept: list[str] = []
    in_list = False
    for line in lines:
        text = line.strip()
        if in_list and (text in links or _BULLET.match(text)):
            continue
        in_list = False
        if text in links:  # a line that is wholly a link: a related story, a channel, a pager
            continue
        if list_re is not None and list_re.search(text):
            in_list = True
            continue
        if line_re is not None and line_re.search(text):
            continue
        kept.append(line)
    return kept


def _story_end(lines: list[str], patterns: dict[str, re.Pattern[str]]) -> list[str]:
    """The lines up to the story's end: a closing credit (``end``, kept) or the heading of
    the comments (``cut``, dropped), in the second half of the content; one near the top
    belongs to the page, not to the end of the story."""
    for i in range(len(lines) // 2, len(lines)):
        text = lines[i].strip()
        if "end" in patterns and patterns["end"].search(text):
            return lines[: i + 1]
        if "cut" in patterns and patterns["cut"].search(text):
            return lines[:i]
    return lines
