"""Read the string fields of a JSON record that does not parse, instead of dropping it.

Crawls write records by hand often enough: a quote left unescaped in the text
(``"content": "他说"好"。"``), a trailing comma, a raw tab, a line cut short by an
interrupted download. Each field is read on its own, so one bad character costs at most
that field's exactness, never the record.
"""
from __future__ import annotations

import json
import re

# A top-level key: at the object's start or after a comma, then the value.
_KEY = re.compile(r'(?:^\s*\{|,)\s*"(?P<key>[^"\\]{1,64})"\s*:\s*')
# A string field of a record cut short; the last one runs to the cut.
_STRING_FIELD = re.compile(r'"(?P<key>[^"\\]+)"\s*:\s*"(?P<value>(?:[^"\\]|\\.)*\\?)(?:"|\Z)', re.DOTALL)
_UNESCAPED_QUOTE = re.compile(r'(?<!\\)((?:\\\\)*)"')


class Salvaged(dict):
    """The fields of a record that did not parse as JSON; ``cut_short``: the file ended inside it."""

    def __init__(self, fields: dict[str, str], cut_short: bool) -> None:
        super().__init__(fields)
        self.cut_short = cut_short


def parse_record_line(line: str) -> object:
    """The line's JSON value; a record that does not parse, salvaged; None if nothing is in it.

    >>> parse_record_line('{"title": "题", "n": 3}')
    {'title': '题', 'n': 3}
    >>> parse_record_line('{"content": "他说"好"。", "title": "题",}')
    {'content': '他说"好"。', 'title': '题'}
    >>> parse_record_line('{"title": "题", "content": "今年增长\\\\u0035%').cut_short
    True
    """
    try:
        return json.loads(line, strict=False)  # strict=False: raw tabs and newlines in strings
    except ValueError:
        pass
    if line.rstrip().endswith("}"):
        fields = whole_record_fields(line)
        return Salvaged(fields, cut_short=False) if fields else None
    fields = cut_record_fields(line)
    return Salvaged(fields, cut_short=True) if fields else None


def whole_record_fields(line: str) -> dict[str, str]:
    """String fields of a whole record that does not parse: each value runs from its key to
    the next top-level key (or the closing brace), so quotes inside it are kept as text.

    >>> whole_record_fields('{"title": "题", "views": 12, "content": "他说"好"。"}')
    {'title': '题', 'content': '他说"好"。'}
    """
    body = line.rstrip()
    body = body[:-1] if body.endswith("}") else body
    keys = list(_KEY.finditer(body))
    fields = {}
    for n, key in enumerate(keys):
        end = keys[n + 1].start() if n + 1 < len(keys) else len(body)
        raw = body[key.end():end].strip().rstrip(",").rstrip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':
            fields[key["key"]] = _unquote(raw[1:-1])
    return fields


def cut_record_fields(text: str) -> dict[str, str]:
    """The top-level string fields of a record cut short; the last one runs to the cut.

    >>> cut_record_fields('{"title": "题", "n": 3, "content": "今年增长\\\\u0035%')
    {'title': '题', 'content': '今年增长5%'}
    """
    fields = {}
    for match in _STRING_FIELD.finditer(text):
        raw = match["value"]
        raw = raw[:-1] if raw.endswith("\\") and not raw.endswith("\\\\") else raw  # cut inside an escape
        fields[match["key"]] = _unquote(raw)
    return fields


def _unquote(raw: str) -> str:
    """A JSON string's inside, decoded; quotes left unescaped are kept; a bad escape keeps it raw."""
    try:
        return json.loads('"' + _UNESCAPED_QUOTE.sub(r'\1\\"', raw) + '"', strict=False)
    except ValueError:
        return raw
