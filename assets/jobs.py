"""Jobs: ingest (the whole graph) and publish (refresh the summary and publish what a subset run wrote)."""
import dagster as dg

from etl.flow.chain import FILE_TABLES

# Runs started by the sensor and the schedule are retried by Dagster (run_retries in
# deploy/local/dagster.yaml); the sensor also re-requests a run that failed for good.
RUN_RETRY_TAGS = {"dagster/max_retries": "2", "dagster/retry_strategy": "FROM_FAILURE"}

# Assets whose materialization writes the work file, which only published_warehouse publishes:
# the scan, each table of the chain (rejected_facts included), and the summaries.
WRITING_ASSETS = frozenset({"raw_files", *FILE_TABLES, "quarantine", "daily_summary"})

ingest_job = dg.define_asset_job(
    "ingest",
    selection=dg.AssetSelection.all(),
    description="Scan the landing directory and take every new or changed file through to numeric_facts, "
    "then publish the warehouse.",
)

publish_job = dg.define_asset_job(
    "publish",
    selection=dg.AssetSelection.assets("daily_summary", "published_warehouse"),
    description="Refresh daily_summary and publish the work file: started after a run that wrote without publishing.",
)
