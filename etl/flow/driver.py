"""The one driver: take batches of files through a contiguous slice of the chain.

The writer (this process) reads each batch's input records for the slice's first stage
(from raw_files, or back from the warehouse), a worker takes the batch through every
stage of the slice, handing typed records from stage to stage and validating each
stage's rows against their contracts, and the writer stores every stage's rows of the
batch in one transaction. A run of the whole chain and a run of one stage are the same
loop; the tables a run selects pick the slices (``run_selection``).
"""
from __future__ import annotations

import functools
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import duckdb

from etl.flow.batching import BATCH_BYTES, BATCH_FILES, is_heavy, map_batches, plan_batches, worker_pool
from etl.flow.chain import CHAIN, Stage, contiguous_slices
from etl.flow.landing import root_key
from etl.flow.memory import release_free_memory
from etl.flow.outcome import StageOutput
from etl.flow.records import ChainSettings
from etl.flow.worker import run_slice
from etl.store import warehouse

# Batches in flight per worker. Two, so a worker that finishes while this process writes
# finds its next batch already queued. Cheap here: a queued batch is a list of paths and a
# finished one is Parquet files on disk.
IN_FLIGHT_PER_WORKER = 2
SHOWN_FILES = 500
# Under Dagster each log line is an event written to its SQLite store (~25 ms CPU): a 1 GB
# run has ~500 batches, so progress is logged at most this often, and for the first and last batch.
PROGRESS_EVERY_SECONDS = 10.0
# While workers keep the cores busy, one DuckDB thread writes a batch for ~40% less CPU
# than DuckDB's default of one per core (bench/writer_scaling.py, 3 A/B pairs).
WRITER_THREADS = 1


@dataclass
class StageReport:
    stage: str
    files: int = 0
    quarantined: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # worker CPU time, validation included
    shown_file_ids: list[str] = field(default_factory=list)  # the first files, for a per-file view

    def add(self, output: StageOutput, cpu_seconds: float = 0.0) -> None:
        """Count a written batch."""
        self.files += len(output.file_ids)
        self.shown_file_ids.extend(output.file_ids[: SHOWN_FILES - len(self.shown_file_ids)])
        self.quarantined += len(output.quarantine)
        self.cpu_seconds += cpu_seconds
        for table, df in output.frames.items():
            self.rows[table] = self.rows.get(table, 0) + len(df)

    def merge(self, other: StageReport) -> StageReport:
        """Count another pass of the same stage in the same run."""
        self.files += other.files
        self.quarantined += other.quarantined
        self.cpu_seconds += other.cpu_seconds
        self.seconds += other.seconds
        self.shown_file_ids.extend(other.shown_file_ids[: SHOWN_FILES - len(self.shown_file_ids)])
        for table, n in other.rows.items():
            self.rows[table] = self.rows.get(table, 0) + n
        return self


