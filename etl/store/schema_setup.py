"""A warehouse's schema set up on connect: tables and views from the models and schema.sql,
older warehouses migrated, comments written; skipped when its fingerprint is current."""
from __future__ import annotations

import functools
import hashlib

import duckdb

from etl.store import catalog, ddl, migrations, schemas
from etl.store import lake as _lake


def ensure_schema(con: duckdb.DuckDBPyConnection, lake: bool = False) -> None:
    """Create tables and views if missing, and (re)write their comments.

    Skipped when the warehouse already has this schema (a fingerprint in zhfacts_meta):
    each COMMENT ON is a catalog write, and every asset and check connects.
    """
    statements, comments = schema_statements(lake)
    fingerprint = hashlib.sha256("\n".join([statements, *comments]).encode()).hexdigest()
    try:
        if con.execute("SELECT value FROM zhfacts_meta WHERE key = 'schema'").fetchall() == [(fingerprint,)]:
            return
    except duckdb.CatalogException:
        pass  # a new warehouse
    migrations.add_new_columns(con)  # an older warehouse's tables first: the views may name new columns
    if lake:  # one commit, not one per statement: each DuckLake commit is a snapshot in Postgres
        return _lake.in_one_transaction(con, [statements, *comments, *_lake.claim_rows(),
                                              "DELETE FROM zhfacts_meta WHERE key = 'schema'",
                                              f"INSERT INTO zhfacts_meta VALUES ('schema', '{fingerprint}')"])
    con.execute(statements)
    migrations.migrate(con)
    for statement in comments:
        con.execute(statement)
    con.execute("INSERT OR REPLACE INTO zhfacts_meta VALUES ('schema', ?)", [fingerprint])


@functools.cache
def schema_statements(lake: bool = False) -> tuple[str, tuple[str, ...]]:
    comments = []
    for table, model in schemas.MODELS.items():
        doc = (model.__doc__ or "").strip().splitlines()[0]
        comments.append(f"COMMENT ON TABLE {table} IS {sql_literal(doc)}")
        for name, field in model.to_schema().columns.items():
            if field.description:
                comments.append(f"COMMENT ON COLUMN {table}.{name} IS {sql_literal(field.description)}")
    extra = catalog.view_comments()
    if lake:  # DuckLake 1.5.5 comments on a view, not on a view's columns
        extra = [c for c in extra if not c.startswith("COMMENT ON COLUMN v_")]
    comments.extend(extra)
    return (_lake.lake_ddl(ddl.schema_sql()) if lake else ddl.schema_sql()), tuple(comments)


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
