"""CPU seconds of worker batches, by stage and by part, without a profiler (issue 18).

    .venv/bin/python bench/batch_cpu.py [--files 1000] [--kb 10] [--batches 3] [--repeat 1]

Takes the small news corpus of bench/profile_small_files.py (FILES files of KB each),
warms every cache on one whole batch (lexicons, OpenCC, the decoder's language model),
then takes each of BATCHES batches of 256 files through the whole chain as
``etl.flow.worker.run_slice`` does, timing each stage's three parts apart: the stage's
own ``run`` (text functions, records, rows), the contracts (``outcome.validated``) and
the Parquet spill. Prints the median over batches (and repeats) in CPU seconds
(``time.process_time``): the machine is shared, so wall time says little.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_small_files  # noqa: E402

REPO = profile_small_files.REPO


def batch_parts(items: list, settings, spill_dir: Path) -> dict[str, float]:
    """CPU seconds of each stage's run, validation and spill for one batch."""
    from etl.flow.chain import CHAIN
    from etl.flow.outcome import validated
    from etl.store import frames

    parts: dict[str, float] = {}
    for n, stage in enumerate(CHAIN):
        paths = {item.file_id: item.path for item in items}
        t0 = time.process_time()
        output = stage.run(items, settings, hand_on=n + 1 < len(CHAIN))
        t1 = time.process_time()
        output = validated(output, paths, stage.quarantine_step, dict(stage.rejects))
        t2 = time.process_time()
        output.frames = {t: frames.spill(df, spill_dir / f"{stage.name}-{t}.parquet") for t, df in output.frames.items()}
        t3 = time.process_time()
        parts[f"{stage.name}.run"] = t1 - t0
        parts[f"{stage.name}.validate"] = t2 - t1
        parts[f"{stage.name}.spill"] = t3 - t2
        items = output.handed_on
    parts["total"] = sum(parts.values())
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--kb", type=int, default=10)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batch-files", type=int, default=256)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args(argv)
    from etl.flow.entries import iter_entries
    from etl.flow.records import ChainSettings, FileRef
    from etl.flow.scan import sha256_file

    landing = profile_small_files.small_corpus(args.out, args.files, args.kb)
    items = [(sha256_file(landing, e.path)[0], e.path) for e in iter_entries(landing) if e.problem is None]
    items = [FileRef(f, p) for f, p in sorted(dict(items).items())]
    settings = ChainSettings(landing_dir=str(landing))
    batches = [items[i:i + args.batch_files] for i in range(0, len(items), args.batch_files)]
    with tempfile.TemporaryDirectory(prefix="zhfacts-batch-cpu-") as spill:
        batch_parts(batches[-1], settings, Path(spill))  # warm-up, not counted
        samples: dict[str, list[float]] = defaultdict(list)
        for _ in range(args.repeat):
            for batch in batches[:args.batches]:
                for part, seconds in batch_parts(batch, settings, Path(spill)).items():
                    samples[part].append(seconds)
    files = args.batch_files
    print(f"{len(samples['total'])} batch runs of {files} files; median CPU s per batch (min-max):")
    for part, values in samples.items():
        print(f"  {part:26} {statistics.median(values):6.3f}  ({min(values):.3f}-{max(values):.3f})")
    print(f"  per file: {1000 * statistics.median(samples['total']) / files:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
