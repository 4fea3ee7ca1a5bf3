"""One `ingest` run under Dagster's multiprocess executor, its text tables cut into two shard
steps that write one DuckLake at once (a real Postgres 15 catalog, real Dagster, real DuckLake)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from etl.flow.driver import in_shard
from etl.store import lake
from tests.conftest import SEEDS
from tests.e2e.lake_run import fill_landing, lake_counts
from tests.postgres_server import postgres  # noqa: F401  (the fixture)

REPO = SEEDS.parent
COPIES = 12  # 24 files: both shards get some (file_ids are fixed by the bytes, so this never varies)

# ~20 steps, each a process that imports Dagster and the code location: minutes on two cores.
pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_two_shard_steps_write_one_ducklake_at_once(postgres, tmp_path):  # noqa: F811
    landing = tmp_path / "landing"
    fill_landing(landing, COPIES)
    home = tmp_path / "dagster_home"  # made by conftest's isolated_env
    (home / "dagster.yaml").write_text((REPO / "deploy" / "local" / "dagster.yaml").read_text())
    target = postgres.createdb("multiprocess")
    env = {**os.environ, "DAGSTER_HOME": str(home), "ZHFACTS_EXECUTOR": "multiprocess", "ZHFACTS_SHARDS": "2",
           "ZHFACTS_WAREHOUSE": target, lake.DATA_PATH_VARIABLE: str(tmp_path / "data"), "ZHFACTS_RAW_DIR": str(landing),
           "ZHFACTS_WORKERS": "1"}
    done = subprocess.run([sys.executable, "-c", "from tests.e2e.lake_run import main; main()"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    run = json.loads(done.stdout.strip().splitlines()[-1])
    assert run["success"], done.stderr[-4000:]

    shards = [run["steps"][f"text_tables.text_tables_shard_{i}"] for i in (0, 1)]
    assert all("STEP_SUCCESS" in s for s in shards), shards
    (start0, end0), (start1, end1) = [(s["STEP_START"], s["STEP_SUCCESS"]) for s in shards]
    assert start0 < end1 and start1 < end0, shards  # each shard's step started before the other's ended

    status, documents, facts, whole, days = lake_counts(target, tmp_path / "data")
    assert status == {"processed": 2 * COPIES}
    assert len(documents) == len(set(documents)) == whole == 2 * COPIES  # each file once, through all four stages
    assert facts[0] == facts[1] > 0
    assert days == 2 * COPIES
    by_shard = [sum(in_shard(f, i, 2) for f in documents) for i in (0, 1)]
    assert min(by_shard) > 0, by_shard  # both steps wrote files
