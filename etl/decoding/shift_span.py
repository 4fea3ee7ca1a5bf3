"""The byte arithmetic of a GBK frame shift: what a damaged span can stand for.

A GBK page lost one lead byte (it shows as ``?``); the reader then paired each trail
byte with the next lead byte, until a trail byte in 0x40-0x7E (read as ASCII) or an
invalid pair (read as ``?``, one byte; a reader may also swallow the ASCII byte after
it) put it back in step. Full-width ``！`` or ``Ｋ`` may have been folded to ASCII since.
Shifting the span back one byte gives its characters, except the ones whose byte was
lost: a :class:`Hole`, to be filled by a language model.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

TRIGGERS = "?\ufffd"
LEAD_BYTES = range(0x81, 0xFF)
TRAIL_BYTES = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
HOLE = "\x00"  # a hole's place in a template string


@dataclass(frozen=True)
class Hole:
    """A character whose ``lead`` or ``trail`` byte is lost; ``byte`` is the other one.

    A lost trail byte made an invalid pair with ``next_byte`` (None: any byte). A hole
    that lost ``both`` bytes (``??``: the trail made an invalid pair at once) keeps only
    that constraint, with the next lead byte in ``byte``.
    """

    lost: str
    byte: int
    next_byte: int | None = None

    def options(self) -> tuple[str, ...]:
        """Every character the hole can be."""
        if self.lost == "lead":
            return lead_options(self.byte)
        if self.lost == "both":
            return both_options(self.byte)
        return trail_options(self.byte, self.next_byte)


@dataclass(frozen=True)
class Reading:
    """One way to read the span ``text[start:end]``: its characters and holes in order,
    then the ASCII character a terminating ``?`` swallowed (known from what follows)."""

    start: int
    end: int
    parts: tuple[str | Hole, ...]
    swallowed: str = ""


@lru_cache(maxsize=16384)
def token_bytes(char: str) -> bytes | None:
    """The two bytes the shifted reader read as ``char`` (ASCII as its full-width form).

    >>> token_bytes("澳"), token_bytes("K"), token_bytes("a"[:0] or " ")
    (b'\\xb0\\xc4', b'\\xa3\\xcb', None)
    """
    if "!" <= char <= "~":
        char = chr(ord(char) + 0xFEE0)
    try:
        encoded = char.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


@lru_cache(maxsize=65536)
def char_of(pair: bytes) -> str | None:
    """The GBK character of two bytes, None if they are not one (user-defined areas are not).

    >>> char_of(b"\\xba\\xa3"), char_of(b"\\xfb\\xb2"), char_of(b"ab")
    ('海', None, None)
    """
    try:
        char = pair.decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 and ord(char) >= 0x80 else None


@lru_cache(maxsize=512)
def lead_options(trail: int) -> tuple[str, ...]:
    """Characters ``lead + trail`` can be."""
    chars = (char_of(bytes([lead, trail])) for lead in LEAD_BYTES)
    return tuple(char for char in chars if char)


@lru_cache(maxsize=4096)
def trail_options(lead: int, next_byte: int | None) -> tuple[str, ...]:
    """Characters ``lead + trail`` can be, for a trail byte the shifted reader could not
    pair with ``next_byte`` (a trail in 0x40-0x7E would have been read as ASCII).

    >>> "宣" in trail_options(0xD0, 0xB2), "学" in trail_options(0xD0, 0xB2)
    (True, False)
    """
    chars = []
    for trail in TRAIL_BYTES:
        char = char_of(bytes([lead, trail]))
        if char is None or trail < 0x80:
            continue
        if next_byte is None or char_of(bytes([trail, next_byte])) is None:
            chars.append(char)
    return tuple(chars)


def _nothing_swallowed(i: int) -> str:
    return ""


@lru_cache(maxsize=256)
def both_options(next_lead: int) -> tuple[str, ...]:
    """Characters whose trail byte cannot pair with ``next_lead``, whatever their lead.

    >>> "生" in both_options(0xB2), "中" in both_options(0xB2)
    (True, False)
    """
    trails = [t for t in range(0x80, 0xFF) if char_of(bytes([t, next_lead])) is None]
    chars = (char_of(bytes([lead, trail])) for trail in trails for lead in LEAD_BYTES)
    return tuple(char for char in chars if char)


def readings(text: str, pos: int, max_tokens: int, swallow: Callable[[int], str] = _nothing_swallowed) -> list[Reading]:
    """Every consistent reading of a span that starts with the ``?`` at ``pos``.

    ``swallow(i)`` is the ASCII character a terminating ``?`` at ``i`` ate (``<`` when
    a tag's rest follows it), else empty.

    >>> [r.end for r in readings("上?!澳K倏臻g”社", 1, 16)]
    [5, 8]
    """
    found: list[Reading] = []
    tokens: list[bytes] = []
    if text[pos + 1:pos + 2] in TRIGGERS and pos + 2 < len(text):
        follow = text[pos + 2] if text[pos + 2] >= "\x80" else ""
        encoded = token_bytes(follow) if follow else None
        if encoded:  # ``??`` then a double-byte character: one character lost whole
            return [r for r in [Reading(pos, pos + 2, (Hole("both", encoded[0]),))] if _possible(r)]
    for i in range(pos + 1, min(len(text), pos + 1 + max_tokens)):
        char = text[i]
        if char in TRIGGERS:  # ends the span, or (right after the first) no shift at all
            found += _terminated(text, pos, i, tokens, swallow(i)) if tokens else []
            break
        if "@" <= char <= "~":  # a trail byte read as ASCII: the lost lead's, or the last one's
            if not tokens:
                found.append(Reading(pos, i + 1, (Hole("lead", ord(char)),)))
            elif (parts := _known(b"".join(tokens)[1:] + char.encode())) is not None:
                found.append(Reading(pos, i + 1, (Hole("lead", tokens[0][0]), *parts)))
        encoded = token_bytes(char)
        if encoded is None:
            break
        tokens.append(encoded)
        if encoded[1] < 0x80:  # that byte was ASCII in step: the span ends here
            parts = _known(b"".join(tokens)[1:-1])
            if parts is not None:
                found.append(Reading(pos, i + 1, (Hole("lead", tokens[0][0]), *parts, chr(encoded[1]))))
            break
    return [r for r in found if _possible(r)]


def _possible(reading: Reading) -> bool:
    """Every hole of ``reading`` can be some character (a trail byte no lead pairs with
    rules the reading out)."""
    return all(part.options() for part in reading.parts if isinstance(part, Hole))


def _terminated(text: str, pos: int, i: int, tokens: list[bytes], swallowed: str) -> list[Reading]:
    """Readings that end at the ``?`` at ``i``: the last character lost its trail byte."""
    body = b"".join(tokens)
    parts = _known(body[1:-1])
    if parts is None:
        return []
    follow = swallowed or text[i + 1:i + 2]
    next_byte = None  # unknown: end of text, or ASCII that may be folded full-width
    if follow and not "!" <= follow <= "~":
        next_byte = (follow.encode("gb18030", "replace") or b"?")[0]
    last = Hole("trail", body[-1], next_byte)
    return [Reading(pos, i + 1, (Hole("lead", body[0]), *parts, last), swallowed)]


def _known(pairs: bytes) -> tuple[str, ...] | None:
    """The characters of a byte string read two bytes at a time, None if a pair is not one."""
    chars = []
    for j in range(0, len(pairs) - 1, 2):
        char = char_of(pairs[j:j + 2])
        if char is None:
            return None
        chars.append(char)
    return tuple(chars) if len(pairs) % 2 == 0 else None


def replay(before: str, fills: str) -> str:
    """The repaired text of a recorded repair: ``before`` read back in step, its holes
    filled with ``fills`` in order (U+FFFD for a byte marked lost), then the ASCII
    character a terminating ``?`` swallowed, if ``fills`` has one more.

    >>> replay("?!澳K倏臻g", "海")
    '海“模速空間'
    >>> replay("?!?", "。”<")
    '。”<'
    """
    for reading in readings(before, 0, len(before)):
        holes = sum(isinstance(part, Hole) for part in reading.parts)
        if reading.end == len(before) and len(fills) in (holes, holes + 1):
            rest = iter(fills)
            return "".join(next(rest) if isinstance(p, Hole) else p for p in reading.parts) + "".join(rest)
    raise ValueError(f"replay: {before!r} with {fills!r} is not a GBK frame shift")
