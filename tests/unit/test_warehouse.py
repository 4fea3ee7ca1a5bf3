import pandas as pd
import pytest

from etl.flow.chain import CHAIN, FILE_TABLES, upstream
from etl.store import schemas, warehouse

FILE_A = "a" * 64
FILE_B = "b" * 64


def _article(file_id: str, seq: int, text: str = "正文。") -> dict:
    return {"article_id": f"{file_id[:16]}-a{seq}", "file_id": file_id, "seq": seq, "title": None, "source": None,
            "editor": None, "photographer": None, "published_date": None, "published_date_method": None,
            "text": text, "doc_char_start": 0, "doc_char_end": len(text), "raw_byte_start": 0, "raw_byte_end": 3 * len(text),
            "url": None, "author": None, "published_time": None, "container": "text", "content_spans": f"0-{len(text)}",
            "region": None, "cut_short": False, "salvaged": False}


@pytest.fixture
def con(warehouse_path):
    con = warehouse.connect(warehouse_path)
    yield con
    con.close()


def test_schema_has_tables_views_and_comments(con):
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(schemas.MODELS) <= tables
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"v_facts", "v_file_status"} <= views
    comment = con.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'numeric_facts' AND column_name = 'qualifier'"
    ).fetchone()[0]
    assert "approx" in comment
    v_facts_columns = {r[0] for r in con.execute("DESCRIBE v_facts").fetchall()}
    assert {"source_path", "article_id", "article_title", "sentence", "surface", "kind", "value", "value_high", "unit",
            "qualifier", "subject", "date_start", "date_end", "char_start", "char_end"} <= v_facts_columns


def test_replace_is_idempotent_and_clears_later_stages(con):
    frame = schemas.validate("articles", pd.DataFrame([_article(FILE_A, 0), _article(FILE_A, 1)]))
    warehouse.replace_stages_rows(con, CHAIN, [("articles", [FILE_A], {"articles": frame}, None)])
    warehouse.replace_stages_rows(con, CHAIN, [("articles", [FILE_A], {"articles": frame}, None)])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert con.execute("SELECT row_count FROM stage_progress WHERE stage = 'articles'").fetchone()[0] == 2
    con.execute("INSERT INTO stage_progress VALUES (?, 'sentences', 'ok', 5, now())", [FILE_A])
    warehouse.replace_stages_rows(con, CHAIN, [("articles", [FILE_A], {"articles": frame.head(1)}, None)])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM stage_progress WHERE stage = 'sentences'").fetchone()[0] == 0


def test_failed_write_leaves_previous_rows(con):
    frame = schemas.validate("articles", pd.DataFrame([_article(FILE_A, 0)]))
    warehouse.replace_stages_rows(con, CHAIN, [("articles", [FILE_A], {"articles": frame}, None)])
    duplicate_keys = pd.concat([frame, frame])  # violates the primary key inside the transaction
    with pytest.raises(Exception):
        warehouse.replace_stages_rows(con, CHAIN, [("articles", [FILE_A], {"articles": duplicate_keys}, None)])
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM stage_progress").fetchone()[0] == 1


def test_pending_follows_progress(con):
    raw = pd.DataFrame({"path": ["a.txt", "b.txt"], "file_id": [FILE_A, FILE_B], "size_bytes": [1, 1],
                        "mtime": pd.Timestamp("2026-01-01"), "first_seen": pd.Timestamp("2026-01-01"),
                        "deleted": [False, False], "landing_root": "/landing"})
    warehouse.record_scan(con, schemas.validate("raw_files", raw), [], schemas.empty("quarantine"), [], FILE_TABLES,
                          landing_root="/landing")
    assert warehouse.pending_file_ids(con, "documents", upstream("documents")) == [FILE_A, FILE_B]
    assert warehouse.pending_file_ids(con, "articles", upstream("articles")) == []
    con.execute("INSERT INTO stage_progress VALUES (?, 'documents', 'ok', 1, now()), (?, 'documents', 'quarantined', 0, now())",
                [FILE_A, FILE_B])
    assert warehouse.pending_file_ids(con, "documents", upstream("documents")) == []
    assert warehouse.pending_file_ids(con, "documents", upstream("documents"), full_refresh=True) == [FILE_A, FILE_B]
    assert warehouse.pending_file_ids(con, "articles", upstream("articles")) == [FILE_A]


def test_contract_violation_names_table_column_and_check():
    bad = pd.DataFrame([{**_article(FILE_A, 0), "seq": -1}])
    with pytest.raises(schemas.ContractViolation) as info:
        schemas.validate("articles", bad)
    message = str(info.value)
    assert "'articles'" in message and "column='seq'" in message and "greater_than_or_equal_to(0)" in message


