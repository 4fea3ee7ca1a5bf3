"""In-process materializations of the whole graph over seeds/ into a temporary DuckDB."""
import re
from pathlib import Path

import duckdb
import pytest

from .helpers import materialize_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ingested(landing_dir, warehouse_path):
    result = materialize_all(landing_dir, warehouse_path)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def _read(path):
    return duckdb.connect(str(path), read_only=True)


def test_every_asset_and_check_runs(ingested):
    materialized = {e.asset_key.to_user_string() for e in ingested.get_asset_materialization_events()}
    assert {"raw_files", "documents", "document_text", "mojibake_repairs", "articles", "sentences", "numeric_facts", "quarantine"} <= materialized
    checks = ingested.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks), [(c.check_name, c.metadata) for c in checks if not c.passed]


def test_samples_become_facts(ingested, warehouse_path):
    con = _read(warehouse_path)
    assert con.execute("SELECT count(*) FROM v_facts").fetchone()[0] > 0
    # Every seed file is accounted for, and the bad ones are quarantined with a reason.
    status = dict(con.execute("SELECT path, status FROM v_file_status").fetchall())
    assert status["000_628889c2a6d9b173.txt"] == "processed"
    assert status["003_d09a9a5e3ae4f874.txt"] == "processed"
    assert "pending" not in status.values()
    reasons = dict(con.execute("SELECT path, reason FROM quarantine").fetchall())
    assert any(r == "empty" for r in reasons.values())
    assert any(r == "binary" for r in reasons.values())
    rate = con.execute("SELECT value, unit FROM v_facts WHERE surface LIKE '%96.8%%' LIMIT 1").fetchone()
    assert rate == (96.8, "%")


def _contents(path) -> dict:
    con = _read(path)
    tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    contents = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
    con.close()
    return contents


def test_rerun_leaves_every_table_identical(ingested, landing_dir, warehouse_path):
    before = _contents(warehouse_path)
    assert before["numeric_facts"] and before["raw_files"]
    again = materialize_all(landing_dir, warehouse_path)
    assert again.success
    assert _contents(warehouse_path) == before


def _published(result) -> dict:
    by_key = {e.asset_key.to_user_string(): e.materialization.metadata for e in result.get_asset_materialization_events()}
    return {k: v.value for k, v in by_key["published_warehouse"].items()}


def test_a_run_with_nothing_new_writes_nothing_and_copies_nothing(ingested, landing_dir, warehouse_path):
    from etl.store import snapshot

    assert _published(ingested)["copied"] is True
    work = snapshot.work_path(warehouse_path)
    stamps = (work.stat().st_mtime_ns, warehouse_path.stat().st_mtime_ns)
    again = materialize_all(landing_dir, warehouse_path)
    assert again.success and _published(again)["copied"] is False
    assert (work.stat().st_mtime_ns, warehouse_path.stat().st_mtime_ns) == stamps
    # A touched file with the same bytes moves its stored mtime: that is a change to publish.
    (landing_dir / "003_d09a9a5e3ae4f874.txt").touch()
    touched = materialize_all(landing_dir, warehouse_path)
    assert touched.success and _published(touched)["copied"] is True


def test_full_refresh_gives_identical_rows(ingested, landing_dir, warehouse_path):
    con = _read(warehouse_path)
    sentences_before = con.execute("SELECT * FROM sentences ORDER BY sentence_id").fetchall()
    con.close()
    again = materialize_all(landing_dir, warehouse_path, full_refresh=True)
    assert again.success
    con = _read(warehouse_path)
    assert con.execute("SELECT * FROM sentences ORDER BY sentence_id").fetchall() == sentences_before


