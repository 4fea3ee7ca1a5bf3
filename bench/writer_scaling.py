"""Does the writer's cost per batch grow with the warehouse? (issue 18)

    .venv/bin/python bench/writer_scaling.py [--files 4000] [--kb 10] [--rounds 12] [--out bench/out]

Takes the small news corpus of bench/profile_small_files.py through the chain once,
keeping each batch's Parquet spill, then writes those batches ROUNDS times into one fresh
DuckDB file through ``warehouse.replace_stages_rows``, as the run's writer does. Each
round rewrites the ids (the first two hex digits of every file id, and so of the article,
sentence and fact ids made from it), so every round adds new files, as a long run does.
Prints CPU seconds (``time.process_time``, all of DuckDB's threads) per round: flat
means the writer scales with the rows written, rising means with the warehouse.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))

import profile_small_files  # noqa: E402

REPO = profile_small_files.REPO
ID_COLUMNS = ("file_id", "article_id", "sentence_id", "fact_id")


def spilled_batches(landing: Path, spill: Path, batch_files: int) -> list:
    """Every batch of the corpus through the whole chain, its frames left as Parquet in ``spill``."""
    from etl.flow.chain import CHAIN
    from etl.flow.worker import run_slice
    from etl.flow.entries import iter_entries
    from etl.flow.records import ChainSettings, FileRef
    from etl.flow.scan import sha256_file

    items = [(sha256_file(landing, e.path)[0], e.path) for e in iter_entries(landing) if e.problem is None]
    items = [FileRef(f, p) for f, p in sorted(dict(items).items())]
    settings = ChainSettings(landing_dir=str(landing))
    return [run_slice(items[i:i + batch_files], CHAIN, settings, spill_dir=str(spill))
            for i in range(0, len(items), batch_files)]


def renamed(result, round_no: int, into: Path):
    """A copy of a batch's outputs whose ids start with ``round_no`` in hex."""
    import copy

    from etl.store.frames import SPILL_OPTIONS, SpilledFrame

    prefix = f"{round_no:02x}"

    def rename(value: str) -> str:
        return prefix + value[2:]

    out = copy.deepcopy(result)
    for stage, output in out.outputs.items():
        output.file_ids = [rename(f) for f in output.file_ids]
        if len(output.quarantine):
            output.quarantine = output.quarantine.assign(file_id=output.quarantine["file_id"].map(rename),
                                                         path=output.quarantine["path"] + f"#{prefix}")
        for table, frame in output.frames.items():
            data = pq.read_table(frame.path)
            for column in ID_COLUMNS:
                if column in data.column_names:
                    kind = data[column].type
                    values = pc.binary_join_element_wise(pa.scalar(prefix, kind), pc.utf8_slice_codeunits(data[column], 2),
                                                         pa.scalar("", kind))
                    data = data.set_column(data.column_names.index(column), column, values)
            path = into / f"r{round_no}-{Path(frame.path).name}"
            pq.write_table(data, path, **SPILL_OPTIONS)
            output.frames[table] = SpilledFrame(str(path), frame.rows,
                                                {rename(f): n for f, n in frame.rows_per_file.items()})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=4000)
    parser.add_argument("--kb", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--batch-files", type=int, default=256)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--set", action="append", default=[], help="a DuckDB setting for the writer, e.g. threads=1")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    from etl.flow.chain import CHAIN
    from etl.store import warehouse

    landing = profile_small_files.small_corpus(args.out, args.files, args.kb)
    with tempfile.TemporaryDirectory(prefix="zhfacts-writer-scaling-") as work:
        work = Path(work)
        (work / "spill").mkdir()
        batches = spilled_batches(landing, work / "spill", args.batch_files)
        rows = sum(len(f) for b in batches for o in b.outputs.values() for f in o.frames.values())
        print(f"{len(batches)} batches, {rows:,} rows per round")
        con = warehouse.connect(work / "w.duckdb")
        for setting in args.set:
            con.execute(f"SET {setting}")
        per_round = []
        for round_no in range(args.rounds):
            copies = [renamed(b, round_no, work) for b in batches]
            started = time.process_time()
            for result in copies:
                warehouse.replace_stages_rows(
                    con, CHAIN, [(s, o.file_ids, o.frames, o.quarantine) for s, o in result.outputs.items()])
            per_round.append(time.process_time() - started)
            for result in copies:
                for output in result.outputs.values():
                    for frame in output.frames.values():
                        Path(frame.path).unlink()
            print(f"round {round_no + 1}: {per_round[-1]:.2f} CPU s, {1e6 * per_round[-1] / rows:.1f} µs per row")
        started = time.process_time()
        con.close()  # the last checkpoint: what a higher checkpoint_threshold defers lands here
        closing = time.process_time() - started
    half = len(per_round) // 2
    print(f"median CPU s per round: first half {statistics.median(per_round[:half]):.2f}, "
          f"second half {statistics.median(per_round[half:]):.2f}")
    print(f"all rounds {sum(per_round):.2f} CPU s + close {closing:.2f}; "
          f"max RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
