"""DuckDB DDL, comments and short transactional writes (etl.store.snapshot: writer lock and publishing).

Every write replaces a batch of files' rows in one transaction (BEGIN, delete, insert,
COMMIT), so a failed or killed run leaves each file either fully old or fully new.
Inserts match columns by name, never by position.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd
import pyarrow as pa

from etl.store import schemas
from etl.store.frames import SpilledFrame, utcnow  # utcnow: the writer's callers stamp rows with it
from etl.store.schema_setup import ensure_schema, sql_literal
from etl.store import lake as _lake

class StageTables(Protocol):
    """A stage as the store sees it: its name and the tables it fills (etl.flow.chain declares them)."""

    name: str
    tables: tuple[str, ...]


def duckdb_memory_limit(read_only: bool = False) -> str:
    """DuckDB's memory limit: ``ZHFACTS_DUCKDB_MEMORY``, else 128MB for the writer and 256MB
    for a read-only session.

    The writer shares the machine with the workers while a run writes: at 128MB the peak RSS
    of a 1 GB run was 1.31-1.33 GB, at 256MB 1.45 GB (1.54-1.62 GB in session 10's runs),
    for about 3% more CPU (bench/RESULTS.md). Analysts' read-only queries get more room.
    """
    return os.environ.get("ZHFACTS_DUCKDB_MEMORY", "256MB" if read_only else "128MB")


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (a DuckDB file, or a DuckLake: etl.store.lake), creating its schema when writable."""
    if _lake.is_lake(path):
        return _lake.connect(str(path), read_only=read_only, config={"memory_limit": duckdb_memory_limit(read_only)},
                             setup=None if read_only else functools.partial(ensure_schema, lake=True))
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    config = {
        # Bounded so the writer stays small; DuckDB spills beyond it. 128MB writes, checks and
        # publishes the 1 GB news corpus (4.9 GB warehouse) since text is stored in 4,000-character
        # pieces (etl.store.text_chunks); before that a checkpoint failed to pin a block at 128MB.
        "memory_limit": duckdb_memory_limit(read_only),
        # Each checkpoint recompresses the last, unfilled row group of every table, and
        # document_text's first one holds all the text of a 1 GB corpus: the cost per checkpoint grows
        # with the warehouse. 1GB instead of 128MB cut the writer's CPU by 22-33% over a replay
        # of ~1 GB of 10 KB files, at the same peak RSS (bench/RESULTS.md, speed5). A crash
        # replays at most this much WAL.
        "checkpoint_threshold": os.environ.get("ZHFACTS_DUCKDB_CHECKPOINT", "1GB"),
    }
    con = duckdb.connect(str(path), read_only=read_only, config=config)
    if not read_only:
        ensure_schema(con)
    return con


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back a failed write; where DuckDB already ended it (a full disk), keep the real error."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # "cannot rollback - no transaction is active" would hide the cause


def write_serialized(con: duckdb.DuckDBPyConnection, key: str, body) -> object:
    """``body(con)`` in one transaction that no other writer of ``key`` overlaps.

    A DuckDB file has one writer already (the work file's lock); on a DuckLake, writers of
    the same ``key`` are serialized by a conflicting claim, and the later one runs again.
    """
    if _lake.is_lake_connection(con):
        return _lake.one_writer_at_a_time(con, key, body, utcnow())
    con.execute("BEGIN TRANSACTION")
    try:
        result = body(con)
        con.execute("COMMIT")
        return result
    except BaseException:
        rollback(con)
        raise


def key_frame(column: str, values: Sequence[str]) -> pd.DataFrame:
    """A one-column frame of keys to register; typed so that an empty one still binds as VARCHAR."""
    return pd.DataFrame({column: pd.Series(list(values), dtype="string")})


StageWrite = tuple[str, Sequence[str], dict[str, pd.DataFrame], "pd.DataFrame | None"]  # stage, file_ids, frames, quarantine


def replace_stages_rows(
    con: duckdb.DuckDBPyConnection,
    chain: Sequence[StageTables],
    writes: Sequence[StageWrite],
    now: dt.datetime | None = None,
) -> None:
    """Several stages' ``(stage, file_ids, frames, quarantine)``, in chain order, in one transaction.

    Each stage's files lose their rows in that stage and every later one of ``chain``
    (which then recompute them), get the new rows, and are recorded as finished: status
    'quarantined' for files in ``quarantine`` (not retried until their content changes),
    else 'ok'. A batch taken through several stages at once lands whole or not at all.
    """
    now = now or utcnow()
    names = [s.name for s in chain]
    first, cleared = None, set()  # the first write cleared its files' rows in its stage and every later one
    con.execute("BEGIN TRANSACTION")
    try:
        for stage, file_ids, frames, quarantine in writes:
            at = names.index(stage)
            known_clear = first is not None and at > first and cleared.issuperset(file_ids)
            _replace_rows(con, chain[at:], file_ids, frames, quarantine, now, known_clear)
            if first is None:
                first, cleared = at, set(file_ids)
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise


def _replace_rows(con, downstream: Sequence[StageTables], file_ids, frames, quarantine, now,
                  known_clear: bool = False) -> None:
    """``known_clear``: an earlier stage's write in this transaction already deleted these
    files' rows in ``downstream``, so there is nothing to look up or delete."""
    stage = downstream[0]
    ids = key_frame("file_id", dict.fromkeys(file_ids))
    quarantined = set() if quarantine is None else set(quarantine["file_id"].dropna())
    frames = {table: df for table, df in frames.items() if len(df)}
    primary = frames.get(stage.tables[0])
    if isinstance(primary, SpilledFrame):
        row_counts = primary.rows_per_file
    else:
        row_counts = {} if primary is None or not len(primary) else primary.groupby("file_id").size().to_dict()
    progress = pd.DataFrame(
        {
            "file_id": ids["file_id"],
            "stage": stage.name,
            "status": ["quarantined" if f in quarantined else "ok" for f in ids["file_id"]],
            "row_count": [int(row_counts.get(f, 0)) for f in ids["file_id"]],
            "done_at": now,
        }
    )
    con.register("batch_ids", _arrow(ids))
    try:
        # Rows of a stage exist only for files with progress at that stage (both are written
        # and purged together), so tables of stages with none are not scanned: a DELETE on
        # file_id reads the whole table, and new files would pay for it every batch.
        with_rows = set() if known_clear else {r[0] for r in con.execute(
            "SELECT DISTINCT stage FROM stage_progress WHERE file_id IN (SELECT file_id FROM batch_ids)"
        ).fetchall()}
        with_rows &= {later.name for later in downstream}  # an upstream stage's progress stays
        for later in downstream:
            if later.name not in with_rows:
                continue
            for table in later.tables:
                con.execute(f"DELETE FROM {table} WHERE file_id IN (SELECT file_id FROM batch_ids)")
        if with_rows:
            con.execute(
                "DELETE FROM stage_progress WHERE file_id IN (SELECT file_id FROM batch_ids) AND stage IN "
                f"({', '.join(sql_literal(s.name) for s in downstream)})"
            )
        for table, df in frames.items():
            _insert(con, table, df)
        if "document_text" in frames:
            _fingerprint_texts(con, frames["document_text"], now)
        if quarantine is not None and len(quarantine):
            _replace_quarantine_rows(con, quarantine)
        _insert(con, "stage_progress", progress)
    finally:
        con.unregister("batch_ids")


def _replace_quarantine_rows(con: duckdb.DuckDBPyConnection, quarantine: pd.DataFrame) -> None:
    """Record each path's quarantine; a row already stored word for word keeps its first time.

    A file that breaks a contract is retried every run and fails the same way until its
    bytes or the code change: rewriting its row would make a run with nothing new write.
    """
    fresh = ("SELECT * FROM batch_quarantine b WHERE NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.path = b.path "
             "AND q.file_id IS NOT DISTINCT FROM b.file_id AND q.stage = b.stage AND q.reason = b.reason "
             "AND q.detail = b.detail)")
    con.register("batch_quarantine", _arrow(quarantine))
    try:  # in SQL, not fetched back into a frame: this ran for every batch
        con.execute(f"DELETE FROM quarantine WHERE path IN (SELECT path FROM ({fresh}))")
        con.execute(f"INSERT INTO quarantine BY NAME {fresh}")
    finally:
        con.unregister("batch_quarantine")


def _fingerprint_texts(con: duckdb.DuckDBPyConnection, pieces: pd.DataFrame | SpilledFrame, now: dt.datetime) -> None:
    """text_fingerprints of the documents whose pieces this batch wrote, from the batch's own rows.

    etl.store.summaries.refresh_text_fingerprints would otherwise read them back one
    document at a time, each read scanning all of document_text (file ids are random, so
    no row group is skipped): ~10 ms per 10 KB file, growing with the warehouse.
    ``documents_done_at`` is the batch's ``done_at``, so the refresh finds them current.
    """
    source = "read_parquet(?)" if isinstance(pieces, SpilledFrame) else "batch_pieces"
    params = [pieces.path] if isinstance(pieces, SpilledFrame) else []
    if not params:
        con.register("batch_pieces", _arrow(pieces))
    try:
        con.execute(f"DELETE FROM text_fingerprints WHERE file_id IN (SELECT file_id FROM {source})", params)
        con.execute(f"INSERT INTO text_fingerprints SELECT file_id, md5(string_agg(text, '' ORDER BY seq)), ? "
                    f"FROM {source} GROUP BY file_id", [now, *params])
    finally:
        if not params:
            con.unregister("batch_pieces")


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame | SpilledFrame) -> None:
    if not len(df):
        return
    if isinstance(df, SpilledFrame):
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet(?)", [df.path])
        return
    con.register("batch_rows", _arrow(df))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch_rows")
    finally:
        con.unregister("batch_rows")


