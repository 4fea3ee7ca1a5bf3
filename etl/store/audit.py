"""What the blocking asset checks re-read from the warehouse, within a memory budget.

Every batch was validated before it was written; the checks re-read rows after the round
trip through DuckDB. A run's checks look at the files it wrote; a check run on its own
(from the UI's "Execute" on a check) looks at the warehouse as it is: every file, or a
stated sample when there are more than ``MAX_FILES_ALONE``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.store.warehouse import OWN_ROOT, key_frame

# Rows re-validated per contract check; beyond that a uniform sample. A sampled text piece
# brings its whole document, so those are bounded by the documents' characters too (at
# 1 GB of corpus, 200 unbounded documents took the writer to 2.5 GB). A documents row
# carries its compressed offset map (~0.25 byte a char).
MAX_VALIDATED_ROWS = {"documents": 2_000, "document_text": 200, "articles": 20_000}
DEFAULT_MAX_VALIDATED_ROWS = 50_000
MAX_VALIDATED_CHARS = {"document_text": 2_000_000}
MAX_FILES_ALONE = 2_000  # files a check run on its own looks at; beyond that a sample


@dataclass(frozen=True)
class Scope:
    """The files a check looks at, and how to say so."""

    file_ids: list[str]
    described: str


def touched_scope(con: duckdb.DuckDBPyConnection, stage: str, since) -> Scope:
    """The files ``stage`` finished since ``since`` (this run's start)."""
    ids = [r[0] for r in con.execute(
        "SELECT file_id FROM stage_progress WHERE stage = ? AND done_at >= ? ORDER BY file_id", [stage, since]).fetchall()]
    return Scope(ids, f"the {len(ids)} file(s) this run wrote")


def warehouse_scope(con: duckdb.DuckDBPyConnection, stage: str, limit: int = MAX_FILES_ALONE) -> Scope:
    """Every file ``stage`` holds, or a sample of ``limit`` of them (for a check run on its own)."""
    total = con.execute("SELECT count(*) FROM stage_progress WHERE stage = ?", [stage]).fetchone()[0]
    if total <= limit:
        ids = [r[0] for r in con.execute(
            "SELECT file_id FROM stage_progress WHERE stage = ? ORDER BY file_id", [stage]).fetchall()]
        return Scope(ids, f"all {total} file(s) in the warehouse (check run on its own)")
    ids = [r[0] for r in con.execute(
        f"SELECT file_id FROM (SELECT file_id FROM stage_progress WHERE stage = ?) USING SAMPLE {int(limit)} ROWS "
        "ORDER BY file_id", [stage]).fetchall()]
    return Scope(ids, f"a uniform sample of {len(ids)} of {total} files in the warehouse (check run on its own)")


def sampled_rows(con: duckdb.DuckDBPyConnection, table: str, scope: str, params: list, rows: int) -> pd.DataFrame:
    """The rows a contract check re-reads: a uniform sample, bounded in rows.

    Row ids are sampled first and the rows read after: USING SAMPLE applies before a WHERE
    in the same SELECT. Text pieces stand for their documents, which are read whole (so
    the check sees whether the pieces tile the text), in sample order while the documents'
    characters stay within budget, and always at least one.
    """
    limit = MAX_VALIDATED_ROWS.get(table, DEFAULT_MAX_VALIDATED_ROWS)
    sample = f" USING SAMPLE {limit} ROWS" if rows > limit else ""
    picked = f"SELECT rowid FROM (SELECT rowid FROM {table}{scope}){sample}"
    if table not in MAX_VALIDATED_CHARS:
        return con.execute(f"SELECT * FROM {table} WHERE rowid IN ({picked})", params).df()
    sized = con.execute(
        f"SELECT p.file_id, d.char_count FROM (SELECT DISTINCT file_id FROM {table} WHERE rowid IN ({picked})) p "
        "JOIN documents d USING (file_id) ORDER BY hash(p.file_id), p.file_id",
        params,
    ).fetchall()
    file_ids, total = [], 0
    for file_id, chars in sized:
        if file_ids and total + chars > MAX_VALIDATED_CHARS[table]:
            break
        file_ids.append(file_id)
        total += chars
    # One document at a time: a filter on file_id is pushed into the scan, which then reads
    # only that document's pieces, whereas a join on row ids reads every text in the table.
    frames = [con.execute(f"SELECT * FROM {table} WHERE file_id = ?", [f]).df() for f in file_ids]
    return pd.concat(frames, ignore_index=True) if frames else con.execute(f"SELECT * FROM {table} LIMIT 0").df()


def unaccounted_paths(con: duckdb.DuckDBPyConnection, landing_root: str) -> pd.DataFrame:
    """Live paths of the landing directory ``landing_root`` with no outcome: neither processed
    nor quarantined, per path. Other directories' entries are their runs' to account for
    (on a DuckLake such a run may be half way at this moment).

    A path whose content another path holds shares that content's outcome
    (v_file_status), so two identical bad files are both quarantined, not one pending.
    """
    return con.execute(
        f"SELECT path, file_id, duplicate_of FROM v_file_status WHERE NOT deleted AND status = 'pending' AND {OWN_ROOT} "
        "ORDER BY path", [landing_root]).df()


def live_paths(con: duckdb.DuckDBPyConnection, landing_root: str) -> int:
    """How many live entries of ``landing_root`` v_file_status lists."""
    return con.execute(f"SELECT count(*) FROM v_file_status WHERE NOT deleted AND {OWN_ROOT}", [landing_root]).fetchone()[0]


FACT_MISMATCH_COLUMNS = ["fact_id", "surface", "at_offsets"]


# Sentences up to this many characters are compared in SQL; longer ones in Python.
SQL_SENTENCE_CHARS = 2_000


def facts_not_matching_text(con: duckdb.DuckDBPyConnection, file_ids: Sequence[str]) -> tuple[pd.DataFrame, int]:
    """Facts of ``file_ids`` whose surface is not the text at their offsets; and how many were checked.

    Facts of ordinary sentences are compared in SQL (at 1 GB of corpus, 4.4 M facts took
    17 s through a Python loop). Those of sentences over ``SQL_SENTENCE_CHARS`` are
    sliced in Python, where a string index costs the same anywhere: DuckDB's substr walks
    a UTF-8 string from its start, so one long sentence with many facts was quadratic
    (3 MB without a full stop added 76 s).
    """
    con.register("touched", key_frame("file_id", file_ids))
    try:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE fact_spans AS
            WITH s AS (
                SELECT sentence_id, text, char_start AS s_start, char_end AS s_end FROM sentences
                WHERE file_id IN (SELECT file_id FROM touched)
            )
            SELECT f.fact_id, f.sentence_id, f.surface, f.char_start, f.char_end, s.s_start, s.s_end,
                   s.sentence_id IS NULL AS orphan, s.s_end - s.s_start > {SQL_SENTENCE_CHARS} AS long_sentence,
                   CASE WHEN s.s_end - s.s_start <= {SQL_SENTENCE_CHARS}
                        AND s.s_start <= f.char_start AND f.char_end <= s.s_end
                        THEN substr(s.text, f.char_start - s.s_start + 1, f.char_end - f.char_start) END AS at_offsets
            FROM numeric_facts f LEFT JOIN s USING (sentence_id)
            WHERE f.file_id IN (SELECT file_id FROM touched)""")
        checked = con.execute("SELECT count(*) FROM numeric_facts WHERE file_id IN (SELECT file_id FROM touched)").fetchone()[0]
        bad = con.execute(
            "SELECT fact_id, surface, at_offsets FROM fact_spans WHERE orphan OR (NOT long_sentence "
            "AND at_offsets IS DISTINCT FROM surface)").fetchall()
        long_facts = con.execute(
            "SELECT fact_id, sentence_id, surface, char_start, char_end FROM fact_spans "
            "WHERE long_sentence ORDER BY sentence_id").fetchall()
        sentences = {sid: (text, start, end) for sid, text, start, end in con.execute(
            "SELECT sentence_id, text, char_start, char_end FROM sentences WHERE file_id IN (SELECT file_id FROM touched) "
            "AND sentence_id IN (SELECT sentence_id FROM fact_spans WHERE long_sentence)").fetchall()}
    finally:
        con.execute("DROP TABLE IF EXISTS fact_spans")
        con.unregister("touched")
    for fact_id, sentence_id, surface, start, end in long_facts:
        text, s_start, s_end = sentences[sentence_id]
        at = text[start - s_start:end - s_start] if s_start <= start and end <= s_end else None
        if at != surface:
            bad.append((fact_id, surface, at))
    return pd.DataFrame(bad, columns=FACT_MISMATCH_COLUMNS), checked
