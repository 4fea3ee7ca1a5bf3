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
# The same without comments: where no "-->" follows, a comment cannot match (etl.text.normalize.strip_tags).
HTML_TAG_PATTERN_NO_COMMENT = re.compile(HTML_TAG_PATTERN.pattern.replace("<!--.*?-->", "(?!)"), HTML_TAG_PATTERN.flags)
