"""Regenerate ``hanzi_words.txt``, the word list behind the character language model
(``etl/decoding/hanzi_lm.py``) that GBK frame-shift repair fills lost bytes with.

Source: jieba's dictionary (``jieba/dict.txt`` of jieba 0.42.1, MIT licence: 349k
simplified words with their frequencies in jieba's training corpus). Kept: words of
one to four Han characters seen at least ``MIN_COUNT`` times. Traditional text is
looked up through OpenCC's ``t2s`` at run time, so one list serves both scripts.

Format: one ``word level`` line per word, level = ``round(2 * log2(frequency))``
(half-bit steps; the model reads 2 ** (level / 2) back).

Run: ``.venv/bin/pip install jieba==0.42.1 && .venv/bin/python etl/data/make_hanzi_words.py``
(jieba is needed only here, never at run time).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

OUT = Path(__file__).with_name("hanzi_words.txt")
MIN_COUNT = 5
MAX_LENGTH = 4
HAN_WORD_RE = re.compile(r"^[\u4e00-\u9fff]+$")


def level(count: int) -> int:
    """Half-bit log scale of a count.

    >>> level(1), level(2), level(1000)
    (0, 2, 20)
    """
    return round(2 * math.log2(count))


def jieba_words() -> list[tuple[str, int]]:
    """(word, frequency) for every all-Han entry of jieba's dictionary."""
    import jieba  # a build-time dependency only

    dictionary = Path(jieba.__file__).with_name("dict.txt")
    words = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split()
        if HAN_WORD_RE.match(word):
            words.append((word, int(freq)))
    return words


def main() -> None:
    kept = sorted(
        (word, level(freq)) for word, freq in jieba_words()
        if freq >= MIN_COUNT and len(word) <= MAX_LENGTH
    )
    OUT.write_text("".join(f"{word} {lvl}\n" for word, lvl in kept), encoding="utf-8")
    print(f"wrote {len(kept)} words to {OUT}")


if __name__ == "__main__":
    main()
