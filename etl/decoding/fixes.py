"""The record every mojibake fixer returns: a span of decoded text and its replacement."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Fix:
    """Replace ``text[start:end]`` by ``after``; ``method`` names the fixer."""

    start: int
    end: int
    after: str
    method: str
