"""A warehouse from before document_text is upgraded in place when zhfacts opens it."""
from etl.store import text_chunks, warehouse

FILE_A = "a" * 64


def _old_shape_warehouse(path, text):
    """documents as zhfacts wrote it up to 2026-11-23: the whole text in documents.text."""
    con = warehouse.connect(path)
    con.execute("DROP TABLE document_text")
    con.execute("ALTER TABLE documents DROP COLUMN replacement_chars")
    con.execute("ALTER TABLE documents ADD COLUMN text VARCHAR")
    con.execute("INSERT INTO documents BY NAME SELECT ? AS file_id, 'a.txt' AS path, 'utf-8' AS encoding, 1.0 AS confidence, "
                "'utf8-strict' AS method, 1.0 AS plausibility, 1 AS replaced_chars, true AS lossy, 0 AS repairs, "
                "'simplified' AS original_script, 't2s' AS opencc_config, ? AS text, length(?) AS char_count, "
                "''::BLOB AS raw_offsets", [FILE_A, text, text])
    con.execute("DELETE FROM zhfacts_meta")
    con.close()


def test_document_text_moves_to_pieces_and_nothing_else_changes(warehouse_path):
    text = ("第一段，共抽查产品47批次。\n" * 6000) + "乱码\ufffd。"
    _old_shape_warehouse(warehouse_path, text)
    con = warehouse.connect(warehouse_path)
    pieces = con.execute("SELECT seq, char_start, char_end, text FROM document_text WHERE file_id = ? ORDER BY seq", [FILE_A]).fetchall()
    assert len(pieces) == len(text_chunks.chunk_spans(text)) > 1
    assert "".join(p[3] for p in pieces) == text
    assert con.execute("SELECT text, char_count FROM v_document_text").fetchall() == [(text, len(text))]
    assert con.execute("SELECT replacement_chars, char_count FROM documents").fetchall() == [(1, len(text))]
    assert "text" not in {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'documents'").fetchall()}
    con.close()
    again = warehouse.connect(warehouse_path)  # a second open finds nothing to do
    assert again.execute("SELECT count(*) FROM document_text").fetchall()[0][0] == len(pieces)
    again.close()


def test_a_column_a_model_gains_is_added_and_reaches_the_views(warehouse_path):
    """An older numeric_facts (without per_unit) and a v_facts bound to it: the column is
    added and v_facts shows it (a DuckDB view keeps the columns it was created over)."""
    con = warehouse.connect(warehouse_path)
    con.execute("DROP VIEW v_facts")
    con.execute("ALTER TABLE numeric_facts DROP COLUMN per_unit")
    con.execute("CREATE VIEW v_facts AS SELECT f.* FROM numeric_facts f")
    con.execute("DELETE FROM zhfacts_meta")
    con.close()
    con = warehouse.connect(warehouse_path)
    columns = {r[0] for r in con.execute("SELECT column_name FROM (DESCRIBE v_facts)").fetchall()}
    assert {"per_unit", "source_path", "sentence"} <= columns
    comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'v_facts' AND column_name = 'per_unit'")
    assert "denominator" in comment.fetchall()[0][0]
    con.close()