def test_changed_and_deleted_files(ingested, landing_dir, warehouse_path):
    sample = landing_dir / "000_628889c2a6d9b173.txt"
    sample.write_text("## 新标题\n\n今年共抽查产品1200批次,合格率达到97.5%。\n", encoding="utf-8")
    (landing_dir / "003_d09a9a5e3ae4f874.txt").unlink()
    assert materialize_all(landing_dir, warehouse_path).success
    con = _read(warehouse_path)
    titles = [r[0] for r in con.execute(
        "SELECT a.title FROM articles a JOIN raw_files r USING (file_id) WHERE r.path = '000_628889c2a6d9b173.txt'"
    ).fetchall()]
    assert titles == ["新标题"]
    deleted = con.execute("SELECT deleted FROM raw_files WHERE path = '003_d09a9a5e3ae4f874.txt'").fetchone()[0]
    assert deleted is True
    # The deleted file's facts are kept and flagged, not silently dropped.
    kept = con.execute(
        "SELECT count(*) FROM numeric_facts f JOIN raw_files r USING (file_id) WHERE r.path = '003_d09a9a5e3ae4f874.txt'"
    ).fetchone()[0]
    assert kept > 0


def test_materializations_show_each_file(ingested):
    by_key = {e.asset_key.to_user_string(): e.materialization.metadata for e in ingested.get_asset_materialization_events()}
    changes = by_key["raw_files"]["changes"].value
    assert re.search(r"000_628889c2a6d9b173\.txt\s*\|\s*new", changes)
    files = by_key["documents"]["files"].value
    assert re.search(r"bad_empty\.txt\s*\|\s*quarantined\s*\|\s*0\s*\|\s*empty", files)


def _tamper_and_check(landing_dir, warehouse_path, check: str, tamper_sql: str):
    """Change the work file, mark the changed file as written by the next run, run one check."""
    import dagster as dg

    from assets.checks import ALL_CHECKS
    from assets.definitions import ALL_ASSETS
    from assets.resources import LandingDirResource, WarehouseResource
    from etl.store import snapshot

    con = duckdb.connect(str(snapshot.work_path(warehouse_path)))
    file_id = con.execute("SELECT file_id FROM numeric_facts WHERE fact_id = (SELECT min(fact_id) FROM numeric_facts)").fetchall()[0][0]
    con.execute(tamper_sql)
    # As if this file had been written by the run about to start.
    con.execute("UPDATE stage_progress SET done_at = now()::TIMESTAMP + INTERVAL 1 HOUR WHERE file_id = ?", [file_id])
    con.close()
    resources = {"landing_dir": LandingDirResource(path=str(landing_dir)), "warehouse": WarehouseResource(path=str(warehouse_path))}
    result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=resources, raise_on_error=False,
                            selection=dg.AssetSelection.checks(dg.AssetCheckKey(dg.AssetKey("numeric_facts"), check)))
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == 1
    return evaluations[0]


def test_a_blocking_check_fails_on_a_tampered_fact(ingested, landing_dir, warehouse_path):
    evaluation = _tamper_and_check(
        landing_dir, warehouse_path, "every_fact_matches_its_text",
        "UPDATE numeric_facts SET surface = 'X' WHERE fact_id = (SELECT min(fact_id) FROM numeric_facts)")
    assert not evaluation.passed and evaluation.metadata["failing_rows"].value == 1


def test_a_blocking_check_fails_on_a_duplicated_fact_id(ingested, landing_dir, warehouse_path):
    evaluation = _tamper_and_check(
        landing_dir, warehouse_path, "numeric_facts_ids_are_unique",
        "INSERT INTO numeric_facts SELECT * FROM numeric_facts WHERE fact_id = (SELECT min(fact_id) FROM numeric_facts)")
    assert not evaluation.passed and evaluation.metadata["failing_rows"].value == 1


def test_a_scoped_check_reads_file_by_file_and_still_finds_the_one_bad_fact(ingested, landing_dir, warehouse_path, monkeypatch):
    from assets import checks

    monkeypatch.setattr(checks, "SLICE_RAW_BYTES", 1)  # every file a slice of its own
    evaluation = _tamper_and_check(
        landing_dir, warehouse_path, "every_fact_matches_its_text",
        "UPDATE numeric_facts SET surface = 'X' WHERE fact_id = (SELECT min(fact_id) FROM numeric_facts);"
        "UPDATE stage_progress SET done_at = now()::TIMESTAMP + INTERVAL 1 HOUR")  # every file: this run's
    assert not evaluation.passed and evaluation.metadata["failing_rows"].value == 1


