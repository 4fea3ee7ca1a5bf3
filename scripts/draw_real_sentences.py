"""Draw unseen article sentences of the development pages for a new real-gold batch.

Each file is cut as the pipeline cuts it: decode_bytes, normalize_text,
articles_from_document, split_sentences (body sentences only). A sentence is a candidate
when it shares no 10 characters with any earlier gold (every ``tests/gold/**/*.gold``; a
shorter sentence must not be inside one) and
is 4 to 300 characters long; duplicates count once. The draw is ``--numerals`` sentences
holding a numeral run other than a lone 一 and ``--negatives`` holding none, shuffled
together with ``--seed``. Printed in the gold format (``@published``, ``# source``,
``> sentence``), ready to annotate by hand.

Run: ``.venv/bin/python scripts/draw_real_sentences.py --seed 73 > /tmp/draw73.txt``
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from etl.decoding.decode import decode_bytes
from etl.pages import NoArticleText, articles_from_document
from etl.text.normalize import normalize_text
from etl.text.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
FILES = Path("/work/shared/realworld/files")
SHINGLE = 10
NUMERAL_RUN = re.compile(r"[0-9０-９零〇一二三四五六七八九十百千万亿两]+")


def gold_texts() -> list[str]:
    """Every earlier gold sentence."""
    return [line[2:] for path in sorted((ROOT / "tests" / "gold").rglob("*.gold"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("> ")]


def seen_before(text: str, shingles: set[str], texts: str) -> bool:
    """Shares 10 characters with earlier gold; a shorter sentence, when it is inside one."""
    if len(text) < SHINGLE:
        return text in texts
    return any(text[i:i + SHINGLE] in shingles for i in range(len(text) - SHINGLE + 1))


def has_numeral(text: str) -> bool:
    """A numeral run other than a lone 一 (an article, mostly)."""
    return any(run != "一" for run in NUMERAL_RUN.findall(text))


def source_name(path: Path) -> str:
    return "sogoucs" if path.name.startswith("sogoucs") else path.stem


def body_sentences(files: Path) -> list[tuple[str, str, str]]:
    """(source, published date or 'none', sentence) for every body sentence of every file."""
    out = []
    for path in sorted(files.iterdir()):
        decoded = decode_bytes(path.read_bytes(), source=path.name)
        text = normalize_text(decoded.text).text
        try:
            articles = articles_from_document(path.name, decoded.text, text)
        except NoArticleText:
            continue
        for article in articles:
            published = article.published_date.isoformat() if article.published_date else "none"
            for s in split_sentences(article.text(text)):
                if s.paragraph_type == "body":
                    out.append((source_name(path), published, s.text))
    return out


def draw(seed: int, numerals: int, negatives: int) -> list[tuple[str, str, str]]:
    texts = gold_texts()
    shingles = {t[i:i + SHINGLE] for t in texts for i in range(len(t) - SHINGLE + 1)}
    joined, seen_texts = "\n".join(texts), set()
    with_numerals, without = [], []
    for source, published, text in body_sentences(FILES):
        if text in seen_texts or not 4 <= len(text) <= 300:
            continue
        if seen_before(text, shingles, joined):
            continue
        seen_texts.add(text)
        (with_numerals if has_numeral(text) else without).append((source, published, text))
    rng = random.Random(seed)
    picked = rng.sample(with_numerals, min(numerals, len(with_numerals)))
    picked += rng.sample(without, min(negatives, len(without)))
    rng.shuffle(picked)
    return picked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--numerals", type=int, default=210)
    parser.add_argument("--negatives", type=int, default=30)
    args = parser.parse_args()
    for n, (source, published, text) in enumerate(draw(args.seed, args.numerals, args.negatives), 1):
        print(f"# {n}\n@published {published}\n# {source}\n> {text}")


if __name__ == "__main__":
    main()
