"""published_warehouse: the file analysts query, replaced atomically after each run."""

import dagster as dg

from .resources import WarehouseResource
from .stage import GROUP, OWNERS


@dg.asset(
    deps=["quarantine", "daily_summary"],
    kinds={"duckdb"},
    group_name=GROUP,
    owners=OWNERS,
    pool="warehouse",
    description="The published DuckDB file (ZHFACTS_WAREHOUSE): a copy of the run's work file, swapped in with an "
    "atomic rename once every table is written, so readers never see a half-done run and never block a writer.",
)
def published_warehouse(warehouse: WarehouseResource) -> dg.MaterializeResult:
    size = warehouse.publish()
    return dg.MaterializeResult(metadata={"path": str(warehouse.published_path()), "size_bytes": size})