def test_a_contract_check_samples_the_rows_in_scope(ingested, landing_dir, warehouse_path, monkeypatch):
    from etl.store import audit

    monkeypatch.setattr(audit, "DEFAULT_MAX_VALIDATED_ROWS", 5)
    evaluation = _tamper_and_check(landing_dir, warehouse_path, "numeric_facts_matches_contract", "SELECT 1")
    written = evaluation.metadata["rows_in_scope"].value  # run on its own: the whole table
    assert evaluation.passed and written > 5
    assert evaluation.metadata["rows_checked"].value == 5


def test_numeric_facts_alone_rematerializes_stage_by_stage(ingested, landing_dir, warehouse_path):
    con = _read(warehouse_path)
    facts_before = con.execute("SELECT * FROM numeric_facts ORDER BY fact_id").fetchall()
    sentences_done = con.execute("SELECT max(done_at) FROM stage_progress WHERE stage = 'sentences'").fetchone()[0]
    con.close()
    again = materialize_all(landing_dir, warehouse_path, selection=["numeric_facts"], full_refresh=True)
    assert again.success
    assert {e.asset_key.to_user_string() for e in again.get_asset_materialization_events()} == {"numeric_facts"}
    con = _read(warehouse_path)
    assert con.execute("SELECT * FROM numeric_facts ORDER BY fact_id").fetchall() == facts_before
    # Only the selected stage ran: the sentences were not rewritten.
    assert con.execute("SELECT max(done_at) FROM stage_progress WHERE stage = 'sentences'").fetchone()[0] == sentences_done


def test_the_document_text_contract_check_reads_a_bounded_number_of_characters(ingested, landing_dir, warehouse_path, monkeypatch):
    from etl.store import audit

    monkeypatch.setitem(audit.MAX_VALIDATED_CHARS, "document_text", 1)
    import dagster as dg

    from assets.checks import ALL_CHECKS
    from assets.definitions import ALL_ASSETS
    from assets.resources import LandingDirResource, WarehouseResource
    from etl.store import snapshot

    work = duckdb.connect(str(snapshot.work_path(warehouse_path)))
    work.execute("UPDATE stage_progress SET done_at = now()::TIMESTAMP + INTERVAL 1 HOUR")  # every file: this run's
    work.close()
    resources = {"landing_dir": LandingDirResource(path=str(landing_dir)), "warehouse": WarehouseResource(path=str(warehouse_path))}
    result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], resources=resources, raise_on_error=False,
                            selection=dg.AssetSelection.checks(dg.AssetCheckKey(dg.AssetKey("document_text"), "document_text_matches_contract")))
    evaluation = result.get_asset_check_evaluations()[0]
    assert evaluation.passed
    assert evaluation.metadata["rows_in_scope"].value > 1
    # Over budget after the first document, but never none: one document, read whole.
    con = _read(warehouse_path)
    pieces_per_file = {n for (n,) in con.execute("SELECT count(*) FROM document_text GROUP BY file_id").fetchall()}
    assert evaluation.metadata["rows_checked"].value in pieces_per_file


