"""documents, document_text, mojibake_repairs, articles, sentences, numeric_facts: one subsettable multi-asset.

The selected tables pick the stages to run (etl.flow.chain); etl.flow.driver takes each
contiguous slice of them through its files fused, a batch per worker and per
transaction. The ingest job selects them all: raw bytes to facts in one pass. Select
numeric_facts alone with full_refresh after an extractor upgrade, and only that stage
runs, from the sentences stored in DuckDB.
"""
import dagster as dg

from etl.flow import chain, driver
from etl.flow.records import ChainSettings

from .contracts import table_metadata
from .resources import LandingDirResource, WarehouseResource, default_shards, default_workers, warehouse_pool
from .groups import group_metadata, group_of
from .stage import OWNERS, StageConfig, stage_metadata
DESCRIPTIONS = {
    "documents": "Each distinct file decoded (encoding detected, mojibake repaired) and normalized to clean simplified text.",
    "document_text": "Each document's normalized simplified text, in pieces of at most 4,000 characters (v_document_text joins them).",
    "mojibake_repairs": "Every mojibake repair made while decoding: file, offsets, before, after, method.",
    "articles": "Articles split out of each document, with title, source, editor, photographer and published date.",
    "sentences": "Sentences of each article with paragraph type and offsets into the article text and the raw bytes.",
    "numeric_facts": "Every count, amount, percentage, date and duration with value, unit, qualifier, subject and source offsets.",
    "rejected_facts": "Facts that broke the numeric_facts contract: dropped one by one with the check they broke; their files went on.",
}
UPSTREAM = {"documents": "raw_files", "document_text": "raw_files", "mojibake_repairs": "raw_files",
            "articles": "documents", "sentences": "articles", "numeric_facts": "sentences",
            "rejected_facts": "sentences"}


def _spec(name: str) -> dg.AssetSpec:
    return dg.AssetSpec(name, deps=[UPSTREAM[name]], kinds={"duckdb"}, group_name=group_of(name), owners=OWNERS,
                        metadata={**table_metadata(name), **group_metadata(name)}, description=DESCRIPTIONS[name],
                        skippable=True)


def materializations(con, stages, selected: set[str], reports: dict) -> list[tuple[str, dict]]:
    """(table, metadata) for each selected table of ``stages``, from the run's stage reports."""
    found = []
    for stage in stages:
        metadata = stage_metadata(con, reports[stage.name])
        for table in stage.tables:
            if table not in selected:
                continue
            if table == stage.name:
                found.append((table, metadata))
                continue
            total = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            found.append((table, {"files_processed": metadata["files_processed"],
                                  "rows_written": reports[stage.name].rows.get(table, 0),
                                  "dagster/row_count": total}))
    return found


def _single_step() -> dg.AssetsDefinition:
    @dg.multi_asset(name="text_tables", specs=[_spec(name) for name in DESCRIPTIONS], can_subset=True,
                    pool=warehouse_pool())
    def text_tables(context: dg.AssetExecutionContext, config: StageConfig, landing_dir: LandingDirResource,
                    warehouse: WarehouseResource):
        selected = {key.to_user_string() for key in context.selected_asset_keys}
        stages = chain.stages_filling(selected)
        settings = ChainSettings(landing_dir=str(landing_dir.root()))
        with warehouse.connect() as con:
            reports = driver.run_selection(con, stages, settings, full_refresh=config.full_refresh,
                                           workers=config.workers or default_workers(), log=context.log.info)
            for table, metadata in materializations(con, stages, selected, reports):
                yield dg.MaterializeResult(asset_key=table, metadata=metadata)

    return text_tables


def text_tables_definition(shards: int | None = None) -> dg.AssetsDefinition:
    """One step (the default), or ``shards`` steps at once (ZHFACTS_SHARDS, assets/shards.py)."""
    shards = shards or default_shards()
    if shards == 1:
        return _single_step()
    from .shards import sharded_text_tables

    return sharded_text_tables(shards)
