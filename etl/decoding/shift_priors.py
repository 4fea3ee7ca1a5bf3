"""What a filled character must fit besides the language models: brackets and quotes
open on its line, its kind (Han and punctuation may be filled, digits and letters
never) and Latin letters next to it (pinyin notes, codes)."""
from __future__ import annotations

CLOSERS = {"”": "“", "］": "［", "’": "‘", "》": "《", "）": "（", "】": "【", "」": "「", "』": "『", "〉": "〈", "〕": "〔"}
OPENERS = {opener: closer for closer, opener in CLOSERS.items()}


def latin_near(slots: list[tuple[str, ...]], hole: int) -> bool:
    """Whether an ASCII letter is next to the hole or two after it: pinyin notes
    (``寫(xiě)``) or a code, which the news model cannot weigh as Chinese.

    >>> latin_near([("聽",), ("(",), ("t",), ("ī", "）"), ("n",)], 3)
    True

    Right after a note's closing bracket, too: the note says nothing of what follows.

    >>> latin_near([("n",), ("ǎ",), (")",), ("頻", "發")], 3)
    True
    """
    near = slots[max(hole - 1, 0):hole] + slots[hole + 1:hole + 3]
    if hole >= 2 and slots[hole - 1] in ((")",), ("）",)):
        near += slots[hole - 2:hole - 1]
    return any(len(s) == 1 and s[0].isascii() and s[0].isalpha() or _pinyin_vowel(s) for s in near)


def _pinyin_vowel(slot: tuple[str, ...]) -> bool:
    """A toned vowel of pinyin (``ǎ``, ``ī``, ``ü``): Latin, though not ASCII."""
    return len(slot) == 1 and "\u00c0" <= slot[0] <= "\u024f"


def opened_closers(line: str) -> set[str]:
    """Closers of the brackets and quotes open at the end of ``line``.

    >>> sorted(opened_closers("［详细（见下）"))
    ['］']
    """
    return {closer for closer, opener in CLOSERS.items() if line.count(opener) > line.count(closer)}


def fillable(char: str) -> bool:
    """Han characters and punctuation may be filled in; a digit or letter guessed would
    be a number or a code the text never had.

    >>> fillable("海"), fillable("，"), fillable("３"), fillable("Ａ")
    (True, True, False, False)
    """
    return is_han(char) or not char.isalnum()


def is_han(char: str) -> bool:
    """Whether ``char`` is a Han character (CJK extension A and the unified block)."""
    return "\u3400" <= char <= "\u9fff"


def balance(char: str, line: str) -> float:
    """Log bonus: a closer for an open pair is likely, re-opening an open pair is not
    (``line`` as ``shift_fill._line_before`` gives it: ASCII brackets folded to full width).

    >>> balance("）", "酒还是茶（") > 0 > balance("（", "酒还是茶（")
    True
    """
    if char in CLOSERS:
        return 1.5 if line.count(CLOSERS[char]) > line.count(char) else -1.5
    if char in OPENERS and line.count(char) > line.count(OPENERS[char]):
        return -7.0
    return 0.0
