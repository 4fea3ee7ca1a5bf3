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
import re
import shutil
import tempfile
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


class WarehouseLocked(RuntimeError):
    """A DuckDB file is held by a process outside zhfacts' own writer lock."""


def explain_lock_error(path: str | Path, exc: Exception, published: str | Path | None = None) -> str:
    """What DuckDB's bare "Could not set lock on file" means here, and what to do.

    >>> print(explain_lock_error("/w/z.work.duckdb", OSError('Could not set lock on file "/w/z.work.duckdb": '
    ...       'Conflicting lock is held in /usr/bin/python3 (PID 0).'), "/w/z.duckdb"))  # doctest: +ELLIPSIS
    /w/z.work.duckdb is locked by another process: /usr/bin/python3 (PID 0)...
    """
    found = re.search(r"held in (.+?) \(PID (\d+)\)", str(exc))
    holder = "an unknown process"
    if found:
        holder = f"{found.group(1)} (PID {found.group(2)}{_command_line(found.group(2))})"
    published = Path(published) if published else Path(path)
    return (f"{path} is locked by another process: {holder}. DuckDB lets one process open a file read-write, "
            f"and runs write {work_path(published)}; analysts should never open that one, and should open "
            f"{published} read-only: .venv/bin/zhfacts sql --warehouse {published}, or "
            f"duckdb.connect({str(published)!r}, read_only=True). Close that session (or end that process), "
            "then run again.")


def _command_line(pid: str) -> str:
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return ""
    shown = " ".join(a.decode(errors="replace") for a in args if a)[:120]
    return f": {shown}" if shown else ""


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and "Could not set lock" in str(exc)


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
        remove_stale_spill_dirs()
        try:
            con = connect(work_path(published))
        except duckdb.IOException as exc:
            if is_lock_error(exc):
                raise WarehouseLocked(explain_lock_error(work_path(published), exc, published)) from exc
            raise
        try:
            yield con
        finally:
            con.close()


SPILL_PREFIX = "zhfacts-batches-"
STALE_SPILL_S = 6 * 3600


def remove_stale_spill_dirs(root: str | Path | None = None, max_age_s: float = STALE_SPILL_S) -> list[Path]:
    """Remove spill folders a killed run left in the temp directory; returns them.

    A live run writes into its folder batch after batch, which moves the folder's mtime;
    one untouched for ``max_age_s`` belongs to no run.
    """
    removed, now = [], time.time()
    for folder in Path(root or tempfile.gettempdir()).glob(SPILL_PREFIX + "*"):
        try:
            if folder.is_dir() and not folder.is_symlink() and now - folder.stat().st_mtime > max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        except OSError:
            continue
    return removed


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
        published.with_name(published.name + ".tmp").unlink(missing_ok=True)  # left by a killed publish
        con = connect(work)
        con.execute("CHECKPOINT")
        con.close()
        if is_published(published):
            return Published(published.stat().st_size, copied=False)
        tmp = published.with_name(published.name + ".tmp")
        try:
            shutil.copyfile(work, tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, published)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a partial copy (a full disk, a kill) is never left behind
            raise
        _write_stamp(stamp, _stamp(work, published))
    return Published(published.stat().st_size, copied=True)


def is_published(published: str | Path) -> bool:
    """Whether the published file is a copy of the work file as it is now (neither changed since the last publish)."""
    published = Path(published)
    stamp = published.with_name(published.name + ".stamp")
    try:
        return _read_stamp(stamp) == _stamp(work_path(published), published)
    except OSError:
        return False  # either file missing


def amend_published(published: str | Path, change, timeout_s: float = 600.0) -> bool:
    """Apply ``change(con)`` to a copy of the published file and swap it in; False when there is none.

    For what must reach analysts without publishing the work file, which a failed run may
    have left half written (a failure record): the published file stays a whole run.
    """
    published = Path(published)
    with _exclusive_lock(_lock_path(published), timeout_s):
        if not published.exists():
            return False
        tmp = published.with_name(published.name + ".tmp")
        try:
            shutil.copyfile(published, tmp)
            con = connect(tmp)
            try:
                change(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, published)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return True


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
