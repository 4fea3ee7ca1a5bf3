"""Convert to simplified Chinese with OpenCC and tell which script the text was in."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import opencc

from etl.positions.offsets import align_map
from etl.positions.provenance import POSITION

CONFIGS = ("t2s", "tw2sp", "hk2s", "tw2s", "s2s")
# Share of Han characters that conversion changed. Traditional prose changes
# about a quarter to a third of its characters; simplified prose none.
SIMPLIFIED_BELOW = 0.02
TRADITIONAL_FROM = 0.12
_HAN_FIRST, _HAN_LAST = 0x3400, 0x9FFF  # Extension A and the unified block: nearly all Han text


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    """A cached OpenCC converter; "t2s" and "t2s.json" both work.

    >>> converter("t2s").convert("長出新的城市地標")
    '长出新的城市地标'
    """
    name = config.removesuffix(".json")
    if name not in CONFIGS:
        raise ValueError(f"normalize: unknown opencc_config {config!r}; use one of {', '.join(CONFIGS)}")
    try:
        return opencc.OpenCC(name)
    except Exception:  # some builds of the binding want the file name
        return opencc.OpenCC(name + ".json")


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _han_total(points: np.ndarray) -> int:
    return int(np.count_nonzero((points - _HAN_FIRST) <= _HAN_LAST - _HAN_FIRST))  # uint32 wraps below


def classify_script(changed: int, han: int) -> str:
    """simplified | traditional | mixed, from the share of Han characters changed.

    >>> classify_script(0, 100), classify_script(34, 100), classify_script(5, 100)
    ('simplified', 'traditional', 'mixed')
    """
    share = changed / han if han else 0.0
    if share < SIMPLIFIED_BELOW:
        return "simplified"
    return "traditional" if share >= TRADITIONAL_FROM else "mixed"


def _line_aligned_map(before: str, after: str) -> np.ndarray:
    """Map for a conversion that changed some lines' lengths.

    Lines of equal length map char by char; the others are aligned.

    >>> _line_aligned_map("太空梭\\n飛", "航天飞机\\n飞").tolist()
    [0, 0, 1, 2, 3, 4, 5]
    """
    lines_in, lines_out = before.split("\n"), after.split("\n")
    if len(lines_in) != len(lines_out):  # OpenCC keeps every "\n"; stay safe anyway
        return align_map(before, after)
    pieces, src = [], 0
    for line_in, line_out in zip(lines_in, lines_out):
        if len(line_in) == len(line_out):
            pieces.append(np.arange(src, src + len(line_in) + 1, dtype=POSITION))
        else:
            pieces.append(align_map(line_in, line_out) + src)
        src += len(line_in) + 1
    # each piece ends at its line's "\n", which is also the output's "\n"
    return np.concatenate(pieces)


def convert_script(text: str, config: str = "t2s") -> tuple[str, np.ndarray | None, int, str]:
    """Convert with OpenCC; return text, map (None if lengths kept), changes, script.

    >>> new, mapping, changes, script = convert_script("黃浦江畔正生長出新的城市地標")
    >>> new, mapping, changes, script
    ('黄浦江畔正生长出新的城市地标', None, 3, 'traditional')
    """
    converted = converter(config).convert(text)
    if converted == text:  # simplified input: nothing to count, and no Han share is needed
        return text, None, 0, "simplified"
    points = _codepoints(text)
    han = _han_total(points)
    if len(converted) == len(text):
        changed = int((points != _codepoints(converted)).sum())
        return converted, None, changed, classify_script(changed, han)
    mapping = _line_aligned_map(text, converted)
    changed = int((points[mapping[:-1].clip(max=len(text) - 1)] != _codepoints(converted)).sum())
    return converted, mapping, changed, classify_script(changed, han)
