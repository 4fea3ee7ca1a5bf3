"""Scan the landing directory: which files are new, changed, unchanged or gone, and which
entries are not read at all (etl.flow.entries says why).

Only files whose size or mtime changed since the last scan are hashed, so a scan of
many unchanged files costs one ``stat`` each.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from etl.flow import entries

RAW_FILES_COLUMNS = ["path", "file_id", "size_bytes", "mtime", "first_seen", "deleted", "landing_root"]


@dataclass
class ScanResult:
    raw_files: pd.DataFrame  # the whole new state of raw_files
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    # Entries not read, quarantined at stage scan: (path, reason, detail).
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    orphaned_file_ids: list[str] = field(default_factory=list)  # content no path holds any more
    touched: int = 0  # same bytes, new mtime: counted as unchanged, but the stored row moves

    def any_change(self) -> bool:
        """Whether the stored raw_files rows differ from what the scan found (entries not
        read have no row: compare them with their quarantine rows)."""
        return bool(self.new or self.changed or self.deleted or self.orphaned_file_ids or self.touched)


def sha256_file(root: Path, path: str, base: bytes | None = None) -> tuple[str, int]:
    """(hex sha256, size) of the bytes of a landing file, read safely (entries.read_file)."""
    data = entries.read_file(root, path, base=base)
    return entries.sha256(data), len(data)


def _utc(mtime_ns: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(mtime_ns / 1e9, dt.timezone.utc).replace(tzinfo=None)


def scan(root: Path, previous: pd.DataFrame, now: dt.datetime, pattern: str = "*") -> ScanResult:
    """Compare the landing directory with ``previous`` raw_files rows (its own: etl.flow.landing scopes them).

    Every entry ends in the result: a raw_files row, or a problem (quarantined at scan).
    An entry that was a file and is now a problem keeps its old row, flagged deleted.
    Every row names ``root`` as its landing_root.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("你好")
    >>> empty = pd.DataFrame(columns=RAW_FILES_COLUMNS)
    >>> r = scan(d, empty, dt.datetime(2026, 1, 1)); (r.new, r.unchanged)
    (['a.txt'], 0)
    """
    root = Path(root)
    landing_root = str(root)
    known = {row.path: row for row in previous.itertuples(index=False)}
    rows, result = [], ScanResult(raw_files=previous.iloc[0:0])
    seen: set[str] = set()
    base = entries.resolved_root(root)  # once a scan, not once a file
    for entry in entries.iter_entries(root, pattern):
        if entry.problem:
            result.problems.append((entry.path, *entry.problem))
            continue
        mtime = _utc(entry.mtime_ns)
        old = known.get(entry.path)
        if old is not None and not old.deleted and old.size_bytes == entry.size_bytes and pd.Timestamp(old.mtime) == pd.Timestamp(mtime):
            seen.add(entry.path)
            result.unchanged += 1
            rows.append({**old._asdict(), "landing_root": landing_root})
            continue
        try:
            file_id, size = sha256_file(root, entry.path, base)
        except entries.NotReadable as exc:
            result.problems.append((entry.path, exc.reason, exc.detail))
            continue
        seen.add(entry.path)
        if old is None:
            result.new.append(entry.path)
        elif old.file_id != file_id or old.deleted:
            result.changed.append(entry.path)
        else:
            result.unchanged += 1  # touched, same bytes
            result.touched += 1
        rows.append(
            {
                "path": entry.path,
                "file_id": file_id,
                "size_bytes": size,  # what was hashed, even if the file grew since its stat
                "mtime": mtime,
                "first_seen": old.first_seen if old is not None else now,
                "deleted": False,
                "landing_root": landing_root,
            }
        )
    for path, old in known.items():
        if path not in seen:
            if not old.deleted:
                result.deleted.append(path)
            rows.append({**old._asdict(), "deleted": True, "landing_root": landing_root})
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
    unreadable: list[str] = field(default_factory=list)  # entries not read, new or with a new reason

    def any(self) -> bool:
        return bool(self.new or self.changed or self.deleted or self.unreadable)

    def run_key(self) -> str:
        """Stable for the same set of changes; includes content hashes, since Dagster never forgets a run key."""
        parts = [f"+{p}:{self.fingerprints[p][2]}" for p in self.new + self.changed]
        parts += [f"-{p}" for p in self.deleted] + [f"!{p}:{self.fingerprints[p]}" for p in self.unreadable]
        return hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()[:32]


def detect_changes(root: Path, previous: dict[str, tuple[int, int, str]], pattern: str = "*") -> Changes:
    """Compare the landing directory with the previous fingerprints.

    An entry that is not read (a FIFO, a link out of the directory, ...) is fingerprinted
    by its reason (``!reason``), so it starts one run, not a run every tick.
    """
    root = Path(root)
    current: dict[str, tuple[int, int, str]] = {}
    changes = Changes(fingerprints=current)
    for entry in entries.iter_entries(root, pattern):
        old = previous.get(entry.path)
        if entry.problem:
            fingerprint = (entry.size_bytes, entry.mtime_ns, "!" + entry.problem[0])
        elif old is not None and old[0] == entry.size_bytes and old[1] == entry.mtime_ns and not old[2].startswith("!"):
            current[entry.path] = old
            continue
        else:
            try:
                fingerprint = (entry.size_bytes, entry.mtime_ns, sha256_file(root, entry.path)[0][:SHORT_HASH])
            except entries.NotReadable as exc:
                fingerprint = (entry.size_bytes, entry.mtime_ns, "!" + exc.reason)
        current[entry.path] = fingerprint
        if fingerprint[2].startswith("!"):
            if old != fingerprint:
                changes.unreadable.append(entry.path)
        elif old is None or old[2].startswith("!"):
            changes.new.append(entry.path)
        elif old[2] != fingerprint[2]:
            changes.changed.append(entry.path)
    changes.deleted = sorted(set(previous) - set(current))
    return changes
