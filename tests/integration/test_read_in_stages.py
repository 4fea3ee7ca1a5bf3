"""Issue 17, points 1 and 9 at the documents stage: a file is read there through
etl.flow.entries.read_scanned_file, by its stored path and against its stored hash.

Both failed before the documents stage read that way."""
import os
import shutil

import dagster as dg
import duckdb
import pytest

from tests.conftest import SAMPLE_FILES, SEEDS

from .helpers import materialize_all

def test_a_file_with_a_gbk_name_is_processed(tmp_path, warehouse_path):
    root = tmp_path / "landing"
    root.mkdir()
    with open(os.fsencode(root) + b"/" + "新闻".encode("gbk") + b".txt", "wb") as fh:
        fh.write((SEEDS / SAMPLE_FILES[0]).read_bytes())
    assert materialize_all(root, warehouse_path).success
    con = duckdb.connect(str(warehouse_path), read_only=True)
    assert con.execute("SELECT status FROM v_file_status").fetchall() == [("processed",)]


def test_a_file_rewritten_after_the_scan_is_not_stored_under_its_old_hash(tmp_path, warehouse_path):
    root = tmp_path / "landing"
    root.mkdir()
    shutil.copy(SEEDS / SAMPLE_FILES[0], root / "a.txt")
    from assets.checks import ALL_CHECKS
    from assets.definitions import ALL_ASSETS
    from assets.resources import LandingDirResource, WarehouseResource

    resources = {"landing_dir": LandingDirResource(path=str(root)), "warehouse": WarehouseResource(path=str(warehouse_path))}
    assert dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=resources, selection=["raw_files"]).success
    shutil.copy(SEEDS / SAMPLE_FILES[1], root / "a.txt")  # rewritten between the scan and the decode
    assert materialize_all(root, warehouse_path, selection=dg.AssetSelection.all() - dg.AssetSelection.assets("raw_files")).success
    con = duckdb.connect(str(warehouse_path), read_only=True)
    assert con.execute("SELECT reason FROM quarantine WHERE path = 'a.txt'").fetchall() == [("changed_while_reading",)]
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
