"""text_tables as parallel steps (ZHFACTS_SHARDS > 1): the same stages, the pending files cut by file_id.

Each shard is a step of its own, so the multiprocess, k8s and celery executors run them at
once, each with its own worker pool, batches and transactions; on a DuckLake they commit
side by side. Shard ``i`` of ``n`` takes, in every stage, the pending files whose file_id
falls in it (etl.flow.driver.in_shard), so no two steps ever take the same file. A last
step reports each table as the one-step asset does. On a DuckDB file the shards' steps
take turns (its writer lock, and the ``warehouse`` pool): keep one shard there.
"""
import dagster as dg

from etl.flow import chain, driver
from etl.flow.driver import StageReport
from etl.flow.records import ChainSettings

from .groups import group_metadata, group_of
from .contracts import table_metadata
from .resources import LandingDirResource, WarehouseResource, default_workers, warehouse_pool
from .stage import OWNERS, StageConfig
from .text_tables import DESCRIPTIONS, materializations


def _selected(context: dg.OpExecutionContext) -> set[str]:
    return {key.to_user_string() for key in context.selected_asset_keys}


def _shard_op(shard: int, shards: int) -> dg.OpDefinition:
    @dg.op(name=f"text_tables_shard_{shard}", ins={"raw_files": dg.In(dg.Nothing)}, pool=warehouse_pool(),
           description=f"The text tables' stages for the pending files of shard {shard} of {shards} (by file_id).")
    def _run(context: dg.OpExecutionContext, config: StageConfig, landing_dir: LandingDirResource,
             warehouse: WarehouseResource) -> dict:
        stages = chain.stages_filling(_selected(context))
        settings = ChainSettings(landing_dir=str(landing_dir.root()))
        with warehouse.connect() as con:
            return driver.run_selection(con, stages, settings, full_refresh=config.full_refresh,
                                        workers=config.workers or default_workers(), log=context.log.info,
                                        shard=(shard, shards))

    return _run


def _report_op(shards: int) -> dg.OpDefinition:
    @dg.op(name="text_tables_report", ins={f"shard_{i}": dg.In(dict) for i in range(shards)},
           out={name: dg.Out(dg.Nothing, is_required=False) for name in DESCRIPTIONS},
           description="Each selected table's materialization, from every shard's stage reports.")
    def _report(context: dg.OpExecutionContext, warehouse: WarehouseResource, **by_shard: dict):
        selected = _selected(context)
        stages = chain.stages_filling(selected)
        reports: dict[str, StageReport] = {}
        for shard_reports in by_shard.values():
            for name, report in shard_reports.items():
                reports[name] = reports[name].merge(report) if name in reports else report
        with warehouse.connect() as con:
            for table, metadata in materializations(con, stages, selected, reports):
                yield dg.Output(None, output_name=table, metadata=metadata)

    return _report


def _out(name: str) -> dg.AssetOut:
    return dg.AssetOut(dagster_type=dg.Nothing, is_required=False, kinds={"duckdb"}, group_name=group_of(name),
                       owners=OWNERS, description=DESCRIPTIONS[name],
                       metadata={**table_metadata(name), **group_metadata(name)})


def sharded_text_tables(shards: int) -> dg.AssetsDefinition:
    """The text tables as ``shards`` parallel steps and a report step; run config as the one-step asset's."""
    config = dg.ConfigMapping(
        config_fn=lambda c: {f"text_tables_shard_{i}": {"config": c} for i in range(shards)},
        config_schema=StageConfig.to_config_schema())
    shard_ops = [_shard_op(i, shards) for i in range(shards)]
    report = _report_op(shards)

    @dg.graph_multi_asset(name="text_tables", outs={name: _out(name) for name in DESCRIPTIONS},
                          ins={"raw_files": dg.AssetIn(dagster_type=dg.Nothing)}, can_subset=True, config=config)
    def text_tables(raw_files):
        outputs = report(**{f"shard_{i}": op(raw_files) for i, op in enumerate(shard_ops)})
        return dict(zip(DESCRIPTIONS, outputs))

    return text_tables
