"""Repair GBK text that was read one byte out of step, then saved as UTF-8.

When a GBK lead byte is lost (it shows as ``?``), the reader pairs each trail byte
with the next lead byte: ``上海“模速空間”`` comes out as ``上?!澳K倏臻g”``
(see :mod:`etl.decoding.shift_span` for the byte arithmetic). The fixer reads the span
back in step, and fills each character whose byte was lost with the candidate a
character language model (:mod:`etl.decoding.hanzi_lm`: jieba's words plus the
document's own pairs) rates best, only when it beats the runner-up by
``MIN_MARGIN``; otherwise the character is marked lost (U+FFFD). A span is shifted
only when the shifted reading reads far better than the text as it stands.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from etl.decoding.fixes import Fix
from etl.decoding.hanzi_lm import DocumentModel
from etl.decoding.plausibility import span_cost
from etl.decoding.shift_span import TRIGGERS, Hole, Reading, readings

TAG_AFTER_RE = re.compile(r"/?[A-Za-z][A-Za-z0-9]*>")
MAX_TOKENS = 16
CONTEXT_RADIUS = 20_000
WHOLE_TEXT_MODEL = 1_000_000  # up to this many characters, one document model per text
MIN_COST_BEFORE = 3.0   # cheap screen: the text after the ``?`` must look damaged at all
MIN_GAIN = 2.0          # nats per character pair the shifted reading must gain
MIN_MARGIN = 2.5        # nats a filled character must beat its runner-up by (about 12 to 1)
LOST = "\ufffd"
CLOSERS = {"”": "“", "’": "‘", "》": "《", "）": "（", "】": "【", "」": "「", "』": "『", "〉": "〈", "〕": "〔"}
OPENERS = {opener: closer for closer, opener in CLOSERS.items()}


def gbk_shift_fixes(text: str) -> list[Fix]:
    """Fixes for every ``?`` after a Han character that starts a shifted span.

    >>> gbk_shift_fixes("在上海。來到上?!澳K倏臻g”社區")[0].after
    '海“模速空間'
    >>> gbk_shift_fixes("你好嗎?我很好")
    []
    """
    found = []
    for pos in _trigger_positions(text):
        if pos == 0 or not _after_han(text[pos - 1]):
            continue
        if span_cost(text[pos:pos + MAX_TOKENS + 1]) < MIN_COST_BEFORE:
            continue
        options = readings(text, pos, MAX_TOKENS, _swallowed(text))
        if options:
            found.append((pos, options))
    if not found:
        return []
    clean = _without_spans(text, [(pos, max(r.end for r in options)) for pos, options in found])
    fixes: list[Fix] = []
    model: DocumentModel | None = None
    for pos, options in found:
        if fixes and pos < fixes[-1].end:
            continue
        if model is None or len(text) > WHOLE_TEXT_MODEL:
            model = DocumentModel(_window(clean, pos))
        fix = _best_fix(model, text, pos, options)
        if fix is not None:
            fixes.append(fix)
    return fixes


def _without_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each suspect span blanked (same length), so the document model
    does not learn the damage as Chinese.

    >>> _without_spans("上?!澳K倏g”", [(1, 7)])
    '上\\n\\n\\n\\n\\n\\n”'
    """
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\n" * (end - start)
    return "".join(chars)


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


def _swallowed(text: str) -> Callable[[int], str]:
    """The ASCII byte a terminating ``?`` at ``i`` ate: ``<`` when a tag's rest follows."""
    return lambda i: "<" if TAG_AFTER_RE.match(text, i + 1) else ""


def _window(text: str, pos: int) -> str:
    """The text the document model counts: all of it, or ``CONTEXT_RADIUS`` around ``pos``."""
    if len(text) <= WHOLE_TEXT_MODEL:
        return text
    return text[max(pos - CONTEXT_RADIUS, 0):pos + CONTEXT_RADIUS]


