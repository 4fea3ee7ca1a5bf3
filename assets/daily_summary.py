"""daily_summary: counts per day, refreshed after every run and by the daily schedule."""

import dagster as dg

from etl.store import summaries

from .contracts import table_metadata
from .groups import group_metadata, group_of
from .resources import WarehouseResource, warehouse_pool
from .stage import OWNERS


@dg.asset(
    deps=["numeric_facts", "quarantine"],
    kinds={"duckdb"},
    group_name=group_of("daily_summary"),
    owners=OWNERS,
    metadata={**table_metadata("daily_summary"), **group_metadata("daily_summary")},
    pool=warehouse_pool(),
    description="Per day of first arrival: files, quarantined files, facts, and facts by kind.",
)
def daily_summary(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        days = summaries.refresh_summaries(con)
        latest = con.execute("SELECT * FROM daily_summary ORDER BY day DESC LIMIT 7").df()
    return dg.MaterializeResult(
        metadata={"dagster/row_count": days, "latest_days": dg.MetadataValue.md(latest.astype(str).to_markdown(index=False))}
    )
