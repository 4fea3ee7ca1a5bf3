"""Regenerate ``hanzi_bigrams.txt``, the character language model behind GBK frame-shift repair.

Source: jieba's dictionary (``jieba/dict.txt``, MIT licence, 349k words with corpus
frequencies). A word of frequency ``f`` adds ``f`` to each of its characters, to its
first character as a word start, to its last as a word end, and to each pair of
adjacent characters inside it; the traditional forms OpenCC gives
(``s2t``, ``s2tw``, ``s2hk``) count the same, so traditional text is scored like
simplified. Pairs that cross a word boundary are not counted: the model backs off to
the characters' own frequencies there.

Format, one line per first character, levels are ``round(2 * log2(count))``::

    上 39 38 37 海29 去25 ...

the character, its levels as any character, as a word's first and as a word's last
character, then each following character with the pair's level (``-`` for no count).
Pairs below ``MIN_PAIR_COUNT`` are left out.

Run: ``.venv/bin/pip install jieba==0.42.1 && .venv/bin/python etl/data/make_hanzi_bigrams.py``
(jieba is needed only here, never at run time).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import opencc

OUT = Path(__file__).with_name("hanzi_bigrams.txt")
CONFIGS = ("s2t", "s2tw", "s2hk")
MIN_PAIR_COUNT = 10
HAN_WORD_RE = re.compile(r"^[\u4e00-\u9fff]+$")


def level(count: int) -> int:
    """Half-bit log scale of a count.

    >>> level(1), level(2), level(1000)
    (0, 2, 20)
    """
    return round(2 * math.log2(count))


def _level_or_dash(count: int) -> str:
    return str(level(count)) if count > 0 else "-"


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


def count(words: list[tuple[str, int]]) -> tuple[Counter, Counter, Counter, Counter]:
    """Character, word-start, word-end and in-word pair counts over each word's
    distinct script forms."""
    joined = "\n".join(word for word, _ in words)
    forms = [opencc.OpenCC(config).convert(joined).split("\n") for config in CONFIGS]
    chars: Counter = Counter()
    firsts: Counter = Counter()
    lasts: Counter = Counter()
    pairs: Counter = Counter()
    for i, (word, freq) in enumerate(words):
        for form in {word, *(converted[i] for converted in forms)}:
            for char in form:
                chars[char] += freq
            firsts[form[0]] += freq
            lasts[form[-1]] += freq
            for a, b in zip(form, form[1:]):
                pairs[a + b] += freq
    return chars, firsts, lasts, pairs


def main() -> None:
    chars, firsts, lasts, pairs = count(jieba_words())
    following: dict[str, list[str]] = defaultdict(list)
    for pair, n in sorted(pairs.items(), key=lambda item: (item[0][0], -item[1], item[0])):
        if n >= MIN_PAIR_COUNT:
            following[pair[0]].append(f"{pair[1]}{level(n)}")
    lines = [
        " ".join([char, *(_level_or_dash(c[char]) for c in (chars, firsts, lasts)), *following.get(char, [])])
        for char, n in sorted(chars.items()) if n > 0
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} characters, {sum(map(len, following.values()))} pairs to {OUT}")


if __name__ == "__main__":
    main()
