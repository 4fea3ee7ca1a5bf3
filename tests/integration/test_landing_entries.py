"""Issue 17, points 1-4, 6, 14: a landing directory holding what real ones hold, next to
good files, ingests in one run with no hang; every entry ends in a status."""
import os
import shutil
import signal

import dagster as dg
import duckdb
import pytest

from tests.conftest import SAMPLE_FILES, SEEDS

from .helpers import materialize_all

GBK_NAME = "新闻".encode("gbk") + b".txt"
GBK_SHOWN = "\\xd0\\xc2\\xce\\xc5.txt"


@pytest.fixture
def hostile_landing(tmp_path):
    root = tmp_path / "hostile"
    root.mkdir()
    for name in SAMPLE_FILES:
        shutil.copy2(SEEDS / name, root / name)
    with open(os.fsencode(root) + b"/" + GBK_NAME, "wb") as fh:  # a name unzipped from Windows
        fh.write((SEEDS / SAMPLE_FILES[0]).read_bytes() + b"\n")
    os.mkfifo(root / "fifo")
    os.symlink("/dev/zero", root / "zero")
    os.symlink("/etc/passwd", root / "passwd")
    os.symlink("loop", root / "loop")
    os.symlink("nowhere", root / "dangling")
    (root / "empty_a.txt").write_bytes(b"")
    (root / "empty_b.txt").write_bytes(b"")
    return root


@pytest.fixture
def no_hang():
    def hung(*_):
        raise TimeoutError("the run hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(300)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_every_entry_ends_in_a_status_in_one_run(hostile_landing, warehouse_path, no_hang):
    result = materialize_all(hostile_landing, warehouse_path)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    checks = {c.check_name: c for c in result.get_asset_check_evaluations()}
    assert all(c.passed for c in checks.values()), [n for n, c in checks.items() if not c.passed]
    con = duckdb.connect(str(warehouse_path), read_only=True)
    status = {p: (s, r, d) for p, s, r, d in con.execute(
        "SELECT path, status, quarantine_reason, duplicate_of FROM v_file_status").fetchall()}
    assert status["fifo"][:2] == ("quarantined", "not_a_regular_file")
    assert status["zero"][:2] == ("quarantined", "outside_landing_dir")
    assert status["passwd"][:2] == ("quarantined", "outside_landing_dir")
    assert status["loop"][:2] == ("quarantined", "symlink_loop")
    assert status["dangling"][:2] == ("quarantined", "broken_link")
    # Identical bad content at two paths: both quarantined, the second a duplicate of the first.
    assert status["empty_a.txt"] == ("quarantined", "empty", None)
    assert status["empty_b.txt"] == ("quarantined", "empty", "empty_a.txt")
    assert GBK_SHOWN in status and status[GBK_SHOWN][0] != "pending"
    for name in SAMPLE_FILES:  # the good files keep their facts
        assert status[name][0] == "processed"
        assert con.execute("SELECT facts FROM v_file_status WHERE path = ?", [name]).fetchone()[0] > 0
    assert not {s for s, *_ in status.values()} & {"pending"}
    # Nothing outside the directory was read.
    texts = "".join(t for (t,) in con.execute("SELECT text FROM document_text").fetchall())
    assert "root:" not in texts


def test_a_check_run_on_its_own_checks_the_warehouse(sample_landing_dir, warehouse_path):
    from assets.checks import ALL_CHECKS
    from assets.definitions import ALL_ASSETS
    from assets.resources import LandingDirResource, WarehouseResource
    from etl.store import snapshot

    assert materialize_all(sample_landing_dir, warehouse_path).success
    resources = {"landing_dir": LandingDirResource(path=str(sample_landing_dir)),
                 "warehouse": WarehouseResource(path=str(warehouse_path))}

    def alone(check: str):
        result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=resources, raise_on_error=False,
                                selection=dg.AssetSelection.checks(dg.AssetCheckKey(dg.AssetKey("numeric_facts"), check)))
        (evaluation,) = result.get_asset_check_evaluations()
        return evaluation

    clean = alone("every_fact_matches_its_text")
    assert clean.passed and clean.metadata["rows_checked"].value > 0  # was 0: it looked at this run's files only
    assert "all 2 file(s)" in clean.metadata["scope"].value
    contract = alone("numeric_facts_matches_contract")
    assert contract.passed and contract.metadata["rows_checked"].value > 0
    work = duckdb.connect(str(snapshot.work_path(warehouse_path)))
    work.execute("UPDATE numeric_facts SET surface = 'X' WHERE fact_id = (SELECT min(fact_id) FROM numeric_facts)")
    work.close()
    assert not alone("every_fact_matches_its_text").passed  # passed before: nothing was in scope


def test_rejected_facts_are_counted_and_a_flood_fails_the_check(sample_landing_dir, warehouse_path):
    from assets.checks import ALL_CHECKS
    from assets.definitions import ALL_ASSETS
    from assets.resources import LandingDirResource, WarehouseResource
    from etl.store import snapshot

    result = materialize_all(sample_landing_dir, warehouse_path)
    (clean,) = [e for e in result.get_asset_check_evaluations() if e.check_name == "few_facts_rejected"]
    assert clean.passed and clean.metadata["rejected_facts"].value == 0 and clean.metadata["stored_facts"].value > 0

    work = duckdb.connect(str(snapshot.work_path(warehouse_path)))
    work.execute("INSERT INTO rejected_facts SELECT fact_id, sentence_id, article_id, file_id, surface, kind, value, "
                 "value_high, unit, 'value_high below value', NULL, NULL FROM numeric_facts")  # as many as are stored
    work.close()
    resources = {"landing_dir": LandingDirResource(path=str(sample_landing_dir)),
                 "warehouse": WarehouseResource(path=str(warehouse_path))}
    alone = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=resources, raise_on_error=False,
                           selection=dg.AssetSelection.checks(dg.AssetCheckKey(dg.AssetKey("rejected_facts"), "few_facts_rejected")))
    (flood,) = alone.get_asset_check_evaluations()
    assert not flood.passed and flood.metadata["rejected_share"].value == 0.5
