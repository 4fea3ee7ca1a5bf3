"""Landing state per landing directory: one warehouse, several directories, none sees the others' files as gone."""
import duckdb

from etl.flow import landing
from etl.store import warehouse


def _dir(root, names):
    root.mkdir()
    for name in names:
        (root / name).write_text(f"{root.name} {name} 共抽查产品47批次。", encoding="utf-8")
    return root


def test_two_directories_keep_their_own_rows_and_pending_files(tmp_path, warehouse_path):
    a, b = _dir(tmp_path / "a", ["1.txt", "2.txt"]), _dir(tmp_path / "b", ["3.txt"])
    con = warehouse.connect(warehouse_path)
    landing.record_landing_scan(con, a)
    result = landing.record_landing_scan(con, b)
    assert result.new == ["3.txt"] and result.deleted == []  # a's files are not b's to mark deleted
    rows = con.execute("SELECT landing_root, path, deleted FROM raw_files ORDER BY path").fetchall()
    assert rows == [(str(a), "1.txt", False), (str(a), "2.txt", False), (str(b), "3.txt", False)]
    ids = dict(con.execute("SELECT path, file_id FROM raw_files").fetchall())
    assert warehouse.pending_file_ids(con, "documents", None, landing_root=str(b)) == [ids["3.txt"]]
    assert warehouse.pending_file_ids(con, "documents", None, landing_root=str(a)) == sorted([ids["1.txt"], ids["2.txt"]])

    (a / "2.txt").unlink()
    again = landing.record_landing_scan(con, a)
    assert again.deleted == ["2.txt"]
    assert con.execute("SELECT path FROM raw_files WHERE deleted").fetchall() == [("2.txt",)]
    assert con.execute("SELECT count(*) FROM raw_files WHERE landing_root = ? AND NOT deleted", [str(b)]).fetchone()[0] == 1


def test_an_older_warehouse_gains_the_columns_and_its_directory_adopts_its_rows(tmp_path, warehouse_path):
    a = _dir(tmp_path / "a", ["1.txt"])
    con = warehouse.connect(warehouse_path)
    landing.record_landing_scan(con, a)
    file_id = con.execute("SELECT file_id FROM raw_files").fetchone()[0]
    con.close()
    # The warehouse as an earlier zhfacts left it: no landing_root anywhere.
    old = duckdb.connect(str(warehouse_path))
    old.execute("DROP VIEW v_file_status")
    old.execute("CREATE OR REPLACE TABLE raw_files AS SELECT * EXCLUDE (landing_root) FROM raw_files")
    for table in ("quarantine", "failed_files"):
        old.execute(f"ALTER TABLE {table} DROP COLUMN landing_root")
    old.execute("DELETE FROM zhfacts_meta")  # an older schema fingerprint
    old.close()

    con = warehouse.connect(warehouse_path)
    for table in ("raw_files", "quarantine", "failed_files"):
        assert con.execute("SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = 'landing_root'",
                           [table]).fetchone()[0] == 1, table
    assert con.execute("SELECT landing_root FROM raw_files").fetchall() == [(None,)]
    assert warehouse.pending_file_ids(con, "documents", None, landing_root=str(a)) == [file_id]
    (a / "2.txt").write_text("新文件：增长5%。", encoding="utf-8")
    result = landing.record_landing_scan(con, a)
    assert result.new == ["2.txt"] and result.deleted == []
    assert con.execute("SELECT DISTINCT landing_root FROM raw_files").fetchall() == [(str(a),)]
