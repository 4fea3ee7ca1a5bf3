"""Sensors: one ingest run per tick for what changed in the landing directory (retried with
backoff until it succeeds), a publish after any run that wrote without publishing, and
failed runs recorded per landing entry (v_file_status: failed, with the run and its error)."""

import base64
import json
import os
import time
import zlib

import dagster as dg

from etl.flow import failures, landing, scan
from etl.store.warehouse import utcnow

from .jobs import RUN_RETRY_TAGS, WRITING_ASSETS, ingest_job, publish_job
from .resources import LandingDirResource, WarehouseResource

RETRY_BACKOFF_S = 60  # doubled after each failed attempt, up to RETRY_BACKOFF_MAX_S
RETRY_BACKOFF_MAX_S = 3600
FORGET_UNLAUNCHED_S = 600  # a request with no run after this long was dropped by Dagster
REQUEST_TAG = "zhfacts/request"


def encode_cursor(fingerprints: dict[str, tuple[int, int, str]], outstanding: dict | None = None) -> str:
    """Compressed, so that a cursor over 100,000 files stays a few MB at most."""
    state = {"fingerprints": fingerprints, "outstanding": outstanding or {}}
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    return base64.b64encode(zlib.compress(raw, 6)).decode()


def decode_state(cursor: str | None) -> tuple[dict[str, tuple[int, int, str]], dict]:
    """(fingerprints, outstanding requests) from a cursor; an old cursor held fingerprints alone."""
    if not cursor:
        return {}, {}
    data = json.loads(zlib.decompress(base64.b64decode(cursor)))
    if set(data) != {"fingerprints", "outstanding"}:
        data = {"fingerprints": data, "outstanding": {}}
    return {path: tuple(value) for path, value in data["fingerprints"].items()}, data["outstanding"]


def decode_cursor(cursor: str | None) -> dict[str, tuple[int, int, str]]:
    return decode_state(cursor)[0]


def backoff_s(attempt: int) -> float:
    """Wait before attempt ``attempt + 1``: 60 s, 120 s, 240 s ... at most an hour."""
    return min(RETRY_BACKOFF_S * 2 ** max(attempt - 1, 0), RETRY_BACKOFF_MAX_S)


def _follow_up(instance: dg.DagsterInstance, key: str, request: dict, now: float) -> tuple[str, dg.RunRequest | None]:
    """'done', 'waiting' or 'retry' (with its RunRequest) for an outstanding request."""
    runs = instance.get_runs(filters=dg.RunsFilter(tags={REQUEST_TAG: key}))
    if not runs:
        return ("done" if now - request["at"] > FORGET_UNLAUNCHED_S else "waiting"), None
    if any(r.status == dg.DagsterRunStatus.SUCCESS for r in runs):
        return "done", None
    if any(not r.is_finished for r in runs):
        return "waiting", None  # running, or Dagster's own run retry is under way
    ended = max((instance.get_run_record_by_id(r.run_id).end_time or request["at"]) for r in runs)
    if now - ended < backoff_s(request["attempt"]):
        return "waiting", None
    attempt = request["attempt"] + 1
    return "retry", dg.RunRequest(
        run_key=f"landing-{key}-retry{attempt}",
        tags={**RUN_RETRY_TAGS, REQUEST_TAG: key, "zhfacts/trigger": "sensor retry",
              "zhfacts/changes": request.get("summary", ""), "zhfacts/attempt": str(attempt)},
    )


