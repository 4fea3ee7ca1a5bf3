"""Blocking asset checks: the data contracts, as stored in DuckDB.

Every batch was validated against its Pandera model before it was written; these checks
re-read what was written (after the round trip through DuckDB) so the UI shows each
contract with its failure count and sample rows. In a run that wrote the asset they look
at the files it touched, so a run with nothing new costs almost nothing however large the
warehouse grows. Run on their own (the UI's "Execute" on a check), they look at the
warehouse as it is, all of it or a stated sample (etl.store.audit), and say which.
"""
import dagster as dg
import pandas as pd
import pandera.pandas as pa

from etl.flow.batching import group_by_size
from etl.flow.landing import root_key
from etl.store import audit, schemas
from etl.store.warehouse import key_frame

from .resources import LandingDirResource, WarehouseResource, run_started

SLICE_RAW_BYTES = 64 << 20  # raw input per slice of files in the scoped SQL checks


def _touched(stage: str) -> str:
    """SQL for the files ``stage`` finished in this run (parameter: run start)."""
    return f"SELECT file_id FROM stage_progress WHERE stage = '{stage}' AND done_at >= ?"


def _wrote_this_run(context: dg.AssetCheckExecutionContext, asset: str) -> bool:
    """Whether this run materialized ``asset``: if not, the check was run on its own."""
    event = context.instance.get_latest_materialization_event(dg.AssetKey(asset))
    return event is not None and event.run_id == context.run.run_id


def _scope(context: dg.AssetCheckExecutionContext, con, asset: str, stage: str) -> audit.Scope:
    if _wrote_this_run(context, asset):
        return audit.touched_scope(con, stage, run_started(context))
    return audit.warehouse_scope(con, stage)


def _result(failures: pd.DataFrame, what: str, checked: int, scope: str, in_scope: int | None = None,
            this_run: bool = True) -> dg.AssetCheckResult:
    sample = failures.head(10)
    metadata = {
        "failing_rows": len(failures),
        "sample": dg.MetadataValue.md(sample.astype(str).to_markdown(index=False) if len(sample) else "none"),
        "rows_checked": checked,
        "scope": scope,
    }
    if in_scope is not None:
        metadata["rows_written_this_run" if this_run else "rows_in_scope"] = in_scope
    return dg.AssetCheckResult(passed=failures.empty, metadata=metadata,
                               description=f"{len(failures)} {what}" if len(failures) else None)


def _contract_check(table: str, stage: str | None) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=table, name=f"{table}_matches_contract", blocking=True,
                    description=f"Rows of {table} pass its Pandera model (etl.store.schemas): those this run wrote, "
                    "or, run on its own, the table as it is (a uniform sample beyond a row budget).")
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        this_run = stage is not None and _wrote_this_run(context, table)
        scope, params = (f" WHERE file_id IN ({_touched(stage)})", [run_started(context)]) if this_run else ("", [])
        with warehouse.connect() as con:
            rows = con.execute(f"SELECT count(*) FROM {table}{scope}", params).fetchone()[0]
            frame = audit.sampled_rows(con, table, scope, params, rows)
        try:
            schemas.MODELS[table].validate(frame, lazy=True)
            failures = pd.DataFrame()
        except pa.errors.SchemaErrors as exc:
            failures = exc.failure_cases[["column", "check", "failure_case", "index"]]
        described = ("rows this run wrote" if this_run else "every row of the table") + (
            "" if len(frame) >= rows else f", a sample of {len(frame)} of {rows}")
        return _result(failures, f"contract failure(s) in {table}", checked=len(frame), scope=described,
                       in_scope=rows, this_run=this_run)

    return _check


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
                description="Every live path of the landing directory is processed or quarantined (a path whose "
                "content another path holds shares its outcome): nothing is lost silently. Per path, from v_file_status; "
                "other landing directories sharing the warehouse are their own runs' to check.")
