"""The warehouse's DDL: each table's CREATE TABLE made from its Pandera model, then the SQL file.

A column's DuckDB type follows its pandas dtype unless the model's field says
``metadata={"sql": ...}``; ``{"compression": "zstd"}`` picks its compression; a model's
``Config.metadata = {"primary_key": (...)}`` names the key. etl/store/sql/schema.sql
holds what no model describes: bookkeeping tables and the views.
"""
from __future__ import annotations

import functools
from importlib import resources

import pandas as pd
import pandera.pandas as pa

from etl.store.schemas import MODELS


def _sql_type(column: pa.Column) -> str:
    """The DuckDB type of a model column.

    >>> _sql_type(pa.Column(pd.Int64Dtype())), _sql_type(pa.Column(float)), _sql_type(pa.Column(bool))
    ('INTEGER', 'DOUBLE', 'BOOLEAN')
    """
    declared = (column.metadata or {}).get("sql")
    if declared:
        return declared
    dtype = column.dtype.type
    if isinstance(dtype, pd.StringDtype):
        return "VARCHAR"
    if isinstance(dtype, pd.Int64Dtype) or pd.api.types.is_integer_dtype(dtype):
        return "INTEGER"
    if pd.api.types.is_float_dtype(dtype):
        return "DOUBLE"
    if pd.api.types.is_bool_dtype(dtype):
        return "BOOLEAN"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "TIMESTAMP"
    raise TypeError(f"no DuckDB type for column {column.name!r} ({dtype}); give it metadata={{'sql': ...}}")


def create_table(table: str) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for ``table``, from its model."""
    model = MODELS[table]
    key = (getattr(model.Config, "metadata", None) or {}).get("primary_key") or ()
    lines = []
    for name, column in model.to_schema().columns.items():
        line = f"    {name} {_sql_type(column)}"
        if key == (name,):
            line += " PRIMARY KEY"  # implies NOT NULL
        elif not column.nullable:
            line += " NOT NULL"
        compression = (column.metadata or {}).get("compression")
        if compression:
            line += f" USING COMPRESSION {compression}"
        lines.append(line)
    if len(key) > 1:
        lines.append(f"    PRIMARY KEY ({', '.join(key)})")
    return f"CREATE TABLE IF NOT EXISTS {table} (\n" + ",\n".join(lines) + "\n);"


def add_column(table: str, name: str) -> str:
    """``ALTER TABLE ... ADD COLUMN`` for a column an older warehouse lacks (nullable: old rows have no value)."""
    column = MODELS[table].to_schema().columns[name]
    return f"ALTER TABLE {table} ADD COLUMN {name} {_sql_type(column)}"


@functools.cache
def schema_sql() -> str:
    """Every table from its model, then the bookkeeping tables and views of schema.sql."""
    rest = resources.files("etl.store").joinpath("sql/schema.sql").read_text(encoding="utf-8")
    return "\n".join(create_table(t) for t in MODELS) + "\n" + rest
