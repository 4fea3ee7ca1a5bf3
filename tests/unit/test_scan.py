import datetime as dt
import os

import pandas as pd
import pytest

from etl.flow import entries, scan

T0 = dt.datetime(2026, 1, 1)
T1 = dt.datetime(2026, 1, 2)
EMPTY = pd.DataFrame(columns=scan.RAW_FILES_COLUMNS)


def test_new_changed_unchanged_deleted(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / ".partial.txt").write_text("ignored", encoding="utf-8")
    first = scan.scan(tmp_path, EMPTY, T0)
    assert sorted(first.new) == ["a.txt", "sub/b.txt"]
    assert set(first.raw_files["file_id"].str.len()) == {64}

    (tmp_path / "a.txt").write_text("甲乙丙", encoding="utf-8")
    (tmp_path / "sub" / "b.txt").unlink()
    (tmp_path / "c.txt").write_text("丙", encoding="utf-8")
    second = scan.scan(tmp_path, first.raw_files, T1)
    assert second.new == ["c.txt"]
    assert second.changed == ["a.txt"]
    assert second.deleted == ["sub/b.txt"]
    rows = second.raw_files.set_index("path")
    assert bool(rows.loc["sub/b.txt", "deleted"]) is True
    assert rows.loc["a.txt", "first_seen"] == T0
    # a.txt's old content and b.txt's content: b is still held by its deleted row.
    old_a = first.raw_files.set_index("path").loc["a.txt", "file_id"]
    assert second.orphaned_file_ids == [old_a]
    assert second.any_change()


