"""Whether an ingest run would change nothing: then ``zhfacts ingest`` starts none (issue 18).

A run with nothing new scans, finds nothing, writes nothing and publishes nothing, but
Dagster's start-up alone (imports, the instance, an empty run, its checks) costs ~9 CPU
seconds and 20 s of wall time on the 2-core machine. The target is 5 s. So the CLI
first asks the published warehouse: when the landing directory holds exactly what it
records, no file waits at any stage, no failed run is on record and the published file
is the last run's work file, nothing would change.

The question is answered read-only, from the published file; anything unsure (a DuckLake,
no published file, a run under way) answers "a run is needed".
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from etl.flow.landing import compare_landing, root_key
from etl.flow.chain import CHAIN, upstream
from etl.store import lake, snapshot, warehouse


def why_nothing_new(published: str | Path, root: Path, pattern: str = "*") -> str | None:
    """A line saying why a run over ``root`` would change nothing in ``published``; None when it might."""
    if lake.is_lake(published) or not snapshot.is_published(published):
        return None
    try:
        con = warehouse.connect(published, read_only=True)
    except duckdb.Error:
        return None  # held read-write by someone: let the run say so
    try:
        return _nothing_new(con, Path(root), pattern)
    except duckdb.Error:
        return None  # an older schema, say: the run migrates it
    finally:
        con.close()


def _nothing_new(con: duckdb.DuckDBPyConnection, root: Path, pattern: str) -> str | None:
    """Only this landing directory's rows count (others may share the warehouse), compared as a run's scan compares them."""
    landing_root = root_key(root)
    result, _, moved = compare_landing(con, landing_root, warehouse.utcnow(), pattern)
    if moved:
        return None
    for stage in CHAIN:
        if warehouse.pending_file_ids(con, stage.name, upstream(stage.name), landing_root=landing_root):
            return None
    if con.execute(f"SELECT count(*) FROM failed_files WHERE {warehouse.OWN_ROOT}", [landing_root]).fetchone()[0]:
        return None
    files = len(result.raw_files) - int(result.raw_files["deleted"].sum())
    return (f"nothing new in {root}: its {files} file(s) and {len(result.problems)} unread entr(ies) are as the "
            "warehouse records them, none is pending at any stage and the published file is the last run's")
