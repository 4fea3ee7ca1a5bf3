"""Blocking asset checks: the data contracts, measured over the whole table.

Each check reports how many rows fail and a sample of them, so the UI shows what broke.
"""

import dagster as dg
import pandas as pd
import pandera.pandas as pa

from etl import schemas

from .resources import WarehouseResource

CHUNK_ROWS = 20_000


def _result(failures: pd.DataFrame, what: str, columns: list[str] | None = None) -> dg.AssetCheckResult:
    sample = failures.head(10)
    if columns:
        sample = sample[columns]
    return dg.AssetCheckResult(
        passed=failures.empty,
        metadata={
            "failing_rows": len(failures),
            "sample": dg.MetadataValue.md(sample.to_markdown(index=False) if len(sample) else "none"),
        },
        description=f"{len(failures)} {what}" if len(failures) else None,
    )


def _contract_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_matches_contract", blocking=True,
                    description=f"Every row of {table} passes its Pandera model (etl.schemas).")
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        model = schemas.MODELS[table]
        failures: list[pd.DataFrame] = []
        with warehouse.connect() as con:
            cursor = con.execute(f"SELECT * FROM {table}")
            while len(chunk := cursor.fetch_df_chunk(CHUNK_ROWS // 2048 or 1)):
                try:
                    model.validate(chunk, lazy=True)
                except pa.errors.SchemaErrors as exc:
                    failures.append(exc.failure_cases)
        cases = pd.concat(failures) if failures else pd.DataFrame(columns=["column", "check", "failure_case"])
        return _result(cases, f"contract failure(s) in {table}", ["column", "check", "failure_case"])

    return _check


CONTRACT_CHECKS = [_contract_check(t) for t in ("raw_files", "documents", "articles", "sentences", "numeric_facts", "quarantine")]


@dg.asset_check(asset="documents", blocking=True,
                description="Every live file in raw_files ends in documents or in quarantine: nothing is lost silently.")
def every_file_accounted_for(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        lost = con.execute(
            """
            SELECT r.path, r.file_id FROM raw_files r
            WHERE NOT r.deleted
              AND r.file_id NOT IN (SELECT file_id FROM documents)
              AND r.path NOT IN (SELECT path FROM quarantine)
              AND r.file_id NOT IN (SELECT file_id FROM quarantine WHERE file_id IS NOT NULL)
            ORDER BY r.path
            """
        ).df()
    return _result(lost, "file(s) neither decoded nor quarantined")


@dg.asset_check(asset="sentences", blocking=True,
                description="Every sentence belongs to an article, and its offsets lie inside that article's text.")
def every_sentence_within_its_article(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        bad = con.execute(
            """
            SELECT s.sentence_id, s.char_start, s.char_end, length(a.text) AS article_length
            FROM sentences s LEFT JOIN articles a USING (article_id)
            WHERE a.article_id IS NULL OR s.char_end > length(a.text)
               OR s.raw_byte_start < a.raw_byte_start OR s.raw_byte_end > a.raw_byte_end
            """
        ).df()
    return _result(bad, "sentence(s) outside their article")


@dg.asset_check(asset="sentences", blocking=True,
                description="Every article has at least one body sentence.")
def every_article_has_a_body_sentence(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        bad = con.execute(
            """
            SELECT a.article_id, a.title FROM articles a
            WHERE a.file_id IN (SELECT file_id FROM stage_progress WHERE stage = 'sentences' AND status = 'ok')
              AND NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.article_id AND s.paragraph_type = 'body')
            """
        ).df()
    return _result(bad, "article(s) without a body sentence")


@dg.asset_check(asset="numeric_facts", blocking=True,
                description="Every fact's surface is exactly the article text at its offsets.")
def every_fact_matches_its_text(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        bad = con.execute(
            """
            SELECT f.fact_id, f.surface, substr(a.text, f.char_start + 1, f.char_end - f.char_start) AS at_offsets
            FROM numeric_facts f JOIN articles a USING (article_id)
            WHERE substr(a.text, f.char_start + 1, f.char_end - f.char_start) <> f.surface
            """
        ).df()
    return _result(bad, "fact(s) whose surface differs from the text at their offsets")


ALL_CHECKS = [*CONTRACT_CHECKS, every_file_accounted_for, every_sentence_within_its_article,
              every_article_has_a_body_sentence, every_fact_matches_its_text]
