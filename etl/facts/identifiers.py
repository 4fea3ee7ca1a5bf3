"""Numbers that are not quantities: identifiers (5G, GPT-4, phone numbers) and clock times.

Each function returns where the non-quantity ends, so that the scan can skip it, or
None when the number at ``start`` is not one of them.
"""
from __future__ import annotations

import re

from etl.facts.units import unit_at, words

# Numbers that are parts of identifiers: phone numbers, versions.
_IDENTIFIER_RE = re.compile(r"""
      \d{3,4}-\d{7,8}           # 010-12345678
    | 1[3-9]\d{9}(?!\d)         # mobile numbers
    | \d+(?:\.\d+){2,}          # versions, addresses: 1.2.3
""", re.VERBOSE)
_LETTERS_AFTER_RE = re.compile(r"[\d.,]+(?=[A-Za-z])")  # 5G, 4K (but 5TB is a unit)
_IDENT_BEFORE = frozenset(words()["ident_before"])
_IDENT_AFTER = frozenset(words()["ident_after"])
_CLOCK_WORDS = tuple(words()["clock"])
_CLOCK_TAIL_RE = re.compile(r"(?:时|点钟?)(?:\d{1,2}分|半)?")


def ascii_alnum(ch: str) -> bool:
    """An ASCII letter or digit (Han characters are alphanumeric to ``str.isalnum``)."""
    return ch.isascii() and ch.isalnum()


def identifier_end(text: str, start: int, run_end: int) -> int | None:
    """End of an identifier around the Arabic number at ``start``.

    >>> identifier_end("建成5G网络", 2, 3), identifier_end("GPT-4模型", 4, 5), identifier_end("近5TB", 1, 2)
    (3, 5, None)
    >>> identifier_end("拨打12345热线", 2, 7), identifier_end("电话：010-65123456。", 3, 6)
    (7, 15)
    """
    if not text[start].isdigit():
        return None
    after = text[run_end:run_end + 1]
    ident = _IDENTIFIER_RE.match(text, start) if after in ("-", ".") or run_end - start >= 7 else None
    if ident:
        return ident.end()
    # Letters can only follow the digits when the run is not followed by Han text.
    if after and (after in ".," or after.isdigit() or (after.isascii() and after.isalpha())):
        letters = _LETTERS_AFTER_RE.match(text, start)
        if letters and not unit_at(text, letters.end()):
            return letters.end()
    before = text[max(0, start - 2):start]
    previous = before[-1:]
    if previous.isascii() and (previous.isalpha() or (previous in ("-", ".", " ") and ascii_alnum(before[:1]))):
        return run_end  # GPT-4, iPhone 15
    if before in _IDENT_BEFORE or text[run_end:run_end + 2] in _IDENT_AFTER:
        return run_end
    return None


def clock_end(text: str, start: int, run_end: int) -> int | None:
    """End of a clock time (10时, 晚上8点, 8点30分), which is no fact.

    >>> clock_end("上午10时30分在北京", 2, 4), clock_end("收报3052点", 2, 6)
    (8, None)
    """
    after = text[run_end:run_end + 2]
    if not (after[:1] == "时" or after == "点钟" or (
            after[:1] == "点" and text[max(0, start - 2):start].endswith(_CLOCK_WORDS))):
        return None
    m = _CLOCK_TAIL_RE.match(text, run_end)
    return m.end() if m else run_end + 1
