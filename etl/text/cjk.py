"""Character classes shared by normalize and segment (regex fragments, no logic)."""
from __future__ import annotations

import re

# Han ideographs: CJK Unified (with Extension A), compatibility, Extensions B and up.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"

# Chinese punctuation; an ASCII mark next to one of these is Chinese punctuation too.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』〔〕…—·"

# Ends a paragraph cleanly; anything else at a line end suggests a broken paragraph.
TERMINAL = "。！？；：…!?;:"

# Closing marks that belong to the sentence they close.
CLOSERS = "”’」』）)》〉】〕]\"'"

HAN_RE = re.compile(f"[{HAN}]")


def han_count(text: str) -> int:
    """Number of Han characters.

    >>> han_count("AI浪潮奔涌, 2024")
    4
    """
    return len(HAN_RE.findall(text))


def ends_complete(line: str) -> bool:
    """True when a line ends with terminal punctuation, closing marks aside.

    >>> ends_complete("产生示范效应。”"), ends_complete("发现不合格产品47批次,")
    (True, False)
    """
    stripped = line.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in TERMINAL
