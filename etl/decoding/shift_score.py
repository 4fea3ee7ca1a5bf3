"""Score the joint fills of a cluster of holes (see :mod:`etl.decoding.shift_fill`).

Each assignment gets a row of evidence (:data:`FEATURES`), and its score is the
weighted sum: the weights are a conditional logit fitted on the tuning split of
``bench/bench_gbk_shift.py`` (``bench/fit_gbk_shift.py``), so the posterior a score
gives is calibrated, not a sum of log terms counted as if independent.
"""
from __future__ import annotations

import numpy as np

from etl.decoding.hanzi_lm import DocumentModel, word_model
from etl.decoding.hanzi_ngram import ngram_model
from etl.decoding.hanzi_script import simplify
from etl.decoding.shift_priors import balance

CONTEXT = 2             # the trigram's reach: a hole weighs on the two characters after it
SIDE = 4                # known characters each side of a reading the word model sees
WORD_TOP, WORD_SPAN = 48, 20.0  # assignments the word model weighs: the best 48 within 20 nats
FEATURES = (
    "trigram",    # ln P of the window's terms that touch the holes (news trigrams + document pairs)
    "doc_pairs",  # ln(1 + 2 n) over those terms, n: how often the document has the pair
    "balance",    # brackets and quotes open on the line
    "script",     # the document's script (國 or 国)
    "words",      # ln P of the characters around the holes by the word model
    "unigram",    # ln P1 of each filled character (the trigram model's back-off favours common ones)
    "doc_chars",  # ln(1 + n), n: how often the document has the filled character
    "in_word",    # ln of the likeliest dictionary word the filled character makes with its neighbours
    "doc_triples",  # ln(1 + n) over the three characters around each hole the document repeats
)
NO_WORD = 1e-8  # the in_word probability of a character that makes no word
# Hand-set; the thresholds were chosen with them. Document triples at the fitted weight
# (the same words clean elsewhere: 神州行－ where a damaged title had 神州行，). bench/
# fit_gbk_shift.py fits all nine (log loss on the tuning split 0.64 -> 0.55, top-1 86% ->
# 87%) but puts seed 003's 海 at 0.93 and made no more repairs exact at equal worse.
WEIGHTS = np.array([1.0, 1.0, 1.0, 1.0, 0.5, 0.0, 0.0, 0.0, 1.5])


def terms(slots: list[tuple[str, ...]], holes: list[int]) -> list[int]:
    """The slots whose trigram term (that slot given the two before) touches ``holes``."""
    return sorted({k for h in holes for k in range(h, h + CONTEXT + 1) if 2 <= k < len(slots)})


def features(model: DocumentModel, slots: list[tuple[str, ...]], holes: list[int],
             choices: list[np.ndarray], line: str, weights: np.ndarray = WEIGHTS) -> np.ndarray:
    """One row of :data:`FEATURES` per joint assignment (``choices[j][n]``: the option
    index of hole ``holes[j]`` in assignment ``n``); terms that touch other holes are
    left out. ``weights`` picks the assignments the (slow) word evidence is weighed for."""
    cps = [np.fromiter(map(ord, opts), dtype=np.int64, count=len(opts)) for opts in slots]
    count = len(choices[0]) if choices else 1
    rows = np.zeros((count, len(FEATURES)))
    others = [h for h in range(len(slots)) if len(slots[h]) > 1 and h not in holes]

    def column(k: int) -> np.ndarray:
        if k in holes:
            return cps[k][choices[holes.index(k)]]
        return np.full(count, cps[k][0])

    for k in terms(slots, holes):
        if any(k - 2 <= o <= k for o in others):
            continue
        rows[:, 0] += model.logp3_many(column(k - 2), column(k - 1), column(k))
        rows[:, 1] += np.log1p(2.0 * model.doc_pair_counts(column(k - 1), column(k)))
    ngrams = ngram_model()
    for h, choice in zip(holes, choices):
        rows[:, 2] += np.array([balance(c, line) for c in slots[h]])[choice]
        rows[:, 3] += model.script_prior(cps[h])[choice]
        filled = cps[h][choice]
        if weights[5]:
            index = ngrams.indexes(model.static.simplified(filled))
            rows[:, 5] += np.log(np.where(index >= 0, ngrams.p1[np.maximum(index, 0)], 1e-8))
        if weights[6]:
            rows[:, 6] += np.log1p(model.doc_char_counts(filled))
        for k in range(h - 1, h + 2 if weights[8] else h - 1):
            if 1 <= k < len(slots) - 1 and not any(len(slots[j]) > 1 and j != h for j in range(k - 1, k + 2)):
                rows[:, 8] += np.log1p(model.doc_triple_counts(column(k - 1), column(k), column(k + 1)))
    # The word evidence (pure Python) is weighed for the leading assignments only; the
    # rest get the best found, which can only make a fill less sure.
    partial = rows @ weights
    leading = np.argsort(-partial)[:WORD_TOP]
    leading = leading[partial[leading] >= partial[leading[0]] - WORD_SPAN]
    found = _word_scores(model, slots, holes, [c[leading] for c in choices], others)
    rows[:, 4] = found.max()
    rows[leading, 4] = found
    if weights[7]:
        in_word = sum(np.log(_in_word(slots, h, c[leading])) for h, c in zip(holes, choices))
        rows[:, 7] = np.max(in_word)
        rows[leading, 7] = in_word
    return rows


def _in_word(slots: list[tuple[str, ...]], h: int, options: np.ndarray) -> np.ndarray:
    """Per option (an index into ``slots[h]``) of hole ``h``: the probability of the likeliest dictionary word of two
    to four characters it makes with the known characters next to it (``NO_WORD`` if none).

    >>> found = _in_word([("上",), ("海", "梅"), ("市",)], 1, np.array([0, 1]))
    >>> bool(found[0] > found[1] == NO_WORD)
    True
    """
    left, right = "", ""
    for k in range(h - 1, max(h - 4, -1), -1):
        if len(slots[k]) > 1:
            break
        left = slots[k][0] + left
    for k in range(h + 1, min(h + 4, len(slots))):
        if len(slots[k]) > 1:
            break
        right += slots[k][0]
    left, right = simplify(left), simplify(right)
    words = word_model().words
    pieces = [(left[len(left) - i:], right[:j]) for i in range(len(left) + 1) for j in range(len(right) + 1)
              if 1 <= i + j <= 3]
    found = np.full(len(options), NO_WORD)
    for n, char in enumerate(simplify("".join(slots[h][i] for i in options))):
        for before, after in pieces:
            prob = words.get(before + char + after)
            if prob and prob > found[n]:
                found[n] = prob
    return found


def _word_scores(model: DocumentModel, slots: list[tuple[str, ...]], holes: list[int],
                 choices: list[np.ndarray], others: list[int]) -> np.ndarray:
    """ln P by the word model of the known characters around ``holes`` (up to ``SIDE``
    each side, stopping at other holes) with each assignment filled in."""
    first, last = holes[0], holes[-1]
    start = max([o + 1 for o in others if o < first] + [first - SIDE, 0])
    end = min([o for o in others if o > last] + [last + SIDE + 1, len(slots)])
    words, count = word_model(), len(choices[0])
    pieces = [[slots[k][0]] * count if k not in holes else [slots[k][i] for i in choices[holes.index(k)]]
              for k in range(start, end)]
    strings = ["".join(chars).strip("\n") for chars in zip(*pieces)]
    return np.array([words.logp(string, model.words) for string in strings])
