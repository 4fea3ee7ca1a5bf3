"""Throughput of decode_bytes (detect + decode + offsets + repair scan) per encoding.

Builds a corpus of a few MB per encoding from the seed texts in a temp dir and
prints MB/s (median CPU time of 5 runs, one core). It reports; it never fails on timing.
Targets: >= 100 MB/s for UTF-8, >= 30 MB/s for GB18030 and Big5.

Run: ``.venv/bin/python bench/bench_decode.py [--mb 4]``, or
``--corpus DIR`` for MB/s (CPU time) over a directory of real files.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.decoding.decode import DecodeError, decode_bytes  # noqa: E402

SEEDS = ROOT / "seeds"
RUNS = 5


def corpus_texts() -> dict[str, str]:
    """The clean seed texts: simplified, and traditional with its mojibake repaired (the
    two characters the repair marks lost dropped: Big5 has no U+FFFD)."""
    simplified = (SEEDS / "000_628889c2a6d9b173.txt").read_text(encoding="utf-8")
    traditional = decode_bytes((SEEDS / "003_d09a9a5e3ae4f874.txt").read_bytes()).text.replace("\ufffd", "")
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
    """Median MB/s over RUNS decodes after an untimed one, and the encoding found."""
    decode_bytes(data)  # the first decode of a size grows the heap: page faults, not decoding
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        decoded = decode_bytes(data)
        times.append(time.process_time() - start)
    return len(data) / 1e6 / statistics.median(times), decoded.encoding


def cpu_seconds(data: bytes, runs: int) -> float:
    """Median CPU time of ``runs`` decodes of one file (rejected files count too)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        try:
            decode_bytes(data)
        except DecodeError:
            pass
        times.append(time.process_time() - start)
    return statistics.median(times)


def file_kind(path: Path) -> str:
    """The corpus generator's label at the end of the name (``news_000001_gb18030.txt``)."""
    match = re.search(r"_([A-Za-z0-9-]+)$", path.stem)
    return match.group(1) if match else path.suffix


def corpus_report(directory: Path, runs: int, slowest: int = 10) -> None:
    """MB/s over every file under ``directory``, per kind, and the slowest files."""
    paths = sorted(p for p in directory.rglob("*") if p.is_file() and not p.name.startswith("."))
    per_kind: dict[str, list[float]] = {}
    rows = []
    for path in paths:
        data = path.read_bytes()
        seconds = cpu_seconds(data, runs)
        totals = per_kind.setdefault(file_kind(path), [0, 0.0, 0])
        totals[0] += len(data)
        totals[1] += seconds
        totals[2] += 1
        rows.append((seconds, len(data), path))
    for label, limit in (("all files", float("inf")), ("files under 1 MB", 1e6)):
        chosen = [r for r in rows if r[1] < limit]
        size, seconds = sum(r[1] for r in chosen), sum(r[0] for r in chosen)
        print(f"{label}: {len(chosen)} files, {size / 1e6:.1f} MB, {seconds:.2f} s CPU: "
              f"{size / 1e6 / max(seconds, 1e-9):.2f} MB/s")
    print(f"{'kind':<12}{'files':>6}{'MB':>8}{'CPU s':>8}{'MB/s':>9}")
    for kind, (nbytes, secs, count) in sorted(per_kind.items(), key=lambda kv: -kv[1][1]):
        print(f"{kind:<12}{count:>6}{nbytes / 1e6:>8.1f}{secs:>8.2f}{nbytes / 1e6 / max(secs, 1e-9):>9.1f}")
    print("slowest files:")
    for secs, nbytes, path in sorted(rows, reverse=True)[:slowest]:
        print(f"  {secs * 1e3:8.1f} ms {nbytes / 1e3:9.1f} KB  {path.relative_to(directory)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=4.0, help="size of each corpus file in MB")
    parser.add_argument("--corpus", type=Path, help="report MB/s over the files of this directory instead")
    parser.add_argument("--runs", type=int, default=3, help="decodes per file with --corpus (median)")
    args = parser.parse_args()
    if args.corpus:
        decode_bytes("上海".encode("gb18030") * 100)  # warm up chardet and tables
        corpus_report(args.corpus, args.runs)
        return
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
