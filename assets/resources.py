"""Resources: where files land and where the warehouse lives.

Defaults come from the environment (see README): ZHFACTS_RAW_DIR, ZHFACTS_WAREHOUSE (a DuckDB
file, or ``ducklake:postgres:…`` with ZHFACTS_LAKE_DATA_PATH), ZHFACTS_FILE_PATTERN,
ZHFACTS_WORKERS. Tests and the CLI pass explicit values.
"""

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import Field

from etl.store import lake, snapshot

DEFAULT_RAW_DIR = "seeds"
DEFAULT_WAREHOUSE = "warehouse/zhfacts.duckdb"


def default_workers() -> int:
    return int(os.environ.get("ZHFACTS_WORKERS") or os.cpu_count() or 1)


def default_shards() -> int:
    """ZHFACTS_SHARDS: steps that take the text tables' files at once (1: one step)."""
    value = os.environ.get("ZHFACTS_SHARDS") or "1"
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"ZHFACTS_SHARDS={value!r}: expected a whole number of steps, 1 or more")
    return int(value)


def warehouse_pool() -> str | None:
    """The concurrency pool of the steps that write: ``warehouse`` for a DuckDB file (one writer;
    its file lock serializes them anyway), none for a DuckLake, which takes several writers at once."""
    return None if lake.is_lake(os.environ.get("ZHFACTS_WAREHOUSE", DEFAULT_WAREHOUSE)) else "warehouse"


class LandingDirResource(dg.ConfigurableResource):
    """The landing directory that raw news files are dropped into."""

    path: str = Field(default_factory=lambda: os.environ.get("ZHFACTS_RAW_DIR", DEFAULT_RAW_DIR))
    pattern: str = Field(default_factory=lambda: os.environ.get("ZHFACTS_FILE_PATTERN", "*"),
                         description="fnmatch pattern for file names, e.g. '*.txt'.")

    def root(self) -> Path:
        return Path(self.path).resolve()


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse. A DuckDB file: runs write a private work file; analysts read the published one.
    A DuckLake (``ducklake:postgres:…``): runs write the lake; analysts read committed snapshots."""

    path: str = Field(default_factory=lambda: os.environ.get("ZHFACTS_WAREHOUSE", DEFAULT_WAREHOUSE),
                      description="The published DuckDB file analysts query, or ducklake:postgres:… (data files in "
                      "ZHFACTS_LAKE_DATA_PATH).")

    def target(self) -> str:
        """What etl.store opens: the published file's absolute path, or the ``ducklake:`` name as given."""
        return self.path if lake.is_lake(self.path) else str(Path(self.path).resolve())

    def published_path(self) -> Path:
        return Path(self.target())

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the work file, holding the single-writer lock."""
        with snapshot.writer(self.target()) as con:
            yield con

    def publish(self) -> snapshot.Published:
        return snapshot.publish(self.target())


def default_resources() -> dict[str, dg.ConfigurableResource]:
    return {"landing_dir": LandingDirResource(), "warehouse": WarehouseResource()}


def run_started(context) -> dt.datetime:
    """When the context's run started, as naive UTC (how the warehouse stores times)."""
    record = context.instance.get_run_record_by_id(context.run.run_id)
    started = record.start_time if record and record.start_time else record.create_timestamp.timestamp()
    return dt.datetime.fromtimestamp(started, dt.timezone.utc).replace(tzinfo=None)
