"""Several processes write one DuckLake at once; a reader only ever sees whole batches."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from etl.store import lake, warehouse
from tests.conftest import REPO
from tests.postgres_server import postgres  # noqa: F401  (the fixture)

BATCHES = 6
# Per snapshot: files with documents, files the facts stage finished, and files whose
# every stage is done. A batch is one transaction, so the three always agree.
SNAPSHOT_SQL = """
SELECT (SELECT count(*) FROM documents),
       (SELECT count(*) FROM stage_progress WHERE stage = 'numeric_facts'),
       (SELECT count(*) FROM (SELECT file_id FROM stage_progress GROUP BY file_id HAVING count(*) = 4)),
       (SELECT count(DISTINCT file_id) FROM numeric_facts)
"""


def test_two_writer_processes_commit_side_by_side(postgres, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv(lake.DATA_PATH_VARIABLE, str(tmp_path / "data"))
    target = postgres.createdb("writers")
    warehouse.connect(target).close()  # the catalog and tables, before the race
    landing = tmp_path / "landing"
    landing.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-m", "tests.integration.ducklake_writer", target, name, str(BATCHES),
                                 str(landing)], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for name in ("a", "b")]
    seen = []
    reader = warehouse.connect(target, read_only=True)
    try:
        while any(w.poll() is None for w in writers):
            reader.execute("BEGIN TRANSACTION")  # one snapshot for the whole query
            seen.append(reader.execute(SNAPSHOT_SQL).fetchone())
            reader.execute("COMMIT")
            time.sleep(0.2)
        outputs = [w.communicate()[0] for w in writers]
        final = reader.execute(SNAPSHOT_SQL).fetchone()
        snapshots = reader.execute(f"SELECT count(*) FROM ducklake_snapshots('{lake.CATALOG}')").fetchone()[0]
    finally:
        reader.close()
    for w, output in zip(writers, outputs):
        assert w.returncode == 0, output[-3000:]
    files = 2 * 2 * BATCHES
    assert final == (files, files, files, files)
    assert snapshots >= 2 * BATCHES  # a commit per batch and writer
    for documents, finished, whole, with_facts in seen:
        assert documents == finished == whole == with_facts and documents % 2 == 0, seen
    assert any(0 < s[0] < files for s in seen) or len(seen) < 3  # the reader saw work in progress
