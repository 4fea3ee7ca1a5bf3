"""Fill the characters a GBK frame shift lost, or mark them lost.

Each hole (see :mod:`etl.decoding.shift_span`) is scored by the word model on up to
``WORD_CONTEXT`` known characters each side, the pair model at its junctions, the
document's support for those pairs and whether a quote or bracket fits the line.
A candidate is taken when its posterior is at least ``MIN_POSTERIOR`` (``MIN_POSTERIOR_ONE_SIDED``
when it has known characters on one side only) and ``MIN_ODDS`` times the runner-up's;
otherwise the character is marked lost (U+FFFD). Two holes side by side are decided
together, over the best few candidates of each.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.decoding.hanzi_lm import DocumentModel, word_model
from etl.decoding.shift_span import Hole, Reading

WORD_CONTEXT = 4        # known characters each side the word model sees around a hole
PAIR_WEIGHT = 0.5       # the pair model's say at the junctions, next to the word model's
DOC_SUPPORT = 2.0       # weight of one occurrence in the document of a pair a candidate makes
MIN_POSTERIOR = 0.995     # a filled character's probability given its neighbours, else lost
MIN_POSTERIOR_ONE_SIDED = 0.999  # for a hole with known characters on one side only
MIN_ODDS = 300.0         # and how much likelier than the runner-up it must be
LOST = "\ufffd"
CLOSERS = {"”": "“", "］": "［", "’": "‘", "》": "《", "）": "（", "】": "【", "」": "「", "』": "『", "〉": "〈", "〕": "〔"}
OPENERS = {opener: closer for closer, opener in CLOSERS.items()}
FOLDED_BRACKETS = str.maketrans("()[]", "（）［］")
LINE_CONTEXT = 300      # characters before a span whose quotes and brackets are counted
JOINT_TOP = 6           # candidates per hole tried together when two holes touch
JOINT_COVER = 0.9       # and the share of each hole's own posterior they must cover


@dataclass(frozen=True)
class Filled:
    """A reading with its holes filled.

    ``total`` is the reading's log probability summed over every fill; ``score`` the
    posterior probability of the choice at the least certain hole, ``runner_up`` the
    fills with that hole's second choice, ``runner_up_score`` its posterior.
    """

    after: str
    fills: str
    total: float
    score: float
    runner_up: str
    runner_up_score: float


def chain_total(model: DocumentModel, text: str, reading: Reading) -> float:
    """ln P of the reading between its neighbours under the pair model, summed over
    every fill of its holes: how well the reading explains the text (cheap)."""
    line = _line_before(text, reading)
    chain: list[tuple[str, ...]] = [(text[reading.start - 1],)]
    chain += [part.options() if isinstance(part, Hole) else (part,) for part in reading.parts]
    if reading.end < len(text):
        chain.append((text[reading.end],))
    cps = [np.fromiter(map(ord, opts), dtype=np.int64, count=len(opts)) for opts in chain]
    unary = [np.array([_balance(c, line) for c in opts]) if len(opts) > 1 else np.zeros(1) for opts in chain]
    forward = unary[0]
    for a, b, own in zip(cps, cps[1:], unary[1:]):
        forward = _logsumexp(forward[:, None] + model.logp_many(a[:, None], b[None, :]), axis=0) + own
    return float(_logsumexp(forward, axis=0))


def _line_before(text: str, reading: Reading) -> str:
    """The line before the span (at most ``LINE_CONTEXT`` characters), brackets folded
    to full width, for :func:`_balance`."""
    start = max(text.rfind("\n", 0, reading.start) + 1, reading.start - LINE_CONTEXT)
    return text[start:reading.start].translate(FOLDED_BRACKETS)


def fill(model: DocumentModel, text: str, reading: Reading, total: float) -> Filled:
    """Fill the holes of the reading chosen (``total`` from :func:`chain_total`); a hole
    whose best candidate is not sure enough is marked lost."""
    chain = [part.options() if isinstance(part, Hole) else (part,) for part in reading.parts]
    line = _line_before(text, reading)
    unary = [np.array([_balance(c, line) for c in opts]) if len(opts) > 1 else np.zeros(1) for opts in chain]
    line = line + "".join(p for p in reading.parts if isinstance(p, str))
    if len(reading.parts) == 2 and all(isinstance(p, Hole) for p in reading.parts):
        decisions = _decide_pair(model, text, reading, chain, line)
    else:
        decisions = [
            _decide(_hole_posterior(model, text, reading, i, chain[i], unary[i]), chain[i],
                    all(_context(text, reading, i)) and part.lost != "both")
            for i, part in enumerate(reading.parts) if isinstance(part, Hole)
        ]
    out, fills, made = [], [], iter(decisions)
    for part in reading.parts:
        if isinstance(part, Hole):
            fills.append(next(made)[0])
            out.append(fills[-1])
        else:
            out.append(part)
    weakest = min(range(len(decisions)), key=lambda k: decisions[k][1])
    runner_up = list(fills)
    runner_up[weakest] = decisions[weakest][2]
    tail = reading.swallowed
    return Filled("".join(out) + tail, "".join(fills) + tail, total, round(decisions[weakest][1], 4),
                  "".join(runner_up) + tail, round(decisions[weakest][3], 4))


Decision = tuple[str, float, str, float]  # choice (or LOST), its posterior, runner-up, its posterior


def _decide(posterior: np.ndarray, options: tuple[str, ...], two_sided: bool) -> Decision:
    """Take the best candidate if it is sure enough, else mark the character lost.

    Only a Han character is ever filled in: a digit guessed would be a number the text
    never had, and punctuation has only a rough prior, no dictionary pairs."""
    order = np.argsort(-posterior)
    best = float(posterior[order[0]])
    second = (options[order[1]], float(posterior[order[1]])) if len(order) > 1 else (LOST, 0.0)
    needed = MIN_POSTERIOR if two_sided else MIN_POSTERIOR_ONE_SIDED
    sure = best >= needed and best >= second[1] * MIN_ODDS and _is_han(options[order[0]])
    return (options[order[0]] if sure else LOST), best, *second


def _decide_pair(model: DocumentModel, text: str, reading: Reading, options: list[tuple[str, ...]],
                 line: str) -> list[Decision]:
    """Two holes side by side: each alone knows one neighbour, so the best few of each
    are tried together on the whole window."""
    left, _ = _context(text, reading, 0)
    _, right = _context(text, reading, 1)
    alone = [_hole_posterior(model, text, reading, k, options[k], np.zeros(len(options[k]))) for k in (0, 1)]
    tops = [np.argsort(-p)[:JOINT_TOP] for p in alone]
    if min(float(p[t].sum()) for p, t in zip(alone, tops)) < JOINT_COVER:
        return [(LOST, *_decide(p, opts, False)[1:]) for p, opts in zip(alone, options)]
    words, right_words = word_model(), right.rstrip("\n")
    pairs, scores = [], []
    for x in (options[0][i] for i in tops[0]):
        for y in (options[1][j] for j in tops[1]):
            score = words.logp(left + x + y + right_words, model.words) + _balance(x, line) + _balance(y, line + x)
            chars = [c for c in (left[-1:], x, y, right[:1]) if c]
            score += PAIR_WEIGHT * model.text_logp("".join(chars))
            pairs.append((x, y))
            scores.append(score)
    posterior = np.exp(np.array(scores) - _logsumexp(np.array(scores), axis=0))
    order = np.argsort(-posterior)
    best, second = pairs[order[0]], pairs[order[1]] if len(order) > 1 else (LOST, LOST)
    p_best, p_second = float(posterior[order[0]]), float(posterior[order[1]]) if len(order) > 1 else 0.0
    sure = p_best >= MIN_POSTERIOR_ONE_SIDED and p_best >= p_second * MIN_ODDS and all(map(_is_han, best))
    return [((best[k] if sure else LOST), p_best, second[k], p_second) for k in (0, 1)]


def _hole_posterior(model: DocumentModel, text: str, reading: Reading, index: int,
                    options: tuple[str, ...], bonus: np.ndarray) -> np.ndarray:
    """P(option | up to ``WORD_CONTEXT`` known characters each side), by the word model,
    times the document's support for the pairs the option makes with its neighbours."""
    left, right = _context(text, reading, index)
    words = word_model()
    right_words = right.rstrip("\n")
    scores = np.array([words.logp(left + option + right_words, model.words) for option in options]) + bonus
    cps = np.fromiter(map(ord, options), dtype=np.int64, count=len(options))
    if left:
        left_cp = np.int64(ord(left[-1]))
        scores += np.log1p(DOC_SUPPORT * model.doc_pair_counts(left_cp, cps))
        scores += PAIR_WEIGHT * model.logp_many(left_cp, cps)
    if right:  # a line end counts here: the document says what ends its lines
        right_cp = np.int64(ord(right[0]))
        scores += np.log1p(DOC_SUPPORT * model.doc_pair_counts(cps, right_cp))
        scores += PAIR_WEIGHT * model.logp_many(cps, right_cp)
    return np.exp(scores - _logsumexp(scores, axis=0))


