"""A real `ingest` run under the job's own executor (ZHFACTS_EXECUTOR), for test_ducklake_multiprocess.

    python -c "from tests.e2e.lake_run import main; main()"  (settings from the environment)

execute_in_process would ignore the executor; execute_job of a reconstructable job runs each
step in its own process. Prints one JSON line: success, and per step its start and end.
"""
from __future__ import annotations

import json
import sys

import dagster as dg


def ingest_job():
    from assets.definitions import defs

    return defs.resolve_job_def("ingest")


def main() -> None:
    steps: dict[str, dict] = {}
    with dg.DagsterInstance.get() as instance:
        result = dg.execute_job(dg.reconstructable(ingest_job), instance=instance,
                                run_config={"execution": {"config": {"max_concurrent": 4}}}, raise_on_error=False)
        for record in instance.get_records_for_run(result.run_id).records:
            event = record.event_log_entry
            if event.dagster_event is None or event.step_key is None:
                continue
            kind = event.dagster_event.event_type_value
            if kind in ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE"):
                steps.setdefault(event.step_key, {})[kind] = event.timestamp
            if kind == "STEP_FAILURE":
                print(event.dagster_event.event_specific_data.error.to_string(), file=sys.stderr)
    print(json.dumps({"success": result.success, "run_id": result.run_id, "steps": steps}))


if __name__ == "__main__":
    main()
