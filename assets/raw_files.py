"""raw_files: what is in the landing directory."""

import dagster as dg

from etl.flow import landing
from etl.store import summaries

from .contracts import table_metadata
from .groups import group_metadata, group_of
from .resources import LandingDirResource, WarehouseResource, warehouse_pool
from .stage import OWNERS


@dg.asset(
    kinds={"duckdb"},
    group_name=group_of("raw_files"),
    owners=OWNERS,
    metadata={**table_metadata("raw_files"), **group_metadata("raw_files")},
    pool=warehouse_pool(),
    description="One row per file in the landing directory: content sha256, size, mtime, and whether it was deleted.",
)
def raw_files(context: dg.AssetExecutionContext, landing_dir: LandingDirResource, warehouse: WarehouseResource) -> dg.MaterializeResult:
    root = landing_dir.root()
    with warehouse.connect() as con:
        try:
            result = landing.record_landing_scan(con, root, pattern=landing_dir.pattern)
        except FileNotFoundError as exc:
            raise dg.Failure(str(exc)) from exc
        entries = summaries.preview(con, "SELECT path, status, quarantine_reason, duplicate_of, facts FROM v_file_status "
                                    "WHERE NOT deleted ORDER BY path", limit=20)
    context.log.info(f"{landing.describe(result)} under {root}")
    shown, total = landing.changes_frame(result)
    changes = shown.to_markdown(index=False) if total else "no changes"
    if total > len(shown):
        changes += f"\n\n… and {total - len(shown)} more"
    return dg.MaterializeResult(
        metadata={
            "landing_dir": str(root),
            "new": len(result.new),
            "changed": len(result.changed),
            "unchanged": result.unchanged,
            "deleted": len(result.deleted),
            "not_read": len(result.problems),
            "dagster/row_count": len(result.raw_files),
            "changes": dg.MetadataValue.md(changes),
            "entries (first 20, v_file_status)": dg.MetadataValue.md(entries.fillna("").to_markdown(index=False)
                                                                    if len(entries) else "none"),
        }
    )
