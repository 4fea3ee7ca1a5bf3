"""Raw byte offset of every decoded character, computed with NumPy, not per character.

Undecodable bytes are decoded by the ``zhfacts-mark`` error handler into one marker
(lone surrogate U+DC00 + byte) per byte, so every character, marker or not, has a
known encoded length. The map has ``len(text) + 1`` entries; the last is ``len(data)``.
"""
from __future__ import annotations

import codecs
import re
import sys

import numpy as np

from etl.decoding.plausibility import code_points
from etl.positions.provenance import POSITION

MARK_ERRORS = "zhfacts-mark"
MARKER_RE = re.compile("[\udc00-\udcff]")
MARKER_LO, MARKER_HI = 0xDC00, 0xDD00
MARKERS = [chr(MARKER_LO + b) for b in range(256)]
_LENGTHS: dict[str, np.ndarray] = {}  # codec -> encoded length per code point, -1 unknown


def _mark_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: one marker character per undecodable byte."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return "".join(map(MARKERS.__getitem__, bad)), exc.end


codecs.register_error(MARK_ERRORS, _mark_bytes)


def decode_marked(data: bytes, codec: str) -> tuple[str, int]:
    """Decode, turning each undecodable byte into a marker; return text and marker count.

    >>> decode_marked(b"a\\xffb", "utf-8")
    ('a\\udcffb', 1)
    """
    try:
        return data.decode(codec), 0  # the usual case; no codec we use decodes to U+DCxx
    except UnicodeDecodeError:
        text = data.decode(codec, MARK_ERRORS)
        return text, len(MARKER_RE.findall(text))


def unmark(text: str) -> str:
    """Replace markers by U+FFFD (one for one, so offsets stay valid).

    >>> unmark("a\\udcffb")
    'a\\ufffdb'
    """
    return MARKER_RE.sub("\ufffd", text)


def utf8_offsets(data: bytes, start: int = 0) -> np.ndarray:
    """Offsets of the text decoded strictly from UTF-8 ``data[start:]``: each character
    starts at a byte that is not a continuation byte (0x80-0xBF, -64..-1 as int8 is
    the rest), so one comparison over the bytes finds them all.

    >>> utf8_offsets("xyza海".encode(), 3).tolist()
    [3, 4, 7]
    """
    raw = np.frombuffer(data[start:] + b"\0", dtype=np.int8)  # the NUL stands for the end
    offsets = np.flatnonzero(raw >= -64).astype(POSITION)
    return offsets + POSITION(start) if start else offsets


def stateless_offsets(text: str, codec: str, start: int, total: int) -> np.ndarray | None:
    """Offsets from per-character encoded lengths, or None if they do not add up.

    Markers count one byte. ``None`` means the codec does not round-trip character
    by character (e.g. HKSCS sequences of two code points).

    >>> stateless_offsets("a海", "gb18030", 2, 5).tolist()
    [2, 3, 5]
    """
    lengths = encoded_lengths(code_points(text), codec)
    if (lengths == 0).any() or start + int(lengths.sum()) != total:
        return None
    out = np.empty(len(lengths) + 1, dtype=POSITION)
    out[0] = start
    np.cumsum(lengths, out=out[1:], dtype=POSITION)
    out[1:] += start
    return out


def encoded_lengths(cps: np.ndarray, codec: str) -> np.ndarray:
    """Bytes each code point takes in ``codec`` (int8; 0 if it cannot be encoded,
    1 for a marker).

    A per-codec table remembers every code point met so far, so after the first
    files only new characters are encoded one by one.

    >>> encoded_lengths(code_points("a海\U0001f600"), "big5hkscs").tolist()
    [1, 2, 0]
    """
    table = _LENGTHS.get(codec)
    if table is None:
        table = _LENGTHS[codec] = np.full(sys.maxunicode + 1, -1, dtype=np.int8)
    lengths = table[cps]
    unknown = lengths < 0
    if unknown.any():
        for cp in np.flatnonzero(np.bincount(cps[unknown])).tolist():
            table[cp] = _encoded_length(cp, codec)
        lengths = table[cps]
    return lengths


def _encoded_length(cp: int, codec: str) -> int:
    """Bytes that code point ``cp`` takes in ``codec``; 0 if it cannot be encoded."""
    if MARKER_LO <= cp < MARKER_HI:
        return 1
    try:
        return len(chr(cp).encode(codec))
    except UnicodeEncodeError:
        return 0


def incremental_offsets(data: bytes, codec: str, start: int) -> np.ndarray:
    """Exact but slow offsets: feed bytes one by one to an incremental decoder.

    Used for stateful codecs (HZ) and the rare texts where per-character lengths
    do not add up.

    >>> incremental_offsets(b"~{VP~}a", "hz", 0).tolist()
    [0, 4, 7]
    """
    decoder = codecs.getincrementaldecoder(codec)(MARK_ERRORS)
    out: list[int] = []
    pending = start
    for pos in range(start, len(data)):
        chars = decoder.decode(data[pos:pos + 1])
        out.extend([pending] * len(chars))
        if chars:
            pending = pos + 1  # escape bytes belong to the character after them
    out.extend([pending] * len(decoder.decode(b"", final=True)))
    out.append(len(data))
    return np.asarray(out, dtype=POSITION)


def byte_offsets(data: bytes, text: str, codec: str, start: int, marked: bool = True) -> np.ndarray:
    """Offsets of ``text`` decoded with ``codec`` from ``data[start:]`` (markers kept;
    ``marked=False`` promises there are none).

    >>> byte_offsets("海a".encode("utf-16-le"), "海a", "utf-16-le", 0).tolist()
    [0, 2, 4]
    """
    if codec in ("utf-8", "ascii") and not (marked and MARKER_RE.search(text)):
        return utf8_offsets(data, start)
    if codec != "hz":
        offsets = stateless_offsets(text, codec, start, len(data))
        if offsets is not None:
            return offsets
    return incremental_offsets(data, codec, start)
