"""The fused pass (etl.flow.pipeline) over a real DuckDB: the same rows as stage by stage."""
import datetime as dt

import pandas as pd

from etl.flow import pipeline, runner, scan, stages
from etl.store import schemas, warehouse

QUIET = {"log": lambda m: None}
VOLATILE = {"stage_progress": ["done_at"], "quarantine": ["quarantined_at", "detail"]}


def _scanned(path, landing_dir):
    con = warehouse.connect(path)
    result = scan.scan(landing_dir, con.execute("SELECT * FROM raw_files").df(), dt.datetime(2026, 1, 1))
    warehouse.record_scan(con, schemas.validate("raw_files", result.raw_files), result.changed,
                          schemas.empty("quarantine"), result.orphaned_file_ids)
    return con


def _contents(con) -> dict[str, list]:
    out = {}
    for table in (*warehouse.FILE_TABLES, "stage_progress", "quarantine"):
        columns = [c for c in con.execute(f"SELECT * FROM {table} LIMIT 0").df().columns if c not in VOLATILE.get(table, [])]
        out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    return out


def test_fused_pass_writes_the_same_rows_as_stage_by_stage(tmp_path, landing_dir):
    staged = _scanned(tmp_path / "staged.duckdb", landing_dir)
    processors = runner.stage_processors(str(landing_dir))
    for stage in warehouse.STAGES:
        runner.run_stage(staged, stage, processors[stage], **QUIET)
    fused = _scanned(tmp_path / "fused.duckdb", landing_dir)
    reports = pipeline.run_pipeline(fused, stages.DocumentsConfig(landing_dir=str(landing_dir)), batch_files=3, **QUIET)

    expected = _contents(staged)
    assert expected["numeric_facts"] and expected["quarantine"]
    assert _contents(fused) == expected
    assert reports["numeric_facts"].rows["numeric_facts"] == len(expected["numeric_facts"])
    assert all(r.cpu_seconds > 0 for r in reports.values())
    assert not any(warehouse.pending_file_ids(fused, stage) for stage in warehouse.STAGES)


def test_through_stops_the_pass_at_a_stage(tmp_path, landing_dir):
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    reports = pipeline.run_pipeline(con, stages.DocumentsConfig(landing_dir=str(landing_dir)), through="articles", **QUIET)
    assert set(reports) == {"documents", "articles"}
    assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] > 0
    assert con.execute("SELECT count(*) FROM sentences").fetchall()[0][0] == 0
    assert warehouse.pending_file_ids(con, "sentences")


def test_a_file_breaking_a_later_contract_stops_there_and_stays_pending(tmp_path, landing_dir, monkeypatch):
    real = stages.articles_batch

    def one_bad_article(items, **kwargs):
        output = real(items, **kwargs)
        frame = output.frames["articles"]
        victim = frame["file_id"].iloc[0]
        output.frames["articles"] = frame.assign(seq=frame["seq"].where(frame["file_id"] != victim, -1))
        return output

    monkeypatch.setattr(stages, "articles_batch", one_bad_article)
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    pipeline.run_pipeline(con, stages.DocumentsConfig(landing_dir=str(landing_dir)), **QUIET)

    quarantined = con.execute("SELECT file_id, stage, reason FROM quarantine WHERE reason = 'contract_violation'").fetchall()
    assert len(quarantined) == 1 and quarantined[0][1] == "segment"
    victim = quarantined[0][0]
    assert con.execute("SELECT count(*) FROM documents WHERE file_id = ?", [victim]).fetchall()[0][0] == 1
    assert con.execute("SELECT count(*) FROM sentences WHERE file_id = ?", [victim]).fetchall()[0][0] == 0
    assert warehouse.pending_file_ids(con, "articles") == [victim]
    others = con.execute("SELECT count(DISTINCT file_id) FROM numeric_facts").fetchall()[0][0]
    assert others >= 1

    # Retried by the next run, it fails the same way: its row is kept as it was, not rewritten,
    # so a run with nothing new still writes nothing.
    first = con.execute("SELECT quarantined_at FROM quarantine WHERE file_id = ?", [victim]).fetchall()
    retried = runner.run_stage(con, "articles", runner.stage_processors(str(landing_dir))["articles"], **QUIET)
    assert retried.quarantined == 1
    assert con.execute("SELECT quarantined_at FROM quarantine WHERE file_id = ?", [victim]).fetchall() == first
    assert warehouse.pending_file_ids(con, "articles") == [victim]


def test_batches_are_written_one_transaction_each(tmp_path, landing_dir, monkeypatch):
    writes = []
    real = warehouse.replace_stages_rows
    monkeypatch.setattr(warehouse, "replace_stages_rows", lambda con, batch, now=None: (writes.append([s for s, *_ in batch]), real(con, batch, now)))
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    pipeline.run_pipeline(con, stages.DocumentsConfig(landing_dir=str(landing_dir)), batch_files=2, **QUIET)
    assert len(writes) >= 3 and all(w[0] == "documents" for w in writes)
    assert pd.Series([len(w) for w in writes]).max() == 4
