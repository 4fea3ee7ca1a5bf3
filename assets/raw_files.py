"""raw_files: what is in the landing directory."""

import dagster as dg
import pandas as pd

from etl.flow import scan
from etl.store import schemas, warehouse as wh

from .contracts import table_metadata
from .resources import LandingDirResource, WarehouseResource
from .stage import GROUP, OWNERS


@dg.asset(
    kinds={"duckdb"},
    group_name=GROUP,
    owners=OWNERS,
    metadata=table_metadata("raw_files"),
    pool="warehouse",
    description="One row per file in the landing directory: content sha256, size, mtime, and whether it was deleted.",
)
def raw_files(context: dg.AssetExecutionContext, landing_dir: LandingDirResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    root = landing_dir.root()
    if not root.is_dir():
        raise dg.Failure(f"raw_files: landing directory {root} does not exist; set ZHFACTS_RAW_DIR or pass a directory.")
    now = wh.utcnow()
    with warehouse.connect() as con:
        previous = con.execute("SELECT * FROM raw_files").df()
        result = scan.scan(root, previous, now, pattern=landing_dir.pattern)
        unreadable = pd.DataFrame(
            [{"path": p, "file_id": None, "stage": "scan", "reason": "unreadable", "detail": d, "quarantined_at": now}
             for p, d in result.unreadable],
            columns=schemas.empty("quarantine").columns,
        )
        frame = schemas.validate("raw_files", result.raw_files)
        stored_unreadable = con.execute(
            "SELECT path, detail FROM quarantine WHERE stage = 'scan' AND reason = 'unreadable'").fetchall()
        # An unchanged scan writes nothing, so publishing can skip its copy. New paths may
        # carry a scan quarantine row from when they were unreadable: it goes.
        if result.any_change() or set(result.unreadable) != set(stored_unreadable):
            wh.record_scan(con, frame, [*result.changed, *result.new], unreadable, result.orphaned_file_ids)
    context.log.info(
        f"raw_files: {len(result.new)} new, {len(result.changed)} changed, {result.unchanged} unchanged, "
        f"{len(result.deleted)} deleted, {len(result.unreadable)} unreadable under {root}"
    )
    return dg.MaterializeResult(
        metadata={
            "landing_dir": str(root),
            "new": len(result.new),
            "changed": len(result.changed),
            "unchanged": result.unchanged,
            "deleted": len(result.deleted),
            "unreadable": len(result.unreadable),
            "dagster/row_count": len(frame),
            "changes": dg.MetadataValue.md(_changes_table(result)),
        }
    )


def _changes_table(result: scan.ScanResult, limit: int = 500) -> str:
    """What this scan found, per file: the per-file view of the run in the UI."""
    rows = [(p, "new") for p in result.new] + [(p, "changed") for p in result.changed]
    rows += [(p, "deleted") for p in result.deleted] + [(p, "unreadable") for p, _ in result.unreadable]
    if not rows:
        return "no changes"
    shown = pd.DataFrame(sorted(rows)[:limit], columns=["path", "change"]).to_markdown(index=False)
    return shown + (f"\n\n… and {len(rows) - limit} more" if len(rows) > limit else "")
