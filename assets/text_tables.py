"""documents, document_text, mojibake_repairs, articles, sentences, numeric_facts: one subsettable multi-asset.

When a run selects them all (the ingest job), each batch of files goes from raw bytes
to facts in one pass (etl.flow.pipeline), so no text is read back from DuckDB between
stages. When it selects some (say numeric_facts alone, after an extractor upgrade, with
full_refresh), those stages run one by one over the files they have pending (etl.flow.runner).
"""
import dagster as dg

from etl.flow import pipeline, runner, stages
from etl.store.warehouse import STAGE_TABLES, STAGES

from .contracts import table_metadata
from .resources import LandingDirResource, WarehouseResource, default_workers
from .stage import GROUP, OWNERS, StageConfig, stage_metadata

DESCRIPTIONS = {
    "documents": "Each distinct file decoded (encoding detected, mojibake repaired) and normalized to clean simplified text.",
    "document_text": "Each document's normalized simplified text, in pieces of at most 4,000 characters (v_document_text joins them).",
    "mojibake_repairs": "Every mojibake repair made while decoding: file, offsets, before, after, method.",
    "articles": "Articles split out of each document, with title, source, editor, photographer and published date.",
    "sentences": "Sentences of each article with paragraph type and offsets into the article text and the raw bytes.",
    "numeric_facts": "Every count, amount, percentage, date and duration with value, unit, qualifier, subject and source offsets.",
}
UPSTREAM = {"documents": "raw_files", "document_text": "raw_files", "mojibake_repairs": "raw_files",
            "articles": "documents", "sentences": "articles", "numeric_facts": "sentences"}


def _spec(name: str) -> dg.AssetSpec:
    return dg.AssetSpec(name, deps=[UPSTREAM[name]], kinds={"duckdb"}, group_name=GROUP, owners=OWNERS,
                        metadata=table_metadata(name), description=DESCRIPTIONS[name], skippable=True)


def selected_stages(selected: set[str]) -> list[str]:
    """The etl stages that fill the selected tables, in pipeline order."""
    return [s for s in STAGES if selected.intersection(STAGE_TABLES[s])]


def fused_through(stages_to_run: list[str]) -> str | None:
    """The last stage of the unbroken chain from documents, if it goes past documents."""
    chain = 0
    while chain < len(stages_to_run) and stages_to_run[chain] == STAGES[chain]:
        chain += 1
    return STAGES[chain - 1] if chain > 1 else None


@dg.multi_asset(specs=[_spec(name) for name in DESCRIPTIONS], can_subset=True, pool="warehouse")
def text_tables(context: dg.AssetExecutionContext, config: StageConfig, landing_dir: LandingDirResource,
                warehouse: WarehouseResource):
    selected = {key.to_user_string() for key in context.selected_asset_keys}
    to_run = selected_stages(selected)
    workers = config.workers or default_workers()
    documents_config = stages.DocumentsConfig(landing_dir=str(landing_dir.root()))
    processors = runner.stage_processors(str(landing_dir.root()))
    reports: dict[str, runner.StageReport] = {}
    with warehouse.connect() as con:
        through = fused_through(to_run)
        if through:
            reports = pipeline.run_pipeline(con, documents_config, through=through, full_refresh=config.full_refresh,
                                            workers=workers, log=context.log.info)
        for stage in to_run:
            # After a fused pass this picks up files an earlier run left pending at a later stage.
            refresh = config.full_refresh and stage not in reports
            report = runner.run_stage(con, stage, processors[stage], full_refresh=refresh, workers=workers,
                                      log=context.log.info)
            reports[stage] = _merged(reports.get(stage), report)
        for stage in to_run:
            metadata = stage_metadata(con, reports[stage])
            if stage in selected:
                yield dg.MaterializeResult(asset_key=stage, metadata=metadata)
            for table in STAGE_TABLES[stage][1:]:  # the tables a stage fills beside its own
                if table in selected:
                    total = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
                    yield dg.MaterializeResult(asset_key=table, metadata={
                        "files_processed": metadata["files_processed"],
                        "rows_written": reports[stage].rows.get(table, 0),
                        "dagster/row_count": total})


def _merged(first: runner.StageReport | None, then: runner.StageReport) -> runner.StageReport:
    if first is None:
        return then
    first.files += then.files
    first.quarantined += then.quarantined
    first.shown_file_ids.extend(then.shown_file_ids[: runner.SHOWN_FILES - len(first.shown_file_ids)])
    for table, n in then.rows.items():
        first.rows[table] = first.rows.get(table, 0) + n
    first.seconds += then.seconds
    return first
