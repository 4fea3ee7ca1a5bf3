"""What the text-table assets share: their config, and a stage report → metadata."""
import dagster as dg
import duckdb
from pydantic import Field

from etl.flow.driver import StageReport
from etl.store import summaries

GROUP = "zhfacts"
OWNERS = ["team:zhfacts"]


class StageConfig(dg.Config):
    full_refresh: bool = Field(default=False, description="Reprocess every file, not only pending ones.")
    workers: int = Field(default=0, description="Worker processes; 0 means $ZHFACTS_WORKERS or all cores.")


def stage_metadata(con: duckdb.DuckDBPyConnection, report: StageReport) -> dict:
    """What a stage did in this run, per file (the first 500) and in total."""
    outcomes = summaries.file_outcomes(con, report.stage, report.shown_file_ids)
    metadata = {
        "files": dg.MetadataValue.md(outcomes.fillna("").to_markdown(index=False) if len(outcomes) else "none"),
        "files_processed": report.files,
        "files_quarantined": report.quarantined,
        "rows_written": dg.MetadataValue.json(report.rows),
        "seconds": round(report.seconds, 3),
        "dagster/row_count": con.execute(f"SELECT count(*) FROM {report.stage}").fetchall()[0][0],
    }
    if report.cpu_seconds:
        metadata["worker_cpu_seconds"] = round(report.cpu_seconds, 3)
    return metadata