def test_an_unreadable_file_is_quarantined_once_and_released_when_readable(ingested, landing_dir, warehouse_path, monkeypatch):
    from etl.flow import scan

    path = landing_dir / "late.txt"
    path.write_text("## 标题\n\n今年共抽查产品1200批次，合格率达到97.5%。\n", encoding="utf-8")
    real = scan.sha256_file

    def failing(root, p, *rest):  # root reads a chmod-000 file, so fail the way an I/O error would
        if p == "late.txt":
            raise scan.entries.NotReadable(p, "unreadable", "Permission denied")
        return real(root, p, *rest)

    monkeypatch.setattr(scan, "sha256_file", failing)
    assert materialize_all(landing_dir, warehouse_path).success
    first = _read(warehouse_path).execute("SELECT reason, quarantined_at FROM quarantine WHERE path = 'late.txt'").fetchall()
    assert [r for r, _ in first] == ["unreadable"]
    again = materialize_all(landing_dir, warehouse_path)  # still unreadable, nothing else new
    assert again.success and _published(again)["copied"] is False
    assert _read(warehouse_path).execute("SELECT reason, quarantined_at FROM quarantine WHERE path = 'late.txt'").fetchall() == first
    (landing_dir / "other.txt").write_text("## 另一篇\n\n共抽查产品47批次。\n", encoding="utf-8")
    assert materialize_all(landing_dir, warehouse_path).success  # the scan writes, the unreadable row stays as it was
    assert _read(warehouse_path).execute("SELECT reason, quarantined_at FROM quarantine WHERE path = 'late.txt'").fetchall() == first

    monkeypatch.setattr(scan, "sha256_file", real)
    assert materialize_all(landing_dir, warehouse_path).success
    con = _read(warehouse_path)
    assert con.execute("SELECT count(*) FROM quarantine WHERE path = 'late.txt'").fetchone()[0] == 0
    assert con.execute("SELECT status FROM v_file_status WHERE path = 'late.txt'").fetchone()[0] == "processed"


def test_damaged_crawls_keep_what_they_have_and_say_so(tmp_path, warehouse_path):
    # A Sogou dump and a JSON Lines crawl cut short, and a UTF-8 file with an article in GBK,
    # through the real graph: every file is processed, articles.cut_short names the
    # records whose file ended inside them and articles.salvaged the JSON records that did not parse.
    landing = tmp_path / "damaged"
    landing.mkdir()
    dump = (ROOT / "tests" / "fixtures" / "pages" / "sogou_dump.dat").read_bytes()
    (landing / "cut.dat").write_bytes(dump[:dump.index("昨日".encode("gbk")) + 20])
    record = '{"title": "港口吞吐量创新高", "content": "前两个月吞吐量达到520万标准箱，同比增长9.1%。"}'
    # ...its middle record hand-written with a quote left unescaped: salvaged, not dropped
    broken = record.replace("港口", "码头").replace("前两个月", '"前两个月"')
    (landing / "cut.jsonl").write_text("\n".join([record, broken, record.replace("港口", "机场")[:-20]]), encoding="utf-8")
    utf8 = "全市进出口总额稳步增长\n今年一季度全市进出口总额为1200亿元，同比增长5.2%。\n"
    (landing / "mixed.txt").write_bytes(utf8.encode() + "记者获悉，这项工程总投资约为五十亿元。\n".encode("gbk") + utf8.encode())
    result = materialize_all(landing, warehouse_path)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    con = _read(warehouse_path)
    assert dict(con.execute("SELECT path, status FROM v_file_status").fetchall()) == {
        "cut.dat": "processed", "cut.jsonl": "processed", "mixed.txt": "processed"}
    rows = con.execute("SELECT r.path, a.title, a.cut_short, a.salvaged FROM articles a JOIN raw_files r USING (file_id) "
                       "WHERE r.path <> 'mixed.txt' ORDER BY r.path, a.seq").fetchall()
    assert rows == [("cut.dat", "地铁3号线延长线年底通车", True, False),
                    ("cut.jsonl", "港口吞吐量创新高", False, False), ("cut.jsonl", "码头吞吐量创新高", False, True),
                    ("cut.jsonl", "机场吞吐量创新高", True, True)]
    assert con.execute("SELECT encoding FROM documents d JOIN raw_files r USING (file_id) WHERE r.path = 'mixed.txt'"
                       ).fetchone() == ("utf-8+gb18030",)
    assert con.execute("SELECT count(*) FROM v_facts WHERE source_path = 'mixed.txt' AND surface = '约为五十亿元'").fetchone() == (1,)
