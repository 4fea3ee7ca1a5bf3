"""The ingest job: the whole graph, from the landing directory to the published warehouse."""
import dagster as dg

ingest_job = dg.define_asset_job(
    "ingest",
    selection=dg.AssetSelection.all(),
    description="Scan the landing directory and take every new or changed file through to numeric_facts, "
    "then publish the warehouse.",
)