def _context(text: str, reading: Reading, index: int) -> tuple[str, str]:
    """The known characters next to hole ``index`` of ``reading``, stopping at another
    hole, a line end or ``WORD_CONTEXT`` characters."""
    parts = reading.parts
    left_parts: list[str] = []
    for part in reversed(parts[:index]):
        if isinstance(part, Hole):
            break
        left_parts.insert(0, part)
    else:
        left_parts.insert(0, text[max(reading.start - WORD_CONTEXT, 0):reading.start])
    right_parts: list[str] = []
    for part in parts[index + 1:]:
        if isinstance(part, Hole):
            break
        right_parts.append(part)
    else:
        right_parts.append(reading.swallowed + text[reading.end:reading.end + WORD_CONTEXT])
    left = "".join(left_parts)[-WORD_CONTEXT:].rsplit("\n", 1)[-1]
    right = "".join(right_parts)[:WORD_CONTEXT]
    right = right[:right.find("\n") + 1] if "\n" in right else right
    return left, right


def _logsumexp(values: np.ndarray, axis: int) -> np.ndarray:
    top = values.max(axis=axis, keepdims=True)
    return (top + np.log(np.exp(values - top).sum(axis=axis, keepdims=True))).squeeze(axis)


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _balance(char: str, line: str) -> float:
    """Log bonus: a closer for an open pair is likely, re-opening an open pair is not
    (``line`` as :func:`_line_before` gives it: ASCII brackets folded to full width).

    >>> _balance("）", "酒还是茶（") > 0 > _balance("（", "酒还是茶（")
    True
    """
    if char in CLOSERS:
        return 1.5 if line.count(CLOSERS[char]) > line.count(char) else -1.5
    if char in OPENERS and line.count(char) > line.count(OPENERS[char]):
        return -7.0
    return 0.0
