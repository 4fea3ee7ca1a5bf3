"""`zhfacts ingest` as a user runs it: a subprocess, a fresh DAGSTER_HOME, a DuckDB file."""
import os
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

pytestmark = pytest.mark.e2e


def _ingest(landing, warehouse_path, home):
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", "ingest", str(landing), "--warehouse", str(warehouse_path), "--workers", "2"],
        env=env, capture_output=True, text=True, timeout=600,
    )


def test_ingest_twice_is_idempotent_and_the_first_is_recorded(landing_dir, warehouse_path, tmp_path):
    home = tmp_path / "home"
    first = _ingest(landing_dir, warehouse_path, home)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "succeeded" in first.stdout and "facts" in first.stdout and "quarantined" in first.stdout
    con = duckdb.connect(str(warehouse_path), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "sentences", "numeric_facts")}
    assert con.execute("SELECT count(*) FROM v_facts").fetchone()[0] > 0
    con.close()

    second = _ingest(landing_dir, warehouse_path, home)  # nothing new: no run is started (etl.flow.nothing_new)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "nothing new" in second.stdout and "no run needed" in second.stdout and "facts" in second.stdout
    con = duckdb.connect(str(warehouse_path), read_only=True)
    assert {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts} == counts
    con.close()

    instance = dg.DagsterInstance.from_config(str(home))
    runs = instance.get_runs()
    assert len(runs) == 1 and runs[0].status == dg.DagsterRunStatus.SUCCESS


def test_missing_directory_is_a_clear_error(tmp_path):
    result = _ingest(tmp_path / "nope", tmp_path / "w.duckdb", tmp_path / "home")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_a_duckdb_out_of_memory_names_the_setting_to_raise(sample_landing_dir, warehouse_path, tmp_path, monkeypatch):
    monkeypatch.setenv("ZHFACTS_DUCKDB_MEMORY", "2MB")
    result = _ingest(sample_landing_dir, warehouse_path, tmp_path / "home")
    assert result.returncode == 1
    assert "OutOfMemoryException" in result.stderr
    assert "raise ZHFACTS_DUCKDB_MEMORY (now 2MB)" in result.stderr
    assert "nothing was published" in result.stderr


def test_a_reader_holding_the_published_file_read_write_does_not_fail_a_run(sample_landing_dir, warehouse_path, tmp_path):
    """Issue 17, point 10: the README's old `duckdb warehouse/zhfacts.duckdb` held it read-write,
    and a successful run with nothing new then exited 1 reading its summary."""
    home = tmp_path / "home"
    assert _ingest(sample_landing_dir, warehouse_path, home).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(120)", str(warehouse_path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        again = _ingest(sample_landing_dir, warehouse_path, home)
        assert again.returncode == 0, again.stderr[-3000:]
        assert f"PID {holder.pid}" in again.stderr and "read-only" in again.stderr
        blocked = _sql(warehouse_path, "SELECT 1")
        assert blocked.returncode == 1 and "is locked by another process" in blocked.stderr
    finally:
        holder.kill()
        holder.wait()
    # The README's read-only route, on a fresh machine: no separate duckdb CLI needed.
    answer = _sql(warehouse_path, "SELECT count(*) AS facts FROM v_facts")
    assert answer.returncode == 0 and "facts" in answer.stdout, answer.stderr


def _sql(warehouse_path, query):
    return subprocess.run([sys.executable, "-m", "assets.cli", "sql", "--warehouse", str(warehouse_path), query],
                          capture_output=True, text=True, timeout=120)
