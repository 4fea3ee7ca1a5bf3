"""published_warehouse: the file analysts query, replaced atomically after each run."""

import time

import dagster as dg

from etl.store import snapshot, summaries

from .groups import group_metadata, group_of
from .jobs import WRITING_ASSETS
from .resources import WarehouseResource, warehouse_pool
from .stage import OWNERS


@dg.asset(
    # Every asset that writes the work file: a subset run from the UI marks this stale
    # until the publish that follows it (sensors.publish_after_write).
    deps=sorted(WRITING_ASSETS),
    kinds={"duckdb"},
    group_name=group_of("published_warehouse"),
    owners=OWNERS,
    metadata=group_metadata("published_warehouse"),
    pool=warehouse_pool(),
    description="The published DuckDB file (ZHFACTS_WAREHOUSE): a copy of the run's work file, swapped in with an "
    "atomic rename once every table is written, so readers never see a half-done run and never block a writer. "
    "A run that wrote nothing makes no copy.",
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    result = warehouse.publish()
    seconds = round(time.perf_counter() - started, 2)
    path = warehouse.published_path()
    context.log.info(f"published_warehouse: {'copied' if result.copied else 'unchanged since the last publish, no copy:'} "
                     f"{path} ({result.size_bytes / 1e6:.1f} MB) in {seconds} s")
    metadata = {"path": str(path), "size_bytes": result.size_bytes, "copied": result.copied, "seconds": seconds}
    overview = summaries.published_overview(path, snapshot.work_path(path))
    if isinstance(overview, str):  # both files held read-write by someone else: the run still succeeded
        context.log.warning(f"published_warehouse: no overview: {overview}")
        return dg.MaterializeResult(metadata={**metadata, "overview": overview})
    counts, facts, files = overview
    return dg.MaterializeResult(metadata={
        **metadata,
        "dagster/row_count": int(counts.loc[counts["table"] == "numeric_facts", "rows"].sum()),
        "rows by table": dg.MetadataValue.md(counts.to_markdown(index=False)),
        "first facts (v_facts)": dg.MetadataValue.md(facts.fillna("").to_markdown(index=False) if len(facts) else "none"),
        "files (first 50, v_file_status)": dg.MetadataValue.md(files.fillna("").to_markdown(index=False) if len(files) else "none"),
    })
