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
# ``{at}`` reads a past snapshot (DuckLake time travel): `` AT (VERSION => n)``.
READER_SQL = """
WITH d AS (SELECT file_id, path FROM documents{at}), p AS (SELECT file_id, stage FROM stage_progress{at})
SELECT left(d.path, 2) AS run, count(*) AS documents,
       count(*) FILTER (WHERE (SELECT count(DISTINCT p.stage) FROM p WHERE p.file_id = d.file_id) = 4) AS whole
FROM d GROUP BY 1 ORDER BY 1
"""

# Two CLI runs (Dagster start-up, checks) and a new lake's schema: 72-98 s on two shared cores.
pytestmark = [pytest.mark.e2e, pytest.mark.slow]


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
            seen.append(con.execute(READER_SQL.format(at="")).fetchall())
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
        final = con.execute(READER_SQL.format(at="")).fetchall()
        twice = con.execute("SELECT count(*) FROM (SELECT file_id, stage FROM stage_progress GROUP BY ALL HAVING count(*) > 1)"
                            ).fetchone()[0]
        copies = con.execute("SELECT (SELECT count(*) - count(DISTINCT file_id) FROM text_fingerprints), "
                             "(SELECT count(*) - count(DISTINCT day) FROM daily_summary)").fetchone()
        roots = con.execute("SELECT landing_root, count(*) FROM raw_files GROUP BY 1 ORDER BY 1").fetchall()
        # Every snapshot either run committed, read back as a reader holding it would have seen it.
        versions = [v for (v,) in con.execute(
            f"SELECT snapshot_id FROM ducklake_snapshots('{lake.CATALOG}') ORDER BY 1").fetchall()]
        past = {}
        for version in versions:
            try:
                past[version] = con.execute(READER_SQL.format(at=f" AT (VERSION => {version})")).fetchall()
            except duckdb.Error:
                past[version] = None  # before the tables existed
    finally:
        con.close()
    assert final == [("a_", 10, 10), ("b_", 10, 10)]
    assert copies == (0, 0)  # the tables both runs rewrite whole hold each key once
    assert status == {"processed": 20} and deleted == 0
    assert roots == [(str(landings["a"].resolve()), 10), (str(landings["b"].resolve()), 10)]
    assert twice == 0  # no file written by both runs
    # Each run is one batch, one transaction: every snapshot holds each run whole or not at all,
    # so a reader polling during the runs (``seen``) or pinning any snapshot saw only whole runs.
    for version, snapshot in past.items():
        assert snapshot is None or all(documents == whole == 10 for _, documents, whole in snapshot), (version, snapshot)
    assert [("a_", 10, 10), ("b_", 10, 10)] in past.values()  # the last snapshot, as a check of the check
    assert any(s is not None and len(s) == 1 for s in past.values())  # one run committed before the other
    for snapshot in seen:
        assert all(documents == whole == 10 for _, documents, whole in snapshot), snapshot
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
