"""One writer, many readers: runs write a private work file, analysts read a published copy.

Runs write to a private work file under an exclusive file lock, so writers from any
process are serialized, and the OS drops the lock when a writer dies. Analysts read the
published file, which a run replaces atomically (os.replace) when it completes: a reader
holding it open keeps its snapshot and never blocks a writer.

A DuckLake warehouse (etl.store.lake) needs neither: runs write the lake itself, readers
see committed snapshots, and writers in several processes commit side by side.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.store import lake
from etl.store.warehouse import connect

def work_path(published: str | Path) -> Path:
    """The private file runs write to, beside the published one."""
    published = Path(published)
    return published.with_name(f"{published.stem}.work{published.suffix}")


@contextmanager
def writer(published: str | Path, timeout_s: float = 600.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Connect to the work file while holding the warehouse's writer lock (to the lake itself: no lock)."""
    if lake.is_lake(published):
        con = connect(str(published))
        try:
            yield con
        finally:
            con.close()
        return
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(_lock_path(published), timeout_s):
        con = connect(work_path(published))
        try:
            yield con
        finally:
            con.close()


@contextmanager
def _exclusive_lock(lock_path: Path, timeout_s: float) -> Iterator[None]:
    deadline = time.monotonic() + timeout_s
    with open(lock_path, "a+") as fh:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"warehouse: another writer has held {lock_path} for over {timeout_s:.0f} s") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Published:
    size_bytes: int
    copied: bool  # False: the work file had not changed since the last copy, so none was made
    snapshot_id: int | None = None  # DuckLake: the latest committed snapshot, which readers see


def publish(published: str | Path) -> Published:
    """Copy the work file over the published one atomically, unless it is already there.

    The copy is skipped when neither file changed since the last publish (same size and
    mtime as recorded then, in a stamp file beside them): a run with nothing new writes
    nothing, and copying a multi-GB warehouse would be most of that run's time.
    """
    if lake.is_lake(published):  # every commit is already published
        con = connect(str(published), read_only=True)
        try:
            return Published(0, copied=False, snapshot_id=lake.snapshot_id(con))
        finally:
            con.close()
    published = Path(published)
    work, stamp = work_path(published), published.with_name(published.name + ".stamp")
    with _exclusive_lock(_lock_path(published), 600.0):
        con = connect(work)
        con.execute("CHECKPOINT")
        con.close()
        if published.exists() and _read_stamp(stamp) == _stamp(work, published):
            return Published(published.stat().st_size, copied=False)
        tmp = published.with_name(published.name + ".tmp")
        shutil.copyfile(work, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, published)
        _write_stamp(stamp, _stamp(work, published))
    return Published(published.stat().st_size, copied=True)


def _stamp(work: Path, published: Path) -> dict[str, list[int]]:
    return {p.name: [p.stat().st_size, p.stat().st_mtime_ns] for p in (work, published)}


def _read_stamp(stamp: Path) -> dict | None:
    try:
        return json.loads(stamp.read_text())
    except (OSError, ValueError):
        return None  # no stamp or a torn one: copy


def _write_stamp(stamp: Path, value: dict) -> None:
    tmp = stamp.with_name(stamp.name + ".tmp")
    tmp.write_text(json.dumps(value))
    os.replace(tmp, stamp)


def _lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")
