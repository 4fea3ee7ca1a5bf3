"""Compare two zhfacts warehouses table by table: same columns and types, same rows.

    .venv/bin/python scripts/compare_warehouses.py BEFORE.duckdb AFTER.duckdb

Rows are compared as multisets (EXCEPT ALL both ways), leaving out the columns that hold
the time of a run. Tables must have the same columns in the same order; views the same
columns in any order. Exits 1 when any table differs. Used to show that a refactor changed
no output (issue 13).
"""
from __future__ import annotations

import sys

import duckdb

# Columns that hold when a run happened, not what it found.
VOLATILE = {"raw_files": {"first_seen"}, "stage_progress": {"done_at"}, "quarantine": {"quarantined_at"},
            "text_fingerprints": {"documents_done_at"}}  # the documents stage's done_at, copied
SKIPPED = {"zhfacts_meta"}  # the schema fingerprint: it changes with the DDL's text


def _columns(con, db: str) -> dict[str, list[tuple[str, str]]]:
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = ? "
        "ORDER BY table_name, column_index", [db]).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, dtype in rows:
        tables.setdefault(table, []).append((column, dtype))
    return tables


def compare(before: str, after: str) -> list[str]:
    con = duckdb.connect()
    con.execute(f"ATTACH '{before}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{after}' AS b (READ_ONLY)")
    left, right = _columns(con, "a"), _columns(con, "b")
    problems = []
    for table in sorted(set(left) | set(right)):
        if table in SKIPPED:
            continue
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
        same_columns = (sorted(left.get(table) or []) == sorted(right.get(table) or []) if table in views
                        else left.get(table) == right.get(table))  # a view's column order is not its content
        if not same_columns:
            problems.append(f"{table}: columns differ: {left.get(table)} vs {right.get(table)}")
            continue
        kept = ", ".join(f'"{c}"' for c, _ in left[table] if c not in VOLATILE.get(table, set()))
        counts = [con.execute(f"SELECT count(*) FROM {x}.{table}").fetchone()[0] for x in ("a", "b")]
        only = [con.execute(f"SELECT count(*) FROM (SELECT {kept} FROM {x}.{table} EXCEPT ALL SELECT {kept} FROM {y}.{table})")
                .fetchone()[0] for x, y in (("a", "b"), ("b", "a"))]
        status = "same" if only == [0, 0] and counts[0] == counts[1] else "DIFFERENT"
        print(f"{table:20} {counts[0]:>10} rows | {counts[1]:>10} rows | only before {only[0]}, only after {only[1]}: {status}")
        if status != "same":
            problems.append(f"{table}: {only[0]} rows only before, {only[1]} only after")
    return problems


if __name__ == "__main__":
    found = compare(sys.argv[1], sys.argv[2])
    print("\n".join(found) if found else "identical")
    sys.exit(1 if found else 0)
