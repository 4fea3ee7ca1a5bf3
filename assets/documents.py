"""documents (and mojibake_repairs): detect, decode, repair and normalize each file."""

import dagster as dg

from .contracts import table_metadata
from .resources import LandingDirResource, WarehouseResource
from .stage import GROUP, OWNERS, StageConfig, run_stage_asset


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "documents", deps=["raw_files"], kinds={"duckdb"}, group_name=GROUP, owners=OWNERS,
            metadata=table_metadata("documents"),
            description="Each distinct file decoded (encoding detected, mojibake repaired) and normalized to clean simplified text.",
        ),
        dg.AssetSpec(
            "mojibake_repairs", deps=["raw_files"], kinds={"duckdb"}, group_name=GROUP, owners=OWNERS,
            metadata=table_metadata("mojibake_repairs"),
            description="Every mojibake repair made while decoding: file, offsets, before, after, method.",
        ),
    ],
    pool="warehouse",
)
def documents(context: dg.AssetExecutionContext, config: StageConfig, landing_dir: LandingDirResource, warehouse: WarehouseResource):
    metadata = run_stage_asset(context, "documents", config, landing_dir, warehouse)
    yield dg.MaterializeResult(asset_key="documents", metadata=metadata)
    yield dg.MaterializeResult(asset_key="mojibake_repairs", metadata={"files_processed": metadata["files_processed"]})
