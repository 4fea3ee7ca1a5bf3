"""etl.flow.nothing_new: when a run would change nothing, and every way it would."""
from __future__ import annotations

import os

import pytest

from etl.flow import landing, nothing_new
from etl.flow.chain import CHAIN
from etl.flow.driver import run_selection
from etl.flow.records import ChainSettings
from etl.store import snapshot, summaries


def _run(landing_dir, published) -> None:
    """What an ingest run does to the warehouse, without Dagster: scan, the chain, summaries, publish."""
    with snapshot.writer(published) as con:
        landing.record_landing_scan(con, landing_dir)
        run_selection(con, CHAIN, ChainSettings(landing_dir=str(landing_dir)), log=lambda _: None)
        summaries.refresh_summaries(con)
    snapshot.publish(published)


@pytest.fixture
def ingested(sample_landing_dir, warehouse_path):
    (sample_landing_dir / "empty.txt").write_bytes(b"")  # quarantined: done, not pending
    os.mkfifo(sample_landing_dir / "pipe")  # not read: quarantined at scan
    assert nothing_new.why_nothing_new(warehouse_path, sample_landing_dir) is None  # nothing published yet
    _run(sample_landing_dir, warehouse_path)
    return sample_landing_dir, warehouse_path


def test_nothing_new_after_a_run(ingested):
    root, published = ingested
    reason = nothing_new.why_nothing_new(published, root)
    assert reason is not None and "3 file(s) and 1 unread" in reason


@pytest.mark.parametrize("change", ["new", "changed", "deleted", "touched", "unread", "pending", "failed", "unpublished"])
def test_anything_new_needs_a_run(ingested, change):
    root, published = ingested
    first = sorted(p for p in root.iterdir() if p.suffix == ".txt" and p.stat().st_size)[0]
    if change == "new":
        (root / "new.txt").write_text("新华社北京电 今年一季度国内生产总值同比增长5.3%。\n", encoding="utf-8")
    elif change == "changed":
        first.write_bytes(first.read_bytes() + "又增加了3家。\n".encode())
    elif change == "deleted":
        first.unlink()
    elif change == "touched":  # same bytes, new mtime: the run stores the new mtime
        os.utime(first, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 10**9))
    elif change == "unread":
        os.unlink(root / "pipe")
    elif change in ("pending", "failed"):  # written and published: the stamp is current
        with snapshot.writer(published) as con:
            if change == "pending":
                con.execute("DELETE FROM stage_progress WHERE stage = 'numeric_facts'")
            else:
                con.execute("INSERT INTO failed_files VALUES ('x.txt', 'run', 'boom', now(), NULL)")
        snapshot.publish(published)
    elif change == "unpublished":  # the work file changed since the last publish
        with snapshot.writer(published) as con:
            con.execute("DELETE FROM daily_summary")
    assert nothing_new.why_nothing_new(published, root) is None


def test_another_landing_directory_in_the_warehouse_does_not_count(ingested, tmp_path):
    """Two landing directories share the warehouse: each one's 'nothing new' reads its own rows."""
    root, published = ingested
    other = tmp_path / "other_landing"
    other.mkdir()
    (other / "b.txt").write_text("新华社上海电 上海今年新增就业岗位12万个。\n", encoding="utf-8")
    assert nothing_new.why_nothing_new(published, other) is None  # never ingested: a run is needed
    _run(other, published)
    assert nothing_new.why_nothing_new(published, other) is not None
    reason = nothing_new.why_nothing_new(published, root)
    assert reason is not None and "3 file(s) and 1 unread" in reason