def every_file_accounted_for(landing_dir: LandingDirResource, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    root = root_key(landing_dir.root())
    with warehouse.connect() as con:
        lost = audit.unaccounted_paths(con, root)
        paths = audit.live_paths(con, root)
    return _result(lost, "path(s) neither processed nor quarantined", checked=paths, scope=f"every live path of {root}")


def _sql_finder(asset: str, sql: str):
    """``sql`` selects the offending rows of the files in the table ``touched(file_id)``."""

    def find(con, file_ids: list[str]) -> tuple[pd.DataFrame, int]:
        con.register("touched", key_frame("file_id", file_ids))
        try:
            checked = con.execute(f"SELECT count(*) FROM {asset} WHERE file_id IN (SELECT file_id FROM touched)").fetchone()[0]
            return con.execute(sql).df(), checked
        finally:
            con.unregister("touched")

    return find


def _scoped_check(name: str, asset: str, stage: str, description: str, what: str, find) -> dg.AssetChecksDefinition:
    """A blocking check that lists the offending rows among the files in scope.

    In scope: the files ``stage`` finished in this run, or, run on its own, the warehouse
    (etl.store.audit). ``find(con, file_ids)`` returns the offending rows and the rows it
    checked; it runs once per slice of files (about ``SLICE_RAW_BYTES`` of raw input each),
    so its joins stay within DuckDB's memory limit however much is in scope: over a whole
    1 GB corpus at once, a join of 12 M sentences failed at a 256MB limit.
    """

    @dg.asset_check(asset=asset, name=name, blocking=True, description=description)
    def _check(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        found, checked = [], 0
        with warehouse.connect() as con:
            scope = _scope(context, con, asset, stage)
            con.register("scope_ids", key_frame("file_id", scope.file_ids))
            try:
                sized = con.execute(
                    "SELECT t.file_id, coalesce(max(r.size_bytes), 0) FROM scope_ids t "
                    "LEFT JOIN raw_files r USING (file_id) GROUP BY t.file_id ORDER BY t.file_id").fetchall()
            finally:
                con.unregister("scope_ids")
            for file_ids in group_by_size(sized, SLICE_RAW_BYTES):
                bad, n = find(con, file_ids)
                found.append(bad)
                checked += n
        bad = pd.concat(found, ignore_index=True) if found else pd.DataFrame()
        return _result(bad, what, checked=checked, scope=scope.described)

    return _check


every_sentence_within_its_article = _scoped_check(
    "every_sentence_within_its_article", "sentences", "sentences",
    "Every sentence in scope belongs to an article and lies inside its text.",
    "sentence(s) outside their article",
    _sql_finder("sentences", """
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
    """),
)

every_article_has_a_body_sentence = _scoped_check(
    "every_article_has_a_body_sentence", "sentences", "sentences",
    "Every article of a file that reached sentences has at least one body sentence.",
    "article(s) without a body sentence",
    _sql_finder("articles", """
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
    """),
)

every_fact_matches_its_text = _scoped_check(
    "every_fact_matches_its_text", "numeric_facts", "numeric_facts",
    "Every fact in scope has a surface exactly equal to the article text at its offsets.",
    "fact(s) whose surface differs from the text at their offsets",
    audit.facts_not_matching_text,
)


def _unique_ids_check(table: str, id_column: str) -> dg.AssetChecksDefinition:
    # Checked slice by slice of files: an id starts with its file's id, so two copies of
    # one id come from the same file and meet in the same slice.
    return _scoped_check(
        f"{table}_ids_are_unique", table, table,
        f"No {id_column} in scope appears twice ({table} has no PRIMARY KEY, to keep memory flat).",
        f"duplicated {id_column}(s)",
        _sql_finder(table, f"""
        SELECT {id_column}, count(*) AS copies FROM {table}
        WHERE file_id IN (SELECT file_id FROM touched)
        GROUP BY {id_column} HAVING count(*) > 1 ORDER BY {id_column}
        """),
    )


UNIQUE_ID_CHECKS = [_unique_ids_check("sentences", "sentence_id"), _unique_ids_check("numeric_facts", "fact_id")]


# A rejected fact is an extractor bug made visible: a few are tolerated, a flood is not.
MAX_REJECTED_SHARE = 0.01


@dg.asset_check(asset="rejected_facts", blocking=True,
                description="Facts rejected by the numeric_facts contract, counted for the files this run wrote (or "
                f"the warehouse, run on its own): fails when they are over {MAX_REJECTED_SHARE:.0%} of the facts.")
def few_facts_rejected(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        scope = _scope(context, con, "rejected_facts", "numeric_facts")
        con.register("scope_ids", key_frame("file_id", scope.file_ids))
        try:
            rejected = con.execute("SELECT check_name, count(*) AS facts FROM rejected_facts JOIN scope_ids USING (file_id) "
                                   "GROUP BY ALL ORDER BY facts DESC").df()
            stored = con.execute("SELECT count(*) FROM numeric_facts JOIN scope_ids USING (file_id)").fetchall()[0][0]
        finally:
            con.unregister("scope_ids")
    count = int(rejected["facts"].sum()) if len(rejected) else 0
    share = count / max(count + stored, 1)
    return dg.AssetCheckResult(
        passed=share <= MAX_REJECTED_SHARE,
        metadata={"rejected_facts": count, "stored_facts": stored, "rejected_share": round(share, 6),
                  "scope": scope.described, "rows_checked": count + stored,
                  "by_check": dg.MetadataValue.md(rejected.to_markdown(index=False) if len(rejected) else "none")},
        description=f"{count} of {count + stored} facts rejected ({share:.2%})" if count else None)


ALL_CHECKS = [*CONTRACT_CHECKS, few_facts_rejected, every_file_accounted_for, every_sentence_within_its_article,
              every_article_has_a_body_sentence, every_fact_matches_its_text, *UNIQUE_ID_CHECKS]