def _arrow(df: pd.DataFrame) -> pa.Table:
    """A frame as DuckDB reads it fastest: duckdb 1.5.5 scans Arrow-backed pandas strings slowly, and warns per frame."""
    return pa.Table.from_pandas(df, preserve_index=False)


# The rows of one landing directory (parameter: its absolute path), and those stored before
# rows named their directory, which the directory's next scan adopts.
OWN_ROOT = "(landing_root = ? OR landing_root IS NULL)"


def pending_file_ids(con: duckdb.DuckDBPyConnection, stage: str, upstream: str | None,
                     full_refresh: bool = False, landing_root: str | None = None) -> list[str]:
    """Files the ``upstream`` stage finished (status ok) that ``stage`` has not, by file_id.

    With no upstream stage, every live file of raw_files is upstream. With ``landing_root``,
    only files live in that landing directory: a run never takes another directory's files
    (another run, maybe at the same time, is taking them).
    """
    params = []
    if upstream is None:
        upstream_sql = "SELECT DISTINCT file_id FROM raw_files WHERE NOT deleted"
    else:
        upstream_sql = f"SELECT file_id FROM stage_progress WHERE stage = {sql_literal(upstream)} AND status = 'ok'"
    if landing_root is not None and upstream is None:
        upstream_sql += f" AND {OWN_ROOT}"
        params.append(landing_root)
    elif landing_root is not None:  # files this directory holds, or that no directory's rows name
        upstream_sql += (f" AND (file_id IN (SELECT file_id FROM raw_files WHERE NOT deleted AND {OWN_ROOT}) "
                         "OR file_id NOT IN (SELECT file_id FROM raw_files))")
        params.append(landing_root)
    done = "" if full_refresh else (
        f" EXCEPT SELECT file_id FROM stage_progress WHERE stage = {sql_literal(stage)}"
    )
    rows = con.execute(f"SELECT file_id FROM ({upstream_sql}{done}) ORDER BY file_id", params).fetchall()
    return [r[0] for r in rows]


