"""How plausible a decoded text is as Chinese, scored from character classes.

Each Han character earns a weight (common 1.0, other basic-block Han 0.3, rare
extension or compatibility Han 0.0); replacement characters, private-use characters,
lone surrogates and control characters count as evidence against, with weight 0.
Other characters (ASCII, punctuation, spaces) are neutral. The score is the mean
weight over the evidence, 1.0 when there is none. The common set is
``data/common_hanzi.txt`` (see ``data/make_common_hanzi.py``).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from etl import data

COMMON_HANZI_FILE = data.path("common_hanzi.txt")
UNICODE_SIZE = 0x110000
SAMPLE_CHARS = 1 << 18  # score long texts on an evenly spread sample

COMMON, BASIC_HAN, RARE_HAN, BAD, NEUTRAL = 1, 2, 3, 4, 0
WEIGHTS = np.array([0.0, 1.0, 0.3, 0.0, 0.0])
CLASS_COSTS = (0.0, 0.0, 0.7, 1.0, 1.5)
COSTS = np.array(CLASS_COSTS)
SHORT_SPAN = 64  # below this, span_cost loops in Python
# Code point ranges per class; later rows override earlier ones.
CLASS_RANGES = (
    (RARE_HAN, 0x3400, 0x4DC0),    # CJK extension A
    (RARE_HAN, 0x20000, 0x323B0),  # extensions B-H
    (RARE_HAN, 0xF900, 0xFB00),    # compatibility ideographs
    (BASIC_HAN, 0x4E00, 0xA000),
    (BAD, 0x00, 0x09), (BAD, 0x0B, 0x0C), (BAD, 0x0E, 0x20), (BAD, 0x7F, 0xA0),
    (BAD, 0xD800, 0xE000),         # lone surrogates
    (BAD, 0xE000, 0xF900),         # private use
    (BAD, 0xF0000, UNICODE_SIZE),  # supplementary private use
    (BAD, 0xFFFD, 0xFFFE),
)


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The common Han characters, simplified and traditional.

    >>> {"海", "說", "的"} <= common_hanzi(), "倏" in common_hanzi()
    (True, False)
    """
    return frozenset(COMMON_HANZI_FILE.read_text(encoding="utf-8").split())


@lru_cache(maxsize=1)
def class_table() -> np.ndarray:
    """One class code (uint8) per Unicode code point."""
    table = np.full(UNICODE_SIZE, NEUTRAL, dtype=np.uint8)
    for cls, start, end in CLASS_RANGES:
        table[start:end] = cls
    table[[ord(c) for c in common_hanzi()]] = COMMON
    return table


@lru_cache(maxsize=1)
def class_bytes() -> bytes:
    """:func:`class_table` as bytes, for fast lookups of single characters."""
    return class_table().tobytes()


def code_points(text: str) -> np.ndarray:
    """The text's code points as a uint32 array (lone surrogates kept).

    >>> code_points("a海").tolist()
    [97, 28023]
    """
    raw = text.encode("utf-32-le", "surrogatepass")
    return np.frombuffer(raw, dtype="<u4")


def sample(text: str, size: int = SAMPLE_CHARS) -> str:
    """``text`` itself, or 16 evenly spread slices of it adding up to ``size``.

    >>> sample("abcdefgh", 4)
    'abcdefgh'
    """
    if len(text) <= size * 2:
        return text
    step, width = len(text) // 16, size // 16
    return "".join(text[i * step:i * step + width] for i in range(16))


def char_classes(text: str) -> np.ndarray:
    """Class code of each character.

    >>> char_classes("海倏a\\ufffd").tolist()
    [1, 2, 0, 4]
    """
    return class_table()[code_points(text)]


def plausibility(text: str) -> float:
    """Score ``text`` (sampled when long) from 0 to 1 as Chinese.

    >>> plausibility("上海模速空间大模型创新生态社区")
    1.0
    >>> round(plausibility("涓婃捣妯￠€熺┖闂"), 2)
    0.42
    >>> plausibility("plain ASCII")
    1.0
    """
    counts = np.bincount(char_classes(sample(text)), minlength=len(WEIGHTS))
    evidence = counts[1:].sum()
    if evidence == 0:
        return 1.0
    return float((counts * WEIGHTS).sum() / evidence)


def char_costs(text: str) -> np.ndarray:
    """Per-character badness, what a repair must reduce (0 for clean Chinese).

    Basic-block Han outside the common set costs 0.7, rare Han 1.0; bad characters,
    ``?``, ``!`` and ASCII letters next to a Han or full-width character 1.5.

    >>> char_costs("海倏?g中").tolist()
    [0.0, 0.7, 1.5, 1.5, 0.0]
    """
    cps = code_points(text)
    classes = class_table()[cps]
    costs = COSTS[classes]
    costs[(cps == ord("?")) | (cps == ord("!"))] = 1.5
    wide = cps >= 0x3000
    near_wide = np.zeros(len(cps), dtype=bool)
    near_wide[1:] |= wide[:-1]
    near_wide[:-1] |= wide[1:]
    letter = ((cps | 0x20) >= ord("a")) & ((cps | 0x20) <= ord("z"))
    costs[letter & near_wide] = 1.5
    return costs


def span_cost(text: str) -> float:
    """Total :func:`char_costs` of a short span.

    >>> span_cost("海“模速空間”"), span_cost("?!澳K倏臻g”")
    (0.0, 6.7)
    """
    if len(text) > SHORT_SPAN:
        return round(float(char_costs(text).sum()), 6)
    return round(_short_span_cost(text), 6)


def _short_span_cost(text: str) -> float:
    """:func:`char_costs` summed in plain Python: NumPy's set-up dominates on a few chars."""
    classes, total, last = class_bytes(), 0.0, len(text) - 1
    for i, char in enumerate(text):
        if char in "?!":
            total += 1.5
        elif ("a" <= char <= "z" or "A" <= char <= "Z") and (
            (i > 0 and text[i - 1] >= "\u3000") or (i < last and text[i + 1] >= "\u3000")
        ):
            total += 1.5
        else:
            total += CLASS_COSTS[classes[ord(char)]]
    return total
