"""Throughput of decode_bytes (detect + decode + offsets + repair scan) per encoding.

Builds a corpus of a few MB per encoding from the seed texts in a temp dir and
prints MB/s (median of 5 runs, one core). It reports; it never fails on timing.
Targets: >= 100 MB/s for UTF-8, >= 30 MB/s for GB18030 and Big5.

Run: ``.venv/bin/python bench/bench_decode.py [--mb 4]``
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.decode import decode_bytes  # noqa: E402

SEEDS = ROOT / "seeds"
RUNS = 5


def corpus_texts() -> dict[str, str]:
    """The clean seed texts: simplified, and traditional with its mojibake repaired."""
    simplified = (SEEDS / "000_628889c2a6d9b173.txt").read_text(encoding="utf-8")
    traditional = decode_bytes((SEEDS / "003_d09a9a5e3ae4f874.txt").read_bytes()).text
    return {"simplified": simplified, "traditional": traditional}


def write_corpus(directory: Path, megabytes: float) -> dict[str, Path]:
    """One file per (encoding, text), each about ``megabytes`` MB."""
    texts = corpus_texts()
    plan = {
        "utf-8": ("simplified", "utf-8"),
        "utf-8 (traditional)": ("traditional", "utf-8"),
        "utf-8-sig": ("simplified", "utf-8-sig"),
        "gb18030": ("simplified", "gb18030"),
        "big5hkscs": ("traditional", "big5hkscs"),
        "utf-16": ("simplified", "utf-16"),
    }
    paths = {}
    for label, (text_name, codec) in plan.items():
        unit = texts[text_name]
        repeats = max(1, int(megabytes * 1e6 / len(unit.encode(codec))))
        path = directory / f"{label.replace(' ', '_')}.txt"
        path.write_bytes((unit * repeats).encode(codec))
        paths[label] = path
    return paths


def throughput(data: bytes) -> tuple[float, str]:
    """Median MB/s over RUNS decodes, and the encoding found."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        decoded = decode_bytes(data)
        times.append(time.perf_counter() - start)
    return len(data) / 1e6 / statistics.median(times), decoded.encoding


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of each corpus file in MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), args.mb)
        decode_bytes(paths["gb18030"].read_bytes()[:100_000])  # warm up chardet and tables
        print(f"{'file':<22}{'MB':>7}{'encoding':>12}{'MB/s':>9}")
        for label, path in paths.items():
            data = path.read_bytes()
            speed, encoding = throughput(data)
            print(f"{label:<22}{len(data) / 1e6:>7.1f}{encoding:>12}{speed:>9.1f}")


if __name__ == "__main__":
    main()
