"""DuckLake with one writer process and with two (issue 18), next to a DuckDB file.

    .venv/bin/python bench/bench_ducklake.py [--mb 20] [--seed 1] [--out bench/out]

Takes a news-shaped corpus (bench/news_corpus.py) and, in each mode, writer processes that
each take their share of the files batch by batch (etl.flow.batching's batch sizes): every
batch goes from raw bytes to facts in the process (etl.flow.worker.run_slice over the whole
chain) and is written in one transaction (warehouse.replace_stages_rows). No Dagster: this measures
the pipeline and the warehouse, not start-up or checks.

Modes: one process into a DuckDB file; one process into a DuckLake; two processes at
once into one DuckLake, each with half of the bytes. The DuckLake's catalog is a
throwaway Postgres 15 (tests/postgres_server.py), its data files a local directory.
Reports wall MB/s and CPU seconds per MB, split into processing and writing.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

REPO = common.REPO


def writer(target: str, landing: Path, listing: Path) -> dict:
    """Take the files listed in ``listing`` through the pipeline into ``target``; CPU and wall seconds."""
    from etl.flow import batching
    from etl.flow.chain import CHAIN
    from etl.flow.worker import run_slice
    from etl.flow.records import ChainSettings, FileRef
    from etl.flow.scan import sha256_file
    from etl.store import warehouse

    paths = json.loads(listing.read_text())
    sized = {sha256_file(landing, p)[0]: (p, (landing / p).stat().st_size) for p in paths}
    batches = list(batching.group_by_size([(f, s) for f, (_, s) in sized.items()], batching.BATCH_BYTES,
                                          batching.BATCH_FILES))
    settings = ChainSettings(landing_dir=str(landing))
    started, cpu_started = time.perf_counter(), time.process_time()
    con = warehouse.connect(target)
    process = write = 0.0
    for batch in batches:
        ids = list(batch)
        t = time.process_time()
        result = run_slice([FileRef(f, sized[f][0]) for f in ids], CHAIN, settings)
        process += time.process_time() - t
        t = time.process_time()
        warehouse.replace_stages_rows(con, CHAIN, [(s, o.file_ids, o.frames, o.quarantine) for s, o in result.outputs.items()])
        write += time.process_time() - t
    con.close()
    return {"files": len(sized), "bytes": sum(s for _, s in sized.values()), "batches": len(batches),
            "wall": time.perf_counter() - started, "cpu": time.process_time() - cpu_started,
            "process_cpu": process, "write_cpu": write}


def run_mode(label: str, target: str, landing: Path, shares: list[list[str]], work: Path, env: dict) -> dict:
    procs = []
    started = time.perf_counter()
    for n, share in enumerate(shares):
        listing = work / f"{label}-{n}.json"
        listing.write_text(json.dumps(share))
        procs.append(subprocess.Popen([sys.executable, __file__, "--writer", target, str(landing), str(listing)],
                                      env=env, cwd=REPO, stdout=subprocess.PIPE, text=True))
    outs = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    wall = time.perf_counter() - started
    nbytes = sum(o["bytes"] for o in outs)
    cpu = {k: sum(o[k] for o in outs) for k in ("cpu", "process_cpu", "write_cpu")}
    result = {"mode": label, "writers": len(shares), "wall": wall, "mb_s": common.mb_per_s(nbytes, wall),
              "files": sum(o["files"] for o in outs), "bytes": nbytes, **cpu,
              "write_cpu_per_mb": cpu["write_cpu"] / (nbytes / 1e6), "process_cpu_per_mb": cpu["process_cpu"] / (nbytes / 1e6)}
    print(f"{label}: {result['files']} files, {nbytes / 1e6:.1f} MB in {wall:.1f} s = {result['mb_s']:.2f} MB/s wall; "
          f"CPU {cpu['cpu']:.1f} s (processing {cpu['process_cpu']:.1f}, writing {cpu['write_cpu']:.1f} = "
          f"{result['write_cpu_per_mb']:.2f} s per MB)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--writer", nargs=3, metavar=("TARGET", "LANDING", "LISTING"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.writer:
        target, landing, listing = args.writer
        print(json.dumps(writer(target, Path(landing), Path(listing))))
        return 0
    sys.path.insert(0, str(REPO))
    import run_all
    from tests.postgres_server import postgres_server

    landing, manifest = run_all.ensure_corpus(args.out, args.mb, args.seed, "news")
    paths = sorted(f["path"] for f in manifest["list"])
    halves: list[list[str]] = [[], []]  # equal bytes, not equal files: a few 1-5 MB dumps decide the balance
    loads = [0, 0]
    for f in sorted(manifest["list"], key=lambda f: -f["bytes"]):
        lighter = loads.index(min(loads))
        halves[lighter].append(f["path"])
        loads[lighter] += f["bytes"]
    results = []
    with tempfile.TemporaryDirectory(prefix="zhfacts-lake-bench-") as tmp, postgres_server() as pg:
        work = Path(tmp)
        env = dict(os.environ, PYTHONPATH=str(REPO), ZHFACTS_LAKE_DATA_PATH=str(work / "data-one"))
        results.append(run_mode("duckdb-file-1-writer", str(work / "file.duckdb"), landing, [paths], work, env))
        results.append(run_mode("ducklake-1-writer", pg.createdb("one"), landing, [paths], work, env))
        env["ZHFACTS_LAKE_DATA_PATH"] = str(work / "data-two")
        two = pg.createdb("two")
        subprocess.run([sys.executable, "-c", f"from etl.store import warehouse; warehouse.connect({two!r}).close()"],
                       env=env, cwd=REPO, check=True)  # the schema first, as a deployment would
        results.append(run_mode("ducklake-2-writers", two, landing, halves, work, env))
    report = {"corpus_mb": manifest["bytes"] / 1e6, "files": manifest["files"], "results": results, "machine": common.machine()}
    (args.out / f"ducklake-{args.mb:g}mb.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(f"load average at the end: {report['machine']['load']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
