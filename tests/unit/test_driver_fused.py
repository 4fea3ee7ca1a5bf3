"""Slices of the chain fused in one pass over a real DuckDB: the same rows as stage by stage."""
import pandas as pd

import dataclasses

from etl.flow import chain, driver, landing
from etl.flow.records import ChainSettings
from etl.flow.stages import articles
from etl.store import schemas, warehouse

QUIET = {"log": lambda m: None}
VOLATILE = {"stage_progress": ["done_at"], "quarantine": ["quarantined_at", "detail"]}


def _scanned(path, landing_dir):
    con = warehouse.connect(path)
    landing.record_landing_scan(con, landing_dir)
    return con


def _contents(con) -> dict[str, list]:
    out = {}
    for table in (*chain.FILE_TABLES, "stage_progress", "quarantine"):
        columns = [c for c in con.execute(f"SELECT * FROM {table} LIMIT 0").df().columns if c not in VOLATILE.get(table, [])]
        out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    return out


def test_fused_pass_writes_the_same_rows_as_stage_by_stage(tmp_path, landing_dir):
    staged = _scanned(tmp_path / "staged.duckdb", landing_dir)
    settings = ChainSettings(landing_dir=str(landing_dir))
    for stage in chain.CHAIN:
        driver.run_chain(staged, [stage], settings, **QUIET)
    fused = _scanned(tmp_path / "fused.duckdb", landing_dir)
    reports = driver.run_chain(fused, chain.CHAIN, settings, batch_files=3, **QUIET)

    expected = _contents(staged)
    assert expected["numeric_facts"] and expected["quarantine"]
    assert _contents(fused) == expected
    assert reports["numeric_facts"].rows["numeric_facts"] == len(expected["numeric_facts"])
    assert all(r.cpu_seconds > 0 for r in reports.values())
    assert not any(_pending(fused, stage.name) for stage in chain.CHAIN)


def _pending(con, stage):
    return warehouse.pending_file_ids(con, stage, chain.upstream(stage))


def test_a_slice_stops_the_pass_at_its_last_stage(tmp_path, landing_dir):
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    reports = driver.run_chain(con, chain.CHAIN[:2], ChainSettings(landing_dir=str(landing_dir)), **QUIET)
    assert set(reports) == {"documents", "articles"}
    assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] > 0
    assert con.execute("SELECT count(*) FROM sentences").fetchall()[0][0] == 0
    assert _pending(con, "sentences")


def test_a_file_breaking_a_later_contract_stops_there_and_stays_pending(tmp_path, landing_dir, monkeypatch):
    broken = tuple(dataclasses.replace(s, run=one_bad_article) if s.name == "articles" else s for s in chain.CHAIN)
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    settings = ChainSettings(landing_dir=str(landing_dir))
    driver.run_chain(con, broken, settings, chain=broken, **QUIET)

    quarantined = con.execute("SELECT file_id, stage, reason FROM quarantine WHERE reason = 'contract_violation'").fetchall()
    assert len(quarantined) == 1 and quarantined[0][1] == "segment"
    victim = quarantined[0][0]
    assert con.execute("SELECT count(*) FROM documents WHERE file_id = ?", [victim]).fetchall()[0][0] == 1
    assert con.execute("SELECT count(*) FROM sentences WHERE file_id = ?", [victim]).fetchall()[0][0] == 0
    assert _pending(con, "articles") == [victim]
    others = con.execute("SELECT count(DISTINCT file_id) FROM numeric_facts").fetchall()[0][0]
    assert others >= 1

    # Retried by the next run, it fails the same way: its row is kept as it was, not rewritten,
    # so a run with nothing new still writes nothing.
    first = con.execute("SELECT quarantined_at FROM quarantine WHERE file_id = ?", [victim]).fetchall()
    retried = driver.run_chain(con, broken[1:2], settings, chain=broken, **QUIET)["articles"]
    assert retried.quarantined == 1
    assert con.execute("SELECT quarantined_at FROM quarantine WHERE file_id = ?", [victim]).fetchall() == first
    assert _pending(con, "articles") == [victim]


def test_batches_are_written_one_transaction_each(tmp_path, landing_dir, monkeypatch):
    writes = []
    real = warehouse.replace_stages_rows
    monkeypatch.setattr(warehouse, "replace_stages_rows",
                        lambda con, layout, batch, now=None: (writes.append([s for s, *_ in batch]), real(con, layout, batch, now)))
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    driver.run_chain(con, chain.CHAIN, ChainSettings(landing_dir=str(landing_dir)), batch_files=2, **QUIET)
    assert len(writes) >= 3 and all(w[0] == "documents" for w in writes)
    assert pd.Series([len(w) for w in writes]).max() == 4


def one_bad_article(items, settings, hand_on=False):
    """The articles stage, with the first file's rows made to break the contract (seq -1)."""
    output = articles.run(items, settings, hand_on)
    frame = output.frames["articles"]
    victim = frame["file_id"].iloc[0]
    output.frames["articles"] = frame.assign(seq=frame["seq"].where(frame["file_id"] != victim, -1))
    return output


def test_a_selection_runs_each_contiguous_slice_fused(tmp_path, landing_dir):
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    settings = ChainSettings(landing_dir=str(landing_dir))
    reports = driver.run_selection(con, chain.stages_filling({"documents", "articles"}), settings, **QUIET)
    assert set(reports) == {"documents", "articles"} and not _pending(con, "articles")
    assert con.execute("SELECT count(*) FROM sentences").fetchall()[0][0] == 0
    reports = driver.run_selection(con, chain.stages_filling({"numeric_facts", "sentences"}), settings, **QUIET)
    assert reports["sentences"].files == reports["numeric_facts"].files > 0
    assert not any(_pending(con, stage.name) for stage in chain.CHAIN)


def one_bad_fact(items, settings, hand_on=False):
    """The facts stage, with its first fact given a range that runs backwards and its second an overflowed value."""
    from etl.flow.stages import facts

    output = facts.run(items, settings, hand_on)
    frame = output.frames["numeric_facts"]
    frame.loc[frame.index[0], ["value", "value_high"]] = [5.0, 4.0]
    frame.loc[frame.index[1], "value"] = float("inf")
    return output


def test_a_fact_that_breaks_its_contract_is_rejected_alone(tmp_path, landing_dir):
    broken = tuple(dataclasses.replace(s, run=one_bad_fact) if s.name == "numeric_facts" else s for s in chain.CHAIN)
    con = _scanned(tmp_path / "w.duckdb", landing_dir)
    reports = driver.run_chain(con, broken, ChainSettings(landing_dir=str(landing_dir)), chain=broken, batch_files=100, **QUIET)

    rejected = con.execute("SELECT check_name, column_name, failure_value, value, value_high FROM rejected_facts "
                           "ORDER BY check_name").fetchall()
    assert [r[:3] for r in rejected] == [("value is not finite (it overflowed)", "value", "inf"),
                                        ("value_high below value", None, None)]
    assert rejected[0][3] == float("inf") and rejected[1][3:] == (5.0, 4.0)
    assert con.execute("SELECT count(*) FROM quarantine WHERE stage = 'extract'").fetchall()[0][0] == 0
    # The batch's other facts were stored, and no file stays pending.
    assert reports["numeric_facts"].rows["numeric_facts"] == con.execute("SELECT count(*) FROM numeric_facts").fetchall()[0][0] > 0
    assert reports["numeric_facts"].rows["rejected_facts"] == 2
    assert not _pending(con, "numeric_facts")
