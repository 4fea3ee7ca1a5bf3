"""Scan the landing directory: which files are new, changed, unchanged or gone.

Only files whose size or mtime changed since the last scan are hashed, so a scan of
many unchanged files costs one ``stat`` each.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

HASH_CHUNK = 1 << 20
RAW_FILES_COLUMNS = ["path", "file_id", "size_bytes", "mtime", "first_seen", "deleted"]


@dataclass(frozen=True)
class FileStat:
    path: str  # relative to the landing directory, with forward slashes
    size_bytes: int
    mtime: dt.datetime  # naive UTC


@dataclass
class ScanResult:
    raw_files: pd.DataFrame  # the whole new state of raw_files
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, detail)
    orphaned_file_ids: list[str] = field(default_factory=list)  # content no path holds any more
    touched: int = 0  # same bytes, new mtime: counted as unchanged, but the stored row moves

    def any_change(self) -> bool:
        """Whether the stored raw_files rows differ from what the scan found (unreadable
        files have no row: compare them with their quarantine rows)."""
        return bool(self.new or self.changed or self.deleted or self.orphaned_file_ids or self.touched)


def iter_landing_files(root: Path, pattern: str = "*") -> Iterator[FileStat]:
    """Yield every regular file under ``root`` whose name matches ``pattern``, in path order."""
    for path, size, mtime_ns in _stat_all(Path(root), pattern):
        mtime = dt.datetime.fromtimestamp(mtime_ns / 1e9, dt.timezone.utc).replace(tzinfo=None)
        yield FileStat(path=path, size_bytes=size, mtime=mtime)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks so large files stay out of memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def scan(root: Path, previous: pd.DataFrame, now: dt.datetime, pattern: str = "*") -> ScanResult:
    """Compare the landing directory with ``previous`` raw_files rows.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("你好")
    >>> empty = pd.DataFrame(columns=RAW_FILES_COLUMNS)
    >>> r = scan(d, empty, dt.datetime(2026, 1, 1)); (r.new, r.unchanged)
    (['a.txt'], 0)
    """
    root = Path(root)
    known = {row.path: row for row in previous.itertuples(index=False)}
    rows, result = [], ScanResult(raw_files=previous.iloc[0:0])
    seen: set[str] = set()
    for stat in iter_landing_files(root, pattern):
        seen.add(stat.path)
        old = known.get(stat.path)
        if old is not None and not old.deleted and old.size_bytes == stat.size_bytes and pd.Timestamp(old.mtime) == pd.Timestamp(stat.mtime):
            result.unchanged += 1
            rows.append(old._asdict())
            continue
        try:
            file_id = sha256_file(root / stat.path)
        except OSError as exc:
            result.unreadable.append((stat.path, f"{stat.path}: scan: unreadable: {exc.strerror or exc}"))
            continue
        if old is None:
            result.new.append(stat.path)
        elif old.file_id != file_id or old.deleted:
            result.changed.append(stat.path)
        else:
            result.unchanged += 1  # touched, same bytes
            result.touched += 1
        rows.append(
            {
                "path": stat.path,
                "file_id": file_id,
                "size_bytes": stat.size_bytes,
                "mtime": stat.mtime,
                "first_seen": old.first_seen if old is not None else now,
                "deleted": False,
            }
        )
    for path, old in known.items():
        if path not in seen:
            if not old.deleted:
                result.deleted.append(path)
            rows.append({**old._asdict(), "deleted": True})
    result.raw_files = pd.DataFrame(rows, columns=RAW_FILES_COLUMNS)
    still_held = set(result.raw_files["file_id"])
    result.orphaned_file_ids = sorted({old.file_id for old in known.values()} - still_held)
    return result


# --- Cheap change detection for the sensor --------------------------------------------
# A fingerprint is (size, mtime_ns, short content hash). Only files whose size or mtime
# moved are hashed; a touched file with the same bytes is not a change.

SHORT_HASH = 16


@dataclass
class Changes:
    fingerprints: dict[str, tuple[int, int, str]]  # the new state, to store as the cursor
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def any(self) -> bool:
        return bool(self.new or self.changed or self.deleted or self.unreadable)

    def run_key(self) -> str:
        """Stable for the same set of changes; includes content hashes, since Dagster never forgets a run key."""
        parts = [f"+{p}:{self.fingerprints[p][2]}" for p in self.new + self.changed]
        parts += [f"-{p}" for p in self.deleted] + [f"!{p}:{self.fingerprints.get(p, ('', '', ''))[:2]}" for p in self.unreadable]
        return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:32]


def detect_changes(root: Path, previous: dict[str, tuple[int, int, str]], pattern: str = "*") -> Changes:
    """Compare the landing directory with the previous fingerprints."""
    root = Path(root)
    current: dict[str, tuple[int, int, str]] = {}
    changes = Changes(fingerprints=current)
    for path, size, mtime_ns in _stat_all(root, pattern):
        old = previous.get(path)
        if old is not None and old[0] == size and old[1] == mtime_ns:
            current[path] = old
            continue
        try:
            short = sha256_file(root / path)[:SHORT_HASH]
        except OSError:
            changes.unreadable.append(path)
            continue
        current[path] = (size, mtime_ns, short)
        if old is None:
            changes.new.append(path)
        elif old[2] != short:
            changes.changed.append(path)
    changes.deleted = sorted(set(previous) - set(current) - set(changes.unreadable))
    return changes


def _stat_all(root: Path, pattern: str) -> Iterator[tuple[str, int, int]]:
    """(relative path, size, mtime_ns) of matching files.

    Hidden files and folders (a leading dot) are skipped: crawlers write partial files
    under such names and rename them when complete.
    """
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not fnmatch.fnmatch(name, pattern):
                continue
            full = os.path.join(folder, name)
            try:
                st = os.stat(full)
            except OSError:
                continue  # vanished between listing and stat; the next scan decides
            yield os.path.relpath(full, root).replace(os.sep, "/"), st.st_size, st.st_mtime_ns
