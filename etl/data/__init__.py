"""Lexicons and word lists as data files, loaded once by the modules that use them.

Plain text, one entry per line (``.txt``), or tab-separated with a header (``.tsv``);
``#`` starts a comment. This package imports nothing from etl.
"""
from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """The path of data file ``name``.

    >>> path("pinyin_syllables.txt").name
    'pinyin_syllables.txt'
    """
    return DATA_DIR / name
