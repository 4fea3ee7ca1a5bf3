"""Fact density of text: characters of normalized text per fact the current extractor finds.

    .venv/bin/python bench/fact_density.py [FILE ...]

With no files it measures the real article bodies (``/work/shared/realworld/gold/*.body.txt``,
or ``$ZHFACTS_REALWORLD/gold``), the two sample articles in ``seeds/``, and a sample of each
generated corpus shape, so the generator's density can be checked against real text.
Each text goes through the pipeline's own steps: normalize, split into articles and
sentences, extract facts per sentence (with the article's publication date).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

REALWORLD = Path(os.environ.get("ZHFACTS_REALWORLD", "/work/shared/realworld"))
SAMPLES = ("000_628889c2a6d9b173.txt", "003_d09a9a5e3ae4f874.txt")


@dataclass(frozen=True)
class Density:
    texts: int
    chars: int  # characters of the normalized text (sentences only, no separators)
    facts: int

    @property
    def chars_per_fact(self) -> float:
        return self.chars / self.facts if self.facts else float("inf")

    def __str__(self) -> str:
        return f"{self.texts} texts, {self.chars:,} chars, {self.facts:,} facts: one fact every {self.chars_per_fact:.0f} chars"


def measure(texts: list[str]) -> Density:
    """Characters per fact over ``texts`` (already decoded), through normalize → segment → extract."""
    from etl.facts.extract import extract_facts
    from etl.text.normalize import normalize_text
    from etl.text.articles import split_articles
    from etl.text.segment import split_sentences

    chars = facts = 0
    for text in texts:
        normalized = normalize_text(text).text
        for article in split_articles(normalized):
            body = normalized[article.char_start:article.char_end]
            for sentence in split_sentences(body):
                chars += len(sentence.text)
                facts += len(extract_facts(sentence.text, published_date=article.published_date))
    return Density(len(texts), chars, facts)


def main(argv: list[str] | None = None) -> int:
    files = [Path(a) for a in (argv if argv is not None else sys.argv[1:])]
    if files:
        print(measure([f.read_text(encoding="utf-8", errors="replace") for f in files]))
        return 0
    gold = sorted((REALWORLD / "gold").glob("*.body.txt"))
    if gold:
        print(f"real article bodies ({REALWORLD / 'gold'}):", measure([f.read_text(encoding="utf-8") for f in gold]))
    print("seeds/ samples:", measure([(common.REPO / "seeds" / n).read_text(encoding="utf-8") for n in SAMPLES]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
