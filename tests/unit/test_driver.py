"""The driver over a real DuckDB, one stage at a time: contract violations stop the write, nothing else; batching."""
import dataclasses

import pandas as pd
import pytest

from etl.flow import batching, chain, driver
from etl.flow.landing import root_key
from etl.flow.outcome import StageOutput
from etl.flow.records import ChainSettings
from etl.flow.stages import articles
from etl.store import schemas, warehouse

from .documents import document_frames

FILE_A = "a" * 64
ROOT = root_key(".")  # the runs below read the landing directory "."


def _seed_document(con, text="正文。"):
    raw = pd.DataFrame({"path": ["a.txt"], "file_id": [FILE_A], "size_bytes": [9], "mtime": pd.Timestamp("2026-01-01"),
                        "first_seen": pd.Timestamp("2026-01-01"), "deleted": [False], "landing_root": ROOT})
    warehouse.record_scan(con, schemas.validate("raw_files", raw), [], schemas.empty("quarantine"), [], chain.FILE_TABLES,
                          landing_root=ROOT)
    write_documents(con, FILE_A, "a.txt", text)


def write_documents(con, file_id, path, text):
    warehouse.replace_stages_rows(con, chain.CHAIN, [("documents", [file_id], document_frames(file_id, path, text), None)])


def _article_rows(items, seq):
    row = {"article_id": f"{FILE_A[:16]}-a0", "file_id": FILE_A, "seq": seq, "title": "标题", "source": None,
           "editor": None, "photographer": None, "published_date": None, "published_date_method": None,
           "text": "正文。", "doc_char_start": 0, "doc_char_end": 3, "raw_byte_start": 0, "raw_byte_end": 9,
           "url": None, "author": None, "published_time": None, "container": "text", "content_spans": "0-3",
           "region": None, "cut_short": False, "salvaged": False}
    return StageOutput([i.file_id for i in items], {"articles": pd.DataFrame([row])})


def good_articles(items, settings, hand_on=False):
    return _article_rows(items, seq=0)


def bad_articles(items, settings, hand_on=False):
    return _article_rows(items, seq=-5)


def articles_missing_a_column(items, settings, hand_on=False):
    output = _article_rows(items, seq=0)
    output.frames["articles"] = output.frames["articles"].drop(columns=["title"])
    return output


def run_articles(con, run, **options):
    """Run the articles stage alone, with its batch function replaced by ``run``."""
    stage = dataclasses.replace(chain.stage("articles"), run=run)
    return driver.run_chain(con, [stage], ChainSettings(landing_dir="."), log=lambda m: None, **options)["articles"]


@pytest.fixture
def con(warehouse_path):
    con = warehouse.connect(warehouse_path)
    _seed_document(con)
    yield con
    con.close()


def test_a_file_that_breaks_a_contract_is_quarantined_and_keeps_its_previous_rows(con):
    good = run_articles(con, good_articles)
    assert good.rows == {"articles": 1}
    before = con.execute("SELECT * FROM articles").fetchall()

    bad = run_articles(con, bad_articles, full_refresh=True)
    assert bad.quarantined == 1 and bad.rows == {}
    assert con.execute("SELECT * FROM articles").fetchall() == before
    reason, detail = con.execute("SELECT reason, detail FROM quarantine WHERE file_id = ?", [FILE_A]).fetchall()[0]
    assert reason == "contract_violation"
    assert "a.txt" in detail and "'articles'" in detail and "column='seq'" in detail and "greater_than_or_equal_to(0)" in detail


def test_a_violation_no_file_can_be_blamed_for_stops_the_write(con):
    run_articles(con, good_articles)
    before = con.execute("SELECT * FROM articles").fetchall()
    with pytest.raises(schemas.ContractViolation) as info:
        run_articles(con, articles_missing_a_column, full_refresh=True)
    assert "'articles'" in str(info.value) and "title" in str(info.value)
    assert con.execute("SELECT * FROM articles").fetchall() == before


