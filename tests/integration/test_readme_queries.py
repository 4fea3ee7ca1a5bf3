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


ANALYST = re.search(r"### Three questions an analyst asks first\n(.*?)\n### ", (REPO / "README.md").read_text(encoding="utf-8"),
                    flags=re.S).group(1)
ANALYST_QUERIES = re.findall(r"```sql\n(.*?)```", ANALYST, flags=re.S)


def test_the_analyst_section_answers_three_questions_on_the_demo(warehouse_file):
    money, rates, files = ANALYST_QUERIES
    con = duckdb.connect(str(warehouse_file), read_only=True)
    # Each article's money once, not once per encoding (近6000亿元 showed three times).
    rows = con.execute(money).fetchall()
    surfaces = [r[1] for r in rows]
    assert surfaces and len(surfaces) == len(set(surfaces)), surfaces
    assert all(r[2] is not None for r in rows)  # money has a value
    assert any(r[1] == "96.8%" for r in con.execute(rates).fetchall())
    status = {r[0]: r[1] for r in con.execute(files).fetchall()}
    assert set(status.values()) <= {"processed", "quarantined"} and "pending" not in status.values()
    assert status["bad_empty.txt"] == "quarantined"
