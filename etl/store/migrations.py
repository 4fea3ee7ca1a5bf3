"""Bring a warehouse written by an earlier zhfacts up to the current schema, in place.

Each step checks the catalog for what it changes, so running it twice does nothing.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from etl.store import text_chunks


def migrate(con: duckdb.DuckDBPyConnection, log=print) -> None:
    """Apply every step the warehouse still needs (after the schema's CREATE IF NOT EXISTS)."""
    if "text" in _columns(con, "documents"):
        _documents_text_to_pieces(con, log)
    if "candidate" not in _columns(con, "mojibake_repairs"):
        _repairs_explained(con, log)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main'", [table]).fetchall()}


def _documents_text_to_pieces(con: duckdb.DuckDBPyConnection, log) -> None:
    """documents.text (one multi-MB string per file) → document_text pieces + replacement_chars."""
    ids = [r[0] for r in con.execute("SELECT file_id FROM documents ORDER BY file_id").fetchall()]
    log(f"zhfacts: moving the text of {len(ids)} document(s) to document_text (schema upgrade)")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("ALTER TABLE documents ADD COLUMN replacement_chars INTEGER NOT NULL DEFAULT 0")
        for file_id in ids:  # one at a time: a filter on file_id reads only that text
            text = con.execute("SELECT text FROM documents WHERE file_id = ?", [file_id]).fetchall()[0][0]
            pieces = pd.DataFrame(text_chunks.piece_rows(file_id, text), columns=text_chunks.COLUMNS)
            con.execute("DELETE FROM document_text WHERE file_id = ?", [file_id])
            con.execute("INSERT INTO document_text BY NAME SELECT * FROM pieces")
            con.execute("UPDATE documents SET replacement_chars = ? WHERE file_id = ?", [text.count("\ufffd"), file_id])
        con.execute("ALTER TABLE documents DROP COLUMN text")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _repairs_explained(con: duckdb.DuckDBPyConnection, log) -> None:
    """mojibake_repairs gains the gbk-shift guess columns; earlier rows keep NULL there."""
    log("zhfacts: adding candidate, score, runner_up, runner_up_score to mojibake_repairs (schema upgrade)")
    con.execute("BEGIN TRANSACTION")  # all four or none, so the check above stays true
    try:
        for column, kind in (("candidate", "VARCHAR"), ("score", "DOUBLE"), ("runner_up", "VARCHAR"), ("runner_up_score", "DOUBLE")):
            con.execute(f"ALTER TABLE mojibake_repairs ADD COLUMN {column} {kind}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
