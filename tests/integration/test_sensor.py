"""landing_dir_sensor with build_sensor_context: new, changed, unchanged, deleted, unreadable."""
import os

import dagster as dg
import pytest

from assets.resources import LandingDirResource
from assets.sensors import decode_cursor, encode_cursor, landing_dir_sensor


def _tick(root, cursor=None, instance=None):
    context = dg.build_sensor_context(
        cursor=cursor, instance=instance, resources={"landing_dir": LandingDirResource(path=str(root))}
    )
    return landing_dir_sensor(context)


@pytest.fixture
def instance():
    with dg.instance_for_test() as inst:
        yield inst


def test_new_files_make_one_run_for_the_tick(tmp_path, instance):
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"第{i}篇", encoding="utf-8")
    result = _tick(tmp_path, instance=instance)
    assert len(result.run_requests) == 1
    assert "5 new" in result.run_requests[0].tags["zhfacts/changes"]
    assert len(decode_cursor(result.cursor)) == 5


def test_unchanged_and_touched_files_skip(tmp_path, instance):
    path = tmp_path / "a.txt"
    path.write_text("甲", encoding="utf-8")
    first = _tick(tmp_path, instance=instance)
    second = _tick(tmp_path, cursor=first.cursor, instance=instance)
    assert not second.run_requests and "no changes" in second.skip_reason.skip_message
    os.utime(path, (1_000_000, 1_000_000))  # touched, same bytes
    third = _tick(tmp_path, cursor=second.cursor, instance=instance)
    assert not third.run_requests


def test_changed_file_gets_a_new_run_key(tmp_path, instance):
    path = tmp_path / "a.txt"
    path.write_text("甲", encoding="utf-8")
    first = _tick(tmp_path, instance=instance)
    path.write_text("甲乙", encoding="utf-8")
    second = _tick(tmp_path, cursor=first.cursor, instance=instance)
    assert len(second.run_requests) == 1
    assert "1 changed" in second.run_requests[0].tags["zhfacts/changes"]
    assert second.run_requests[0].run_key != first.run_requests[0].run_key
    # Same bytes as the first version again: a content change back, still a new key.
    path.write_text("甲", encoding="utf-8")
    third = _tick(tmp_path, cursor=second.cursor, instance=instance)
    assert third.run_requests and third.run_requests[0].run_key != second.run_requests[0].run_key


def test_deleted_file_triggers_a_run(tmp_path, instance):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    first = _tick(tmp_path, instance=instance)
    (tmp_path / "b.txt").unlink()
    second = _tick(tmp_path, cursor=first.cursor, instance=instance)
    assert "1 deleted" in second.run_requests[0].tags["zhfacts/changes"]
    assert set(decode_cursor(second.cursor)) == {"a.txt"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_triggers_a_run(tmp_path, instance):
    path = tmp_path / "a.txt"
    path.write_text("甲", encoding="utf-8")
    path.chmod(0)
    result = _tick(tmp_path, instance=instance)
    assert "1 unreadable" in result.run_requests[0].tags["zhfacts/changes"]


def test_unreadable_file_via_broken_permissions_as_root(tmp_path, instance, monkeypatch):
    """As root chmod cannot deny reads, so make the hash fail the way an I/O error would."""
    from etl.flow import scan

    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    real = scan.sha256_file

    def failing(root, path):
        if path == "a.txt":
            raise scan.entries.NotReadable(path, "unreadable", "Permission denied")
        return real(root, path)

    monkeypatch.setattr(scan, "sha256_file", failing)
    result = _tick(tmp_path, instance=instance)
    assert "1 unreadable" in result.run_requests[0].tags["zhfacts/changes"]
    assert decode_cursor(result.cursor)["a.txt"][2] == "!unreadable"  # one run for it, not one every tick
    assert not _tick(tmp_path, cursor=result.cursor, instance=instance).run_requests


def test_cursor_round_trip():
    state = {"a/b.txt": (10, 123456789, "0123456789abcdef"), "c.txt": (0, 1, "ffffffffffffffff")}
    assert decode_cursor(encode_cursor(state)) == state
    assert decode_cursor(None) == {}
