"""quarantine: files that could not go on, with the stage and the reason."""

import dagster as dg

from .contracts import table_metadata
from .groups import group_metadata, group_of
from .resources import WarehouseResource, run_started
from .stage import OWNERS


@dg.asset(
    deps=["raw_files", "documents", "articles", "sentences", "numeric_facts"],
    kinds={"duckdb"},
    group_name=group_of("quarantine"),
    owners=OWNERS,
    metadata={**table_metadata("quarantine"), **group_metadata("quarantine")},
    description="Files that could not go on: the stage that stopped them, a short reason and a detail naming the file. "
    "Every stage writes here; this asset reports what it holds.",
)
def quarantine(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        by_reason = con.execute(
            "SELECT stage, reason, count(*) AS files FROM quarantine GROUP BY ALL ORDER BY files DESC, stage, reason"
        ).df()
        recent = con.execute("SELECT path, stage, reason, detail, quarantined_at FROM quarantine "
                             "ORDER BY quarantined_at DESC, path LIMIT 20").df()
    started = run_started(context)
    new = recent[recent["quarantined_at"] >= started] if len(recent) else recent
    for row in new.itertuples(index=False):  # files quarantined before are listed on the page, not warned again
        context.log.warning(f"quarantined {row.path} at {row.stage}: {row.detail}")
    if len(recent) > len(new):
        context.log.info(f"quarantine: {int(by_reason['files'].sum())} file(s) in all, "
                         f"{len(new)} new in this run (earlier ones are on the asset page)")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": int(by_reason["files"].sum()) if len(by_reason) else 0,
            "by_stage_and_reason": dg.MetadataValue.md(by_reason.to_markdown(index=False) if len(by_reason) else "none"),
            "new_in_this_run": len(new),
            "latest": dg.MetadataValue.md(recent.astype(str).to_markdown(index=False) if len(recent) else "none"),
        }
    )

