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
# The same two as one group each, for re.split ("\n)": the verbose pattern ends in a comment).
_TAG_SPLIT = re.compile(f"({HTML_TAG_PATTERN.pattern}\n)", HTML_TAG_PATTERN.flags)
_TAG_NO_COMMENT_SPLIT = re.compile(f"({_TAGS_NO_COMMENT.pattern}\n)", HTML_TAG_PATTERN.flags)


def tag_parts(text: str) -> list[str]:
    """``text`` cut at each match of HTML_TAG_PATTERN: kept text, tag, kept text, ..., kept
    text (``re.split`` in C: no match objects), in linear time.

    A comment with no end would make each "<!--" scan to the end of the text (50,000 of
    them took 48 s): past the last "-->" only tags are looked for.

    >>> tag_parts("<b>a</b><!--c-->d<!--e<i>")
    ['', '<b>', 'a', '</b>', '', '<!--c-->', 'd<!--e', '<i>', '']
    """
    cut = text.rfind("-->") + 3 if "<!--" in text else len(text)
    parts = _TAG_SPLIT.split(text[:cut] if cut < len(text) else text)
    if cut < len(text):  # from the end of the last tag found on, tags without comments
        parts[-1:] = _TAG_NO_COMMENT_SPLIT.split(text[cut - len(parts[-1]):])
    return parts
