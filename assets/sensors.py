"""landing_dir_sensor: one run per tick for everything new, changed or deleted."""

import base64
import os
import json
import zlib

import dagster as dg

from etl.flow import scan

from .jobs import ingest_job
from .resources import LandingDirResource


def encode_cursor(fingerprints: dict[str, tuple[int, int, str]]) -> str:
    """Compressed, so that a cursor over 100,000 files stays a few MB at most."""
    raw = json.dumps(fingerprints, separators=(",", ":"), sort_keys=True).encode()
    return base64.b64encode(zlib.compress(raw, 6)).decode()


def decode_cursor(cursor: str | None) -> dict[str, tuple[int, int, str]]:
    if not cursor:
        return {}
    data = json.loads(zlib.decompress(base64.b64decode(cursor)))
    return {path: tuple(value) for path, value in data.items()}


@dg.sensor(
    job=ingest_job,
    minimum_interval_seconds=int(os.environ.get("ZHFACTS_SENSOR_INTERVAL_S", "15")),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches ZHFACTS_RAW_DIR recursively. Files whose size or mtime moved are hashed; "
    "new, changed, deleted or unreadable files start one ingest run for the whole tick.",
)
def landing_dir_sensor(context: dg.SensorEvaluationContext, landing_dir: LandingDirResource) -> dg.SensorResult:
    root = landing_dir.root()
    if not root.is_dir():
        return dg.SensorResult(skip_reason=f"landing directory {root} does not exist")
    changes = scan.detect_changes(root, decode_cursor(context.cursor), pattern=landing_dir.pattern)
    cursor = encode_cursor(changes.fingerprints)
    if not changes.any():
        return dg.SensorResult(skip_reason=f"no changes in {len(changes.fingerprints)} file(s)", cursor=cursor)
    summary = (f"{len(changes.new)} new, {len(changes.changed)} changed, {len(changes.deleted)} deleted, "
               f"{len(changes.unreadable)} unreadable")
    context.log.info(f"landing_dir_sensor: {summary} under {root}")
    request = dg.RunRequest(
        run_key=f"landing-{changes.run_key()}",
        tags={"zhfacts/trigger": "sensor", "zhfacts/changes": summary},
    )
    return dg.SensorResult(run_requests=[request], cursor=cursor)
