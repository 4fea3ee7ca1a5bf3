"""Normalize's steps 1-4, which remove markup: line breaks, invisible characters,
entities (and JSON string escapes), tags. Each returns new text, a position map or None,
and a change count (StepResult), like the other steps in etl.text.normalize.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable

import numpy as np

from etl.positions.offsets import replace_matches, replace_parts, sub_with_map
from etl.positions.provenance import compose
from etl.text.markup import HTML_ENTITY_PATTERN, tag_parts

StepResult = tuple[str, "np.ndarray | None", int]

_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|tr|h[1-6]|section|article|table|ul|ol)\b", re.IGNORECASE)
_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
_NEWLINES = re.compile(r"[\r\x0b\x0c\x85\u2028\u2029](?:(?<=\r)\n)?")  # CRLF counts once
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb\ud800-\udfff]+"
)
# One char, not a run: the engine scans for a single class far faster (a cheap gate).
_INVISIBLE_CHAR = re.compile(_INVISIBLE.pattern[:-1])
_MAX_MARKUP_ROUNDS = 5
# A JSON string escape: \uXXXX (a surrogate pair as one), or \n \" \\ ...
_JSON_ESCAPE = re.compile(r'\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|["\\/bfnrt])')
_OPENS_OBJECT = re.compile(r"\s*[\[{]")  # JSON Lines, or a JSON array of records
# An escaped backslash stays escaped, so a second pass reads the text the same way.
_JSON_SIMPLE = {'"': '"', "\\": "\\\\", "/": "/", "b": "", "f": "", "n": "\n", "r": "\n", "t": " "}


def unify_newlines(text: str) -> StepResult:
    """Every line break becomes "\\n".

    >>> unify_newlines("a\\r\\nb\\u2028c")[0]
    'a\\nb\\nc'
    """
    if not any(brk in text for brk in _BREAKS):  # substring checks are far cheaper than a regex pass
        return text, None, 0
    return replace_matches(_NEWLINES, text, "\n")


def remove_invisible(text: str) -> StepResult:
    """Drop control, zero-width and bidi characters (tab and newline stay).

    >>> remove_invisible("合\\u200b格\\x00率\\ufeff")[0]
    '合格率'
    """
    if not _INVISIBLE_CHAR.search(text):
        return text, None, 0
    return replace_matches(_INVISIBLE, text, "")


def decode_entities(text: str) -> StepResult:
    """Replace HTML character references; unknown ones stay as written.

    >>> decode_entities("结果&#12290;&nbsp;A&amp;B &foo;")[0]
    '结果。\\xa0A&B &foo;'
    """
    return sub_with_map(HTML_ENTITY_PATTERN, html.unescape, text)


def looks_like_escaped_json(text: str) -> bool:
    """A JSON crawl (lines or an array) whose strings are \\u-escaped (json.dumps' default).

    >>> looks_like_escaped_json('{"title": "\\\\u6807"}'), looks_like_escaped_json("路径 C:\\\\u6807")
    (True, False)
    """
    return _OPENS_OBJECT.match(text) is not None and _JSON_ESCAPE.search(text, 0, 4096) is not None


def decode_json_escapes(text: str) -> StepResult:
    """Replace JSON string escapes by the characters they stand for.

    >>> decode_json_escapes('{"t": "\\\\u6807\\\\u9898\\\\n\\\\"\\\\ud83d\\\\ude00\\\\""}')[0]
    '{"t": "标题\\n"😀""}'
    """
    def unescape(escape: str) -> str:
        if escape[1] != "u":
            return _JSON_SIMPLE[escape[1]]
        try:
            return escape.encode("ascii").decode("unicode_escape").encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:  # a lone surrogate
            return "\ufffd"

    return sub_with_map(_JSON_ESCAPE, unescape, text)


def strip_tags(text: str) -> StepResult:
    """Remove HTML tags; a block tag leaves a line break so paragraphs stay apart.

    >>> strip_tags("<p>效应。”</p>就在<b>几天</b>前")[0]
    '\\n效应。”\\n就在几天前'
    """
    parts = tag_parts(text)
    if len(parts) == 1:
        return text, None, 0
    is_block = _BLOCK_TAG.match
    new_text, mapping = replace_parts(text, parts, ["\n" if is_block(tag) else "" for tag in parts[1::2]])
    return new_text, mapping, len(parts) // 2


def run_markup_steps(text: str) -> tuple[str, np.ndarray | None, dict[str, int]]:
    """Steps 1-4. Entities can yield tags, controls or breaks, and removing a tag can
    close up a new one (<<b>p>), so they repeat until a round changes nothing."""
    counts = dict.fromkeys(("decode_json_escapes", "unify_newlines", "remove_invisible", "decode_entities", "strip_tags"), 0)
    offsets = None

    def run(step: Callable[[str], StepResult]) -> int:
        nonlocal text, offsets
        text, step_map, n = step(text)
        counts[step.__name__] += n
        if step_map is not None:
            offsets = step_map if offsets is None else compose(offsets, step_map)
        return n

    if looks_like_escaped_json(text):
        run(decode_json_escapes)
    run(unify_newlines)
    run(remove_invisible)
    for _ in range(_MAX_MARKUP_ROUNDS):
        entities = run(decode_entities) if "&" in text else 0
        if entities:
            run(unify_newlines)
            run(remove_invisible)
        tags = run(strip_tags) if "<" in text else 0
        if not (entities or tags):
            break
    return text, offsets, counts