def test_unchanged_files_are_not_hashed(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    first = scan.scan(tmp_path, EMPTY, T0)
    hashed = []
    monkeypatch.setattr(scan, "sha256_file", lambda root, p: hashed.append(p) or ("0" * 64, 1))
    second = scan.scan(tmp_path, first.raw_files, T1)
    assert hashed == [] and second.unchanged == 1 and second.new == []
    assert not second.any_change()


def test_touched_file_with_same_bytes_is_unchanged(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("甲", encoding="utf-8")
    first = scan.scan(tmp_path, EMPTY, T0)
    os.utime(path, (1, 1))
    second = scan.scan(tmp_path, first.raw_files, T1)
    assert second.changed == [] and second.unchanged == 1
    assert second.any_change()  # the stored mtime must move, or every later scan would hash the file again
    assert not scan.scan(tmp_path, second.raw_files, T1).any_change()


def test_pattern_filters_names(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "b.html").write_text("乙", encoding="utf-8")
    assert scan.scan(tmp_path, EMPTY, T0, pattern="*.txt").new == ["a.txt"]


# --- Issue 17: every entry ends in a status, nothing hangs, nothing outside is read -----

def _landing_with_everything(root):
    """Good files beside the entries real landing directories hold (issue 17, points 1-4, 6)."""
    (root / "good.txt").write_text("甲", encoding="utf-8")
    with open(os.fsencode(root) + b"/" + "新闻".encode("gbk") + b".txt", "wb") as fh:  # a GBK name
        fh.write("乙".encode("gbk"))
    os.mkfifo(root / "fifo")
    os.symlink("/dev/zero", root / "zero")
    os.symlink("/etc/passwd", root / "passwd")
    os.symlink("loop", root / "loop")
    os.symlink("nowhere", root / "dangling")
    os.symlink("good.txt", root / "inside")
    (root / "empty1").write_bytes(b"")
    (root / "empty2").write_bytes(b"")


def test_every_entry_gets_a_status_and_nothing_hangs_or_leaves_the_directory(tmp_path):
    _landing_with_everything(tmp_path)
    result = scan.scan(tmp_path, EMPTY, T0)  # hung forever in open() on the FIFO before
    gbk_name = "\\xd0\\xc2\\xce\\xc5.txt"
    assert sorted(result.new) == sorted(["good.txt", gbk_name, "inside", "empty1", "empty2"])
    problems = {p: r for p, r, _ in result.problems}
    assert problems == {"fifo": "not_a_regular_file", "zero": "outside_landing_dir", "passwd": "outside_landing_dir",
                        "loop": "symlink_loop", "dangling": "broken_link"}
    passwd = open("/etc/passwd", "rb").read()
    assert entries.sha256(passwd) not in set(result.raw_files["file_id"])


def test_non_utf8_names_are_stored_readably_and_read_back(tmp_path):
    raw = "新闻".encode("gbk") + b"\\" + b".txt"
    with open(os.fsencode(tmp_path) + b"/" + raw, "wb") as fh:
        fh.write(b"abc")
    (path,) = scan.scan(tmp_path, EMPTY, T0).new
    path.encode("utf-8")  # storable as VARCHAR: raised UnicodeEncodeError (surrogates) before
    assert path == "\\xd0\\xc2\\xce\\xc5\\\\.txt"
    assert entries.path_bytes(path) == raw
    assert entries.read_file(tmp_path, path) == b"abc"


def test_reads_never_block_and_stop_at_the_cap(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(entries.NotReadable) as err:
        entries.read_file(tmp_path, "fifo")  # a FIFO swapped in after the scan
    assert err.value.reason == "not_a_regular_file"
    (tmp_path / "big").write_bytes(b"x" * 100)
    with pytest.raises(entries.NotReadable) as err:
        entries.read_file(tmp_path, "big", max_bytes=10)
    assert err.value.reason == "too_large"
    os.symlink("/etc/passwd", tmp_path / "out")
    with pytest.raises(entries.NotReadable) as err:
        entries.read_file(tmp_path, "out")  # a link swapped in after the scan
    assert err.value.reason == "outside_landing_dir"


def test_a_file_rewritten_after_the_scan_is_not_read_under_its_old_hash(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("甲", encoding="utf-8")
    (row,) = scan.scan(tmp_path, EMPTY, T0).raw_files.itertuples()
    assert entries.read_scanned_file(tmp_path, "a.txt", row.file_id) == "甲".encode()
    path.write_text("乙", encoding="utf-8")
    with pytest.raises(entries.ChangedWhileReading):
        entries.read_scanned_file(tmp_path, "a.txt", row.file_id)


def test_the_hash_is_of_the_bytes_read(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    # The file grows between the stat and the read: size and hash are of what was read.
    real = entries.read_file
    monkeypatch.setattr(entries, "read_file", lambda root, p, *a, **k: real(root, p, *a, **k) + b"!")
    (row,) = scan.scan(tmp_path, EMPTY, T0).raw_files.itertuples()
    assert row.file_id == entries.sha256("甲!".encode()) and row.size_bytes == 4


def test_a_file_that_becomes_a_fifo_is_flagged_deleted_and_quarantined(tmp_path):
    (tmp_path / "a").write_text("甲", encoding="utf-8")
    first = scan.scan(tmp_path, EMPTY, T0)
    (tmp_path / "a").unlink()
    os.mkfifo(tmp_path / "a")
    second = scan.scan(tmp_path, first.raw_files, T1)
    assert second.deleted == ["a"] and [p for p, *_ in second.problems] == ["a"]


def test_sensor_changes_see_special_entries_once(tmp_path):
    _landing_with_everything(tmp_path)
    first = scan.detect_changes(tmp_path, {})
    assert set(first.unreadable) == {"fifo", "zero", "passwd", "loop", "dangling"}
    assert not scan.detect_changes(tmp_path, first.fingerprints).any()
    os.unlink(tmp_path / "dangling")
    (tmp_path / "nowhere").write_text("丙", encoding="utf-8")
    os.symlink("nowhere", tmp_path / "dangling")  # the link now resolves: a new file
    third = scan.detect_changes(tmp_path, first.fingerprints)
    assert set(third.new) == {"dangling", "nowhere"}
