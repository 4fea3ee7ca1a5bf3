"""A language model of Chinese characters, for choosing a character the bytes do not tell.

Built from ``data/hanzi_words.txt`` (jieba's dictionary words with their frequencies;
see ``data/make_hanzi_words.py``); traditional characters are looked up through
OpenCC's ``t2s``. Two views of it:

- :class:`WordModel` scores a short string by the word unigram model, summed over its
  segmentations: it knows that ``去年`` and ``市场`` are words, which a pair model
  across a word boundary cannot tell from chance.
- :class:`DocumentModel` gives ``ln P(b | a)`` for adjacent characters, mixing the
  pairs inside dictionary words with the counts of the document being repaired (a
  cache model: a name the text repeats is likely again)::

    P_static(b | a) = pairs(ab) / count(a) + P(a ends a word) * P(b starts a word)
    P(b | a)        = (1 - w) * P_static(b | a) + w * doc_pairs(ab) / doc(a)
    w               = DOC_WEIGHT * doc(a) / (doc(a) + DOC_DAMPING)

Punctuation, full-width digits and ASCII have no dictionary counts; their prior is
``data/punctuation_prior.tsv`` and their pairs come from the document.
:meth:`DocumentModel.logp3_many` puts the news trigram model
(:mod:`etl.decoding.hanzi_ngram`) in the static model's place, which knows them.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from etl import data
from etl.decoding.hanzi_ngram import ngram_model
from etl.decoding.hanzi_script import BMP, script_forms, simplified_table, simplify

PRIOR_FILE = data.path("punctuation_prior.tsv")
MAX_WORD = 4
HAN_MASS = 0.85  # share of Han characters in news text, the rest is the prior file
FLOOR = 1e-9     # probability of a character no source knows
ASCII_PRIOR, NEWLINE_PRIOR, ASCII_RUN = 2e-4, 5e-3, 0.3
UNKNOWN_WORD = 0.05  # a Han character that is no word by itself, relative to its frequency
DOC_WEIGHT, DOC_DAMPING = 0.6, 3.0
DOC_WORD_WEIGHT = 0.5  # a pair the document repeats, as a word: this share of its rate
WORD_PAIRS = 0.1  # share of the word-list pair model next to the news trigram model


def word_counts() -> dict[str, float]:
    """Word -> frequency, from the word list's levels (:func:`etl.data.word_levels`).

    Built anew for each caller, not cached: only the two models' constructors read it, and
    a kept copy held ~10 MB in every worker for the life of the process."""
    return {word: 2 ** (level / 2) for word, level in data.word_levels().items()}


def pair_key(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One uint64 per pair of code points (21 bits each).

    >>> pair_key(np.array([1]), np.array([2])).tolist()
    [2097154]
    """
    return (a.astype(np.uint64) << np.uint64(21)) | b.astype(np.uint64)


