"""Sensor and small-file benchmark (issue 6): prints its figures, never fails on time.

1. Writes N small files (default 10,000) built from the samples into a landing directory.
2. A first sensor tick over them (stats + hashes every file) -> how many run requests.
3. That one run, executed in-process through Dagster, over all N files -> wall time.
4. A tick with no changes over the same N files -> seconds (median of 5).

Usage: .venv/bin/python bench/bench_sensor.py [--files 10000] [--workers 2]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def write_files(landing: Path, count: int) -> int:
    samples = [(REPO / "seeds" / n).read_text(encoding="utf-8") for n in ("000_628889c2a6d9b173.txt",)]
    paragraphs = [p for p in samples[0].split("\n") if len(p) > 30]
    total = 0
    for i in range(count):
        folder = landing / f"d{i // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(2))
        data = f"## 第{i}号快讯\n\n{body}\n\n今年共抽查产品{i % 997 + 3}批次，合格率{90 + i % 10}.{i % 7}%。\n"
        encoded = data.encode("gb18030" if i % 5 == 0 else "utf-8")
        (folder / f"news_{i:05d}.txt").write_bytes(encoded)
        total += len(encoded)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zhfacts-sensor-bench-"))
    landing, warehouse = work / "landing", work / "wh" / "zhfacts.duckdb"
    os.environ.update(DAGSTER_HOME=str(work / "home"), ZHFACTS_RAW_DIR=str(landing),
                      ZHFACTS_WAREHOUSE=str(warehouse), ZHFACTS_WORKERS=str(args.workers))
    (work / "home").mkdir()
    size = write_files(landing, args.files)
    print(f"wrote {args.files} files, {size / 1e6:.1f} MB, under {landing}")

    import dagster as dg

    from assets.definitions import defs
    from assets.resources import LandingDirResource
    from assets.sensors import landing_dir_sensor

    resources = {"landing_dir": LandingDirResource(path=str(landing))}
    with dg.DagsterInstance.get() as instance:
        started = time.perf_counter()
        first = landing_dir_sensor(dg.build_sensor_context(instance=instance, resources=resources))
        first_tick = time.perf_counter() - started
        print(f"first tick (stat + hash {args.files} files): {first_tick:.2f} s, {len(first.run_requests)} run request(s)")

        started = time.perf_counter()
        result = defs.resolve_job_def("ingest").execute_in_process(instance=instance, tags=first.run_requests[0].tags)
        run_s = time.perf_counter() - started
        runs = len(instance.get_runs())
        print(f"the tick's run over {args.files} files: {'success' if result.success else 'FAILED'} in {run_s:.1f} s "
              f"({size / 1e6 / run_s:.2f} MB/s, {args.files / run_s:.0f} files/s); runs in the instance: {runs}")

        idle = []
        cursor = first.cursor
        for _ in range(5):
            started = time.perf_counter()
            tick = landing_dir_sensor(dg.build_sensor_context(instance=instance, cursor=cursor, resources=resources))
            idle.append(time.perf_counter() - started)
            assert not tick.run_requests
            cursor = tick.cursor
        print(f"tick with no changes over {args.files} files: median {statistics.median(idle):.3f} s "
              f"(min {min(idle):.3f}, max {max(idle):.3f}); cursor {len(cursor) / 1e6:.2f} MB")


if __name__ == "__main__":
    sys.exit(main())
