"""The published warehouse's overview (row counts, first facts, first files) on a real run."""
from __future__ import annotations

import duckdb

from etl.store import summaries

from .helpers import materialize_all


def test_the_first_facts_are_those_of_the_first_file_in_path_order(sample_landing_dir, warehouse_path):
    assert materialize_all(sample_landing_dir, warehouse_path).success
    counts, facts, files = summaries.published_overview(warehouse_path)
    con = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        expected = summaries.preview(con, "SELECT source_path, kind, surface, value, unit, subject, sentence FROM v_facts "
                                          "WHERE kind <> 'name' ORDER BY source_path, raw_byte_start, char_start")
    finally:
        con.close()
    assert len(facts) == 5 and facts.equals(expected)
    assert set(files["path"]) >= set(facts["source_path"])


def test_an_overview_out_of_duckdb_memory_is_a_reason_not_a_failure(sample_landing_dir, warehouse_path, monkeypatch):
    assert materialize_all(sample_landing_dir, warehouse_path).success
    # a list aggregate cannot spill to disk: at 16MB it runs out of memory, as a real query could
    monkeypatch.setattr(summaries, "FIRST_FACTS_SQL", "SELECT list(i) AS l FROM range(50000000) t(i)")
    monkeypatch.setenv("ZHFACTS_DUCKDB_MEMORY", "16MB")
    reason = summaries.published_overview(warehouse_path)
    assert isinstance(reason, str) and "ran out of DuckDB memory" in reason and str(warehouse_path) in reason