@dg.sensor(
    job=ingest_job,
    minimum_interval_seconds=int(os.environ.get("ZHFACTS_SENSOR_INTERVAL_S", "15")),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches ZHFACTS_RAW_DIR recursively. Files whose size or mtime moved are hashed; new, changed, "
    "deleted or unreadable entries start one ingest run for the whole tick. A run that failed is requested again "
    "with backoff (1, 2, 4 ... 60 min) until one succeeds.",
)
def landing_dir_sensor(context: dg.SensorEvaluationContext, landing_dir: LandingDirResource,
                       warehouse: WarehouseResource) -> dg.SensorResult:
    root = landing_dir.root()
    if not root.is_dir():
        return dg.SensorResult(skip_reason=f"landing directory {root} does not exist")
    previous, outstanding = decode_state(context.cursor)
    if context.cursor is None:
        # First tick (a new `make ui` after `make demo`): files the warehouse already holds are not new.
        previous = landing.published_fingerprints(warehouse.published_path(), root)
    changes = scan.detect_changes(root, previous, pattern=landing_dir.pattern)
    now, requests = time.time(), []
    for key, request in sorted(outstanding.items()):
        state, retry = _follow_up(context.instance, key, request, now)
        if state == "done":
            del outstanding[key]
        elif retry is not None:
            context.log.info(f"landing_dir_sensor: run for {request.get('summary')} failed; attempt {request['attempt'] + 1}")
            requests.append(retry)
            outstanding[key] = {**request, "attempt": request["attempt"] + 1, "at": now}
    if changes.any():
        summary = (f"{len(changes.new)} new, {len(changes.changed)} changed, {len(changes.deleted)} deleted, "
                   f"{len(changes.unreadable)} unreadable")
        context.log.info(f"landing_dir_sensor: {summary} under {root}")
        key = changes.run_key()
        requests.append(dg.RunRequest(run_key=f"landing-{key}", tags={
            **RUN_RETRY_TAGS, REQUEST_TAG: key, "zhfacts/trigger": "sensor", "zhfacts/changes": summary}))
        outstanding[key] = {"attempt": 1, "at": now, "summary": summary}
    cursor = encode_cursor(changes.fingerprints, outstanding)
    if not requests:
        waiting = f"; {len(outstanding)} failed request(s) waiting to retry" if outstanding else ""
        return dg.SensorResult(skip_reason=f"no changes in {len(changes.fingerprints)} file(s){waiting}", cursor=cursor)
    return dg.SensorResult(run_requests=requests, cursor=cursor)


def needs_publish(materialized: set[str]) -> bool:
    """Whether a run wrote the work file without publishing it (a subset run from the UI)."""
    return bool(materialized & WRITING_ASSETS) and "published_warehouse" not in materialized


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    request_job=publish_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="After a run that wrote the warehouse without publishing it (say numeric_facts alone from the UI), "
    "refresh daily_summary and publish, so analysts see it. Until then published_warehouse shows as stale.",
)
def publish_after_write(context: dg.RunStatusSensorContext):
    run = context.dagster_run
    records = context.instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    materialized = {r.event_log_entry.dagster_event.asset_key.to_user_string() for r in records}
    if not needs_publish(materialized):
        return dg.SkipReason(f"run {run.run_id} published or wrote nothing")
    return dg.RunRequest(run_key=f"publish-after-{run.run_id}",
                         tags={**RUN_RETRY_TAGS, "zhfacts/trigger": "publish after write", "zhfacts/after_run": run.run_id})


FAILURE_LOCK_TIMEOUT_S = 20.0  # a sensor has 60 s; a writer holding the lock longer leaves it to the next failure


def run_error(context: dg.RunFailureSensorContext) -> str:
    """Each failed step's own error (the first cause that is not Dagster's wrapper), or the run's message."""
    messages = []
    for event in context.get_step_failure_events():
        error = event.step_failure_data.error
        while error is not None and error.cls_name.startswith("Dagster") and error.cause is not None:
            error = error.cause
        messages.append(f"{event.step_key}: {error.cls_name}: {error.message.strip()}" if error else event.message)
    return "\n".join(messages) or context.failure_event.message or "run failed"


@dg.run_failure_sensor(
    monitored_jobs=[ingest_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="When an ingest run fails, every landing entry it left without an outcome shows as failed in "
    "v_file_status, with the run id and the error, until a later run processes or quarantines it.",
)
def record_failed_runs(context: dg.RunFailureSensorContext, landing_dir: LandingDirResource,
                       warehouse: WarehouseResource) -> None:
    run_id = context.dagster_run.run_id
    failed = failures.record_failure(warehouse.published_path(), landing_dir.root(), run_id, run_error(context),
                                     utcnow(), pattern=landing_dir.pattern, timeout_s=FAILURE_LOCK_TIMEOUT_S)
    context.log.info(f"record_failed_runs: {failed} entr(ies) marked failed in run {run_id}")
