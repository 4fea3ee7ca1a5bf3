"""Find pinyin notes such as 長(cháng) or 創(chuàng ) after Han characters.

A parenthetical counts as a note only when every word in it is a real Mandarin
syllable (etl/data/pinyin_syllables.txt), with or without tone marks, so that
(无人机照片), (AI) and (GDP) survive.
"""
from __future__ import annotations

import re
from functools import lru_cache

from etl.text.cjk import HAN
from etl import data

SYLLABLES_PATH = data.path("pinyin_syllables.txt")

# Each toneless vowel and the letters that may stand for it in a note.
_VOWELS = {
    "a": "aāáǎà",
    "e": "eēéěèê",
    "i": "iīíǐì",
    "o": "oōóǒò",
    "u": "uūúǔù",
    "v": "vüǖǘǚǜ",
}
_COMBINING_TONE = "[\u0300\u0301\u0304\u030c]?"  # decomposed tone marks (NFD input)


@lru_cache(maxsize=1)
def load_syllables() -> frozenset[str]:
    """The toneless syllables, ü written v.

    >>> s = load_syllables(); len(s) > 400, "chuang" in s, "lve" in s, "gdp" in s
    (True, True, True, False)
    """
    lines = SYLLABLES_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def letter_regex(ch: str) -> str:
    """Regex for one toneless letter: a vowel may carry a tone mark, v stands for ü.

    >>> letter_regex("n"), bool(re.fullmatch(letter_regex("v"), "ǚ")), bool(re.fullmatch(letter_regex("a"), "a\\u0301"))
    ('n', True, True)
    """
    if ch == "v":
        return f"(?:[{_VOWELS['v']}]|u\u0308|u:){_COMBINING_TONE}"
    if ch in _VOWELS:
        return f"[{_VOWELS[ch]}]{_COMBINING_TONE}"
    return ch


def syllables_regex(syllables: frozenset[str]) -> str:
    """One regex for all syllables, factored as a trie so few branches are tried.

    A bare single vowel (a, e, o) needs its tone mark: "(a)" is more often a label.

    >>> rx = re.compile(syllables_regex(load_syllables()))
    >>> [bool(rx.fullmatch(s)) for s in ["chuàng", "zhu", "lüè", "nv", "ā", "a", "gdp", "china"]]
    [True, True, True, True, True, False, False, False]
    """
    trie: dict = {}
    for syllable in syllables:
        node = trie
        for ch in syllable:
            node = node.setdefault(ch, {})
        node[""] = {}
    for vowel in "aeo":  # a bare vowel ends no syllable; toned ones are added below
        trie.get(vowel, {}).pop("", None)

    def emit(node: dict) -> str:
        branches = [letter_regex(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(branches[0]) <= 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    toned_vowels = "".join(_VOWELS[v][1:5] for v in "aeo")
    return f"(?:{emit(trie)}|[{toned_vowels}]|[aeo][\u0300\u0301\u0304\u030c])"


@lru_cache(maxsize=1)
def note_pattern() -> re.Pattern[str]:
    """The pinyin-note pattern, compiled on first use (0.3 s: it holds every syllable)."""
    syllable = f"{syllables_regex(load_syllables())}[1-5]?"
    return re.compile(
        rf"""
        [(（]                           # start at the bracket: a fast first-character scan
        (?<=[{HAN}][(（])               # ... that follows a Han character
        [ \t]* {syllable}
        (?: [ \t']+ {syllable} ){{0,3}}  # a note may cover a two- to four-character word
        (?![a-zA-Z\u00c0-\u024f])        # a whole word, not the start of an English one
        [ \t]* [)）]
        (?: [(（] [ \t]* {syllable} (?: [ \t']+ {syllable} ){{0,3}} [ \t]* [)）] )*
        """,
        re.VERBOSE,
    )


