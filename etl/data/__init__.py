"""Lexicons and word lists as data files, loaded once by the modules that use them.

Plain text, one entry per line (``.txt``), or tab-separated with a header (``.tsv``);
``#`` starts a comment. This package imports nothing from etl.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The path of data file ``name``.

    >>> path("pinyin_syllables.txt").name
    'pinyin_syllables.txt'
    """
    return DATA_DIR / name


@lru_cache(maxsize=1)
def word_levels() -> dict[str, int]:
    """``hanzi_words.txt``: word -> level, twice log2 of its frequency (jieba's words; see
    ``make_hanzi_words.py``). Read once per process, line by line (no peak of a 132k-line
    list), for the fact extractor's segmentation and the decoder's language model alike.

    >>> word_levels()["的"] > word_levels()["中国"] > 0
    True
    """
    levels = {}
    with path("hanzi_words.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, level = line.split(" ")
            levels[word] = int(level)
    return levels