def test_document_text_contract_rejects_leftover_pinyin_and_html():
    piece = {"file_id": FILE_A, "seq": 0, "char_start": 0}
    clean = "黄浦江畔正生长出新的城市地标（AI）。"
    schemas.validate("document_text", pd.DataFrame([{**piece, "char_end": len(clean), "text": clean}]))
    for bad_text, check in (("正生長(cháng)出", "pinyin"), ("效应。”</p>", "HTML")):
        with pytest.raises(schemas.ContractViolation) as info:
            schemas.validate("document_text", pd.DataFrame([{**piece, "char_end": len(bad_text), "text": bad_text}]))
        assert check in str(info.value)


def test_document_text_contract_rejects_pieces_that_do_not_tile_their_document():
    pieces = pd.DataFrame([{"file_id": FILE_A, "seq": 0, "char_start": 0, "char_end": 2, "text": "正文"},
                           {"file_id": FILE_A, "seq": 2, "char_start": 3, "char_end": 5, "text": "其后"}])
    with pytest.raises(schemas.ContractViolation, match="tile"):
        schemas.validate("document_text", pieces)
    schemas.validate("document_text", pieces.assign(char_start=[0, 2], char_end=[2, 4]))


def test_documents_contract_rejects_replacement_chars_unless_lossy():
    doc = {"file_id": FILE_A, "path": "a.txt", "encoding": "utf-8", "confidence": 1.0, "method": "utf8-strict",
           "plausibility": 1.0, "replaced_chars": 1, "lossy": False, "repairs": 0, "original_script": "simplified",
           "opencc_config": "t2s", "char_count": 3, "replacement_chars": 1, "raw_offsets": b""}
    with pytest.raises(schemas.ContractViolation, match="U\\+FFFD"):
        schemas.validate("documents", pd.DataFrame([doc]))
    schemas.validate("documents", pd.DataFrame([{**doc, "lossy": True}]))


def test_schema_setup_runs_again_only_when_the_schema_changed(warehouse_path):
    con = warehouse.connect(warehouse_path)
    stored = con.execute("SELECT value FROM zhfacts_meta WHERE key = 'schema'").fetchall()
    con.execute("COMMENT ON TABLE numeric_facts IS 'edited by hand'")
    con.close()
    con = warehouse.connect(warehouse_path)  # same fingerprint: the comment is left alone
    assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'numeric_facts'").fetchall() == [("edited by hand",)]
    con.execute("UPDATE zhfacts_meta SET value = 'an older schema'")
    con.close()
    con = warehouse.connect(warehouse_path)  # a different fingerprint: set up again
    assert con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'numeric_facts'").fetchall()[0][0].startswith("Every number")
    assert con.execute("SELECT value FROM zhfacts_meta WHERE key = 'schema'").fetchall() == stored


def test_writer_fingerprints_texts_as_the_refresh_would(con, tmp_path):
    from etl.flow.worker import run_slice
    from etl.flow.records import ChainSettings, FileRef
    from etl.store import summaries

    landing = tmp_path / "landing"
    landing.mkdir()
    text = "国家统计局公布，今年一季度国内生产总值同比增长5.3%。\n"
    (landing / "gbk.txt").write_bytes(text.encode("gb18030"))
    (landing / "utf8.txt").write_bytes((text * 2000).encode("utf-8"))  # several pieces
    (landing / "empty.txt").write_bytes(b"")  # quarantined: no fingerprint
    import hashlib
    refs = [FileRef(hashlib.sha256((landing / p).read_bytes()).hexdigest(), p) for p in ("gbk.txt", "utf8.txt", "empty.txt")]
    for spill in (str(tmp_path), None):  # the writer reads spilled Parquet in a run, frames in tests
        result = run_slice(refs, CHAIN[:1], ChainSettings(landing_dir=str(landing)), spill_dir=spill)
        warehouse.replace_stages_rows(con, CHAIN, [(s, o.file_ids, o.frames, o.quarantine) for s, o in result.outputs.items()])
        written = con.execute("SELECT file_id, text_md5 FROM text_fingerprints ORDER BY file_id").fetchall()
        assert len(written) == 2 and written[0][1] != written[1][1]
        assert summaries.refresh_text_fingerprints(con) == 0  # nothing stale: the writer's done_at is the progress's
        con.execute("DELETE FROM text_fingerprints")
        assert summaries.refresh_text_fingerprints(con) == 2
        assert con.execute("SELECT file_id, text_md5 FROM text_fingerprints ORDER BY file_id").fetchall() == written
