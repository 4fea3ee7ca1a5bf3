"""What a worker hands the writer: validated frames spilled to Parquet, stamped with the store's clock.

Workers import this, never etl.store.warehouse: they do not open the warehouse, and
importing duckdb alone adds ~56 MiB to each worker's RSS.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


@dataclass(frozen=True)
class SpilledFrame:
    """A validated frame a worker wrote to a Parquet file, so it never crosses a pipe.

    The writer inserts it straight from the file; its per-file row counts travel along.
    """

    path: str
    rows: int
    rows_per_file: dict[str, int]

    def __len__(self) -> int:
        return self.rows


# A spill is read once, on the same disk: compression, dictionaries and statistics would
# each cost the worker to write and the writer to read.
SPILL_OPTIONS = {"compression": "none", "use_dictionary": False, "write_statistics": False}


def spill(df: pd.DataFrame, path: str | Path) -> SpilledFrame:
    """Write ``df`` to ``path`` as Parquet (``SPILL_OPTIONS``)."""
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), str(path), **SPILL_OPTIONS)
    return SpilledFrame(str(path), len(df), df.groupby("file_id").size().to_dict() if "file_id" in df else {})


def utcnow() -> dt.datetime:
    """Naive UTC timestamp, as DuckDB TIMESTAMP columns store it."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
