"""Blocking asset checks: the data contracts, as stored in DuckDB.

Every batch was validated against its Pandera model before it was written; these checks
re-read what this run wrote (after the round trip through DuckDB) so the UI shows each
contract with its failure count and sample rows. They look at the files this run touched,
so a run with nothing new costs almost nothing however large the warehouse grows.
"""
import datetime as dt

import dagster as dg
import pandas as pd
import pandera.pandas as pa

from etl.store import schemas
from etl.flow.batching import group_by_size
from etl.store.warehouse import key_frame

from .resources import WarehouseResource

# Rows re-validated per check and run; beyond that a uniform sample. Every row was already
# validated in the worker before it was written: this re-reads a sample after the round
# trip through DuckDB. A sampled text piece brings its whole document, so those are bounded
# by the documents' characters too (at 1 GB of corpus, 200 unbounded documents took the
# writer to 2.5 GB). A documents row carries its compressed offset map (~0.25 byte a char).
MAX_VALIDATED_ROWS = {"documents": 2_000, "document_text": 200, "articles": 20_000}
DEFAULT_MAX_VALIDATED_ROWS = 50_000
SLICE_RAW_BYTES = 64 << 20  # raw input per slice of files in the scoped SQL checks
MAX_VALIDATED_CHARS = {"document_text": 2_000_000}


def _run_started(context: dg.AssetCheckExecutionContext) -> dt.datetime:
    record = context.instance.get_run_record_by_id(context.run.run_id)
    started = record.start_time if record and record.start_time else record.create_timestamp.timestamp()
    return dt.datetime.fromtimestamp(started, dt.timezone.utc).replace(tzinfo=None)


def _touched(stage: str) -> str:
    """SQL for the files ``stage`` finished in this run (parameter: run start)."""
    return f"SELECT file_id FROM stage_progress WHERE stage = '{stage}' AND done_at >= ?"


def _result(failures: pd.DataFrame, what: str, checked: int | None = None, in_scope: int | None = None) -> dg.AssetCheckResult:
    sample = failures.head(10)
    metadata = {
        "failing_rows": len(failures),
        "sample": dg.MetadataValue.md(sample.astype(str).to_markdown(index=False) if len(sample) else "none"),
    }
    if checked is not None:
        metadata["rows_checked"] = checked
    if in_scope is not None:
        metadata["rows_written_this_run"] = in_scope
    return dg.AssetCheckResult(passed=failures.empty, metadata=metadata,
                               description=f"{len(failures)} {what}" if len(failures) else None)


def _contract_check(table: str, stage: str | None) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_matches_contract", blocking=True,
                    description=f"Rows of {table} written by this run pass its Pandera model (etl.store.schemas).")
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        scope, params = ("", []) if stage is None else (f" WHERE file_id IN ({_touched(stage)})", [_run_started(context)])
        with warehouse.connect() as con:
            rows = con.execute(f"SELECT count(*) FROM {table}{scope}", params).fetchone()[0]
            frame = _sampled_rows(con, table, scope, params, rows)
        try:
            schemas.MODELS[table].validate(frame, lazy=True)
            failures = pd.DataFrame()
        except pa.errors.SchemaErrors as exc:
            failures = exc.failure_cases[["column", "check", "failure_case", "index"]]
        return _result(failures, f"contract failure(s) in {table}", checked=len(frame), in_scope=rows)

    return _check


def _sampled_rows(con, table: str, scope: str, params: list, rows: int) -> pd.DataFrame:
    """The rows a contract check re-reads: a uniform sample, bounded in rows.

    Row ids are sampled first and the rows read after: USING SAMPLE applies before a WHERE
    in the same SELECT. Text pieces stand for their documents, which are read whole (so
    the check sees whether the pieces tile the text), in sample order while the documents'
    characters stay within budget, and always at least one.
    """
    limit = MAX_VALIDATED_ROWS.get(table, DEFAULT_MAX_VALIDATED_ROWS)
    sample = f" USING SAMPLE {limit} ROWS" if rows > limit else ""
    picked = f"SELECT rowid FROM (SELECT rowid FROM {table}{scope}){sample}"
    if table not in MAX_VALIDATED_CHARS:
        return con.execute(f"SELECT * FROM {table} WHERE rowid IN ({picked})", params).df()
    sized = con.execute(
        f"SELECT p.file_id, d.char_count FROM (SELECT DISTINCT file_id FROM {table} WHERE rowid IN ({picked})) p "
        "JOIN documents d USING (file_id) ORDER BY hash(p.file_id), p.file_id",
        params,
    ).fetchall()
    file_ids, total = [], 0
    for file_id, chars in sized:
        if file_ids and total + chars > MAX_VALIDATED_CHARS[table]:
            break
        file_ids.append(file_id)
        total += chars
    # One document at a time: a filter on file_id is pushed into the scan, which then reads
    # only that document's pieces, whereas a join on row ids reads every text in the table.
    frames = [con.execute(f"SELECT * FROM {table} WHERE file_id = ?", [f]).df() for f in file_ids]
    return pd.concat(frames, ignore_index=True) if frames else con.execute(f"SELECT * FROM {table} LIMIT 0").df()


CONTRACT_CHECKS = [
    _contract_check("raw_files", None),
    _contract_check("quarantine", None),
    _contract_check("documents", "documents"),
    _contract_check("document_text", "documents"),
    _contract_check("articles", "articles"),
    _contract_check("sentences", "sentences"),
    _contract_check("numeric_facts", "numeric_facts"),
]


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


