"""Shared fixtures: a temporary landing directory, warehouse and DAGSTER_HOME per test."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed, so a landing is reproducible; local runs
# keep exploring new examples (and found 一万点一 that way).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SAMPLE_FILES = ("000_628889c2a6d9b173.txt", "003_d09a9a5e3ae4f874.txt")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    """Never touch the repo's warehouse or .dagster from a test."""
    monkeypatch.setenv("ZHFACTS_WAREHOUSE", str(tmp_path / "warehouse" / "zhfacts.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("ZHFACTS_WORKERS", "1")
    (tmp_path / "dagster_home").mkdir()


@pytest.fixture
def warehouse_path(tmp_path) -> Path:
    return tmp_path / "warehouse" / "zhfacts.duckdb"


@pytest.fixture
def landing_dir(tmp_path) -> Path:
    """A landing directory holding every file of seeds/ (originals, variants, bad files)."""
    target = tmp_path / "landing"
    shutil.copytree(SEEDS, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture
def sample_landing_dir(tmp_path) -> Path:
    """A landing directory with only the two original samples."""
    target = tmp_path / "samples"
    target.mkdir()
    for name in SAMPLE_FILES:
        shutil.copy2(SEEDS / name, target / name)
    return target
