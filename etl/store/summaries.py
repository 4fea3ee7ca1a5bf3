"""What the warehouse holds, summarized: counts per day of arrival, and per-file outcomes of a stage."""
from __future__ import annotations

from collections import Counter

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

from etl.store.warehouse import key_frame, write_serialized

DAILY_SUMMARY_SQL = """
WITH per_file AS (
    SELECT r.path, r.file_id, CAST(r.first_seen AS DATE) AS day, q.path IS NOT NULL AS quarantined
    FROM raw_files r LEFT JOIN quarantine q USING (path)
    WHERE NOT r.deleted
),
kinds AS (
    SELECT p.day, f.kind, count(*) AS n
    FROM per_file p JOIN numeric_facts f USING (file_id)
    GROUP BY ALL
)
SELECT p.day, count(*) AS files, count(*) FILTER (WHERE p.quarantined) AS quarantined,
       coalesce((SELECT sum(n) FROM kinds k WHERE k.day = p.day), 0) AS facts,
       coalesce((SELECT map(list(kind ORDER BY kind), list(n ORDER BY kind)) FROM kinds k WHERE k.day = p.day),
                MAP {}::MAP(VARCHAR, INTEGER)) AS facts_by_kind
FROM per_file p
GROUP BY p.day
"""


def refresh_daily_summary(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute counts per day of first arrival; returns the number of days.

    Nothing is written when the counts are the ones already stored: a run that changed
    nothing leaves the warehouse file untouched, and publishing then skips its copy.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE fresh_summary AS FROM daily_summary LIMIT 0")  # same column types
    try:
        con.execute(f"INSERT INTO fresh_summary BY NAME {DAILY_SUMMARY_SQL}")
        differs = con.execute(
            "SELECT EXISTS (FROM (FROM fresh_summary EXCEPT ALL FROM daily_summary)"
            " UNION ALL (FROM daily_summary EXCEPT ALL FROM fresh_summary))"
        ).fetchone()[0]
        if differs:
            write_serialized(con, "daily_summary", _rewrite_daily_summary)
    finally:
        con.execute("DROP TABLE fresh_summary")
    return con.execute("SELECT count(*) FROM daily_summary").fetchone()[0]


def _rewrite_daily_summary(con: duckdb.DuckDBPyConnection) -> None:
    # Counted again inside the transaction: on a DuckLake another run may have committed since.
    con.execute("DELETE FROM fresh_summary")
    con.execute(f"INSERT INTO fresh_summary BY NAME {DAILY_SUMMARY_SQL}")
    con.execute("DELETE FROM daily_summary")
    con.execute("INSERT INTO daily_summary BY NAME FROM fresh_summary")


def file_outcomes(con: duckdb.DuckDBPyConnection, stage: str, file_ids: Sequence[str]) -> pd.DataFrame:
    """Per file: path, what ``stage`` made of it (ok or quarantined), its rows and any reason."""
    con.register("shown_ids", key_frame("file_id", file_ids))
    try:
        return con.execute(
            """
            SELECT min(r.path) AS path, p.status, p.row_count AS rows, any_value(q.reason) AS reason
            FROM stage_progress p JOIN shown_ids USING (file_id)
            JOIN raw_files r USING (file_id)
            LEFT JOIN quarantine q ON q.file_id = p.file_id
            WHERE p.stage = ?
            GROUP BY p.file_id, p.status, p.row_count
            ORDER BY path
            """,
            [stage],
        ).df()
    finally:
        con.unregister("shown_ids")


def run_summary(path: str | Path, run_id: str | None, success: bool) -> str:
    """The lines ``zhfacts ingest`` ends with (``run_id`` None: no run was needed); every count adds up to the one above it.

    Paths, not contents: identical bytes at two paths count twice, and the second shows
    as a duplicate. Facts that are names (十四五) are counted apart from numbers.
    """
    from etl.store.warehouse import connect

    con = connect(path, read_only=True)
    try:
        # v_file_status once (a view of joins and windows), counted every way in Python
        groups = con.execute(
            "SELECT status, encoding, quarantine_reason, duplicate_of IS NOT NULL, same_text_as IS NOT NULL, count(*) "
            "FROM v_file_status WHERE NOT deleted GROUP BY ALL").fetchall()
        status, encoding_counts, reason_counts = Counter(), Counter(), Counter()
        duplicates = same_text = 0
        for state, encoding, reason, duplicate, same, n in groups:
            status[state] += n
            encoding_counts[encoding] += n if state == "processed" else 0
            reason_counts[reason] += n if state == "quarantined" else 0
            duplicates += n if duplicate else 0
            same_text += n if same and not duplicate else 0
        encodings = sorted(((k, n) for k, n in encoding_counts.items() if n), key=lambda kv: (-kv[1], str(kv[0])))
        reasons = sorted(((k, n) for k, n in reason_counts.items() if n), key=lambda kv: (-kv[1], str(kv[0])))
        texts = con.execute("SELECT count(DISTINCT text_md5) FROM text_fingerprints").fetchone()[0]
        kinds = con.execute("SELECT kind, count(*) FROM numeric_facts WHERE kind <> 'name' GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        names = con.execute("SELECT count(*) FROM numeric_facts WHERE kind = 'name'").fetchone()[0]
        documents, articles, sentences = con.execute(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles), (SELECT count(*) FROM sentences)").fetchone()
    finally:
        con.close()

    def listed(pairs) -> str:
        return f" ({', '.join(f'{k} {n}' for k, n in pairs)})" if pairs else ""

    files = sum(status.values())
    lines = [
        (f"zhfacts ingest: run {run_id} {'succeeded' if success else 'FAILED'} -> {path}" if run_id
         else f"zhfacts ingest: no run needed -> {path}"),
        f"  files       {files} paths: {status.get('processed', 0)} processed{listed(encodings)}, "
        f"{status.get('quarantined', 0)} quarantined{listed(reasons)}, {status.get('pending', 0)} pending",
        f"              {duplicates} hold the same bytes as another path (duplicate_of), {same_text} the same text "
        f"in another encoding (same_text_as): {documents} distinct contents, {texts} distinct texts",
        f"  articles    {articles}",
        f"  sentences   {sentences}",
        f"  facts       {sum(n for _, n in kinds)} numbers{listed(kinds)}, and {names} names (十四五, 三省一市: kind 'name', no value)",
    ]
    return "\n".join(lines)


PREVIEW_CHARS = 60


def preview(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None, limit: int = 5) -> pd.DataFrame:
    """The first ``limit`` rows of a query, long values cut to ``PREVIEW_CHARS`` characters, for an asset page."""
    frame = con.execute(f"SELECT * FROM ({sql}) LIMIT {int(limit)}", params or []).df()
    for column in frame.columns:
        if frame[column].dtype == object or str(frame[column].dtype).startswith("string"):
            frame[column] = frame[column].map(lambda v: v if not isinstance(v, str) or len(v) <= PREVIEW_CHARS
                                              else v[:PREVIEW_CHARS] + "…")
    return frame


def row_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows per warehouse table (DuckDB's own catalog: no scan)."""
    return con.execute(
        "SELECT table_name AS \"table\", estimated_size AS rows FROM duckdb_tables() "
        "WHERE schema_name = 'main' AND table_name <> 'zhfacts_meta' ORDER BY table_name").df()


def refresh_text_fingerprints(con: duckdb.DuckDBPyConnection) -> int:
    """Fingerprint the text of documents written since their last fingerprint; returns how many.

    One document at a time: a filter on file_id is pushed into the scan of document_text.
    Writes nothing when every document is fingerprinted already.
    """
    if not _stale_fingerprints(con) and not con.execute(f"SELECT count(*) FROM text_fingerprints WHERE {_GONE}").fetchone()[0]:
        return 0
    return write_serialized(con, "text_fingerprints", _rewrite_fingerprints)


# Fingerprints whose document is no longer stored (ok).
_GONE = "file_id NOT IN (SELECT file_id FROM stage_progress WHERE stage = 'documents' AND status = 'ok')"


def _stale_fingerprints(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "SELECT p.file_id, p.done_at FROM stage_progress p LEFT JOIN text_fingerprints t USING (file_id) "
        "WHERE p.stage = 'documents' AND p.status = 'ok' AND t.documents_done_at IS DISTINCT FROM p.done_at "
        "ORDER BY p.file_id").fetchall()


def _rewrite_fingerprints(con: duckdb.DuckDBPyConnection) -> int:
    # Found again inside the transaction: on a DuckLake another run may have committed since.
    stale = _stale_fingerprints(con)
    con.execute(f"DELETE FROM text_fingerprints WHERE {_GONE}")
    for file_id, done_at in stale:
        con.execute("DELETE FROM text_fingerprints WHERE file_id = ?", [file_id])
        con.execute("INSERT INTO text_fingerprints SELECT ?, md5(coalesce(string_agg(text, '' ORDER BY seq), '')), ? "
                    "FROM document_text WHERE file_id = ?", [file_id, done_at, file_id])
    return len(stale)


def clear_resolved_failures(con: duckdb.DuckDBPyConnection) -> int:
    """Drop the failed_files rows of entries that have an outcome now; writes nothing when there are none."""
    done = "SELECT path FROM v_file_status WHERE status IN ('processed', 'quarantined')"
    resolved = con.execute(f"SELECT count(*) FROM failed_files WHERE path IN ({done})").fetchone()[0]
    if resolved:
        write_serialized(con, "failed_files", lambda c: c.execute(f"DELETE FROM failed_files WHERE path IN ({done})"))
    return resolved


def refresh_summaries(con: duckdb.DuckDBPyConnection) -> int:
    """Everything the daily_summary step keeps current: text fingerprints, failures resolved since,
    then the daily counts (returns the number of days)."""
    refresh_text_fingerprints(con)
    clear_resolved_failures(con)
    return refresh_daily_summary(con)


def published_overview(*paths: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | str:
    """Row counts, the first facts and the first files of the first of ``paths`` that opens read-only.

    The published file first (what analysts see); a session holding it read-write (DuckDB
    then lets no one else open it) sends us to the work file, a copy of it right after a
    publish. When neither opens, the reason, explained.
    """
    from etl.store.snapshot import explain_lock_error
    from etl.store.warehouse import connect

    reason = ""
    for path in paths:
        try:
            con = connect(path, read_only=True)
        except duckdb.Error as exc:
            reason = explain_lock_error(path, exc, paths[0])
            continue
        try:
            return (row_counts(con), preview(con, FIRST_FACTS_SQL),
                    preview(con, "SELECT path, status, encoding, quarantine_reason, duplicate_of, facts "
                                 "FROM v_file_status WHERE NOT deleted ORDER BY path", limit=50))
        except duckdb.OutOfMemoryException as exc:  # a nicety: it must not fail the run
            return f"{path}: the overview ran out of DuckDB memory ({exc}); raise ZHFACTS_DUCKDB_MEMORY to see it"
        finally:
            con.close()
    return reason


# The first facts of the first file (by path) that has any. Not v_facts ordered as a whole:
# over 4 M facts that sort joins every sentence, and at a 128MB limit it ran out of memory.
FIRST_FACTS_SQL = """
WITH first AS (
    SELECT file_id, path FROM documents
    WHERE file_id IN (SELECT file_id FROM numeric_facts WHERE kind <> 'name')
    ORDER BY path LIMIT 1
)
SELECT first.path AS source_path, f.kind, f.surface, f.value, f.unit, f.subject, s.text AS sentence
FROM numeric_facts f
JOIN first USING (file_id)
JOIN sentences s ON s.sentence_id = f.sentence_id AND s.file_id = f.file_id
WHERE f.kind <> 'name'
ORDER BY f.raw_byte_start, f.char_start
"""
