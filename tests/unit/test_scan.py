import datetime as dt
import os

import pandas as pd

from etl.flow import scan

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
    monkeypatch.setattr(scan, "sha256_file", lambda p: hashed.append(p) or "0" * 64)
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
