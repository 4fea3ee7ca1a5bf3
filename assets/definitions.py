"""The zhfacts code location: assets, checks, resources, jobs, sensor and schedule."""

import dagster as dg

from .articles import articles
from .checks import ALL_CHECKS
from .daily_summary import daily_summary
from .documents import documents
from .jobs import ingest_job
from .numeric_facts import numeric_facts
from .published_warehouse import published_warehouse
from .quarantine import quarantine
from .raw_files import raw_files
from .resources import default_resources
from .schedules import daily_reconcile
from .sensors import landing_dir_sensor
from .sentences import sentences

ALL_ASSETS = [raw_files, documents, articles, sentences, numeric_facts, quarantine, daily_summary, published_warehouse]

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[ingest_job],
    sensors=[landing_dir_sensor],
    schedules=[daily_reconcile],
    resources=default_resources(),
    # One process per run: stages parallelize inside themselves (etl.runner), and a
    # step process per asset would cost seconds of start-up each.
    executor=dg.in_process_executor,
)
