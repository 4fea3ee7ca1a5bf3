"""Materialize the real graph in-process into a temporary warehouse."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.checks import ALL_CHECKS
from assets.definitions import ALL_ASSETS
from assets.resources import LandingDirResource, WarehouseResource


def materialize_all(landing_dir: Path, warehouse_path: Path, instance: dg.DagsterInstance | None = None,
                    selection: list[str] | None = None, **config):
    resources = {"landing_dir": LandingDirResource(path=str(landing_dir)), "warehouse": WarehouseResource(path=str(warehouse_path))}
    stage = {"config": {"workers": 1, **config}}
    run_config = {"ops": {"text_tables": stage}}
    return dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=resources, run_config=run_config,
                          instance=instance, selection=selection, raise_on_error=False)
