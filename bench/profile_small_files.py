"""Where the time goes on small files (issue 18): 4,000 news files of 10 KB.

    .venv/bin/python bench/profile_small_files.py [--files 4000] [--kb 10] [--out bench/out] [--skip-ingest]

1. Writes FILES news-shaped files of KB each (bench/news_corpus.py's generator and mix,
   every size set to KB), cached under OUT.
2. ``zhfacts ingest`` over them in a fresh DAGSTER_HOME and warehouse, with CPU seconds by
   process (the CLI: Dagster, the DuckDB writer, checks; the workers) and the run's own log
   of its writing time.
3. ``zhfacts ingest`` over an empty directory: Dagster's start-up and the checks' floor.
4. One worker batch (256 files, as etl.flow.batching plans them) through the whole chain
   (``etl.flow.worker.run_slice``) under cProfile, in this process: CPU per stage and per
   function group, per file and per row.
5. The writer alone: the batches' Parquet spills replayed into a fresh DuckDB file through
   ``warehouse.replace_stages_rows``, CPU per batch and per row.

Reports CPU seconds (``time.process_time``), not wall time: the machine is shared.
Writes OUT/profile-small-files.json and prints a summary.
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import corpus as base  # noqa: E402
import news_corpus  # noqa: E402

REPO = common.REPO
# Function groups of the profile, by the file a function lives in (first match wins).
GROUPS = (
    ("extract (etl/facts)", "/etl/facts/"),
    ("decode (etl/decoding)", "/etl/decoding/"),
    ("normalize, segment (etl/text)", "/etl/text/"),
    ("offsets (etl/positions)", "/etl/positions/"),
    ("stages: records, rows and frames (etl/flow)", "/etl/flow/"),
    ("contracts (etl/store/schemas)", "/etl/store/schemas"),
    ("store (Parquet spill, chunks)", "/etl/store/"),
    ("pandera", "/pandera/"),
    ("pandas", "/pandas/"),
    ("pyarrow", "/pyarrow/"),
    ("opencc", "opencc"),
    ("chardet", "/chardet/"),
    ("re (regex engine)", "{method '"),
)


def small_corpus(out: Path, files: int, kb: int, seed: int = 1) -> Path:
    target = out / f"small-{files}x{kb}kb-seed{seed}"
    if (target / base.MANIFEST).exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    specs = []
    for spec in news_corpus.plan(files * 100, seed):  # far more than needed: the first FILES are taken
        if spec.dump or spec.kind == "empty":
            continue
        specs.append(dataclasses.replace(spec, size=kb * 1024))
        if len(specs) == files:
            break
    gen = news_corpus.NewsGenerator(random.Random(f"small-{seed}"))
    base.generate(target, files * kb / 1000, seed, log=lambda _: None, shape=f"small-{kb}kb", specs=iter(specs), gen=gen)
    return target


def ingest(landing: Path, work: Path, workers: int, label: str) -> dict:
    home = work / f"home-{label}"
    home.mkdir(parents=True)
    env = dict(os.environ, DAGSTER_HOME=str(home), ZHFACTS_WORKERS=str(workers))
    cmd = [str(REPO / ".venv" / "bin" / "zhfacts"), "ingest", str(landing), "--warehouse", str(work / f"{label}.duckdb"),
           "--workers", str(workers)]
    log = work / f"{label}.log"
    result = common.run_measured(cmd, env, log)
    text = log.read_text(errors="replace")
    for line in text.splitlines():
        if "writing to DuckDB took" in line:
            result["writer_line"] = line.split(" - ")[-1]
    print(f"{label}: exit {result['returncode']}, {result['seconds']:.1f} s wall, CPU {result['cpu_seconds_by_role']}, "
          f"peak RSS {result['peak_rss_bytes'] / 2**20:.0f} MiB; {result.get('writer_line', '')}")
    return result


def group_of(filename: str) -> str:
    for name, marker in GROUPS:
        if marker in filename:
            return name
    return "other"


def profile_batch(landing: Path, spill: Path, batch_files: int) -> dict:
    """One worker batch under cProfile; also each batch of the corpus without it, for the writer replay."""
    from etl.flow.chain import CHAIN
    from etl.flow.worker import run_slice
    from etl.flow.records import ChainSettings, FileRef
    from etl.flow.entries import iter_entries
    from etl.flow.scan import sha256_file

    items = [(sha256_file(landing, e.path)[0], e.path) for e in iter_entries(landing) if e.problem is None]
    items = [FileRef(f, p) for f, p in sorted(dict(items).items())]  # one per content, as the driver takes them
    settings = ChainSettings(landing_dir=str(landing))
    batches = [items[i:i + batch_files] for i in range(0, len(items), batch_files)]
    run_slice(batches[0][:8], CHAIN, settings, spill_dir=str(spill))  # warm: lexicons, OpenCC, caches
    for p in spill.iterdir():
        p.unlink()
    profiler = cProfile.Profile(time.process_time)
    started = time.process_time()
    profiler.enable()
    result = run_slice(batches[0], CHAIN, settings, spill_dir=str(spill))
    profiler.disable()
    cpu = time.process_time() - started
    stats = pstats.Stats(profiler)
    by_group: Counter = Counter()
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():
        by_group[group_of(f"{filename}{name}" if filename == "~" else filename)] += tottime
    rows = {t: len(f) for out in result.outputs.values() for t, f in out.frames.items()}
    raw_bytes = sum((landing / item.path).stat().st_size for item in batches[0])
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:25]
    out = {
        "files": len(batches[0]), "raw_bytes": raw_bytes, "cpu_seconds": cpu, "cpu_by_stage": result.cpu_seconds,
        "rows": rows, "by_group": dict(by_group.most_common()),
        "top_tottime": [(f"{Path(f).name}:{line}:{name}", round(v[2], 3), v[1]) for (f, line, name), v in top],
    }
    # The rest of the corpus, unprofiled, kept as Parquet for the writer replay.
    spilled = [result]
    for batch in batches[1:]:
        spilled.append(run_slice(batch, CHAIN, settings, spill_dir=str(spill)))
    out["spilled_batches"] = spilled
    return out


def replay_writes(batches: list, warehouse_path: Path) -> dict:
    """Each batch's spilled frames into a fresh DuckDB file, timed in CPU seconds."""
    from etl.flow.chain import CHAIN
    from etl.store import warehouse

    con = warehouse.connect(warehouse_path)
    profiler = cProfile.Profile(time.process_time)
    per_batch = []
    rows = 0
    for result in batches:
        started = time.process_time()
        profiler.enable()
        warehouse.replace_stages_rows(
            con, CHAIN, [(stage, out.file_ids, out.frames, out.quarantine) for stage, out in result.outputs.items()])
        profiler.disable()
        per_batch.append(time.process_time() - started)
        rows += sum(len(f) for out in result.outputs.values() for f in out.frames.values())
    started = time.process_time()
    con.execute("CHECKPOINT")
    checkpoint = time.process_time() - started
    con.close()
    top = sorted(pstats.Stats(profiler).stats.items(), key=lambda kv: -kv[1][3])[:12]
    return {"batches": len(per_batch), "cpu_seconds": sum(per_batch), "checkpoint_cpu_seconds": checkpoint,
            "rows": rows, "per_batch": per_batch,
            "top_cumtime": [(f"{Path(f).name}:{line}:{name}", round(v[3], 3)) for (f, line, name), v in top]}


