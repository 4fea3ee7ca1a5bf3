"""Two `zhfacts ingest` runs at once, over disjoint directories, into one DuckLake on a real Postgres."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

from etl.store import lake, warehouse
from tests.conftest import SAMPLE_FILES, SEEDS
from tests.postgres_server import postgres  # noqa: F401  (the fixture)

# What a reader sees, per directory: files with documents, and files every stage finished.
READER_SQL = """
SELECT left(d.path, 2) AS run, count(*) AS documents,
       count(*) FILTER (WHERE (SELECT count(DISTINCT p.stage) FROM stage_progress p WHERE p.file_id = d.file_id) = 4) AS whole
FROM documents d GROUP BY 1 ORDER BY 1
"""

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    # raw_files holds the state of ONE landing directory: run B's scan marks run A's files
    # deleted and rewrites the whole table, run A's `every_file_accounted_for` then sees B's
    # files unprocessed, and pending_file_ids would hand A the files of B. Scoping raw_files
    # (and what reads it: runner, checks, summaries) by landing directory is the fix; this
    # test passes once it is in. Not strict: how the two runs interleave decides whether a
    # run fails or both succeed over an inconsistent raw_files.
    pytest.mark.xfail(reason="raw_files is per landing directory, not per warehouse (see the comment above)"),
]


def _landing(root, prefix: str, copies: int):
    """``copies`` distinct variants of the two samples, named ``<prefix>_…`` so the runs never share a path."""
    root.mkdir()
    for n in range(copies):
        for name in SAMPLE_FILES:
            (root / f"{prefix}_{n:02d}_{name}").write_bytes((SEEDS / name).read_bytes() + f"\n{prefix}{n}\n".encode())
    return root


def test_two_ingests_at_once_into_one_ducklake(postgres, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv(lake.DATA_PATH_VARIABLE, str(tmp_path / "data"))
    target = postgres.createdb("two_runs")
    landings = {p: _landing(tmp_path / p, p, copies=5) for p in ("a", "b")}
    runs = {}
    for prefix, landing in landings.items():
        home = tmp_path / f"home_{prefix}"
        home.mkdir()
        env = {**os.environ, "DAGSTER_HOME": str(home)}
        runs[prefix] = subprocess.Popen(
            [sys.executable, "-m", "assets.cli", "ingest", str(landing), "--warehouse", target, "--workers", "1"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen = []
    while any(r.poll() is None for r in runs.values()):
        try:
            con = warehouse.connect(target, read_only=True)
        except Exception:  # noqa: BLE001  (the lake's catalog may not exist yet)
            time.sleep(0.5)
            continue
        try:
            seen.append(con.execute(READER_SQL).fetchall())
        except duckdb.CatalogException:
            pass  # the first run has not created the tables yet
        finally:
            con.close()
        time.sleep(0.5)
    outputs = {p: r.communicate()[0] for p, r in runs.items()}
    for prefix, run in runs.items():
        assert run.returncode == 0, outputs[prefix][-4000:]

    con = warehouse.connect(target, read_only=True)
    try:
        status = dict(con.execute("SELECT status, count(*) FROM v_file_status GROUP BY 1").fetchall())
        deleted = con.execute("SELECT count(*) FROM raw_files WHERE deleted").fetchone()[0]
        final = con.execute(READER_SQL).fetchall()
        twice = con.execute("SELECT count(*) FROM (SELECT file_id, stage FROM stage_progress GROUP BY ALL HAVING count(*) > 1)"
                            ).fetchone()[0]
    finally:
        con.close()
    assert final == [("a_", 10, 10), ("b_", 10, 10)]
    assert status == {"processed": 20} and deleted == 0
    assert twice == 0  # no file written by both runs
    for snapshot in seen:  # each run is one batch, one transaction: seen whole or not at all
        assert all(documents == whole == 10 for _, documents, whole in snapshot), snapshot
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
