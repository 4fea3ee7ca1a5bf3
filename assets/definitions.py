"""The zhfacts code location: assets, checks, resources and jobs."""
from __future__ import annotations

import dagster as dg

from .articles import articles
from .checks import ALL_CHECKS
from .documents import documents
from .numeric_facts import numeric_facts
from .quarantine import quarantine
from .raw_files import raw_files
from .resources import default_resources
from .sentences import sentences

ALL_ASSETS = [raw_files, documents, articles, sentences, numeric_facts, quarantine]

ingest_job = dg.define_asset_job(
    "ingest",
    selection=dg.AssetSelection.all(),
    description="Scan the landing directory and take every new or changed file through to numeric_facts.",
)

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[ingest_job],
    resources=default_resources(),
    # One process per run: stages parallelize inside themselves (etl.runner), and a
    # step process per asset would cost seconds of start-up each.
    executor=dg.in_process_executor,
)
