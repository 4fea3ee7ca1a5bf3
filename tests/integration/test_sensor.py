"""landing_dir_sensor with build_sensor_context: new, changed, unchanged, deleted, unreadable."""
import os

import dagster as dg
import pytest

from assets.resources import LandingDirResource, WarehouseResource
from assets.sensors import decode_cursor, encode_cursor, landing_dir_sensor


def _tick(root, cursor=None, instance=None, warehouse=None):
    resources = {"landing_dir": LandingDirResource(path=str(root))}
    if warehouse is not None:
        resources["warehouse"] = WarehouseResource(path=str(warehouse))
    else:
        resources["warehouse"] = WarehouseResource()  # $ZHFACTS_WAREHOUSE: a temporary path, no file
    context = dg.build_sensor_context(cursor=cursor, instance=instance, resources=resources)
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


# --- Issue 17, point 7: a failed run comes back; point 16: a first tick knows the warehouse ---

def _run_tagged(instance, key, succeed):
    @dg.op
    def step():
        if not succeed:
            raise RuntimeError('Could not set lock on file "zhfacts.work.duckdb"')

    @dg.job(name="ingest")
    def fake_ingest():
        step()

    return fake_ingest.execute_in_process(instance=instance, tags={"zhfacts/request": key}, raise_on_error=False)


def test_a_failed_sensor_run_is_requested_again_with_backoff(tmp_path, instance, monkeypatch):
    from assets import sensors

    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    first = _tick(tmp_path, instance=instance)
    (request,) = first.run_requests
    assert request.tags["dagster/max_retries"] == "2"  # Dagster retries the run itself first
    key = request.tags["zhfacts/request"]
    assert not _run_tagged(instance, key, succeed=False).success
    # Within the backoff: waiting, not forgotten (before, the cursor had moved on: never again).
    waiting = _tick(tmp_path, cursor=first.cursor, instance=instance)
    assert not waiting.run_requests and "waiting to retry" in waiting.skip_reason.skip_message
    monkeypatch.setattr(sensors, "RETRY_BACKOFF_S", 0)
    retried = _tick(tmp_path, cursor=waiting.cursor, instance=instance)
    (again,) = retried.run_requests
    assert again.run_key != request.run_key and again.tags["zhfacts/attempt"] == "2"
    assert again.tags["zhfacts/request"] == key
    assert _run_tagged(instance, key, succeed=True).success
    done = _tick(tmp_path, cursor=retried.cursor, instance=instance)
    assert not done.run_requests and "waiting" not in done.skip_reason.skip_message


def test_backoff_doubles_up_to_an_hour():
    from assets.sensors import backoff_s

    assert [backoff_s(a) for a in (1, 2, 3)] == [60, 120, 240] and backoff_s(30) == 3600


def test_a_first_tick_after_an_ingest_starts_no_run_for_files_already_done(landing_dir, warehouse_path, instance):
    from .helpers import materialize_all

    assert materialize_all(landing_dir, warehouse_path).success
    first = _tick(landing_dir, instance=instance, warehouse=warehouse_path)  # 8 "new" files before
    assert not first.run_requests, first.run_requests[0].tags
    (landing_dir / "new.txt").write_text("## 新\n\n共抽查产品3批次。\n", encoding="utf-8")
    second = _tick(landing_dir, cursor=first.cursor, instance=instance, warehouse=warehouse_path)
    assert "1 new" in second.run_requests[0].tags["zhfacts/changes"]


# --- Issue 17, point 13: publishing follows every write ---

def test_a_subset_run_is_followed_by_a_publish(sample_landing_dir, warehouse_path, instance):
    from assets.sensors import needs_publish, publish_after_write

    from .helpers import materialize_all

    assert materialize_all(sample_landing_dir, warehouse_path, instance=instance).success
    subset = materialize_all(sample_landing_dir, warehouse_path, instance=instance,
                             selection=["numeric_facts"], full_refresh=True)
    assert subset.success
    run = instance.get_run_by_id(subset.run_id)
    (record,) = instance.get_records_for_run(subset.run_id, of_type=dg.DagsterEventType.RUN_SUCCESS).records
    event = record.event_log_entry.dagster_event
    context = dg.build_run_status_sensor_context(sensor_name="publish_after_write", dagster_event=event,
                                                 dagster_instance=instance, dagster_run=run)
    request = publish_after_write(context)
    assert isinstance(request, dg.RunRequest) and request.run_key == f"publish-after-{subset.run_id}"
    assert needs_publish({"raw_files", "numeric_facts"}) and not needs_publish({"numeric_facts", "published_warehouse"})
    assert not needs_publish(set())  # a run of checks alone wrote nothing


def test_a_failed_run_leaves_its_new_file_failed_with_the_run_and_the_error(sample_landing_dir, warehouse_path, instance):
    """Issue 17, point 7: a session held the work file, the run failed at raw_files, and the new
    file was in no status at all."""
    import subprocess
    import sys

    import duckdb

    from assets.resources import LandingDirResource, WarehouseResource
    from assets.sensors import record_failed_runs
    from etl.store import snapshot

    from .helpers import materialize_all

    assert materialize_all(sample_landing_dir, warehouse_path, instance=instance).success
    (sample_landing_dir / "late.txt").write_text("## 迟到\n\n共抽查产品12批次。\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(120)", str(snapshot.work_path(warehouse_path))],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        failed = materialize_all(sample_landing_dir, warehouse_path, instance=instance)
    finally:
        holder.kill()
        holder.wait()
    assert not failed.success
    run = instance.get_run_by_id(failed.run_id)
    (record,) = instance.get_records_for_run(failed.run_id, of_type=dg.DagsterEventType.RUN_FAILURE).records
    resources = {"landing_dir": LandingDirResource(path=str(sample_landing_dir)),
                 "warehouse": WarehouseResource(path=str(warehouse_path))}
    context = dg.build_run_status_sensor_context(
        sensor_name="record_failed_runs", dagster_event=record.event_log_entry.dagster_event,
        dagster_instance=instance, dagster_run=run, resources=resources).for_run_failure()
    record_failed_runs(context)
    con = duckdb.connect(str(warehouse_path), read_only=True)
    status, run_id, error = con.execute(
        "SELECT status, failed_run_id, failed_error FROM v_file_status WHERE path = 'late.txt'").fetchone()
    con.close()
    assert (status, run_id) == ("failed", failed.run_id)
    assert "is locked by another process" in error and "raw_files" in error
    work = duckdb.connect(str(snapshot.work_path(warehouse_path)), read_only=True)
    assert work.execute("SELECT run_id FROM failed_files WHERE path = 'late.txt'").fetchone()[0] == failed.run_id
    work.close()
    assert materialize_all(sample_landing_dir, warehouse_path, instance=instance).success  # it comes back
    con = duckdb.connect(str(warehouse_path), read_only=True)
    assert con.execute("SELECT status FROM v_file_status WHERE path = 'late.txt'").fetchone()[0] == "processed"
    assert con.execute("SELECT count(*) FROM failed_files").fetchone()[0] == 0
