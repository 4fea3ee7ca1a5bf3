"""What the landing directory holds, entry by entry, and how to read a file safely.

Every entry the walk meets gets an outcome: a regular file to read, or a problem with a
short reason (``not_a_regular_file``, ``outside_landing_dir``, ``broken_link``,
``symlink_loop``, ``too_large``, ``unreadable``). Special files and links out of the
directory are never opened; files are opened non-blocking, checked to be regular and
inside the directory once open, and read up to a size cap, so nothing can hang a scan.

Names are bytes on Linux and need not be UTF-8 (files unzipped from Windows carry GBK
names). A path is stored as readable text that maps back to its bytes exactly:
``display_path`` and ``path_bytes``.
"""
from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# The decoder refuses more (DecodeOptions.max_bytes); reading more would only fill memory.
MAX_BYTES = 512 << 20
READ_CHUNK = 1 << 20


def display_path(raw: bytes) -> str:
    """Readable text for a path's bytes that maps back to them exactly.

    UTF-8 stays as it is; a byte that is not UTF-8 shows as ``\\xNN`` and a backslash
    as ``\\\\``, so two different names never show the same.

    >>> display_path("新闻/a.txt".encode())
    '新闻/a.txt'
    >>> display_path("新闻".encode("gbk") + b".txt")
    '\\\\xd0\\\\xc2\\\\xce\\\\xc5.txt'
    >>> path_bytes(display_path(b"a\\\\b\\xff")) == b"a\\\\b\\xff"
    True
    """
    try:
        return raw.decode("utf-8").replace("\\", "\\\\")  # nearly every name: no per-character look
    except UnicodeDecodeError:
        text = raw.decode("utf-8", "surrogateescape").replace("\\", "\\\\")
    return "".join(f"\\x{ord(ch) - 0xDC00:02x}" if "\udc80" <= ch <= "\udcff" else ch for ch in text)


def path_bytes(display: str) -> bytes:
    """The bytes of a path stored with ``display_path``."""
    out, i = bytearray(), 0
    while i < len(display):
        ch = display[i]
        if ch == "\\" and display[i + 1:i + 2] == "\\":
            out += b"\\"
            i += 2
        elif ch == "\\" and display[i + 1:i + 2] == "x":
            out.append(int(display[i + 2:i + 4], 16))
            i += 4
        else:
            out += ch.encode("utf-8")
            i += 1
    return bytes(out)


@dataclass(frozen=True)
class Entry:
    """One entry of the landing directory, as a walk found it."""

    path: str  # display_path of the path relative to the landing directory
    size_bytes: int
    mtime_ns: int
    problem: tuple[str, str] | None = None  # (reason, detail) when it is not a file to read


class NotReadable(OSError):
    """A landing entry that must not or cannot be read: ``reason`` says which."""

    def __init__(self, path: str, reason: str, detail: str):
        super().__init__(f"{path}: scan: {reason}: {detail}")
        self.path, self.reason, self.detail = path, reason, detail


def iter_entries(root: Path, pattern: str = "*") -> Iterator[Entry]:
    """Every entry under ``root`` whose name matches ``pattern``, in path order.

    Hidden files and folders (a leading dot) are skipped: crawlers write partial files
    under such names and rename them when complete. Links to folders are not followed.
    """
    base = os.fsencode(os.path.realpath(root))
    every = pattern == "*"
    for folder, dirs, names in os.walk(base):
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        dirs[:] = sorted(d for d in dirs if not d.startswith(b".") and d not in links)
        # os.walk's folders start with base: the relative path is a slice, not an os.path.relpath
        prefix = folder[len(base):].lstrip(b"/")
        for name in sorted(names + links):
            if name.startswith(b".") or not (every or fnmatch.fnmatch(display_path(name), pattern)):
                continue
            full = os.path.join(folder, name)
            entry = _classify(base, full, display_path(os.path.join(prefix, name) if prefix else name))
            if entry is not None:
                yield entry


