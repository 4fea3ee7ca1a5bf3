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


def fill_landing(landing, copies: int) -> None:
    """``copies`` distinct copies of each sample file (a line appended), so both shards get files."""
    from tests.conftest import SAMPLE_FILES, SEEDS

    landing.mkdir()
    for n in range(copies):
        for name in SAMPLE_FILES:
            (landing / f"{n:02d}_{name}").write_bytes((SEEDS / name).read_bytes() + f"\n第{n}份。\n".encode())


def lake_counts(target: str, data_path) -> tuple[dict, list[str], tuple[int, int], int, int]:
    """What a DuckLake holds after a run: file status counts, document file_ids, (facts,
    distinct fact_ids), files through all four stages once, and files in daily_summary."""
    import os

    from etl.store import lake, warehouse

    os.environ[lake.DATA_PATH_VARIABLE] = str(data_path)
    try:
        con = warehouse.connect(target, read_only=True)
        try:
            status = dict(con.execute("SELECT status, count(*) FROM v_file_status GROUP BY 1").fetchall())
            documents = [r[0] for r in con.execute("SELECT file_id FROM documents").fetchall()]
            whole = con.execute("SELECT count(*) FROM (SELECT file_id FROM stage_progress GROUP BY 1 "
                                "HAVING count(DISTINCT stage) = 4 AND count(*) = 4)").fetchone()[0]
            facts = con.execute("SELECT count(*), count(DISTINCT fact_id) FROM numeric_facts").fetchone()
            days = con.execute("SELECT sum(files) FROM daily_summary").fetchone()[0]
        finally:
            con.close()
    finally:
        del os.environ[lake.DATA_PATH_VARIABLE]
    return status, documents, facts, whole, days


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
