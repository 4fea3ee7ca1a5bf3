"""The contracts at work: validate a frame against its table's model, and what a model tells of its table.

The models themselves are in etl.store.models.
"""
from __future__ import annotations

import functools

import pandas as pd
import pandera.pandas as pa

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
