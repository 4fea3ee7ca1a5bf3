"""The warehouse's catalog as DuckDB sees it: column types, and the views' comments.

A view column named like a table column takes that column's description (from the Pandera
models, etl.store.schemas); the others are described here. Types come from running the
schema's DDL in an in-memory DuckDB, so the UI shows VARCHAR and BIGINT, not pandas dtypes.
"""
from __future__ import annotations

import functools

import duckdb

from etl.store import ddl, schemas


def schema_ddl() -> str:
    return ddl.schema_sql()


@functools.cache
def duckdb_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """(column, DuckDB type) per table and view, in order."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(schema_ddl())
        rows = con.execute("SELECT table_name, column_name, data_type FROM duckdb_columns() "
                           "WHERE schema_name = 'main' ORDER BY table_name, column_index").fetchall()
    finally:
        con.close()
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        out.setdefault(table, []).append((column, data_type))
    return {table: tuple(columns) for table, columns in out.items()}

VIEWS = {
    "v_facts": "One row per numeric fact with its sentence, article and source file; filter kind <> 'name' for numbers.",
    "v_file_status": "Per landing-directory entry: processed, quarantined, failed or pending, why, its facts, duplicate_of.",
    "v_document_text": "Each document's normalized text whole (filter on file_id: only that document's pieces are read).",
}
# Where a view column's description comes from when it is named like a table column.
SOURCES = {
    "v_facts": ("numeric_facts", "sentences", "articles", "documents"),
    "v_file_status": ("raw_files", "documents"),
    "v_document_text": ("documents", "document_text"),
}
OWN = {
    "v_facts": {
        "source_path": "Path of the file the fact was read from (relative to the landing directory).",
        "article_title": "Title of the article the fact is in, or null when it has none.",
        "sentence": "The sentence the fact is in, normalized.",
        "article_source": "Source line (来源) of the article, if any.",
        "char_start": "Start of the mention in the article's text.",
        "char_end": "End of the mention in the article's text.",
        "raw_byte_start": "Start of the mention in the raw file, in bytes.",
        "raw_byte_end": "End of the mention in the raw file, in bytes.",
        "file_id": "sha256 of the source file's bytes.",
        "same_text_as": "The first file with the same normalized text (the same article in another encoding), when "
                        "this fact's file is not it: filter same_text_as IS NULL to count each text once.",
    },
    "v_file_status": {
        "path": "Path relative to the landing directory; bytes that are not UTF-8 show as \\xNN, a backslash as \\\\.",
        "file_id": "sha256 of the bytes; null for an entry the scan did not read (a FIFO, a link out of the directory).",
        "size_bytes": "Size in bytes; null for an entry the scan did not read.",
        "status": "processed, quarantined, failed (its last run failed: failed_run_id, failed_error) or pending.",
        "failed_run_id": "Dagster run id of the failed run that left this entry without an outcome.",
        "failed_error": "That run's error.",
        "quarantine_stage": "Stage that quarantined the entry (scan, decode, normalize, segment, extract).",
        "quarantine_reason": "Why: not_a_regular_file, outside_landing_dir, broken_link, symlink_loop, empty, binary, ...",
        "facts": "Numeric facts extracted from this file.",
        "duplicate_of": "The first path holding the same bytes, when this path is not it; it shares that content's outcome.",
        "same_text_as": "The first path whose normalized text is the same (say the same article in another encoding), "
                        "when this path is not it.",
    },
    "v_document_text": {
        "text": "The document's normalized simplified text, whole.",
        "char_count": "Length of the text in characters.",
    },
}


TABLES = {  # tables with no Pandera model (not written by a stage)
    "failed_files": ("Entries whose last run failed before giving them an outcome (a later run clears them).", {
        "path": "Path relative to the landing directory.",
        "run_id": "Dagster run id of the failed run.",
        "error": "The run's error, as Dagster recorded it.",
        "failed_at": "When the failure was recorded (UTC).",
    }),
    "text_fingerprints": ("Which documents hold the same normalized text (md5), for same_text_as in the views.", {
        "file_id": "Document (sha256 of its bytes).",
        "text_md5": "md5 of the document's normalized text.",
        "documents_done_at": "When the documents stage wrote the text this fingerprint is of.",
    }),
}


def view_comments() -> list[str]:
    """COMMENT ON statements for each view and each of its columns, and for tables with no model."""
    statements = []
    for table, (doc, columns) in TABLES.items():
        statements.append(f"COMMENT ON TABLE {table} IS {_literal(doc)}")
        statements += [f"COMMENT ON COLUMN {table}.{c} IS {_literal(text)}" for c, text in columns.items()]
    columns = duckdb_columns()
    for view in VIEWS:
        statements.append(f"COMMENT ON VIEW {view} IS {_literal(VIEWS[view])}")
        for name, _ in columns[view]:
            text = OWN.get(view, {}).get(name) or _from_tables(view, name)
            if text:
                statements.append(f"COMMENT ON COLUMN {view}.{name} IS {_literal(text)}")
    return statements


def _from_tables(view: str, name: str) -> str | None:
    for table in SOURCES[view]:
        column = schemas.MODELS[table].to_schema().columns.get(name)
        if column is not None and column.description:
            return column.description
    return None


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
