"""Repair GBK text that was read one byte out of step, then saved as UTF-8.

When a GBK lead byte is lost (it shows as ``?``), the reader pairs each trail byte
with the next lead byte: ``上海“模速空間”`` comes out as ``上?!澳K倏臻g”``
(``a3a1`` → ``！``, ``b0c4`` → ``澳`` ...; full-width ``！``/``Ｋ`` later folded to
ASCII) until a single-byte character or an invalid pair (another ``?``, which may
also swallow the next ASCII byte) brings the reader back in step. The fixer
re-encodes the span, shifts it back by one byte and fills the lost bytes with the
candidates the surrounding text supports best.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from etl.decoding.fixes import Fix
from etl.decoding.plausibility import COMMON, class_table, code_points, span_cost

TRIGGERS = "?\ufffd"
TAG_AFTER_RE = re.compile(r"/?[A-Za-z][A-Za-z0-9]*>")
MAX_TOKENS = 16
CONTEXT_RADIUS = 20_000
MIN_COST_BEFORE = 3.0
LEAD_BYTES = range(0x81, 0xFF)
TRAIL_BYTES = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
PUNCTUATION = frozenset("。，、；：？！“”‘’《》（）【】「」『』〈〉〔〕…—·")
CLOSERS = {"”": "“", "’": "‘", "》": "《", "）": "（", "】": "【", "」": "「", "』": "『", "〉": "〈", "〕": "〔"}
OPENERS = {opener: closer for closer, opener in CLOSERS.items()}


def gbk_shift_fixes(text: str) -> list[Fix]:
    """Fixes for every ``?`` after a Han character that starts a shifted span.

    >>> gbk_shift_fixes("在上海。來到上?!澳K倏臻g”社區")
    [Fix(start=7, end=14, after='海“模速空間', method='gbk-shift')]
    >>> gbk_shift_fixes("你好嗎?我很好")
    []
    """
    fixes: list[Fix] = []
    for pos in _trigger_positions(text):
        if pos == 0 or not _after_han(text[pos - 1]):
            continue
        # Cheap screen: the text after the '?' must look damaged at all.
        if span_cost(text[pos:pos + MAX_TOKENS + 1]) < MIN_COST_BEFORE:
            continue
        fix = _realign(text, pos)
        if fix is not None:
            fixes.append(fix)
    return fixes


def _trigger_positions(text: str) -> list[int]:
    """Positions of every ``?`` and U+FFFD, in order; ``str.find`` beats a regex scan.

    >>> _trigger_positions("a?b\ufffd?")
    [1, 3, 4]
    """
    positions = []
    for mark in TRIGGERS:
        pos = text.find(mark)
        while pos != -1:
            positions.append(pos)
            pos = text.find(mark, pos + 1)
    return sorted(positions)


def _after_han(char: str) -> bool:
    """True for Han, CJK punctuation and full-width characters."""
    return "\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"


def _tokens(text: str, start: int) -> list[tuple[str, bytes | None]]:
    """Characters after the ``?`` with their two GBK bytes as the shifted reader saw
    them; ASCII is read as a folded full-width form. ``None`` marks a possible end."""
    tokens: list[tuple[str, bytes | None]] = []
    for char in text[start:start + MAX_TOKENS]:
        if char in "?\ufffd":
            tokens.append((char, None))
            break
        source = chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char
        try:
            encoded = source.encode("gbk")
        except UnicodeEncodeError:
            break
        if len(encoded) != 2:
            break
        tokens.append((char, encoded))
    return tokens


def _realign(text: str, pos: int) -> Fix | None:
    """Best realignment of the span starting at the ``?`` at ``pos``, if clearly better.

    The end of the span is chosen on the bytes that survived; only then are the
    lost bytes filled in from context.
    """
    tokens = _tokens(text, pos + 1)
    best: tuple[float, int, str] | None = None
    for k in range(1, len(tokens)):
        if tokens[k - 1][1] is None:
            break
        known = _known_chars(tokens, k)
        # With no byte pair fully known, only a swallowed tag opener is evidence enough.
        if known is None or not (known or TAG_AFTER_RE.match(text, pos + k + 2)):
            continue
        cost_before = span_cost(text[pos:pos + k + 2])
        cost_after = span_cost(known)
        if cost_before >= MIN_COST_BEFORE and cost_after <= cost_before / 3:
            if best is None or cost_after - cost_before < best[0]:
                best = (cost_after - cost_before, k, known)
    if best is None:
        return None
    _, k, known = best
    return Fix(pos, pos + k + 2, _fill_lost_bytes(text, pos, tokens, k, known), "gbk-shift")


def _body(tokens: list, k: int) -> bytes:
    return b"".join(enc for _, enc in tokens[:k])


def _known_chars(tokens: list, k: int) -> str | None:
    """Characters fully known after shifting tokens[:k] back one byte; the last one
    too when the terminator is an ASCII trail byte. ``None`` if they do not decode."""
    body, term = _body(tokens, k), tokens[k][0]
    try:
        middle = body[1:-1].decode("gbk")
        if term in "?\ufffd":
            return middle
        if not 0x40 <= ord(term) <= 0x7E:
            return None
        return middle + bytes([body[-1], ord(term)]).decode("gbk")
    except UnicodeDecodeError:
        return None


def _fill_lost_bytes(text: str, pos: int, tokens: list, k: int, known: str) -> str:
    """Known characters plus the best-supported guesses for the lost bytes."""
    body, term = _body(tokens, k), tokens[k][0]
    context = _Context(text, pos)
    first = context.pick(_lead_candidates(body[0]), text[pos - 1], known[:1])
    if term not in "?\ufffd":
        return first + known
    chosen = first + known
    swallowed = "<" if TAG_AFTER_RE.match(text, pos + k + 2) else ""
    last = context.pick(_trail_candidates(body[-1]), chosen[-1], swallowed, chosen)
    return chosen + last + swallowed


@lru_cache(maxsize=512)
def _lead_candidates(trail: int) -> tuple[str, ...]:
    """Common characters or punctuation that GBK ``lead + trail`` can be, by lead byte."""
    return _candidates(bytes([lead, trail]) for lead in LEAD_BYTES)


@lru_cache(maxsize=512)
def _trail_candidates(lead: int) -> tuple[str, ...]:
    """Common characters or punctuation that GBK ``lead + trail`` can be, by trail byte."""
    return _candidates(bytes([lead, trail]) for trail in TRAIL_BYTES)


def _candidates(options: Iterable[bytes]) -> tuple[str, ...]:
    """The options that decode as GBK to a common character or punctuation mark, in order."""
    chars = []
    for raw in options:
        try:
            char = raw.decode("gbk")
        except UnicodeDecodeError:
            continue
        if char in PUNCTUATION or class_table()[ord(char)] == COMMON:
            chars.append(char)
    return tuple(chars)


class _Context:
    """Counts in the text around a span, to choose among candidate characters.

    Counts come from one NumPy pass over the window, not a ``str.count`` per
    candidate (that was 40k characters scanned ~400 times per lost byte).
    """

    def __init__(self, text: str, pos: int) -> None:
        self.window = text[max(pos - CONTEXT_RADIUS, 0):pos + CONTEXT_RADIUS]
        self.line = text[text.rfind("\n", 0, pos) + 1:pos]
        self.cps = code_points(self.window)
        self.counts = np.bincount(self.cps, minlength=1)

    def pick(self, options: tuple[str, ...], prev: str, nxt: str, chosen: str = "") -> str:
        """The best-supported candidate, else U+FFFD.

        Score: bigrams with the neighbours seen elsewhere in the text, then how often
        the character occurs, then whether a quote or bracket fits the open ones.
        """
        option_cps = np.fromiter(map(ord, options), dtype=np.uint32, count=len(options))
        after_prev = self._neighbour_counts(option_cps, prev, following=True)
        before_next = self._neighbour_counts(option_cps, nxt, following=False) if nxt else None
        own = self._counts(option_cps)
        best, best_score = "\ufffd", 0.0
        line = self.line + chosen
        for i, char in enumerate(options):
            if char == prev:
                continue
            score = 100 * after_prev[i] + own[i]
            if before_next is not None:
                # str.count does not count overlapping "xx"; keep its semantics.
                score += 100 * (self.window.count(char + nxt) if char == nxt else before_next[i])
            score += self._balance(char, line)
            if score > best_score:
                best, best_score = char, score
        return best

    def _counts(self, option_cps: np.ndarray) -> list[int]:
        """How often each option occurs in the window."""
        inside = option_cps < len(self.counts)
        return np.where(inside, self.counts[np.where(inside, option_cps, 0)], 0).tolist()

    def _neighbour_counts(self, option_cps: np.ndarray, char: str, following: bool) -> list[int]:
        """How often each option follows (or precedes) ``char`` in the window."""
        cps, cp = self.cps, ord(char)
        near = np.sort(cps[1:][cps[:-1] == cp] if following else cps[:-1][cps[1:] == cp])
        return (np.searchsorted(near, option_cps, "right") - np.searchsorted(near, option_cps, "left")).tolist()

    @staticmethod
    def _balance(char: str, line: str) -> float:
        """Favour a closer for an open pair; rule out re-opening an open pair."""
        if char in CLOSERS:
            opener = CLOSERS[char]
            return 50.0 if line.count(opener) > line.count(char) else -50.0
        if char in OPENERS and line.count(char) > line.count(OPENERS[char]):
            return -1000.0
        return 0.0
