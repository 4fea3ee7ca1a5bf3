"""End to end through `dagster dev`: drop files, the sensor ingests them, readers never block a run."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.e2e
DEADLINE_S = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql", data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _facts_for(warehouse, path: str) -> int:
    if not warehouse.exists():
        return 0
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return 0
    try:
        return con.execute("SELECT count(*) FROM v_facts WHERE source_path = ?", [path]).fetchone()[0]
    finally:
        con.close()


def _wait_until(predicate, what: str, server) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"dagster dev exited with {server.returncode} while waiting for {what}")
        if predicate():
            return
        time.sleep(2)
    raise AssertionError(f"timed out after {DEADLINE_S} s waiting for {what}")


@pytest.fixture
def dagster_dev(tmp_path):
    home, landing = tmp_path / "home", tmp_path / "landing"
    home.mkdir(), landing.mkdir()
    shutil.copy(REPO / "deploy" / "local" / "dagster.yaml", home / "dagster.yaml")
    warehouse = tmp_path / "wh" / "zhfacts.duckdb"
    port = _free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "ZHFACTS_RAW_DIR": str(landing),
           "ZHFACTS_WAREHOUSE": str(warehouse), "ZHFACTS_WORKERS": "1",
           "ZHFACTS_SENSOR_INTERVAL_S": "3"}
    log = open(tmp_path / "dagster_dev.log", "w")
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "dagster"), "dev", "-w", "workspace.yaml",
         "-h", "127.0.0.1", "-p", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        _wait_until(lambda: _server_up(port), "the webserver", server)
        yield port, landing, warehouse, server
    finally:
        _shut_down(server)
        log.close()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def _shut_down(server) -> None:
    """SIGTERM the whole process group, give it 30 s, then SIGKILL whatever is left."""
    os.killpg(server.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (server.poll() is None or _group_alive(server.pid)):
        time.sleep(0.5)
    if _group_alive(server.pid):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _group_alive(server.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _group_alive(server.pid), "processes of dagster dev survived shutdown"


def _server_up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2):
            return True
    except OSError:
        return False


def test_dropped_files_are_ingested_while_a_reader_holds_the_warehouse(dagster_dev, tmp_path):
    port, landing, warehouse, server = dagster_dev
    shutil.copy(REPO / "seeds" / "variant_000_gb18030.txt", landing / "gb.txt")
    _wait_until(lambda: _facts_for(warehouse, "gb.txt") > 0, "facts of the GB18030 file", server)

    # An analyst keeps a read-only session open in another process during the next run.
    reader = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
         "print(c.execute('select count(*) from v_facts').fetchone()[0], flush=True); time.sleep(600)",
         str(warehouse)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert int(reader.stdout.readline()) > 0
        shutil.copy(REPO / "seeds" / "variant_003_big5hkscs.txt", landing / "big5.txt")
        _wait_until(lambda: _facts_for(warehouse, "big5.txt") > 0, "facts of the Big5 file", server)
        assert reader.poll() is None, "the reader was disturbed"
    finally:
        reader.kill()
        reader.wait()

    runs = _graphql(port, "{ runsOrError { ... on Runs { results { runId status tags { key value } } } } }")
    results = runs["data"]["runsOrError"]["results"]
    assert len(results) >= 2
    assert all(r["status"] == "SUCCESS" for r in results), results
    assert all({"key": "zhfacts/trigger", "value": "sensor"} in r["tags"] for r in results)
