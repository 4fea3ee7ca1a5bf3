"""Failed runs, per landing entry: a file whose run failed shows as failed, with the run and
the error, until a later run gives it an outcome (processed or quarantined)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from etl.flow import entries
from etl.flow.landing import root_key
from etl.store import lake, snapshot
from etl.store.warehouse import OWN_ROOT, key_frame, write_serialized

MAX_ERROR_CHARS = 2_000


def record_failed_run(con: duckdb.DuckDBPyConnection, root: Path, run_id: str, error: str, now: dt.datetime,
                      pattern: str = "*") -> int:
    """Mark every entry of ``root`` with no outcome yet as failed in ``run_id``; returns how many.

    Only a walk and a stat per entry, no read: it runs after a failure, in a sensor. Rows of
    this directory's entries that have an outcome by now, or that left it, are dropped;
    other landing directories' rows are theirs. Written DELETE + INSERT, which a DuckLake
    (no primary keys) takes too.
    """
    landing_root = root_key(root)
    paths = key_frame("path", [e.path for e in entries.iter_entries(root, pattern)])

    def record(con: duckdb.DuckDBPyConnection) -> int:
        done = "SELECT path FROM v_file_status WHERE status IN ('processed', 'quarantined')"
        con.execute(f"DELETE FROM failed_files WHERE {OWN_ROOT} AND (path IN ({done}) OR path NOT IN "
                    "(SELECT path FROM landing_paths))", [landing_root])
        con.execute("DELETE FROM failed_files WHERE path IN (SELECT path FROM landing_paths)")
        return con.execute(
            f"INSERT INTO failed_files BY NAME SELECT path, ? AS run_id, ? AS error, ? AS failed_at, ? AS landing_root "
            f"FROM landing_paths WHERE path NOT IN ({done})",
            [run_id, error[:MAX_ERROR_CHARS], now, landing_root]).fetchone()[0]

    con.register("landing_paths", paths)
    try:
        failed = write_serialized(con, "failed_files", record)
    finally:
        con.unregister("landing_paths")
    return failed



def record_failure(published: Path, root: Path, run_id: str, error: str, now: dt.datetime, pattern: str = "*",
                   timeout_s: float = 20.0) -> int:
    """Record a failed run in the work file (for the runs to come) and in the published file as
    it is (the work file may hold half of the failed run, and is not published). A DuckLake
    has no copy: the record is one more commit, beside the failed run's whole batches."""

    def record(con: duckdb.DuckDBPyConnection) -> int:
        return record_failed_run(con, root, run_id, error, now, pattern=pattern)

    with snapshot.writer(published, timeout_s=timeout_s) as con:
        failed = record(con)
    if not lake.is_lake(published):
        snapshot.amend_published(published, record, timeout_s=timeout_s)
    return failed
