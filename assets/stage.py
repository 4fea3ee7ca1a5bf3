"""What every stage asset shares: config, and the recipe run → metadata."""
import dagster as dg
from pydantic import Field

from etl import runner
from etl import warehouse as warehouse_lib

from .contracts import table_metadata
from .resources import LandingDirResource, WarehouseResource, default_workers

GROUP = "zhfacts"
OWNERS = ["team:zhfacts"]


class StageConfig(dg.Config):
    full_refresh: bool = Field(default=False, description="Reprocess every file, not only pending ones.")
    workers: int = Field(default=0, description="Worker processes for this stage; 0 means $ZHFACTS_WORKERS or all cores.")


def run_stage_asset(
    context: dg.AssetExecutionContext,
    stage: str,
    config: StageConfig,
    landing_dir: LandingDirResource,
    warehouse: WarehouseResource,
) -> dict:
    """Run one etl stage over its pending files and describe what it did."""
    process = runner.stage_processors(str(landing_dir.root()))[stage]
    with warehouse.connect() as con:
        report = runner.run_stage(
            con, stage, process, full_refresh=config.full_refresh, workers=config.workers or default_workers(),
            log=context.log.info
        )
        total = con.execute(f"SELECT count(*) FROM {stage}").fetchall()[0][0]
        outcomes = warehouse_lib.file_outcomes(con, stage, report.shown_file_ids)
    return {
        "files": dg.MetadataValue.md(outcomes.fillna("").to_markdown(index=False) if len(outcomes) else "none"),
        "files_processed": report.files,
        "files_quarantined": report.quarantined,
        "rows_written": dg.MetadataValue.json(report.rows),
        "seconds": round(report.seconds, 3),
        "dagster/row_count": total,
    }


def stage_asset(name: str, upstream: str, description: str) -> dg.AssetsDefinition:
    """A DuckDB-table asset that runs etl stage ``name`` over files ``upstream`` finished."""

    @dg.asset(
        name=name,
        deps=[upstream],
        kinds={"duckdb"},
        group_name=GROUP,
        owners=OWNERS,
        metadata=table_metadata(name),
        pool="warehouse",
        description=description,
    )
    def _asset(
        context: dg.AssetExecutionContext, config: StageConfig, landing_dir: LandingDirResource, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        return dg.MaterializeResult(metadata=run_stage_asset(context, name, config, landing_dir, warehouse))

    return _asset