def _classify(base: bytes, full: bytes, shown: str) -> Entry | None:
    try:
        st = os.lstat(full)
    except FileNotFoundError:
        return None  # vanished between listing and stat; the next scan decides
    except OSError as exc:
        return Entry(shown, 0, 0, ("unreadable", exc.strerror or str(exc)))
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.stat(full)
        except OSError as exc:
            reason = "symlink_loop" if exc.errno == errno.ELOOP else (
                "broken_link" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else "unreadable")
            return Entry(shown, 0, st.st_mtime_ns, (reason, f"link to {_target(full)}: {exc.strerror}"))
        if not _inside(base, os.path.realpath(full)):
            return Entry(shown, 0, st.st_mtime_ns, ("outside_landing_dir", f"link to {_target(full)}, not followed"))
        st = target
    if not stat.S_ISREG(st.st_mode):
        return Entry(shown, 0, st.st_mtime_ns, ("not_a_regular_file", f"a {_kind(st.st_mode)}, not read"))
    if st.st_size > MAX_BYTES:
        return Entry(shown, st.st_size, st.st_mtime_ns, ("too_large", f"{st.st_size} bytes, over the cap of {MAX_BYTES}"))
    return Entry(shown, st.st_size, st.st_mtime_ns)


def _inside(base: bytes, real: bytes) -> bool:
    return real == base or real.startswith(base.rstrip(b"/") + b"/")


def _target(full: bytes) -> str:
    try:
        return display_path(os.readlink(full))
    except OSError:
        return "?"


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def resolved_root(root: Path) -> bytes:
    """``root``'s real path, as read_file checks files against it (resolve it once for many files)."""
    return os.fsencode(os.path.realpath(root))


def read_file(root: Path, path: str, max_bytes: int = MAX_BYTES, base: bytes | None = None) -> bytes:
    """The bytes of the landing file at ``path`` (a display path), read safely.

    Opened non-blocking (a FIFO put in a file's place does not hang), then checked to be
    a regular file inside ``root`` (a link swapped in is not followed out), and read up
    to ``max_bytes``. Raises NotReadable with the reason. ``base``: ``resolved_root(root)``.
    """
    base = base or resolved_root(root)
    full = os.path.join(base, path_bytes(path))
    try:
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        reason = "symlink_loop" if exc.errno == errno.ELOOP else "unreadable"
        raise NotReadable(path, reason, exc.strerror or str(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(path, "not_a_regular_file", f"a {_kind(st.st_mode)}, not read")
        real = _opened_path(fd, full)
        if not _inside(base, real):
            raise NotReadable(path, "outside_landing_dir", f"resolves to {display_path(real)}, not read")
        chunks, total = [], 0
        while chunk := os.read(fd, READ_CHUNK):
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise NotReadable(path, "too_large", f"over the cap of {max_bytes} bytes")
        return b"".join(chunks)
    except NotReadable:
        raise
    except OSError as exc:
        raise NotReadable(path, "unreadable", exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def _opened_path(fd: int, full: bytes) -> bytes:
    try:
        return os.readlink(f"/proc/self/fd/{fd}".encode())  # what was opened, not what the name points to now
    except OSError:
        return os.path.realpath(full)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ChangedWhileReading(NotReadable):
    """The file's bytes are not the ones the scan hashed: it was rewritten since."""


def read_scanned_file(root: Path, path: str, file_id: str, max_bytes: int = MAX_BYTES, base: bytes | None = None) -> bytes:
    """The bytes of ``path``, provided they are still those whose sha256 is ``file_id``.

    A file rewritten after the scan would otherwise store its new text under its old
    file_id; raising instead leaves it to the next scan, which hashes the new bytes.
    """
    data = read_file(root, path, max_bytes, base)
    if sha256(data) != file_id:
        raise ChangedWhileReading(path, "changed_while_reading",
                                  f"its bytes no longer hash to {file_id[:16]}…; the next scan takes the new content")
    return data
