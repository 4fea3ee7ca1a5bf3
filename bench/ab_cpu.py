"""Paired A/B of each stage's CPU seconds: old code against new, run alternately.

    .venv/bin/python bench/ab_cpu.py OLD_ROOT NEW_ROOT [--files 1000] [--kb 10] [--batches 3] [--rounds 10]
                                     [--stages articles,sentences]

Starts one worker process per checkout (``PYTHONPATH=ROOT``). Each takes the small news
corpus of bench/profile_small_files.py through the chain once, keeping every stage's
input per batch of 256 files, then times ``stage.run`` on request. The driver asks old
and new in turn for the same stage and batch, switching which goes first, so a change in
the machine's load hits both sides of a pair alike. Prints per stage the median CPU
seconds per batch of each side and the median of the paired ratios, with the load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_small_files  # noqa: E402

REPO = profile_small_files.REPO


def serve(files: int, kb: int, batch_files: int, batches: int) -> None:
    """Worker: prepare every stage's input, then answer 'STAGE BATCH' with CPU seconds."""
    from etl.flow.chain import CHAIN
    from etl.flow.entries import iter_entries
    from etl.flow.records import ChainSettings, FileRef
    from etl.flow.scan import sha256_file

    landing = profile_small_files.small_corpus(REPO / "bench" / "out", files, kb)
    refs = {sha256_file(landing, e.path)[0]: e.path for e in iter_entries(landing) if e.problem is None}
    items = [FileRef(f, p) for f, p in sorted(refs.items())]
    settings = ChainSettings(landing_dir=str(landing))
    inputs = []  # inputs[batch][stage]
    for i in range(0, min(len(items), batch_files * batches), batch_files):
        batch, per_stage = items[i:i + batch_files], []
        for stage in CHAIN:
            per_stage.append(batch)
            batch = stage.run(batch, settings, hand_on=True).handed_on
        inputs.append(per_stage)
    print(" ".join(s.name for s in CHAIN), flush=True)
    for line in sys.stdin:
        stage, batch = map(int, line.split())
        t0 = time.process_time()
        CHAIN[stage].run(inputs[batch][stage], settings, hand_on=stage + 1 < len(CHAIN))
        print(f"{time.process_time() - t0:.6f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--kb", type=int, default=10)
    parser.add_argument("--batch-files", type=int, default=256)
    parser.add_argument("--batches", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--stages", default="", help="comma-separated stage names to time (default: all)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.files, args.kb, args.batch_files, args.batches)
        return 0
    cmd = [sys.executable, __file__, str(args.old), str(args.new), "--serve", "--files", str(args.files),
           "--kb", str(args.kb), "--batch-files", str(args.batch_files), "--batches", str(args.batches)]
    workers = [subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": str(root.resolve())}, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE) for root in (args.old, args.new)]
    stages = [w.stdout.readline().split() for w in workers][0]

    def ask(worker: subprocess.Popen, stage: int, batch: int) -> float:
        worker.stdin.write(f"{stage} {batch}\n")
        worker.stdin.flush()
        return float(worker.stdout.readline())

    timed = [s for s, name in enumerate(stages) if not args.stages or name in args.stages.split(",")]
    for s in timed:  # warm-up: caches, lexicons, lazy imports
        for w in workers:
            ask(w, s, 0)
    seconds = {stages[s]: ([], []) for s in timed}
    loads = []
    for r in range(args.rounds):
        for b in range(args.batches):
            for s in timed:
                name = stages[s]
                order = (0, 1) if (r + b + s) % 2 == 0 else (1, 0)
                for side in order:
                    seconds[name][side].append(ask(workers[side], s, b))
        loads.append(os.getloadavg()[0])
    for w in workers:
        w.stdin.close()
        w.wait()
    pairs = args.rounds * args.batches
    print(f"{pairs} pairs per stage (batches of {args.batch_files} files of {args.kb} KB); "
          f"load {min(loads):.1f}-{max(loads):.1f}; CPU s per batch, medians")
    print(f"  {'stage':14} {'old':>7} {'new':>7} {'new/old':>8}")
    total = [0.0, 0.0]
    for name, (old, new) in seconds.items():
        ratio = statistics.median(n / o for o, n in zip(old, new))
        total = [total[0] + statistics.median(old), total[1] + statistics.median(new)]
        print(f"  {name:14} {statistics.median(old):7.3f} {statistics.median(new):7.3f} {ratio:8.3f}")
    print(f"  {'sum':14} {total[0]:7.3f} {total[1]:7.3f} {total[1] / total[0]:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
