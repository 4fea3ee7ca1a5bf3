"""Issue 17, points 10 and 11: lock errors explained, a full disk named, nothing left behind."""
import errno
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest

from etl.flow.chain import FILE_TABLES
from etl.store import snapshot, warehouse


class _DiskFullConnection:
    """A connection whose insert fails on a full disk, after which DuckDB has ended the transaction."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO raw_files"):
            raise duckdb.IOException('IO Error: Could not write file "w.duckdb.wal": No space left on device')
        if sql == "ROLLBACK":
            raise duckdb.TransactionException("TransactionContext Error: cannot rollback - no transaction is active")
        return self.con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_a_full_disk_says_no_space_left_not_cannot_rollback(tmp_path):
    con = _DiskFullConnection(warehouse.connect(tmp_path / "w.duckdb"))
    frame = pd.DataFrame([{"path": "a", "file_id": "0" * 64, "size_bytes": 1, "mtime": pd.Timestamp(0),
                           "first_seen": pd.Timestamp(0), "deleted": False, "landing_root": "/landing"}])
    empty = pd.DataFrame(columns=["path", "file_id", "stage", "reason", "detail", "quarantined_at"])
    with pytest.raises(duckdb.IOException, match="No space left on device"):
        warehouse.record_scan(con, frame, [], empty, [], FILE_TABLES, landing_root="/landing")


def test_a_failed_publish_leaves_no_partial_copy(tmp_path, monkeypatch):
    published = tmp_path / "z.duckdb"
    with snapshot.writer(published) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS x")

    def full_disk(src, dst):
        with open(dst, "wb") as fh:
            fh.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    with pytest.raises(OSError, match="No space left"):
        snapshot.publish(published)
    assert not published.with_name("z.duckdb.tmp").exists() and not published.exists()
    published.with_name("z.duckdb.tmp").write_bytes(b"left by a killed publish")
    monkeypatch.undo()
    assert snapshot.publish(published).copied
    assert not published.with_name("z.duckdb.tmp").exists()


def test_stale_spill_folders_are_removed_and_live_ones_kept(tmp_path):
    stale, live = tmp_path / "zhfacts-batches-old", tmp_path / "zhfacts-batches-new"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "batch.parquet").write_bytes(b"x")
    old = time.time() - snapshot.STALE_SPILL_S - 60
    os.utime(stale, (old, old))
    assert snapshot.remove_stale_spill_dirs(tmp_path) == [stale]
    assert not stale.exists() and live.exists()


def test_a_held_work_file_is_explained(tmp_path):
    published = tmp_path / "z.duckdb"
    with snapshot.writer(published):
        pass
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(snapshot.work_path(published))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(snapshot.WarehouseLocked) as err:
            with snapshot.writer(published):
                pass
        message = str(err.value)
        assert str(snapshot.work_path(published)) in message  # which file
        assert f"PID {holder.pid}" in message  # who may hold it
        assert "read-only" in message and "zhfacts sql" in message  # what to do
    finally:
        holder.kill()
        holder.wait()
