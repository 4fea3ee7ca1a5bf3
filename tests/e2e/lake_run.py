"""A real `ingest` run under the job's own executor (ZHFACTS_EXECUTOR), for
test_ducklake_multiprocess and test_celery_ducklake.

    python -c "from tests.e2e.lake_run import main; main()"  (settings from the environment)

execute_in_process would ignore the executor; execute_job of a reconstructable job runs each
step in its own process (or Celery task). Prints one JSON line: success, and per step its
start and end (and, under Celery, when a worker took it).
"""
from __future__ import annotations

import json
import os
import sys

import dagster as dg


def ingest_job():
    from assets.definitions import defs

    return defs.resolve_job_def("ingest")


def main() -> None:
    steps: dict[str, dict] = {}
    with dg.DagsterInstance.get() as instance:
        multiprocess = os.environ.get("ZHFACTS_EXECUTOR") == "multiprocess"  # celery's config comes from the env
        run_config = {"execution": {"config": {"max_concurrent": 4}}} if multiprocess else {}
        result = dg.execute_job(dg.reconstructable(ingest_job), instance=instance, run_config=run_config,
                                raise_on_error=False)
        for record in instance.get_records_for_run(result.run_id).records:
            event = record.event_log_entry
            if event.dagster_event is None or event.step_key is None:
                continue
            kind = event.dagster_event.event_type_value
            if kind in ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE"):
                steps.setdefault(event.step_key, {})[kind] = event.timestamp
            if kind == "ENGINE_EVENT" and "in celery worker" in (event.dagster_event.message or ""):
                steps.setdefault(event.step_key, {})["celery_worker"] = event.timestamp
            if kind == "STEP_FAILURE":
                print(event.dagster_event.event_specific_data.error.to_string(), file=sys.stderr)
    print(json.dumps({"success": result.success, "run_id": result.run_id, "steps": steps}))


if __name__ == "__main__":
    main()
