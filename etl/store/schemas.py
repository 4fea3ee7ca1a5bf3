"""The contracts at work: validate a frame against its table's model, and what a model tells of its table.

The models themselves are in etl.store.models.
"""
from __future__ import annotations

import copy
import functools

import pandas as pd
import pandera.pandas as pa
from pandera.engines.pandas_engine import Engine

from etl.store.models import TEXT_DTYPE, RejectedFacts, RawFiles, Documents, DocumentText, MojibakeRepairs, Quarantine, Articles, Sentences, NumericFacts, DailySummary

__all__ = ["MODELS", "TEXT_DTYPE", "ContractViolation", "columns", "empty", "pandas_dtypes", "validate"]

MODELS: dict[str, type[pa.DataFrameModel]] = {
    "raw_files": RawFiles,
    "documents": Documents,
    "mojibake_repairs": MojibakeRepairs,
    "document_text": DocumentText,
    "quarantine": Quarantine,
    "articles": Articles,
    "sentences": Sentences,
    "numeric_facts": NumericFacts,
    "rejected_facts": RejectedFacts,
    "daily_summary": DailySummary,
}


class ContractViolation(ValueError):
    """A frame broke its table's contract; the write it guarded did not happen."""

    def __init__(self, table: str, failures: pd.DataFrame, total: int):
        self.table = table
        self.failures = failures
        self.total = total
        lines = [f"contract violation in table {table!r}: {total} failing value(s); nothing was written."]
        for row in failures.head(10).itertuples(index=False):
            lines.append(
                f"  column={row.column!r} check={row.check!r} index={row.index!r} value={str(row.failure_case)[:80]!r}"
            )
        super().__init__("\n".join(lines))

    def __reduce__(self):
        # Raised in worker processes: rebuild from the fields, not from the message.
        return (ContractViolation, (self.table, self.failures, self.total))


def empty(table: str) -> pd.DataFrame:
    """An empty frame with ``table``'s columns."""
    return pd.DataFrame(columns=list(MODELS[table].to_schema().columns))


def validate(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Validate ``df`` against ``table``'s model and return the coerced frame.

    Raises ContractViolation naming the table, the column, the check and sample rows.
    """
    to_text = {c: TEXT_DTYPE for c in _text_columns(table) if c in df.columns and df[c].dtype != TEXT_DTYPE}
    if to_text:
        df = df.astype(to_text)  # one cast: quicker than Pandera's column-by-column coercion
    checked = _checked_quickly(table, df)
    if checked is not None:
        return checked
    try:
        return MODELS[table].validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        raise ContractViolation(table, cases, len(cases)) from None


@functools.cache
def _text_columns(table: str) -> list[str]:
    return [name for name, column in MODELS[table].to_schema().columns.items() if column.dtype.type == TEXT_DTYPE]


@functools.cache
def columns(table: str) -> list[str]:
    """``table``'s columns, in the contract's order."""
    return list(MODELS[table].to_schema().columns)


@functools.cache
def pandas_dtypes(table: str) -> dict[str, object]:
    """The pandas dtype of each of ``table``'s columns, as its contract declares it."""
    return {name: column.dtype.type for name, column in MODELS[table].to_schema().columns.items()}


# Pandera's own validate costs ~30 ms per table and batch whatever the rows (3 rows or
# 20,000): with coerce it deep-copies each column's schema, and its dtype check of a
# string column builds and prints an empty failure frame. The quick path runs the same
# model's coercion and checks without those: each column coerced by its own Column,
# dtypes compared by the model's dtypes, then the model's checks with coercion and the
# dtype check (both done) switched off. Any failure goes to the model's full validate,
# so errors are Pandera's own.
@functools.cache
def _quick_parts(table: str) -> tuple[dict, pa.DataFrameSchema]:
    schema = MODELS[table].to_schema()
    coercers = {}
    for name, column in schema.columns.items():
        coercer = copy.deepcopy(column)
        coercer.coerce = True
        coercers[name] = coercer
    checks = schema.update_columns({name: {"coerce": False, "dtype": None} for name in schema.columns})
    checks.coerce = False
    return coercers, checks


def _checked_quickly(table: str, df: pd.DataFrame) -> pd.DataFrame | None:
    """``df`` coerced and checked as ``table``'s model does, or None when anything fails."""
    coercers, checks = _quick_parts(table)
    if len(df.columns) != len(set(df.columns)):
        return None
    columns = {}
    try:
        for name in df.columns:
            column = coercers.get(name)
            series = df[name] if column is None else column.coerce_dtype(df[name])
            if column is not None and column.dtype.check(Engine.dtype(series.dtype)) is not True:
                return None
            columns[name] = series
        out = pd.DataFrame(columns, index=df.index)
        return checks.validate(out, lazy=True, inplace=True)
    except (pa.errors.SchemaError, pa.errors.SchemaErrors, TypeError, ValueError):
        return None
