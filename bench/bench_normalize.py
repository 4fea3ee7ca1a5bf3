"""Throughput of normalize_text + split_articles + split_sentences, next to OpenCC alone.

    .venv/bin/python bench/bench_normalize.py [--mb 4] [--runs 5]

Builds a few MB of text from the two sample seeds (repeated, with digits, paragraph
order and spacing varied), then prints the median MB/s (UTF-8 input bytes) of five
runs. It only reports; it never fails on timing.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from etl.text.normalize import normalize_text  # noqa: E402
from etl.text.script import converter  # noqa: E402
from etl.text.articles import split_articles  # noqa: E402
from etl.text.segment import split_sentences  # noqa: E402

SAMPLES = ("000_628889c2a6d9b173.txt", "003_d09a9a5e3ae4f874.txt")


def vary(text: str, rng: random.Random) -> str:
    """One variant of a sample: digits changed, paragraphs reordered, spacing varied."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    head, body = paragraphs[:1], paragraphs[1:]
    rng.shuffle(body)
    digits = str.maketrans("0123456789", "".join(rng.sample("0123456789", 10)))
    sep = rng.choice(["\n", "\n\n", "\r\n", "</p>\n<p>"])
    return sep.join(head + body).translate(digits)


def build_corpus(megabytes: float, seed: int = 7) -> list[str]:
    """Documents totalling about ``megabytes`` MB of UTF-8."""
    rng = random.Random(seed)
    samples = [(REPO / "seeds" / name).read_text(encoding="utf-8") for name in SAMPLES]
    docs, size = [], 0
    while size < megabytes * 1e6:
        doc = vary(rng.choice(samples), rng)
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def pipeline(docs: list[str]) -> int:
    count = 0
    for doc in docs:
        text = normalize_text(doc).text
        for article in split_articles(text):
            count += len(split_sentences(text[article.char_start:article.char_end]))
    return count


def opencc_only(docs: list[str]) -> int:
    cc = converter("t2s")
    return sum(len(cc.convert(doc)) for doc in docs)


def median_mb_per_s(func, docs: list[str], runs: int) -> tuple[float, float]:
    """Median MB/s over ``runs``, by wall clock and by this process's CPU time.

    The CPU figure is steadier on a shared machine; the wall figure is what a user sees.
    """
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func(docs)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return megabytes / statistics.median(wall), megabytes / statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    args = parser.parse_args()
    docs = build_corpus(args.mb)
    one_big = ["\n## 合并\n".join(docs)]
    print(f"corpus: {len(docs)} documents, {sum(len(d.encode()) for d in docs) / 1e6:.1f} MB; median of {args.runs} runs")
    for label, func, corpus in (
        ("normalize+segment, per document", pipeline, docs),
        ("normalize+segment, one big document", pipeline, one_big),
        ("OpenCC t2s alone", opencc_only, docs),
    ):
        wall, cpu = median_mb_per_s(func, corpus, args.runs)
        print(f"{label:38s} {wall:6.1f} MB/s wall  {cpu:6.1f} MB/s CPU")


if __name__ == "__main__":
    main()
