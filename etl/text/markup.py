"""HTML remains in text: tags, comments and entities (patterns only; light to import)."""
from __future__ import annotations

import re

HTML_TAG_PATTERN = re.compile(
    r"""
    <!--.*?-->                                   # comment
    | <!(?:DOCTYPE|\[CDATA\[)[^>]*>              # doctype, CDATA opener
    | </?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>   # start, end or empty tag
    """,
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
HTML_ENTITY_PATTERN = re.compile(r"&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# The same without comments: where no "-->" follows, a comment cannot match.
_TAGS_NO_COMMENT = re.compile(HTML_TAG_PATTERN.pattern.replace("<!--.*?-->", "(?!)"), HTML_TAG_PATTERN.flags)


def tag_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each match of HTML_TAG_PATTERN, in linear time.

    A comment with no end would make each "<!--" scan to the end of the text (50,000 of
    them took 48 s): past the last "-->" only tags are looked for.

    >>> tag_spans("<b>a</b><!--c-->d<!--e<i>")
    [(0, 3), (4, 8), (8, 16), (22, 25)]
    """
    cut = text.rfind("-->") + 3 if "<!--" in text else len(text)
    spans = [m.span() for m in HTML_TAG_PATTERN.finditer(text, 0, max(cut, 0))]
    if cut < len(text):
        spans += [m.span() for m in _TAGS_NO_COMMENT.finditer(text, spans[-1][1] if spans else 0)]
    return spans
