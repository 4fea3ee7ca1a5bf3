"""The DuckLake warehouse mode: the catalog in Postgres, the data files in a directory.

``ZHFACTS_WAREHOUSE=ducklake:postgres:dbname=… host=… port=… user=…`` chooses it, and
``ZHFACTS_LAKE_DATA_PATH`` says where the Parquet files go (a directory here, object
storage in production). Runs write straight into the lake: every commit is a snapshot,
readers see committed snapshots only, and several processes may write at once, so there
is no work file, no publish copy and no writer lock (etl.store.snapshot's file mode).

The same DDL, SQL and views as the DuckDB file, less what DuckLake does not have
(``lake_ddl``): PRIMARY KEY / UNIQUE constraints and per-column compression (Parquet
files are zstd-compressed instead). Checked on duckdb 1.5.5 with DuckLake 1.5.5: views,
COMMENT ON (tables, columns, views), BLOB and MAP columns, DELETE, ``rowid``, temporary
tables and explicit transactions all work.

The extensions are loaded offline from the ``duckdb-extension-ducklake`` and
``duckdb-extension-postgres`` packages, by file path; the postgres one must be loaded under
the name ``postgres_scanner``, so a copy of it by that name is kept in a cache folder.
"""
from __future__ import annotations

import functools
import importlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

PREFIX = "ducklake:"
CATALOG = "lake"  # the name the lake is attached under; USE makes it the default
DATA_PATH_VARIABLE = "ZHFACTS_LAKE_DATA_PATH"
SETUP_ATTEMPTS = 5


def is_lake(target: str | Path) -> bool:
    """Whether a ZHFACTS_WAREHOUSE value names a DuckLake rather than a DuckDB file."""
    return str(target).startswith(PREFIX)


def data_path() -> str:
    """Where the lake's data files live (``ZHFACTS_LAKE_DATA_PATH``), with a trailing slash."""
    path = os.environ.get(DATA_PATH_VARIABLE)
    if not path:
        raise RuntimeError(f"warehouse: ZHFACTS_WAREHOUSE names a DuckLake, so set {DATA_PATH_VARIABLE} "
                           "to the directory (or object storage URL) for its data files")
    if "://" not in path:
        Path(path).mkdir(parents=True, exist_ok=True)
    return path.rstrip("/") + "/"


@functools.cache
def extension_files() -> tuple[str, str]:
    """(ducklake, postgres_scanner) extension files for this duckdb, from their registry packages."""
    found = []
    for package, name in (("duckdb_extension_ducklake", "ducklake"), ("duckdb_extension_postgres", "postgres")):
        try:
            root = Path(importlib.import_module(package).__file__).parent
        except ImportError:
            raise RuntimeError(f"warehouse: DuckLake needs the {package.replace('_', '-')} package "
                               f"(pip install {package.replace('_', '-')}=={duckdb.__version__})") from None
        path = root / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
        if not path.exists():
            raise RuntimeError(f"warehouse: {path} is missing: install {package.replace('_', '-')}=={duckdb.__version__}")
        found.append(path)
    ducklake, postgres = found
    # The postgres extension's entry point is postgres_scanner: DuckDB takes it from the file name.
    cache = Path(tempfile.gettempdir()) / f"zhfacts-duckdb-{duckdb.__version__}-{os.getuid()}"
    cache.mkdir(exist_ok=True)
    scanner = cache / "postgres_scanner.duckdb_extension"
    if not scanner.exists() or scanner.stat().st_size != postgres.stat().st_size:
        tmp = cache / f".postgres_scanner.{os.getpid()}.tmp"
        shutil.copyfile(postgres, tmp)
        os.replace(tmp, scanner)
    return str(ducklake), str(scanner)


# One DuckDB per process and lake, with the extensions loaded and the lake attached: loading
# and attaching cost ~0.6 CPU s, and every asset and check of a run connects. Callers get
# a cursor of it (its own transactions, registrations and temp tables); closing it leaves
# the database open for the next.
_OPEN: dict[tuple[str, str, bool], duckdb.DuckDBPyConnection] = {}


