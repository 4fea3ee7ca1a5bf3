"""The multiprocess executor path: two runs at once, steps in their own processes, one warehouse."""
import os
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

# Slow (a process per step, two runs): `make test-all` runs it; `make test` (CI) does not.
pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_two_multiprocess_runs_share_one_warehouse_without_lock_errors(landing_dir, tmp_path):
    warehouse_path = tmp_path / "wh" / "zhfacts.duckdb"
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home"), "ZHFACTS_EXECUTOR": "multiprocess",
           "ZHFACTS_RAW_DIR": str(landing_dir), "ZHFACTS_WAREHOUSE": str(warehouse_path), "ZHFACTS_WORKERS": "1"}
    (tmp_path / "home").mkdir()
    # Create Dagster's own SQLite storage first: two processes migrating a fresh one race in alembic.
    dg.DagsterInstance.from_config(str(tmp_path / "home")).get_runs()
    dagster = os.path.join(os.path.dirname(sys.executable), "dagster")
    command = [dagster, "job", "execute", "-m", "assets.definitions", "-j", "ingest"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    for run, output in zip(runs, outputs):
        assert run.returncode == 0, output[-4000:]
        assert "multiprocess" in output.lower() or "Launching subprocess" in output
        assert "Could not set lock" not in output and "IO Error" not in output

    con = duckdb.connect(str(warehouse_path), read_only=True)
    status = dict(con.execute("SELECT status, count(*) FROM v_file_status GROUP BY 1").fetchall())
    documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert "pending" not in status and documents == status["processed"]
    assert con.execute("SELECT count(*) FROM v_facts").fetchone()[0] > 0
