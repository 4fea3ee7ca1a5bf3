"""The DuckLake warehouse mode on a real Postgres: same tables, views, comments and README queries."""
from __future__ import annotations

import shutil

import pytest

from etl.store import lake, schema_setup, warehouse
from tests.conftest import REPO
from tests.postgres_server import postgres  # noqa: F401  (the fixture)

from .helpers import materialize_all
from .test_readme_queries import QUERIES


@pytest.fixture(scope="module")
def lake_env(postgres, tmp_path_factory):  # noqa: F811
    """A DuckLake target with its data path in ZHFACTS_LAKE_DATA_PATH for the module."""
    data = tmp_path_factory.mktemp("lake-data")
    mp = pytest.MonkeyPatch()
    mp.setenv(lake.DATA_PATH_VARIABLE, str(data))
    yield postgres, data
    mp.undo()


@pytest.fixture(scope="module")
def seeded_lake(lake_env, tmp_path_factory):
    """The seeds ingested into a fresh DuckLake by the real graph (assets and checks)."""
    server, _ = lake_env
    target = server.createdb("readme")
    landing = tmp_path_factory.mktemp("landing") / "seeds"
    shutil.copytree(REPO / "seeds", landing, ignore=shutil.ignore_patterns("*.py"))
    result = materialize_all(landing, target)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return target


def test_lake_ddl_drops_only_what_ducklake_lacks():
    ddl, _ = schema_setup.schema_statements(lake=True)
    code = "\n".join(line for line in ddl.splitlines() if not line.lstrip().startswith("--"))
    assert "PRIMARY KEY" not in code and "USING COMPRESSION" not in code
    assert ddl.count("CREATE TABLE IF NOT EXISTS") == schema_setup.schema_statements()[0].count("CREATE TABLE IF NOT EXISTS")
    assert "CREATE OR REPLACE VIEW v_facts" in ddl


def test_schema_tables_views_and_comments(lake_env, monkeypatch):
    server, _ = lake_env
    con = warehouse.connect(server.createdb("schema"))
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [lake.CATALOG]).fetchall()}
        views = {r[0] for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = ?", [lake.CATALOG]).fetchall()}
        comments = con.execute("SELECT count(*) FROM duckdb_columns() WHERE database_name = ? AND comment IS NOT NULL",
                               [lake.CATALOG]).fetchone()[0]
    finally:
        con.close()
    assert {"raw_files", "documents", "document_text", "numeric_facts", "stage_progress", "zhfacts_meta"} <= tables
    assert {"v_facts", "v_file_status", "v_document_text"} <= views
    assert comments > 50


def test_second_connect_finds_the_schema_in_place(lake_env):
    server, _ = lake_env
    target = server.createdb("again")
    warehouse.connect(target).close()
    con = warehouse.connect(target)
    try:
        before = lake.snapshot_id(con)
        schema_setup.ensure_schema(con, lake=True)  # same fingerprint: no catalog write, no snapshot
        assert lake.snapshot_id(con) == before
    finally:
        con.close()


@pytest.mark.parametrize("sql", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_readme_query_returns_rows_on_ducklake(seeded_lake, sql):
    con = warehouse.connect(seeded_lake, read_only=True)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert rows, f"README query returned nothing on DuckLake:\n{sql}"


@pytest.mark.slow
def test_same_rows_as_a_duckdb_file(seeded_lake, tmp_path):
    """The same files give the same counts in a DuckDB file and in a DuckLake."""
    landing = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", landing, ignore=shutil.ignore_patterns("*.py"))
    path = tmp_path / "zhfacts.duckdb"
    assert materialize_all(landing, path).success
    sql = ("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), (SELECT count(*) FROM numeric_facts), "
           "(SELECT count(*) FROM quarantine), (SELECT sum(value) FROM numeric_facts)")
    counts = []
    for target in (str(path), seeded_lake):
        con = warehouse.connect(target, read_only=True)
        counts.append(con.execute(sql).fetchone())
        con.close()
    assert counts[0] == counts[1]


def test_a_failed_run_is_recorded_in_the_lake(seeded_lake, tmp_path):
    """The CLI and the record_failed_runs sensor record a lake's failed run too (DELETE + INSERT: no keys there)."""
    from etl.flow import failures

    landing = tmp_path / "other"
    landing.mkdir()
    (landing / "never_run.txt").write_text("增长5%。", encoding="utf-8")
    for run_id in ("run-1", "run-2"):  # the second failure replaces the first's row
        assert failures.record_failure(seeded_lake, landing, run_id, "boom", warehouse.utcnow()) == 1
    con = warehouse.connect(seeded_lake, read_only=True)
    try:
        failed = con.execute("SELECT path, status, failed_run_id, landing_root FROM v_file_status "
                             "WHERE status = 'failed'").fetchall()
        others = con.execute("SELECT count(*) FROM v_file_status WHERE status = 'processed'").fetchone()[0]
    finally:
        con.close()
    assert failed == [("never_run.txt", "failed", "run-2", str(landing.resolve()))]
    assert others > 0  # the seeds' directory keeps its files


def test_whole_table_writers_take_turns_on_a_lake(lake_env):
    """Two writers that would both insert the same row: the later commit conflicts on the
    claim row, rolls back and runs again on a snapshot holding the other's row."""
    server, _ = lake_env
    target = server.createdb("claims")
    a = warehouse.connect(target)
    b = lake._open(target, read_only=False, config=None, setup=None)  # a second database: another process's view
    b.execute(f"USE {lake.CATALOG}")

    def fingerprint(con, who):
        if not con.execute("SELECT count(*) FROM text_fingerprints WHERE file_id = 'x'").fetchone()[0]:
            con.execute("INSERT INTO text_fingerprints VALUES ('x', ?, now())", [who])

    attempts = []

    def body_a(con):
        attempts.append("a")
        if len(attempts) == 1:  # b claims, writes and commits while a's transaction is open
            warehouse.write_serialized(b, "text_fingerprints", lambda c: fingerprint(c, "b"))
        fingerprint(con, "a")

    try:
        warehouse.write_serialized(a, "text_fingerprints", body_a)
        rows = a.execute("SELECT file_id, text_md5 FROM text_fingerprints").fetchall()
    finally:
        a.close()
        b.close()
    assert attempts == ["a", "a"]  # a's first commit conflicted
    assert rows == [("x", "b")]  # one row: a's second attempt saw b's


def test_the_fact_text_check_reads_a_lake(seeded_lake):
    """The check compares in SQL through a temporary table, which a read-only lake connection allows."""
    from etl.store import audit

    con = warehouse.connect(seeded_lake, read_only=True)
    try:
        file_ids = [r[0] for r in con.execute("SELECT DISTINCT file_id FROM numeric_facts").fetchall()]
        facts = con.execute("SELECT count(*) FROM numeric_facts").fetchone()[0]
        bad, checked = audit.facts_not_matching_text(con, file_ids)
    finally:
        con.close()
    assert facts > 0 and checked == facts
    assert bad.empty