def connect(target: str, read_only: bool = False, config: dict | None = None,
            setup: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> duckdb.DuckDBPyConnection:
    """A connection with the lake as its default catalog; ``setup`` (the schema) runs once per process."""
    key = (target, data_path(), read_only)
    if key not in _OPEN:
        _OPEN[key] = _open(target, read_only, config, setup)
    cursor = _OPEN[key].cursor()
    cursor.execute(f"USE {CATALOG}")
    return cursor


def _open(target: str, read_only: bool, config: dict | None, setup) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config=config or {})
    for extension in extension_files():
        con.execute(f"LOAD '{extension}'")
    options = [f"DATA_PATH {_literal(data_path())}"] + (["READ_ONLY"] if read_only else [])
    # The first ATTACH of a new lake creates its catalog tables in Postgres, and the first
    # writer creates ours: two runs starting together race there, and the loser retries.
    for attempt in range(SETUP_ATTEMPTS):
        try:
            if CATALOG not in {r[0] for r in con.execute("SELECT database_name FROM duckdb_databases()").fetchall()}:
                con.execute(f"ATTACH {_literal(target)} AS {CATALOG} ({', '.join(options)})")
                con.execute(f"USE {CATALOG}")
            if setup is not None:
                setup(con)
            if not read_only:
                con.execute(f"CALL {CATALOG}.set_option('parquet_compression', 'zstd')")
            return con
        except duckdb.Error:
            if attempt == SETUP_ATTEMPTS - 1:
                con.close()
                raise
            time.sleep(0.5 * (attempt + 1))
    raise AssertionError("unreachable")


def in_one_transaction(con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in statements:
            con.execute(statement)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


CLAIM_ATTEMPTS = 20
CLAIM_PREFIX = "claim:"
CLAIMS = ("daily_summary", "text_fingerprints", "failed_files")  # what etl.store writes one writer at a time


def claim_rows() -> list[str]:
    """Statements that (re)make the claim rows; part of a new lake's schema transaction."""
    keys = ", ".join(f"'{CLAIM_PREFIX}{k}'" for k in CLAIMS)
    return [f"DELETE FROM zhfacts_meta WHERE key IN ({keys})",
            "INSERT INTO zhfacts_meta VALUES " + ", ".join(f"('{CLAIM_PREFIX}{k}', '')" for k in CLAIMS)]


def is_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` has a lake as its default catalog (what ``connect`` returns)."""
    return con.execute("SELECT current_database()").fetchone()[0] == CATALOG


def one_writer_at_a_time(con: duckdb.DuckDBPyConnection, key: str, body: Callable[[duckdb.DuckDBPyConnection], object],
                         now) -> object:
    """Run ``body(con)`` in a transaction that first rewrites the row ``key`` of zhfacts_meta, and commit.

    For tables every run rewrites from the whole warehouse (daily_summary, text_fingerprints):
    DuckLake has no keys, so two runs inserting the same rows at once would both commit. Two
    transactions that delete the same row conflict instead, and the later one fails to
    commit: it rolls back and runs ``body`` again, on a snapshot that holds the other's rows.
    """
    key = CLAIM_PREFIX + key
    if not con.execute("SELECT count(*) FROM zhfacts_meta WHERE key = ?", [key]).fetchone()[0]:
        # Deleting a row no one has conflicts with nothing: the row must exist before the
        # first claim (the schema's set-up makes it; a lake set up earlier gets it here).
        con.execute("INSERT INTO zhfacts_meta VALUES (?, '')", [key])
    for attempt in range(CLAIM_ATTEMPTS):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM zhfacts_meta WHERE key = ?", [key])
            con.execute("INSERT INTO zhfacts_meta VALUES (?, ?)", [key, str(now)])
            result = body(con)
            con.execute("COMMIT")
            return result
        except duckdb.TransactionException as exc:
            _rollback(con)
            if "conflict" not in str(exc).lower() or attempt == CLAIM_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
        except BaseException:
            _rollback(con)
            raise
    raise AssertionError("unreachable")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass  # a failed COMMIT has ended the transaction already


def snapshot_id(con: duckdb.DuckDBPyConnection) -> int:
    """The lake's latest committed snapshot."""
    return con.execute(f"SELECT max(snapshot_id) FROM ducklake_snapshots('{CATALOG}')").fetchone()[0]


_PRIMARY_KEY_COLUMN = re.compile(r"\s+PRIMARY KEY(?=\s*[,\n])")
_PRIMARY_KEY_CLAUSE = re.compile(r",\s*PRIMARY KEY\s*\([^)]*\)")
_COMPRESSION = re.compile(r"\s+USING COMPRESSION \w+")


def lake_ddl(ddl: str) -> str:
    """schema.sql as DuckLake takes it: no PRIMARY KEY (inline or as a clause), no per-column compression.

    >>> lake_ddl("CREATE TABLE t (a VARCHAR PRIMARY KEY,\\n b VARCHAR NOT NULL USING COMPRESSION zstd,\\n PRIMARY KEY (a, b)\\n);")
    'CREATE TABLE t (a VARCHAR,\\n b VARCHAR NOT NULL\\n);'
    """
    return _COMPRESSION.sub("", _PRIMARY_KEY_CLAUSE.sub("", _PRIMARY_KEY_COLUMN.sub("", ddl)))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
