"""quarantine: files that could not go on, with the stage and the reason."""

import dagster as dg

from .contracts import table_metadata
from .resources import WarehouseResource
from .stage import GROUP, OWNERS


@dg.asset(
    deps=["raw_files", "documents", "articles", "sentences", "numeric_facts"],
    kinds={"duckdb"},
    group_name=GROUP,
    owners=OWNERS,
    metadata=table_metadata("quarantine"),
    description="Files that could not go on: the stage that stopped them, a short reason and a detail naming the file. "
    "Every stage writes here; this asset reports what it holds.",
)
def quarantine(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        by_reason = con.execute(
            "SELECT stage, reason, count(*) AS files FROM quarantine GROUP BY ALL ORDER BY files DESC, stage, reason"
        ).df()
        recent = con.execute("SELECT path, stage, reason, detail FROM quarantine ORDER BY quarantined_at DESC, path LIMIT 20").df()
    for row in recent.itertuples(index=False):
        context.log.warning(f"quarantined {row.path} at {row.stage}: {row.detail}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": int(by_reason["files"].sum()) if len(by_reason) else 0,
            "by_stage_and_reason": dg.MetadataValue.md(by_reason.to_markdown(index=False) if len(by_reason) else "none"),
            "latest": dg.MetadataValue.md(recent.to_markdown(index=False) if len(recent) else "none"),
        }
    )
