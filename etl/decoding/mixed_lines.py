"""Files whose lines are in two encodings: UTF-8 with some articles pasted in as GBK
(or Big5), as a crawler writes when it appends pages without re-encoding them.

No single codec reads such a file: as UTF-8 the GBK lines do not decode, as GBK the UTF-8
lines turn to mojibake. Read line by line instead, each line that is valid UTF-8 as UTF-8
and every other line with the one legacy codec that reads them best, the file is whole.
:func:`mixed_reading` is a rescue, tried only where every single codec failed.
"""
from __future__ import annotations

import numpy as np

from etl.decoding.byte_offsets import byte_offsets, decode_marked, unmark
from etl.decoding.plausibility import plausibility
from etl.positions.provenance import POSITION

LEGACY_CODECS = ("gb18030", "big5hkscs")
MIN_UTF8_HAN_LINES = 2  # lines with Han text that UTF-8 reads: evidence the file is UTF-8 at all


def mixed_reading(data: bytes) -> tuple[str, str, int, np.ndarray] | None:
    """(codec label such as ``utf-8+gb18030``, text with byte markers, marker count,
    byte offsets), or None when the lines do not split into UTF-8 and one legacy codec.

    >>> label, text, _, offsets = mixed_reading("新闻一\\n新闻二\\n".encode() + "旧闻\\n".encode("gbk"))
    >>> label, text, offsets.tolist()[-4:]
    ('utf-8+gb18030', '新闻一\\n新闻二\\n旧闻\\n', [20, 22, 24, 25])
    """
    lines = data.splitlines(keepends=True)
    utf8 = [_utf8_or_none(line) for line in lines]
    if sum(text is not None and _has_han(text) for text in utf8) < MIN_UTF8_HAN_LINES:
        return None
    legacy = b"".join(line for line, text in zip(lines, utf8) if text is None)
    if not legacy:
        return None
    codec = max(LEGACY_CODECS, key=lambda name: plausibility(unmark(decode_marked(legacy, name)[0])))
    texts, maps, replaced, start = [], [], 0, 0
    for line, text in zip(lines, utf8):
        line_codec = "utf-8" if text is not None else codec
        if text is None:
            text, bad = decode_marked(line, codec)
            replaced += bad
        maps.append(byte_offsets(line, text, line_codec, 0)[:-1] + start)
        texts.append(text)
        start += len(line)
    offsets = np.concatenate([*maps, np.array([len(data)], dtype=POSITION)]).astype(POSITION)
    return f"utf-8+{codec}", "".join(texts), replaced, offsets


def _utf8_or_none(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _has_han(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)
