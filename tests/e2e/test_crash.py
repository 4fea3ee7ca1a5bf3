"""A run killed with SIGKILL in the middle of its writes leaves the published warehouse as it was."""
import hashlib
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.e2e
COPIES = 400  # enough files for several batches, so the kill lands between writes


def _ingest_cmd(landing, warehouse_path):
    return [sys.executable, "-m", "assets.cli", "ingest", str(landing), "--warehouse", str(warehouse_path), "--workers", "1"]


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sigkill_mid_write_changes_nothing_and_next_run_completes(sample_landing_dir, tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "home")}
    warehouse_path = tmp_path / "wh" / "zhfacts.duckdb"
    first = subprocess.run(_ingest_cmd(sample_landing_dir, warehouse_path), env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    published_before = _sha(warehouse_path)

    text = (REPO / "seeds" / "000_628889c2a6d9b173.txt").read_text(encoding="utf-8")
    for i in range(COPIES):  # distinct content, so every copy is a new document
        (sample_landing_dir / f"copy_{i:04d}.txt").write_text(f"{text}\n第{i}号文件。\n", encoding="utf-8")

    run = subprocess.Popen(_ingest_cmd(sample_landing_dir, warehouse_path), env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    killed_at = None
    for line in run.stdout:
        if "numeric_facts: batch 1/" in line:  # the first batch is committed, more are coming
            os.killpg(run.pid, signal.SIGKILL)
            killed_at = line
            break
    run.wait(timeout=60)
    assert killed_at is not None, "the run finished before it could be killed; raise COPIES"
    assert run.returncode == -signal.SIGKILL

    assert _sha(warehouse_path) == published_before, "the published warehouse changed under a killed run"
    con = duckdb.connect(str(warehouse_path), read_only=True)
    assert con.execute("SELECT count(*) FROM raw_files").fetchone()[0] == 2
    con.close()

    time.sleep(0.5)
    second = subprocess.run(_ingest_cmd(sample_landing_dir, warehouse_path), env=env, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    con = duckdb.connect(str(warehouse_path), read_only=True)
    documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    facts_files = con.execute("SELECT count(DISTINCT file_id) FROM numeric_facts").fetchone()[0]
    pending = con.execute("SELECT count(*) FROM v_file_status WHERE status = 'pending'").fetchone()[0]
    assert documents == COPIES + 2 and facts_files == COPIES + 2 and pending == 0
