"""The record every mojibake fixer returns: a span of decoded text and its replacement."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Fix:
    """Replace ``text[start:end]`` by ``after``; ``method`` names the fixer.

    A fixer that had to guess (``gbk-shift`` filling a lost byte) says what it chose and
    what came second: ``candidate`` holds the characters it put where bytes were lost
    (U+FFFD for one it marked lost), ``runner_up`` the best other choice, each with its
    log probability under the language model. Empty and None for fixers that do not guess.
    """

    start: int
    end: int
    after: str
    method: str
    candidate: str = field(default="", repr=False)
    score: float | None = field(default=None, repr=False)
    runner_up: str = field(default="", repr=False)
    runner_up_score: float | None = field(default=None, repr=False)
