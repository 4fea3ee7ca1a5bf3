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
    landing_root = root_key(root)
    result, found, moved = compare_landing(con, landing_root, warehouse.utcnow(), pattern)
    frame = schemas.validate("raw_files", result.raw_files)
    if moved:
        warehouse.record_scan(con, frame, [*result.changed, *result.new], found, result.orphaned_file_ids, FILE_TABLES,
                              landing_root=landing_root)
    return result


def compare_landing(con: duckdb.DuckDBPyConnection, landing_root: str, now, pattern: str = "*"
                    ) -> tuple[scan.ScanResult, pd.DataFrame, bool]:
    """The scan of ``landing_root`` (a ``root_key``) against its stored state: the result, the
    entries it could not read as quarantine rows, and whether anything moved.

    This directory's rows only (and rows from before roots were told apart, which it adopts):
    runs over other directories keep theirs, so they can share the warehouse, at once on a DuckLake.
    """
    previous = con.execute(f"SELECT * FROM raw_files WHERE {warehouse.OWN_ROOT}", [landing_root]).df()
    result = scan.scan(Path(landing_root), previous, now, pattern=pattern)
    found = pd.DataFrame(
        [{"path": p, "file_id": None, "stage": "scan", "reason": r, "detail": f"{p}: scan: {r}: {d}", "quarantined_at": now,
          "landing_root": landing_root} for p, r, d in result.problems],
        columns=schemas.empty("quarantine").columns,
    )
    stored = con.execute(f"SELECT path, reason, detail FROM quarantine WHERE stage = 'scan' AND {warehouse.OWN_ROOT}",
                         [landing_root]).fetchall()
    # A path that is a file again loses its scan quarantine row; one gone from the directory too.
    moved = result.any_change() or set(found[["path", "reason", "detail"]].itertuples(index=False, name=None)) != set(stored)
    return result, found, moved


def root_key(root: str | Path) -> str:
    """How raw_files.landing_root names a landing directory: its absolute path, links resolved."""
    return str(Path(root).resolve())


def describe(result: scan.ScanResult) -> str:
    """One log line for a scan."""
    return (f"raw_files: {len(result.new)} new, {len(result.changed)} changed, {result.unchanged} unchanged, "
            f"{len(result.deleted)} deleted, {len(result.problems)} not read ({_reasons(result)})")


def _reasons(result: scan.ScanResult) -> str:
    counts: dict[str, int] = {}
    for _, reason, _ in result.problems:
        counts[reason] = counts.get(reason, 0) + 1
    return ", ".join(f"{r} {n}" for r, n in sorted(counts.items())) or "none"


def changes_frame(result: scan.ScanResult, limit: int = SHOWN_CHANGES) -> tuple[pd.DataFrame, int]:
    """What the scan found per file (path, change), the first ``limit`` by path, and how many in all."""
    rows = [(p, "new") for p in result.new] + [(p, "changed") for p in result.changed]
    rows += [(p, "deleted") for p in result.deleted] + [(p, f"not read: {r}") for p, r, _ in result.problems]
    return pd.DataFrame(sorted(rows)[:limit], columns=["path", "change"]), len(rows)


def published_fingerprints(published: Path, root: Path | None = None) -> dict[str, tuple[int, int, str]]:
    """The sensor's fingerprints of the files the published warehouse already holds.

    A first tick (a new DAGSTER_HOME, `make ui` after `make demo`) then starts no run for
    files that are done (processed or quarantined); pending ones still start one. With ``root``,
    only that landing directory's files. The mtime is stored to the microsecond: a file whose nanoseconds
    differ is hashed once and found unchanged. Empty when there is no published file yet.
    """
    if not Path(published).exists():
        return {}
    try:
        con = warehouse.connect(published, read_only=True)
    except duckdb.Error:
        return {}  # held by a writer outside zhfacts: the sensor hashes everything once
    try:
        rows = con.execute(
            "SELECT r.path, r.size_bytes, epoch_us(r.mtime) * 1000, r.file_id FROM raw_files r JOIN v_file_status s "
            f"USING (path) WHERE NOT r.deleted AND s.status <> 'pending'{'' if root is None else ' AND (r.landing_root = ? OR r.landing_root IS NULL)'}",
            [] if root is None else [root_key(root)]).fetchall()
    except duckdb.Error:
        return {}
    finally:
        con.close()
    return {path: (size, mtime_ns, file_id[: scan.SHORT_HASH]) for path, size, mtime_ns, file_id in rows}