def test_contract_violation_travels_back_from_a_worker_process():
    import pickle

    error = schemas.ContractViolation("articles", pd.DataFrame({"column": ["seq"], "check": ["ge"], "index": [0],
                                                                "failure_case": [-5]}), 1)
    again = pickle.loads(pickle.dumps(error))
    assert again.table == "articles" and str(again) == str(error)


def test_a_real_stage_runs_in_worker_processes(warehouse_path):
    con = warehouse.connect(warehouse_path)
    texts = {"b" * 64: "## 标题一\n\n共抽查产品47批次。\n", "c" * 64: "## 标题二\n\n合格率96.8%。\n"}
    for file_id, text in texts.items():
        write_documents(con, file_id, f"{file_id[:4]}.txt", text)
    report = run_articles(con, articles.run, workers=2, batch_files=1)
    titles = sorted(r[0] for r in con.execute("SELECT title FROM articles").fetchall())
    assert report.files == 2 and titles == ["标题一", "标题二"]


def _held_until_released(batch):
    """A worker's batch: the one named 'held' waits until the test releases it (30 s at most)."""
    import time
    from pathlib import Path

    name, release = batch
    deadline = time.monotonic() + 30
    while name == "held" and not Path(release).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return name


def test_batches_are_handed_to_the_writer_as_they_finish(tmp_path):
    release = tmp_path / "release"
    batches = [(name, str(release)) for name in ("held", "a", "b", "c", "d")]
    pool = batching.worker_pool(2)
    try:
        outputs = batching.map_batches(None, lambda con, batch: batch, _held_until_released, batches, pool, depth=3)
        first = next(outputs)
        release.touch()
        rest = list(outputs)
    finally:
        pool.shutdown()
    # The held batch cannot finish before the first output is taken: in planned order it
    # would have been first, and the other worker would have sat idle behind it.
    assert first != "held"
    assert sorted([first, *rest]) == ["a", "b", "c", "d", "held"]


def _timed(batch):
    """A worker's batch that records when it ran: (name, start, end)."""
    import time

    name, seconds = batch
    start = time.time()
    time.sleep(seconds)
    return name, start, time.time()


def test_at_most_one_heavy_batch_is_in_flight():
    batches = [("H1", 0.3), ("H2", 0.3), ("H3", 0.3), *((f"l{i}", 0.05) for i in range(6))]
    pool = batching.worker_pool(2)
    try:
        ran = list(batching.map_batches(None, lambda con, batch: batch, _timed, batches, pool, depth=4,
                                      heavy=lambda batch: batch[0].startswith("H")))
    finally:
        pool.shutdown()
    assert sorted(name for name, _, _ in ran) == sorted(name for name, _ in batches)
    heavy = sorted((start, end) for name, start, end in ran if name.startswith("H"))
    assert all(later_start >= end for (_, end), (later_start, _) in zip(heavy, heavy[1:]))  # never two at once
    light_starts = [start for name, start, _ in ran if name.startswith("l")]
    assert min(light_starts) < heavy[1][0]  # light batches went ahead of the held heavy ones


def test_plan_batches_measures_each_batch(warehouse_path):
    con = warehouse.connect(warehouse_path)
    sizes = {"d" * 64: 5 << 20, "e" * 64: 1 << 20, "f" * 64: 1 << 20}
    raw = pd.DataFrame({"path": [f"{f[0]}.txt" for f in sizes], "file_id": list(sizes), "size_bytes": list(sizes.values()),
                        "mtime": pd.Timestamp("2026-01-01"), "first_seen": pd.Timestamp("2026-01-01"), "deleted": False,
                        "landing_root": ROOT})
    warehouse.record_scan(con, schemas.validate("raw_files", raw), [], schemas.empty("quarantine"), [], chain.FILE_TABLES,
                          landing_root=ROOT)
    batches = list(batching.plan_batches(con, True, list(sizes), max_files=256, max_bytes=2 << 20))
    assert [(list(b), b.size_bytes, batching.is_heavy(b)) for b in batches] == [
        (["d" * 64], 5 << 20, True), (["e" * 64, "f" * 64], 2 << 20, False)]
