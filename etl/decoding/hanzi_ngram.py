"""A character trigram model of Chinese news, for the characters a GBK frame shift lost.

Counts from ``data/hanzi_ngrams.npz`` (People's Daily, January 1998; see
``data/make_hanzi_ngrams.py``), smoothed by interpolated absolute discounting::

    P1(c)       = count(c) / N
    P2(c | b)   = max(n(bc) - D2, 0) / n(b·) + D2 * types(b·) / n(b·) * P1(c)
    P3(c | a b) = max(n(abc) - D3, 0) / n(ab) + (leftover mass of ab) * P2(c | b)

Trigrams seen once are not stored; their mass is part of the leftover. Callers pass
code points already simplified; ASCII is looked up in its full-width form (the corpus
writes digits and punctuation full-width, as GBK pages do).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from etl import data

NGRAMS_FILE = data.path("hanzi_ngrams.npz")
BMP = 0x10000
UNSEEN = 1e-8  # P1 of a character the corpus never has


def _discount(counts: np.ndarray) -> float:
    """Absolute discount n1 / (n1 + 2 n2) (Ney's estimate); 0.75 without singletons."""
    n1, n2 = int((counts == 1).sum()), int((counts == 2).sum())
    return n1 / (n1 + 2 * n2) if n1 and n2 else 0.75


class NgramModel:
    """Trigram probabilities over code points (arrays, broadcast).

    >>> model = ngram_model()
    >>> p = model.logp3(*(np.array([ord(c)]) for c in "中华人"))[0]
    >>> bool(p > model.logp3(*(np.array([ord(c)]) for c in "中华入"))[0])
    True
    """

    def __init__(self) -> None:
        with np.load(NGRAMS_FILE) as arrays:
            chars, uni = arrays["chars"].astype(np.int64), arrays["uni"].astype(np.float64)
            self.bi_keys, bi_counts = arrays["bi_keys"].astype(np.int64), arrays["bi_counts"].astype(np.float64)
            self.tri_keys, tri_counts = arrays["tri_keys"].astype(np.int64), arrays["tri_counts"].astype(np.float64)
        size = self.size = len(chars)
        self.index = np.full(BMP, -1, dtype=np.int64)
        self.index[chars] = np.arange(size)
        ascii_forms = np.arange(0x21, 0x7F)  # ASCII as its full-width form, when the corpus has it
        full = self.index[ascii_forms + 0xFEE0]
        self.index[ascii_forms] = np.where(full >= 0, full, self.index[ascii_forms])
        self.p1 = uni / uni.sum()
        self.d2, self.d3 = _discount(bi_counts), _discount(tri_counts)
        left = self.bi_keys // size
        self.ctx = np.bincount(left, weights=bi_counts, minlength=size)
        self.gamma2 = self.d2 * np.bincount(left, minlength=size) / np.maximum(self.ctx, 1.0)
        self.bi_discounted = np.maximum(bi_counts - self.d2, 0.0)
        self.bi_counts = bi_counts
        # Leftover mass of each pair as a context: what its kept trigrams do not take.
        prefix = np.searchsorted(self.bi_keys, self.tri_keys // size)
        taken = np.bincount(prefix, weights=np.maximum(tri_counts - self.d3, 0.0), minlength=len(self.bi_keys))
        self.gamma3 = 1.0 - taken / bi_counts
        self.tri_discounted = np.maximum(tri_counts - self.d3, 0.0)

    def indexes(self, cps: np.ndarray) -> np.ndarray:
        """Index of each code point in the corpus' characters, -1 if it has none."""
        cps = np.asarray(cps, dtype=np.int64)
        inside = (cps >= 0) & (cps < BMP)
        return np.where(inside, self.index[np.where(inside, cps, 0)], -1)

    def _find(self, keys: np.ndarray, sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
        return at, sorted_keys[at] == keys

    def prob2(self, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """P2(c | b) over corpus indexes (-1: unknown)."""
        p1 = np.where(c >= 0, self.p1[np.maximum(c, 0)], UNSEEN)
        at, found = self._find(np.maximum(b, 0) * self.size + np.maximum(c, 0), self.bi_keys)
        found &= (b >= 0) & (c >= 0)
        ctx = np.where(b >= 0, self.ctx[np.maximum(b, 0)], 0.0)
        seen = np.where(found, self.bi_discounted[at], 0.0) / np.maximum(ctx, 1.0)
        gamma = np.where(ctx > 0, self.gamma2[np.maximum(b, 0)], 1.0)
        return seen + gamma * p1

    def prob3(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """P3(c | a b) over corpus indexes (-1: unknown)."""
        a, b, c = np.broadcast_arrays(a, b, c)
        p2 = self.prob2(b, c)
        pair_at, pair_found = self._find(np.maximum(a, 0) * self.size + np.maximum(b, 0), self.bi_keys)
        pair_found &= (a >= 0) & (b >= 0)
        pair_n = np.where(pair_found, self.bi_counts[pair_at], 0.0)
        key = (np.maximum(a, 0) * self.size + np.maximum(b, 0)) * self.size + np.maximum(c, 0)
        at, found = self._find(key, self.tri_keys)
        found &= pair_found & (c >= 0)
        seen = np.where(found, self.tri_discounted[at], 0.0) / np.maximum(pair_n, 1.0)
        gamma = np.where(pair_found, self.gamma3[pair_at], 1.0)
        return seen + gamma * p2

    def logp3(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """ln P3(c | a b) for code points (broadcast)."""
        return np.log(self.prob3(self.indexes(a), self.indexes(b), self.indexes(c)))


@lru_cache(maxsize=1)
def ngram_model() -> NgramModel:
    """The trigram model, loaded once per process (well under a second)."""
    return NgramModel()
