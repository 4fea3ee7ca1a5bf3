"""Which kind of container a document is: plain text, an HTML page or a record dump."""
from __future__ import annotations

import json
import re

TEXT, HTML, SOGOU, JSONL = "text", "html", "sogou", "jsonl"
SNIFF_CHARS = 65536
_HTML = re.compile(r"<(?:!doctype\s+html|html[\s>]|body[\s>])", re.IGNORECASE)
# Page furniture tags: a fragment of a page (no <html>) still has many; text with a few
# leftover <p> or <br> has none.
_PAGE_TAG = re.compile(r"<(?:a\s[^>]*href|script|table|td|iframe|form|link\s|meta\s|div\s[^>]*(?:id|class)\s*=)", re.IGNORECASE)
PAGE_TAGS = 10
_JSON_ARRAY = re.compile(r'\s*\[\s*\{\s*"')
_SOGOU = re.compile(r"\A\s*<doc>\s*<url>", re.IGNORECASE)
# The first line that is not blank: blank lines and leading space skipped by \s*, then up
# to str.splitlines' next break (every break is whitespace), without splitting the head.
_FIRST_LINE = re.compile(r"\s*([^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*)")


def container_of(markup: str) -> str:
    """The container kind of a decoded document.

    >>> container_of("<doc>\\n<url>http://a.cn/</url>"), container_of('{"title": "题", "content": "文"}')
    ('sogou', 'jsonl')
    >>> container_of("<html><body><p>文</p></body></html>"), container_of("## 标题\\n<p>正文</p>")
    ('html', 'text')
    """
    head = markup[:SNIFF_CHARS]
    if _SOGOU.match(head):
        return SOGOU
    if _looks_like_json_lines(head):
        return JSONL
    if _HTML.search(head) or _page_tags(head) >= PAGE_TAGS:
        return HTML
    return TEXT


def opens_json_array(markup: str) -> bool:
    """Whether the document is a JSON array of objects (its first object's first key begins).

    >>> opens_json_array('[\\n  {"title": "题"}]'), opens_json_array("[1, 2]")
    (True, False)
    """
    return _JSON_ARRAY.match(markup) is not None


def _looks_like_json_lines(head: str) -> bool:
    """The first non-blank line is a whole JSON object (a crawl, one record per line), or
    the document is a JSON array of objects (records.json_records reads both).

    >>> _looks_like_json_lines('[\\n  {\\n    "title": "题"'), _looks_like_json_lines("[1, 2]")
    (True, False)
    """
    if opens_json_array(head):
        return True
    first = _FIRST_LINE.match(head)[1].strip()
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _page_tags(head: str, enough: int = PAGE_TAGS) -> int:
    count = 0
    for _ in _PAGE_TAG.finditer(head):
        count += 1
        if count >= enough:
            break
    return count
