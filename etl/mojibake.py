"""Find mojibake spans in decoded text and propose repairs, each a small named fixer.

Fixers return :class:`Fix` records (span in the input text, replacement, method);
:func:`find_fixes` merges them. A fix is kept only when the repaired span is
clearly more plausible than the original, so clean text is never touched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import ftfy
import numpy as np

from etl.plausibility import COMMON, class_table, code_points, span_cost
from etl.gbk_shift import gbk_shift_fixes

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
CP1252_RUN_RE = re.compile(f"[{CP1252_CHARS}]{{2,}}")
UTF8_LEAD_AS_LATIN1_RE = re.compile(r"[\u00c2-\u00f4]")
MISREAD_CODECS = {"gb18030": "utf8-as-gbk", "big5hkscs": "utf8-as-big5"}


@dataclass(frozen=True, order=True)
class Fix:
    """Replace ``text[start:end]`` by ``after``."""

    start: int
    end: int
    after: str
    method: str


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
    for codec, method in MISREAD_CODECS.items():
        if not _has_utf8_run(text.encode(codec, "replace")):
            continue  # the usual case, checked at C speed
        data, starts = _encode_with_starts(code_points(text), codec)
        for match in UTF8_RUN_RE.finditer(data):
            start = int(np.searchsorted(starts, match.start(), "left"))
            end = int(np.searchsorted(starts, match.end(), "right")) - 1
            try:
                after = data[starts[start]:starts[end]].decode("utf-8")
            except UnicodeDecodeError:
                continue
            if end - start >= 2 and _misread_is_better(text[start:end], after):
                fixes.append(Fix(start, end, after, method))
    return fixes


def _encode_with_starts(cps: np.ndarray, codec: str) -> tuple[bytes, np.ndarray]:
    """``codec`` bytes of the code points (``?`` where unencodable) and each one's start.

    Encodes each distinct code point once, then lays the bytes out with NumPy,
    so that every character's byte position is known.

    >>> data, starts = _encode_with_starts(code_points("a上"), "gbk")
    >>> data, starts.tolist()
    (b'a\xc9\xcf', [0, 1, 3])
    """
    unique = np.flatnonzero(np.bincount(cps))  # np.unique without the sort
    index = np.zeros(int(cps.max(initial=0)) + 1, dtype=np.int64)
    index[unique] = np.arange(len(unique))
    inverse = index[cps]
    table = np.zeros((len(unique), 4), dtype=np.uint8)
    lengths = np.ones(len(unique), dtype=np.int64)
    table[:, 0] = ord("?")
    for i, cp in enumerate(unique.tolist()):
        try:
            encoded = chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        table[i, :len(encoded)] = list(encoded)
        lengths[i] = len(encoded)
    per_char = lengths[inverse]
    keep = np.arange(4) < per_char[:, None]
    return table[inverse][keep].tobytes(), np.concatenate(([0], np.cumsum(per_char)))


def _has_utf8_run(data: bytes) -> bool:
    """Vectorised pre-check for :data:`UTF8_RUN_RE` (the regex is slow on megabytes).

    >>> _has_utf8_run("上海".encode("utf-8")), _has_utf8_run("上海".encode("gbk"))
    (True, False)
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    cont = (raw & 0xC0) == 0x80
    seq3 = (raw[:-2] >= 0xE2) & (raw[:-2] <= 0xEF) & cont[1:-1] & cont[2:]
    return bool((seq3[:-3] & seq3[3:]).any())


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
    fixes = []
    if not UTF8_LEAD_AS_LATIN1_RE.search(text):
        return []
    for match in CP1252_RUN_RE.finditer(text):
        before = match.group()
        if not UTF8_LEAD_AS_LATIN1_RE.search(before):
            continue
        after = ftfy.fix_encoding(before)
        if after != before and len(after) < len(before):
            fixes.append(Fix(match.start(), match.end(), after, "ftfy"))
    return fixes