def _scoped_sql_check(name: str, asset: str, stage: str, description: str, what: str, sql: str) -> dg.AssetChecksDefinition:
    """A blocking check that lists the offending rows among the files ``stage`` finished in this run.

    ``sql`` selects the offending rows of the files in the table ``touched(file_id)``. It
    runs once per slice of those files (about ``SLICE_RAW_BYTES`` of raw input each), so
    its joins stay within DuckDB's memory limit however much the run wrote: over a whole
    1 GB corpus at once, a join of 12 M sentences failed at a 256MB limit.
    """

    @dg.asset_check(asset=asset, name=name, blocking=True, description=description)
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        found = []
        with warehouse.connect() as con:
            sized = con.execute(
                f"SELECT t.file_id, coalesce(max(r.size_bytes), 0) FROM ({_touched(stage)}) t "
                "LEFT JOIN raw_files r USING (file_id) GROUP BY t.file_id ORDER BY t.file_id",
                [_run_started(context)],
            ).fetchall()
            for file_ids in group_by_size(sized, SLICE_RAW_BYTES):
                con.register("touched", key_frame("file_id", file_ids))
                try:
                    found.append(con.execute(sql).df())
                finally:
                    con.unregister("touched")
        bad = pd.concat(found, ignore_index=True) if found else pd.DataFrame()
        return _result(bad, what)

    return _check


every_sentence_within_its_article = _scoped_sql_check(
    "every_sentence_within_its_article", "sentences", "sentences",
    "Every sentence written by this run belongs to an article and lies inside its text.",
    "sentence(s) outside their article",
    """
    WITH s AS MATERIALIZED (
        SELECT sentence_id, article_id, char_start, char_end, raw_byte_start, raw_byte_end FROM sentences
        WHERE file_id IN (SELECT file_id FROM touched)
    ), a AS MATERIALIZED (
        SELECT article_id, length(text) AS article_length, raw_byte_start, raw_byte_end FROM articles
        WHERE file_id IN (SELECT file_id FROM touched)
    )
    SELECT s.sentence_id, s.char_start, s.char_end, a.article_length
    FROM s LEFT JOIN a USING (article_id)
    WHERE (a.article_id IS NULL OR s.char_end > a.article_length
           OR s.raw_byte_start < a.raw_byte_start OR s.raw_byte_end > a.raw_byte_end)
    """,
)

every_article_has_a_body_sentence = _scoped_sql_check(
    "every_article_has_a_body_sentence", "sentences", "sentences",
    "Every article of a file that reached sentences has at least one body sentence.",
    "article(s) without a body sentence",
    """
    WITH a AS MATERIALIZED (
        SELECT article_id, title FROM articles
        WHERE file_id IN (SELECT file_id FROM stage_progress WHERE stage = 'sentences' AND status = 'ok')
          AND file_id IN (SELECT file_id FROM touched)
    ), body AS MATERIALIZED (
        SELECT DISTINCT article_id FROM sentences
        WHERE file_id IN (SELECT file_id FROM touched) AND paragraph_type = 'body'
    )
    SELECT a.article_id, a.title FROM a
    WHERE a.article_id NOT IN (SELECT article_id FROM body)
    """,
)

every_fact_matches_its_text = _scoped_sql_check(
    "every_fact_matches_its_text", "numeric_facts", "numeric_facts",
    "Every fact written by this run has a surface exactly equal to the article text at its offsets.",
    "fact(s) whose surface differs from the text at their offsets",
    # Read through the sentence, which holds the same characters at known article offsets:
    # substr on a whole article costs a scan from its start for every fact.
    """
    WITH f AS MATERIALIZED (
        SELECT fact_id, sentence_id, surface, char_start, char_end FROM numeric_facts
        WHERE file_id IN (SELECT file_id FROM touched)
    ), s AS MATERIALIZED (
        SELECT sentence_id, text, char_start, char_end FROM sentences WHERE file_id IN (SELECT file_id FROM touched)
    )
    SELECT f.fact_id, f.surface, substr(s.text, f.char_start - s.char_start + 1, f.char_end - f.char_start) AS at_offsets
    FROM f LEFT JOIN s USING (sentence_id)
    WHERE s.sentence_id IS NULL OR f.char_start < s.char_start OR f.char_end > s.char_end
       OR substr(s.text, f.char_start - s.char_start + 1, f.char_end - f.char_start) <> f.surface
    """,
)


def _unique_ids_check(table: str, id_column: str) -> dg.AssetChecksDefinition:
    # Checked slice by slice of files: an id starts with its file's id, so two copies of
    # one id come from the same file and meet in the same slice.
    return _scoped_sql_check(
        f"{table}_ids_are_unique", table, table,
        f"No {id_column} written by this run appears twice ({table} has no PRIMARY KEY, to keep memory flat).",
        f"duplicated {id_column}(s)",
        f"""
        SELECT {id_column}, count(*) AS copies FROM {table}
        WHERE file_id IN (SELECT file_id FROM touched)
        GROUP BY {id_column} HAVING count(*) > 1 ORDER BY {id_column}
        """,
    )


UNIQUE_ID_CHECKS = [_unique_ids_check("sentences", "sentence_id"), _unique_ids_check("numeric_facts", "fact_id")]


ALL_CHECKS = [*CONTRACT_CHECKS, every_file_accounted_for, every_sentence_within_its_article,
              every_article_has_a_body_sentence, every_fact_matches_its_text, *UNIQUE_ID_CHECKS]