def import_seconds(module: str) -> float:
    code = f"import time; t = time.process_time(); import {module}; print(time.process_time() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--kb", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-files", type=int, default=256)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    args.out.mkdir(parents=True, exist_ok=True)
    landing = small_corpus(args.out, args.files, args.kb)
    nbytes = sum(p.stat().st_size for p in landing.rglob("*") if p.is_file() and not p.name.startswith("."))
    print(f"corpus: {args.files} files, {nbytes / 1e6:.1f} MB in {landing}")
    report: dict = {"files": args.files, "bytes": nbytes, "machine": common.machine()}
    work = Path(tempfile.mkdtemp(prefix="zhfacts-profile-"))
    try:
        report["import_cpu_seconds"] = {m: import_seconds(m) for m in ("dagster", "assets.definitions", "etl.flow.driver")}
        print(f"imports (CPU s): {report['import_cpu_seconds']}")
        if not args.skip_ingest:
            empty = work / "empty"
            empty.mkdir()
            report["ingest_empty"] = ingest(empty, work, args.workers, "empty")
            report["ingest"] = ingest(landing, work, args.workers, "ingest")
        spill = work / "spill"
        spill.mkdir()
        prof = profile_batch(landing, spill, args.batch_files)
        spilled = prof.pop("spilled_batches")
        report["batch_profile"] = prof
        print(f"one batch: {prof['files']} files, {prof['raw_bytes'] / 1e6:.2f} MB, {prof['cpu_seconds']:.2f} CPU s "
              f"= {1000 * prof['cpu_seconds'] / prof['files']:.1f} ms per file; by stage "
              + ", ".join(f"{k} {v:.2f}" for k, v in prof["cpu_by_stage"].items()))
        print("  by group (tottime): " + ", ".join(f"{k} {v:.2f}" for k, v in prof["by_group"].items()))
        print("  rows: " + ", ".join(f"{k} {v}" for k, v in prof["rows"].items()))
        for name, seconds, calls in prof["top_tottime"]:
            print(f"    {seconds:7.3f} s {calls:>9} calls  {name}")
        report["writer_replay"] = replay_writes(spilled, work / "replay.duckdb")
        w = report["writer_replay"]
        print(f"writer replay: {w['batches']} batches, {w['rows']:,} rows, {w['cpu_seconds']:.2f} CPU s "
              f"(+ checkpoint {w['checkpoint_cpu_seconds']:.2f}) = {1e6 * w['cpu_seconds'] / max(w['rows'], 1):.1f} µs per row")
        for name, seconds in w["top_cumtime"]:
            print(f"    {seconds:7.3f} s  {name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (args.out / "profile-small-files.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
