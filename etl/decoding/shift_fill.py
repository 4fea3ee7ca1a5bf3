"""Fill the characters a GBK frame shift lost, or mark them lost.

The holes of a reading (see :mod:`etl.decoding.shift_span`) that share a trigram are
decided together: every joint assignment of their options is scored on the window
around them by the news trigram model mixed with the document's pairs
(:meth:`DocumentModel.logp3_many`), the document's support for the pairs it makes,
the word model on up to ``SIDE`` known characters each side, and priors for the
document's script (國 or 国) and open quotes and brackets. A hole takes its best
option when that option's marginal posterior is at least ``MIN_POSTERIOR`` and
``MIN_ODDS`` times the runner-up's, and it is a Han character or punctuation;
otherwise the character is marked lost (U+FFFD).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from etl.decoding.hanzi_lm import DocumentModel
from etl.decoding.shift_priors import balance, fillable, is_han, latin_near, opened_closers
from etl.decoding.shift_score import CONTEXT, SIDE, WEIGHTS, features
from etl.decoding.shift_span import Hole, Reading, token_bytes

# On bench/bench_gbk_shift.py's tuning split (200 trials a cell), 0.995 made 7 of 2,400
# worse, 0.999 made 4 (0.9995 breaks seed 003's 海, at 0.9994); with document triples,
# no punctuation for a character lost whole, and a span filled whole or not at all, 2.
MIN_POSTERIOR = 0.999   # a filled character's marginal posterior, else lost
MIN_ODDS = 300.0        # and how much likelier than the runner-up it must be
LOST = "\ufffd"
FOLDED_BRACKETS = str.maketrans("()[]", "（）［］")
LINE_CONTEXT = 300      # characters before a span whose quotes and brackets are counted
SWALLOW_ODDS = 1.0      # an eaten line end is ruled out only when less likely than none
TAG_START = re.compile(r"<(?:[/!A-Za-z]|$)")  # a tag opens (or may: cut off at the window's end)
JOINT_TOP = 40          # candidates per hole tried together when holes share a trigram


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
    unary = [np.array([balance(c, line) for c in opts]) if len(opts) > 1 else np.zeros(1) for opts in chain]
    # Steps between two known characters need no matrix: their terms in one call.
    known = [t for t in range(len(cps) - 1) if len(cps[t]) == 1 and len(cps[t + 1]) == 1]
    fixed = {}
    if known:
        terms = model.logp_many(np.concatenate([cps[t] for t in known]), np.concatenate([cps[t + 1] for t in known]))
        fixed = dict(zip(known, terms))
    forward = unary[0]
    for t, (a, b, own) in enumerate(zip(cps, cps[1:], unary[1:])):
        if t in fixed:
            forward = forward + fixed[t] + own
        else:
            forward = _logsumexp(forward[:, None] + model.logp_many(a[:, None], b[None, :]), axis=0) + own
    return float(_logsumexp(forward, axis=0))


def _line_before(text: str, reading: Reading) -> str:
    """The line before the span (at most ``LINE_CONTEXT`` characters), brackets folded
    to full width, for :func:`etl.decoding.shift_priors.balance`."""
    start = max(text.rfind("\n", 0, reading.start) + 1, reading.start - LINE_CONTEXT)
    return text[start:reading.start].translate(FOLDED_BRACKETS)


def fill(model: DocumentModel, text: str, reading: Reading, total: float) -> Filled:
    """Fill the holes of the reading chosen (``total`` from :func:`chain_total`); a hole
    whose best candidate is not sure enough is marked lost."""
    slots, holes = _slots(text, reading)
    line = _line_before(text, reading)
    line = line + "".join(p for p in reading.parts if isinstance(p, str))
    decisions: dict[int, Decision] = {}
    clusters = _clusters(holes)
    for cluster in clusters:
        decided, evidence = _decide_cluster(model, slots, cluster, line)
        decisions.update(decided)
    if _may_have_swallowed(text, reading):
        # A reader may have eaten the ASCII byte after the lost trail byte (a line end,
        # most often): if that reading is not far less likely and fills otherwise, not sure.
        other, other_evidence = _decide_cluster(model, _slots(text, reading, "\n")[0], clusters[-1], line)
        if other_evidence > evidence - np.log(SWALLOW_ODDS):
            for h in clusters[-1]:
                if other[h][:1] != decisions[h][:1] or other[h][0] == LOST:
                    decisions[h] = (LOST, *decisions[h][1:])
        last, lead = holes[-1], reading.parts[-1].byte
        made = iter(decisions[h][0] for h in holes[:-1])  # the span's own fills open brackets too
        so_far = _line_before(text, reading) + "".join(
            (next(made) if isinstance(p, Hole) else p) for p in reading.parts[:-1])
        closers = {c for c in opened_closers(so_far) if c != decisions[last][0] and (token_bytes(c) or b"\0")[0] == lead}
        if closers and not is_han(decisions[last][0]):  # ［详细］ then an eaten line end
            decisions[last] = (LOST, *decisions[last][1:])
    kinds = [p.lost for p in reading.parts if isinstance(p, Hole)]
    for h, kind in zip(holes, kinds):
        if latin_near(slots, h):
            decisions[h] = (LOST, *decisions[h][1:])
        if kind == "both" and not is_han(decisions[h][0]):  # ，fits anywhere a whole character went
            decisions[h] = (LOST, *decisions[h][1:])
    if any(decisions[h][0] == LOST for h in holes):
        # A span the models cannot fill whole is one they read poorly: its surest-looking
        # other fill was wrong too (爱笑的纯纯 -> 爱笑的强�, 三百余件 -> 三百多�), so none.
        decisions = {h: (LOST, *d[1:]) for h, d in decisions.items()}
    fills = [decisions[h][0] for h in holes]
    out, made = [], iter(fills)
    for part in reading.parts:
        out.append(next(made) if isinstance(part, Hole) else part)
    weakest = min(holes, key=lambda h: decisions[h][1])
    runner_up = [decisions[h][2] if h == weakest else decisions[h][0] for h in holes]
    tail = reading.swallowed
    return Filled("".join(out) + tail, "".join(fills) + tail, total, round(decisions[weakest][1], 4),
                  "".join(runner_up) + tail, round(decisions[weakest][3], 4))


Decision = tuple[str, float, str, float]  # choice (or LOST), its posterior, runner-up, its posterior


def _may_have_swallowed(text: str, reading: Reading) -> bool:
    """Whether the reading ends at a ``?`` for a lost trail byte with a non-ASCII
    character after it, which a swallowing reader leaves when it ate an ASCII byte."""
    last = reading.parts[-1]
    return (isinstance(last, Hole) and last.lost == "trail" and not reading.swallowed
            and reading.end < len(text) and not text[reading.end].isascii())


def _slots(text: str, reading: Reading, swallowed: str = "") -> tuple[list[tuple[str, ...]], list[int]]:
    """The reading's characters and holes' options between ``SIDE`` known characters
    each side (a line end closes the context; the text's start counts as one), and the
    slot index of each hole; ``swallowed``: an ASCII character supposed eaten after it."""
    left = ("\n" * SIDE + text[max(reading.start - SIDE, 0):reading.start])[-SIDE:]
    left = left[left.rfind("\n"):] if "\n" in left else left
    right = (reading.swallowed + swallowed + text[reading.end:reading.end + SIDE])[:SIDE]
    right = right[:right.find("\n") + 1] if "\n" in right and not swallowed else right
    tag = TAG_START.search(right)
    if tag and not swallowed:  # markup is no text: what a page's tags follow says nothing
        right = right[:tag.start()] + "\n"
    slots: list[tuple[str, ...]] = [(c,) for c in left]
    holes = []
    parts = reading.parts
    if swallowed and isinstance(parts[-1], Hole):  # the trail byte then met the eaten byte
        parts = (*parts[:-1], Hole("trail", parts[-1].byte, ord(swallowed)))
    for part in parts:
        if isinstance(part, Hole):
            holes.append(len(slots))
            slots.append(part.options())
        else:
            slots.append((part,))
    slots += [(c,) for c in right]
    return slots, holes


def _clusters(holes: list[int]) -> list[list[int]]:
    """Holes that share a trigram (fewer than ``CONTEXT`` characters apart), together.

    >>> _clusters([2, 4, 9])
    [[2, 4], [9]]
    """
    clusters: list[list[int]] = []
    for hole in holes:
        if clusters and hole - clusters[-1][-1] <= CONTEXT:
            clusters[-1].append(hole)
        else:
            clusters.append([hole])
    return clusters


def _decide_cluster(model: DocumentModel, slots: list[tuple[str, ...]], cluster: list[int],
                    line: str) -> tuple[dict[int, Decision], float]:
    """Decide the holes of one cluster together: every joint assignment of their best
    options is scored on the window, and each hole's marginal posterior decides it.
    Also returns the log evidence (the scores summed over assignments)."""
    kept, cover = [], []
    for h in cluster:
        options = np.arange(len(slots[h]))
        solo = features(model, slots, [h], [options], line) @ WEIGHTS
        if len(cluster) > 1 and len(options) > JOINT_TOP:
            posterior = np.exp(solo - _logsumexp(solo, axis=0))
            top = np.argsort(-posterior)[:JOINT_TOP]
            kept.append(top)
            cover.append(float(posterior[top].sum()))
        else:
            kept.append(options)
            cover.append(1.0)
    grids = np.meshgrid(*kept, indexing="ij")
    choices = [g.ravel() for g in grids]
    scores = features(model, slots, cluster, choices, line) @ WEIGHTS
    evidence = float(_logsumexp(scores, axis=0))
    posterior = np.exp(scores - evidence)
    opened = opened_closers(line)
    decisions = {}
    for h, choice, share in zip(cluster, choices, cover):
        marginal = np.bincount(choice, weights=posterior, minlength=len(slots[h])) * share
        order = np.argsort(-marginal)
        best, second = order[0], order[1] if len(order) > 1 else None
        p_best = float(marginal[best])
        p_second = float(marginal[second]) if second is not None else 0.0
        runner = slots[h][second] if second is not None else LOST
        char = slots[h][best]
        sure = p_best >= MIN_POSTERIOR and p_best >= p_second * MIN_ODDS and fillable(char)
        # a bracket open on the line whose closer could be here: other punctuation is no sure fill
        sure = sure and (is_han(char) or char in opened or not opened & set(slots[h]))
        decisions[h] = (char if sure else LOST, p_best, runner, p_second)
    return decisions, evidence


def _logsumexp(values: np.ndarray, axis: int) -> np.ndarray:
    top = values.max(axis=axis, keepdims=True)
    return (top + np.log(np.exp(values - top).sum(axis=axis, keepdims=True))).squeeze(axis)
