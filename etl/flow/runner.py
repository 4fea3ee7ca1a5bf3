"""Run one stage over its pending files in batches: load, process, validate, write.

Memory stays flat: one batch's inputs and outputs are held at a time per worker.
Batches can be processed in worker processes; writes stay in this process, one short
transaction per batch, so DuckDB only ever sees one writer.
"""
from __future__ import annotations

import functools
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from etl.flow import memory, stages
from etl.store import schemas, warehouse

BATCH_BYTES = 2 << 20  # about this much text per batch: bounds worker memory (~20k facts per MB of dense news)
BATCH_FILES = 256


@dataclass
class StageReport:
    stage: str
    files: int = 0
    quarantined: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # worker CPU time, when the stage ran inside etl.flow.pipeline
    shown_file_ids: list[str] = field(default_factory=list)  # the first files, for a per-file view


SHOWN_FILES = 500


def _load_documents(con, ids):
    con.register("want", warehouse.key_frame("file_id", ids))
    rows = con.execute(
        "SELECT r.file_id, min(r.path) FROM raw_files r JOIN want USING (file_id) "
        "WHERE NOT r.deleted GROUP BY r.file_id ORDER BY r.file_id"
    ).fetchall()
    con.unregister("want")
    return [(f, p) for f, p in rows]


def _load_articles(con, ids):
    # One document at a time: a filter on file_id is pushed into DuckDB's scan, which then
    # reads only that document's pieces; a join would read every text in the table.
    items = []
    for file_id in sorted(ids):
        for path, packed in con.execute("SELECT path, raw_offsets FROM documents WHERE file_id = ?", [file_id]).fetchall():
            pieces = con.execute("SELECT text FROM document_text WHERE file_id = ? ORDER BY seq", [file_id]).fetchall()
            items.append((file_id, path, "".join(p for (p,) in pieces), bytes(packed)))
    return items


def _load_with_children(con, ids, children_sql: str):
    """(file_id, path, raw_offsets, [child rows]) per document; child rows start with file_id."""
    con.register("want", warehouse.key_frame("file_id", ids))
    docs = con.execute(
        "SELECT d.file_id, d.path, d.raw_offsets FROM documents d JOIN want USING (file_id) ORDER BY d.file_id"
    ).fetchall()
    children = con.execute(children_sql).fetchall()
    con.unregister("want")
    by_file: dict[str, list] = {}
    for file_id, *rest in children:
        by_file.setdefault(file_id, []).append(tuple(rest))
    return [(f, p, bytes(o), by_file.get(f, [])) for f, p, o in docs]


def _load_sentences(con, ids):
    return _load_with_children(
        con, ids,
        "SELECT a.file_id, a.article_id, a.text, a.content_spans FROM articles a JOIN want USING (file_id) "
        "ORDER BY a.file_id, a.seq",
    )


def _load_facts(con, ids):
    return _load_with_children(
        con, ids,
        "SELECT s.file_id, s.sentence_id, s.article_id, s.text, s.char_start, a.content_spans, a.published_date "
        "FROM sentences s JOIN want USING (file_id) JOIN articles a USING (article_id) "
        "ORDER BY s.file_id, a.seq, s.seq",
    )


LOADERS: dict[str, Callable] = {
    "documents": _load_documents,
    "articles": _load_articles,
    "sentences": _load_sentences,
    "numeric_facts": _load_facts,
}


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


def plan_batches(con: duckdb.DuckDBPyConnection, stage: str, ids: list[str], max_files: int, max_bytes: int) -> Iterator[Batch]:
    """Group pending files into batches of at most ``max_files`` files and about ``max_bytes``, largest first."""
    if not ids:
        return
    sizes_sql = (
        "SELECT file_id, max(size_bytes) FROM raw_files GROUP BY file_id" if stage == "documents"
        else "SELECT file_id, char_count * 3 FROM documents"
    )
    sizes = dict(con.execute(sizes_sql).fetchall())
    # Largest first: a 5 MB file alone in the last batch would leave the other workers idle.
    sized = sorted(((f, int(sizes.get(f) or 0)) for f in ids), key=lambda fs: (-fs[1], fs[0]))
    yield from group_by_size(sized, max_bytes, max_files)


# The stage named in quarantine when a file's rows break a table's contract.
QUARANTINE_STAGE = {"documents": "normalize", "articles": "segment", "sentences": "segment", "numeric_facts": "extract"}


