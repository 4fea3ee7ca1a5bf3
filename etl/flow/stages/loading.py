"""Reading a later stage's input back from the warehouse: each document with its child rows."""
from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt

import numpy as np
import pandas as pd

from etl.positions import provenance

if TYPE_CHECKING:  # workers never load: duckdb stays out of their memory
    import duckdb


def documents_with_children(con: duckdb.DuckDBPyConnection, file_ids: list[str],
                            children_sql: str) -> list[tuple[str, str, np.ndarray, list[tuple]]]:
    """(file_id, path, raw_offsets, [child rows]) per document, by file_id.

    ``children_sql`` may join the registered frame ``want`` (file_id); its rows start
    with file_id, which is dropped from the child rows.
    """
    from etl.store import warehouse  # here, not above: workers import this module, never the warehouse

    con.register("want", warehouse.key_frame("file_id", file_ids))
    try:
        docs = con.execute(
            "SELECT d.file_id, d.path, d.raw_offsets FROM documents d JOIN want USING (file_id) ORDER BY d.file_id"
        ).fetchall()
        children = con.execute(children_sql).fetchall()
    finally:
        con.unregister("want")
    by_file: dict[str, list] = {}
    for file_id, *rest in children:
        by_file.setdefault(file_id, []).append(tuple(rest))
    return [(f, p, provenance.unpack(bytes(o)), by_file.get(f, [])) for f, p, o in docs]


def as_date(value) -> dt.date | None:
    """A DATE read back from DuckDB or pandas, as a date (None for null)."""
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, dt.datetime) else value
