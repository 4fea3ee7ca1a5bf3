"""Bring a warehouse written by an earlier zhfacts up to the current schema, in place.

Each step checks the catalog for what it changes, so running it twice does nothing.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from etl.store import ddl, schemas, text_chunks


# Columns added to tables of schema.sql (which no model describes), as (name, DuckDB type).
BOOKKEEPING_COLUMNS = {"failed_files": [("landing_root", "VARCHAR")]}


def migrate(con: duckdb.DuckDBPyConnection, log=print) -> None:
    """Apply every step the warehouse still needs (after the schema's CREATE IF NOT EXISTS)."""
    if "text" in _columns(con, "documents"):
        _documents_text_to_pieces(con, log)
    add_new_columns(con, log)
    _fill_page_columns(con)


def _fill_page_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Articles stored before pages were read (issue 14) are text articles of one span."""
    con.execute("UPDATE articles SET container = 'text' WHERE container IS NULL")
    con.execute("UPDATE articles SET content_spans = doc_char_start || '-' || doc_char_end WHERE content_spans IS NULL")


def add_new_columns(con: duckdb.DuckDBPyConnection, log=print) -> None:
    """A column a model (or BOOKKEEPING_COLUMNS) has and its existing table lacks is added, nullable:
    older rows have no value for it. Tables not created yet are left to the schema.

    Runs before the views are (re)created too, since a view may name the new column.
    """
    wanted = {table: [(c, ddl.add_column(table, c)) for c in schemas.columns(table)] for table in schemas.MODELS}
    for table, added in BOOKKEEPING_COLUMNS.items():
        wanted[table] = [(c, f"ALTER TABLE {table} ADD COLUMN {c} {sql_type}") for c, sql_type in added]
    for table, columns in wanted.items():
        present = _columns(con, table)
        for name, statement in columns:
            if present and name not in present:
                log(f"zhfacts: adding column {table}.{name} (schema upgrade)")
                con.execute(statement)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' "
        "AND database_name = current_database()", [table]).fetchall()}


def _documents_text_to_pieces(con: duckdb.DuckDBPyConnection, log) -> None:
    """documents.text (one multi-MB string per file) → document_text pieces + replacement_chars."""
    ids = [r[0] for r in con.execute("SELECT file_id FROM documents ORDER BY file_id").fetchall()]
    log(f"zhfacts: moving the text of {len(ids)} document(s) to document_text (schema upgrade)")
    # duckdb 1.5 neither adds a column with a constraint nor updates a table altered in the
    # same transaction: add the column, fill it and the pieces, then constrain it and drop
    # the old text, each step idempotent (the text column, dropped last, marks the work as done).
    if "replacement_chars" not in _columns(con, "documents"):
        con.execute("ALTER TABLE documents ADD COLUMN replacement_chars INTEGER DEFAULT 0")
    con.execute("BEGIN TRANSACTION")
    try:
        for file_id in ids:  # one at a time: a filter on file_id reads only that text
            text = con.execute("SELECT text FROM documents WHERE file_id = ?", [file_id]).fetchall()[0][0]
            pieces = pd.DataFrame(text_chunks.piece_rows(file_id, text), columns=text_chunks.COLUMNS)
            con.execute("DELETE FROM document_text WHERE file_id = ?", [file_id])
            con.execute("INSERT INTO document_text BY NAME SELECT * FROM pieces")
            con.execute("UPDATE documents SET replacement_chars = ? WHERE file_id = ?", [text.count("\ufffd"), file_id])
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # DuckDB ended it itself (a full disk): keep the real error
        raise
    con.execute("ALTER TABLE documents ALTER COLUMN replacement_chars SET NOT NULL")
    con.execute("ALTER TABLE documents DROP COLUMN text")
