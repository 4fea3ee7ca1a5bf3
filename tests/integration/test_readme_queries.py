"""The README's SQL queries run against a real warehouse, so they never rot."""
import re

import duckdb
import pytest

from tests.conftest import REPO

from .helpers import materialize_all

QUERIES = re.findall(r"```sql\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), flags=re.S)


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("readme")
    landing = root / "landing"
    shutil.copytree(REPO / "seeds", landing, ignore=shutil.ignore_patterns("*.py"))
    path = root / "zhfacts.duckdb"
    assert materialize_all(landing, path).success
    return path


def test_readme_has_five_queries():
    assert len(QUERIES) >= 5


@pytest.mark.parametrize("sql", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_readme_query_returns_rows(warehouse_file, sql):
    con = duckdb.connect(str(warehouse_file), read_only=True)
    rows = con.execute(sql).fetchall()
    assert rows, f"README query returned nothing:\n{sql}"
