"""Batching: group pending files by size, and keep worker processes busy with them.

Memory stays flat: a bounded number of batches is in flight, and at most one heavy one.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

import duckdb

from etl.flow import memory

BATCH_BYTES = 2 << 20  # about this much text per batch: bounds worker memory (~20k facts per MB of dense news)
BATCH_FILES = 256


class Batch(list):
    """File ids processed together, and about how many bytes of input they are."""

    size_bytes: int = 0


# A batch this big (one file of several MB) costs a worker its high mark: at most one such
# batch is in flight, so two workers never peak together (files of 3 MiB and more are
# 3% of the 1 GB bench corpus's files and 41% of its bytes).
HEAVY_BATCH_BYTES = 3 << 20


def is_heavy(batch: Batch) -> bool:
    return batch.size_bytes >= HEAVY_BATCH_BYTES


def group_by_size(sized: Iterable[tuple[str, int]], max_bytes: int, max_files: int | None = None) -> Iterator[Batch]:
    """Consecutive (file_id, bytes) into batches of about ``max_bytes`` (one file alone may
    be over) and at most ``max_files`` files.

    >>> [(list(b), b.size_bytes) for b in group_by_size([("a", 5), ("b", 5), ("c", 5)], 10)]
    [(['a', 'b'], 10), (['c'], 5)]
    """
    batch = Batch()
    for file_id, size in sized:
        if batch and ((max_files is not None and len(batch) >= max_files) or batch.size_bytes + size > max_bytes):
            yield batch
            batch = Batch()
        batch.append(file_id)
        batch.size_bytes += size
    if batch:
        yield batch


def plan_batches(con: duckdb.DuckDBPyConnection, from_raw: bool, ids: list[str], max_files: int,
                 max_bytes: int) -> Iterator[Batch]:
    """Group pending files into batches of at most ``max_files`` files and about ``max_bytes``, largest first.

    Sizes are raw bytes ``from_raw`` (a run that starts from the files), else about the
    decoded text's UTF-8 size.
    """
    if not ids:
        return
    sizes_sql = (
        "SELECT file_id, max(size_bytes) FROM raw_files GROUP BY file_id" if from_raw
        else "SELECT file_id, char_count * 3 FROM documents"
    )
    sizes = dict(con.execute(sizes_sql).fetchall())
    # Largest first: a 5 MB file alone in the last batch would leave the other workers idle.
    sized = sorted(((f, int(sizes.get(f) or 0)) for f in ids), key=lambda fs: (-fs[1], fs[0]))
    yield from group_by_size(sized, max_bytes, max_files)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes started fresh ("spawn"), not forked from this one.

    A fork would copy a process that holds DuckDB's threads and Dagster's state: unsafe
    with threads, and every worker would carry (and count in its RSS) the writer's memory.
    """
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=memory.prepare_worker)


def map_batches(con, loader, process, batches, pool, depth: int,
                heavy: Callable[[list], bool] = lambda batch: False) -> Iterator:
    """Yield outputs as batches finish; with a pool, keep ``depth`` batches in flight to bound memory.

    More than the workers, so that no worker waits while this process writes. Outputs
    come in the order they finish, not the order planned: a batch holding one 5 MB file
    must not leave the other workers idle behind it (batches touch disjoint files, so the
    order of their writes does not matter). At most one ``heavy`` batch is in flight: while
    one is, the next light batch in the plan goes first.
    """
    if pool is None:
        for batch in batches:
            yield process(loader(con, batch))
        return
    waiting = list(batches)
    in_flight: dict = {}  # future → whether its batch is heavy

    def submit_next() -> bool:
        heavy_running = any(in_flight.values())
        for i, batch in enumerate(waiting):
            batch_is_heavy = heavy(batch)
            if not (batch_is_heavy and heavy_running):
                del waiting[i]
                in_flight[pool.submit(process, loader(con, batch))] = batch_is_heavy
                return True
        return False

    while waiting or in_flight:
        while len(in_flight) < depth and waiting and submit_next():
            pass
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in done:
            del in_flight[future]
            yield future.result()


