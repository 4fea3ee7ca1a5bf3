"""A character bigram model of Chinese, for choosing a character the bytes do not tell.

Two sources, mixed per pair: the static table ``data/hanzi_bigrams.txt`` (pairs inside
jieba's dictionary words; see ``data/make_hanzi_bigrams.py``) and the counts of the
document being repaired (a cache model: a name the text repeats is likely again).
Punctuation and full-width digits have no static pair counts; their unigram prior is
``data/punctuation_prior.tsv`` and their pairs come from the document.

``logp(a, b)`` is the natural log of P(b | a): either ``b`` continues a word with
``a``, or ``a`` ends one and ``b`` starts the next::

    P_static(b | a) = pairs(ab) / count(a) + P(a ends a word) * P(b starts a word)
    P(b | a)        = (1 - w) * P_static(b | a) + w * doc_pairs(ab) / doc(a)
    w               = DOC_WEIGHT * doc(a) / (doc(a) + DOC_DAMPING)
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from etl import data

BIGRAMS_FILE = data.path("hanzi_bigrams.txt")
PRIOR_FILE = data.path("punctuation_prior.tsv")
BMP = 0x10000
HAN_MASS = 0.85  # share of Han characters in news text, the rest is the prior file
FLOOR = 1e-9     # probability of a character no source knows
DOC_WEIGHT, DOC_DAMPING = 0.6, 3.0


def pair_key(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One uint64 per pair of code points (21 bits each).

    >>> pair_key(np.array([1]), np.array([2])).tolist()
    [2097154]
    """
    return (a.astype(np.uint64) << np.uint64(21)) | b.astype(np.uint64)


def _count_pairs(keys: np.ndarray, sorted_keys: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Count (or summed ``counts``) of each of ``keys`` in ``sorted_keys``."""
    left = np.searchsorted(sorted_keys, keys, "left")
    if counts is None:
        return (np.searchsorted(sorted_keys, keys, "right") - left).astype(np.float64)
    found = (left < len(sorted_keys)) & (sorted_keys[np.minimum(left, len(sorted_keys) - 1)] == keys)
    return np.where(found, counts[np.minimum(left, len(counts) - 1)], 0.0)


class StaticModel:
    """The jieba-built table: how often each character occurs, starts and ends a word,
    and how often each pair occurs inside a word."""

    def __init__(self) -> None:
        own, firsts, lasts = np.zeros(BMP), np.zeros(BMP), np.zeros(BMP)
        keys, counts = [], []
        for line in BIGRAMS_FILE.read_text(encoding="utf-8").splitlines():
            char, *levels = line.split(" ")
            if ord(char) >= BMP:
                continue
            for array, value in zip((own, firsts, lasts), levels[:3]):
                array[ord(char)] = 0.0 if value == "-" else 2 ** (int(value) / 2)
            base = ord(char) << 21
            for pair in levels[3:]:
                if ord(pair[0]) < BMP:
                    keys.append(base | ord(pair[0]))
                    counts.append(2 ** (int(pair[1:]) / 2))
        order = np.argsort(np.array(keys, dtype=np.uint64))
        self.keys = np.array(keys, dtype=np.uint64)[order]
        self.counts = np.array(counts)[order]
        self.own = own
        # Share of a character's occurrences that end a word; 1 for one jieba does not know.
        self.final = np.where(own > 0, np.minimum(lasts / np.maximum(own, 1.0), 1.0), 1.0)
        self.start = np.full(BMP, FLOOR)
        han = firsts > 0
        self.start[han] = HAN_MASS * firsts[han] / firsts.sum()
        for char, per_million in _prior_rows():
            self.start[ord(char)] = per_million / 1e6

    def _at(self, array: np.ndarray, cps: np.ndarray, default: float) -> np.ndarray:
        inside = cps < BMP
        return np.where(inside, array[np.where(inside, cps, 0)], default)

    def conditional(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """P_static(b | a) = pairs(ab) / count(a) + P(a ends a word) * P(b starts one)."""
        inside_word = _count_pairs(pair_key(a, b), self.keys, self.counts) / np.maximum(self._at(self.own, a, 1.0), 1.0)
        return inside_word + self._at(self.final, a, 1.0) * self._at(self.start, b, FLOOR)


def _prior_rows() -> list[tuple[str, float]]:
    """(char, per_million) rows of the prior file, comments and header skipped."""
    rows = []
    for line in PRIOR_FILE.read_text(encoding="utf-8").splitlines()[1:]:
        if line and not line.startswith(("#", "char\t")):
            char, per_million = line.split("\t")
            rows.append((char, float(per_million)))
    return rows


@lru_cache(maxsize=1)
def static_model() -> StaticModel:
    """The static model, loaded once per process (~0.5 s)."""
    return StaticModel()


class DocumentModel:
    """The static model mixed with the counts of one document (a window of it).

    >>> model = DocumentModel("黄明说。黄明：")
    >>> bool(model.logp("黄", "明") > model.logp("黄", "海"))
    True
    """

    def __init__(self, window: str) -> None:
        self.static = static_model()
        cps = np.frombuffer(window.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        self.doc_pairs = np.sort(pair_key(cps[:-1], cps[1:]))
        self.doc_chars = np.sort(cps.astype(np.uint64))

    def logp_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """ln P(b | a) for arrays of code points (broadcast)."""
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
        static = self.static.conditional(a, b)
        doc_a = _count_pairs(a.astype(np.uint64), self.doc_chars)
        doc_ab = _count_pairs(pair_key(a, b), self.doc_pairs)
        weight = DOC_WEIGHT * doc_a / (doc_a + DOC_DAMPING)
        doc = doc_ab / np.maximum(doc_a, 1.0)
        return np.log(np.maximum((1 - weight) * static + weight * doc, FLOOR * FLOOR))

    def logp(self, a: str, b: str) -> float:
        """ln P(b | a) for two characters."""
        return float(self.logp_many(np.array([ord(a)]), np.array([ord(b)]))[0])

    def text_logp(self, text: str) -> float:
        """Sum of ln P over the adjacent pairs of ``text``.

        >>> model = DocumentModel("")
        >>> model.text_logp("上海市") > model.text_logp("海上市")
        True
        """
        if len(text) < 2:
            return 0.0
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)
        return float(self.logp_many(cps[:-1], cps[1:]).sum())