def run_chain(
    con: duckdb.DuckDBPyConnection,
    stages: Sequence[Stage],
    settings: ChainSettings,
    *,
    chain: Sequence[Stage] = CHAIN,
    full_refresh: bool = False,
    workers: int = 1,
    batch_files: int = BATCH_FILES,
    batch_bytes: int = BATCH_BYTES,
    log: Callable[[str], None] = print,
    shard: tuple[int, int] | None = None,
) -> dict[str, StageReport]:
    """Take every file pending at the first of ``stages`` (a contiguous slice of ``chain``)
    through all of them, one transaction per batch.

    ``shard=(i, n)`` takes only the pending files whose file_id falls in shard ``i`` of
    ``n`` (``in_shard``): n steps at once, one per shard, never take the same file.

    A file whose rows break a contract is quarantined instead of written. A violation no
    file can be blamed for raises ContractViolation before its batch is written; earlier
    batches stay committed and the batch's files stay pending.
    """
    started = time.perf_counter()
    names = [s.name for s in chain]
    first = names.index(stages[0].name)
    reports = {s.name: StageReport(s.name) for s in stages}
    ids = warehouse.pending_file_ids(con, stages[0].name, names[first - 1] if first else None, full_refresh=full_refresh,
                                     landing_root=root_key(settings.landing_dir))
    if shard is not None:
        ids = [f for f in ids if in_shard(f, *shard)]
    through = f"{stages[0].name} → {stages[-1].name}" if len(stages) > 1 else stages[0].name
    log(f"{through}: {len(ids)} file(s) to process")
    batches = list(plan_batches(con, first == 0, ids, batch_files, batch_bytes))
    pool = worker_pool(workers) if workers > 1 and len(batches) > 1 else None
    if pool is not None:
        con.execute(f"SET threads = {WRITER_THREADS}")
    spill_dir = tempfile.mkdtemp(prefix="zhfacts-batches-")
    process = functools.partial(run_slice, stages=tuple(stages), settings=settings, spill_dir=spill_dir)
    load = functools.partial(_load, stage=stages[0], settings=settings)
    done, writing, logged = 0, 0.0, time.perf_counter()
    try:
        for n, result in enumerate(map_batches(con, load, process, batches, pool,
                                               depth=IN_FLIGHT_PER_WORKER * workers, heavy=is_heavy), start=1):
            write_started = time.perf_counter()
            warehouse.replace_stages_rows(
                con, chain, [(stage, out.file_ids, out.frames, out.quarantine) for stage, out in result.outputs.items()])
            writing += time.perf_counter() - write_started
            for stage, out in result.outputs.items():
                reports[stage].add(out, result.cpu_seconds[stage])
                for frame in out.frames.values():
                    os.remove(frame.path)
            release_free_memory()
            done += len(result.outputs[stages[0].name].file_ids)  # batches finish in any order
            if n in (1, len(batches)) or time.perf_counter() - logged >= PROGRESS_EVERY_SECONDS:
                log(f"{through}: batch {n}/{len(batches)} written ({done}/{len(ids)} files)")
                logged = time.perf_counter()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
            con.execute("RESET threads")
        shutil.rmtree(spill_dir, ignore_errors=True)
    elapsed = time.perf_counter() - started
    if batches:
        # Near 100% means the single writer is what the run waits for, not the workers.
        log(f"{through}: {len(batches)} batch(es) in {elapsed:.1f} s; writing to DuckDB took {writing:.1f} s "
            f"({writing / max(elapsed, 1e-9):.0%} of it)")
    for report in reports.values():
        report.seconds = elapsed
    return reports


def in_shard(file_id: str, shard: int, shards: int) -> bool:
    """Whether ``file_id`` (hex sha256) belongs to ``shard`` of ``shards``: by its first 32 bits.

    >>> [in_shard("0" * 63 + "1", s, 2) for s in (0, 1)], in_shard("00000001" + "0" * 56, 1, 2)
    ([True, False], True)
    """
    return int(file_id[:8], 16) % shards == shard


def _load(con: duckdb.DuckDBPyConnection, file_ids: list[str], stage: Stage, settings: ChainSettings) -> list:
    return stage.load(con, file_ids, settings)


def run_selection(
    con: duckdb.DuckDBPyConnection,
    stages: Sequence[Stage],
    settings: ChainSettings,
    *,
    chain: Sequence[Stage] = CHAIN,
    full_refresh: bool = False,
    **options,
) -> dict[str, StageReport]:
    """Run the selected ``stages`` (chain order): each contiguous slice fused, from its first stage.

    Then each later stage of a slice takes, fused through the rest of the slice, the files
    an earlier run left pending there (a file that broke its contract, say).
    ``full_refresh`` reprocesses every file, once, from the first stage of each slice.
    """
    reports: dict[str, StageReport] = {}
    for part in contiguous_slices(stages):
        for start in range(len(part)):
            for name, report in run_chain(con, part[start:], settings, chain=chain,
                                          full_refresh=full_refresh and start == 0, **options).items():
                reports[name] = reports[name].merge(report) if name in reports else report
    return reports
