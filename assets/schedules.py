"""A daily reconciling run: whatever the sensor missed is pending, and gets processed."""
import dagster as dg

from .jobs import RUN_RETRY_TAGS, ingest_job

daily_reconcile = dg.ScheduleDefinition(
    name="daily_reconcile",
    job=ingest_job,
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    tags=RUN_RETRY_TAGS,
    description="Every day at 02:00 UTC: rescan, process anything pending, refresh daily_summary.",
)