def _best_fix(model: DocumentModel, text: str, pos: int, options: list[Reading]) -> Fix | None:
    """The reading that gains most over the text as it stands, filled, if it gains enough."""
    window_end = min(max(r.end for r in options) + 1, len(text))
    as_is = _mean_logp(model, text[pos - 1] + text[pos + 1:window_end])
    best: tuple[float, Reading, _Filled] | None = None
    for reading in options:
        filled = _fill(model, text, reading)
        pairs = len(reading.parts) + 1 + max(window_end - reading.end - 1, 0)
        rest = model.text_logp(text[reading.end:window_end])
        gain = (filled.score + rest) / pairs - as_is
        if best is None or gain > best[0]:
            best = (gain, reading, filled)
    if best is None or best[0] < MIN_GAIN:
        return None
    _, reading, filled = best
    return Fix(
        reading.start, reading.end, filled.after, "gbk-shift",
        candidate=filled.fills, score=round(filled.score, 3),
        runner_up=filled.runner_up, runner_up_score=round(filled.runner_up_score, 3),
    )


def _mean_logp(model: DocumentModel, text: str) -> float:
    return model.text_logp(text) / max(len(text) - 1, 1)


class _Filled:
    """A reading with its holes filled: best path, and per hole the choice and margin."""

    def __init__(self, after: str, fills: str, score: float, runner_up: str, runner_up_score: float) -> None:
        self.after, self.fills, self.score = after, fills, score
        self.runner_up, self.runner_up_score = runner_up, runner_up_score


def _fill(model: DocumentModel, text: str, reading: Reading) -> _Filled:
    """Fill the holes by max-product over the chain left neighbour, parts, right neighbour.

    ``score`` is the best chain's log probability (holes marked lost scored at their best
    candidate); ``runner_up`` the fills with the weakest hole's second choice.
    """
    line = text[text.rfind("\n", 0, reading.start) + 1:reading.start]
    chain: list[tuple[str, ...]] = [(text[reading.start - 1],)]
    chain += [part.options() if isinstance(part, Hole) else (part,) for part in reading.parts]
    if reading.end < len(text):
        chain.append((text[reading.end],))
    cps = [np.fromiter(map(ord, opts), dtype=np.int64, count=len(opts)) for opts in chain]
    unary = [np.zeros(len(opts)) for opts in chain]
    for i, part in enumerate(reading.parts, start=1):
        if isinstance(part, Hole):
            unary[i] = np.array([_balance(char, line) for char in chain[i]])
    steps = [model.logp_many(a[:, None], b[None, :]) for a, b in zip(cps, cps[1:])]
    forward = [unary[0]]
    for step, own in zip(steps, unary[1:]):
        forward.append((forward[-1][:, None] + step).max(axis=0) + own)
    backward = [np.zeros(len(chain[-1]))]
    for step, own in zip(reversed(steps), reversed(unary[1:])):
        backward.insert(0, (step + (own + backward[0])[None, :]).max(axis=1))
    score = float(forward[-1].max())
    out, fills, runner_up, weakest = [], [], [], (np.inf, -1, "")
    for i, part in enumerate(reading.parts, start=1):
        if not isinstance(part, Hole):
            out.append(part)
            continue
        through = forward[i] + backward[i]
        order = np.argsort(-through)
        first = chain[i][order[0]]
        margin = float(through[order[0]] - through[order[1]]) if len(order) > 1 else np.inf
        second = chain[i][order[1]] if len(order) > 1 else LOST
        choice = first if margin >= MIN_MARGIN else LOST
        if margin < weakest[0]:
            weakest = (margin, len(fills), second)
        out.append(choice)
        fills.append(choice)
        runner_up.append(choice)
    swallowed = reading.swallowed
    if weakest[1] >= 0:
        runner_up[weakest[1]] = weakest[2]
    runner_score = score - (weakest[0] if np.isfinite(weakest[0]) else 0.0)
    return _Filled("".join(out) + swallowed, "".join(fills) + swallowed, score, "".join(runner_up) + swallowed, runner_score)


def _balance(char: str, line: str) -> float:
    """Log bonus: a closer for an open pair is likely, re-opening an open pair is not."""
    if char in CLOSERS:
        return 1.5 if line.count(CLOSERS[char]) > line.count(char) else -1.5
    if char in OPENERS and line.count(char) > line.count(OPENERS[char]):
        return -7.0
    return 0.0
