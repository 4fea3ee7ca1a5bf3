"""What a stage returns for a batch, and how its rows meet their contracts.

A file that fails inside a stage is quarantined with the step and the reason; it never
stops the batch. A file whose rows break a contract is quarantined too, its rows are not
written and it is not handed on; a violation no file can be blamed for stops the batch.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.store import schemas
from etl.store.frames import utcnow

QUARANTINE_COLUMNS = list(schemas.empty("quarantine").columns)


def _no_quarantine() -> pd.DataFrame:
    return pd.DataFrame(columns=QUARANTINE_COLUMNS)


@dataclass
class StageOutput:
    file_ids: list[str]  # every file the batch finished, ok or quarantined
    frames: dict[str, pd.DataFrame]  # table → rows to write
    quarantine: pd.DataFrame = field(default_factory=_no_quarantine)
    handed_on: list = field(default_factory=list)  # the next stage's input records, one per file that went on


def quarantine_row(path: str, file_id: str | None, step: str, reason: str, detail: str) -> dict:
    return {"path": path, "file_id": file_id, "stage": step, "reason": reason, "detail": detail,
            "quarantined_at": utcnow()}


def quarantine_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=QUARANTINE_COLUMNS)


def internal_error(path: str, file_id: str, step: str, exc: Exception) -> dict:
    """A quarantine row for an exception nobody expected: a bug to fix, named where it happened."""
    where = traceback.extract_tb(exc.__traceback__)[-1]
    detail = f"{path}: {step}: internal error {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
    return quarantine_row(path, file_id, step, "internal_error", detail)


def validated(output: StageOutput, paths: dict[str, str], step: str,
              rejects: dict[str, str] | None = None) -> StageOutput:
    """Check a batch's frames against their contracts, in the worker that made them.

    A table named in ``rejects`` (table → its rejected-rows table) drops a row that breaks
    its contract and records it there, with the check and the value; the file goes on.
    Otherwise the rows of a file that break a contract are not written, its previous rows
    stay and it stays pending, so the next run retries it: the file is quarantined with
    the table, column, check and value, and the other files of the batch go on. A violation
    that no row can be blamed for raises ContractViolation, so the batch is not written.
    """
    rejects = rejects or {}
    while True:
        try:
            output.frames = {t: schemas.validate(t, df) for t, df in output.frames.items() if len(df)}
            break
        except schemas.ContractViolation as exc:
            frame = output.frames[exc.table]
            rows = _rows_to_blame(exc, frame)
            if rows is None:
                raise
            if exc.table in rejects:
                output.frames[exc.table] = frame.drop(index=rows)
                rejected = rejected_rows(frame.loc[rows], exc.failures)
                earlier = output.frames.get(rejects[exc.table])
                output.frames[rejects[exc.table]] = rejected if earlier is None or not len(earlier) else pd.concat(
                    [earlier, rejected], ignore_index=True)
                continue
            output = _without_files(output, set(frame.loc[rows, "file_id"]), paths, step, exc)
    if len(output.quarantine):
        output.quarantine = schemas.validate("quarantine", output.quarantine)
    return output


def _rows_to_blame(exc: schemas.ContractViolation, frame: pd.DataFrame) -> list | None:
    """The index labels of the failing rows, or None for a failure of the whole frame."""
    rows = pd.to_numeric(exc.failures["index"], errors="coerce").dropna().astype(int)
    if len(rows) < len(exc.failures) or "file_id" not in frame:
        return None  # a column-level failure (a missing column, a wrong type): a code bug
    blamed = frame.index[frame.index.isin(rows)]
    return list(blamed) if len(blamed) else None


REJECTED_KEEPS = ("fact_id", "sentence_id", "article_id", "file_id", "surface", "kind", "value", "value_high", "unit")


def rejected_rows(rows: pd.DataFrame, failures: pd.DataFrame) -> pd.DataFrame:
    """Rows that broke their contract, each with the first check it broke.

    A check on one column names it and its value; a check across columns names neither.
    """
    first = failures.assign(index=pd.to_numeric(failures["index"], errors="coerce")).drop_duplicates("index")
    by_row = first.set_index("index")
    one_column = by_row["schema_context"].eq("Column")
    out = rows[[c for c in REJECTED_KEEPS if c in rows]].copy()
    out["check_name"] = by_row["check"].reindex(rows.index).astype(str).to_numpy()
    out["column_name"] = by_row["column"].where(one_column).reindex(rows.index).to_numpy()
    out["failure_value"] = by_row["failure_case"].where(one_column).reindex(rows.index).map(
        lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v)[:200]).to_numpy()
    return out.reset_index(drop=True)


def _without_files(output: StageOutput, file_ids: set[str], paths: dict[str, str], step: str,
                   exc: schemas.ContractViolation) -> StageOutput:
    failure = exc.failures.iloc[0]
    rows = [
        quarantine_row(
            paths.get(f, f), f, step, "contract_violation",
            f"{paths.get(f, f)}: {step}: rows for table {exc.table!r} break the contract: "
            f"column={failure['column']!r} check={failure['check']!r} value={str(failure['failure_case'])[:120]!r}",
        )
        for f in sorted(file_ids)
    ]
    frames = {t: df[~df["file_id"].isin(file_ids)] if len(df) else df for t, df in output.frames.items()}
    quarantine = pd.concat([output.quarantine, pd.DataFrame(rows)], ignore_index=True) if len(output.quarantine) else pd.DataFrame(rows)
    return StageOutput(
        file_ids=[f for f in output.file_ids if f not in file_ids],
        frames=frames,
        quarantine=quarantine,
        handed_on=[r for r in output.handed_on if r.file_id not in file_ids],
    )
