"""The raw_files step: scan the landing directory and record what changed, in one transaction.

A scan that found nothing new writes nothing, so a run with nothing new leaves the
warehouse (and the published copy) untouched.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from etl.flow import scan
from etl.flow.chain import FILE_TABLES
from etl.store import schemas, warehouse

SHOWN_CHANGES = 500


def record_landing_scan(con: duckdb.DuckDBPyConnection, root: Path, pattern: str = "*") -> scan.ScanResult:
    """Scan ``root`` against the stored raw_files and store the new state if anything moved."""
    if not root.is_dir():
        raise FileNotFoundError(
            f"raw_files: landing directory {root} does not exist; set ZHFACTS_RAW_DIR or pass a directory.")
    now = warehouse.utcnow()
    previous = con.execute("SELECT * FROM raw_files").df()
    result = scan.scan(root, previous, now, pattern=pattern)
    unreadable = pd.DataFrame(
        [{"path": p, "file_id": None, "stage": "scan", "reason": "unreadable", "detail": d, "quarantined_at": now}
         for p, d in result.unreadable],
        columns=schemas.empty("quarantine").columns,
    )
    frame = schemas.validate("raw_files", result.raw_files)
    stored_unreadable = con.execute(
        "SELECT path, detail FROM quarantine WHERE stage = 'scan' AND reason = 'unreadable'").fetchall()
    # New paths may carry a scan quarantine row from when they were unreadable: it goes.
    if result.any_change() or set(result.unreadable) != set(stored_unreadable):
        warehouse.record_scan(con, frame, [*result.changed, *result.new], unreadable, result.orphaned_file_ids, FILE_TABLES)
    return result


def describe(result: scan.ScanResult) -> str:
    """One log line for a scan."""
    return (f"raw_files: {len(result.new)} new, {len(result.changed)} changed, {result.unchanged} unchanged, "
            f"{len(result.deleted)} deleted, {len(result.unreadable)} unreadable")


def changes_frame(result: scan.ScanResult, limit: int = SHOWN_CHANGES) -> tuple[pd.DataFrame, int]:
    """What the scan found per file (path, change), the first ``limit`` by path, and how many in all."""
    rows = [(p, "new") for p in result.new] + [(p, "changed") for p in result.changed]
    rows += [(p, "deleted") for p in result.deleted] + [(p, "unreadable") for p, _ in result.unreadable]
    return pd.DataFrame(sorted(rows)[:limit], columns=["path", "change"]), len(rows)
