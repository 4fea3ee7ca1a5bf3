"""The zhfacts code location: assets, checks, resources, jobs, sensor and schedule."""

import json
import os

import dagster as dg

from .checks import ALL_CHECKS
from .daily_summary import daily_summary
from .jobs import ingest_job, publish_job
from .published_warehouse import published_warehouse
from .quarantine import quarantine
from .raw_files import raw_files
from .resources import default_resources
from .schedules import daily_reconcile
from .sensors import landing_dir_sensor, publish_after_write, record_failed_runs
from .text_tables import text_tables_definition

def executor_from_env() -> dg.ExecutorDefinition:
    """The executor named by ZHFACTS_EXECUTOR, so deployments choose it without a code change.

    in_process (default): one process per run; stages parallelize inside themselves, and a
    step process per asset would cost seconds of start-up each. multiprocess, celery, k8s and
    celery_k8s put steps in processes, Celery workers or pods; a DuckDB file's lock
    serializes writers, a DuckLake takes them at once. celery needs the ``scale`` extra
    (``make test-scale``); k8s and celery_k8s need dagster-k8s or dagster-celery-k8s in the image.
    """
    name = os.environ.get("ZHFACTS_EXECUTOR", "in_process")
    if name == "in_process":
        return dg.in_process_executor
    if name == "multiprocess":
        return dg.multiprocess_executor
    if name == "celery":
        return _celery_executor()
    if name == "k8s":
        from dagster_k8s import k8s_job_executor

        return k8s_job_executor
    if name == "celery_k8s":
        from dagster_celery_k8s import celery_k8s_job_executor

        return celery_k8s_job_executor
    raise ValueError(f"ZHFACTS_EXECUTOR={name!r}: expected in_process, multiprocess, celery, k8s or celery_k8s")


def _celery_executor() -> dg.ExecutorDefinition:
    """dagster_celery's executor, its broker and result backend from ZHFACTS_CELERY_BROKER and
    ZHFACTS_CELERY_BACKEND, and any other Celery setting from ZHFACTS_CELERY_CONFIG (JSON), so
    that runs from the sensor and the schedule reach the workers without run config."""
    from dagster_celery import celery_executor

    config = {key: os.environ[variable] for key, variable in
              (("broker", "ZHFACTS_CELERY_BROKER"), ("backend", "ZHFACTS_CELERY_BACKEND")) if variable in os.environ}
    if "ZHFACTS_CELERY_CONFIG" in os.environ:
        config["config_source"] = json.loads(os.environ["ZHFACTS_CELERY_CONFIG"])
    return celery_executor.configured(config, name="celery_executor") if config else celery_executor


ALL_ASSETS = [raw_files, text_tables_definition(), quarantine, daily_summary, published_warehouse]

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[ingest_job, publish_job],
    sensors=[landing_dir_sensor, publish_after_write, record_failed_runs],
    schedules=[daily_reconcile],
    resources=default_resources(),
    executor=executor_from_env(),
)
