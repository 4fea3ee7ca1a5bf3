"""One `ingest` run under dagster-celery's executor: every step is a Celery task that a real
worker process runs; Dagster's runs and events are in Postgres (deploy/celery-vm), the text
tables are two shard steps writing one DuckLake catalogued in the same Postgres. The broker
is a directory (kombu's filesystem transport), so no broker server is needed.

Needs the ``scale`` extra (dagster-celery, dagster-postgres): ``make test-scale``."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dagster_celery", reason="the scale extra is not installed (make test-scale)")
pytest.importorskip("dagster_postgres", reason="the scale extra is not installed (make test-scale)")

from etl.flow.driver import in_shard  # noqa: E402
from etl.store import lake  # noqa: E402
from tests.conftest import SEEDS  # noqa: E402
from tests.e2e.lake_run import fill_landing, lake_counts  # noqa: E402
from tests.postgres_server import USER, postgres  # noqa: E402,F401  (the fixture)

REPO = SEEDS.parent
COPIES = 6  # 12 files: both shards get some (file_ids are fixed by the bytes)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _worker(env: dict, config: Path, log: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("dagster-celery")), "worker", "start", "-A", "dagster_celery.app",
               "-y", str(config), "--", "--concurrency=2"]
    return subprocess.Popen(command, env=env, cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def test_an_ingest_run_under_celery_workers_writes_one_ducklake(postgres, tmp_path):  # noqa: F811
    landing = tmp_path / "landing"
    fill_landing(landing, COPIES)
    home = tmp_path / "dagster_home"  # made by conftest's isolated_env
    (home / "dagster.yaml").write_text((REPO / "deploy" / "celery-vm" / "dagster.yaml").read_text())
    postgres.createdb("dagster")
    target = postgres.createdb("celery_lake")
    broker, results = tmp_path / "broker", tmp_path / "results"
    broker.mkdir()
    results.mkdir()
    transport = {"broker_transport_options": {"data_folder_in": str(broker), "data_folder_out": str(broker),
                                          "control_folder": str(tmp_path / "control")}}
    config = tmp_path / "celery.yaml"
    config.write_text(json.dumps({"execution": {"config": {
        "broker": "filesystem://", "backend": f"file://{results}", "config_source": transport}}}))
    env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(REPO),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "DAGSTER_PG_URL": f"postgresql+psycopg2://{USER}@127.0.0.1:{postgres.port}/dagster",
           "ZHFACTS_EXECUTOR": "celery", "ZHFACTS_CELERY_BROKER": "filesystem://",
           "ZHFACTS_CELERY_BACKEND": f"file://{results}", "ZHFACTS_CELERY_CONFIG": json.dumps(transport),
           "ZHFACTS_SHARDS": "2", "ZHFACTS_WAREHOUSE": target, lake.DATA_PATH_VARIABLE: str(tmp_path / "data"),
           "ZHFACTS_RAW_DIR": str(landing), "ZHFACTS_WORKERS": "1"}
    worker = _worker(env, config, tmp_path / "worker.log")
    try:
        done = subprocess.run([sys.executable, "-c", "from tests.e2e.lake_run import main; main()"], env=env,
                              cwd=REPO, capture_output=True, text=True, timeout=1200)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    log = (tmp_path / "worker.log").read_text()
    assert done.returncode == 0, done.stderr[-4000:] + log[-2000:]
    run = json.loads(done.stdout.strip().splitlines()[-1])
    assert run["success"], done.stderr[-4000:] + log[-2000:]
    assert run["steps"] and all("celery_worker" in s and "STEP_SUCCESS" in s for s in run["steps"].values()), run["steps"]
    shards = [run["steps"][f"text_tables.text_tables_shard_{i}"] for i in (0, 1)]
    (start0, end0), (start1, end1) = [(s["STEP_START"], s["STEP_SUCCESS"]) for s in shards]
    assert start0 < end1 and start1 < end0, shards  # the worker ran both shard steps at once

    runs = subprocess.run(["psql" if not (p := Path("/usr/lib/postgresql/15/bin/psql")).exists() else str(p),
                           "-h", "127.0.0.1", "-p", str(postgres.port), "-U", USER, "-d", "dagster", "-tAc",
                           "SELECT status FROM runs"], capture_output=True, text=True, check=True)
    assert runs.stdout.split() == ["SUCCESS"]  # Dagster's own state is in Postgres

    status, documents, facts, whole, _ = lake_counts(target, tmp_path / "data")
    assert status == {"processed": 2 * COPIES}
    assert len(documents) == len(set(documents)) == whole == 2 * COPIES  # each file once, through all four stages
    assert facts[0] == facts[1] > 0
    assert min(sum(in_shard(f, i, 2) for f in documents) for i in (0, 1)) > 0  # both shard steps wrote files
