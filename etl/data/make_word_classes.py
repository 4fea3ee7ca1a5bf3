"""Regenerate ``extract_word_classes.tsv``: the words that end a counted item read after a
number (etl/facts/items.py), by word class.

Source: the part-of-speech tags of jieba's dictionary (``jieba/dict.txt`` of jieba 0.42.1,
MIT licence), the same dictionary as ``hanzi_words.txt``. Kept: words of one to four Han
characters seen at least ``MIN_COUNT`` times whose tag is a function word (p preposition,
c conjunction, d adverb, t time word, u particle, r pronoun; class = the tag's first
letter) or, seen at least ``MIN_VERB_COUNT`` times, a verb or adjective (class v) that heads
fewer than ``NOUN_HEAD_COUNT`` of the dictionary's nouns (组织 ends 66 of them, 国际组织 and
the like: it names a thing after a count as often as it acts, so it is left out).

Format: ``word<TAB>class`` per line, sorted.

Run: ``pip install jieba==0.42.1`` (in any venv) and ``python etl/data/make_word_classes.py``
(jieba is needed only here, never at run time).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

OUT = Path(__file__).with_name("extract_word_classes.tsv")
MIN_COUNT, MIN_VERB_COUNT, MAX_LENGTH, NOUN_HEAD_COUNT = 5, 50, 4, 5
HAN_WORD_RE = re.compile(r"^[\u4e00-\u9fff]+$")
FUNCTION_TAGS = "pcdtur"
VERB_TAGS = {"v", "vd", "vg", "a", "ad", "ag"}


def word_class(tag: str, freq: int) -> str | None:
    """The class kept for a jieba tag and frequency, or None.

    >>> word_class("p", 5), word_class("uj", 9), word_class("v", 49), word_class("v", 50), word_class("n", 900)
    ('p', 'u', None, 'v', None)
    """
    if tag[0] in FUNCTION_TAGS and freq >= MIN_COUNT:
        return tag[0]
    if tag in VERB_TAGS and freq >= MIN_VERB_COUNT:
        return "v"
    return None


def noun_heads(entries: list[tuple[str, int, str]]) -> Counter[str]:
    """How many nouns of three to six characters end in each two-character word.

    >>> noun_heads([("国际组织", 9, "n"), ("慈善组织", 9, "nt"), ("组织", 9, "v")])["组织"]
    2
    """
    return Counter(word[-2:] for word, _, tag in entries if tag[0] == "n" and 3 <= len(word) <= 6)


def main() -> None:
    import jieba  # a build-time dependency only

    lines = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8").splitlines()
    entries = [(word, int(freq), tag) for word, freq, tag in (line.split() for line in lines)]
    heads = noun_heads(entries)
    rows = []
    for word, freq, tag in entries:
        if HAN_WORD_RE.match(word) and len(word) <= MAX_LENGTH and (cls := word_class(tag, freq)) and not (
                cls == "v" and heads[word] >= NOUN_HEAD_COUNT):
            rows.append(f"{word}\t{cls}\n")
    OUT.write_text("".join(sorted(rows)), encoding="utf-8")
    print(f"wrote {len(rows)} words to {OUT}")


if __name__ == "__main__":
    main()
