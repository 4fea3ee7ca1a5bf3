"""Find mojibake spans in decoded text and propose repairs, each a small named fixer.

Fixers return :class:`Fix` records (span in the input text, replacement, method);
:func:`find_fixes` merges them. A fix is kept only when the repaired span is
clearly more plausible than the original, so clean text is never touched.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import ftfy
import numpy as np

from etl.decoding.byte_offsets import encoded_lengths
from etl.decoding.fixes import Fix
from etl.decoding.plausibility import COMMON, class_table, code_points, span_cost
from etl.decoding.gbk_shift import gbk_shift_fixes

# Two or more 3-byte UTF-8 sequences (CJK, punctuation) in a row: clean GBK or
# Big5 bytes rarely contain them, mojibake of Chinese always does.
UTF8_RUN_RE = re.compile(rb"(?:[\xe2-\xef][\x80-\xbf]{2}){2,}")
# Characters that UTF-8 bytes become when read as Windows-1252 or Latin-1.
CP1252_CHARS = (
    "\u0080-\u00ff"  # Latin-1, and C1 controls for bytes Windows-1252 leaves undefined
    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122"
)
UTF8_LEAD_AS_LATIN1_RE = re.compile(r"[\u00c2-\u00f4]")
MISREAD_CODECS = {"gb18030": "utf8-as-gbk", "big5hkscs": "utf8-as-big5"}


def find_fixes(text: str) -> list[Fix]:
    """All accepted repairs, sorted and non-overlapping.

    >>> find_fixes("AI浪潮奔涌,黃浦江畔")
    []
    >>> find_fixes("地点:涓婃捣 ok")
    [Fix(start=3, end=6, after='上海', method='utf8-as-gbk')]
    """
    if text.isascii():
        return []
    fixes = sorted(utf8_misread_fixes(text) + latin1_fixes(text) + gbk_shift_fixes(text))
    kept: list[Fix] = []
    for fix in fixes:
        if not kept or fix.start >= kept[-1].end:
            kept.append(fix)
    return kept


def utf8_misread_fixes(text: str) -> list[Fix]:
    """UTF-8 bytes that were read as GBK or Big5 and saved again.

    >>> utf8_misread_fixes("标题锟斤拷锟斤拷")
    [Fix(start=2, end=8, after='\ufffd\ufffd\ufffd\ufffd', method='utf8-as-gbk')]
    """
    fixes: list[Fix] = []
    cps = None
    for codec, method in MISREAD_CODECS.items():
        encoded = text.encode(codec, "replace")
        if not _has_utf8_run(encoded):
            continue  # the usual case, checked at C speed
        cps = code_points(text) if cps is None else cps
        data, starts = _encode_with_starts(cps, codec, None if _encodes_pairs(text, codec) else encoded)
        for match in _utf8_runs(data):
            # An int32 key: a Python int would make NumPy cast the whole array per call.
            start = int(np.searchsorted(starts, np.int32(match.start()), "left"))
            end = int(np.searchsorted(starts, np.int32(match.end()), "right")) - 1
            try:
                after = data[int(starts[start]):int(starts[end])].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if end - start >= 2 and _misread_is_better(text[start:end], after):
                fixes.append(Fix(start, end, after, method))
    return fixes


def _encodes_pairs(text: str, codec: str) -> bool:
    """True if ``codec`` may encode two characters as one unit here (HKSCS maps
    Ê/ê plus a combining macron or caron to one pair), so the whole-text bytes
    differ from the character-by-character ones."""
    return codec == "big5hkscs" and ("\u0304" in text or "\u030c" in text)


def _encode_with_starts(cps: np.ndarray, codec: str, encoded: bytes | None = None) -> tuple[bytes, np.ndarray]:
    """``codec`` bytes of the code points (``?`` where unencodable) and each one's start.

    ``encoded``, the whole text encoded with ``errors="replace"``, is the same bytes
    when given; otherwise they are laid out character by character.

    >>> data, starts = _encode_with_starts(code_points("a上"), "gbk")
    >>> data, starts.tolist()
    (b'a\xc9\xcf', [0, 1, 3])
    """
    per_char = np.maximum(encoded_lengths(cps, codec), 1)  # "?" for an unencodable one
    starts = np.zeros(len(cps) + 1, dtype=np.int32)  # max_bytes is far below 2**31
    np.cumsum(per_char, out=starts[1:], dtype=np.int32)
    if encoded is not None and len(encoded) == starts[-1]:
        return encoded, starts
    return _lay_out_bytes(cps, codec, per_char), starts


def _lay_out_bytes(cps: np.ndarray, codec: str, per_char: np.ndarray) -> bytes:
    """Encode each distinct code point once, then lay the bytes out with NumPy."""
    unique = np.flatnonzero(np.bincount(cps, minlength=1))  # np.unique without the sort
    index = np.zeros(int(cps.max(initial=0)) + 1, dtype=np.int64)
    index[unique] = np.arange(len(unique))
    table = np.zeros((len(unique), 4), dtype=np.uint8)
    table[:, 0] = ord("?")
    for i, cp in enumerate(unique.tolist()):
        try:
            char_bytes = chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        table[i, :len(char_bytes)] = list(char_bytes)
    keep = np.arange(4) < per_char[:, None]
    return table[index[cps]][keep].tobytes()


def _has_utf8_run(data: bytes) -> bool:
    """Vectorised pre-check for :data:`UTF8_RUN_RE` (the regex is slow on megabytes).

    >>> _has_utf8_run("上海".encode("utf-8")), _has_utf8_run("上海".encode("gbk"))
    (True, False)
    """
    return bool(_utf8_pairs(data).any())


def _utf8_pairs(data: bytes) -> np.ndarray:
    """``True`` at ``i`` when ``data[i:i + 6]`` is two 3-byte UTF-8 sequences."""
    raw = np.frombuffer(data, dtype=np.uint8)
    cont = (raw & 0xC0) == 0x80
    seq3 = (raw[:-2] >= 0xE2) & (raw[:-2] <= 0xEF) & cont[1:-1] & cont[2:]
    return seq3[:-3] & seq3[3:]


def _utf8_runs(data: bytes) -> Iterator[re.Match]:
    """The matches of ``UTF8_RUN_RE.finditer(data)``, scanning only the regions where
    NumPy found two 3-byte sequences in a row (every match lies inside one).

    >>> [m.group() for m in _utf8_runs(b"ab" + "上海".encode() + b"x" + "中".encode())]
    [b'\xe4\xb8\x8a\xe6\xb5\xb7']
    """
    starts = np.flatnonzero(_utf8_pairs(data))
    if not len(starts):
        return
    # Each start covers 6 bytes; a gap wider than that begins a new region.
    breaks = np.flatnonzero(np.diff(starts) > 6)
    firsts = np.concatenate(([starts[0]], starts[breaks + 1])).tolist()
    lasts = np.concatenate((starts[breaks], [starts[-1]])).tolist()
    for first, last in zip(firsts, lasts):
        yield from UTF8_RUN_RE.finditer(data, first, last + 6)


def _misread_is_better(before: str, after: str) -> bool:
    """Accept a re-read that is all replacement characters (the 锟斤拷 signature) or
    that yields common Han text cheaper than the original."""
    if set(after) == {"\ufffd"}:
        return True
    has_common = any(class_table()[ord(c)] == COMMON for c in after)
    return has_common and span_cost(after) < span_cost(before)


def latin1_fixes(text: str) -> list[Fix]:
    """UTF-8 read as Windows-1252 or Latin-1, repaired by ftfy.

    >>> latin1_fixes("地点:ä¸Šæµ· ok")
    [Fix(start=3, end=9, after='上海', method='ftfy')]
    """
    cps = code_points(text)
    if not (cps - np.uint32(0xC2) <= 0xF4 - 0xC2).any():  # no U+00C2-U+00F4 at all
        return []
    fixes = []
    for start, end in _cp1252_runs(cps):
        before = text[start:end]
        if not UTF8_LEAD_AS_LATIN1_RE.search(before):
            continue
        after = ftfy.fix_encoding(before)
        if after != before and len(after) < len(before):
            fixes.append(Fix(start, end, after, "ftfy"))
    return fixes


def _cp1252_runs(cps: np.ndarray) -> list[tuple[int, int]]:
    """Spans of two or more :data:`CP1252_CHARS` in a row (maximal runs), found with NumPy.

    >>> _cp1252_runs(code_points("aä¸b·c×Šæd"))
    [(1, 3), (6, 9)]
    """
    table = _cp1252_table()
    inside = cps < len(table)
    mask = np.zeros(len(cps) + 2, dtype=bool)
    mask[1:-1] = table[np.where(inside, cps, 0)] & inside
    edges = np.flatnonzero(mask[1:] != mask[:-1])  # a run's start, then its end
    starts, ends = edges[0::2], edges[1::2]
    keep = ends - starts >= 2
    return list(zip(starts[keep].tolist(), ends[keep].tolist()))


@lru_cache(maxsize=1)
def _cp1252_table() -> np.ndarray:
    """``True`` for the code points in :data:`CP1252_CHARS`."""
    char_re = re.compile(f"[{CP1252_CHARS}]")
    return np.array([bool(char_re.match(chr(cp))) for cp in range(0x2200)])