def process_and_validate(process: Callable[[list], stages.StageOutput], payload: list, stage: str) -> stages.StageOutput:
    """Run a batch and check its frames against their contracts, in the worker that made them.

    The rows of a file that break a contract are not written and its previous rows stay: the
    file is quarantined with the table, column, check and value, and the other files of the
    batch go on. A violation
    that no file can be blamed for raises ContractViolation, so the batch is not written.
    """
    output = process(payload)
    paths = {item[0]: item[1] for item in payload}
    while True:
        try:
            output.frames = {t: schemas.validate(t, df) for t, df in output.frames.items() if len(df)}
            break
        except schemas.ContractViolation as exc:
            blamed = _files_to_blame(exc, output.frames[exc.table])
            if not blamed:
                raise
            output = _quarantine_files(output, blamed, paths, QUARANTINE_STAGE[stage], exc)
    if len(output.quarantine):
        output.quarantine = schemas.validate("quarantine", output.quarantine)
    return output


def _files_to_blame(exc: schemas.ContractViolation, frame: pd.DataFrame) -> set[str]:
    rows = pd.to_numeric(exc.failures["index"], errors="coerce").dropna().astype(int)
    if len(rows) < len(exc.failures) or "file_id" not in frame:
        return set()  # a column-level failure (a missing column, a wrong type): a code bug
    return set(frame.loc[frame.index.isin(rows), "file_id"])


def _quarantine_files(output: stages.StageOutput, file_ids: set[str], paths: dict[str, str], stage: str,
                      exc: schemas.ContractViolation) -> stages.StageOutput:
    failure = exc.failures.iloc[0]
    rows = [
        stages.quarantine_row(
            paths.get(f, f), f, stage, "contract_violation",
            f"{paths.get(f, f)}: {stage}: rows for table {exc.table!r} break the contract: "
            f"column={failure['column']!r} check={failure['check']!r} value={str(failure['failure_case'])[:120]!r}",
        )
        for f in sorted(file_ids)
    ]
    frames = {t: df[~df["file_id"].isin(file_ids)] if len(df) else df for t, df in output.frames.items()}
    quarantine = pd.concat([output.quarantine, pd.DataFrame(rows)], ignore_index=True) if len(output.quarantine) else pd.DataFrame(rows)
    # The blamed files are left out of the write: their previous rows stay as they were,
    # and they stay pending, so the next run retries them.
    kept = [f for f in output.file_ids if f not in file_ids]
    return stages.StageOutput(kept, frames, quarantine)


def run_stage(
    con: duckdb.DuckDBPyConnection,
    stage: str,
    process: Callable[[list], stages.StageOutput],
    *,
    full_refresh: bool = False,
    workers: int = 1,
    batch_files: int = BATCH_FILES,
    batch_bytes: int = BATCH_BYTES,
    log: Callable[[str], None] = print,
) -> StageReport:
    """Process every pending file of ``stage``; each batch is written in one transaction.

    A file whose rows break a contract is quarantined instead of written. A violation no
    file can be blamed for raises ContractViolation before its batch is written; earlier
    batches stay committed and the batch's files stay pending.
    """
    started = time.perf_counter()
    report = StageReport(stage)
    ids = warehouse.pending_file_ids(con, stage, full_refresh=full_refresh)
    log(f"{stage}: {len(ids)} file(s) to process")
    batches = list(plan_batches(con, stage, ids, batch_files, batch_bytes))
    loader = LOADERS[stage]
    pool = worker_pool(workers) if workers > 1 and len(batches) > 1 else None
    try:
        outputs = map_batches(con, loader, functools.partial(process_and_validate, process, stage=stage), batches, pool, depth=workers + 1,
                              heavy=is_heavy)
        for n, output in enumerate(outputs, start=1):
            warehouse.replace_stage_rows(con, stage, output.file_ids, output.frames, output.quarantine)
            report.files += len(output.file_ids)
            report.shown_file_ids.extend(output.file_ids[: SHOWN_FILES - len(report.shown_file_ids)])
            report.quarantined += len(output.quarantine)
            for table, df in output.frames.items():
                report.rows[table] = report.rows.get(table, 0) + len(df)
            log(f"{stage}: batch {n}/{len(batches)} written ({report.files}/{len(ids)} files)")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    report.seconds = time.perf_counter() - started
    return report


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes started fresh ("spawn"), not forked from this one.

    A fork would copy a process that holds DuckDB's threads and Dagster's state: unsafe
    with threads, and every worker would carry (and count in its RSS) the writer's memory.
    """
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=memory.prepare_worker)


def map_batches(con, loader, process, batches, pool, depth: int,
                heavy: Callable[[list], bool] = lambda batch: False) -> Iterator[stages.StageOutput]:
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


def stage_processors(landing_dir: str, opencc_config: str = "t2s") -> dict[str, Callable]:
    """The picklable batch function of each stage."""
    config = stages.DocumentsConfig(landing_dir=landing_dir, opencc_config=opencc_config)
    return {
        "documents": functools.partial(stages.documents_batch, config=config),
        "articles": functools.partial(stages.articles_batch, config=config),
        "sentences": stages.sentences_batch,
        "numeric_facts": stages.facts_batch,
    }