def triple_key(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """One uint64 per three code points (21 bits each)."""
    return (pair_key(a, b) << np.uint64(21)) | np.asarray(c).astype(np.uint64)


def _count_pairs(keys: np.ndarray, sorted_keys: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Count (or summed ``counts``) of each of ``keys`` in ``sorted_keys``."""
    left = np.searchsorted(sorted_keys, keys, "left")
    if counts is None:
        return (np.searchsorted(sorted_keys, keys, "right") - left).astype(np.float64)
    found = (left < len(sorted_keys)) & (sorted_keys[np.minimum(left, len(sorted_keys) - 1)] == keys)
    return np.where(found, counts[np.minimum(left, len(counts) - 1)], 0.0)


class StaticModel:
    """From the word list: how often each character occurs, starts and ends a word,
    and how often each pair occurs inside a word."""

    def __init__(self) -> None:
        own, firsts, lasts = np.zeros(BMP), np.zeros(BMP), np.zeros(BMP)
        pairs: dict[int, float] = {}
        for word, freq in word_counts().items():
            cps = [ord(c) for c in word]
            for cp in cps:
                own[cp] += freq
            firsts[cps[0]] += freq
            lasts[cps[-1]] += freq
            for a, b in zip(cps, cps[1:]):
                key = a << 21 | b
                pairs[key] = pairs.get(key, 0.0) + freq
        self.keys = np.array(sorted(pairs), dtype=np.uint64)
        self.counts = np.array([pairs[int(k)] for k in self.keys])
        self.own = own
        self.char_prob = own / own.sum() * HAN_MASS
        # Share of a character's occurrences that end a word; 1 for one jieba does not know.
        self.final = np.where(own > 0, np.minimum(lasts / np.maximum(own, 1.0), 1.0), 1.0)
        self.start = np.full(BMP, FLOOR)
        han = firsts > 0
        self.start[han] = HAN_MASS * firsts[han] / firsts.sum()
        self.start[0x20:0x7F] = ASCII_PRIOR
        self.start[ord("\n")] = NEWLINE_PRIOR
        for char, per_million in _prior_rows():
            self.start[ord(char)] = self.char_prob[ord(char)] = per_million / 1e6
            if "\uff01" <= char <= "\uff5e":  # the ASCII form a page may use instead
                self.start[ord(char) - 0xFEE0] = self.char_prob[ord(char) - 0xFEE0] = per_million / 1e6
        self.simple = simplified_table()

    def simplified(self, cps: np.ndarray) -> np.ndarray:
        """Code points in their simplified form (outside the BMP as they are)."""
        inside = cps < BMP
        return np.where(inside, self.simple[np.where(inside, cps, 0)], cps)

    def _at(self, array: np.ndarray, cps: np.ndarray, default: float) -> np.ndarray:
        inside = cps < BMP
        return np.where(inside, array[np.where(inside, cps, 0)], default)

    def conditional(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """P_static(b | a) = pairs(ab) / count(a) + P(a ends a word) * P(b starts one)."""
        a, b = self.simplified(a), self.simplified(b)
        inside_word = _count_pairs(pair_key(a, b), self.keys, self.counts) / np.maximum(self._at(self.own, a, 1.0), 1.0)
        prob = inside_word + self._at(self.final, a, 1.0) * self._at(self.start, b, FLOOR)
        # ASCII letters and digits come in runs (words, numbers, codes)
        return np.where(_ascii_alnum(a) & _ascii_alnum(b), np.maximum(prob, ASCII_RUN), prob)


def _ascii_alnum(cps: np.ndarray) -> np.ndarray:
    lower = cps | 0x20
    return ((lower >= ord("a")) & (lower <= ord("z"))) | ((cps >= ord("0")) & (cps <= ord("9")))


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
    """The static model, built once per process (about a second)."""
    return StaticModel()


class WordProbabilities:
    """Word -> unigram probability, read off the word list's levels when asked."""

    def __init__(self, levels: dict[str, int], level_prob: list[float]) -> None:
        self._levels, self._level_prob = levels, level_prob

    def get(self, word: str, default: float | None = None) -> float | None:
        level = self._levels.get(word)
        return default if level is None else self._level_prob[level]


class WordModel:
    """Word unigram model: P(string) summed over its segmentations into dictionary
    words (up to ``MAX_WORD`` characters) and single characters; ``extra`` words (the
    document's own repeated pairs, see :func:`document_words`) add to the dictionary's.

    >>> model = WordModel()
    >>> model.logp("公司去年净利") > model.logp("公司隶年净利")
    True
    """

    def __init__(self) -> None:
        static = static_model()
        # The word list's own levels, with one probability per level: no second dict of
        # 132k words in every worker (the fact extractor holds the levels already).
        self.levels = data.word_levels()
        total = sum(2 ** (level / 2) for level in self.levels.values())
        self.level_prob = [2 ** (level / 2) / total for level in range(max(self.levels.values()) + 1)]
        self.words = WordProbabilities(self.levels, self.level_prob)
        # A character alone: its word probability, else a share of its frequency;
        # punctuation, digits and ASCII are tokens by themselves, at their prior.
        single = np.maximum(UNKNOWN_WORD * static.char_prob, FLOOR)
        single[static.start > static.char_prob] = static.start[static.start > static.char_prob]
        for word, level in self.levels.items():
            if len(word) == 1:
                single[ord(word)] = max(single[ord(word)], self.level_prob[level])
        self.single = single.tolist()

    def logp(self, text: str, extra: dict[str, float] | None = None) -> float:
        """ln P(text), by the forward sum over segmentations."""
        simple = simplify(text) if any("\u3400" <= c for c in text) else text
        levels, level_prob, single, forward = self.levels, self.level_prob, self.single, [1.0]
        for end in range(1, len(simple) + 1):
            cp = ord(simple[end - 1])
            total = forward[end - 1] * (single[cp] if cp < BMP else FLOOR)
            for length in range(2, min(MAX_WORD, end) + 1):
                piece = simple[end - length:end]
                level = levels.get(piece)
                prob = (0.0 if level is None else level_prob[level]) + (extra.get(piece, 0.0) if extra else 0.0)
                if prob:
                    total += forward[end - length] * prob
            forward.append(total)
        return float(np.log(max(forward[-1], 1e-300)))


def document_words(text: str, min_count: int = 2) -> dict[str, float]:
    """Pairs of Han characters the document repeats, as words of probability
    ``DOC_WORD_WEIGHT * count / len(text)`` (keys simplified, as the model looks up).

    >>> document_words("冬冬说，冬冬今年十二岁")
    {'冬冬': 0.09090909090909091}
    """
    cps = np.frombuffer(simplify(text).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)
    han = (cps >= 0x4E00) & (cps <= 0x9FFF)
    both = han[:-1] & han[1:]
    keys, counts = np.unique(pair_key(cps[:-1][both], cps[1:][both]), return_counts=True)
    keys = keys[counts >= min_count]
    scale = DOC_WORD_WEIGHT / max(len(text), 1)
    mask = np.uint64((1 << 21) - 1)
    return {chr(int(k >> np.uint64(21))) + chr(int(k & mask)): int(n) * scale
            for k, n in zip(keys, counts[counts >= min_count])}


@lru_cache(maxsize=1)
def word_model() -> WordModel:
    return WordModel()


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
        self.doc_triples = np.sort(triple_key(cps[:-2], cps[1:-1], cps[2:]))
        self._window = window
        self._words: dict[str, float] | None = None
        forms = script_forms()
        inside = cps[cps < BMP]
        traditional, simplified = int(forms[inside].clip(0).sum()), int((-forms[inside]).clip(0).sum())
        self.traditional_share = (traditional + 1) / (traditional + simplified + 2)

    @property
    def words(self) -> dict[str, float]:
        """:func:`document_words` of the window, counted when a fill first asks (most
        readings are refused on the pair model alone)."""
        if self._words is None:
            self._words = document_words(self._window)
        return self._words

    def script_prior(self, cps: np.ndarray) -> np.ndarray:
        """ln prior of each character by its script and the document's: 國 and 国 read
        alike to the simplified model, the document says which it writes.

        >>> model = DocumentModel("臺灣空間")
        >>> bool(model.script_prior(np.array([ord("國")]))[0] > model.script_prior(np.array([ord("国")]))[0])
        True
        """
        forms = script_forms()[np.where(cps < BMP, cps, 0)]
        share = self.traditional_share
        return np.where(forms > 0, np.log(share), np.where(forms < 0, np.log(1 - share), 0.0))

    def logp_many(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """ln P(b | a) for arrays of code points (broadcast)."""
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
        return self._mixed(a, b, self.static.conditional(a, b))

    def logp3_many(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """ln P(c | a b) for arrays of code points (broadcast): the news trigram model
        (:mod:`etl.decoding.hanzi_ngram`) with a share ``WORD_PAIRS`` of the word-list
        pairs (characters the news corpus lacks), mixed with the document's pairs."""
        a, b, c = np.broadcast_arrays(*(np.asarray(x, dtype=np.int64) for x in (a, b, c)))
        simple = self.static.simplified
        news = ngram_model().prob3(*(ngram_model().indexes(simple(x)) for x in (a, b, c)))
        return self._mixed(b, c, (1 - WORD_PAIRS) * news + WORD_PAIRS * self.static.conditional(b, c))

    def _mixed(self, a: np.ndarray, b: np.ndarray, static: np.ndarray) -> np.ndarray:
        """ln of ``static`` (P(b | a) by a static model) mixed with the document's pairs."""
        doc_a = _count_pairs(a.astype(np.uint64), self.doc_chars)
        doc_ab = _count_pairs(pair_key(a, b), self.doc_pairs)
        weight = DOC_WEIGHT * doc_a / (doc_a + DOC_DAMPING)
        doc = doc_ab / np.maximum(doc_a, 1.0)
        return np.log(np.maximum((1 - weight) * static + weight * doc, FLOOR * FLOOR))

    def doc_pair_counts(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """How often each pair (a, b) occurs in the document (broadcast)."""
        a, b = np.broadcast_arrays(np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64))
        return _count_pairs(pair_key(a, b), self.doc_pairs)

    def doc_triple_counts(self, a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        """How often each three characters (a, b, c) occur in the document (broadcast)."""
        a, b, c = np.broadcast_arrays(*(np.asarray(x, dtype=np.int64) for x in (a, b, c)))
        return _count_pairs(triple_key(a, b, c), self.doc_triples)

    def doc_char_counts(self, cps: np.ndarray) -> np.ndarray:
        """How often each character occurs in the document."""
        return _count_pairs(np.asarray(cps, dtype=np.int64).astype(np.uint64), self.doc_chars)

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