def record_scan(
    con: duckdb.DuckDBPyConnection,
    raw_files: pd.DataFrame,
    changed_paths: Sequence[str],
    unreadable: pd.DataFrame,
    orphaned_file_ids: Sequence[str],
    file_tables: Sequence[str],
    landing_root: str,
) -> None:
    """Store a scan's raw_files state of ``landing_root`` in one transaction.

    Only that directory's rows are replaced (and rows from before rows named their
    directory); other directories' rows stay as their own scans left them. Changed paths
    lose their stale quarantine rows; content no path of any directory holds any more is
    purged from every table; entries not read (``unreadable``) are quarantined at stage
    'scan' (one that stays so keeps its row and first time; one fixed or gone loses it).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM raw_files WHERE {OWN_ROOT}", [landing_root])
        _insert(con, "raw_files", raw_files)
        con.register("stale_paths", key_frame("path", changed_paths))
        con.execute("DELETE FROM quarantine WHERE path IN (SELECT path FROM stale_paths)")
        con.unregister("stale_paths")
        con.register("scan_problems", key_frame("path", list(unreadable["path"])))
        con.execute(f"DELETE FROM quarantine WHERE stage = 'scan' AND {OWN_ROOT} AND path NOT IN (SELECT path FROM scan_problems)",
                    [landing_root])
        con.unregister("scan_problems")
        if len(unreadable):
            _replace_quarantine_rows(con, unreadable)
        orphans = key_frame("file_id", orphaned_file_ids)
        con.register("orphan_ids", orphans)
        held = "SELECT file_id FROM raw_files"  # this directory's new rows and every other directory's
        for table in (*file_tables, "stage_progress", "quarantine"):
            con.execute(f"DELETE FROM {table} WHERE file_id IN (SELECT file_id FROM orphan_ids) AND file_id NOT IN ({held})")
        con.unregister("orphan_ids")
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
